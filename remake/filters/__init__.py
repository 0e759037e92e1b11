"""Semantic-preservation filters: every rewrite is checked to still mean the same problem before it
enters a dataset (bounds, quantities kept, referents, scope words and the asked quantity, no answer
leak, embedding similarity, same-problem judge, change judge, reference solution, answer invariance
with a program-aided solver)."""

from remake.filters.base import FILTERS, filter_names, register_filter
from remake.filters.chain import FilterChain
from remake.filters.config import FilterConfig
from remake.filters.judge import Judge
from remake.filters.solvers import LocalSolver, Solver
from remake.filters.verdict import Candidate, Verdict

__all__ = ["FILTERS", "Candidate", "FilterChain", "FilterConfig", "Judge", "LocalSolver", "Solver", "Verdict", "filter_names",
           "register_filter"]
