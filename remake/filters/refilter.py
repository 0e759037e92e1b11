"""Judging rewrites after the fact: a harvest's rewrites again with its own filter settings (plus
overrides), or a file of rewrite pairs, through the same chain and the same models as a harvest: the
judge and solver are the editor's model reached the editor's way (an embedded alias served by llama.cpp,
or an OpenAI-compatible endpoint), `--solver MODEL` in process when it is another embedded model.
Stored model outputs are reused, and the model is started only when some check still needs an answer."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from remake.data.recipe import Recipe, load_recipe
from remake.data.rundir import open_run
from remake.errors import RemakeError
from remake.files import read_jsonl, write_jsonl
from remake.filters.base import filter_names
from remake.filters.chain import FilterChain
from remake.filters.config import FilterConfig
from remake.filters.solvers import HttpSolver, LocalSolver
from remake.filters.verdict import Candidate, Verdict
from remake.llm.calls import CallPolicy
from remake.llm.registry import LazyBackend
from remake.llm.types import Endpoint

PAIR_KEYS = ("question", "answer", "rewrite")
Announce = Callable[[str], None]  # told how many model calls the checks will make, before the first


@dataclass(frozen=True)
class FilterModels:
    """The editor's model as the filters reach it (`EditorConfig.endpoint()` and `.call_policy()`)."""

    endpoint: Endpoint
    policy: CallPolicy


@dataclass(frozen=True)
class FilterReport:
    verdicts: list[Verdict]
    written: Path
    accepted_before: int | None = None  # a re-filtered run: how many were accepted before

    def summary(self) -> str:
        accepted = sum(v.accepted for v in self.verdicts)
        by_filter = Counter(name for v in self.verdicts for name, c in v.checks.items() if c["passed"] is False)
        rejected = ", ".join(f"{name} {by_filter[name]}" for name in filter_names() if by_filter[name]) or "none"
        line = (f"accepted {accepted} of {len(self.verdicts)}, rejected {len(self.verdicts) - accepted}; "
                f"rejections by filter: {rejected}")
        return line if self.accepted_before is None else f"{line} (before: {self.accepted_before} accepted)"


def run_filter_config(saved: dict[str, Any], overrides: dict[str, Any]) -> FilterConfig:
    """The filter settings a harvest ran with (its config.json), with `overrides` laid on top."""
    stored = (saved.get("harvest") or {}).get("filters")
    base = FilterConfig.from_dict(stored) if isinstance(stored, dict) else FilterConfig()
    return replace(base, **overrides)


def refilter_run(run_dir: Path, overrides: dict[str, Any], recipe_name: str | None = None,
                 models: FilterModels | None = None, announce: Announce | None = None) -> FilterReport:
    run = open_run(run_dir)
    rows = run.rewrite_rows()
    # failed attempts produced no usable rewrite: there is nothing to judge, they stay as they are
    judged = [row for row in rows if row.judged]
    if not judged:
        raise RemakeError(f"{run.rewrites} has no accepted or rejected rewrites to filter: run a harvest first")
    saved = run.load_config()
    recipe = load_recipe(recipe_name) if recipe_name else run.recipe()
    config = run_filter_config(saved, overrides)
    candidates = [Candidate(row.sample_id, row.original_question, str(row.rewrite), row.final, row.solution)
                  for row in judged]
    verdicts = _check(config, recipe, models, candidates, [row.to_dict() for row in judged], announce)
    new = iter(row.with_verdict(v.accepted, v.checks, v.reasons) for row, v in zip(judged, verdicts))
    run.write_rewrite_rows([next(new) if row.judged else row for row in rows])  # order and failed rows kept
    return FilterReport(verdicts, run.rewrites, accepted_before=sum(row.status == "accepted" for row in judged))


def check_pairs(pairs: Path, out: Path | None, recipe_name: str | None, overrides: dict[str, Any],
                models: FilterModels | None = None, announce: Announce | None = None) -> FilterReport:
    if not pairs.is_file():
        raise RemakeError(f"pairs file {pairs} does not exist: give a JSONL file of {{question, answer, rewrite}} rows")
    written = out or pairs.with_name(f"{pairs.stem}.verdicts.jsonl")
    if written.is_dir():
        raise RemakeError(f"--out {written} is a folder: give the verdicts file's path, e.g. {written / 'verdicts.jsonl'}")
    rows = read_jsonl(pairs)
    if not rows:
        raise RemakeError(f"pairs file {pairs} holds no rows: give a JSONL file of {{question, answer, rewrite}} rows")
    for number, row in enumerate(rows, start=1):
        missing = [key for key in PAIR_KEYS if key not in row]
        if missing:
            raise RemakeError(f"{pairs} row {number} lacks {', '.join(missing)}: each row needs {', '.join(PAIR_KEYS)}")
    recipe = load_recipe(recipe_name or "gsm8k")
    config = replace(FilterConfig(), **overrides)
    candidates = [Candidate(str(row.get("id", index)), str(row["question"]), str(row["rewrite"]),
                            str(row["answer"]), row.get("solution")) for index, row in enumerate(rows)]
    verdicts = _check(config, recipe, models, candidates, announce=announce)
    write_jsonl(written, [{"id": c.id, "question": c.question, "answer": c.final, "rewrite": c.rewrite, **v.to_dict()}
                          for c, v in zip(candidates, verdicts)])
    return FilterReport(verdicts, written)


def _check(config: FilterConfig, recipe: Recipe, models: FilterModels | None, candidates: list[Candidate],
           stored: list[dict] | None = None, announce: Announce | None = None) -> list[Verdict]:
    """The chain's verdicts with the harvest's judge and solver: the editor's model through its endpoint,
    or `--solver MODEL` (another model) in process; none without either."""
    backend = None
    solver: Any = None
    if config.solver is not None and (models is None or config.solver != models.endpoint.model):
        solver = LocalSolver(config.solver, recipe, config.solver_max_new_tokens or recipe.max_new_tokens)
    elif models is not None:
        backend = LazyBackend(models.endpoint)
        solver = HttpSolver(backend, models.policy, recipe)
    try:
        return FilterChain(config, recipe, solver, judge=solver).check(candidates, stored, announce)
    finally:
        if backend is not None:
            backend.close()

