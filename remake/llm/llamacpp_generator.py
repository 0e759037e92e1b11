"""The teacher's answers from llama.cpp in process (`--teacher-generation llama.cpp`, the default for an
embedded teacher on CPU): the model's own GGUF with the adapter just trained, converted to llama.cpp's
adapter format after each epoch. Prompts are the transformers tokenizer's token ids, so llama.cpp sees
exactly the prompt in-process generation would; answers are greedy, one prompt at a time (llama.cpp
reuses the shared system-prompt prefix of its KV cache)."""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from remake.data.prompting import prompt_text
from remake.models.gguf_lora import write_lora_gguf

ADAPTER_FILE = "adapter.gguf"


@dataclass
class LlamaCppGenerator:
    """Greedy answers from `gguf` (plus the last adapter loaded) for (system, question) pairs."""

    gguf: Path
    tokenizer: Any
    max_new_tokens: int
    n_ctx: int = 2048
    threads: int = field(default_factory=lambda: max(1, len(os.sched_getaffinity(0))))
    adapter: Path | None = None
    lora_supported: bool = True
    _llm: Any = None

    def generate(self, turns: Sequence[tuple[str, str]], progress: str | None = None) -> list[str]:
        """Answers in the order given; a bar named `progress` when given."""
        from tqdm.auto import tqdm

        llm = self._model()
        answers = []
        for system, question in tqdm(turns, desc=progress, disable=progress is None, unit="q"):
            ids = self.tokenizer(prompt_text(self.tokenizer, system, question), add_special_tokens=False)["input_ids"]
            room = max(1, min(self.max_new_tokens, self.n_ctx - len(ids)))
            result = llm.create_completion(ids, max_tokens=room, temperature=0.0, top_k=1, top_p=1.0,
                                           repeat_penalty=1.0)
            answers.append(result["choices"][0]["text"].strip())
        return answers

    def load_adapter(self, name: str, folder: Path) -> bool:
        """Apply the peft adapter saved in `folder` (converted beside it) to later answers."""
        self.adapter = write_lora_gguf(Path(folder), self.gguf, Path(folder) / ADAPTER_FILE)
        self.close()  # llama.cpp binds an adapter at load: the next answer reloads (mmap, ~1 s)
        return True

    def _model(self) -> Any:
        if self._llm is None:
            from llama_cpp import Llama

            _quiet_llama_cpp_log()
            self._llm = Llama(model_path=str(self.gguf), lora_path=str(self.adapter) if self.adapter else None,
                              n_ctx=self.n_ctx, n_threads=self.threads, n_batch=512, seed=0, verbose=False)
        return self._llm

    def close(self) -> None:
        if self._llm is not None:
            self._llm.close()
            self._llm = None


_QUIET: list[Any] = []  # the C callback must outlive every call into llama.cpp


def _quiet_llama_cpp_log() -> None:
    """Drop llama.cpp's C log: with an adapter on a K-quant GGUF it prints one "cannot use buft
    'CPU_REPACK', fallback to CPU" line per adapted tensor (168 for Qwen2.5-1.5B); failures still raise."""
    import llama_cpp

    if not _QUIET:
        _QUIET.append(llama_cpp.llama_log_callback(lambda level, text, user_data: None))
        llama_cpp.llama_log_set(_QUIET[0], None)
