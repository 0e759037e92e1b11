"""No answer leak: a rewrite must not state the final answer A* (more often than the original did),
nor an intermediate result of the reference solution that the original does not state.

Intermediate results are the solution's numbers that the original question does not contain, such as
`<<48/2=24>>` annotations and "so she has 24 left"; constants a solution brings in (12 months, 100%)
count too, except where the rewrite states them as a true unit conversion (kind `fact`)."""

from __future__ import annotations

import re
from typing import Any

from remake.filters.base import Check, FilterContext, PerCandidate
from remake.filters.numbers import Quantity, converted, implied, parse_number, pool, quantities
from remake.filters.verdict import Candidate, check

# GSM8K's own answer line: "#### 17" reads as a label ("room #17") to the quantity parser
ANSWER_MARK = re.compile(r"####\s*-?\$?\s*([\d,]*\.?\d+)")


def _mentions(found: list[Quantity], value: float, text: str) -> int:
    marked = sum(1 for number in ANSWER_MARK.findall(text) if parse_number(number) == value)
    return marked + sum(1 for q in found if q.kind in ("quantity", "weak") and round(value, 6) in q.values)


def _word_mentions(text: str, word: str) -> int:
    return len(re.findall(rf"(?<!\w){re.escape(word.strip())}(?!\w)", text, flags=re.IGNORECASE))


def intermediates(candidate: Candidate, words: bool) -> frozenset[float]:
    """Values the reference solution computes or brings in that the original question does not state."""
    if not candidate.solution:
        return frozenset()
    given = pool(quantities(candidate.question, words))
    solution = quantities(candidate.solution.split("#### ")[0], words)
    return frozenset(v for q in solution if q.kind == "quantity" for v in q.values if v not in given)


def check_leak(candidate: Candidate, words: bool, with_intermediates: bool) -> dict[str, Any]:
    final = parse_number(candidate.final)
    if final is None:  # a word or label answer: count its mentions
        before, after = _word_mentions(candidate.question, candidate.final), _word_mentions(candidate.rewrite, candidate.final)
        if after > before:
            return check(False, float(after - before), f"rewrite states the answer {candidate.final!r} "
                                                       f"({after} mentions, original {before})")
        return check(True, 0.0, "answer not stated")
    original, rewrite = quantities(candidate.question, words), quantities(candidate.rewrite, words)
    before, after = _mentions(original, final, candidate.question), _mentions(rewrite, final, candidate.rewrite)
    if after > before:
        return check(False, float(after - before), f"rewrite states the final answer {candidate.final} "
                                                   f"({after} mentions, original {before})")
    if with_intermediates:
        steps = intermediates(candidate, words)
        leaked = [q.text for q in rewrite if q.kind == "quantity" and q.values & steps
                  and not implied(q, candidate.rewrite, candidate.question)  # "a week" -> "7 days"
                  and not converted(q, candidate.rewrite, original, candidate.question)]  # "30 minutes" -> "half an hour"
        if leaked:
            return check(False, float(len(leaked)), "rewrite states intermediate results of the reference "
                                                    f"solution: {', '.join(leaked)}", leaked=leaked)
    return check(True, 0.0, "neither the final answer nor intermediate results stated")


class LeakFilter(PerCandidate):
    name = "leak"

    def __init__(self, context: FilterContext):
        self.words = context.recipe.filters.quantity_words
        self.intermediates = context.config.leak_intermediates

    def check_one(self, candidate: Candidate) -> Check:
        return check_leak(candidate, self.words, self.intermediates)
