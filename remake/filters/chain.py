"""The filter chain: every candidate rewrite goes through every registered filter and gets a Verdict.

Order: bounds, quantities, referents, scope, leak, similarity (all cheap, no model call), then the
same-problem judge (two one-word model replies), the change judge (off by default), the reference-solution
check (off by default) and answer invariance (one to five solver answers), which ask only about rewrites
the earlier filters accepted (invariance: unless `solve_rejected`). A rewrite is accepted when no check
failed; inconclusive checks (passed None) do not reject."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from typing import Any

from remake.data.recipe import Recipe
from remake.filters.base import FilterContext, build_filters, filter_names, planned_calls
from remake.filters.config import FilterConfig
from remake.filters.judge import Judge
from remake.filters.solvers import Solver
from remake.filters.verdict import Candidate, Verdict, check
from remake.llm.types import CallError
from remake.llm.usage import BudgetExhausted

__all__ = ["FilterChain", "filter_names", "planned_calls"]


class FilterChain:
    def __init__(self, config: FilterConfig, recipe: Recipe, solver: Solver | None = None, judge: Judge | None = None):
        """`judge`: the model for the same-problem check, usually the solver itself (None: inconclusive)."""
        self.config = config
        self.recipe = recipe
        self.context = FilterContext(config=config, recipe=recipe, solver=solver, judge=judge)
        self.filters = build_filters(self.context)
        # drafts come from several editor threads; the filters (and loading the encoder) are not thread-safe
        self._screening = threading.Lock()

    def check(self, candidates: list[Candidate], stored: list[dict] | None = None,
              announce: Callable[[str], None] | None = None) -> list[Verdict]:
        """Verdicts in the order given. `stored`: previous verdict dicts (aligned with candidates),
        whose model outputs are reused instead of asking the model again. `announce`: told, before the
        first model call, how many calls the model checks will make at most, and then shown their progress."""
        if stored is not None and len(stored) != len(candidates):
            raise ValueError(f"{len(stored)} stored verdicts for {len(candidates)} candidates")
        checks: list[dict[str, dict]] = [{} for _ in candidates]
        with ExitStack() as stack:
            for index, stage in enumerate(self.filters):
                rejected = [any(result["passed"] is False for result in row.values()) for row in checks]
                if announce is not None and any(stage.max_calls(c) for c, bad in zip(candidates, rejected) if not bad):
                    stack.enter_context(self._progress(candidates, rejected, index, stored, announce))
                    announce = None
                self._run(stage, candidates, stored, rejected, checks)
        return [Verdict.from_checks(row) for row in checks]

    def screen(self, candidate: Candidate) -> list[str]:
        """Why the filters that ask no model (bounds, quantities, referents, scope, leak, similarity) would
        reject this rewrite; [] when they pass it. Cheap enough to run on every draft the editor writes."""
        checks: dict[str, dict] = {}
        with self._screening:
            for stage in self.filters:
                if stage.max_calls(candidate) == 0:  # asks no model (a model filter without its model: inconclusive)
                    checks[stage.name] = stage.check([candidate], [None], [False])[0]
        return Verdict.from_checks(checks).reasons

    def _run(self, stage: Any, candidates: list[Candidate], stored: list[dict] | None, rejected: list[bool],
             checks: list[dict[str, dict]]) -> None:
        previous = [((entry or {}).get("checks") or {}).get(stage.name) for entry in (stored or [None] * len(candidates))]
        try:
            results = stage.check(candidates, previous, rejected)
        except (BudgetExhausted, CallError) as exc:  # a rewrite no model could check is never accepted
            results = [check(None, None, "not run: already rejected") if bad else
                       check(False, None, f"not checked: {exc}") for bad in rejected]
        for row, result in zip(checks, results):
            row[stage.name] = result

    @contextmanager
    def _progress(self, candidates: list[Candidate], rejected: list[bool], first: int, stored: list[dict] | None,
                  announce: Callable[[str], None]) -> Iterator[None]:
        """Says how many model calls are left at most (per model filter; stored replies need none, so
        the bar may finish early) and shows each call as it completes."""
        from tqdm import tqdm

        left = [c for c, bad in zip(candidates, rejected) if not bad]
        per_filter = {stage.name: sum(stage.max_calls(c) for c in left) for stage in self.filters[first:]}
        total = sum(per_filter.values())
        detail = ", ".join(f"{name} {calls}" for name, calls in per_filter.items() if calls)
        reused = " (replies stored by an earlier pass are reused)" if stored else ""
        announce(f"model checks: {len(left)} of {len(candidates)} rewrites passed the cheap filters; at most "
                 f"{total} model calls ({detail}){reused}")
        models = {id(model): model for model in (self.context.judge, self.context.solver) if model is not None}
        with tqdm(total=total, desc="filter calls", unit="call") as bar:
            for model in models.values():
                model.on_call = bar.update
            try:
                yield
            finally:
                for model in models.values():
                    model.on_call = None

    def model_usage(self) -> dict[str, dict[str, Any]]:
        """Per model: what the judge's and solver's calls cost, for those that count them (the editor's
        endpoint, `HttpSolver`); they are apart from the editor's budget but may be paid calls too."""
        return {model.name: model.usage.to_dict() for model in (self.context.judge, self.context.solver)
                if model is not None and hasattr(model, "usage")}
