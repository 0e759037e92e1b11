"""`remake filter`: re-filter a harvest's rewrites with new thresholds (no editor calls: stored solver
answers are reused), or check a file of rewrite pairs.

    remake filter RUN_DIR [filter options]
    remake filter check PAIRS.jsonl [--out FILE] [--recipe NAME] [filter options]
"""

from __future__ import annotations

import argparse
from collections import Counter
from pathlib import Path

from remake.cli.filter_options import add_filter_options, filter_config_from_args
from remake.errors import RemakeError
from remake.files import read_jsonl, write_jsonl
from remake.filters import FILTERS, Candidate, FilterChain, FilterConfig, LocalSolver, Verdict
from remake.recipes import Recipe, load_recipe
from remake.rundir import open_run

PAIR_KEYS = ("question", "answer", "rewrite")
REWRITE_KEYS = ("sample_id", "original_question", "rewrite", "final")


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("target", help="a run directory, or the word `check` to check a file of pairs")
    parser.add_argument("pairs", nargs="?", type=Path,
                        help="with `check`: JSONL rows {question, answer (final answer A*), rewrite}")
    parser.add_argument("--out", type=Path, help="with `check`: verdict rows file (default PAIRS.verdicts.jsonl)")
    parser.add_argument("--recipe", help="recipe for answer format and length bounds (default: the run's; "
                                         "gsm8k for `check`)")
    add_filter_options(parser)


def run(args: argparse.Namespace) -> int:
    if args.target == "check":
        return _check_pairs(args)
    if args.pairs is not None:
        raise RemakeError(f"unexpected argument {args.pairs}: `remake filter RUN_DIR` takes one folder "
                          "(did you mean `remake filter check PAIRS.jsonl`?)")
    return _refilter_run(args)


def _solver(config: FilterConfig, recipe: Recipe) -> LocalSolver | None:
    """`--solver MODEL` in process: the answer-invariance solver and the same-problem judge."""
    if config.solver is None:
        return None
    return LocalSolver(config.solver, recipe, config.solver_max_new_tokens or recipe.max_new_tokens)


def _require(rows: list[dict], keys: tuple[str, ...], where: str) -> None:
    for number, row in enumerate(rows, start=1):
        missing = [key for key in keys if key not in row]
        if missing:
            raise RemakeError(f"{where} row {number} lacks {', '.join(missing)}: each row needs {', '.join(keys)}")


def _check_pairs(args: argparse.Namespace) -> int:
    if args.pairs is None:
        raise RemakeError("`remake filter check` needs a file: remake filter check PAIRS.jsonl")
    if not args.pairs.is_file():
        raise RemakeError(f"pairs file {args.pairs} does not exist: give a JSONL file of {{question, answer, rewrite}} rows")
    rows = read_jsonl(args.pairs)
    _require(rows, PAIR_KEYS, str(args.pairs))
    recipe = load_recipe(args.recipe or "gsm8k")
    config = filter_config_from_args(args)
    candidates = [Candidate(str(row.get("id", index)), str(row["question"]), str(row["rewrite"]),
                            str(row["answer"]), row.get("solution")) for index, row in enumerate(rows)]
    solver = _solver(config, recipe)
    verdicts = FilterChain(config, recipe, solver, judge=solver).check(candidates)
    out = args.out or args.pairs.with_name(f"{args.pairs.stem}.verdicts.jsonl")
    write_jsonl(out, [{"id": c.id, "question": c.question, "answer": c.final, "rewrite": c.rewrite, **v.to_dict()}
                      for c, v in zip(candidates, verdicts)])
    print(_counts(verdicts))
    print(f"verdicts: {out}")
    return 0


def _run_recipe(args: argparse.Namespace, config: dict) -> Recipe:
    if args.recipe:
        return load_recipe(args.recipe)
    saved = config.get("recipe")
    if isinstance(saved, dict):
        return Recipe.model_validate(saved)
    if isinstance(saved, str):
        return load_recipe(saved)
    raise RemakeError("the run's config.json names no recipe: pass --recipe NAME")


def _refilter_run(args: argparse.Namespace) -> int:
    run_dir = open_run(args.target)
    rows = run_dir.rewrite_rows()
    # "failed" attempts produced no usable rewrite: there is nothing to judge, they stay as they are
    judged = [row for row in rows if row.get("status") in ("accepted", "rejected")]
    if not judged:
        raise RemakeError(f"{run_dir.rewrites} has no accepted or rejected rewrites to filter: run a harvest first")
    _require(judged, REWRITE_KEYS, str(run_dir.rewrites))
    saved = run_dir.load_config()
    recipe = _run_recipe(args, saved)
    base = FilterConfig.from_dict(saved["filters"]) if isinstance(saved.get("filters"), dict) else None
    config = filter_config_from_args(args, base)
    candidates = [Candidate(str(row["sample_id"]), row["original_question"], row["rewrite"], str(row["final"]),
                            row.get("solution")) for row in judged]
    solver = _solver(config, recipe)
    verdicts = FilterChain(config, recipe, solver, judge=solver).check(candidates, stored=judged)
    before = sum(row["status"] == "accepted" for row in judged)
    for row, verdict in zip(judged, verdicts):  # the dicts in `rows` themselves: order and other rows kept
        row.update(status="accepted" if verdict.accepted else "rejected", checks=verdict.checks,
                   reasons=verdict.reasons, reason="; ".join(verdict.reasons))
    write_jsonl(run_dir.rewrites, rows)
    print(_counts(verdicts) + f" (before: {before} accepted)")
    print(f"verdicts rewritten: {run_dir.rewrites}")
    return 0


def _counts(verdicts: list[Verdict]) -> str:
    accepted = sum(v.accepted for v in verdicts)
    by_filter = Counter(name for v in verdicts for name in FILTERS if v.checks[name]["passed"] is False)
    rejected = ", ".join(f"{name} {by_filter[name]}" for name in FILTERS if by_filter[name]) or "none"
    return f"accepted {accepted} of {len(verdicts)}, rejected {len(verdicts) - accepted}; rejections by filter: {rejected}"
