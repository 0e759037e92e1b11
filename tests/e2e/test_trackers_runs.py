"""`--report-to`: a real harvest logs each epoch's metrics and the final summary through the trackers' own
libraries, offline; TensorBoard's event file and trackio's local store are read back."""

from __future__ import annotations

from pathlib import Path

import pytest

from remake.cli import main
from remake.files import iter_jsonl
from remake.harvest.trackers import Trackers

HARVEST = ["gsm-symbolic", "--teacher-model", "smollm2-135m", "--criterion", "none", "--size", "16", "--limit", "4",
           "--epochs", "2", "--eval-size", "1", "--batch-size", "4", "--max-length", "64", "--max-new-tokens", "8",
           "--no-release"]


@pytest.mark.slow
def test_tensorboard_and_trackio_get_every_epoch(tmp_path: Path, capsys):
    from tensorboard.backend.event_processing.event_accumulator import EventAccumulator

    run = tmp_path / "run"
    assert main([*HARVEST, "--run-dir", str(run), "--report-to", "tensorboard"]) == 0
    events = EventAccumulator(str(run / "tensorboard" / "run"))
    events.Reload()
    loss = events.Scalars("mean_loss")
    assert [point.step for point in loss] == [1, 2] and all(point.value > 0 for point in loss)
    assert [point.step for point in events.Scalars("saturation/triggered")] == [1, 2]
    assert [point.value for point in events.Scalars("final/epochs")] == [2.0]  # the final summary
    # the same run's metrics through trackio (offline: its local store under HF_HOME), read back
    import trackio.sqlite_storage as storage

    trackers = Trackers("trackio", tmp_path / "again", {"seed": 0})
    for row in iter_jsonl(run / "metrics.jsonl"):
        trackers.log_epoch(row)
    trackers.finish({"calls": 3})
    logged = storage.SQLiteStorage.get_logs(project="remake", run="again")
    assert [row["step"] for row in logged if "mean_loss" in row] == [1, 2]
