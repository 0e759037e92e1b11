"""The editor as the harvest uses it: preflight, concurrent question rewrites, the system-prompt variant,
and the usage totals that go to the run directory and the dataset card."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import replace
from pathlib import Path
from typing import Any

from remake.data.recipe import Recipe
from remake.editor.config import EditorConfig
from remake.editor.instructions import instructions_for
from remake.editor.jobs import RewriteAttempt, RewriteJob, Screen, TeacherProbe
from remake.editor.rewrite import rewrite_question, rewrite_system_prompt
from remake.llm.calls import CallRunner
from remake.llm.registry import make_backend
from remake.llm.usage import CostBudget, Usage
from remake.secrets import scrub_text


class Editor:
    def __init__(self, config: EditorConfig, recipe: Recipe, log_path: Path | None = None):
        self.config = config
        self.recipe = recipe
        self.backend = make_backend(config.endpoint())
        self._usage = Usage(max_calls=config.max_calls, max_tokens=config.max_tokens)
        budget = CostBudget(config.max_cost) if config.max_cost is not None else None
        self.policy = replace(config.call_policy(), budget=budget)  # the judge and solver share it (and the cap)
        self._runner = CallRunner(self.backend, self.policy, self._usage, log_path)
        self._rules = instructions_for(recipe)
        self.system_prompt_reason = ""

    def __enter__(self) -> Editor:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def preflight(self) -> None:
        """Raise RemakeError (one line) if the editor cannot work: missing API key, endpoint down, key
        rejected, or an embedded model that does not load. Call it before any training."""
        self.backend.check()

    def rewrite_many(self, jobs: list[RewriteJob], teacher: TeacherProbe, progress: bool = True,
                     screen: Screen | None = None) -> list[RewriteAttempt]:
        """Rewrite every job, `concurrency` at a time; results in the order of `jobs`. Failures and an
        exhausted budget are recorded in the attempts, never raised. `screen`: the cheap faithfulness
        checks each draft must pass before the teacher sees it (a refused draft costs one more step)."""
        from tqdm.auto import tqdm

        results: list[RewriteAttempt | None] = [None] * len(jobs)
        pool = ThreadPoolExecutor(max_workers=self.config.concurrency, thread_name_prefix="editor")
        bar = tqdm(total=len(jobs), desc="editor", unit="q", disable=not progress)
        try:
            futures = {pool.submit(self._rewrite_one, job, teacher, screen): index for index, job in enumerate(jobs)}
            for future in as_completed(futures):
                results[futures[future]] = future.result()
                bar.update(1)
        finally:
            # on Ctrl-C (or a bug in a worker) drop queued jobs instead of waiting for all of them
            pool.shutdown(wait=True, cancel_futures=True)
            bar.close()
        return [attempt for attempt in results if attempt is not None]

    def _rewrite_one(self, job: RewriteJob, teacher: TeacherProbe, screen: Screen | None) -> RewriteAttempt:
        attempt = rewrite_question(job, teacher, self._runner, self.config.max_iterations,
                                   self.config.tag_retries, self._rules, screen, self.config.repairs)
        self._usage.finish(attempt.status)
        if attempt.failure:
            self._usage.fail(attempt.failure)
        return attempt

    def rewrite_system_prompt(self, system: str, feedback: list[str]) -> str | None:
        """A new system prompt from the accumulated per-sample feedback (capped at feedback_chars), or
        None when the editor failed or changed nothing; the reason is kept in `system_prompt_reason`."""
        prompt, failure, reason = rewrite_system_prompt(system, feedback, self._runner, self.config.tag_retries,
                                                        self.config.feedback_chars)
        if failure:
            self._usage.fail(failure)
        self.system_prompt_reason = reason
        return prompt

    def usage(self) -> dict[str, Any]:
        usage = {"model": self.backend.model, "endpoint": scrub_text(self.backend.endpoint), **self._usage.to_dict()}
        if self.policy.budget is not None:
            usage["cost_budget"] = self.policy.budget.to_dict()
            usage["budget_exhausted"] = usage["budget_exhausted"] or self.policy.budget.exhausted
        return usage

    def close(self) -> None:
        self.backend.close()
