"""`remake recipes`: the dataset recipes and what each one reads."""

from __future__ import annotations

import argparse

import remake


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("name", nargs="?", help="show one recipe's resolved settings")


def run(args: argparse.Namespace) -> int:
    if args.name:
        print(remake.load_recipe(args.name).model_dump_json(indent=2))
        return 0
    for recipe in remake.list_recipes():
        where = recipe.source.dataset or recipe.source.type
        print(f"{recipe.name:<14} {where:<20} {recipe.description}")
    return 0
