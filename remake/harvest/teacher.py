"""The teacher as the symbolic phase sees it: answer samples (under the current system prompt) and
say whether each answer is right. Thread-safe, because the editor rewrites several samples
concurrently and re-asks the teacher after each iteration."""

from __future__ import annotations

import threading
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from remake.data.recipe import Recipe
from remake.data.samples import Sample, with_question
from remake.data.scoring import is_correct
from remake.llm.generate import generate


@dataclass
class Teacher:
    model: Any
    tokenizer: Any
    recipe: Recipe
    max_new_tokens: int
    batch_size: int = 16
    system: str | None = None  # replaces the samples' system prompt once the editor rewrote it
    served: Any = None         # a RemoteGenerator (--generate-base-url) or LlamaCppGenerator: answers come from it
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def answer(self, samples: Sequence[Sample], progress: str | None = None) -> list[tuple[str, bool]]:
        """(output, correct) for each sample."""
        turns = [(self.system if self.system is not None else s.system, s.question) for s in samples]
        with self._lock:
            outputs = (self.served.generate(turns, progress=progress) if self.served is not None else
                       generate(self.model, self.tokenizer, turns, self.max_new_tokens,
                                batch_size=self.batch_size, progress=progress))
        return [(out, is_correct(self.recipe, out, s.final)) for s, out in zip(samples, outputs)]

    def after_training(self, folder: Path, name: str) -> None:
        """A served teacher (a server, or llama.cpp) loads the adapter just trained (in process, the model
        is already live)."""
        if self.served is not None:
            from remake.llm.remote_generator import publish_adapter

            publish_adapter(self.served, self.model, folder, name)

    def probe(self, sample: Sample, question: str) -> tuple[str, bool]:
        """The editor's TeacherProbe: the teacher's answer to one candidate (raw) question."""
        return self.answer([with_question(self.recipe, sample, question)])[0]
