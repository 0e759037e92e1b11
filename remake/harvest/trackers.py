"""Experiment trackers (`--report-to`): each epoch's metrics and the final summary go to TensorBoard,
trackio, Weights & Biases or MLflow through accelerate's tracking API (the trackers' own libraries do
the writing). Offline by default: TensorBoard and MLflow write under the run directory, trackio to its
local store, W&B in offline mode unless WANDB_MODE says otherwise; none needs an account. Another tracker
is one `register_tracker(name, factory, package=...)` call: `factory(run_dir)` returns an accelerate
`GeneralTracker` (start, store_init_configuration, log, finish), and the name is a `--report-to` choice."""

from __future__ import annotations

import importlib.util
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

from remake.errors import RemakeError
from remake.registry import Registry

TrackerFactory = Callable[[Path], Any]  # run directory -> an accelerate GeneralTracker, or None
TRACKERS: Registry[TrackerFactory] = Registry("tracker", flag="--report-to")


def register_tracker(name: str, factory: TrackerFactory | str, *, package: str | None = None,
                     replace: bool = False) -> None:
    """Add a `--report-to` choice; `package` is the library it needs (checked before any work)."""
    TRACKERS.register(name, factory, replace=replace, package=package)


def tracker_names() -> tuple[str, ...]:
    return TRACKERS.names()


def check_tracker(name: str) -> None:
    """Fail at the edge, in one line, when the tracker is unknown or its library is not installed."""
    package = TRACKERS.settings(name)["package"]
    if package and importlib.util.find_spec(package) is None:
        raise RemakeError(f"--report-to {name} needs its library: pip install {package}")


def flat_numbers(row: dict[str, Any], prefix: str = "") -> dict[str, float]:
    """The numeric fields of a metrics row, nested ones as `parent/child` (what trackers plot)."""
    out: dict[str, float] = {}
    for key, value in row.items():
        name = f"{prefix}{key}"
        if isinstance(value, (bool, int, float)):  # a bool is an int: True -> 1.0
            out[name] = float(value)
        elif isinstance(value, dict):
            out |= flat_numbers(value, f"{name}/")
    return out


class Trackers:
    """One tracker (or none), started on creation; `log_epoch` per epoch, `finish` once."""

    def __init__(self, name: str, run_dir: Path, config: dict[str, Any]):
        check_tracker(name)
        self.name = name
        self.tracker = TRACKERS.get(name)(run_dir)
        if self.tracker is not None:
            self.tracker.start()
            self.tracker.store_init_configuration(flat_settings(config))

    def log_epoch(self, metrics: dict[str, Any]) -> None:
        if self.tracker is not None:
            self.tracker.log(flat_numbers(metrics), step=int(metrics["epoch"]))

    def finish(self, summary: dict[str, Any] | None = None) -> None:
        if self.tracker is None:
            return
        if summary:
            self.tracker.log({f"final/{k}": v for k, v in flat_numbers(summary).items()})
        self.tracker.finish()
        self.tracker = None

    def close(self) -> None:
        """Also on an interrupted or failed run: what was logged is flushed."""
        self.finish()


def flat_settings(config: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    """Hyperparameters as trackers take them: scalars only, nested settings as `parent.child`."""
    out: dict[str, Any] = {}
    for key, value in config.items():
        if isinstance(value, dict):
            out |= flat_settings(value, f"{prefix}{key}.")
        elif value is None or isinstance(value, (bool, int, float, str)):
            out[f"{prefix}{key}"] = value
        else:
            out[f"{prefix}{key}"] = str(value)
    return out


def _tensorboard(run_dir: Path) -> Any:
    from accelerate import tracking

    return tracking.TensorBoardTracker(run_dir.name, run_dir / "tensorboard")


def _trackio(run_dir: Path) -> Any:
    from accelerate import tracking

    return tracking.TrackioTracker("remake", name=run_dir.name)


def _wandb(run_dir: Path) -> Any:
    from accelerate import tracking

    os.environ.setdefault("WANDB_MODE", "offline")
    return tracking.WandBTracker("remake", name=run_dir.name, dir=str(run_dir))


def _mlflow(run_dir: Path) -> Any:
    from accelerate import tracking

    return tracking.MLflowTracker(experiment_name="remake", logging_dir=str(run_dir / "mlruns"), run_name=run_dir.name)


register_tracker("none", lambda run_dir: None)
register_tracker("tensorboard", _tensorboard, package="tensorboard")
register_tracker("trackio", _trackio, package="trackio")
register_tracker("wandb", _wandb, package="wandb")
register_tracker("mlflow", _mlflow, package="mlflow")
