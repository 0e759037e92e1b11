"""Token and call accounting for the editor, the budget that stops the symbolic phase, and cost from an
optional price table. One `Tally` per rewrite job, one `Usage` (thread-safe) per editor."""

from __future__ import annotations

import json
import threading
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from remake.errors import RemakeError


class BudgetExhausted(Exception):
    """Raised before a new editor request when --max-editor-calls / --max-editor-tokens is reached."""


def call_cost(prices: dict[str, tuple[float, float]] | None, model: str, tokens_in: int, tokens_out: int) -> float:
    """USD for one call; 0.0 when the model has no price (local models, or no table given)."""
    if not prices or model not in prices:
        return 0.0
    per_in, per_out = prices[model]
    return (tokens_in * per_in + tokens_out * per_out) / 1_000_000


@dataclass
class Tally:
    """Counts for one job (or, inside `Usage`, for the whole run). `calls` are requests sent to the
    endpoint or local model, failed attempts included; tokens come from successful responses."""

    calls: int = 0
    cached_calls: int = 0
    tokens_in: int = 0
    tokens_out: int = 0
    cached_tokens_in: int = 0    # the size of replies served from the cache (free, outside any budget)
    cached_tokens_out: int = 0
    cost: float = 0.0
    retries: int = 0
    latency_s: float = 0.0

    def add(self, other: Tally) -> None:
        for name in self.__dataclass_fields__:
            setattr(self, name, getattr(self, name) + getattr(other, name))


@dataclass
class Usage:
    """Run totals plus failures by reason, and the budget check. Every method takes the lock."""

    max_calls: int | None = None
    max_tokens: int | None = None
    total: Tally = field(default_factory=Tally)
    failures: Counter = field(default_factory=Counter)
    statuses: Counter = field(default_factory=Counter)
    exhausted: bool = False
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def reserve(self) -> None:
        """Claim one new request against the budget, or raise BudgetExhausted. The token budget is
        checked before the call (a call's size is unknown in advance), so it may overshoot by at most
        one response per concurrent worker."""
        with self._lock:
            over_calls = self.max_calls is not None and self.total.calls >= self.max_calls
            over_tokens = self.max_tokens is not None and (
                self.total.tokens_in + self.total.tokens_out >= self.max_tokens)
            if over_calls or over_tokens:
                self.exhausted = True
                raise BudgetExhausted("--max-editor-calls reached" if over_calls else "--max-editor-tokens reached")
            self.total.calls += 1

    def record(self, delta: Tally) -> None:
        """Add a finished call's numbers; `delta.calls` is 0 because reserve() counted it already."""
        with self._lock:
            self.total.add(delta)

    def fail(self, reason: str) -> None:
        with self._lock:
            self.failures[reason] += 1

    def finish(self, status: str) -> None:
        with self._lock:
            self.statuses[status] += 1

    def to_dict(self) -> dict[str, Any]:
        with self._lock:
            return {"calls": self.total.calls, "cached_calls": self.total.cached_calls,
                    "tokens_in": self.total.tokens_in, "tokens_out": self.total.tokens_out,
                    "cost": round(self.total.cost, 6), "retries": self.total.retries,
                    "latency_s": round(self.total.latency_s, 3), "failures": dict(self.failures),
                    "statuses": dict(self.statuses), "budget_exhausted": self.exhausted,
                    "max_calls": self.max_calls, "max_tokens": self.max_tokens}


def load_prices(path: Path) -> dict[str, tuple[float, float]]:
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise RemakeError(f"--editor-prices {path}: cannot read it ({exc.strerror})") from None
    except json.JSONDecodeError as exc:
        raise RemakeError(f"--editor-prices {path}: not valid JSON (line {exc.lineno}): fix the file") from None
    shape = 'write {"MODEL": [USD per 1M input tokens, USD per 1M output tokens]}'
    if not isinstance(raw, dict):
        raise RemakeError(f"--editor-prices {path}: {shape}")
    prices: dict[str, tuple[float, float]] = {}
    for model, pair in raw.items():
        if (not isinstance(pair, list) or len(pair) != 2
                or not all(isinstance(p, (int, float)) and not isinstance(p, bool) and p >= 0 for p in pair)):
            raise RemakeError(f"--editor-prices {path}: bad entry for '{model}': {shape}")
        prices[model] = (float(pair[0]), float(pair[1]))
    return prices
