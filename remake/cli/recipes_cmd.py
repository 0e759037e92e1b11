"""`remake recipes`: the dataset recipes and what each one reads."""

from __future__ import annotations

import argparse

from remake.data.recipe import load_recipe, recipe_names


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("name", nargs="?", help="show one recipe's resolved settings")


def run(args: argparse.Namespace) -> int:
    if args.name:
        print(load_recipe(args.name).model_dump_json(indent=2))
        return 0
    for name in recipe_names():
        recipe = load_recipe(name)
        where = recipe.source.dataset or recipe.source.type
        print(f"{name:<14} {where:<20} {recipe.description}")
    return 0
