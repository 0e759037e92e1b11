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
re-filter reuses them instead of asking again.

A word throws away how sure the model was. Where the backend returns logprobs (OpenAI, vLLM, llama.cpp's
server, the embedded one included), the judge reads P(DIFFERENT) = p(DIFFERENT) / (p(SAME) + p(DIFFERENT))
at the verdict's first token in each order and rejects when their mean reaches a threshold calibrated per
judge model on the calibration set (`JUDGE_THRESHOLDS`; `--judge-threshold` overrides). The
probabilities are stored in the check (`judge_p_different`). Without logprobs the words decide as above."""

from __future__ import annotations

import math
import re
from typing import Any, Protocol, runtime_checkable

from remake.data.recipe import Recipe
from remake.data.scoring import answer_format
from remake.filters.base import FilterContext
from remake.filters.config import FilterConfig
from remake.filters.number_words import in_digits
from remake.filters.verdict import Candidate, check, reusable
from remake.llm.calls import Reply

# The noun matters to a small judge: with "problem" alone Qwen2.5-Coder-1.5B caught 9 of 21 question swaps
# on the calibration set, with "math word problem" 19 of 21 (GSM8K-style recipes).
SYSTEM = "You check whether a rewritten {subject} is still the same problem as the original."
PROMPT = ("Original problem:\n{original}\n\nRewritten problem:\n{rewrite}\n\n"
          "Does the rewritten problem give the same facts and ask for the same quantity as the original, so that "
          "both have the same answer? Rewording and added hints are fine. Reply with one word: SAME or DIFFERENT.")
VERDICT = re.compile(r"\b(SAME|DIFFERENT)\b")
MAX_NEW_TOKENS = 8  # one word; servers that ignore the cap still only need the first match
TOP_LOGPROBS = 10   # alternatives per token: SAME and DIFFERENT (or their first pieces) are always among them
# Mean P(DIFFERENT) over both orders at or above which a judge model rejects, chosen on the calibration set
# (benchmarks/bench_filters.py, `judge_threshold_sweep` in benchmarks/results/filters.json): the middle of
# the thresholds meeting both goals there (>= 93% of faithful accepted, >= 97% of unfaithful rejected),
# for qwen2.5-coder-1.5b 0.35 to 0.45 (at 0.4: 95.2% / 97.6%; at 0.3 faithful acceptance falls to 85.7%).
JUDGE_THRESHOLDS = {"qwen2.5-coder-1.5b": 0.4}
DEFAULT_THRESHOLD = 0.5  # an uncalibrated judge: DIFFERENT more likely than SAME


@runtime_checkable
class Judge(Protocol):
    name: str

    def ask(self, system: str, prompts: list[str], max_new_tokens: int, top_logprobs: int = 0) -> list[Reply]:
        """Model replies to `prompts` under `system`, in order; with `top_logprobs` > 0 each carries that
        many alternatives per generated token where the backend returns them."""
        ...


def judge_system(recipe: Recipe) -> str:
    return SYSTEM.format(subject=answer_format(recipe).subject)


def judge_prompts(candidate: Candidate) -> list[str]:
    """The pair in both orders, numbers in digits on both sides: the quantities filter has checked that
    they are the same numbers, and a small judge calls "one hundred twenty" for "120" a different problem
    (P(DIFFERENT) 0.40-0.49 on such faithful rewrites of the hard set)."""
    original, rewrite = in_digits(candidate.question.strip()), in_digits(candidate.rewrite.strip())
    return [PROMPT.format(original=original, rewrite=rewrite), PROMPT.format(original=rewrite, rewrite=original)]


def read_verdict(reply: str) -> str | None:
    """SAME or DIFFERENT, whichever the reply names first; None when it names neither."""
    match = VERDICT.search(reply.upper())
    return match.group(1) if match else None


def word_probability(top_logprobs: list[dict[str, float]] | None, yes: str, no: str) -> float | None:
    """P(`yes`) / (P(`yes`) + P(`no`)) at the first generated token whose likeliest alternative starts one
    of the two words (tokens such as "**" or a space before the verdict are skipped); tokens are pieces
    ("DIFF", "S"), so every alternative that starts a word counts for it. None: no such token."""
    for alternatives in top_logprobs or []:
        if not alternatives:
            continue
        likeliest = _piece(max(alternatives, key=alternatives.__getitem__))
        if not likeliest:
            continue  # formatting before the verdict
        if not (yes.startswith(likeliest) or no.startswith(likeliest)):
            return None  # the reply starts with something else
        mass = {yes: 0.0, no: 0.0}
        for token, logprob in alternatives.items():
            piece = _piece(token)
            word = next((w for w in mass if piece and w.startswith(piece)), None)
            if word:
                mass[word] += math.exp(logprob)
        return round(mass[yes] / (mass[yes] + mass[no]), 4)
    return None


def _piece(token: str) -> str:
    return token.strip().strip("*_`'\"").upper()


def p_different(top_logprobs: list[dict[str, float]] | None) -> float | None:
    return word_probability(top_logprobs, "DIFFERENT", "SAME")


def judge_threshold(name: str | None, configured: float | None) -> float:
    return configured if configured is not None else JUDGE_THRESHOLDS.get(name or "", DEFAULT_THRESHOLD)


class JudgeFilter:
    name = "judge"

    def __init__(self, context: FilterContext):
        self.judge: Judge | None = context.judge
        self.enabled = context.config.judge
        self.threshold = context.config.judge_threshold
        self.system = judge_system(context.recipe)

    @staticmethod
    def planned_calls(config: FilterConfig) -> int:
        return 2 if config.judge else 0

    def max_calls(self, candidate: Candidate) -> int:
        return 2 if self.enabled and self.judge is not None else 0  # one per order

    def check(self, candidates: list[Candidate], stored: list[dict | None],
              rejected: list[bool]) -> list[dict[str, Any]]:
        if not self.enabled:
            return [check(None, None, "same-problem judge is off") for _ in candidates]
        reused = [reusable(previous, "judge", self.judge) for previous in stored]
        replies: list[list[str] | None] = [previous.get("judge_output") for previous in reused]
        scores: list[list[float | None]] = [previous.get("judge_p_different") or [None, None] for previous in reused]
        names: list[str | None] = [(previous or {}).get("judge") for previous in stored]
        ask = [i for i, reply in enumerate(replies) if reply is None and not rejected[i]]
        if ask and self.judge is not None:
            prompts = [prompt for i in ask for prompt in judge_prompts(candidates[i])]
            answers = self.judge.ask(self.system, prompts, MAX_NEW_TOKENS, TOP_LOGPROBS)
            for n, i in enumerate(ask):
                pair = answers[2 * n: 2 * n + 2]
                replies[i], names[i] = [reply.text for reply in pair], self.judge.name
                scores[i] = [p_different(reply.top_logprobs) for reply in pair]
        return [self._decide(reply, score, name, bad)
                for reply, score, name, bad in zip(replies, scores, names, rejected)]

    def _decide(self, replies: list[str] | None, scores: list[float | None], name: str | None,
                rejected: bool) -> dict[str, Any]:
        if replies is None:
            why = "already rejected by cheaper filters" if rejected and self.judge else "no judge model available"
            return check(None, None, f"not run: {why}")
        extra: dict[str, Any] = {"judge": name, "judge_output": replies}
        known = [p for p in scores if p is not None]
        if known:
            mean, threshold = sum(known) / len(known), judge_threshold(name, self.threshold)
            extra |= {"judge_p_different": scores,
                      "judge_threshold": threshold}
            if mean >= threshold:
                return check(False, round(1 - mean, 4), f"{name} judges the rewrite a different problem "
                                                        f"(P(DIFFERENT) {mean:.2f} >= {threshold})", **extra)
            return check(True, round(1 - mean, 4), f"{name} judges the rewrite the same problem "
                                                   f"(P(DIFFERENT) {mean:.2f} < {threshold})", **extra)
        verdicts = [read_verdict(reply) for reply in replies]
        if "DIFFERENT" in verdicts:
            order = "with the rewrite second" if verdicts[0] == "DIFFERENT" else "with the rewrite first"
            return check(False, 0.0, f"{name} judges the rewrite a different problem ({order})", **extra)
        if verdicts == ["SAME", "SAME"]:
            return check(True, 1.0, f"{name} judges the rewrite the same problem (both orders)", **extra)
        return check(None, None, f"{name} gave no SAME/DIFFERENT verdict in one order: inconclusive", **extra)
