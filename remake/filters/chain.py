"""The filter chain: every candidate rewrite goes through every registered filter and gets a Verdict.

Order: bounds, quantities, referents, leak, similarity (all cheap, no model call), then the same-problem
judge (two one-word model replies), the reference-solution check (off by default) and answer invariance
(one or two solver answers), which ask only about rewrites the earlier filters accepted (invariance:
unless `solve_rejected`). A rewrite is accepted
when no check failed; inconclusive checks (passed None) do not reject."""

from __future__ import annotations

import importlib
from typing import Any

from remake.data.recipe import Recipe
from remake.filters.base import FilterContext, build_filters, filter_names
from remake.filters.config import FilterConfig
from remake.filters.judge import Judge
from remake.filters.solvers import Solver
from remake.filters.verdict import Candidate, Verdict, check
from remake.llm.backend import CallError
from remake.llm.usage import BudgetExhausted

# the built-in filters; importing a filter's module registers it, with its place in the chain
for _module in ("bounds", "quantities", "referents", "leak", "similarity", "judge", "solution", "invariance"):
    importlib.import_module(f"remake.filters.{_module}")
FILTERS = filter_names()


class FilterChain:
    def __init__(self, config: FilterConfig, recipe: Recipe, solver: Solver | None = None, judge: Judge | None = None):
        """`judge`: the model for the same-problem check, usually the solver itself (None: inconclusive)."""
        self.config = config
        self.recipe = recipe
        self.context = FilterContext(config=config, recipe=recipe, solver=solver, judge=judge)
        self.filters = build_filters(self.context)

    def check(self, candidates: list[Candidate], stored: list[dict] | None = None) -> list[Verdict]:
        """Verdicts in the order given. `stored`: previous verdict dicts (aligned with candidates),
        whose model outputs are reused instead of asking the model again."""
        if stored is not None and len(stored) != len(candidates):
            raise ValueError(f"{len(stored)} stored verdicts for {len(candidates)} candidates")
        checks: list[dict[str, dict]] = [{} for _ in candidates]
        for stage in self.filters:
            rejected = [any(result["passed"] is False for result in row.values()) for row in checks]
            previous = [((entry or {}).get("checks") or {}).get(stage.name) for entry in (stored or [None] * len(candidates))]
            try:
                results = stage.check(candidates, previous, rejected)
            except (BudgetExhausted, CallError) as exc:  # a rewrite no model could check is never accepted
                results = [check(None, None, "not run: already rejected") if bad else
                           check(False, None, f"not checked: {exc}") for bad in rejected]
            for row, result in zip(checks, results):
                row[stage.name] = result
        return [Verdict.from_checks(row) for row in checks]

    def model_usage(self) -> dict[str, dict[str, Any]]:
        """Per model: what the judge's and solver's calls cost, for those that count them (the editor's
        endpoint, `HttpSolver`); they are apart from the editor's budget but may be paid calls too."""
        return {model.name: model.usage.to_dict() for model in (self.context.judge, self.context.solver)
                if model is not None and hasattr(model, "usage")}
