"""Answer extraction and scoring: lm-evaluation-harness 0.4.13 `gsm8k_cot_zeroshot` (v3.0: strict-match
"The answer is (\\-?[0-9\\.\\,]+).", flexible-extract the last "(-?[$0-9.,]{2,})|(-?[0-9]+)", regexes_to_ignore
`,` `\\$` `(?s).*#### ` `\\.$`, ignore_case, against the dataset's answer field), remake's lenient math
metric, and the label and word extractors. tests/test_lm_eval_parity.py checks the GSM8K part against
lm-eval's own code."""

from __future__ import annotations

import pytest

from remake.data.recipe import load_recipe
from remake.data.scoring import (
    equivalent,
    extract_gsm8k,
    extract_label,
    extract_word,
    is_correct,
    lm_eval_normalise,
    normalise,
    reference_final,
    score,
)

GSM8K = load_recipe("gsm8k")
CLINIFACT = load_recipe("clinifact")
BABI = load_recipe("babi")


@pytest.mark.parametrize(("output", "strict", "flexible"), [
    ("Natalia sold 48/2 = 24 clips in May.\nShe sold 48+24 = 72 clips altogether.\nThe answer is 72.",
     "72", "72."),
    ("The total is $1,234.50 after tax. The answer is $1,234.50.", "", "$1,234.50."),
    ("He ends with 5 - 12 = -7 degrees.\nThe answer is -7.", "-7", "-7."),
    ("So the farmer has **73** cows left.", "", "73"),
    ("First 3 * 4 = 12, then 12 + 9 = 21, and 21 / 3 = 7 apples each.", "", "7"),
    ("I cannot determine that from the question.", "", ""),
    ("The answer is 18. Then I double-check: 9 * 2 = 18 and 18 - 2 = 16.", "18.", "16."),
    ("She pays -$5 back.", "", "-$5"),
    # lm-eval's strict pattern ends with an unescaped `.`: at the very end it eats the last digit
    ("The answer is 42", "4", "42"),
])
def test_gsm8k_extraction_matches_lm_eval(output: str, strict: str, flexible: str) -> None:
    found = extract_gsm8k(output)
    assert (found.strict, found.flexible) == (strict, flexible)


@pytest.mark.parametrize(("raw", "clean"), [
    ("$1,234.50", "1234.50"), ("72.", "72"), ("21.0", "21"), ("29.00.", "29"), ("-7.", "-7"),
    ("Janet makes 9 * 2 = $18 every day.\n#### 18", "18"), ("#### 1,000", "1000"), ("1.50", "1.50"),
])
def test_lenient_normalise_for_the_math_metric(raw: str, clean: str) -> None:
    assert normalise(raw) == clean


@pytest.mark.parametrize(("raw", "clean"), [
    ("$1,234.50", "1234.50"), ("72.", "72"), ("21.0", "21.0"), ("29.00.", "29.00"), ("1.50", "1.50"),
    ("Janet makes 9 * 2 = $18 every day.\n#### 18", "18"), ("#### 1,000", "1000"), (" 7", " 7"),
])
def test_lm_eval_normalise_applies_regexes_to_ignore_in_order(raw: str, clean: str) -> None:
    assert lm_eval_normalise(raw) == clean


@pytest.mark.parametrize(("answer", "final"), [
    ("She has 3 + 18 = 21 apples.\n#### 21.0", "21"),
    ("Total: 1,234 * 1 = 1234\n#### 1,234", "1234"),
    ("It drops by 4.\n#### -4", "-4"),
    ("Half of 5 is 2.5.\n#### 2.5", "2.5"),
    ("no marker here, the last number is 12", "12"),
])
def test_reference_final_reads_the_gsm8k_answer(answer: str, final: str) -> None:
    assert reference_final(GSM8K, answer) == final


@pytest.mark.parametrize(("output", "gold", "strict", "flexible", "math"), [
    ("48 + 24 = 72 clips.\nThe answer is 72.", "72", True, True, True),
    ("Each costs $1,234.50 in total. The answer is $1,234.50.", "1234.5", False, False, True),
    ("The answer is -7.", "-7", True, True, True),
    ("There are **73** cows.", "73", False, True, True),
    ("The answer is 18. Check: 18 - 2 = 16.", "18", True, False, False),
    ("I don't know.", "18", False, False, False),
    # lm-eval compares strings: `21.0` is not `21` (remake's math metric says it is)
    ("The answer is 21.0.", "21", False, False, True),
    ("The answer is 72.", "72.0", False, False, True),
    # ... and `1.50` is `1.50`: the reference is the dataset's, not a number remake rewrote
    ("The answer is 1.50.", "1.50", True, True, True),
    ("The answer is 0.10.", "0.10", True, True, True),
    ("The answer is 0.5.", "1/2", False, False, True),
    ("The answer is 19.", "21", False, False, False),
])
def test_gsm8k_score(output: str, gold: str, strict: bool, flexible: bool, math: bool) -> None:
    answer = f"Worked solution.\n#### {gold}"
    final = reference_final(GSM8K, answer)
    verdict = score(GSM8K, output, answer, final)
    assert (verdict.strict, verdict.flexible, verdict.math) == (strict, flexible, math)
    assert is_correct(GSM8K, output, final) is math


def test_big_integers_stay_exact() -> None:
    assert reference_final(GSM8K, "#### 9007199254740993") == "9007199254740993"


def test_equivalent_needs_both_sides() -> None:
    assert not equivalent("", "5")
    assert not equivalent("5", "")
    assert equivalent("$2,000", "2000.00")
    assert not equivalent("2001", "2000")


@pytest.mark.parametrize(("output", "strict", "flexible"), [
    ("The abstract reports a significant improvement (P < 0.001). The answer is TRUE.", "TRUE", "TRUE"),
    ("Is it true? The difference was not significant, so the claim is false. The answer is false.",
     "FALSE", "FALSE"),
    ("The abstract is about mice, not this trial, so none of it applies. The answer is **NONE**.",
     "NONE", "NONE"),
    ("It might be TRUE, but the p-value of 0.33 says otherwise: FALSE", "", "FALSE"),
    ("I cannot tell.", "", ""),
    ("Untrue claims are nonexistent here.", "", ""),
])
def test_label_extraction(output: str, strict: str, flexible: str) -> None:
    found = extract_label(output, CLINIFACT.answer.labels)
    assert (found.strict, found.flexible) == (strict, flexible)


def test_label_score_is_case_insensitive() -> None:
    verdict = score(CLINIFACT, "The claim holds. The answer is true.", "1", "TRUE")
    assert verdict.strict and verdict.flexible and verdict.math
    assert not is_correct(CLINIFACT, "The answer is NONE.", "TRUE")


@pytest.mark.parametrize(("output", "strict", "flexible"), [
    ("Mary went to the kitchen, then to the garden. The answer is garden.", "garden", "garden"),
    ("Daniel moved west then south. The answer is west south.", "west south", "west south"),
    ("John is carrying the apple and the football. The answer is: Apple, football.", "apple football",
     "apple football"),
    ("The answer is the hallway.", "hallway", "hallway"),
    ("Sandra is in the office", "", "office"),
    ("", "", ""),
])
def test_word_extraction(output: str, strict: str, flexible: str) -> None:
    found = extract_word(output)
    assert (found.strict, found.flexible) == (strict, flexible)


@pytest.mark.parametrize(("output", "gold", "correct"), [
    ("The answer is Garden.", "garden", True),
    ("The answer is apple, football.", "apple,football", True),
    ("The answer is south west.", "south west", True),
    ("The answer is south.", "south west", False),
    ("She is in the bathroom", "bathroom", True),
    ("The answer is kitchen.", "garden", False),
])
def test_word_score(output: str, gold: str, correct: bool) -> None:
    assert is_correct(BABI, output, gold) is correct


def test_answers_past_python_int_digit_limit_are_compared_exactly():
    """int() refuses strings over 4,300 digits; a model can print such a number."""
    from remake.data.recipe import load_recipe
    from remake.data.scoring import canonical_number, is_correct, reference_final

    recipe = load_recipe("gsm8k")
    big = "9" * 5000
    assert reference_final(recipe, f"So {big} in all.\n#### {big}") == big
    assert is_correct(recipe, f"The answer is {big}.", big)
    assert not is_correct(recipe, f"The answer is {big}.", "5") and not is_correct(recipe, "#### 5", big)
    assert [canonical_number(x) for x in ("007", "-0", "-012", "0" + big)] == ["7", "0", "-12", big]
