"""Solvers for the answer-invariance check: anything with a `name` and `answer(questions)`. HttpSolver
asks a model through remake.llm (the editor's endpoint: served embedded model, vLLM or an API, with the
same call cache); LocalSolver runs a model in this process. Both also `ask` other prompts, which makes
them the same-problem judge (remake.filters.judge) too."""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

from remake.data.recipe import Recipe
from remake.data.scoring import answer_format
from remake.llm.calls import CallPolicy, CallRunner, Reply
from remake.llm.types import Backend
from remake.llm.usage import Tally, Usage


@runtime_checkable
class Solver(Protocol):
    name: str

    def answer(self, questions: list[str]) -> list[str]:
        """Raw model outputs for raw questions, in order."""
        ...


def answer_ending(recipe: Recipe) -> str:
    """How the recipe's answer format expects an answer to end."""
    return answer_format(recipe).ending(recipe)


def solver_system_prompt(recipe: Recipe) -> str:
    return ("Solve the problem. Reason in plain text, step by step (no code, no tables), "
            f"then finish with {answer_ending(recipe)}.")


class LocalSolver:
    """Greedy answers from a model loaded in this process (an alias, Hub id or local path)."""

    def __init__(self, model_alias: str, recipe: Recipe, max_new_tokens: int, batch_size: int = 16,
                 device: str | None = None):
        from remake.models.registry import load_model

        self.name = model_alias
        self.on_call: Callable[[], Any] | None = None  # told after each reply (a progress bar)
        self.system = solver_system_prompt(recipe)
        self.max_new_tokens = max_new_tokens
        self.batch_size = batch_size
        self._model, self._tokenizer, _ = load_model(model_alias, device=device)

    def answer(self, questions: list[str]) -> list[str]:
        return self._generate(self.system, questions, self.max_new_tokens)

    def ask(self, system: str, prompts: list[str], max_new_tokens: int, top_logprobs: int = 0) -> list[Reply]:
        """Greedy replies to other prompts (the same-problem judge's), same model; text only (a judge
        then reads the reply's word)."""
        return [Reply(text) for text in self._generate(system, prompts, max_new_tokens)]

    def _generate(self, system: str, prompts: list[str], max_new_tokens: int) -> list[str]:
        from remake.llm.generate import generate

        turns = [(system, prompt) for prompt in prompts]
        outputs = generate(self._model, self._tokenizer, turns, max_new_tokens, batch_size=self.batch_size)
        for _ in outputs if self.on_call else ():
            self.on_call()
        return outputs

    def __repr__(self) -> str:
        return f"LocalSolver({self.name!r})"


class HttpSolver:
    """Answers raw questions through an OpenAI-compatible backend (a served embedded model, vLLM, an
    API), `concurrency` requests at a time, every call cached like an editor call. Retries follow the
    policy (the editor's, for the editor's model); a request that still fails raises CallError."""

    def __init__(self, backend: Backend, policy: CallPolicy, recipe: Recipe, concurrency: int = 4,
                 log_path: Path | None = None):
        self.name = backend.model
        self.on_call: Callable[[], Any] | None = None  # told after each reply (a progress bar)
        self.system = solver_system_prompt(recipe)
        self.concurrency = concurrency
        self.usage = Usage()  # counted apart: solving must not spend the editor's --max-editor-calls
        self._runner = CallRunner(backend, policy, self.usage, log_path)

    def answer(self, questions: list[str]) -> list[str]:
        return [reply.text for reply in self._replies(self.system, questions, "solver")]

    def ask(self, system: str, prompts: list[str], max_new_tokens: int, top_logprobs: int = 0) -> list[Reply]:
        """Replies to other prompts (the same-problem judge's). The editor's sampling settings apply, its
        token cap included (they are part of every cache key); the judge reads the reply's first verdict."""
        return self._replies(system, prompts, "judge", top_logprobs)

    def _replies(self, system: str, prompts: list[str], label: str, top_logprobs: int = 0) -> list[Reply]:
        # a LazyBackend makes its server on first use: let that happen in this thread, not in a pool worker,
        # because the server is bound to die with the thread that started it (PR_SET_PDEATHSIG)
        _ = self._runner.backend.endpoint
        pool = ThreadPoolExecutor(max_workers=self.concurrency, thread_name_prefix=label)
        try:
            return list(pool.map(lambda prompt: self._reply(system, prompt, label, top_logprobs), prompts))
        finally:
            # on Ctrl-C do not wait for requests in flight: closing the editor stops the server under them
            pool.shutdown(wait=False, cancel_futures=True)

    def _reply(self, system: str, prompt: str, label: str, top_logprobs: int) -> Reply:
        reply = self._runner.reply(system, prompt, Tally(), label, top_logprobs)
        if self.on_call is not None:
            self.on_call()
        return reply

    def __repr__(self) -> str:
        return f"HttpSolver({self.name!r})"


def dedupe_answers(solver: Any, questions: list[str], memo: dict[tuple[str, str], str]) -> list[str]:
    """Answers for `questions`, asking the solver once per distinct question not yet in `memo`
    (originals recur across a sample's rewrite attempts)."""
    missing = list(dict.fromkeys(q for q in questions if (solver.name, q) not in memo))
    if missing:
        outputs = solver.answer(missing)
        if len(outputs) != len(missing):
            raise RuntimeError(f"solver {solver.name} returned {len(outputs)} answers for {len(missing)} questions")
        memo.update({(solver.name, q): out for q, out in zip(missing, outputs)})
    return [memo[(solver.name, q)] for q in questions]
