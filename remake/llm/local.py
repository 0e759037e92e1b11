"""An embedded model generating in this process through transformers (`--editor-local-engine transformers`)."""

from __future__ import annotations

import threading
from typing import Any

from remake.errors import RemakeError
from remake.llm.types import Completion, Endpoint


class LocalBackend:
    """An embedded model generating greedily in this process. One request at a time (a lock): a CPU
    model gains nothing from concurrent calls, and the model object is not thread-safe."""

    def __init__(self, config: Endpoint):
        from remake.models.registry import gguf_path

        if config.temperature > 0:
            raise RemakeError("the in-process editor decodes greedily: use temperature 0, or serve the model "
                              "(`remake serve MODEL`) and pass --editor-base-url")
        self.model = config.model
        self.endpoint = f"in-process:{gguf_path(config.model).name}"
        self.sampling = {"temperature": 0.0, "max_tokens": config.max_new_tokens}
        self._max_new_tokens = config.max_new_tokens
        self._lock = threading.Lock()
        self._loaded: tuple[Any, Any] | None = None

    def _load(self) -> tuple[Any, Any]:
        if self._loaded is None:
            from remake.models.registry import load_model

            model, tokenizer, _ = load_model(self.model)
            self._loaded = (model, tokenizer)
        return self._loaded

    def check(self) -> None:
        with self._lock:
            self._load()

    def complete(self, system: str, prompt: str, top_logprobs: int = 0) -> Completion:
        """Greedy text only: `top_logprobs` is not returned in process (a judge reads the reply's word)."""
        from remake.data.prompting import prompt_text
        from remake.llm.generate import generate

        with self._lock:
            model, tokenizer = self._load()
            text = generate(model, tokenizer, [(system, prompt)], self._max_new_tokens)[0]
            tokens_in = len(tokenizer(prompt_text(tokenizer, system, prompt), add_special_tokens=False)["input_ids"])
            tokens_out = len(tokenizer(text, add_special_tokens=False)["input_ids"])
        return Completion(text, tokens_in, tokens_out)

    def close(self) -> None:
        with self._lock:
            self._loaded = None
