"""The symbolic phase of one epoch: rewrite the chosen samples' questions with the editor (TextGrad,
re-asking the teacher after each iteration; a draft the cheap filters refuse goes back to the editor with
the reason instead of to the teacher), filter every rewrite for faithfulness, and report one
row per attempt with full provenance. Accepted rewrites replace the question for later epochs."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from remake.data.recipe import Recipe
from remake.data.rows import ACCEPTED, FAILED, REJECTED, RewriteRow
from remake.data.samples import Sample, raw_question
from remake.editor.jobs import RewriteAttempt, RewriteJob
from remake.filters import Candidate, FilterChain, Verdict
from remake.harvest.teacher import Teacher
from remake.harvest.timing import timed

if TYPE_CHECKING:  # the editor imports textgrad (seconds): the harvest loads it only when it builds one
    from remake.editor.editor import Editor


@dataclass(frozen=True)
class Chosen:
    sample: Sample
    wrong_output: str
    criterion_value: float


@dataclass
class SymbolicPhase:
    editor: Editor
    filters: FilterChain
    recipe: Recipe
    criterion: str

    def run(self, epoch: int, chosen: Sequence[Chosen], teacher: Teacher,
            seconds: dict[str, float] | None = None) -> list[RewriteRow]:
        """One row per chosen sample; `seconds` gets the editor's and the filters' wall time."""
        seconds = {} if seconds is None else seconds
        jobs = [RewriteJob(sample=c.sample, question=raw_question(self.recipe, c.sample),
                           teacher_answer=c.wrong_output) for c in chosen]
        with timed(seconds, "editor"):
            attempts = self.editor.rewrite_many(jobs, teacher.probe, screen=self.screen)
        changed = [a for a in attempts if _changed(a)]
        by_id = {c.sample.id: c for c in chosen}
        with timed(seconds, "filters"):
            verdicts = dict(zip([a.sample_id for a in changed], self.filters.check(
                [_candidate(by_id[a.sample_id].sample, a.original_question, a.rewrite or "") for a in changed])))
        rows = []
        for attempt in attempts:
            verdict = verdicts.get(attempt.sample_id)
            rows.append(self._row(epoch, by_id[attempt.sample_id], attempt, verdict))
        return rows

    def screen(self, sample: Sample, question: str, draft: str) -> list[str]:
        """Why the filters that ask no model refuse an editor's draft ([]: it may go on to the teacher)."""
        return self.filters.screen(_candidate(sample, question, draft))

    def _row(self, epoch: int, chosen: Chosen, attempt: RewriteAttempt, verdict: Verdict | None) -> RewriteRow:
        if verdict is None:
            status = FAILED
            reason = attempt.reason or ("the editor returned the question unchanged" if attempt.rewrite else
                                        "the editor produced no rewrite")
        else:
            status = ACCEPTED if verdict.accepted else REJECTED
            reason = "; ".join(verdict.reasons)
        answers = attempt.teacher_answers or [chosen.wrong_output]
        return RewriteRow(
            sample_id=attempt.sample_id, epoch=epoch, criterion=self.criterion,
            criterion_value=chosen.criterion_value, original_question=attempt.original_question,
            rewrite=attempt.rewrite, final=chosen.sample.final, solution=chosen.sample.answer,
            iterations=attempt.iterations, editor_model=attempt.editor_model,
            teacher_answer_before=answers[0], teacher_answer_after=answers[-1],
            teacher_correct_after=attempt.teacher_correct, editor_status=attempt.status,
            status=status, reason=reason,
            checks=verdict.checks if verdict else {}, reasons=verdict.reasons if verdict else [reason],
            calls=attempt.calls, cached_calls=attempt.cached_calls, tokens_in=attempt.tokens_in,
            tokens_out=attempt.tokens_out, cost=attempt.cost, feedback=attempt.feedback,
            cached_tokens_in=attempt.cached_tokens_in, cached_tokens_out=attempt.cached_tokens_out,
            refused_drafts=attempt.refused,
        )


def _candidate(sample: Sample, question: str, rewrite: str) -> Candidate:
    return Candidate(id=sample.id, question=question, rewrite=rewrite, final=sample.final, solution=sample.answer)


def _changed(attempt: RewriteAttempt) -> bool:
    return bool(attempt.rewrite) and attempt.rewrite.strip() != attempt.original_question.strip()
