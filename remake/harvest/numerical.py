"""The numerical phase: LoRA steps with peft on a fixed, length-grouped batch plan, recording each
sample's loss from the training forward pass itself (no second forward).

The same trainer serves the harvest (teacher) and the transfer stage (student)."""

from __future__ import annotations

import math
import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from remake.data.prompting import training_example
from remake.data.samples import Sample
from remake.errors import RemakeError


@dataclass(frozen=True)
class LoraSettings:
    """LoRA and optimiser settings; defaults follow the paper (lr 5e-6, batch 8)."""

    r: int = 16
    alpha: int = 32
    dropout: float = 0.05
    target_modules: tuple[str, ...] | str = "all-linear"
    lr: float = 5e-6
    batch_size: int = 8
    weight_decay: float = 0.0
    gradient_checkpointing: bool | None = None  # None: on for CUDA, off on CPU


def attach_lora(model: Any, settings: LoraSettings) -> Any:
    from peft import LoraConfig, get_peft_model

    config = LoraConfig(r=settings.r, lora_alpha=settings.alpha, lora_dropout=settings.dropout,
                        target_modules=settings.target_modules if isinstance(settings.target_modules, str)
                        else list(settings.target_modules), task_type="CAUSAL_LM")
    use_checkpointing = settings.gradient_checkpointing
    if use_checkpointing is None:
        use_checkpointing = next(model.parameters()).device.type == "cuda"
    if use_checkpointing:
        model.gradient_checkpointing_enable(gradient_checkpointing_kwargs={"use_reentrant": False})
        model.enable_input_require_grads()
    _check_targets(model, settings.target_modules)
    return get_peft_model(model, config)


def _check_targets(model: Any, targets: tuple[str, ...] | str) -> None:
    """Every named target is one of the model's linear layers (peft ignores a wrong name beside a right one)."""
    import torch

    if isinstance(targets, str):  # all-linear
        return
    linear = sorted({name.rsplit(".", 1)[-1] for name, module in model.named_modules()
                     if isinstance(module, torch.nn.Linear) and module is not model.get_output_embeddings()})
    unknown = [name for name in targets if name.rsplit(".", 1)[-1] not in linear]
    if unknown:
        raise RemakeError(f"--target-modules: {', '.join(unknown)} is not a linear layer of this model; its linear "
                          f"layers are {', '.join(linear)} (or all-linear)")


def batch_plan(lengths: Sequence[int], batch_size: int, seed: int) -> list[list[int]]:
    """Fixed batch composition: indices grouped by length (little padding), batch order shuffled once
    with the seed. Reused every epoch so a sample's loss compares across epochs (Algorithm 1)."""
    by_length = sorted(range(len(lengths)), key=lambda index: (lengths[index], index))
    batches = [by_length[start:start + batch_size] for start in range(0, len(by_length), batch_size)]
    random.Random(seed).shuffle(batches)
    return batches


@dataclass
class Batch:
    input_ids: Any
    attention_mask: Any
    labels: Any


def collate(examples: Sequence[dict[str, list[int]]], pad_id: int, device: Any) -> Batch:
    """Right-pad to the longest example of this batch only (dynamic padding)."""
    import torch

    width = max(len(example["input_ids"]) for example in examples)
    ids = torch.full((len(examples), width), pad_id, dtype=torch.long)
    mask = torch.zeros((len(examples), width), dtype=torch.long)
    labels = torch.full((len(examples), width), -100, dtype=torch.long)
    for row, example in enumerate(examples):
        size = len(example["input_ids"])
        ids[row, :size] = torch.tensor(example["input_ids"])
        mask[row, :size] = 1
        labels[row, :size] = torch.tensor(example["labels"])
    return Batch(ids.to(device), mask.to(device), labels.to(device))


def per_sample_loss(model: Any, batch: Batch) -> Any:
    """Mean token cross-entropy over each sample's answer tokens, shape [batch]."""
    import torch.nn.functional as F

    logits = model(input_ids=batch.input_ids, attention_mask=batch.attention_mask).logits[:, :-1]
    labels = batch.labels[:, 1:]
    # rows of [tokens, vocab]: log-softmax over the contiguous last dim (the [batch, vocab, length]
    # layout made a strided softmax: slower, and a contiguous copy of the fp32 logits on CUDA)
    token_loss = F.cross_entropy(logits.float().reshape(-1, logits.shape[-1]), labels.reshape(-1),
                                 ignore_index=-100, reduction="none").view(labels.shape)
    counted = (labels != -100).sum(dim=1).clamp(min=1)
    return token_loss.sum(dim=1) / counted


@dataclass
class EpochResult:
    losses: dict[str, float]
    mean_loss: float
    grad_norm: float  # mean over steps of the whole-batch gradient norm (free: computed for logging)
    steps: int


@dataclass
class NumericalTrainer:
    """LoRA training over a fixed plan. `examples` follow the current questions and are rebuilt with
    `set_samples` after the symbolic phase rewrites some of them."""

    model: Any
    tokenizer: Any
    settings: LoraSettings
    max_length: int
    seed: int
    samples: list[Sample] = field(default_factory=list)
    plan: list[list[int]] = field(default_factory=list)
    optimizer: Any = None

    def __post_init__(self) -> None:
        import torch

        params = [p for p in self.model.parameters() if p.requires_grad]
        self.optimizer = torch.optim.AdamW(params, lr=self.settings.lr, weight_decay=self.settings.weight_decay)
        self._examples: list[dict[str, list[int]]] = []
        if self.samples:
            self.set_samples(self.samples)

    @property
    def tokens(self) -> int:
        """Tokens one epoch trains on (prompt and answer, after truncation) with the current questions."""
        return sum(len(example["input_ids"]) for example in self._examples)

    def set_samples(self, samples: list[Sample]) -> None:
        self.samples = samples
        self._examples = [training_example(self.tokenizer, sample, self.max_length) for sample in samples]
        if not self.plan:  # fixed at epoch 1, kept afterwards even when questions change length
            self.plan = batch_plan([len(e["input_ids"]) for e in self._examples], self.settings.batch_size, self.seed)

    def run_epoch(self, should_stop: Callable[[], bool] = lambda: False,
                  progress: str | None = None) -> EpochResult | None:
        """One pass over the plan; returns None if `should_stop` asked to stop before the end."""
        from tqdm.auto import tqdm

        self.begin_epoch()
        losses: dict[str, float] = {}
        norms: list[float] = []
        self.model.train()
        for batch in tqdm(self.plan, desc=progress, disable=progress is None, unit="batch"):
            if self.stop_requested(should_stop):
                return None
            recorded, norm = self.train_batch(batch)
            losses.update(recorded)
            norms.append(norm)
        losses = self.merge_losses(losses)
        mean = sum(losses.values()) / max(len(losses), 1)
        return EpochResult(losses=losses, mean_loss=mean, grad_norm=sum(norms) / max(len(norms), 1),
                           steps=len(norms))

    # Hooks a multi-process trainer (remake.harvest.distributed) overrides; here: one process does everything.
    def begin_epoch(self) -> None:
        """Called before each epoch's first step."""

    def stop_requested(self, should_stop: Callable[[], bool]) -> bool:
        return should_stop()

    def merge_losses(self, losses: dict[str, float]) -> dict[str, float]:
        return losses

    def train_batch(self, members: list[int]) -> tuple[dict[str, float], float]:
        """One LoRA step on the batch; (loss per sample id, whole-batch gradient norm)."""
        values, norm = self.step(self.model, members, 1.0 / len(members))
        return dict(zip((self.samples[m].id for m in members), values)), norm

    def step(self, model: Any, members: list[int], weight: float) -> tuple[list[float], float]:
        """Forward `members` through `model` (the peft model, or the wrapper accelerate prepared), backward
        `weight × Σ losses`, clip-free norm, optimizer step; the members' losses and the norm."""
        device = next(self.model.parameters()).device
        batch = collate([self._examples[i] for i in members], self.tokenizer.pad_token_id, device)
        sample_losses = per_sample_loss(model, batch)
        self.optimizer.zero_grad(set_to_none=True)
        self.backward(sample_losses.sum() * weight)
        norm = self.gradient_norm([p for p in self.model.parameters() if p.requires_grad])
        self.optimizer.step()
        return sample_losses.detach().float().tolist(), norm

    def backward(self, loss: Any) -> None:
        loss.backward()

    def gradient_norm(self, params: list[Any]) -> float:
        """The whole-batch gradient norm (clip-free)."""
        import torch

        return float(torch.nn.utils.clip_grad_norm_(params, max_norm=math.inf))

    def grad_norms(self, sample_ids: Sequence[str]) -> dict[str, float]:
        """C2: the norm of one sample's loss gradient w.r.t. the LoRA parameters, for the given samples
        only (one backward each, dropout off so the value depends on the sample alone)."""
        import torch

        device = next(self.model.parameters()).device
        position = {sample.id: index for index, sample in enumerate(self.samples)}
        params = [p for p in self.model.parameters() if p.requires_grad]
        was_training = self.model.training
        self.model.eval()
        norms: dict[str, float] = {}
        try:
            for sample_id in sample_ids:
                batch = collate([self._examples[position[sample_id]]], self.tokenizer.pad_token_id, device)
                grads = torch.autograd.grad(per_sample_loss(self.model, batch)[0], params, allow_unused=True)
                norms[sample_id] = math.sqrt(sum(float((g.float() ** 2).sum()) for g in grads if g is not None))
        finally:
            self.model.train(was_training)
        return norms
