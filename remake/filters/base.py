"""The Filter protocol and registry. A filter has one signature: given candidates, the check it wrote
on an earlier pass (a re-filter reuses stored model outputs) and whether an earlier filter already
rejected each one, it returns one check dict per candidate, stored under its `name` in the row's checks.
`register_filter` adds one to the chain at its `order` (cheap checks first, model calls last)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol

from remake.data.recipe import Recipe
from remake.errors import RemakeError
from remake.filters.config import FilterConfig
from remake.filters.verdict import Candidate

Check = dict[str, Any]  # {"passed": True | False | None (inconclusive), "score": float | None, "reason": str, ...}


@dataclass(frozen=True)
class FilterContext:
    """What a filter may be built from: thresholds, the recipe, and the models that answer (None: absent)."""

    config: FilterConfig
    recipe: Recipe
    solver: Any = None   # remake.filters.solvers.Solver
    judge: Any = None    # remake.filters.judge.Judge


class Filter(Protocol):
    name: str  # the key of the check this filter writes

    def check(self, candidates: list[Candidate], stored: list[Check | None], rejected: list[bool]) -> list[Check]: ...

    def max_calls(self, candidate: Candidate) -> int:
        """The most model calls this filter makes for one candidate (0: it asks no model)."""
        ...


_REGISTRY: dict[str, tuple[int, Callable[[FilterContext], Filter]]] = {}


def register_filter(name: str, factory: Callable[[FilterContext], Filter], order: int) -> None:
    _REGISTRY[name] = (order, factory)


def filter_names() -> tuple[str, ...]:
    """The registered filters in chain order."""
    return tuple(sorted(_REGISTRY, key=lambda name: _REGISTRY[name][0]))


def planned_calls(config: FilterConfig) -> int:
    """The most model calls the chain makes for one rewrite, before any is seen (the dry run's figure):
    the sum of what each registered filter declares (`planned_calls(config)`; none: no model)."""
    return sum(getattr(factory, "planned_calls", lambda _: 0)(config) for _, factory in _REGISTRY.values())


def build_filters(context: FilterContext, names: tuple[str, ...] | None = None) -> list[Filter]:
    chosen = names or filter_names()
    unknown = [name for name in chosen if name not in _REGISTRY]
    if unknown:
        raise RemakeError(f"unknown filter {', '.join(unknown)}: known ones are {', '.join(_REGISTRY)}")
    return [_REGISTRY[name][1](context) for name in chosen]


class PerCandidate:
    """A filter that judges each candidate on its own, without a model (bounds, quantities, leak)."""

    name = ""

    def check(self, candidates: list[Candidate], stored: list[Check | None], rejected: list[bool]) -> list[Check]:
        return [self.check_one(candidate) for candidate in candidates]

    def check_one(self, candidate: Candidate) -> Check:
        raise NotImplementedError

    def max_calls(self, candidate: Candidate) -> int:
        return 0
