"""`remake filter`: re-filter a harvest's rewrites with its own settings and the flags given, or check a
file of rewrite pairs; both with the harvest's chain and models (the editor's model as judge and solver,
served as a harvest serves it; stored model outputs are reused).

    remake filter RUN_DIR [filter options]
    remake filter check PAIRS.jsonl [--out FILE] [--recipe NAME] [filter options]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import remake
from remake.cli.arguments import add_config_arguments, given
from remake.errors import RemakeError


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("target", help="a run directory, or the word `check` to check a file of pairs")
    parser.add_argument("pairs", nargs="?", type=Path,
                        help="with `check`: JSONL rows {question, answer (final answer A*), rewrite}")
    parser.add_argument("--out", type=Path, help="with `check`: verdict rows file (default PAIRS.verdicts.jsonl)")
    parser.add_argument("--recipe", help="recipe for answer format and length bounds (default: the run's; "
                                         "gsm8k for `check`)")
    parser.add_argument("--editor-model", help="the judge's and solver's model (default: the run's editor; "
                                               "qwen2.5-coder-1.5b, served by llama.cpp, for `check`)")
    parser.add_argument("--editor-base-url", help="reach it at this OpenAI-compatible endpoint instead")
    parser.add_argument("--editor-backend", metavar="NAME", help="a registered model backend answers (see `remake "
                                                                 "plugins`)")
    add_config_arguments(parser, remake.FilterConfig, title="semantic-preservation filters (default: the run's settings)")


def _notice(line: str) -> None:
    print(line, file=sys.stderr, flush=True)


def run(args: argparse.Namespace) -> int:
    overrides = given(args, remake.FilterConfig)
    models = {"editor_model": args.editor_model, "editor_base_url": args.editor_base_url,
              "editor_backend": args.editor_backend}
    if args.target == "check":
        if args.pairs is None:
            raise RemakeError("`remake filter check` needs a file: remake filter check PAIRS.jsonl")
        report = remake.filter_check(args.pairs, args.out, overrides, recipe=args.recipe, announce=_notice, **models)
        print(report.summary())
        print(f"verdicts: {report.written}")
        return 0
    if args.pairs is not None:
        raise RemakeError(f"unexpected argument {args.pairs}: `remake filter RUN_DIR` takes one folder "
                          "(did you mean `remake filter check PAIRS.jsonl`?)")
    report = remake.refilter(Path(args.target), overrides, recipe=args.recipe, announce=_notice, **models)
    print(report.summary())
    print(f"verdicts rewritten: {report.written}")
    return 0
