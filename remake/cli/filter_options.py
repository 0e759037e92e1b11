"""Filter options shared by `remake filter` and the harvest: flags that override FilterConfig fields."""

from __future__ import annotations

import argparse
from dataclasses import replace

from remake.filters.config import INVARIANCE_MODES, FilterConfig


def add_filter_options(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("semantic-preservation filters (defaults: see remake.filters.config)")
    group.add_argument("--embedding-model", dest="filter_embedding_model",
                       help="sentence-transformers id or path (default: bundled all-MiniLM-L6-v2)")
    group.add_argument("--min-similarity", dest="filter_min_similarity", type=float,
                       help="least cosine similarity of original and rewrite (default 0.8)")
    group.add_argument("--min-ask-similarity", dest="filter_min_ask_similarity", type=float,
                       help="least similarity of what original and rewrite ask (default 0.5)")
    group.add_argument("--max-new-numbers", dest="filter_max_new_numbers", type=int,
                       help="numbers a rewrite may add that the original lacks (default 0)")
    group.add_argument("--no-leak-intermediates", dest="filter_leak_intermediates", action="store_false",
                       default=None, help="allow rewrites to state intermediate results of the reference solution")
    group.add_argument("--solver", dest="filter_solver",
                       help="model that answers rewrites for the invariance check (default: the editor)")
    group.add_argument("--solver-max-new-tokens", dest="filter_solver_max_new_tokens", type=int,
                       help="the solver's token budget (default: the recipe's max_new_tokens)")
    group.add_argument("--invariance", dest="filter_invariance", choices=INVARIANCE_MODES,
                       help="how solver answers decide (default lenient: a solver that fails the original "
                            "too is inconclusive, not a veto)")
    group.add_argument("--no-judge", dest="filter_judge", action="store_false", default=None,
                       help="do not ask the solver's model whether the rewrite is still the same problem")
    group.add_argument("--solve-rejected", dest="filter_solve_rejected", action="store_true", default=None,
                       help="also ask the solver about rewrites the cheap filters rejected")


def filter_config_from_args(args: argparse.Namespace, base: FilterConfig | None = None) -> FilterConfig:
    """`base` (default FilterConfig()) with the filter flags given on the command line applied."""
    prefix = "filter_"
    given = {name[len(prefix):]: value for name, value in vars(args).items()
             if name.startswith(prefix) and value is not None}
    return replace(base or FilterConfig(), **given)
