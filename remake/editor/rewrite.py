"""One question through TextGrad: the question is the Variable, the teacher's answer the forward pass,
`TextLoss` judges it against A*, the editor back-propagates and `TGD` rewrites; at most
`max_iterations` steps, stopping as soon as the teacher answers correctly. A draft that the filters asking
no model would reject (`screen`) is not shown to the teacher: the question is reset and the next step is
told why. Also the system-prompt variant: one TGD step on the system prompt from accumulated feedback."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import textgrad as tg
from textgrad.autograd import LLMCall
from textgrad.engine import EngineLM

from remake.data.samples import Sample
from remake.editor import instructions as text
from remake.editor.engine import EditorEngine
from remake.editor.instructions import Instructions
from remake.editor.jobs import RewriteAttempt, RewriteJob, Screen, TeacherProbe
from remake.llm.calls import CallRunner
from remake.llm.types import CallError
from remake.llm.usage import BudgetExhausted, Tally


class TeacherEngine(EngineLM):
    """The forward pass: the teacher answers a candidate question through the harvest's probe.
    Answers are memoised per question text, so the answer known before rewriting and the answer
    checked after each step are not generated twice."""

    def __init__(self, probe: TeacherProbe, sample: Sample, question: str, answer: str):
        self.model_string = "teacher"
        self.probe = probe
        self.sample = sample
        self.answers: dict[str, tuple[str, bool]] = {question: (answer, False)}

    def ask(self, question: str) -> tuple[str, bool]:
        if question not in self.answers:
            self.answers[question] = self.probe(self.sample, question)
        return self.answers[question]

    def generate(self, prompt: str, system_prompt: str | None = None, **kwargs: object) -> str:
        return self.ask(prompt)[0]

    def __call__(self, prompt: str, **kwargs: object) -> str:
        return self.generate(prompt, **kwargs)


class WholeVariable(tg.Variable):
    """A variable the editor is shown whole. TextGrad shows the variable being improved as its first and last
    10 words around "(...)" once it is over 20 words (most questions are): an editor that copies that text
    into its rewrite drops every number in the gap (seen with the 1.5B offline editor and with any editor
    that returns the variable it was shown, which the filters then rightly reject)."""

    def get_short_value(self, n_words_offset: int = 10) -> str:
        return self.value


class _Outcome(Exception):
    """Ends a job early with a status and reason (raised inside the loop, caught once)."""

    def __init__(self, status: str, reason: str, failure: str = ""):
        super().__init__(reason)
        self.status = status
        self.reason = reason
        self.failure = failure


def rewrite_question(job: RewriteJob, probe: TeacherProbe, runner: CallRunner, max_iterations: int,
                     tag_retries: int, rules: Instructions, screen: Screen | None = None,
                     repairs: int = 0) -> RewriteAttempt:
    sample = job.sample
    tally = Tally()
    editor = EditorEngine(runner, tally, sample.id)
    updater = EditorEngine(runner, tally, sample.id, required_tag=text.START_TAG, tag_retries=tag_retries,
                           reminder=text.TAG_REMINDER)
    teacher = TeacherEngine(probe, sample, job.question, job.teacher_answer)
    question = WholeVariable(job.question, requires_grad=True, role_description=text.QUESTION_ROLE)
    student_system = tg.Variable(sample.system, requires_grad=False, role_description=text.STUDENT_SYSTEM_ROLE)
    optimizer = tg.TGD(parameters=[question], engine=updater, constraints=list(rules.question_constraints))
    drafts = Drafts(optimizer, question, rules, lambda draft: screen(sample, job.question, draft) if screen else [],
                    repairs)
    answers, feedback, candidate = [job.teacher_answer], [], None
    status, reason, failure, correct, iterations = "still_wrong", "", "", False, 0
    try:
        for iterations in range(1, max_iterations + 1):
            optimizer.zero_grad()
            answer = LLMCall(teacher, student_system)(question, response_role_description=text.ANSWER_ROLE)
            loss = tg.TextLoss(rules.loss_prompt(question.value, sample), engine=editor)(answer)
            loss.backward(engine=editor)
            feedback.append(question.get_gradient_text())
            if not drafts.step(iterations):
                continue  # every draft of this step was refused: the question is as it was
            candidate = question.value
            output, correct = teacher.ask(candidate)
            answers.append(output)
            if correct:
                status, reason = "rewritten", f"teacher correct after {iterations} iteration(s)"
                break
        else:
            reason = (f"the filters refused all {len(drafts.refused)} draft(s)" if candidate is None and drafts.refused
                      else f"teacher still wrong after {max_iterations} iteration(s)")
    except _Outcome as outcome:
        status, reason, failure = outcome.status, outcome.reason, outcome.failure
    except BudgetExhausted as exc:
        status, reason = "budget", str(exc)
    except CallError as exc:
        status, reason, failure = "failed", str(exc), exc.kind
    return RewriteAttempt(
        sample_id=sample.id, original_question=job.question, rewrite=candidate or drafts.last_refused,
        iterations=iterations, teacher_answers=answers, teacher_correct=correct, status=status, reason=reason,
        feedback="\n\n".join(item for item in feedback if item), calls=tally.calls, cached_calls=tally.cached_calls,
        tokens_in=tally.tokens_in, tokens_out=tally.tokens_out, cached_tokens_in=tally.cached_tokens_in,
        cached_tokens_out=tally.cached_tokens_out, cost=round(tally.cost, 6),
        editor_model=runner.backend.model, retries=tally.retries, latency_s=round(tally.latency_s, 3),
        failure=failure, refused=[f"{draft}\n  refused: {'; '.join(why)}" for draft, why in drafts.refused])


@dataclass
class Drafts:
    """The TGD step with its screen: a draft the cheap filters refuse is not kept; the question is reset
    and the step asked again (`repairs` times at most, the gradient reused), told why it was refused."""

    optimizer: tg.TGD
    question: tg.Variable
    rules: Instructions
    screen: Callable[[str], list[str]]
    repairs: int
    refused: list[tuple[str, list[str]]] = field(default_factory=list)

    @property
    def last_refused(self) -> str | None:
        return self.refused[-1][0] if self.refused else None

    def step(self, iteration: int) -> bool:
        """True when a draft passed the screen (it is the question's value now)."""
        before = self.question.value
        for _ in range(self.repairs + 1):
            _step(self.optimizer)
            draft = self.question.value
            if not draft:
                raise _Outcome("failed", "the editor returned an empty question", "empty_rewrite")
            if draft == before:
                raise _Outcome("unchanged", f"the editor returned the question unchanged at iteration {iteration}")
            reasons = self.screen(draft)
            if not reasons:
                return True
            self.refused.append((draft, reasons))
            self.question.set_value(before)
            self.optimizer.constraints = [*self.rules.question_constraints,
                                          text.REFUSED_CONSTRAINT.format(reasons="; ".join(reasons))]
        return False


def _step(optimizer: tg.TGD) -> None:
    """TGD raises IndexError when the reply lacks <IMPROVED_VARIABLE> (after our re-asks)."""
    try:
        optimizer.step()
    except IndexError:
        raise _Outcome("failed", f"the editor's reply had no {text.START_TAG} block", "no_tags") from None


def rewrite_system_prompt(system: str, feedback: list[str], runner: CallRunner, tag_retries: int,
                          feedback_chars: int) -> tuple[str | None, str, str]:
    """One TGD step on the system prompt, its gradient being the capped accumulated feedback.
    Returns (new prompt or None, failure kind or "", reason)."""
    if not any(item.strip() for item in feedback):
        return None, "", "no feedback to learn from"
    updater = EditorEngine(runner, Tally(), "system-prompt", required_tag=text.START_TAG,
                           tag_retries=tag_retries, reminder=text.TAG_REMINDER)
    prompt = WholeVariable(system, requires_grad=True, role_description=text.SYSTEM_PROMPT_ROLE)
    gradient = tg.Variable(text.capped_feedback(feedback, feedback_chars), requires_grad=False,
                           role_description=f"feedback to {text.SYSTEM_PROMPT_ROLE}")
    prompt.gradients.add(gradient)
    optimizer = tg.TGD(parameters=[prompt], engine=updater, constraints=list(text.SYSTEM_PROMPT_CONSTRAINTS))
    try:
        _step(optimizer)
    except _Outcome as outcome:
        return None, outcome.failure, outcome.reason
    except BudgetExhausted as exc:
        return None, "budget", str(exc)
    except CallError as exc:
        return None, exc.kind, str(exc)
    if not prompt.value or prompt.value == system:
        return None, "", "the editor returned the system prompt unchanged"
    return prompt.value, "", "rewritten"
