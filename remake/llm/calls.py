"""Every model request goes through `CallRunner.call`: cache lookup, budget, retries with backoff,
accounting and the JSONL call log. The editor, the judge and the solver each hold one."""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from remake.files import append_jsonl
from remake.llm.cache import CachedResponse, EditorCache, cache_key
from remake.llm.retry import RetryPolicy, with_retries
from remake.llm.types import Backend, CallError, Completion, TokenLogprobs
from remake.llm.usage import BudgetExhausted, CostBudget, Tally, Usage, call_cost
from remake.secrets import scrub_text

PROMPT_OVERHEAD = 16   # tokens a chat template adds around the system and user messages, at most
MAX_REPLY = 4096       # a reply's token bound when the backend names none


@dataclass(frozen=True)
class CallPolicy:
    """How calls are made around the backend: retries, the on-disk cache (None: off) and prices."""

    retry: RetryPolicy = field(default_factory=RetryPolicy)
    cache_root: Path | None = None
    prices: dict[str, tuple[float, float]] | None = None
    budget: CostBudget | None = None  # --max-editor-cost, shared by the editor's and the filters' calls


@dataclass(frozen=True)
class Reply:
    text: str
    top_logprobs: list[TokenLogprobs] | None = None  # per generated token, when asked for and returned


class CallRunner:
    """Shared by all workers; thread-safe (the backend, cache and usage are)."""

    def __init__(self, backend: Backend, policy: CallPolicy, usage: Usage, log_path: Path | None = None):
        self.backend = backend
        self.policy = policy
        self.usage = usage
        self.cache = EditorCache(policy.cache_root) if policy.cache_root is not None else None
        self.log_path = log_path
        self._log_lock = threading.Lock()

    def call(self, system: str, prompt: str, tally: Tally, sample_id: str) -> str:
        """The model's reply to (system, prompt). Raises CallError once retries are spent or the
        failure is not retryable, BudgetExhausted when a new request would exceed the budget."""
        return self.reply(system, prompt, tally, sample_id).text

    def reply(self, system: str, prompt: str, tally: Tally, sample_id: str, top_logprobs: int = 0) -> Reply:
        """`call`, also asking for `top_logprobs` alternatives per generated token (a separate cache entry:
        a reply cached without them cannot answer for them)."""
        sampling = self.backend.sampling | ({"top_logprobs": top_logprobs} if top_logprobs > 0 else {})
        key = cache_key(self.backend.model, self.backend.endpoint, sampling, system, prompt)
        hit = self.cache.get(key) if self.cache else None
        if hit is not None:
            self._count(tally, Tally(cached_calls=1, cached_tokens_in=hit.tokens_in, cached_tokens_out=hit.tokens_out))
            self._log(sample_id, key, cached=True, tokens_in=hit.tokens_in, tokens_out=hit.tokens_out)
            return Reply(hit.text, hit.top_logprobs)
        started, attempts, reserved = [0.0], [0], [0.0]
        price = (self.policy.prices or {}).get(self.backend.model)
        budget = self.policy.budget

        def send() -> Completion:
            if budget is not None:
                reserved[0] = budget.reserve(price, len(f"{system}{prompt}".encode()) + PROMPT_OVERHEAD,
                                             int(self.backend.sampling.get("max_tokens") or MAX_REPLY))
            try:
                self.usage.reserve()
            except BudgetExhausted:
                if budget is not None:
                    budget.release(reserved[0])
                raise
            tally.calls += 1
            attempts[0] += 1
            started[0] = time.monotonic()
            return self.backend.complete(system, prompt, top_logprobs)

        def failed(exc: CallError, attempt: int, final: bool) -> None:
            if budget is not None:
                budget.release(reserved[0])
            latency = time.monotonic() - started[0]
            self._log(sample_id, key, cached=False, latency_s=latency, error=exc.kind, attempt=attempt)
            self._count(tally, Tally(latency_s=latency, retries=0 if final else 1))

        completion = with_retries(send, self.policy.retry, failed)
        latency = time.monotonic() - started[0]
        cost = call_cost(self.policy.prices, self.backend.model, completion.tokens_in, completion.tokens_out)
        if budget is not None:
            budget.record(cost, reserved[0])
        self._count(tally, Tally(tokens_in=completion.tokens_in, tokens_out=completion.tokens_out, latency_s=latency,
                                 cost=cost))
        if self.cache:
            self.cache.put(key, CachedResponse(completion.text, completion.tokens_in, completion.tokens_out,
                                               completion.top_logprobs),
                           {"model": self.backend.model, "endpoint": scrub_text(self.backend.endpoint)})
        self._log(sample_id, key, cached=False, tokens_in=completion.tokens_in, tokens_out=completion.tokens_out,
                  latency_s=latency, attempt=attempts[0] - 1)
        return Reply(completion.text, completion.top_logprobs)

    def _count(self, tally: Tally, delta: Tally) -> None:
        """`delta.calls` is 0: reserve() and send() counted the request already."""
        tally.add(delta)
        self.usage.record(delta)

    def _log(self, sample_id: str, key: str, cached: bool, tokens_in: int = 0, tokens_out: int = 0,
             latency_s: float = 0.0, error: str | None = None, attempt: int = 0) -> None:
        if self.log_path is None:
            return
        row = {"time": time.time(), "sample_id": sample_id, "model": self.backend.model,
               "endpoint": scrub_text(self.backend.endpoint), "key": key, "cached": cached, "tokens_in": tokens_in,
               "tokens_out": tokens_out, "latency_s": round(latency_s, 4), "attempt": attempt, "error": error}
        with self._log_lock:
            append_jsonl(self.log_path, row)
