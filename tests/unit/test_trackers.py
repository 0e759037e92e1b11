"""`--report-to`: an unknown tracker, or one whose library is missing, is a one-line error."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from remake.cli import main

HARVEST = ["gsm-symbolic", "--teacher-model", "smollm2-135m", "--criterion", "none", "--size", "16", "--limit", "4",
           "--epochs", "2", "--eval-size", "1", "--batch-size", "4", "--max-length", "64", "--max-new-tokens", "8",
           "--no-release"]


def test_unknown_or_missing_tracker_is_one_line(tmp_path: Path, capsys):
    with pytest.raises(SystemExit) as exit_info:
        main([*HARVEST, "--run-dir", str(tmp_path / "run"), "--report-to", "nope"])
    assert exit_info.value.code == 2 and "invalid choice: 'nope'" in capsys.readouterr().err
    if importlib.util.find_spec("mlflow") is None:  # not installed here: named, with the fix, before any loading
        assert main([*HARVEST, "--run-dir", str(tmp_path / "run"), "--report-to", "mlflow"]) == 2
        err = capsys.readouterr().err.strip()
        assert err == "remake: error: --report-to mlflow needs its library: pip install mlflow"
        assert not (tmp_path / "run").exists()
