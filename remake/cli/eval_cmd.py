"""`remake eval`: accuracy of a model (plus optional adapter) on a recipe split; the flags are EvalConfig's."""

from __future__ import annotations

import argparse

import remake
from remake.cli.arguments import add_config_arguments, add_config_file, file_values, given, merged
from remake.errors import RemakeError
from remake.options import from_dict


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--recipe", help="recipe name or path (see `remake recipes`; or `recipe:` in --config)")
    add_config_file(parser)
    add_config_arguments(parser, remake.EvalConfig)
    add_config_arguments(parser, remake.DataConfig, prefix="data.", title="data")


def run(args: argparse.Namespace) -> int:
    values = merged(file_values(args.config), {**given(args, remake.EvalConfig),
                                               "data": given(args, remake.DataConfig, "data.")})
    from_file = values.pop("recipe", None) or values["data"].get("recipe")
    recipe = args.recipe or from_file
    if not recipe:
        raise RemakeError("give a recipe: --recipe NAME (see `remake recipes`), or `recipe:` in --config")
    values["data"] = {**values["data"], "recipe": recipe}
    result = remake.evaluate(from_dict(remake.EvalConfig, values, "options"))
    print(result.table())
    print(f"predictions: {result.predictions}")
    return 0
