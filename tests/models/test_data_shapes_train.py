"""Every data shape remake reads (JSONL with a BOM, a JSON array, CSV, Parquet) trains a real tiny SmolLM2
harvest with the same rows."""

from __future__ import annotations

import pytest
from data_shapes import ROWS, formats

from remake.cli import main
from remake.files import read_jsonl


@pytest.mark.slow
@pytest.mark.parametrize("kind", ["bom", "array", "csv", "parquet"])
def test_every_shape_trains(tmp_path, capsys, kind):
    data = formats(tmp_path)[kind]
    run_dir = tmp_path / "run"
    argv = ["gsm8k", "--data", str(data), "--teacher-model", "smollm2-135m", "--criterion", "none", "--epochs", "1",
            "--limit", "4", "--eval-size", "1", "--max-length", "48", "--max-new-tokens", "4", "--no-release",
            "--run-dir", str(run_dir)]
    assert main(argv) == 0, capsys.readouterr().err[-2000:]
    trained = read_jsonl(run_dir / "metrics.jsonl")
    assert [row["epoch"] for row in trained] == [1] and trained[0]["steps"] >= 1
    first = read_jsonl(run_dir / "data" / "train.jsonl")[0]
    assert ROWS[0]["question"] in first["question"] and first["final"] == "3"
