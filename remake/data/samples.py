"""Samples x = (P, Q, A*) and the loaders that turn a recipe's source into them."""

from __future__ import annotations

import os
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any

from remake.data.reading import FORMATS, read_rows
from remake.data.recipe import Recipe
from remake.data.scoring import reference_final
from remake.data.validation import check_fields, checked_rows
from remake.errors import RemakeError, first_line


@dataclass
class Sample:
    """One QA item. `question` is Q as the model sees it (after the recipe's template), `answer` the
    ground truth A* used as the training target, `final` the final answer that scorers compare with,
    `fields` the source row as loaded (kept so releases keep the recipe's original columns)."""

    id: str
    system: str
    question: str
    answer: str
    final: str
    fields: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, row: dict[str, Any]) -> Sample:
        return cls(**row)


def load_samples(recipe: Recipe, split: str, limit: int | None = None) -> list[Sample]:
    """Load a split ("train" or "test") of a recipe as samples; `limit` keeps the first N rows."""
    rows = _load_rows(recipe, split)
    if limit is not None:
        rows = rows[:limit]
    if not rows:
        raise RemakeError(
            f"split '{split}' of recipe '{recipe.name}' is empty: check the source or use a larger --size"
        )
    return [to_sample(recipe, row, f"{split}-{index}") for index, row in enumerate(rows)]


def to_sample(recipe: Recipe, row: dict[str, Any], row_id: str) -> Sample:
    """A row as a sample (rows from a data source were checked whole by remake.data.validation)."""
    check_fields(recipe, row, lambda: f"data row {row_id}")
    names = recipe.fields
    answer = _label_name(recipe, row[names.answer])
    final = _label_name(recipe, row[names.final]) if names.final else reference_final(recipe, answer)
    system = str(row[names.system]) if names.system else recipe.prompt.system
    return Sample(id=str(row.get("id", row_id)), system=system, question=format_question(recipe, row),
                  answer=answer, final=final, fields=_jsonable(row))


def format_question(recipe: Recipe, row: dict[str, Any]) -> str:
    """The user turn: the recipe's template filled from a row ({question}, {context}, any column)."""
    values = {key: value for key, value in row.items() if isinstance(key, str)}
    values["question"] = str(row[recipe.fields.question])
    if recipe.fields.context:
        values["context"] = str(row[recipe.fields.context])
    try:
        return recipe.prompt.template.format(**values)
    except KeyError as exc:
        raise RemakeError(
            f"recipe '{recipe.name}': prompt.template uses {{{exc.args[0]}}}, which rows do not have"
        ) from None


def raw_question(recipe: Recipe, sample: Sample) -> str:
    """The question as the source row has it (what the editor rewrites)."""
    return str(sample.fields[recipe.fields.question])


def with_question(recipe: Recipe, sample: Sample, question: str) -> Sample:
    """The sample with its source question replaced by `question` (a rewrite), template re-applied."""
    fields = {**sample.fields, recipe.fields.question: question}
    return replace(sample, question=format_question(recipe, fields), fields=fields)


def _label_name(recipe: Recipe, value: Any) -> str:
    """A raw answer value as its label (CliniFact's `1` → `TRUE`); other values unchanged."""
    return recipe.answer.label_names.get(str(value), str(value))


def _jsonable(row: dict[str, Any]) -> dict[str, Any]:
    return {str(k): (v if isinstance(v, (str, int, float, bool, type(None), list, dict)) else str(v))
            for k, v in row.items()}


def _load_rows(recipe: Recipe, split: str) -> list[dict[str, Any]]:
    source = recipe.source
    if source.type == "gsm_symbolic":
        return _gsm_symbolic_rows(recipe, split)
    if source.type == "file":
        return _file_rows(recipe, split)
    return _hub_rows(recipe, split)


def _gsm_symbolic_rows(recipe: Recipe, split: str) -> list[dict[str, Any]]:
    """GSM8K-style problems generated offline. Train and test use different seeds, and test drops any
    question that train also has (different seeds can still draw the same numbers): generating 1,000
    items takes ~0.05 s, so regenerating train here is cheap."""
    import reasoning_gym

    source = recipe.source

    def generated(size: int, seed: int) -> list[dict[str, Any]]:
        return [{"question": item["question"], "answer": item["metadata"]["answer_cot"],
                 "final": str(item["answer"])}
                for item in reasoning_gym.create_dataset("gsm_symbolic", size=size, seed=seed)]

    train = generated(source.size, source.seed)
    if split == "train":
        return train
    seen = {row["question"] for row in train}
    return [row for row in generated(source.test_size, source.seed + 1_000_003) if row["question"] not in seen]


def _file_rows(recipe: Recipe, split: str) -> list[dict[str, Any]]:
    """Rows of a local file. A path with `{split}` names one file per split (formatted with the
    recipe's split name, e.g. `clinifact/{split}_set.csv`); otherwise one file holds both splits."""
    path = recipe.source.path
    if not path:
        raise RemakeError(f"recipe '{recipe.name}' reads a local file: give it with --data FILE")
    per_split = "{split}" in path
    file = Path(os.path.expanduser(path.replace("{split}", recipe.splits[split])))
    if not file.is_file():
        raise RemakeError(f"data file {file} does not exist: check the --data path")
    if file.suffix.lower() not in FORMATS:
        raise RemakeError(f"data file {file}: unsupported format; use one of {', '.join(FORMATS)}")
    if file.stat().st_size == 0:
        raise RemakeError(f"data file {file} is empty: give a file with one row per sample")
    rows = _checked_file(recipe, file)
    if per_split or recipe.splits.get("test") == recipe.splits.get("train"):
        return rows
    # one file for both splits: the last `test_size` rows are the test split
    cut = max(len(rows) - recipe.source.test_size, len(rows) // 2)
    return rows[:cut] if split == "train" else rows[cut:]


_CHECKED: dict[tuple, list[dict[str, Any]]] = {}  # a plan or harvest reads one file for both splits


def _checked_file(recipe: Recipe, file: Path) -> list[dict[str, Any]]:
    stat = file.stat()
    key = (str(file.resolve()), stat.st_mtime_ns, stat.st_size, recipe.fields.model_dump_json(),
           recipe.answer.extractor)
    if key not in _CHECKED:
        read = read_rows(file)
        _CHECKED.clear()
        _CHECKED[key] = checked_rows(recipe, read.rows, f"data file {file}", read.places,
                                     lambda row: _asked(recipe, row))
    return _CHECKED[key]


def _hub_rows(recipe: Recipe, split: str) -> list[dict[str, Any]]:
    import datasets

    source = recipe.source
    name = recipe.splits[split]
    try:
        table = datasets.load_dataset(source.dataset, source.config, split=name, revision=source.revision)
    except (ConnectionError, OSError) as exc:
        if _looks_offline(exc):
            raise RemakeError(
                f"cannot download {source.dataset} (offline?): pass a local copy with --data FILE, "
                "or use the offline recipe 'gsm-symbolic'"
            ) from None
        raise RemakeError(f"cannot load {source.dataset} split '{name}': {_message(exc)}") from None
    except ValueError as exc:
        raise RemakeError(f"cannot load {source.dataset} split '{name}': {_message(exc)}") from None
    rows = [dict(row) for row in table]
    return checked_rows(recipe, rows, f"{source.dataset} split '{name}'", [f"row {i + 1}" for i in range(len(rows))],
                        lambda row: _asked(recipe, row))


def _asked(recipe: Recipe, row: dict[str, Any]) -> str:
    """What makes two rows the same question: the system prompt (when the rows carry one) and the user turn."""
    system = str(row[recipe.fields.system]) if recipe.fields.system else ""
    return f"{system}\n{format_question(recipe, row)}"


def _looks_offline(exc: BaseException) -> bool:
    text = f"{type(exc).__name__} {exc}".lower()
    return isinstance(exc, ConnectionError) or any(
        word in text for word in ("offline", "connect", "network", "resolve", "couldn't reach")
    )


def _message(exc: BaseException) -> str:
    return first_line(exc) or type(exc).__name__
