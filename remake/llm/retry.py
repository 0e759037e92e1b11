"""Retries with exponential backoff: the one implementation every model call goes through (editor,
judge, solver, served teacher generation). A Retry-After from the server is honoured, within the cap."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from remake.llm.types import CallError

T = TypeVar("T")


@dataclass(frozen=True)
class RetryPolicy:
    retries: int = 3
    backoff_s: float = 1.0       # first delay; doubles each retry, capped at max_backoff_s
    max_backoff_s: float = 30.0

    def delay(self, attempt: int, retry_after: float | None) -> float:
        backoff = min(self.backoff_s * 2 ** attempt, self.max_backoff_s)
        return min(max(backoff, retry_after or 0.0), self.max_backoff_s)


def with_retries(send: Callable[[], T], policy: RetryPolicy,
                 on_failure: Callable[[CallError, int, bool], None] | None = None) -> T:
    """`send()` until it returns; a retryable CallError is retried after the policy's delay.
    `on_failure(error, attempt, final)` sees every failure (for accounting and logs). The final one is
    raised as a non-retryable CallError that says how many retries were spent."""
    for attempt in range(policy.retries + 1):
        try:
            return send()
        except CallError as exc:
            final = not exc.retryable or attempt == policy.retries
            if on_failure is not None:
                on_failure(exc, attempt, final)
            if final:
                raise CallError(exc.kind, f"{exc} (after {attempt} retries)", retryable=False) from None
            time.sleep(policy.delay(attempt, exc.retry_after))
    raise AssertionError("unreachable: the last attempt either returns or raises")
