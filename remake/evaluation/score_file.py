"""`remake score`: score predictions made by any tool exactly as `remake eval` does. Rows are JSON Lines
with the model's `output` and the reference `answer` as the dataset gives it (field names overridable);
each row is written back with its extractions and verdicts."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from remake.data.recipe import Recipe, load_recipe
from remake.data.scoring import reference_final
from remake.errors import RemakeError
from remake.evaluation.evaluate import ScoreResult, scored, summarise
from remake.files import iter_jsonl, write_jsonl


def score_file(path: Path, recipe_name: str, out: Path | None = None, output_field: str = "output",
               answer_field: str = "answer") -> ScoreResult:
    """The summary and the file of scored rows (default: PATH.scored.jsonl next to the input)."""
    if not path.is_file():
        raise RemakeError(f"{path} does not exist: give a JSONL file of {{{output_field}, {answer_field}}} rows")
    recipe = load_recipe(recipe_name)
    rows = []
    for number, row in enumerate(iter_jsonl(path, torn_tail_ok=False), start=1):
        output = _text(row, output_field, path, number, (str,))
        answer = _text(row, answer_field, path, number, (str, int, float))  # tools often store a bare number
        rows.append({**row, **scored(recipe, output, answer, _final(recipe, answer))})
    if not rows:
        raise RemakeError(f"{path} has no rows: give one JSON object per line with {output_field} and {answer_field}")
    written = out or path.with_name(f"{path.stem}.scored.jsonl")
    write_jsonl(written, rows)
    return ScoreResult(summarise(rows), written)


def _text(row: dict[str, Any], field: str, path: Path, number: int, kinds: tuple[type, ...]) -> str:
    if field not in row:
        raise RemakeError(f"{path} row {number} has no {field!r}: each row needs it "
                          "(or name the field with --output-field / --answer-field)")
    value = row[field]
    if isinstance(value, bool) or not isinstance(value, kinds):
        raise RemakeError(f"{path} row {number}: {field!r} is a {type(value).__name__}, not text")
    return str(value)


def _final(recipe: Recipe, answer: str) -> str:
    """The final answer as remake's samples hold it (GSM8K: after `#### `; labels: their names)."""
    final = reference_final(recipe, answer)
    return recipe.answer.label_names.get(final, final)
