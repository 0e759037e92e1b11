"""One question through TextGrad: the question is the Variable, the teacher's answer the forward pass,
`TextLoss` judges it against A*, the editor back-propagates and `TGD` rewrites; at most
`max_iterations` steps, stopping as soon as the teacher answers correctly. Also the system-prompt
variant: one TGD step on the system prompt from accumulated feedback."""

from __future__ import annotations

import textgrad as tg
from textgrad.autograd import LLMCall
from textgrad.engine import EngineLM

from remake.data.samples import Sample
from remake.editor import instructions as text
from remake.editor.engine import EditorEngine
from remake.editor.instructions import Instructions
from remake.editor.jobs import RewriteAttempt, RewriteJob, TeacherProbe
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


class _Outcome(Exception):
    """Ends a job early with a status and reason (raised inside the loop, caught once)."""

    def __init__(self, status: str, reason: str, failure: str = ""):
        super().__init__(reason)
        self.status = status
        self.reason = reason
        self.failure = failure


def rewrite_question(job: RewriteJob, probe: TeacherProbe, runner: CallRunner, max_iterations: int,
                     tag_retries: int, rules: Instructions) -> RewriteAttempt:
    sample = job.sample
    tally = Tally()
    editor = EditorEngine(runner, tally, sample.id)
    updater = EditorEngine(runner, tally, sample.id, required_tag=text.START_TAG, tag_retries=tag_retries,
                           reminder=text.TAG_REMINDER)
    teacher = TeacherEngine(probe, sample, job.question, job.teacher_answer)
    question = tg.Variable(job.question, requires_grad=True, role_description=text.QUESTION_ROLE)
    student_system = tg.Variable(sample.system, requires_grad=False, role_description=text.STUDENT_SYSTEM_ROLE)
    optimizer = tg.TGD(parameters=[question], engine=updater, constraints=list(rules.question_constraints))
    answers, feedback, candidate = [job.teacher_answer], [], None
    status, reason, failure, correct, iterations = "still_wrong", "", "", False, 0
    try:
        for iterations in range(1, max_iterations + 1):
            optimizer.zero_grad()
            answer = LLMCall(teacher, student_system)(question, response_role_description=text.ANSWER_ROLE)
            loss = tg.TextLoss(rules.loss_prompt(question.value, sample), engine=editor)(answer)
            loss.backward(engine=editor)
            feedback.append(question.get_gradient_text())
            before = question.value
            _step(optimizer)
            if not question.value:
                raise _Outcome("failed", "the editor returned an empty question", "empty_rewrite")
            if question.value == before:
                raise _Outcome("unchanged", f"the editor returned the question unchanged at iteration {iterations}")
            candidate = question.value
            output, correct = teacher.ask(candidate)
            answers.append(output)
            if correct:
                status, reason = "rewritten", f"teacher correct after {iterations} iteration(s)"
                break
        else:
            reason = f"teacher still wrong after {max_iterations} iteration(s)"
    except _Outcome as outcome:
        status, reason, failure = outcome.status, outcome.reason, outcome.failure
    except BudgetExhausted as exc:
        status, reason = "budget", str(exc)
    except CallError as exc:
        status, reason, failure = "failed", str(exc), exc.kind
    return RewriteAttempt(
        sample_id=sample.id, original_question=job.question, rewrite=candidate, iterations=iterations,
        teacher_answers=answers, teacher_correct=correct, status=status, reason=reason,
        feedback="\n\n".join(item for item in feedback if item), calls=tally.calls, cached_calls=tally.cached_calls,
        tokens_in=tally.tokens_in, tokens_out=tally.tokens_out, cached_tokens_in=tally.cached_tokens_in,
        cached_tokens_out=tally.cached_tokens_out, cost=round(tally.cost, 6),
        editor_model=runner.backend.model, retries=tally.retries, latency_s=round(tally.latency_s, 3),
        failure=failure)


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
    prompt = tg.Variable(system, requires_grad=True, role_description=text.SYSTEM_PROMPT_ROLE)
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
