"""The model backends by name: `register_backend(name, factory, capabilities=...)` adds one (a class or a
lazy "module:Object" target called with the `Endpoint`), `make_backend(endpoint)` makes the one the
endpoint's `kind` names. The built-in kinds: "api" (any OpenAI-compatible endpoint), "llama.cpp" (an
embedded model behind a server remake starts) and "transformers" (an embedded model in process)."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from typing import Any

from remake.errors import RemakeError
from remake.llm.types import API, CAPABILITIES, IN_PROCESS, LOGPROBS, SERVED, Backend, Completion, Endpoint
from remake.registry import Registry

BackendFactory = Callable[[Endpoint], Backend]
BACKENDS: Registry[BackendFactory] = Registry("model backend", flag="--editor-backend")


def register_backend(name: str, factory: BackendFactory | str, *, capabilities: Iterable[str] = (),
                     replace: bool = False) -> None:
    """Add a backend kind. `capabilities` (from remake.llm.types.CAPABILITIES) say what it can do:
    "logprobs" (top_logprobs returned), "in-process" (generates here, one request at a time), "served"
    (an HTTP server answers; other stages may share it)."""
    declared = frozenset(capabilities)
    unknown = sorted(declared - set(CAPABILITIES))
    if unknown:
        raise RemakeError(f"model backend {name!r}: unknown capabilities {', '.join(unknown)}; "
                          f"known ones are {', '.join(CAPABILITIES)}")
    BACKENDS.register(name, factory, replace=replace, capabilities=declared)


def capabilities(endpoint: Endpoint) -> frozenset[str]:
    """What the backend that would answer `endpoint` can do, without making it."""
    return BACKENDS.settings(endpoint.kind)["capabilities"]


def make_backend(endpoint: Endpoint) -> Backend:
    return BACKENDS.get(endpoint.kind)(endpoint)


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


register_backend(API, "remake.llm.openai_api:OpenAIBackend", capabilities=(LOGPROBS, SERVED))
register_backend("llama.cpp", "remake.llm.embedded_backend:EmbeddedServerBackend", capabilities=(LOGPROBS, SERVED))
register_backend("transformers", "remake.llm.local:LocalBackend", capabilities=(IN_PROCESS,))
