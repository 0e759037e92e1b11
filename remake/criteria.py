"""Per-sample monitoring criteria (the "unified monitoring signal" of the method).

Every criterion maps samples to a value where LOWER means "weight updates no longer help this
sample": the symbolic phase takes the lowest first. Samples a criterion deems ineligible are left out.

- loss-ratio (C1): r = (L_t - L_{t-1}) / L_{t-1}; eligible when |r| <= k; value |r| (closest to zero first:
  the loss has stopped moving). Needs two epochs.
- grad-norm (C2): ||dL/dθ_LoRA|| of the sample's own loss; lowest first. One backward per sample, so it is
  computed only at epochs where the symbolic phase runs.
- random: a seeded random value per sample and epoch (the paper's ablation "NS-LoRA (1)").
- reward: minus the reward classifier's score (higher score = more of a symbolic candidate).
- none: the LoRA-only baseline; never selects anything."""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Protocol

CRITERIA = ("loss-ratio", "grad-norm", "random", "reward", "none")


@dataclass(frozen=True)
class CriterionInputs:
    epoch: int
    seed: int
    losses: dict[str, float]
    previous_losses: dict[str, float] | None
    questions: dict[str, str]                          # current question of each sample
    grad_norms: Callable[[Sequence[str]], dict[str, float]]


class Criterion(Protocol):
    name: str

    def values(self, inputs: CriterionInputs) -> dict[str, float]: ...


def loss_ratios(losses: dict[str, float], previous: dict[str, float]) -> dict[str, float]:
    return {sid: (loss - previous[sid]) / max(previous[sid], 1e-12) for sid, loss in losses.items() if sid in previous}


@dataclass(frozen=True)
class LossRatio:
    k: float
    name: str = "loss-ratio"

    def values(self, inputs: CriterionInputs) -> dict[str, float]:
        if inputs.previous_losses is None:
            return {}
        ratios = loss_ratios(inputs.losses, inputs.previous_losses)
        return {sid: abs(ratio) for sid, ratio in ratios.items() if abs(ratio) <= self.k}


@dataclass(frozen=True)
class GradNorm:
    name: str = "grad-norm"

    def values(self, inputs: CriterionInputs) -> dict[str, float]:
        return inputs.grad_norms(sorted(inputs.losses))


@dataclass(frozen=True)
class RandomCriterion:
    name: str = "random"

    def values(self, inputs: CriterionInputs) -> dict[str, float]:
        rng = random.Random(f"{inputs.seed}-{inputs.epoch}")
        return {sid: rng.random() for sid in sorted(inputs.losses)}


class RewardScorer(Protocol):
    def score(self, questions: list[str]) -> list[float]: ...


@dataclass(frozen=True)
class Reward:
    scorer: RewardScorer
    name: str = "reward"

    def values(self, inputs: CriterionInputs) -> dict[str, float]:
        ids = sorted(inputs.losses)
        scores = self.scorer.score([inputs.questions[sid] for sid in ids])
        return {sid: -score for sid, score in zip(ids, scores)}


@dataclass(frozen=True)
class NoCriterion:
    name: str = "none"

    def values(self, inputs: CriterionInputs) -> dict[str, float]:
        return {}


def make_criterion(name: str, k: float, reward_scorer: RewardScorer | None = None) -> Criterion:
    if name == "loss-ratio":
        return LossRatio(k=k)
    if name == "grad-norm":
        return GradNorm()
    if name == "random":
        return RandomCriterion()
    if name == "reward":
        if reward_scorer is None:
            raise ValueError("the reward criterion needs a reward scorer")
        return Reward(scorer=reward_scorer)
    return NoCriterion()
