"""Semantic-preservation filters: every rewrite is checked to still mean the same problem before it
enters a dataset (embedding similarity, quantities kept, no answer leak, same-problem judge, answer
invariance, bounds)."""

from remake.filters.chain import FILTERS, FilterChain
from remake.filters.config import FilterConfig
from remake.filters.judge import Judge
from remake.filters.solvers import LocalSolver, Solver
from remake.filters.verdict import Candidate, Verdict

__all__ = ["FILTERS", "Candidate", "FilterChain", "FilterConfig", "Judge", "LocalSolver", "Solver", "Verdict"]
