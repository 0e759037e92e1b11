"""The Filter protocol and registry. A filter has one signature: given candidates, the check it wrote
on an earlier pass (a re-filter reuses stored model outputs) and whether an earlier filter already
rejected each one, it returns one check dict per candidate, stored under its `name` in the row's checks.
`register_filter` adds one to the chain at its `order` (cheap checks first, model calls last), with its
own settings, which the filter reads from `context.settings`; the built-in filters are registered here,
lazily, so the chain is this one table."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any, Protocol

from remake.data.recipe import Recipe
from remake.filters.config import FilterConfig
from remake.filters.verdict import Candidate
from remake.registry import Registry

Check = dict[str, Any]  # {"passed": True | False | None (inconclusive), "score": float | None, "reason": str, ...}


@dataclass(frozen=True)
class FilterContext:
    """What a filter may be built from: thresholds, the recipe, and the models that answer (None: absent)."""

    config: FilterConfig
    recipe: Recipe
    solver: Any = None   # remake.filters.solvers.Solver
    judge: Any = None    # remake.filters.judge.Judge
    settings: dict[str, Any] = field(default_factory=dict)  # what the filter being built was registered with


class Filter(Protocol):
    name: str  # the key of the check this filter writes

    def check(self, candidates: list[Candidate], stored: list[Check | None], rejected: list[bool]) -> list[Check]: ...

    def max_calls(self, candidate: Candidate) -> int:
        """The most model calls this filter makes for one candidate (0: it asks no model)."""
        ...


FilterFactory = Callable[[FilterContext], Filter]
FILTERS: Registry[FilterFactory] = Registry("filter")


def register_filter(name: str, factory: FilterFactory | str, order: int, *, replace: bool = False,
                    **settings: Any) -> None:
    """Add a filter to every chain at `order` (10 bounds ... 60 invariance); `settings` reach it as
    `context.settings`. `factory` is a class or function taking the FilterContext, or a lazy "module:Object"."""
    FILTERS.register(name, factory, replace=replace, order=order, **settings)


def filter_names() -> tuple[str, ...]:
    """The registered filters in chain order."""
    return tuple(sorted(FILTERS.names(), key=lambda name: FILTERS.settings(name)["order"]))


def planned_calls(config: FilterConfig) -> dict[str, int]:
    """The model calls each filter makes for one rewrite, before any is seen (the dry run's figures), as the
    registered filter declares them (`planned_calls(config)`); filters that call no model are left out."""
    planned = {name: getattr(FILTERS.get(name), "planned_calls", lambda _: 0)(config) for name in filter_names()}
    return {name: calls for name, calls in planned.items() if calls}


def build_filters(context: FilterContext, names: tuple[str, ...] | None = None) -> list[Filter]:
    built = []
    for name in names or filter_names():
        settings = {key: value for key, value in FILTERS.settings(name).items() if key != "order"}
        built.append(FILTERS.get(name)(replace(context, settings=settings)))
    return built


class PerCandidate:
    """A filter that judges each candidate on its own, without a model (bounds, quantities, leak)."""

    name = ""

    def check(self, candidates: list[Candidate], stored: list[Check | None], rejected: list[bool]) -> list[Check]:
        return [self.check_one(candidate) for candidate in candidates]

    def check_one(self, candidate: Candidate) -> Check:
        raise NotImplementedError

    def max_calls(self, candidate: Candidate) -> int:
        return 0


BUILT_IN = (("bounds", "remake.filters.bounds:BoundsFilter", 10),
            ("quantities", "remake.filters.quantities:QuantitiesFilter", 20),
            ("referents", "remake.filters.referents:ReferentsFilter", 25),
            ("scope", "remake.filters.scope:ScopeFilter", 27),
            ("leak", "remake.filters.leak:LeakFilter", 30),
            ("similarity", "remake.filters.similarity:SimilarityFilter", 40),
            ("judge", "remake.filters.judge:JudgeFilter", 50),
            ("changes", "remake.filters.changes:ChangeJudgeFilter", 55),
            ("solution", "remake.filters.solution:SolutionFilter", 55),
            ("invariance", "remake.filters.invariance:InvarianceFilter", 60))
for _name, _target, _order in BUILT_IN:
    register_filter(_name, _target, order=_order)
