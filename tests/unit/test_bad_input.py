"""Bad input and damaged files, as a new user meets them: every case exits 2 with one line on stderr that
names the problem and the fix, no traceback, and nothing left behind. Torn last lines (what a kill during
an append leaves) are recovered, not fatal."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from refusals import refused
from sample_run import write_run

from remake.errors import RemakeError
from remake.files import read_jsonl
from remake.release.build import release_run


@pytest.fixture
def data_files(tmp_path: Path) -> dict[str, Path]:
    files = {"empty": tmp_path / "empty.jsonl", "binary": tmp_path / "binary.jsonl", "bad": tmp_path / "bad.jsonl"}
    files["empty"].write_bytes(b"")
    files["binary"].write_bytes(bytes(range(256)) * 4)
    good = json.dumps({"question": "What is 2 + 2?", "answer": "2 + 2 = 4\n#### 4"})
    files["bad"].write_text(f"{good}\n{{\"question\": \"broken\n{good}\n", encoding="utf-8")
    return files


@pytest.mark.parametrize("argv,message", [
    (["gsm-symbolic", "--lora-r", "0"], "--lora-r must be >= 1"),
    (["gsm-symbolic", "--max-length", "-5"], "--max-length must be > 8"),
    (["gsm-symbolic", "--max-length", "0"], "--max-length must be > 8"),
    (["gsm-symbolic", "--max-new-tokens", "0"], "--max-new-tokens must be >= 1"),
    (["gsm-symbolic", "--lora-dropout", "1.5"], r"--lora-dropout must be in \[0, 1\)"),
    (["gsm-symbolic", "--saturation-tol", "-1"], "--saturation-tol must be >= 0"),
    (["gsm-symbolic", "--lr", "inf"], "--lr must be a finite number > 0"),
    (["gsm-symbolic", "--seed", "-1"], r"--seed must be in \[0, 2\*\*32\)"),
    (["gsm-symbolic", "--device", "tpu"], "--device 'tpu': use cpu, cuda, cuda:N or mps"),
    (["gsm-symbolic", "--editor-base-url", "http://[::1"], r"is not a URL \(Invalid IPv6 URL\)"),
    (["gsm-symbolic", "--editor-base-url", "localhost:8000/v1"], "is not an http\\(s\\) URL with a host"),
    (["gsm-symbolic", "--generate-base-url", "http://h:99999/v1"], "--generate-base-url .* is not a URL"),
    (["gsm-symbolic", "--criterion", "reward", "--reward-model", "nope"], "--reward-model nope is not a folder"),
    (["gsm-symbolic", "--lr", "nan"], "--lr must be a finite number > 0"),
    (["nope.yaml"], "recipe file nope.yaml does not exist"),
    (["nope"], "unknown recipe 'nope'"),
    (["eval", "--recipe", "gsm-symbolic", "--model", "smollm2-135m", "--batch-size", "0"], "--batch-size 0"),
    (["eval", "--recipe", "gsm-symbolic", "--model", "smollm2-135m", "--limit", "0"], "--limit 0"),
    (["eval", "--recipe", "gsm-symbolic", "--model", "smollm2-135m", "--limit", "-1"], "--limit -1"),
    (["serve", "smollm2-135m", "--port", "99999"], "--port 99999: give a port in 0..65535"),
])
def test_numbers_and_names_are_checked_at_the_edge(tmp_path, capsys, argv, message):
    assert re.search(message, refused(argv, capsys, tmp_path))


@pytest.mark.slow
@pytest.mark.parametrize("kind,message", [
    ("empty", "is empty: give a file with one row per sample"),
    ("binary", "is not UTF-8 text"),
    ("bad", "bad.jsonl line 2 is not valid JSON"),
])
def test_bad_data_files_leave_no_run_folder(tmp_path, capsys, data_files, kind, message):
    work = tmp_path / "work"
    work.mkdir()
    err = refused(["gsm8k", "--data", str(data_files[kind]), "--criterion", "none", "--run-dir", "runs/x"],
                  capsys, work)
    assert message in err


@pytest.fixture
def run(tmp_path: Path):
    return write_run(tmp_path / "run")


def test_damaged_run_files_are_one_line_errors(run, tmp_path, capsys):
    (run.root / "config.json").write_text('{"recipe": ', encoding="utf-8")
    assert "config.json is not valid JSON (line 1" in refused(["release", str(run.root)], capsys, tmp_path)
    assert "config.json is not valid JSON" in refused(["--resume", str(run.root)], capsys, tmp_path)
    assert "config.json is not valid JSON" in refused(["filter", str(run.root)], capsys, tmp_path)


def test_release_refuses_what_it_cannot_release(run, tmp_path, capsys):
    afile = tmp_path / "a-file"
    afile.write_text("x")
    assert "--out" in refused(["release", str(run.root), "--out", str(afile)], capsys, tmp_path)
    started = tmp_path / "started"
    started.mkdir()
    (started / "config.json").write_text((run.root / "config.json").read_text())
    assert "holds no data/train.jsonl" in refused(["release", str(started)], capsys, tmp_path)
    (run.root / "metrics.jsonl").unlink()  # a run that never finished an epoch
    assert "has not finished an epoch" in refused(["release", str(run.root), "--out", "fresh"], capsys, tmp_path)


def test_torn_last_line_is_dropped_and_torn_middle_line_named(run, tmp_path, capsys):
    rows = (run.root / "rewrites.jsonl").read_text().splitlines(keepends=True)
    (run.root / "rewrites.jsonl").write_text("".join(rows) + rows[0][:40])  # a kill during an append
    release = release_run(run.root, tmp_path / "out")
    assert "dropped its last line" in capsys.readouterr().err
    intact = write_run(tmp_path / "intact")
    assert (release / "data" / "train-00000-of-00001.parquet").read_bytes() == \
        (release_run(intact.root, tmp_path / "out2") / "data" / "train-00000-of-00001.parquet").read_bytes()
    (run.root / "rewrites.jsonl").write_text(rows[0][:40] + "\n" + "".join(rows[1:]))
    assert "rewrites.jsonl line 1 is not valid JSON" in refused(["release", str(run.root)], capsys, tmp_path)


def test_filter_check_names_the_bad_row(tmp_path, capsys):
    pairs = tmp_path / "pairs.jsonl"
    pairs.write_text('{"question": "q", "answer": "1", "rewrite": "r"}\n{"question": \n', encoding="utf-8")
    assert "pairs.jsonl line 2 is not valid JSON" in refused(["filter", "check", str(pairs)], capsys, tmp_path)
    pairs.write_text('"just a string"\n', encoding="utf-8")
    assert "line 1 is a JSON str, not an object" in refused(["filter", "check", str(pairs)], capsys, tmp_path)


def test_push_checks_the_repo_id_locally(run, tmp_path, capsys):
    release = release_run(run.root, tmp_path / "out")
    err = refused(["push", str(release), "--repo-id", "gsm-remade"], capsys, tmp_path)
    assert "must be OWNER/NAME" in err


def test_resume_refuses_settings_that_change_the_result(run, tmp_path, capsys):
    err = refused(["--resume", str(run.root), "--epochs", "3", "--min-similarity", "0.9"], capsys, tmp_path)
    assert "drop --epochs, --min-similarity" in err
    assert "drop the recipe" in refused(["gsm-symbolic", "--resume", str(run.root)], capsys, tmp_path)


def test_resume_asks_again_for_a_url_whose_secret_was_not_stored(run, tmp_path, capsys):
    stored = json.loads((run.root / "config.json").read_text())
    assert stored["harvest"]["editor"]["base_url"] == "http://<redacted>@127.0.0.1:8080/v1"
    assert "resume with `remake --resume" in refused(["--resume", str(run.root)], capsys, tmp_path)


def test_stored_rewrites_survive_the_round_trip(run):
    rows = read_jsonl(run.rewrites)
    assert [row["status"] for row in rows] == [row.status for row in run.rewrite_rows()]


def test_unknown_dtype_is_refused_by_the_api():
    from remake.data.config import DataConfig
    from remake.evaluation.config import EvalConfig
    from remake.transfer.config import TransferConfig

    with pytest.raises(RemakeError, match="--dtype 'float16': use one of auto, bfloat16, float32"):
        EvalConfig(data=DataConfig("gsm-symbolic"), model="smollm2-135m", dtype="float16")
    with pytest.raises(RemakeError, match="--dtype 'float16'"):
        TransferConfig(student="gemma3-270m", dtype="float16")


def test_release_and_output_places_are_checked_before_any_work(tmp_path, capsys):
    work = tmp_path / "work"
    work.mkdir()
    (work / "taken").write_text("a file, not a folder", encoding="utf-8")
    assert "release name 'my name' must be letters" in refused(["gsm-symbolic", "--name", "my name"], capsys, work)
    assert "--out taken is a file" in refused(["gsm-symbolic", "--out", "taken"], capsys, work)
    assert "--run-dir taken is a file" in refused(["gsm-symbolic", "--run-dir", "taken"], capsys, work)
    recipe = work / "odd.yaml"
    recipe.write_text("name: ../x\ndescription: d\nsource: {type: gsm_symbolic}\n", encoding="utf-8")
    assert "rename the recipe" in refused([str(recipe), "--dry-run"], capsys, work)


@pytest.mark.parametrize("key,value", [("reasons", "a string, not a list"), ("epoch", "1"), ("calls", True),
                                       ("teacher_correct_after", "yes"), ("checks", [])])
def test_wrong_typed_fields_in_rewrites_are_one_line_errors(run, tmp_path, capsys, key, value):
    rows = read_jsonl(run.rewrites)
    rows[0][key] = value
    run.rewrites.write_text("".join(json.dumps(row) + "\n" for row in rows), encoding="utf-8")
    err = refused(["release", str(run.root), "--out", str(tmp_path / "out")], capsys, tmp_path)
    assert f"has {key} = " in err and "re-run the harvest" in err


def test_a_cuda_device_this_torch_lacks_is_refused_before_loading(tmp_path, capsys):
    import torch

    if torch.cuda.is_available():
        pytest.skip("this machine has CUDA")
    err = refused(["gsm-symbolic", "--device", "cuda", "--teacher-model", "smollm2-135m", "--criterion", "none",
                   "--run-dir", "runs/x"], capsys, tmp_path)
    assert "--device cuda: this machine" in err and "use --device cpu" in err


def test_resume_without_the_checkpoint_of_recorded_epochs_is_refused(run, tmp_path, capsys):
    """Restarting from epoch 1 would record the 4 epochs of metrics.jsonl twice."""
    err = refused(["--resume", str(run.root), "--editor-base-url", "http://127.0.0.1:9/v1"], capsys, tmp_path)
    assert "records 4 epoch(s) in metrics.jsonl but has no checkpoint in state/" in err


def test_a_run_directory_takes_one_process_at_a_time(run, tmp_path, capsys):
    from remake.data.lock import run_lock

    with run_lock(run.root):  # as a harvest running on it holds it
        err = refused(["--resume", str(run.root), "--editor-base-url", "http://127.0.0.1:9/v1"], capsys, tmp_path)
        assert "is in use by another remake process" in err
        with pytest.raises(RemakeError, match="in use"):
            with run_lock(run.root):
                pass
    with run_lock(run.root):  # released when the holder ends
        pass


def test_hostile_files_are_refused_quickly(tmp_path, capsys):
    bomb = tmp_path / "bomb.yaml"
    layers = ['a: &a ["x", "x", "x", "x", "x", "x", "x", "x", "x"]']
    layers += [f"{name}: &{name} [{', '.join([f'*{prev}'] * 9)}]" for prev, name in zip("abcdefg", "bcdefgh")]
    bomb.write_text("\n".join(layers) + "\n", encoding="utf-8")  # 9**8 strings once expanded
    assert "uses YAML aliases" in refused([str(bomb), "--dry-run"], capsys, tmp_path)
    latin = tmp_path / "latin.yaml"
    latin.write_bytes("name: caf\xe9\n".encode("latin-1"))
    assert "is not UTF-8 text" in refused([str(latin), "--dry-run"], capsys, tmp_path)
    for content, message in ((b'{"gpt-4o": [Infinity, 1]}', "bad entry for 'gpt-4o'"),
                             (b'{"gpt-4o": [NaN, 1]}', "bad entry for 'gpt-4o'"),
                             (b"\xff\xfe{}", "not UTF-8 text")):
        prices = tmp_path / "prices.json"
        prices.write_bytes(content)
        assert message in refused(["gsm-symbolic", "--editor-prices", str(prices), "--dry-run"], capsys, tmp_path)


def test_what_remake_writes_is_valid_json_even_with_nan(tmp_path):
    from remake.files import append_jsonl, write_json, write_jsonl

    write_json(tmp_path / "a.json", {"loss": float("nan"), "cost": [float("inf"), 1.5]})
    write_jsonl(tmp_path / "b.jsonl", [{"score": float("-inf")}])
    append_jsonl(tmp_path / "c.jsonl", {"loss": float("nan")})
    strict = {"parse_constant": lambda name: pytest.fail(f"bare {name} written")}
    assert json.loads((tmp_path / "a.json").read_text(), **strict) == {"loss": None, "cost": [None, 1.5]}
    assert json.loads((tmp_path / "b.jsonl").read_text(), **strict) == {"score": None}
    assert json.loads((tmp_path / "c.jsonl").read_text(), **strict) == {"loss": None}


def test_filter_check_refuses_a_folder_out_and_an_empty_pairs_file_before_checking(tmp_path, capsys):
    pairs = tmp_path / "pairs.jsonl"
    pairs.write_text('{"question": "Tom has 3 pens. How many?", "answer": "3", "rewrite": "Tom owns 3 pens. How many?"}\n',
                     encoding="utf-8")
    (tmp_path / "out").mkdir()
    assert "--out out is a folder" in refused(["filter", "check", "pairs.jsonl", "--out", "out"], capsys, tmp_path)
    pairs.write_text("", encoding="utf-8")
    assert "holds no rows" in refused(["filter", "check", "pairs.jsonl"], capsys, tmp_path)
