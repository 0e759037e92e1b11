"""Same-problem judge: a language model (the solver's model, by default the editor) is shown the original
and the rewrite and answers SAME or DIFFERENT, twice: once with each text in the "original" slot. A
small model's verdict depends on the order (calibration set, Qwen2.5-Coder-1.5B: each order alone
catches 14 of 21 question swaps and calls 3, resp. 6, of 42 paraphrases DIFFERENT; both together catch
19 and call 8 DIFFERENT), so DIFFERENT in either order rejects, SAME in both accepts.

It covers what no symbolic or embedding rule catches on the calibration set: a rewrite that keeps every
number and most words but asks for another quantity ("how many pages has she written" for "how many pages
are left"). A weak solver cannot catch those through answer invariance, because it fails the originals too;
judging whether two texts ask the same thing is easier than solving either. A reply naming neither word
is inconclusive (does not reject). Replies are stored in the check (`judge_output`, `judge`) so that a
re-filter reuses them instead of asking again."""

from __future__ import annotations

import re
from typing import Any, Protocol, runtime_checkable

from remake.data.recipe import Recipe
from remake.filters.base import FilterContext, register_filter
from remake.filters.verdict import Candidate, check, reusable

# The noun matters to a small judge: with "problem" alone Qwen2.5-Coder-1.5B caught 9 of 21 question swaps
# on the calibration set, with "math word problem" 19 of 21 (GSM8K-style recipes).
SYSTEM = "You check whether a rewritten {subject} is still the same problem as the original."
PROMPT = ("Original problem:\n{original}\n\nRewritten problem:\n{rewrite}\n\n"
          "Does the rewritten problem give the same facts and ask for the same quantity as the original, so that "
          "both have the same answer? Rewording and added hints are fine. Reply with one word: SAME or DIFFERENT.")
VERDICT = re.compile(r"\b(SAME|DIFFERENT)\b")
MAX_NEW_TOKENS = 8  # one word; servers that ignore the cap still only need the first match


@runtime_checkable
class Judge(Protocol):
    name: str

    def ask(self, system: str, prompts: list[str], max_new_tokens: int) -> list[str]:
        """Raw model replies to `prompts` under `system`, in order."""
        ...


def judge_system(recipe: Recipe) -> str:
    return SYSTEM.format(subject="math word problem" if recipe.answer.extractor == "gsm8k" else "question")


def judge_prompts(candidate: Candidate) -> list[str]:
    """The pair in both orders."""
    original, rewrite = candidate.question.strip(), candidate.rewrite.strip()
    return [PROMPT.format(original=original, rewrite=rewrite), PROMPT.format(original=rewrite, rewrite=original)]


def read_verdict(reply: str) -> str | None:
    """SAME or DIFFERENT, whichever the reply names first; None when it names neither."""
    match = VERDICT.search(reply.upper())
    return match.group(1) if match else None


class JudgeFilter:
    name = "judge"

    def __init__(self, context: FilterContext):
        self.judge: Judge | None = context.judge
        self.enabled = context.config.judge
        self.system = judge_system(context.recipe)

    def check(self, candidates: list[Candidate], stored: list[dict | None],
              rejected: list[bool]) -> list[dict[str, Any]]:
        if not self.enabled:
            return [check(None, None, "same-problem judge is off") for _ in candidates]
        replies: list[list[str] | None] = [reusable(previous, "judge", self.judge).get("judge_output")
                                           for previous in stored]
        names: list[str | None] = [(previous or {}).get("judge") for previous in stored]
        ask = [i for i, reply in enumerate(replies) if reply is None and not rejected[i]]
        if ask and self.judge is not None:
            prompts = [prompt for i in ask for prompt in judge_prompts(candidates[i])]
            answers = self.judge.ask(self.system, prompts, MAX_NEW_TOKENS)
            for n, i in enumerate(ask):
                replies[i], names[i] = answers[2 * n: 2 * n + 2], self.judge.name
        return [self._decide(reply, name, bad) for reply, name, bad in zip(replies, names, rejected)]

    def _decide(self, replies: list[str] | None, name: str | None, rejected: bool) -> dict[str, Any]:
        if replies is None:
            why = "already rejected by cheaper filters" if rejected and self.judge else "no judge model available"
            return check(None, None, f"not run: {why}")
        extra = {"judge": name, "judge_output": replies}
        verdicts = [read_verdict(reply) for reply in replies]
        if "DIFFERENT" in verdicts:
            order = "with the rewrite second" if verdicts[0] == "DIFFERENT" else "with the rewrite first"
            return check(False, 0.0, f"{name} judges the rewrite a different problem ({order})", **extra)
        if verdicts == ["SAME", "SAME"]:
            return check(True, 1.0, f"{name} judges the rewrite the same problem (both orders)", **extra)
        return check(None, None, f"{name} gave no SAME/DIFFERENT verdict in one order: inconclusive", **extra)


register_filter(JudgeFilter.name, JudgeFilter, order=50)
