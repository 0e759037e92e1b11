"""Every editor request goes through `CallRunner.call`: cache lookup, budget, retries with exponential
backoff, accounting and the JSONL call log. `EditorEngine` presents it to textgrad as an `EngineLM`."""

from __future__ import annotations

import threading
import time
from pathlib import Path

from textgrad.engine import EngineLM

from remake.editor.cache import CachedResponse, EditorCache, cache_key
from remake.editor.config import EditorConfig
from remake.editor.engines import Backend, CallError
from remake.editor.usage import Tally, Usage, call_cost
from remake.files import append_jsonl


class CallRunner:
    """Shared by all workers; thread-safe (the backend, cache and usage are)."""

    def __init__(self, backend: Backend, config: EditorConfig, usage: Usage, log_path: Path | None):
        self.backend = backend
        self.config = config
        self.usage = usage
        self.cache = EditorCache(config.cache_root) if config.use_cache else None
        self.log_path = log_path
        self._log_lock = threading.Lock()

    def call(self, system: str, prompt: str, tally: Tally, sample_id: str) -> str:
        """The editor's reply to (system, prompt). Raises CallError once retries are spent or the
        failure is not retryable, BudgetExhausted when a new request would exceed the budget."""
        key = cache_key(self.backend.model, self.backend.endpoint, self.backend.sampling, system, prompt)
        hit = self.cache.get(key) if self.cache else None
        if hit is not None:
            delta = Tally(cached_calls=1)
            tally.add(delta)
            self.usage.record(delta)
            self._log(sample_id, key, cached=True, tokens_in=hit.tokens_in, tokens_out=hit.tokens_out)
            return hit.text
        for attempt in range(self.config.retries + 1):
            self.usage.reserve()
            tally.calls += 1
            start = time.monotonic()
            try:
                completion = self.backend.complete(system, prompt)
            except CallError as exc:
                latency = time.monotonic() - start
                self._log(sample_id, key, cached=False, latency_s=latency, error=exc.kind, attempt=attempt)
                last_try = not exc.retryable or attempt == self.config.retries
                delta = Tally(latency_s=latency, retries=0 if last_try else 1)
                tally.add(delta)
                self.usage.record(delta)
                if last_try:
                    raise CallError(exc.kind, f"{exc} (after {attempt} retries)", retryable=False) from None
                time.sleep(self._delay(attempt, exc.retry_after))
                continue
            latency = time.monotonic() - start
            delta = Tally(tokens_in=completion.tokens_in, tokens_out=completion.tokens_out, latency_s=latency,
                          cost=call_cost(self.config.prices, self.backend.model,
                                         completion.tokens_in, completion.tokens_out))
            tally.add(delta)
            self.usage.record(delta)
            if self.cache:
                self.cache.put(key, CachedResponse(completion.text, completion.tokens_in, completion.tokens_out),
                               {"model": self.backend.model, "endpoint": self.backend.endpoint})
            self._log(sample_id, key, cached=False, tokens_in=completion.tokens_in,
                      tokens_out=completion.tokens_out, latency_s=latency, attempt=attempt)
            return completion.text
        raise AssertionError("unreachable: the last attempt either returns or raises")

    def _delay(self, attempt: int, retry_after: float | None) -> float:
        backoff = min(self.config.backoff_s * 2 ** attempt, self.config.max_backoff_s)
        return min(max(backoff, retry_after or 0.0), self.config.max_backoff_s)

    def _log(self, sample_id: str, key: str, cached: bool, tokens_in: int = 0, tokens_out: int = 0,
             latency_s: float = 0.0, error: str | None = None, attempt: int = 0) -> None:
        if self.log_path is None:
            return
        row = {"time": time.time(), "sample_id": sample_id, "model": self.backend.model,
               "endpoint": self.backend.endpoint, "key": key, "cached": cached, "tokens_in": tokens_in,
               "tokens_out": tokens_out, "latency_s": round(latency_s, 4), "attempt": attempt, "error": error}
        with self._log_lock:
            append_jsonl(self.log_path, row)


class EditorEngine(EngineLM):
    """textgrad's view of the editor for one job: calls are counted on that job's tally. With
    `required_tag`, a reply lacking it is re-asked with a format reminder (textgrad issues #15/#83)."""

    def __init__(self, runner: CallRunner, tally: Tally, sample_id: str, required_tag: str | None = None,
                 tag_retries: int = 0, reminder: str = ""):
        self.runner = runner
        self.tally = tally
        self.sample_id = sample_id
        self.model_string = runner.backend.model
        self.required_tag = required_tag
        self.tag_retries = tag_retries
        self.reminder = reminder

    def generate(self, prompt: str, system_prompt: str | None = None, **kwargs: object) -> str:
        if not isinstance(prompt, str):
            raise TypeError("the remake editor takes text prompts only (no multimodal content)")
        system = self.system_prompt if system_prompt is None else system_prompt
        text = self.runner.call(system, prompt, self.tally, self.sample_id)
        for retry in range(self.tag_retries if self.required_tag else 0):
            if self.required_tag in text:
                break
            # the attempt number keeps each re-ask a distinct request (and cache entry) at temperature 0
            text = self.runner.call(system, f"{prompt}\n\n{self.reminder} (reminder {retry + 1})",
                                    self.tally, self.sample_id)
        return text

    def __call__(self, prompt: str, **kwargs: object) -> str:
        return self.generate(prompt, **kwargs)
