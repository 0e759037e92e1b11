"""Bad input met only once a command starts for real: an unknown --target-modules (the model loaded), --eval-
size 0 (a real tiny harvest), and keys planted in a refused run's URL and environment reaching no file and
no output."""

from __future__ import annotations

from pathlib import Path

import pytest
from refusals import refused
from sample_run import write_run

from remake.cli import main
from remake.files import read_jsonl

SECRETS = ("sk-planted0123456789", "sk-second0123456789")


@pytest.fixture
def run(tmp_path: Path):
    return write_run(tmp_path / "run")


@pytest.mark.slow
def test_planted_secrets_never_reach_the_terminal_or_disk(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("OPENAI_API_KEY", SECRETS[0])
    url = f"http://remake:{SECRETS[0]}@127.0.0.1:9/v1?api_key={SECRETS[1]}"
    work = tmp_path / "work"
    work.mkdir()
    err = refused(["gsm-symbolic", "--size", "16", "--editor-model", "gpt-4o", "--editor-base-url", url,
                   "--run-dir", "runs/x"], capsys, work)
    assert "unreachable" in err and not any(secret in err for secret in SECRETS)
    assert "<redacted>" in err


@pytest.mark.slow
def test_an_unknown_target_module_is_refused_before_training(tmp_path, capsys):
    """peft itself ignores a wrong name beside a right one, and raises a traceback when none is right."""
    for modules in ("q_proj,nope_proj", "nope_proj"):
        code = main(["gsm-symbolic", "--teacher-model", "smollm2-135m", "--target-modules", modules, "--criterion",
                     "none", "--limit", "4", "--run-dir", str(tmp_path / "run")])
        err = capsys.readouterr().err  # after transformers' weight-loading bar: the model is loaded to name its layers
        assert code == 2 and "Traceback" not in err and not (tmp_path / "run").exists()
        assert err.strip().splitlines()[-1].startswith("remake: error: --target-modules: nope_proj is not a linear")


@pytest.mark.slow
def test_eval_size_zero_records_held_out_accuracy_as_not_measured(tmp_path, capsys):
    run = tmp_path / "run"
    assert main(["gsm-symbolic", "--teacher-model", "smollm2-135m", "--criterion", "none", "--limit", "4", "--epochs",
                 "1", "--batch-size", "4", "--max-length", "64", "--eval-size", "0", "--run-dir", str(run),
                 "--no-release"]) == 0
    assert "held-out not measured (--eval-size 0)" in capsys.readouterr().out
    assert [row["heldout_accuracy"] for row in read_jsonl(run / "metrics.jsonl")] == [None]
