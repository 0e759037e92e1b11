"""What the filters look at (Candidate) and what they decide (Verdict)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Candidate:
    """A rewrite to judge. `final` is the final answer A*; `solution` the full reference answer (its
    intermediate results feed the leak check)."""

    id: str
    question: str
    rewrite: str
    final: str
    solution: str | None = None


def check(passed: bool | None, score: float | None, reason: str, **extra: Any) -> dict[str, Any]:
    """One filter's verdict on one rewrite. passed None = inconclusive, which does not reject."""
    return {"passed": passed, "score": score, "reason": reason, **extra}


def reusable(previous: dict[str, Any] | None, model_key: str, model: Any | None) -> dict[str, Any]:
    """A stored check whose model outputs a re-filter may reuse instead of asking again: one that names
    the model behind them (under `model_key`) when that is the model in use, or when none is available
    to ask. Otherwise {}."""
    if not previous or not previous.get(model_key):
        return {}
    if model is not None and previous[model_key] != model.name:
        return {}
    return previous


@dataclass
class Verdict:
    """All filters' verdicts on one rewrite; rejected rewrites keep every check and reason."""

    accepted: bool
    checks: dict[str, dict[str, Any]]
    reasons: list[str] = field(default_factory=list)

    @classmethod
    def from_checks(cls, checks: dict[str, dict[str, Any]]) -> Verdict:
        reasons = [f"{name}: {result['reason']}" for name, result in checks.items() if result["passed"] is False]
        return cls(accepted=not reasons, checks=checks, reasons=reasons)

    def to_dict(self) -> dict[str, Any]:
        return {"accepted": self.accepted, "checks": self.checks, "reasons": list(self.reasons)}
