"""Reference-solution check: does the recipe's worked solution (GSM8K's steps) still solve the rewrite?

A small model cannot solve many problems, but checking a given solution may be easier: it is shown the
problem and the reference solution and answers VALID or INVALID ("does every step use only facts the
problem states, and does it find what the problem asks?"). The same question is asked about the original,
for which the solution is valid by construction, so the check compares the two: with logprobs, the rise
in P(INVALID) from original to rewrite must stay under `solution_margin`; with words only, INVALID on
the rewrite after VALID on the original rejects. A model that calls the original INVALID cannot check
the rewrite: inconclusive. Off by default (`--solution-check` turns it on): measured with the offline
editor (benchmarks/results/filters.json, `solution_*`), it did not pay for its two calls per rewrite.
Replies and probabilities are stored in the check so that a re-filter reuses them."""

from __future__ import annotations

from typing import Any

from remake.filters.base import FilterContext
from remake.filters.config import FilterConfig
from remake.filters.judge import Judge, word_probability
from remake.filters.verdict import Candidate, check, reusable

SYSTEM = "You check whether a worked solution fits a math word problem."
PROMPT = ("Problem:\n{problem}\n\nWorked solution:\n{solution}\n\nDoes this solution solve exactly this problem: does "
          "every step use only facts that the problem states, and does it find the quantity the problem asks for? "
          "Reply with one word: VALID or INVALID.")
MAX_NEW_TOKENS = 8
TOP_LOGPROBS = 10


def p_invalid(top_logprobs: list[dict[str, float]] | None) -> float | None:
    return word_probability(top_logprobs, "INVALID", "VALID")


def read_word(reply: str) -> str | None:
    words = reply.upper().split()
    first = words[0].strip("*.:!`'\"") if words else ""
    return first if first in ("VALID", "INVALID") else None


class SolutionFilter:
    name = "solution"

    def __init__(self, context: FilterContext):
        self.judge: Judge | None = context.judge
        self.enabled = context.config.solution_check
        self.margin = context.config.solution_margin

    @staticmethod
    def planned_calls(config: FilterConfig) -> int:
        return 2 if config.solution_check else 0

    def max_calls(self, candidate: Candidate) -> int:
        return 2 if self.enabled and self.judge is not None else 0  # the original and the rewrite

    def check(self, candidates: list[Candidate], stored: list[dict | None],
              rejected: list[bool]) -> list[dict[str, Any]]:
        if not self.enabled:
            return [check(None, None, "reference-solution check is off") for _ in candidates]
        reused = [reusable(previous, "judge", self.judge) for previous in stored]
        results: list[dict[str, Any] | None] = [old if old.get("solution_output") else None for old in reused]
        ask = [i for i, result in enumerate(results)
               if result is None and not rejected[i] and candidates[i].solution and self.judge is not None]
        if ask and self.judge is not None:
            prompts = [PROMPT.format(problem=text.strip(), solution=str(candidates[i].solution).strip())
                       for i in ask for text in (candidates[i].question, candidates[i].rewrite)]
            replies = self.judge.ask(SYSTEM, prompts, MAX_NEW_TOKENS, TOP_LOGPROBS)
            for n, i in enumerate(ask):
                pair = replies[2 * n: 2 * n + 2]
                results[i] = {"judge": self.judge.name, "solution_output": [reply.text for reply in pair],
                              "solution_p_invalid": [p_invalid(reply.top_logprobs) for reply in pair]}
        return [self._decide(result, candidate, bad) for result, candidate, bad in zip(results, candidates, rejected)]

    def _decide(self, result: dict[str, Any] | None, candidate: Candidate, rejected: bool) -> dict[str, Any]:
        if result is None:
            why = ("the recipe gives no reference solution" if not candidate.solution else
                   "already rejected by cheaper filters" if rejected else "no judge model available")
            return check(None, None, f"not run: {why}")
        extra = {key: result[key] for key in ("judge", "solution_output", "solution_p_invalid")}
        name = result["judge"]
        original_p, rewrite_p = result["solution_p_invalid"]
        if original_p is not None and rewrite_p is not None:
            rise = round(rewrite_p - original_p, 4)
            passed = rise < self.margin
            return check(passed, round(1 - max(rise, 0.0), 4),
                         f"{name}: P(INVALID) of the reference solution {original_p:.2f} on the original, "
                         f"{rewrite_p:.2f} on the rewrite (rise {rise:+.2f}, limit {self.margin})",
                         solution_margin=self.margin, **extra)
        original, rewrite = (read_word(text) for text in result["solution_output"])
        if original != "VALID":
            return check(None, None, f"{name} does not call the solution VALID for the original: inconclusive", **extra)
        if rewrite == "INVALID":
            return check(False, 0.0, f"{name}: the reference solution no longer solves the rewrite", **extra)
        return check(True if rewrite == "VALID" else None, 1.0 if rewrite == "VALID" else None,
                     f"{name}: the reference solution {'still solves' if rewrite == 'VALID' else 'gave no verdict on'} "
                     "the rewrite", **extra)
