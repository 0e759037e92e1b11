"""The editor's endpoint as the answer-invariance solver and same-problem judge (remake.filters' `Solver`
and `Judge` protocols): the same model, server and on-disk call cache as the editor, with their own
prompts and no editor budget."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from remake.editor.calls import CallRunner
from remake.editor.config import EditorConfig
from remake.editor.engines import Backend
from remake.editor.usage import Tally, Usage
from remake.filters.solver import solver_system_prompt
from remake.recipes import Recipe


class HttpSolver:
    """Answers raw questions through an OpenAI-compatible backend (a served embedded model, vLLM, an
    API), `concurrency` requests at a time, every call cached like an editor call. Retries follow the
    editor's settings; a request that still fails raises CallError."""

    def __init__(self, backend: Backend, config: EditorConfig, recipe: Recipe, log_path: Path | None = None):
        self.name = backend.model
        self.system = solver_system_prompt(recipe)
        self.concurrency = config.concurrency
        self.usage = Usage()  # counted apart: solving must not spend the editor's --max-editor-calls
        self._runner = CallRunner(backend, config, self.usage, log_path)

    def answer(self, questions: list[str]) -> list[str]:
        return self._replies(self.system, questions, "solver")

    def ask(self, system: str, prompts: list[str], max_new_tokens: int) -> list[str]:
        """Replies to other prompts (the same-problem judge's). The editor's sampling settings apply, its
        token cap included (they are part of every cache key); the judge reads the reply's first verdict."""
        return self._replies(system, prompts, "judge")

    def _replies(self, system: str, prompts: list[str], label: str) -> list[str]:
        pool = ThreadPoolExecutor(max_workers=self.concurrency, thread_name_prefix=label)
        try:
            return list(pool.map(lambda prompt: self._runner.call(system, prompt, Tally(), label), prompts))
        finally:
            # on Ctrl-C do not wait for requests in flight: closing the editor stops the server under them
            pool.shutdown(wait=False, cancel_futures=True)

    def __repr__(self) -> str:
        return f"HttpSolver({self.name!r})"
