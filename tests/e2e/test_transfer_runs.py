"""`remake transfer` end to end on a small real release, offline on CPU, with a student that is not the
teacher: the embedded Gemma 3 270M (the teacher is SmolLM2-135M). One run for the module (tiny: 4
training rows, 1 epoch, 2 test items, 8 new tokens), then its outputs, its resume and its errors."""

from __future__ import annotations

import json
import re
from pathlib import Path

import datasets
import pytest
from huggingface_hub import DatasetCard
from sample_run import write_run

from remake.cli import main
from remake.files import read_json
from remake.release.build import read_manifest, release_run
from remake.transfer.report import COMPARISONS
from remake.transfer.run import open_release, questions_hash, train_samples

STUDENT = "gemma3-270m"
ARGS = ["--student-model", STUDENT, "--epochs", "1", "--batch-size", "4", "--limit-train", "4",
        "--max-length", "64", "--max-new-tokens", "8", "--limit-test", "2", "--lr", "1e-3", "--resamples", "200",
        "--dtype", "bfloat16"]


@pytest.fixture(scope="module")
def release(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("transfer")
    return release_run(write_run(root / "run").root, root / "out")


@pytest.fixture(scope="module")
def transfer(release) -> Path:
    assert main(["transfer", str(release), *ARGS]) == 0
    return release.parent / f"transfer-v1.0.0-{STUDENT}"


def test_student_is_not_the_teacher(release, transfer):
    report = read_json(transfer / "report.json")
    assert read_manifest(release)["teacher"]["alias"] == "smollm2-135m"
    assert report["student"] == {"name": STUDENT, "model_id": "google/gemma-3-270m"}
    assert report["release"]["teacher"] != report["student"]["model_id"]


def test_arms_trained_on_different_data(release, transfer):
    baseline = read_json(transfer / "arms/baseline/training.json")
    remade = read_json(transfer / "arms/remade/training.json")
    assert baseline["question_sha256"] != remade["question_sha256"]
    # each hash is that of the questions the arm should have seen: the release's remade and original ones
    train = datasets.load_dataset(str(release))["train"].select(range(4))
    assert remade["rows_remade"] == sum(train["remade"]) == 2  # rows 0 and 2 of the first four
    assert baseline["rows_remade"] == 0 and baseline["rows"] == remade["rows"] == 4
    loaded = open_release(str(release))
    assert questions_hash(train_samples(loaded, "remade", 4)) == remade["question_sha256"]
    assert questions_hash(train_samples(loaded, "baseline", 4)) == baseline["question_sha256"]
    assert [s.fields["question"] for s in train_samples(loaded, "baseline", 4)] == train["original_question"]
    assert baseline["epochs"][0]["steps"] == remade["epochs"][0]["steps"] == 1
    assert baseline["epochs"][0]["mean_loss"] != remade["epochs"][0]["mean_loss"]
    for arm in ("baseline", "remade"):
        assert (transfer / f"arms/{arm}/adapter/adapter_config.json").is_file()
        assert (transfer / f"arms/{arm}/adapter/adapter_model.safetensors").is_file()
    assert not (transfer / "arms/pretrained/adapter").exists()


def test_report_chart_and_card_agree(release, transfer):
    report = read_json(transfer / "report.json")
    assert set(report["arms"]) == {"pretrained", "baseline", "remade"}
    assert report["n_test"] == 2 and report["bootstrap"]["resamples"] == 200
    assert report["settings"]["dtype"] == "bfloat16"
    for name, arm in report["arms"].items():
        rows = [json.loads(line) for line in (transfer / f"arms/{name}/eval/predictions.jsonl").read_text().splitlines()]
        assert len(rows) == arm["n"] == 2
        assert arm["correct"] == sum(row["correct_math"] for row in rows)
        assert arm["accuracy"] == pytest.approx(100 * arm["correct"] / 2)
        assert arm["ci_low"] <= arm["accuracy"] <= arm["ci_high"]
    assert set(report["differences"]) == {"remade-baseline", "remade-pretrained", "baseline-pretrained"}
    assert (transfer / "chart.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    card = DatasetCard.load(release / "README.md").text
    section = card.split("## Transfer results", 1)[1].split("\n## ", 1)[0]
    assert card.index("## Transfer results") < card.index("## Citations")
    table = [line for line in section.splitlines() if line.startswith("| ") and "accuracy" not in line]
    arm_rows = {cells[0]: cells for cells in (_cells(line) for line in table[:3])}
    for arm in report["arms"].values():
        cells = arm_rows[arm["label"]]
        assert cells[2] == f"{arm['accuracy']:.2f}"
        assert cells[3] == f"[{arm['ci_low']:.2f}, {arm['ci_high']:.2f}]"
        assert cells[4] == f"{arm['correct']} / {arm['n']}"
    deltas = [_cells(line)[1] for line in table[3:]]
    assert deltas == [f"{report['differences'][f'{a}-{b}']['delta']:+.2f}" for a, b in COMPARISONS]
    assert section.strip() in (transfer / "report.md").read_text()
    page = (transfer / "report.html").read_text(encoding="utf-8")  # the HTML report: every arm with its CI
    for arm in report["arms"].values():
        assert f"<td>{arm['label']}</td>" in page and f"[{arm['ci_low']:.2f}, {arm['ci_high']:.2f}]" in page


def _cells(line: str) -> list[str]:
    return [cell.strip() for cell in line.strip().strip("|").split("|")]


def test_finished_transfer_is_not_rerun(release, transfer, capsys):
    adapters = {arm: (transfer / f"arms/{arm}/adapter/adapter_model.safetensors").stat().st_mtime_ns
                for arm in ("baseline", "remade")}
    before = read_json(transfer / "report.json")
    assert main(["transfer", str(release), *ARGS]) == 0
    printed = capsys.readouterr().out
    assert printed.count("finished earlier, kept") == 3
    assert adapters == {arm: (transfer / f"arms/{arm}/adapter/adapter_model.safetensors").stat().st_mtime_ns
                        for arm in ("baseline", "remade")}
    assert read_json(transfer / "report.json") == before
    assert DatasetCard.load(release / "README.md").text.count("## Transfer results") == 1


def test_saved_adapter_is_evaluated_not_retrained(release, transfer, capsys):
    """An arm cut off between saving its adapter and writing its eval resumes at the eval."""
    adapter = transfer / "arms/remade/adapter/adapter_model.safetensors"
    saved, training = adapter.stat().st_mtime_ns, read_json(transfer / "arms/remade/training.json")
    before = (transfer / "arms/remade/eval/predictions.jsonl").read_text()
    for name in ("summary.json", "predictions.jsonl"):
        (transfer / "arms/remade/eval" / name).unlink()
    assert main(["transfer", str(release), *ARGS]) == 0
    printed = capsys.readouterr().out
    assert "arm remade: adapter saved earlier, evaluating it" in printed and printed.count("finished earlier") == 2
    assert adapter.stat().st_mtime_ns == saved and read_json(transfer / "arms/remade/training.json") == training
    assert (transfer / "arms/remade/eval/predictions.jsonl").read_text() == before  # greedy: same answers


def test_other_settings_in_the_same_folder_fail(release, transfer, capsys):
    changed = [*ARGS[:-6], "--lr", "5e-4", "--resamples", "200"]
    assert main(["transfer", str(release), *changed]) == 2
    error = capsys.readouterr().err.strip()
    assert error.startswith("remake: error:") and "lr" in error and "--out" in error and "\n" not in error


@pytest.mark.parametrize("target, extra, message", [
    ("missing", [], r"does not exist"),
    ("plain", [], r"not a remake release"),
    ("release", ["--epochs", "0"], r"--epochs 0: give a positive number"),
    ("no-test", [], r"data/test-00000-of-00001.parquet is missing: release the run again"),
])
def test_one_line_errors(release, tmp_path, capsys, target, extra, message):
    paths = {"missing": tmp_path / "nope", "plain": tmp_path, "release": release,
             "no-test": _without_test(release, tmp_path / "no-test")}
    assert main(["transfer", str(paths[target]), "--student-model", STUDENT, *extra]) == 2
    error = capsys.readouterr().err.strip()
    assert re.search(message, error) and "\n" not in error and "Traceback" not in error


def _without_test(release: Path, folder: Path) -> Path:
    """A copy of the release edited by hand to drop its test split (card and file): its manifest's checksums
    refuse it before any split is read."""
    import shutil

    shutil.copytree(release, folder)
    card = (folder / "README.md").read_text(encoding="utf-8")
    card = re.sub(r"  - split: test\n    path: [^\n]+\n", "", card)
    (folder / "README.md").write_text(card, encoding="utf-8")
    (folder / "data/test-00000-of-00001.parquet").unlink()
    return folder
