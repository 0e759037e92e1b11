"""When numerical training has saturated, i.e. when the symbolic phase runs.

The rule (each part an option, logged every epoch with the values that decided it):
  epoch > warmup_epochs                              # give weight updates a chance first
  and (epoch - warmup_epochs) % symbolic_every == 0  # sparse: paper's Phi-3/R1 runs use every 2 epochs
  and relative improvement of the mean training loss over the previous epoch < tolerance
      (L_{t-1} - L_t) / L_{t-1} < tolerance          # the loss has plateaued
With tolerance >= 1 the plateau test always passes (a fixed schedule)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class SaturationRule:
    """Built from HarvestConfig, where the defaults live."""

    warmup_epochs: int
    symbolic_every: int
    tolerance: float


@dataclass(frozen=True)
class Decision:
    triggered: bool
    reason: str
    values: dict[str, Any]


def scheduled(rule: SaturationRule, epoch: int) -> bool:
    """Whether the symbolic phase may run after `epoch` (1-based) at all: past warm-up and on its schedule.
    The dry run counts the worst case with this; `decide` adds the plateau test."""
    return epoch > rule.warmup_epochs and (epoch - rule.warmup_epochs) % rule.symbolic_every == 0


def decide(rule: SaturationRule, epoch: int, mean_losses: list[float]) -> Decision:
    """`mean_losses[i]` is the mean training loss of epoch i+1; `epoch` is 1-based and just finished."""
    values: dict[str, Any] = {"epoch": epoch, "warmup_epochs": rule.warmup_epochs,
                              "symbolic_every": rule.symbolic_every, "tolerance": rule.tolerance}
    if not scheduled(rule, epoch):
        reason = (f"warm-up (epoch {epoch} <= {rule.warmup_epochs})" if epoch <= rule.warmup_epochs
                  else f"not a symbolic epoch (every {rule.symbolic_every} after warm-up)")
        return Decision(False, reason, values)
    if len(mean_losses) < 2:  # no warm-up: the first epoch has no loss before it to compare with
        fixed = rule.tolerance >= 1
        return Decision(fixed, "fixed schedule (tolerance >= 1), first epoch" if fixed else
                        "no earlier epoch to test a plateau against", values)
    previous, current = mean_losses[-2], mean_losses[-1]
    improvement = (previous - current) / max(previous, 1e-12)
    values["relative_improvement"] = improvement
    if improvement >= rule.tolerance:
        return Decision(False, f"still improving ({improvement:+.4f} >= {rule.tolerance})", values)
    return Decision(True, f"saturated ({improvement:+.4f} < {rule.tolerance})", values)
