"""RewriteRow: one rewrite attempt as it crosses stages. The symbolic phase makes it, the run directory
stores it (rewrites.jsonl), `remake filter` re-judges it, the release turns it into table rows and the
card's statistics, the reward classifier learns from it."""

from __future__ import annotations

from dataclasses import MISSING, asdict, dataclass, field, fields, replace
from typing import Any

from remake.errors import RemakeError

ACCEPTED, REJECTED, FAILED = "accepted", "rejected", "failed"
STATUSES = (ACCEPTED, REJECTED, FAILED)


@dataclass(frozen=True)
class RewriteRow:
    """`status`: accepted (every filter passed), rejected (a filter failed; `reasons` say which), failed
    (no usable rewrite: `editor_status` says why). `checks` maps each filter's name to its verdict
    {passed: True/False/None (inconclusive), score, reason, ...}. Counts cover new editor requests;
    `requests` adds those the cache served."""

    sample_id: str
    epoch: int
    criterion: str
    criterion_value: float | None
    original_question: str
    rewrite: str | None
    final: str
    solution: str | None
    iterations: int
    editor_model: str
    teacher_answer_before: str
    teacher_answer_after: str
    teacher_correct_after: bool
    editor_status: str
    status: str
    reason: str
    checks: dict[str, dict[str, Any]] = field(default_factory=dict)
    reasons: list[str] = field(default_factory=list)
    calls: int = 0
    cached_calls: int = 0
    tokens_in: int = 0
    tokens_out: int = 0
    cost: float = 0.0
    feedback: str = ""
    cached_tokens_in: int = 0     # replies served from the editor cache (a resumed epoch, a rerun)
    cached_tokens_out: int = 0
    refused_drafts: list[str] = field(default_factory=list)  # drafts the cheap filters refused mid-rewrite, with why

    @property
    def requests(self) -> tuple[int, int, int]:
        """(calls, tokens in, tokens out) of the attempt whether or not the cache served them: the same for
        a run as for its resumed or re-run copy."""
        return (self.calls + self.cached_calls, self.tokens_in + self.cached_tokens_in,
                self.tokens_out + self.cached_tokens_out)

    def __post_init__(self) -> None:
        if self.status not in STATUSES:
            raise RemakeError(f"rewrite row for {self.sample_id!r} has status {self.status!r}: "
                              f"expected one of {', '.join(STATUSES)}")
        if self.status == ACCEPTED and not self.rewrite:
            raise RemakeError(f"rewrites.jsonl: accepted attempt for {self.sample_id!r} has no rewrite text: "
                              "the run directory is inconsistent, re-run the harvest")

    @property
    def judged(self) -> bool:
        """Accepted or rejected: a rewrite the filters looked at (failed attempts have none)."""
        return self.status in (ACCEPTED, REJECTED)

    def with_verdict(self, accepted: bool, checks: dict[str, dict[str, Any]], reasons: list[str]) -> RewriteRow:
        return replace(self, status=ACCEPTED if accepted else REJECTED, checks=checks, reasons=list(reasons),
                       reason="; ".join(reasons))

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, row: dict[str, Any], where: str = "rewrites.jsonl") -> RewriteRow:
        known = {f.name for f in fields(cls)}
        unknown = sorted(set(row) - known)
        required = [f.name for f in fields(cls) if f.default is MISSING and f.default_factory is MISSING]
        missing = [name for name in required if name not in row]
        if unknown or missing:
            problem = f"lacks {', '.join(missing)}" if missing else f"has unknown keys {', '.join(unknown)}"
            raise RemakeError(f"{where}: the row for {row.get('sample_id')!r} {problem}: it was not written by "
                              "this remake; re-run the harvest")
        for item in fields(cls):
            if item.name in row and not _has_type(row[item.name], str(item.type)):
                raise RemakeError(f"{where}: the row for {row.get('sample_id')!r} has {item.name} = "
                                  f"{row[item.name]!r:.60}, not {item.type}: it was not written by this remake; "
                                  "re-run the harvest")
        return cls(**row)


_TYPES: dict[str, tuple[type, ...]] = {"str": (str,), "int": (int,), "float": (int, float), "bool": (bool,),
                                       "list[str]": (list,), "dict[str, dict[str, Any]]": (dict,)}


def _has_type(value: Any, annotation: str) -> bool:
    """Whether a stored value fits a field's annotation (as written in this module: str, float | None, ...)."""
    names = [name.strip() for name in annotation.split("|")]
    if value is None:
        return "None" in names
    kinds = tuple(kind for name in names if name != "None" for kind in _TYPES[name])
    if isinstance(value, bool) and bool not in kinds:  # True is an int to Python, not to a row
        return False
    if annotation == "list[str]":
        return isinstance(value, list) and all(isinstance(entry, str) for entry in value)
    return isinstance(value, kinds)
