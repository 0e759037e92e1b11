"""The one transport to every model remake talks to (editor, same-problem judge, answer-invariance solver,
served teacher generation): an `Endpoint` says which model and how to reach it, a `Backend` answers one
request with a `Completion` or raises a classified `CallError`. Backends only send and classify; caching,
budget and retries live in remake.llm.calls and remake.llm.retry. Kinds are registered by name."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol

from remake.errors import RemakeError

API = "api"  # any OpenAI-compatible endpoint; "llama.cpp" and "transformers" run an embedded model


@dataclass(frozen=True)
class Endpoint:
    """Which model answers and how it is reached. An embedded alias without `base_url` runs locally
    (`local_engine`: behind a llama.cpp server remake starts, or in process through transformers);
    anything else is an OpenAI-compatible API model, its key read from `$api_key_env`."""

    model: str
    base_url: str | None = None
    local_engine: str = "llama.cpp"
    api_key_env: str = "OPENAI_API_KEY"
    temperature: float = 0.0
    max_new_tokens: int = 512
    timeout_s: float = 120.0

    @property
    def kind(self) -> str:
        from remake.models.registry import EMBEDDED

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


_REGISTRY: dict[str, Callable[[Endpoint], Backend]] = {}


def register_backend(kind: str, factory: Callable[[Endpoint], Backend]) -> None:
    _REGISTRY[kind] = factory


def make_backend(endpoint: Endpoint) -> Backend:
    _register_builtin()
    if endpoint.kind not in _REGISTRY:
        raise RemakeError(f"unknown model backend {endpoint.kind!r}: known ones are {', '.join(_REGISTRY)}")
    return _REGISTRY[endpoint.kind](endpoint)


class LazyBackend:
    """A backend made on its first use: a re-filter that reuses every stored model output starts no server
    and loads no model. Thread-safe; `close` closes it only if it was made."""

    def __init__(self, endpoint: Endpoint):
        self.model = endpoint.model
        self._endpoint = endpoint
        self._backend: Backend | None = None
        self._lock = threading.Lock()

    def _made(self) -> Backend:
        with self._lock:
            if self._backend is None:
                self._backend = make_backend(self._endpoint)
            return self._backend

    @property
    def endpoint(self) -> str:
        return self._made().endpoint

    @property
    def sampling(self) -> dict[str, Any]:
        return self._made().sampling

    def complete(self, system: str, prompt: str, top_logprobs: int = 0) -> Completion:
        return self._made().complete(system, prompt, top_logprobs)

    def check(self) -> None:
        self._made().check()

    def close(self) -> None:
        with self._lock:
            if self._backend is not None:
                self._backend.close()
                self._backend = None


def _register_builtin() -> None:
    """The built-in kinds, imported on first use (the openai client and transformers are slow to import)."""
    if _REGISTRY:
        return

    def api(endpoint: Endpoint) -> Backend:
        from remake.llm.openai_api import OpenAIBackend

        return OpenAIBackend(endpoint)

    def llama_cpp(endpoint: Endpoint) -> Backend:
        from remake.llm.embedded_backend import EmbeddedServerBackend

        return EmbeddedServerBackend(endpoint)

    def transformers(endpoint: Endpoint) -> Backend:
        from remake.llm.local import LocalBackend

        return LocalBackend(endpoint)

    register_backend(API, api)
    register_backend("llama.cpp", llama_cpp)
    register_backend("transformers", transformers)
