"""Answer extraction and comparison.

GSM8K's *strict-match* and *flexible-extract* are lm-evaluation-harness 0.4.13's `gsm8k_cot_zeroshot`
(task version 3.0) item for item: its RegexFilter (strict: the first "The answer is N."; flexible: the
last number-like span; "[invalid]" when nothing matches) and TakeFirstFilter, then `exact_match` with its
`regexes_to_ignore` applied in order to prediction and reference (commas, `$`, everything up to `#### `, a
trailing `.`), then lower case, then string equality. The reference is the dataset's answer field as it
is (the task's `doc_to_target: "{{answer}}"`), not a number remake derived from it. The paper's numbers
are flexible-extract. A third metric, remake's own and named apart, is *math*: math-verify equivalence of
the flexible answer with the final answer (so `1234.50` equals `1234.5`, `72.0` equals `72`); the harvest
uses it to decide whether the teacher answered correctly. Label and word extractors serve true/false
style (CliniFact) and one-word (bAbI) recipes: like the prompts, they read the verdict from "The answer
is X" (strict) or the last mention (flexible)."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from remake.registry import Registry

if TYPE_CHECKING:
    from remake.data.recipe import Recipe

STRICT = re.compile(r"The answer is (\-?[0-9\.\,]+).")
FLEXIBLE = re.compile(r"(-?[$0-9.,]{2,})|(-?[0-9]+)")
FALLBACK = "[invalid]"  # what lm-eval's RegexFilter yields when nothing matches
# exact_match's regexes_to_ignore in gsm8k-cot-zeroshot.yaml, in its order
LM_EVAL_IGNORE = (re.compile(r","), re.compile(r"\$"), re.compile(r"(?s).*#### "), re.compile(r"\.$"))
# remake's lenient normalisation for the math metric: lm-eval's, then trailing `.0…` (`$29.00` is `29`)
LENIENT_IGNORE = (*LM_EVAL_IGNORE, re.compile(r"\.0+$"))
INTEGER = re.compile(r"-?\d+")
WORD = re.compile(r"[A-Za-z][A-Za-z\-]*")
# the phrase after "answer is" up to the end of its sentence: bAbI answers can be `south west` (task
# 19) or a comma list `apple,football` (task 8)
ANSWER_PHRASE = re.compile(r"answer is[:\s]*\**\s*([A-Za-z][A-Za-z,\- ]*)", flags=re.IGNORECASE)


@dataclass(frozen=True)
class Extraction:
    """What one model output yields: strict and flexible answers ("" when nothing matched)."""

    strict: str
    flexible: str


@dataclass(frozen=True)
class Score:
    strict: bool
    flexible: bool
    math: bool


def lm_eval_normalise(text: str) -> str:
    """exact_match's preprocessing in lm-eval's order: each ignored regex removed, then lower case."""
    for pattern in LM_EVAL_IGNORE:
        text = pattern.sub("", text)
    return text.lower()


def normalise(text: str) -> str:
    """remake's lenient form of a final answer (for the math metric): lm-eval's, `.0…` dropped, stripped."""
    for pattern in LENIENT_IGNORE:
        text = pattern.sub("", text)
    return text.strip().lower()


def extract_gsm8k(text: str) -> Extraction:
    """lm-eval's two filters ("" where it yields "[invalid]")."""
    strict = STRICT.findall(text)
    spans = [first or second for first, second in FLEXIBLE.findall(text)]
    return Extraction(strict=strict[0].strip() if strict else "", flexible=spans[-1].strip() if spans else "")


def extract_label(text: str, labels: tuple[str, ...]) -> Extraction:
    """Case-insensitive label words: strict is the label right after "answer is", flexible the last
    label mentioned (chain-of-thought outputs weigh options before their verdict)."""
    if not labels:
        return Extraction("", "")
    alternatives = "|".join(re.escape(label) for label in sorted(labels, key=len, reverse=True))
    by_lower = {label.lower(): label for label in labels}
    mentions = re.findall(rf"\b({alternatives})\b", text, flags=re.IGNORECASE)
    verdict = re.search(rf"answer is[:\s]*\**\s*({alternatives})\b", text, flags=re.IGNORECASE)
    return Extraction(strict=by_lower[verdict.group(1).lower()] if verdict else "",
                      flexible=by_lower[mentions[-1].lower()] if mentions else "")


def extract_word(text: str) -> Extraction:
    """bAbI answers are a word, two (`south west`) or a comma list: strict is the phrase after
    "answer is", flexible that phrase too when present, else the last word."""
    phrase = ANSWER_PHRASE.search(text)
    strict = normalise_words(phrase.group(1)) if phrase else ""
    words = WORD.findall(text)
    return Extraction(strict=strict, flexible=strict or (words[-1].lower() if words else ""))


def normalise_words(text: str) -> str:
    """Lower case, commas as separators, single spaces, no leading article: `The Apple, football` →
    `apple football`."""
    words = text.replace(",", " ").lower().split()
    return " ".join(words[1:] if len(words) > 1 and words[0] in ("the", "a", "an") else words)


def canonical_number(text: str) -> str:
    """`72.0` -> `72`; integers stay exact whatever their size (a float would round those past 2**53), as text:
    `int()` refuses strings over 4,300 digits."""
    if INTEGER.fullmatch(text):
        sign, digits = ("-", text[1:]) if text.startswith("-") else ("", text)
        digits = digits.lstrip("0") or "0"
        return sign + digits if digits != "0" else "0"
    try:
        value = float(text)
    except ValueError:
        return text
    return str(int(value)) if value.is_integer() and abs(value) < 2**53 else repr(value)


def equivalent(predicted: str, gold: str) -> bool:
    """math-verify equivalence of two final answers, after lm-eval normalisation."""
    left, right = normalise(predicted), normalise(gold)
    if not left or not right:
        return False
    if left == right or canonical_number(left) == canonical_number(right):
        return True
    from math_verify import parse, verify

    try:
        return bool(verify(parse(f"${right}$"), parse(f"${left}$")))
    except Exception:  # math-verify raises on unparsable input; unparsable means "not equivalent"
        return False


def _same_word(predicted: str, gold: str) -> bool:
    return predicted != "" and normalise_words(predicted) == normalise_words(gold)


def _number_final(recipe: Recipe, answer: str) -> str:
    """GSM8K's final answer: after `#### `, `21.0` written as `21`."""
    final = normalise(answer.split("#### ")[-1]) if "#### " in answer else extract_gsm8k(answer).flexible
    return canonical_number(normalise(final))


def _number_score(recipe: Recipe, text: str, answer: str, final: str) -> Score:
    found = extract_gsm8k(text)
    target = lm_eval_normalise(answer)
    return Score(strict=lm_eval_normalise(found.strict or FALLBACK) == target,
                 flexible=lm_eval_normalise(found.flexible or FALLBACK) == target,
                 math=equivalent(found.flexible, final))


def _word_score(recipe: Recipe, text: str, answer: str, final: str) -> Score:
    found = extract(recipe, text)
    flexible = _same_word(found.flexible, final)
    return Score(strict=_same_word(found.strict, final), flexible=flexible, math=flexible)


@dataclass(frozen=True)
class AnswerFormat:
    """How one kind of recipe's answers are read, scored and asked for (`answer.extractor` names it)."""

    extract: Callable[[Recipe, str], Extraction]
    score: Callable[[Recipe, str, str, str], Score]    # (output, A* as given, final answer)
    correct: Callable[[str, str], bool]                 # (flexible extraction, final answer)
    final: Callable[[Recipe, str], str]                 # the final answer inside A*
    ending: Callable[[Recipe], str]                     # how a solver's answer must end
    subject: str = "question"                           # what the same-problem judge calls a problem
    short: str | None = None                            # "label" or "word": the editor's short-answer rule
    fallback: str = ""                                  # an extraction that found nothing, as scores print it
    final_marker: bool = False                          # a data row's A* must end in `#### N`
    needs_labels: bool = False                          # the answers are the recipe's `answer.labels`


ANSWER_FORMATS: Registry[AnswerFormat] = Registry("answer format", flag="answer.extractor")


def register_answer_format(name: str, answer_format: AnswerFormat, *, replace: bool = False) -> None:
    ANSWER_FORMATS.register(name, answer_format, replace=replace)


def answer_format(recipe: Recipe) -> AnswerFormat:
    return ANSWER_FORMATS.get(recipe.answer.extractor)


def extract(recipe: Recipe, text: str) -> Extraction:
    return answer_format(recipe).extract(recipe, text)


def reference_final(recipe: Recipe, answer: str) -> str:
    """The final answer inside a ground-truth A* (GSM8K: after `#### `, `21.0` written as `21`)."""
    return answer_format(recipe).final(recipe, answer)


def score(recipe: Recipe, text: str, answer: str, final: str) -> Score:
    """`answer`: the reference as the dataset gives it (GSM8K: the worked solution ending in `#### N`, or N
    alone); `final`: the final answer remake derived from it (labels and words are compared with it)."""
    return answer_format(recipe).score(recipe, text, answer, final)


def is_correct(recipe: Recipe, text: str, gold: str) -> bool:
    """The verdict the harvest uses: math-verify equivalence with the final answer (or exact label/word match)."""
    return answer_format(recipe).correct(extract(recipe, text).flexible, gold)


register_answer_format("gsm8k", AnswerFormat(
    extract=lambda recipe, text: extract_gsm8k(text), score=_number_score, correct=equivalent, final=_number_final,
    ending=lambda recipe: "'The answer is N.' where N is the final number", subject="math word problem",
    fallback=FALLBACK, final_marker=True))
register_answer_format("label", AnswerFormat(
    extract=lambda recipe, text: extract_label(text, recipe.answer.labels), score=_word_score, correct=_same_word,
    final=lambda recipe, answer: answer.strip(),
    ending=lambda recipe: f"'The answer is X.' where X is one of: {', '.join(recipe.answer.labels)}", short="label",
    needs_labels=True))
register_answer_format("word", AnswerFormat(
    extract=lambda recipe, text: extract_word(text), score=_word_score, correct=_same_word,
    final=lambda recipe, answer: answer.strip(), ending=lambda recipe: "'The answer is X.' where X is one word",
    short="word"))
