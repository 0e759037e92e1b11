"""Options several commands share: which recipe and which data."""

from __future__ import annotations

import argparse

from remake.errors import RemakeError
from remake.recipes import Fields, Recipe, load_recipe


def add_data_options(parser: argparse.ArgumentParser, recipe_required: bool = False) -> None:
    if recipe_required:
        parser.add_argument("--recipe", required=True, help="recipe name or path (see `remake recipes`)")
    parser.add_argument("--data", help="a local JSONL / Parquet / CSV file to use instead of the recipe's source")
    parser.add_argument("--field", action="append", default=[], metavar="KEY=COLUMN",
                        help="map a sample field (question, answer, final, context) to a column of --data")
    parser.add_argument("--size", type=int, help="rows to generate (generated recipes such as gsm-symbolic)")
    parser.add_argument("--seed", type=int, default=0, help="random seed")


def recipe_from_args(args: argparse.Namespace) -> Recipe:
    recipe = load_recipe(args.recipe)
    if args.data:
        recipe = recipe.with_source(type="file", path=args.data)
    if args.size:
        recipe = recipe.with_source(size=args.size)
    if args.field:
        mapping = dict(recipe.fields.model_dump())
        for item in args.field:
            key, sep, column = item.partition("=")
            if not sep or key not in Fields.model_fields:
                raise RemakeError(f"--field {item!r}: write KEY=COLUMN with KEY one of {', '.join(Fields.model_fields)}")
            mapping[key] = column
        recipe = recipe.model_copy(update={"fields": Fields(**mapping)})
    return recipe
