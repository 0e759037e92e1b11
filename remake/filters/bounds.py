"""Length and format bounds from the recipe: a rewrite must be a plausible question, not an empty
string, a solution, or an essay."""

from __future__ import annotations

import re
from typing import Any

from remake.data.recipe import FilterBounds
from remake.filters.base import Check, FilterContext, PerCandidate
from remake.filters.verdict import Candidate, check

# text a question never contains: GSM8K's answer marker and chat-template role tokens
FORMAT_LEAKS = re.compile(r"####|<\|(?:im_start|im_end|eot_id|start_header_id)\|>|^\s*(?:assistant|user)\s*:",
                          re.IGNORECASE | re.MULTILINE)


def check_bounds(candidate: Candidate, bounds: FilterBounds) -> dict[str, Any]:
    text = candidate.rewrite.strip()
    ratio = len(text) / max(len(candidate.question.strip()), 1)
    if len(text) < bounds.min_chars:
        return check(False, ratio, f"rewrite has {len(text)} characters, fewer than min_chars={bounds.min_chars}")
    if ratio > bounds.max_length_ratio:
        return check(False, ratio, f"rewrite is {ratio:.2f}x the original's length, over "
                                   f"max_length_ratio={bounds.max_length_ratio}")
    marker = FORMAT_LEAKS.search(text)
    if marker:
        return check(False, ratio, f"rewrite contains {marker.group(0).strip()!r}, which belongs to answers or chat markup")
    return check(True, ratio, "within length and format bounds")


class BoundsFilter(PerCandidate):
    name = "bounds"

    def __init__(self, context: FilterContext):
        self.bounds = context.recipe.filters

    def check_one(self, candidate: Candidate) -> Check:
        return check_bounds(candidate, self.bounds)
