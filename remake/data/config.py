"""DataConfig: which recipe and which data a command reads, and the overrides that turn a recipe into the
one a run uses (a local file instead of the recipe's source, column mappings, a generated size)."""

from __future__ import annotations

from dataclasses import dataclass

from remake.data.recipe import Fields, Recipe, load_recipe
from remake.errors import RemakeError
from remake.options import coerce, option


@dataclass(frozen=True)
class DataConfig:
    recipe: str  # a shipped recipe's name or a path to a recipe .yaml; each command takes it its own way
    data: str | None = option(None, help="a local JSONL / Parquet / CSV file to use instead of the recipe's source")
    field: tuple[str, ...] = option((), metavar="KEY=COLUMN",
                                    help="map a sample field (question, answer, final, context) to a column of --data")
    size: int | None = option(None, help="rows to generate (generated recipes such as gsm-symbolic)")

    def __post_init__(self) -> None:
        coerce(self)
        if self.size is not None and self.size < 1:
            raise RemakeError(f"--size {self.size}: give a positive number of rows")
        for item in self.field:
            key, sep, column = item.partition("=")
            if not sep or not column or key not in Fields.model_fields:
                raise RemakeError(f"--field {item!r}: write KEY=COLUMN with KEY one of {', '.join(Fields.model_fields)}")

    def load(self) -> Recipe:
        """The recipe with this config's overrides applied, validated like the recipe file itself."""
        recipe = load_recipe(self.recipe)
        if self.data:  # the user's file, not the recipe's Hub dataset: its licence and origin are unknown here
            recipe = recipe.with_source(type="file", path=self.data, dataset=None, config=None, revision=None)
            recipe = recipe.model_copy(update={"card": recipe.card.model_copy(
                update={"license": "other", "source_datasets": ()})})
        if self.size:
            recipe = recipe.with_source(size=self.size)
        if self.field:
            mapping = dict(recipe.fields.model_dump())
            mapping.update(item.split("=", 1) for item in self.field)
            recipe = recipe.model_copy(update={"fields": Fields(**mapping)})
        return recipe
