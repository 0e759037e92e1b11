"""The value types of the one transport to every model remake talks to (editor, same-problem judge,
answer-invariance solver, served teacher generation): an `Endpoint` says which model and how to reach it,
a `Backend` answers one request with a `Completion` or raises a classified `CallError`. Backends only send
and classify; caching, budget and retries live in remake.llm.calls and remake.llm.retry; the kinds of
backend are registered by name in remake.llm.registry, which the backends themselves never import."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol

API = "api"  # any OpenAI-compatible endpoint; "llama.cpp" and "transformers" run an embedded model
# what a backend can do, declared when it is registered (remake.llm.registry), asked instead of its class
LOGPROBS = "logprobs"      # returns top_logprobs per generated token (the judge reads P(DIFFERENT) from them)
IN_PROCESS = "in-process"  # generates in this process: one request at a time, no server to share
SERVED = "served"          # an HTTP server answers: concurrent requests, shareable with other stages
CAPABILITIES = (LOGPROBS, IN_PROCESS, SERVED)


@dataclass(frozen=True)
class Endpoint:
    """Which model answers and how it is reached. An embedded alias without `base_url` runs locally
    (`local_engine`: behind a llama.cpp server remake starts, or in process through transformers);
    anything else is an OpenAI-compatible API model, its key read from `$api_key_env`."""

    model: str
    base_url: str | None = None
    local_engine: str = "llama.cpp"
    backend: str | None = None  # a registered backend's name: chosen over the kind read from model and URL
    api_key_env: str = "OPENAI_API_KEY"
    temperature: float = 0.0
    max_new_tokens: int = 512
    timeout_s: float = 120.0

    @property
    def kind(self) -> str:
        """The registered backend that answers: `backend` when named, else the local engine of an embedded
        alias without a URL, else the OpenAI-compatible API."""
        from remake.models.registry import EMBEDDED

        if self.backend:
            return self.backend
        return self.local_engine if self.base_url is None and self.model in EMBEDDED else API


# One generated token's most likely alternatives: token text -> log probability (what OpenAI's, vLLM's and
# llama.cpp's chat APIs return as `top_logprobs`).
TokenLogprobs = dict[str, float]


@dataclass(frozen=True)
class Completion:
    text: str
    tokens_in: int
    tokens_out: int
    top_logprobs: list[TokenLogprobs] | None = None  # per generated token, when asked for and returned


class CallError(Exception):
    """One failed request. `kind` names the failure for the usage report (timeout, rate_limited,
    server_error, connection, http_4xx, empty_response); `retryable` says whether backoff may help."""

    def __init__(self, kind: str, message: str, retryable: bool, retry_after: float | None = None):
        super().__init__(message)
        self.kind = kind
        self.retryable = retryable
        self.retry_after = retry_after


class Backend(Protocol):
    model: str
    endpoint: str             # names the model's server in cache keys and logs
    sampling: dict[str, Any]

    def complete(self, system: str, prompt: str, top_logprobs: int = 0) -> Completion:
        """The reply; with `top_logprobs` > 0 also that many alternatives per generated token where the
        backend can return them (None where it cannot)."""
        ...
    def check(self) -> None: ...
    def close(self) -> None: ...
