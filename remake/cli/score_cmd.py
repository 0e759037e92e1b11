"""`remake score FILE --recipe gsm8k [--out scored.jsonl]`: score another tool's predictions with the
scoring of `remake eval` (lm-eval's strict-match and flexible-extract, and math-verify)."""

from __future__ import annotations

import argparse
from pathlib import Path

import remake


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", type=Path, help="JSONL rows with the model's output and the reference answer")
    parser.add_argument("--recipe", default="gsm8k", help="whose answer format to score (default gsm8k)")
    parser.add_argument("--out", type=Path, help="scored rows (default: FILE.scored.jsonl)")
    parser.add_argument("--output-field", default="output", help="the field holding the model's output")
    parser.add_argument("--answer-field", default="answer",
                        help="the field holding the reference as the dataset gives it (GSM8K: the worked "
                             "solution ending in `#### N`, or N)")


def run(args: argparse.Namespace) -> int:
    result = remake.score(args.file, args.recipe, args.out, args.output_field, args.answer_field)
    print(result.table())
    print(f"scored rows: {result.written}")
    return 0
