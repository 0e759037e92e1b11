"""Which samples go to the editor: among the lowest-criterion samples, the ones the teacher answers
wrongly, scanned in small generation batches so an epoch never costs a full pass over the training set.

The target size is p times the estimated number of wrong samples, the estimate coming from the
held-out accuracy measured this epoch: |S| = ceil(p * (1 - accuracy) * N). The scan walks samples in
increasing criterion order and stops once |S| wrong ones are found or `max_scan` samples were asked."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Selection:
    target: int
    scanned: list[str]
    wrong: dict[str, str]     # sample id -> the teacher's (wrong) output, in criterion order
    correct: list[str]


def target_size(p: float, error_rate: float, population: int) -> int:
    return max(1, math.ceil(p * error_rate * population)) if error_rate > 0 else 0


def select(values: dict[str, float], target: int, max_scan: int, chunk: int,
           probe: Callable[[list[str]], dict[str, tuple[str, bool]]]) -> Selection:
    """`probe(ids)` answers the given samples with the teacher and returns {id: (output, correct)}."""
    order = sorted(values, key=lambda sid: (values[sid], sid))[:max_scan]
    wrong: dict[str, str] = {}
    correct: list[str] = []
    scanned: list[str] = []
    for start in range(0, len(order), chunk):
        if len(wrong) >= target:
            break
        ids = order[start:start + chunk]
        answers = probe(ids)
        scanned += ids
        for sid in ids:
            output, is_right = answers[sid]
            if is_right:
                correct.append(sid)
            elif len(wrong) < target:
                wrong[sid] = output
    return Selection(target=target, scanned=scanned, wrong=wrong, correct=correct)


def scan_cap(fraction: float, samples: int, chunk: int) -> int:
    """Candidates generated at most in one phase: `fraction` of the training set, at least one chunk."""
    return max(chunk, int(fraction * samples))
