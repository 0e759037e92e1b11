"""`remake eval`: accuracy of a model (plus optional adapter) on a recipe split; the flags are EvalConfig's."""

from __future__ import annotations

import argparse

from remake.cli.arguments import add_config_arguments, given
from remake.data.config import DataConfig
from remake.evaluation.config import EvalConfig
from remake.options import from_dict


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--recipe", required=True, help="recipe name or path (see `remake recipes`)")
    add_config_arguments(parser, EvalConfig)
    add_config_arguments(parser, DataConfig, prefix="data.", title="data")


def run(args: argparse.Namespace) -> int:
    import remake
    from remake.evaluation.evaluate import format_table

    values = {**given(args, EvalConfig), "data": {**given(args, DataConfig, "data."), "recipe": args.recipe}}
    summary, out = remake.evaluate(from_dict(EvalConfig, values, "options"))
    print(format_table(summary))
    print(f"predictions: {out / 'predictions.jsonl'}")
    return 0
