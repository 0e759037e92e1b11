"""Dataset recipes: one YAML file per dataset, shipped as package data (`remake.recipes`, the repository's
`recipes/` folder), validated once on load.

A recipe says where the data comes from, how a sample's system prompt P, question Q and ground
truth A* are formed, how a model's answer is extracted and compared, and the length limits."""

from __future__ import annotations

import re
import string
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from remake.data.scoring import ANSWER_FORMATS, answer_format
from remake.errors import RemakeError
from remake.files import yaml_mapping

RECIPES_PACKAGE = "remake.recipes"  # setuptools maps it to the top-level recipes/ folder
EXTRACTORS = ("gsm8k", "label", "word")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Source(_Strict):
    """Where rows come from. `hub`: a Hugging Face dataset id; `gsm_symbolic`: generated offline by
    reasoning-gym; `file`: a local JSONL / Parquet / CSV file (given by `path` or `--data`)."""

    type: Literal["hub", "gsm_symbolic", "file"]
    dataset: str | None = None
    config: str | None = None
    revision: str | None = None
    path: str | None = None
    size: int = Field(default=1000, gt=0)
    test_size: int = Field(default=200, gt=0)
    seed: int = 0

    @model_validator(mode="after")
    def _needs_dataset(self) -> Source:
        if self.type == "hub" and not self.dataset:
            raise ValueError("source.type 'hub' needs source.dataset (a Hub dataset id)")
        return self


class Fields(_Strict):
    """Column names in the source rows. `final` is the column holding the final answer alone; when
    absent it is extracted from `answer` with the recipe's extractor (GSM8K: the text after `#### `)."""

    question: str = "question"
    answer: str = "answer"
    final: str | None = None
    context: str | None = None
    system: str | None = None


class Prompt(_Strict):
    """`template` forms the user turn from a row's fields ({question}, {context}, any column)."""

    system: str = ""
    template: str = "{question}"

    @field_validator("template")
    @classmethod
    def _named_fields(cls, template: str) -> str:
        """Only named, plain fields ({question}, {context}, a column): a positional `{0}`, an unclosed
        brace or `{q.attr}` would fail on the first row, deep in a run."""
        try:
            names = [name for _, name, _, _ in string.Formatter().parse(template) if name is not None]
        except ValueError as exc:
            raise ValueError(f"prompt.template is not a format string ({exc}): write literal braces as "
                             "{{ and }}") from None
        for name in names:
            if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_ -]*", name):
                raise ValueError(f"prompt.template field {{{name}}} is not a column name: use {{question}}, "
                                 "{context} or a column of the rows, and write literal braces as {{ and }}")
        return template


class Answer(_Strict):
    """`label_names` maps raw values of the answer column to labels (CliniFact stores 0/1/2 for
    FALSE/TRUE/NONE), so that A* and the final answer are the words a model is asked to say."""

    extractor: str = "gsm8k"  # a registered answer format (remake.data.scoring.register_answer_format)
    comparator: Literal["math", "exact"] = "math"
    labels: tuple[str, ...] = ()
    label_names: dict[str, str] = Field(default_factory=dict)

    @field_validator("extractor")
    @classmethod
    def _registered(cls, value: str) -> str:
        if value not in ANSWER_FORMATS:
            raise ValueError(str(ANSWER_FORMATS.unknown(value)))
        return value

    @model_validator(mode="after")
    def _names_are_labels(self) -> Answer:
        unknown = sorted(set(self.label_names.values()) - set(self.labels))
        if unknown:
            raise ValueError(f"label_names maps to {unknown}, which answer.labels does not list")
        return self


class FilterBounds(_Strict):
    """Per-recipe bounds used by the semantic-preservation filters."""

    min_chars: int = Field(default=10, ge=0)
    max_length_ratio: float = Field(default=3.0, gt=0)
    quantity_words: bool = True


class Card(_Strict):
    license: str = "other"
    pretty_name: str | None = None
    source_datasets: tuple[str, ...] = ()
    task_categories: tuple[str, ...] = ("question-answering",)
    citation: str = ""


class Recipe(_Strict):
    name: str
    description: str
    source: Source
    splits: dict[str, str] = Field(default_factory=lambda: {"train": "train", "test": "test"})
    fields: Fields = Fields()
    prompt: Prompt = Prompt()
    answer: Answer = Answer()
    max_length: int = Field(default=128, gt=8)
    max_new_tokens: int = Field(default=256, gt=0)
    filters: FilterBounds = FilterBounds()
    card: Card = Card()

    @field_validator("name")
    @classmethod
    def _plain_name(cls, name: str) -> str:
        """A recipe's name names its default release folder (<name>-remade): no path, no spaces."""
        if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._-]*", name):
            raise ValueError("a recipe name is letters, digits, '.', '_' or '-' (it names the release folder): "
                             "rename the recipe")
        return name

    @model_validator(mode="after")
    def _splits(self) -> Recipe:
        missing = {"train", "test"} - set(self.splits)
        if missing:
            raise ValueError(f"splits must name {sorted(missing)}")
        if answer_format(self).needs_labels and not self.answer.labels:
            raise ValueError(f"answer.extractor {self.answer.extractor!r} needs answer.labels")
        return self

    def with_source(self, **changes: object) -> Recipe:
        """A copy with some source settings replaced (e.g. `--data FILE`, `--size N`), validated like
        the recipe file (model_copy alone would accept `--size -5`)."""
        try:
            source = Source.model_validate({**self.source.model_dump(), **changes})
        except ValidationError as exc:
            raise RemakeError(f"recipe '{self.name}': {_first_problem(exc)}") from None
        return self.model_copy(update={"source": source})


def _shipped() -> dict[str, Traversable]:
    """The recipes inside the installed package, by name (works from a wheel as from a checkout)."""
    found = resources.files(RECIPES_PACKAGE).iterdir()
    return {entry.name[: -len(".yaml")]: entry for entry in found if entry.name.endswith(".yaml")}


def recipe_names() -> list[str]:
    return sorted(_shipped())


def load_recipe(name_or_path: str) -> Recipe:
    """Load a recipe by name (one shipped with remake, see `remake recipes`) or by a path to a YAML file."""
    shipped = _shipped()
    path: Path | Traversable = shipped.get(name_or_path) or Path(name_or_path)
    if name_or_path not in shipped and Path(name_or_path).suffix not in (".yaml", ".yml"):
        raise RemakeError(f"unknown recipe '{name_or_path}': known recipes are {', '.join(sorted(shipped))} "
                          "(or give a path to a recipe .yaml)")
    if not path.is_file():
        raise RemakeError(f"recipe file {name_or_path} does not exist: give the path to a recipe .yaml, "
                          f"or a shipped recipe ({', '.join(sorted(shipped))})")
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise RemakeError(f"recipe {name_or_path} is not UTF-8 text: save it as UTF-8") from None
    raw = yaml_mapping(text, f"recipe {name_or_path}")
    try:
        return Recipe.model_validate(raw)
    except ValidationError as exc:
        raise RemakeError(f"recipe {path}: {_first_problem(exc)}") from None


def recipe_from_dict(raw: object, where: str) -> Recipe:
    """A recipe stored by remake (a run's config.json, a release's manifest), validated like a recipe file."""
    if not isinstance(raw, dict):
        raise RemakeError(f"{where} holds no recipe: restore the file, or start over")
    try:
        return Recipe.model_validate(raw)
    except ValidationError as exc:
        raise RemakeError(f"the recipe in {where}: {_first_problem(exc)}: restore the file, or start over") from None


def _first_problem(exc: ValidationError) -> str:
    """The first validation error as "bad key 'a.b' (got value): why", on one line."""
    first = exc.errors()[0]
    key = ".".join(str(part) for part in first["loc"]) or "(top level)"
    value = first.get("input")
    shown = f" (got {value!r})" if not isinstance(value, dict) and first["type"] != "missing" else ""
    return " ".join(f"bad key '{key}'{shown}: {first['msg']}".split())
