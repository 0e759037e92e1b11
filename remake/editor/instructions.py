"""What the editor is told. The paper saw the editor append answer-focused text on short-answer datasets;
these instructions ask for reasoning guidance instead, keep every given quantity, and ask for the
question alone. The loss sees the ground truth to find the error but must not pass the answer on."""

from __future__ import annotations

from dataclasses import dataclass

from remake.data.recipe import Recipe
from remake.data.samples import Sample
from remake.data.scoring import answer_format

START_TAG, END_TAG = "<IMPROVED_VARIABLE>", "</IMPROVED_VARIABLE>"

TAG_REMINDER = (f"Your reply must contain the improved text between {START_TAG} and {END_TAG} tags, "
                "and nothing else.")

QUESTION_ROLE = ("question given to a student language model; the rewrite must pose the same problem with every "
                 "given quantity, name and condition unchanged, and may add brief guidance on how to reason, "
                 "never the answer")
ANSWER_ROLE = "the student model's answer to the question"
STUDENT_SYSTEM_ROLE = "system prompt of the student model (not optimised here)"

QUESTION_CONSTRAINTS = [
    "Pose exactly the same problem: keep every given quantity, name, unit and condition, with the same values.",
    "Add guidance on how to reason (what to find first, which facts to combine, what to watch out for); "
    "never state, hint at or compute the final answer or any intermediate result.",
    "Return only the rewritten question: no preamble, no explanation, no solution.",
    # qwen2.5-coder-1.5b returned the question word for word (tags intact) in the real rewrite measured
    "Change the wording: restate the problem more clearly and add the reasoning guidance; a copy of the "
    "original question is not an improvement.",
]

# a draft the filters that ask no model refused: the next step is told why (small editors drop a quantity
# or write an intermediate result, and correct it when told)
REFUSED_CONSTRAINT = ("Your previous rewrite was refused by a faithfulness check, so the question was reset to "
                      "this text. Avoid the same fault: {reasons}")

SHORT_ANSWER_CONSTRAINT = ("The answer is a single {kind}: do not add text that points to any particular "
                           "{kind}; guide how to read and combine the given facts instead.")

LOSS_TEMPLATE = (
    "You evaluate a student's answer to the question below. The student's answer is wrong.\n"
    "<QUESTION>{question}</QUESTION>\n"
    "For your judgement only, a reference solution: <REFERENCE>{reference}</REFERENCE>\n"
    "Identify briefly the first step where the student's reasoning goes wrong and which part of the "
    "question it misread or overlooked. Do not state the correct final answer or any number that appears "
    "only in the reference solution: your feedback is used to improve the question's wording, never to "
    "reveal its answer."
)

SYSTEM_PROMPT_ROLE = ("system prompt of a student language model that answers questions by reasoning step by step; "
                      "it must stay general, useful for every question of the dataset, keep its answer-format "
                      "instruction, and never contain answers to particular questions")

SYSTEM_PROMPT_CONSTRAINTS = [
    "Keep the instruction about the final answer's format exactly as it is.",
    "Give general reasoning guidance drawn from the feedback; mention no particular question or answer.",
    "Return only the system prompt.",
]

FEEDBACK_HEADER = "Feedback collected on questions the student answered wrongly with this system prompt:"


@dataclass(frozen=True)
class Instructions:
    """The editor's instructions for one recipe."""

    question_constraints: tuple[str, ...]

    def loss_prompt(self, question: str, sample: Sample) -> str:
        return LOSS_TEMPLATE.format(question=question, reference=sample.answer)


def instructions_for(recipe: Recipe) -> Instructions:
    """Short-answer recipes (labels, single words) get an extra rule against answer-focused additions."""
    constraints = list(QUESTION_CONSTRAINTS)
    kind = answer_format(recipe).short
    if kind:
        constraints.append(SHORT_ANSWER_CONSTRAINT.format(kind=kind))
    return Instructions(question_constraints=tuple(constraints))


def capped_feedback(feedback: list[str], limit: int) -> str:
    """The most recent distinct feedback items that fit in `limit` characters, oldest first (textgrad
    #179: accumulated feedback overflowing the editor's context)."""
    kept: list[str] = []
    used = len(FEEDBACK_HEADER)
    for item in reversed(list(dict.fromkeys(text.strip() for text in feedback if text.strip()))):
        entry = f"\n- {item}"
        if used + len(entry) > limit:
            if not kept:  # a single oversized item: keep its beginning rather than nothing
                kept.append(entry[: limit - used])
            break
        kept.append(entry)
        used += len(entry)
    return FEEDBACK_HEADER + "".join(reversed(kept))
