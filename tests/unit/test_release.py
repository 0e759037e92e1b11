"""Releases from a small real gsm-symbolic run: splits, versions, byte-identical re-release, manifest without
secrets, and card sections added later."""

from __future__ import annotations

import os
from dataclasses import replace
from pathlib import Path

import datasets
import pytest
from huggingface_hub import DatasetCard
from sample_run import FAKE_KEY, write_run

from remake.cli import main
from remake.files import iter_jsonl, sha256_file, write_jsonl
from remake.release.build import read_manifest, release_run
from remake.release.card import add_card_section, word_diff
from remake.release.config import ReleaseConfig
from remake.secrets import scrub, scrub_text


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    return write_run(tmp_path_factory.mktemp("run"))


@pytest.fixture(scope="module")
def release(run, tmp_path_factory) -> Path:
    return release_run(run.root, tmp_path_factory.mktemp("out"))


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_load_dataset_gives_four_splits_with_rewrites_in_place(run, release):
    assert release.name == "v1.0.0" and release.parent.name == "gsm-symbolic-remade"
    loaded = datasets.load_dataset(str(release))
    assert set(loaded) == {"train", "rewrites", "rejects", "test"}
    train, source = loaded["train"], run.samples("train")
    assert train.num_rows == len(source) == 8
    attempts = list(iter_jsonl(run.rewrites))
    assert train["remade"] == [i in (0, 2, 4) for i in range(8)]
    assert train["question"][0] == attempts[0]["rewrite"]
    assert train["question"][2] == attempts[4]["rewrite"]  # the latest accepted rewrite (epoch 4) wins
    assert train["original_question"] == [s.fields["question"] for s in source]
    assert train["answer"] == [s.fields["answer"] for s in source]
    assert train["question"][1] == source[1].fields["question"]
    rewrites = loaded["rewrites"]
    assert rewrites["sample_id"] == ["train-0", "train-2", "train-4"]
    assert rewrites["epoch"] == [2, 4, 4]
    assert rewrites["rewritten_from"][1] == attempts[2]["rewrite"]
    assert {c["filter"]: c["passed"] for c in rewrites["checks"][0]} == {
        "invariance": True, "leak": True, "similarity": True}
    assert {c["filter"]: c["passed"] for c in rewrites["checks"][2]}["invariance"] is None  # inconclusive
    rejects = loaded["rejects"]
    assert rejects["status"] == ["rejected", "failed"]
    assert rejects["reasons"][0] == ["leak: the rewrite states the final answer"]
    assert rejects["rewrite"][1] is None
    test = loaded["test"]
    assert test["question"] == [s.fields["question"] for s in run.samples("test")]
    assert not any(test["remade"])


@pytest.mark.parametrize("statuses,empty", [
    (("accepted", "rejected", "failed"), set()),
    (("rejected", "failed"), {"rewrites"}),
    (("accepted",), {"rejects"}),
    ((), {"rewrites", "rejects"}),
])
def test_release_with_empty_splits_loads(tmp_path, statuses, empty):
    # an empty split made the whole release unloadable: ArrowInvalid "BatchSize must be greater than 0"
    run = write_run(tmp_path / "run", statuses=statuses)
    release = release_run(run.root, tmp_path / "out")
    loaded = datasets.load_dataset(str(release))
    assert set(loaded) == {"train", "rewrites", "rejects", "test"} - empty
    counts = read_manifest(release)["counts"]
    assert all(loaded[split].num_rows == counts[f"{split}_rows"] > 0 for split in loaded)
    assert all((release / "data" / f"{split}-00000-of-00001.parquet").is_file() for split in empty)
    card = DatasetCard.load(release / "README.md")
    assert [f["split"] for f in card.data.to_dict()["configs"][0]["data_files"]] == \
        [s for s in ("train", "rewrites", "rejects", "test") if s not in empty]


def test_rerelease_is_byte_identical_and_reuses_the_version(run, release, tmp_path):
    before = snapshot(release.parent)
    assert release_run(run.root, release.parent.parent) == release
    assert snapshot(release.parent) == before  # nothing rewritten, no new version
    elsewhere = release_run(run.root, tmp_path)
    assert snapshot(elsewhere) == snapshot(release)


def test_new_harvest_bumps_minor_and_new_columns_bump_major(release, tmp_path):
    out, kept = release.parent.parent, snapshot(release)
    other = write_run(tmp_path / "other", variant=" Show each step.")
    second = release_run(other.root, out)
    assert second.name == "v1.1.0"
    assert read_manifest(second)["content_hash"] != read_manifest(release)["content_hash"]
    rows = list(iter_jsonl(other.train_data))
    write_jsonl(other.train_data, [{**row, "fields": {**row["fields"], "level": 3}} for row in rows])
    third = release_run(other.root, out)
    assert third.name == "v2.0.0"
    assert datasets.load_dataset(str(third), split="train")["level"] == [3] * len(rows)
    assert snapshot(release) == kept  # earlier versions are never touched


def test_manifest_hashes_counts_and_no_secrets(release):
    umask = os.umask(0)
    os.umask(umask)
    assert release.stat().st_mode & 0o777 == 0o777 & ~umask  # as mkdir makes it (mkdtemp's 0700 was kept)
    manifest = read_manifest(release)
    for path, entry in manifest["files"].items():
        assert sha256_file(release / path) == entry["sha256"]
    assert manifest["counts"] == {"train_rows": 8, "rewrites_rows": 3, "rejects_rows": 2, "test_rows": 4,
                                  "remade": 3, "source_rows": 8, "accepted_fixed": 4, "attempts": 6, "accepted": 4,
                                  "rejected": 1, "failed": 1}
    assert manifest["mix"] == "replace"
    assert manifest["editor_usage"] == {"calls": 11, "cached_calls": 2, "tokens_in": 5123, "tokens_out": 812,
                                        "cost": 0.0123}
    assert manifest["teacher"]["model_id"] == "HuggingFaceTB/SmolLM2-135M-Instruct"
    assert manifest["seed"] == 7 and manifest["recipe"] == "gsm-symbolic"
    assert manifest["config"]["harvest"]["max_new_tokens"] == 48
    assert manifest["config"]["harvest"]["editor"]["base_url"] == "http://<redacted>@127.0.0.1:8080/v1"
    assert manifest["command"].endswith("--editor-base-url http://<redacted>@127.0.0.1:8080/v1")
    for name, data in snapshot(release).items():
        assert FAKE_KEY.encode() not in data, name


def test_scrub_keeps_counts_and_redacts_credentials():
    scrubbed = scrub({"api_key": "x", "hfToken": "y", "OPENAI_API_KEY": "z", "max_new_tokens": 5, "tokens_in": 3,
                      "password": None, "notes": ["call with hf_abcdefghijklmnop", "Bearer abc.def"],
                      "base_url": "https://user:pw@example.org/v1"})
    assert scrubbed == {"api_key": "<redacted>", "hfToken": "<redacted>", "OPENAI_API_KEY": "<redacted>",
                        "max_new_tokens": 5, "tokens_in": 3, "password": None,
                        "notes": ["call with <redacted>", "Bearer <redacted>"],
                        "base_url": "https://<redacted>@example.org/v1"}
    assert scrub_text("remake x --private --api-key abc --max-new-tokens 8 --hf-token=q") == \
        "remake x --private --api-key <redacted> --max-new-tokens 8 --hf-token=<redacted>"


def test_word_diff_marks_removed_and_added_words():
    assert word_diff("how many apples are left", "how many red apples remain") == \
        "how many {+red+} apples [-are left-] {+remain+}"


def test_add_card_section_inserts_then_replaces(release, tmp_path):
    copy = tmp_path / "copy"
    copy.mkdir()
    (copy / "README.md").write_bytes((release / "README.md").read_bytes())
    metadata = DatasetCard.load(copy / "README.md").data.to_dict()
    add_card_section(copy, "Transfer results", "| model | accuracy |\n|---|---:|\n| student | 41.0 |")
    add_card_section(copy, "Transfer results", "student: 43.5%")
    card = DatasetCard.load(copy / "README.md")
    assert card.data.to_dict() == metadata
    assert card.text.count("## Transfer results") == 1
    assert "student: 43.5%" in card.text and "41.0" not in card.text
    assert card.text.index("## Transfer results") < card.text.index("## Citations")
    assert card.text.index("## Limitations") < card.text.index("## Transfer results")


def test_cli_release_prints_the_release_and_one_line_errors(run, tmp_path, capsys):
    assert main(["release", str(run.root), "--out", str(tmp_path), "--name", "gsm-demo"]) == 0
    out = capsys.readouterr().out
    assert "gsm-demo v1.0.0" in out and "3 of 8 training rows remade" in out
    assert (tmp_path / "gsm-demo" / "v1.0.0" / "remake.json").is_file()
    assert main(["release", str(tmp_path / "missing")]) == 2
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0 and "not a remake run directory" in err


def test_augment_mix_keeps_the_originals_and_adds_the_rewrites(run, release, tmp_path):
    augmented = release_run(run.root, tmp_path / "out", ReleaseConfig(name="gsm-augmented", mix="augment"))
    loaded = datasets.load_dataset(str(augmented))
    train, source = loaded["train"], run.samples("train")
    assert train.num_rows == len(source) + 3
    assert train["question"][:8] == [s.fields["question"] for s in source] and not any(train["remade"][:8])
    replaced = datasets.load_dataset(str(release))["train"]
    assert train["question"][8:] == [q for q, remade in zip(replaced["question"], replaced["remade"]) if remade]
    assert train["row_index"][8:] == [0, 2, 4] and all(train["remade"][8:])
    manifest = read_manifest(augmented)
    assert manifest["mix"] == "augment" and manifest["counts"]["source_rows"] == 8
    assert manifest["content_hash"] != read_manifest(release)["content_hash"]
    text = (augmented / "README.md").read_text()
    assert "augmented: the 8 training rows as they were" in text and "mix `augment`" in text


def test_two_releases_of_one_version_name_load_their_own_data(tmp_path):
    # both folders are called v1.0.0: `datasets` used to serve the second from the first one's cache
    first = release_run(write_run(tmp_path / "a", train=8).root, tmp_path / "out-a")
    second = release_run(write_run(tmp_path / "b", train=6).root, tmp_path / "out-b")
    assert first.name == second.name == "v1.0.0"
    assert datasets.load_dataset(str(first))["train"].num_rows == 8
    assert datasets.load_dataset(str(second))["train"].num_rows == 6


def test_keep_fixed_releases_only_rewrites_that_fixed_the_teacher(tmp_path):
    run = write_run(tmp_path / "run")
    rows = run.rewrite_rows()
    still_wrong = next(row for row in rows if row.sample_id == "train-4")  # accepted, but the teacher stayed wrong
    run.write_rewrite_rows([replace(row, teacher_correct_after=False, editor_status="still_wrong")
                            if row is still_wrong else row for row in rows])
    everything = release_run(run.root, tmp_path / "out")
    fixed = release_run(run.root, tmp_path / "out", ReleaseConfig(name="gsm-fixed", keep="fixed"))
    assert datasets.load_dataset(str(everything))["rewrites"]["sample_id"] == ["train-0", "train-2", "train-4"]
    assert datasets.load_dataset(str(fixed))["rewrites"]["sample_id"] == ["train-0", "train-2"]
    manifest = read_manifest(fixed)
    assert manifest["keep"] == "fixed" and manifest["counts"]["accepted_fixed"] == 3  # of 4 accepted attempts
    assert "teacher answered correctly: 3 of 4; only those are in `train`" in (fixed / "README.md").read_text()
    assert "3 of 4; `train` holds all accepted rewrites" in (everything / "README.md").read_text()
