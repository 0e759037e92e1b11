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

from remake.errors import RemakeError
from remake.registry import Registry


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


@dataclass(frozen=True)
class CriterionSettings:
    k: float = 0.05
    reward_scorer: RewardScorer | None = None


# name -> factory; `register_criterion` adds one (one line per criterion, as peft's register_peft_method)
CRITERIA: Registry[Callable[[CriterionSettings], Criterion]] = Registry("criterion", flag="--criterion")


def register_criterion(name: str, factory: Callable[[CriterionSettings], Criterion] | str, *,
                       replace: bool = False) -> None:
    """Add a criterion: `factory` (or a lazy "module:factory") builds it from the harvest's settings; the
    name is then a `--criterion` choice."""
    CRITERIA.register(name, factory, replace=replace)


def criterion_names() -> tuple[str, ...]:
    return CRITERIA.names()


def make_criterion(name: str, settings: CriterionSettings) -> Criterion:
    """The criterion registered under `name`; an unknown name is a one-line error listing the known ones."""
    return CRITERIA.get(name)(settings)


def _reward(settings: CriterionSettings) -> Criterion:
    if settings.reward_scorer is None:
        raise RemakeError("the reward criterion needs a trained classifier: pass --reward-model DIR")
    return Reward(scorer=settings.reward_scorer)


register_criterion("loss-ratio", lambda settings: LossRatio(k=settings.k))
register_criterion("grad-norm", lambda settings: GradNorm())
register_criterion("random", lambda settings: RandomCriterion())
register_criterion("reward", _reward)
register_criterion("none", lambda settings: NoCriterion())
