"""Answer extraction and comparison.

GSM8K follows lm-evaluation-harness `gsm8k_cot_zeroshot`: *strict-match* takes the first
"The answer is N." and *flexible-extract* the last number-like span; before exact match both sides
drop commas, `$`, any text up to `#### ` and a trailing `.`. On top, math-verify decides
equivalence of the flexible answer with the ground truth (so `21.0` equals `21`). Label and word
extractors serve true/false style (CliniFact) and one-word (bAbI) recipes."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from remake.recipes import Recipe

STRICT = re.compile(r"The answer is (\-?[0-9\.\,]+).")
FLEXIBLE = re.compile(r"(-?[$0-9.,]{2,})|(-?[0-9]+)")
IGNORE = (re.compile(r","), re.compile(r"\$"), re.compile(r"(?s).*#### "), re.compile(r"\.$"))
WORD = re.compile(r"[A-Za-z][A-Za-z\-]*")


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
    """lm-eval's `regexes_to_ignore` for GSM8K, then surrounding whitespace."""
    for pattern in IGNORE:
        text = pattern.sub("", text)
    return text.strip()


def extract_gsm8k(text: str) -> Extraction:
    strict = STRICT.search(text)
    spans = [first or second for first, second in FLEXIBLE.findall(text)]
    return Extraction(strict=strict.group(1) if strict else "", flexible=spans[-1] if spans else "")


def extract_label(text: str, labels: tuple[str, ...]) -> Extraction:
    """The first label word in the output (case-insensitive): strict when it opens the answer."""
    lowered = text.lower()
    hits = [(match.start(), label) for label in labels
            for match in re.finditer(rf"\b{re.escape(label.lower())}\b", lowered)]
    if not hits:
        return Extraction("", "")
    position, label = min(hits)
    return Extraction(strict=label if lowered[:position].strip() == "" else "", flexible=label)


def extract_word(text: str) -> Extraction:
    """bAbI answers are one word (or a comma list): strict is the text after "answer is", flexible the
    last word."""
    after = re.search(r"answer is[:\s]+([A-Za-z][A-Za-z,\- ]*)", text, flags=re.IGNORECASE)
    words = WORD.findall(text)
    return Extraction(strict=after.group(1).strip().split()[0] if after else "",
                      flexible=words[-1] if words else "")


def extract(recipe: "Recipe", text: str) -> Extraction:
    kind = recipe.answer.extractor
    if kind == "gsm8k":
        return extract_gsm8k(text)
    if kind == "label":
        return extract_label(text, recipe.answer.labels)
    return extract_word(text)


def reference_final(recipe: "Recipe", answer: str) -> str:
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


def score(recipe: "Recipe", text: str, gold: str) -> Score:
    found = extract(recipe, text)
    if recipe.answer.extractor != "gsm8k":
        flexible = _same_word(found.flexible, gold)
        return Score(strict=_same_word(found.strict, gold), flexible=flexible, math=flexible)
    target = normalise(gold)
    return Score(strict=normalise(found.strict) == target, flexible=normalise(found.flexible) == target,
                 math=equivalent(found.flexible, gold))


def _same_word(predicted: str, gold: str) -> bool:
    return predicted != "" and predicted.strip().lower() == gold.strip().lower()


def is_correct(recipe: "Recipe", text: str, gold: str) -> bool:
    """The verdict the harvest uses: math-verify equivalence (or exact label/word match)."""
    return score(recipe, text, gold).math
