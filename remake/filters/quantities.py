"""Quantities kept: every number of the original is still in the rewrite (in any surface form, each
occurrence its own: a number stated twice must be stated twice), and
the rewrite adds no number that could change the problem (see remake.filters.numbers for what is
exempt: step labels, true unit conversions, the pronoun "one")."""

from __future__ import annotations

from typing import Any

from remake.filters.base import Check, FilterContext, PerCandidate
from remake.filters.numbers import converted, implied, matched, paired, quantities, said_as_one, unmatched
from remake.filters.verdict import Candidate, check


def check_quantities(candidate: Candidate, words: bool, max_new_numbers: int) -> dict[str, Any]:
    original = quantities(candidate.question, words)
    rewrite = quantities(candidate.rewrite, words)
    required = [q for q in original if q.kind == "quantity"]
    missing = [q.text for q in unmatched(required, rewrite) if not converted(q, candidate.question, rewrite,
                                                                                candidate.rewrite)
               and not paired(q, candidate.rewrite) and not said_as_one(q, candidate.question, candidate.rewrite)]
    new = [q.text for q in rewrite if q.kind == "quantity" and not matched(q, original)
           and not implied(q, candidate.rewrite, candidate.question)
           and not converted(q, candidate.rewrite, original, candidate.question)]  # "30 minutes" -> "a half-hour"
    kept = 1.0 - len(missing) / len(required) if required else 1.0
    extra = {"missing": missing, "new": new}
    if missing:
        return check(False, kept, f"quantities of the original missing from the rewrite: {', '.join(missing)}", **extra)
    if len(new) > max_new_numbers:
        return check(False, kept, f"rewrite introduces numbers absent from the original: {', '.join(new)}", **extra)
    return check(True, kept, f"all {len(required)} quantities kept, {len(new)} new", **extra)


class QuantitiesFilter(PerCandidate):
    name = "quantities"

    def __init__(self, context: FilterContext):
        self.words = context.recipe.filters.quantity_words
        self.max_new_numbers = context.config.max_new_numbers

    def check_one(self, candidate: Candidate) -> Check:
        return check_quantities(candidate, self.words, self.max_new_numbers)
