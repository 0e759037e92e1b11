"""Every row is checked before anything trains, and a bad one is refused with its place and the fix:
the recipe's fields present, question and answer non-empty text (not null, NaN, a list or an object),
strings that can be written as UTF-8, and, for GSM8K-style answers, a final answer to score against.

Repeated questions (the same user turn, the recipe's template filled, once whitespace is collapsed)
are not an error: the first is kept and later ones are dropped, and the load says how many, where, and
how many of them had another answer. A question twice in the training set would weigh double; once in
train and once in test it would leak the held-out answer."""

from __future__ import annotations

import math
import re
import sys
from collections.abc import Callable, Sequence
from typing import Any

from remake.data.recipe import Recipe
from remake.data.scoring import answer_format
from remake.errors import RemakeError

MARKER = re.compile(r"####\s*\S")
NUMBER_ONLY = re.compile(r"\s*[-+$]?\s*[\d,]*\.?\d+\s*%?\s*")


def checked_rows(recipe: Recipe, rows: Sequence[dict[str, Any]], source: str, places: Sequence[str],
                 asked: Callable[[dict[str, Any]], str]) -> list[dict[str, Any]]:
    """The rows, each checked (a RemakeError names the first bad one as "<source> <place>"), without
    repeated questions; `asked(row)` is the question as the model sees it (the recipe's template filled:
    CliniFact rows share an outcome title and differ in their abstract)."""
    for row, place in zip(rows, places):
        _check_row(recipe, row, lambda place=place: f"{source} {place}")
    return _without_duplicates(rows, source, places, asked, lambda row: row[recipe.fields.answer])


def check_fields(recipe: Recipe, row: dict[str, Any], where: Callable[[], str]) -> None:
    """The recipe's fields are all in the row."""
    names = recipe.fields
    for key in (names.question, names.answer, names.final, names.context, names.system):
        if key is not None and key not in row:
            raise RemakeError(f"{where()} has no field '{key}' (fields: {', '.join(map(str, row))}): "
                              "fix the recipe's `fields` mapping (--field KEY=COLUMN) or the data file")


def _check_row(recipe: Recipe, row: dict[str, Any], where: Callable[[], str]) -> None:
    names = recipe.fields
    check_fields(recipe, row, where)
    _check_text(row[names.question], names.question, where, numbers=False)
    _check_text(row[names.answer], names.answer, where, numbers=True)
    for key in (names.final, names.context, names.system):
        if key is not None:
            _check_text(row[key], key, where, numbers=key == names.final)
    for key, value in row.items():
        if isinstance(value, str):
            _check_encodable(value, str(key), where)
    if answer_format(recipe).final_marker and names.final is None:
        _check_final(str(row[names.answer]), names.answer, where)


def _check_text(value: Any, key: str, where: Callable[[], str], numbers: bool) -> None:
    """Text with something in it; a number is fine where one may stand (an answer, a label)."""
    fix = f"give every row a non-empty '{key}' or remove the row"
    if value is None:
        raise RemakeError(f"{where()}: '{key}' is null: {fix}")
    if isinstance(value, float) and not math.isfinite(value):
        raise RemakeError(f"{where()}: '{key}' is {value}: {fix}")
    if isinstance(value, bool) or not isinstance(value, (str, int, float)) or (isinstance(value, (int, float))
                                                                              and not numbers):
        raise RemakeError(f"{where()}: '{key}' is {_kind(value)}, not text: {fix}")
    if isinstance(value, str) and not value.strip():
        raise RemakeError(f"{where()}: '{key}' is {'empty' if not value else 'only whitespace'}: {fix}")


def _kind(value: Any) -> str:
    return {list: "a list", dict: "an object", bool: "a boolean"}.get(type(value), f"a {type(value).__name__}")


def _check_encodable(value: str, key: str, where: Callable[[], str]) -> None:
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise RemakeError(f"{where()}: '{key}' holds an unpaired surrogate ({value[exc.start]!r}, a broken "
                          "\\uXXXX escape): fix the text") from None


def _check_final(answer: str, key: str, where: Callable[[], str]) -> None:
    """A GSM8K-style answer states its final answer after '####'; one that is only a number is its own."""
    if not MARKER.search(answer) and not NUMBER_ONLY.fullmatch(answer):
        raise RemakeError(f"{where()}: '{key}' has no '#### N' final-answer line: end each solution with "
                          "'#### N', give the final answer alone, or map a final-answer column (--field final=COLUMN)")


def _without_duplicates(rows: Sequence[dict[str, Any]], source: str, places: Sequence[str],
                        asked: Callable[[dict[str, Any]], str],
                        answer: Callable[[dict[str, Any]], Any]) -> list[dict[str, Any]]:
    first: dict[str, dict[str, Any]] = {}
    kept, dropped, conflicting = [], [], 0
    for index, row in enumerate(rows):
        text = " ".join(asked(row).split())
        if text in first:
            dropped.append(index)
            conflicting += answer(first[text]) != answer(row)
            continue
        first[text] = row
        kept.append(row)
    if dropped:
        shown = ", ".join(places[i] for i in dropped[:5])
        more = f" and {len(dropped) - 5} more" if len(dropped) > 5 else ""
        differ = f"; {conflicting} of them with another answer than the first" if conflicting else ""
        print(f"{source}: {len(dropped)} repeated question(s) dropped, the first of each kept ({shown}{more}){differ}",
              file=sys.stderr, flush=True)
    return kept
