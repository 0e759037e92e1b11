"""The API is the only door: no name of it is also a stage package, every function says what it takes and
returns a typed result, stage modules stay reachable as attributes (for monkeypatch), and a bad config is
one line before anything runs."""

from __future__ import annotations

import importlib
import inspect

import pytest

import remake

STAGES = ("cli", "data", "models", "llm", "harvest", "editor", "filters", "release", "transfer", "reward",
          "evaluation", "report", "recipes", "cards")  # recipes/ and cards/ ship as remake.recipes, remake.cards


def test_no_api_name_is_also_a_package_and_stage_modules_are_attributes(monkeypatch) -> None:
    assert not set(remake.__all__) & set(STAGES)
    for stage in STAGES:
        importlib.import_module(f"remake.{stage}")
        assert inspect.ismodule(getattr(remake, stage))
    assert importlib.import_module("remake.harvest.run").start is remake.harvest.run.start
    monkeypatch.setattr("remake.harvest.run.start", lambda config: "patched")
    assert remake.run_harvest(remake.HarvestConfig(data=remake.DataConfig("gsm-symbolic"))) == "patched"


def test_every_api_function_is_typed() -> None:
    functions = [getattr(remake, name) for name in remake.__all__ if inspect.isfunction(getattr(remake, name))
                 and getattr(remake, name).__module__ == "remake"]
    assert len(functions) >= 18, sorted(f.__name__ for f in functions)
    for function in functions:
        signature = inspect.signature(function)  # annotations are strings (postponed evaluation)
        assert signature.return_annotation not in (inspect.Signature.empty, "Any"), function.__name__
        for parameter in signature.parameters.values():
            assert parameter.annotation not in (inspect.Parameter.empty, "Any"), (function.__name__, parameter.name)


def test_bad_config_is_a_one_line_error_before_anything_runs() -> None:
    with pytest.raises(remake.RemakeError, match="--epochs must be >= 1"):
        remake.HarvestConfig(data=remake.DataConfig("gsm-symbolic"), epochs=0)
