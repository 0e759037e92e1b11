"""The numerical phase on several processes: `accelerate launch` (or `torchrun`) starts one process
per GPU; each trains its shard of every fixed batch under DistributedDataParallel, so the global batch
is the one a single process would use, and the per-sample losses are gathered to every rank.
Rank 0 alone runs the rest of Algorithm 1 (held-out scoring, criteria, editor, run directory); the
other ranks only train, taking rank 0's current questions and plan at the start of each epoch.

Launch (one machine, 4 GPUs; DDP):
    accelerate launch --num_processes 4 -m remake gsm8k --teacher-model llama3.1-8b
Teachers whose bf16 weights do not fit one GPU: shard them with FSDP through an accelerate config
(`accelerate config` → FSDP, or this file as `--config_file fsdp.yaml`):
    distributed_type: FSDP
    num_processes: 4
    mixed_precision: bf16
    fsdp_config:
      fsdp_version: 2
      fsdp_auto_wrap_policy: TRANSFORMER_BASED_WRAP
      fsdp_transformer_layer_cls_to_wrap: LlamaDecoderLayer
      fsdp_state_dict_type: SHARDED_STATE_DICT
      fsdp_activation_checkpointing: true
      fsdp_use_orig_params: true        # LoRA: frozen and trainable parameters share flat buffers
remake's own trainer wraps the model in DDP; under FSDP prefer --load-in-4bit on one GPU first (an
8B teacher trains in ~10 GiB), which the memory estimate at start-up suggests when bf16 cannot fit.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from remake.harvest.numerical import NumericalTrainer

# rank 0 generates and calls the editor between epochs while the others wait in a collective
WAIT_FOR_RANK0 = dt.timedelta(hours=12)


@dataclass(frozen=True)
class Ranks:
    rank: int = 0
    world: int = 1
    local_rank: int = 0

    @property
    def main(self) -> bool:
        return self.rank == 0


def ranks_from_env() -> Ranks:
    """The process's place as set by torchrun / accelerate launch (a single process otherwise)."""
    return Ranks(rank=int(os.environ.get("RANK", 0)), world=int(os.environ.get("WORLD_SIZE", 1)),
                 local_rank=int(os.environ.get("LOCAL_RANK", 0)))


def setup(ranks: Ranks) -> None:
    """Join the process group (NCCL on GPUs, gloo on CPU) and pin this rank's GPU."""
    if ranks.world == 1:  # one process: nothing to join, and no torch import before the input is checked
        return
    import torch
    import torch.distributed as dist

    if dist.is_initialized():
        return
    cuda = torch.cuda.is_available()
    if cuda:
        torch.cuda.set_device(ranks.local_rank)  # so that device "cuda" means this rank's GPU
    dist.init_process_group("nccl" if cuda else "gloo", timeout=WAIT_FOR_RANK0)


def shard(members: list[int], rank: int, world: int) -> list[int]:
    """This rank's part of one global batch (round robin: the shards differ in size by at most one)."""
    return members[rank::world]


def broadcast(value: Any) -> Any:
    """Rank 0's value, on every rank."""
    import torch.distributed as dist

    box = [value]
    dist.broadcast_object_list(box, src=0)
    return box[0]


def gather_losses(local: dict[str, float]) -> dict[str, float]:
    """Every rank's per-sample losses, merged, on every rank."""
    import torch.distributed as dist

    parts: list[dict[str, float] | None] = [None] * dist.get_world_size()
    dist.all_gather_object(parts, local)
    return {sid: value for part in parts if part for sid, value in part.items()}


@dataclass
class DistributedTrainer(NumericalTrainer):
    """NumericalTrainer whose steps run on this rank's shard under DDP. `self.model` stays the plain
    peft model (checkpoints, save_pretrained and generation use it); DDP wraps it at the first epoch,
    after any checkpoint was restored, and then copies rank 0's weights to every rank."""

    ranks: Ranks = field(default_factory=ranks_from_env)
    _ddp: Any = None

    def begin_epoch(self) -> None:
        plan, samples = broadcast((self.plan, self.samples) if self.ranks.main else None)
        self.plan = plan
        if samples != self.samples:  # rank 0's symbolic phase rewrote questions or the system prompt
            self.set_samples(samples)
        if self._ddp is None:
            from torch.nn.parallel import DistributedDataParallel

            device = next(self.model.parameters()).device
            self._ddp = DistributedDataParallel(self.model, device_ids=[device.index] if device.type == "cuda"
                                                else None)

    def stop_requested(self, should_stop: Callable[[], bool]) -> bool:
        """Rank 0 decides (it got the Ctrl-C); all ranks stop at the same step."""
        return bool(broadcast(should_stop() if self.ranks.main else None))

    def train_batch(self, members: list[int]) -> tuple[dict[str, float], float]:
        mine = shard(members, self.ranks.rank, self.ranks.world)
        # DDP averages gradients over ranks: weight world/|batch| makes the sum the global batch mean.
        # A rank with no share (a batch smaller than the world) still joins the all-reduce, with weight 0.
        weight = self.ranks.world / len(members) if mine else 0.0
        values, norm = self.step(self._ddp, mine or members[:1], weight)
        return (dict(zip((self.samples[m].id for m in mine), values)) if mine else {}), norm

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
