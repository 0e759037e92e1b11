"""Answer extraction and comparison.

GSM8K follows lm-evaluation-harness `lm_eval/tasks/gsm8k/gsm8k-cot-zeroshot.yaml` (version 3.0):
*strict-match* takes the first "The answer is N." and *flexible-extract* the last number-like span;
before exact match both sides drop commas, `$`, any text up to `#### `, a trailing `.` and then
trailing `.0…` (`regexes_to_ignore`), and compare case-insensitively (`ignore_case`). On top,
math-verify decides equivalence of the flexible answer with the ground truth (so `1234.50` equals
`1234.5`). Label and word extractors serve true/false style (CliniFact) and one-word (bAbI) recipes:
like the prompts, they read the verdict from "The answer is X" (strict) or the last mention (flexible)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from remake.data.recipe import Recipe

STRICT = re.compile(r"The answer is (\-?[0-9\.\,]+).")
FLEXIBLE = re.compile(r"(-?[$0-9.,]{2,})|(-?[0-9]+)")
# regexes_to_ignore, in lm-eval's order ("\.0+$" came with lm-eval PR #3254: `$29.00` vs `29`)
IGNORE = (re.compile(r","), re.compile(r"\$"), re.compile(r"(?s).*#### "), re.compile(r"\.$"),
          re.compile(r"\.0+$"))
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


def normalise(text: str) -> str:
    """lm-eval's `regexes_to_ignore` and `ignore_case` for GSM8K, then surrounding whitespace."""
    for pattern in IGNORE:
        text = pattern.sub("", text)
    return text.strip().lower()


def extract_gsm8k(text: str) -> Extraction:
    strict = STRICT.search(text)
    spans = [first or second for first, second in FLEXIBLE.findall(text)]
    return Extraction(strict=strict.group(1) if strict else "", flexible=spans[-1] if spans else "")


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


def extract(recipe: Recipe, text: str) -> Extraction:
    kind = recipe.answer.extractor
    if kind == "gsm8k":
        return extract_gsm8k(text)
    if kind == "label":
        return extract_label(text, recipe.answer.labels)
    return extract_word(text)


def reference_final(recipe: Recipe, answer: str) -> str:
    """The final answer inside a ground-truth A* (GSM8K: after `#### `, `21.0` written as `21`)."""
    if recipe.answer.extractor == "gsm8k":
        final = normalise(answer.split("#### ")[-1]) if "#### " in answer else extract_gsm8k(answer).flexible
        return canonical_number(normalise(final))
    return answer.strip()


def canonical_number(text: str) -> str:
    try:
        value = float(text)
    except ValueError:
        return text
    return str(int(value)) if value.is_integer() else repr(value)


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


def score(recipe: Recipe, text: str, gold: str) -> Score:
    found = extract(recipe, text)
    if recipe.answer.extractor != "gsm8k":
        flexible = _same_word(found.flexible, gold)
        return Score(strict=_same_word(found.strict, gold), flexible=flexible, math=flexible)
    target = normalise(gold)
    return Score(strict=normalise(found.strict) == target, flexible=normalise(found.flexible) == target,
                 math=equivalent(found.flexible, gold))


def _same_word(predicted: str, gold: str) -> bool:
    return predicted != "" and normalise_words(predicted) == normalise_words(gold)


def is_correct(recipe: Recipe, text: str, gold: str) -> bool:
    """The verdict the harvest uses: math-verify equivalence (or exact label/word match)."""
    return score(recipe, text, gold).math
