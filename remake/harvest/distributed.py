"""The numerical phase on several processes, on accelerate: `accelerate launch` (or `torchrun`) starts one
process per GPU; accelerate's `Accelerator` joins them (NCCL on GPUs, gloo on CPU), wraps the model for
data parallelism (`prepare`), runs the backward pass and the gradient norm, and gathers. Each rank trains
its shard of every fixed batch, so the global batch is the one a single process would use, and the
per-sample losses are gathered to every rank. Rank 0 alone runs the rest of Algorithm 1 (held-out scoring,
criteria, editor, run directory); the other ranks only train, taking rank 0's current questions and plan
at the start of each epoch.

Launch (one machine, 4 GPUs; DDP):
    accelerate launch --num_processes 4 -m remake gsm8k --teacher-model llama3.1-8b
Sharded training (an accelerate config with FSDP or DeepSpeed) is refused: rank 0 generates with the whole
teacher between epochs, which sharded weights do not allow. A teacher whose bf16 weights do not fit one
GPU trains with --load-in-4bit (an 8B teacher in ~10 GiB), as the memory estimate at start-up suggests.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from remake.errors import RemakeError
from remake.harvest.numerical import NumericalTrainer

# rank 0 generates and calls the editor between epochs while the others wait in a collective
WAIT_FOR_RANK0 = dt.timedelta(hours=12)
SHARDED = ("FSDP", "DEEPSPEED", "MEGATRON_LM")


@dataclass(frozen=True)
class Ranks:
    rank: int = 0
    world: int = 1
    local_rank: int = 0

    @property
    def main(self) -> bool:
        return self.rank == 0


def ranks_from_env() -> Ranks:
    """The process's place as set by torchrun / accelerate launch (a single process otherwise); read from
    the environment, as accelerate does, so that a single process imports no torch before its input is checked."""
    return Ranks(rank=int(os.environ.get("RANK", 0)), world=int(os.environ.get("WORLD_SIZE", 1)),
                 local_rank=int(os.environ.get("LOCAL_RANK", 0)))


@cache
def accelerator() -> Any:
    """This process's one `Accelerator`: setup makes it, the trainer uses it."""
    import torch
    from accelerate import Accelerator
    from accelerate.utils import InitProcessGroupKwargs

    return Accelerator(cpu=not torch.cuda.is_available(),
                       kwargs_handlers=[InitProcessGroupKwargs(timeout=WAIT_FOR_RANK0)])


def setup(ranks: Ranks) -> None:
    """Join the process group through accelerate; refuse a sharded accelerate config (see the module's note)."""
    if ranks.world == 1:  # one process: nothing to join, and no torch import before the input is checked
        return
    kind = accelerator().distributed_type.name
    if kind in SHARDED:
        raise RemakeError(f"the accelerate config asks for {kind}, which shards the teacher's weights, but rank 0 "
                          "generates with the whole teacher between epochs: launch with data parallelism (the "
                          "default `accelerate launch --num_processes N`), and --load-in-4bit if the teacher does "
                          "not fit one GPU")


def shard(members: list[int], rank: int, world: int) -> list[int]:
    """This rank's part of one global batch (round robin: the shards differ in size by at most one)."""
    return members[rank::world]


def broadcast(value: Any) -> Any:
    """Rank 0's value, on every rank."""
    from accelerate.utils import broadcast_object_list

    return broadcast_object_list([value], from_process=0)[0]


def gather_losses(local: dict[str, float]) -> dict[str, float]:
    """Every rank's per-sample losses, merged, on every rank."""
    from accelerate.utils import gather_object

    return {sid: value for part in gather_object([local]) for sid, value in part.items()}


@dataclass
class DistributedTrainer(NumericalTrainer):
    """NumericalTrainer whose steps run on this rank's shard of each batch, on the model accelerate prepared.
    `self.model` stays the plain peft model (checkpoints, save_pretrained and generation use it); accelerate
    wraps it at the first epoch, after any checkpoint was restored, and the wrapper copies rank 0's weights to
    every rank."""

    ranks: Ranks = field(default_factory=ranks_from_env)
    prepared: Any = None  # the model as accelerate wrapped it (DistributedDataParallel), from the first epoch

    def begin_epoch(self) -> None:
        plan, samples = broadcast((self.plan, self.samples) if self.ranks.main else None)
        self.plan = plan
        if samples != self.samples:  # rank 0's symbolic phase rewrote questions or the system prompt
            self.set_samples(samples)
        if self.prepared is None:
            # remake placed the model (and its 4-bit weights) itself: accelerate only wraps it
            self.prepared = accelerator().prepare_model(self.model, device_placement=False)

    def stop_requested(self, should_stop: Callable[[], bool]) -> bool:
        """Rank 0 decides (it got the Ctrl-C); all ranks stop at the same step."""
        return bool(broadcast(should_stop() if self.ranks.main else None))

    def train_batch(self, members: list[int]) -> tuple[dict[str, float], float]:
        mine = shard(members, self.ranks.rank, self.ranks.world)
        # Data parallelism averages gradients over ranks: weight world/|batch| makes the sum the global batch
        # mean. A rank with no share (a batch smaller than the world) still joins the all-reduce, with weight 0.
        weight = self.ranks.world / len(members) if mine else 0.0
        values, norm = self.step(self.prepared, mine or members[:1], weight)
        return (dict(zip((self.samples[m].id for m in mine), values)) if mine else {}), norm

    def backward(self, loss: Any) -> None:
        accelerator().backward(loss)

    def gradient_norm(self, params: list[Any]) -> float:
        import math

        return float(accelerator().clip_grad_norm_(params, max_norm=math.inf))

    def merge_losses(self, losses: dict[str, float]) -> dict[str, float]:
        return gather_losses(losses)


def follow(trainer: DistributedTrainer, state_dir: Path, epochs: int) -> bool:
    """A rank other than 0 during a harvest: restore the checkpoint rank 0 resumes from (read only),
    then train every epoch's shards. False when rank 0 stopped the run."""
    from remake.harvest import checkpoint

    found = checkpoint.latest(state_dir)
    start = checkpoint.load(found, trainer.model, trainer.optimizer).epoch if found else 0
    for _ in range(start + 1, epochs + 1):
        if trainer.run_epoch() is None:
            return False
    return True
