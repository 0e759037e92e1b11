"""What the editor is asked to do (one RewriteJob per question) and what it reports (one RewriteAttempt,
which the harvest turns into the row it records for every question it sent to the editor)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from typing import Any

from remake.data.samples import Sample

# (sample, candidate RAW question) -> (teacher output, correct?). Provided by the harvest; thread-safe.
TeacherProbe = Callable[[Sample, str], tuple[str, bool]]

# (sample, original RAW question, draft rewrite) -> why the filters that ask no model would reject the
# draft ([] when they pass it). Provided by the harvest from its filter chain; thread-safe.
Screen = Callable[[Sample, str, str], list[str]]

STATUSES = ("rewritten", "still_wrong", "unchanged", "failed", "budget")


@dataclass(frozen=True)
class RewriteJob:
    sample: Sample
    question: str           # the RAW question (the source field, before the recipe's template)
    teacher_answer: str     # the teacher's wrong output on `question`


@dataclass
class RewriteAttempt:
    """Status: "rewritten" (the teacher answers the last candidate correctly), "still_wrong" (the teacher
    still fails the last candidate after the iterations), "unchanged" (the editor returned the question as
    it was; `rewrite` is the last changed candidate, if any), "failed" (an editor call or
    the reply's format failed; `failure` names the kind), "budget" (the editor budget ran out).
    `calls`, tokens and cost count new editor requests only; `cached_calls` those served from cache.
    `teacher_answers` holds the answer before rewriting, then one per draft the teacher was asked about;
    `refused` lists the drafts the screen refused (never shown to the teacher), each with its reasons."""

    sample_id: str
    original_question: str
    rewrite: str | None
    iterations: int
    teacher_answers: list[str]
    teacher_correct: bool
    status: str
    reason: str
    feedback: str
    calls: int
    cached_calls: int
    tokens_in: int
    tokens_out: int
    cost: float
    editor_model: str
    cached_tokens_in: int = 0
    cached_tokens_out: int = 0
    retries: int = 0
    latency_s: float = 0.0
    failure: str = ""       # the failure kind when status is "failed" (timeout, rate_limited, no_tags, ...)
    refused: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)
