"""The teacher as the symbolic phase sees it: answer samples (under the current system prompt) and
say whether each answer is right. Thread-safe, because the editor rewrites several samples
concurrently and re-asks the teacher after each iteration."""

from __future__ import annotations

import threading
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from remake.data import Sample, with_question
from remake.generate import generate
from remake.recipes import Recipe
from remake.scoring import is_correct


@dataclass
class Teacher:
    model: Any
    tokenizer: Any
    recipe: Recipe
    max_new_tokens: int
    batch_size: int = 16
    system: str | None = None  # replaces the samples' system prompt once the editor rewrote it
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def answer(self, samples: Sequence[Sample], progress: str | None = None) -> list[tuple[str, bool]]:
        """(output, correct) for each sample."""
        turns = [(self.system if self.system is not None else s.system, s.question) for s in samples]
        with self._lock:
            outputs = generate(self.model, self.tokenizer, turns, self.max_new_tokens,
                               batch_size=self.batch_size, progress=progress)
        return [(out, is_correct(self.recipe, out, s.final)) for s, out in zip(samples, outputs)]

    def probe(self, sample: Sample, question: str) -> tuple[str, bool]:
        """The editor's TeacherProbe: the teacher's answer to one candidate (raw) question."""
        return self.answer([with_question(self.recipe, sample, question)])[0]
