"""Token and call accounting for the editor, the budget that stops the symbolic phase, and cost from an
optional price table. One `Tally` per rewrite job, one `Usage` (thread-safe) per editor."""

from __future__ import annotations

import threading
from collections import Counter
from dataclasses import dataclass, field
from typing import Any


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


class CostBudget:
    """A cap in USD shared by every priced call of a run (editor, judge, solver). A call is sent only if
    its worst case fits under the cap with the calls in flight: every byte of the prompt a token (tokenizers
    make fewer) and the reply at its token limit. So the spend never passes the cap. Thread-safe."""

    def __init__(self, limit: float):
        self.limit = limit
        self.spent = 0.0
        self.pending = 0.0  # worst cases of the calls reserved and not yet recorded
        self.calls = 0
        self.exhausted = False
        self._lock = threading.Lock()

    def reserve(self, price: tuple[float, float] | None, max_tokens_in: int, max_tokens_out: int) -> float:
        """Claim the worst case of the next call at `price` (USD per 1M in, out) and return it, or raise
        BudgetExhausted when it could take the spend past the cap."""
        if price is None:
            return 0.0
        worst = (max_tokens_in * price[0] + max_tokens_out * price[1]) / 1_000_000
        with self._lock:
            if self.spent + self.pending + worst > self.limit:
                self.exhausted = True
                raise BudgetExhausted(f"--max-editor-cost reached (${self.spent:.4f} spent of ${self.limit:.4f})")
            self.pending += worst
            return worst

    def release(self, reserved: float) -> None:
        """A reserved call that failed: its claim is given back."""
        with self._lock:
            self.pending -= reserved

    def record(self, cost: float, reserved: float) -> None:
        with self._lock:
            self.pending -= reserved
            self.spent += cost
            self.calls += 1

    def to_dict(self) -> dict[str, Any]:
        with self._lock:
            return {"limit_usd": self.limit, "spent_usd": round(self.spent, 6), "calls": self.calls,
                    "exhausted": self.exhausted}
