"""The filter chain: every candidate rewrite goes through every filter and gets a Verdict.

Order: bounds, quantities, leak, similarity (all cheap, no model call), then the same-problem judge
(two one-word model replies) and answer invariance (one or two solver answers), which ask only about
rewrites the earlier filters accepted (invariance: unless `solve_rejected`). A rewrite is accepted
when no check failed; inconclusive checks (passed None) do not reject."""

from __future__ import annotations

from typing import Any

from remake.filters.bounds import check_bounds
from remake.filters.config import FilterConfig
from remake.filters.invariance import InvarianceFilter
from remake.filters.judge import Judge, JudgeFilter
from remake.filters.leak import check_leak
from remake.filters.quantities import check_quantities
from remake.filters.similarity import SimilarityFilter
from remake.filters.solver import Solver
from remake.filters.verdict import Candidate, Verdict
from remake.recipes import Recipe

FILTERS = ("bounds", "quantities", "leak", "similarity", "judge", "invariance")


class FilterChain:
    def __init__(self, config: FilterConfig, recipe: Recipe, solver: Solver | None = None, judge: Judge | None = None):
        """`judge`: the model for the same-problem check, usually the solver itself (None: inconclusive)."""
        self.config = config
        self.recipe = recipe
        self.similarity = SimilarityFilter(config.embedding_model, config.min_similarity, config.min_ask_similarity)
        self.judge = JudgeFilter(judge, config.judge, recipe)
        self.invariance = InvarianceFilter(recipe, config.invariance, solver, config.solve_rejected)

    def check(self, candidates: list[Candidate], stored: list[dict] | None = None) -> list[Verdict]:
        """Verdicts in the order given. `stored`: previous verdict dicts (aligned with candidates),
        whose solver outputs are reused instead of asking the solver again."""
        if stored is not None and len(stored) != len(candidates):
            raise ValueError(f"{len(stored)} stored verdicts for {len(candidates)} candidates")
        words = self.recipe.filters.quantity_words
        checks: list[dict[str, dict]] = [
            {"bounds": check_bounds(c, self.recipe.filters),
             "quantities": check_quantities(c, words, self.config.max_new_numbers),
             "leak": check_leak(c, words, self.config.leak_intermediates)}
            for c in candidates
        ]
        for row, result in zip(checks, self.similarity.check(candidates)):
            row["similarity"] = result
        for name, stage in (("judge", self.judge), ("invariance", self.invariance)):
            rejected = [any(result["passed"] is False for result in row.values()) for row in checks]
            previous = [((entry or {}).get("checks") or {}).get(name) for entry in (stored or [None] * len(candidates))]
            for row, result in zip(checks, stage.check(candidates, previous, rejected)):
                row[name] = result
        return [Verdict.from_checks(row) for row in checks]

    def model_usage(self) -> dict[str, dict[str, Any]]:
        """Per model: what the judge's and solver's calls cost, for those that count them (the editor's
        endpoint, `HttpSolver`); they are apart from the editor's budget but may be paid calls too."""
        return {model.name: model.usage.to_dict() for model in (self.judge.judge, self.invariance.solver)
                if model is not None and hasattr(model, "usage")}
