"""A plug-in of every kind, written as a user writes one outside remake and loaded through
$REMAKE_PLUGINS: a model backend, a criterion, a filter with its own settings and an experiment tracker.
Each records what it was asked, so a test can see that remake chose it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import remake
from remake.filters.base import FilterContext, PerCandidate
from remake.filters.verdict import Candidate, check
from remake.harvest.criteria import CriterionInputs
from remake.llm.openai_api import OpenAIBackend
from remake.llm.types import Completion, Endpoint

CALLS: dict[str, list[Any]] = {"backend": [], "criterion": [], "filter": [], "tracker": []}


class CountingBackend:
    """The OpenAI-compatible API, counting each request."""

    def __init__(self, endpoint: Endpoint):
        self._api = OpenAIBackend(endpoint)
        self.model, self.endpoint, self.sampling = self._api.model, self._api.endpoint, self._api.sampling

    def complete(self, system: str, prompt: str, top_logprobs: int = 0) -> Completion:
        CALLS["backend"].append(prompt)
        return self._api.complete(system, prompt, top_logprobs)

    def check(self) -> None:
        self._api.check()

    def close(self) -> None:
        self._api.close()


class LongestFirst:
    """Every sample is a candidate, the longest question first."""

    name = "longest-first"

    def values(self, inputs: CriterionInputs) -> dict[str, float]:
        CALLS["criterion"].append(inputs.epoch)
        return {sid: -float(len(inputs.questions[sid])) for sid in sorted(inputs.losses)}


class NoMark(PerCandidate):
    """Rejects a rewrite holding its registered `mark`."""

    name = "no-mark"

    def __init__(self, context: FilterContext):
        self.mark = context.settings["mark"]

    def check_one(self, candidate: Candidate) -> dict[str, Any]:
        CALLS["filter"].append(candidate.id)
        return check(self.mark not in candidate.rewrite, None, f"{self.mark!r} in the rewrite")


class MemoryTracker:
    """accelerate's GeneralTracker interface, kept in memory."""

    def __init__(self, run_dir: Path):
        self.run_dir = run_dir

    def start(self) -> None:
        CALLS["tracker"].append(("start", self.run_dir.name))

    def store_init_configuration(self, values: dict[str, Any]) -> None:
        CALLS["tracker"].append(("config", values.get("criterion")))

    def log(self, values: dict[str, Any], step: int | None = None) -> None:
        CALLS["tracker"].append(("log", step))

    def finish(self) -> None:
        CALLS["tracker"].append(("finish", None))


remake.register_backend("counting", CountingBackend, capabilities=("logprobs", "served"))
remake.register_criterion("longest-first", lambda settings: LongestFirst())
remake.register_filter("no-mark", NoMark, order=35, mark="!!")
remake.register_tracker("memory", MemoryTracker)
