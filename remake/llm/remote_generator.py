"""Generation at scale: teacher prompts (candidate scans, held-out scoring), answer-invariance solver
calls and `remake eval` answered by an OpenAI-compatible server (`--generate-base-url`, e.g.
`VLLM_ALLOW_RUNTIME_LORA_UPDATING=True vllm serve BASE --enable-lora`) through the editor's client
(`remake.llm.openai_api.OpenAIBackend`): the same retries classification, timeouts and key handling.

After each epoch the harvest saves the current adapter and loads it into the server with vLLM's
`POST /v1/load_lora_adapter {lora_name, lora_path}`; later requests name the adapter as their model.
Servers without the route (llama.cpp, Ollama) keep serving the base model: the skip is logged once,
and the harvest's criteria then see the base teacher's answers. In-process generation stays the default."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from remake.errors import RemakeError
from remake.files import save_pretrained_atomically
from remake.llm.openai_api import OpenAIBackend
from remake.llm.retry import RetryPolicy, with_retries
from remake.llm.types import CallError, Endpoint

UNSUPPORTED = {"http_404", "http_405", "http_501"}  # the server has no runtime LoRA loading


@dataclass
class RemoteGenerator:
    """Greedy answers from a server. `model` None: the first model the server lists (its base)."""

    base_url: str
    max_new_tokens: int
    model: str | None = None
    concurrency: int = 8
    timeout_s: float = 600.0
    retries: int = 3
    log: Callable[[str], None] = print
    adapter: str | None = None     # the LoRA adapter requests name once one was loaded
    lora_supported: bool = True
    _backends: dict[str, OpenAIBackend] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.model is None:
            self.model = self._listed_model()

    def _endpoint(self, model: str) -> Endpoint:
        return Endpoint(model=model, base_url=self.base_url, temperature=0.0, max_new_tokens=self.max_new_tokens,
                        timeout_s=self.timeout_s, api_key_env="REMAKE_GENERATE_API_KEY")

    def _backend(self, model: str) -> OpenAIBackend:
        if model not in self._backends:
            self._backends[model] = OpenAIBackend(self._endpoint(model))
        return self._backends[model]

    def base_backend(self) -> OpenAIBackend:
        """The client of the server's base model (not the teacher's adapter): the filters' solver asks it."""
        return self._backend(self.model or "")

    def _listed_model(self) -> str:
        probe = self._backend("probe")
        probe.check()  # one-line RemakeError when the server is down
        listed = probe.models()
        if not listed:
            raise RemakeError(f"{self.base_url} lists no model: start the server with a model")
        return listed[0]

    def generate(self, turns: Sequence[tuple[str, str]], base: bool = False, progress: str | None = None) -> list[str]:
        """Answers to (system, question) pairs in order, `concurrency` requests at a time; from the
        loaded adapter unless `base`; a bar named `progress` when given."""
        from tqdm.auto import tqdm

        backend = self._backend((None if base else self.adapter) or self.model or "")
        with ThreadPoolExecutor(max_workers=self.concurrency) as pool:
            answers = pool.map(lambda turn: self._complete(backend, *turn), turns)
            return list(tqdm(answers, total=len(turns), desc=progress, disable=progress is None, unit="q"))

    def _complete(self, backend: OpenAIBackend, system: str, question: str) -> str:
        try:
            return with_retries(lambda: backend.complete(system, question), RetryPolicy(self.retries)).text.strip()
        except CallError as exc:
            raise RemakeError(f"generation server {self.base_url} failed ({exc}): check the server "
                              "or drop --generate-base-url to generate in process") from None

    def load_adapter(self, name: str, path: Path) -> bool:
        """Load a saved adapter into the server; later requests use it. False (logged) when the
        server has no runtime LoRA loading."""
        if not self.lora_supported:
            return False
        try:
            self._backend(self.model or "").post("load_lora_adapter",
                                                  {"lora_name": name, "lora_path": str(Path(path).resolve())})
        except CallError as exc:
            if exc.kind not in UNSUPPORTED:
                raise RemakeError(f"{self.base_url} refused adapter {path} ({exc}): start vLLM with --enable-lora "
                                  "and VLLM_ALLOW_RUNTIME_LORA_UPDATING=True, on a machine that sees the path") from None
            self.lora_supported = False
            self.log(f"{self.base_url} cannot load LoRA adapters ({exc.kind}): generation keeps the base model")
            return False
        self.adapter = name
        return True

    def close(self) -> None:
        for backend in self._backends.values():
            backend.close()


def publish_adapter(generator: RemoteGenerator, model: Any, folder: Path, name: str) -> bool:
    """Save the live peft model's adapter to `folder` and load it into the server under `name`."""
    if not generator.lora_supported:
        return False
    save_pretrained_atomically(model, folder)
    return generator.load_adapter(name, folder)
