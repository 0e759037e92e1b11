"""Run state saved atomically at each epoch end, so `--resume RUN_DIR` continues exactly where an
interrupted run was: adapter, optimizer, RNG states, batch plan and the loop's own state.

Atomicity: the new state is written to `state.new/`, then swapped in for `state/` by renames; a
crash at any moment leaves either the old or the new state complete (`state.old/` is the fallback)."""

from __future__ import annotations

import os
import random
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from remake.errors import RemakeError, first_line
from remake.files import library_writes, read_json, write_json

ADAPTER_FILE = "adapter.safetensors"


@dataclass
class LoopState:
    """Everything the harvest loop itself needs to continue after `epoch`."""

    epoch: int
    plan: list[list[int]]
    questions: dict[str, str]
    system: str | None
    previous_losses: dict[str, float] | None
    mean_losses: list[float]

    def to_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


def save(state_dir: Path, model: Any, optimizer: Any, loop: LoopState) -> None:
    import numpy
    import torch
    from peft import get_peft_model_state_dict
    from safetensors.torch import save_file

    staging = state_dir.with_name(state_dir.name + ".new")
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    weights = {name: tensor.detach().cpu().contiguous() for name, tensor in get_peft_model_state_dict(model).items()}
    rng = {"python": random.getstate(), "numpy": numpy.random.get_state(), "torch": torch.get_rng_state(),
           "cuda": torch.cuda.get_rng_state_all() if torch.cuda.is_available() else []}
    try:
        with library_writes(state_dir):
            save_file(weights, str(staging / ADAPTER_FILE))
            torch.save(optimizer.state_dict(), staging / "optimizer.pt")
            torch.save(rng, staging / "rng.pt")
        write_json(staging / "loop.json", loop.to_dict())
    except OSError:  # a full disk: the last complete state stays, and no half-written one is left
        shutil.rmtree(staging, ignore_errors=True)
        raise
    _swap_in(staging, state_dir)


def _swap_in(staging: Path, state_dir: Path) -> None:
    old = state_dir.with_name(state_dir.name + ".old")
    shutil.rmtree(old, ignore_errors=True)
    if state_dir.exists():
        os.replace(state_dir, old)
    os.replace(staging, state_dir)
    shutil.rmtree(old, ignore_errors=True)


def latest(state_dir: Path) -> Path | None:
    for candidate in (state_dir, state_dir.with_name(state_dir.name + ".old")):
        if (candidate / "loop.json").is_file():
            return candidate
    return None


def load(state_dir: Path, model: Any, optimizer: Any) -> LoopState:
    """Restore adapter, optimizer and RNG states into the live objects; return the loop state. A damaged
    or missing file is a one-line error naming it."""
    import numpy
    import torch
    from peft import set_peft_model_state_dict
    from safetensors.torch import load_file

    with _reading(state_dir / "loop.json") as path:
        loop = LoopState(**read_json(path))
    with _reading(state_dir / ADAPTER_FILE) as path:
        set_peft_model_state_dict(model, load_file(str(path)))
    with _reading(state_dir / "optimizer.pt") as path:
        optimizer.load_state_dict(torch.load(path, weights_only=False))
    with _reading(state_dir / "rng.pt") as path:
        rng = torch.load(path, weights_only=False)
        random.setstate(rng["python"])
        numpy.random.set_state(rng["numpy"])
        torch.set_rng_state(rng["torch"])
        if rng["cuda"]:
            torch.cuda.set_rng_state_all(rng["cuda"])
    return loop


@contextmanager
def _reading(path: Path) -> Iterator[Path]:
    """What loading a damaged checkpoint file raises (safetensors, pickle, a wrong shape or key) as one line;
    errors of remake's own readers pass through as they are."""
    try:
        yield path
    except RemakeError:
        raise
    except Exception as exc:  # each library raises its own error type for a damaged file
        raise RemakeError(f"{path} cannot be loaded ({type(exc).__name__}: {first_line(str(exc))}): the checkpoint is "
                          "damaged; restore it, or start a new harvest") from None
