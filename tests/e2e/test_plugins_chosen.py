"""One `register_*` call makes a plug-in of each kind (model backend, criterion, filter, tracker) a choice
of the CLI and the API: the plug-ins of tests/support/plugin_example.py, loaded as a user loads them
($REMAKE_PLUGINS), run a real tiny harvest chosen by flags, are listed by `remake plugins`, and are chosen
again through the API. The registry itself refuses clashes and hints at close names."""

from __future__ import annotations

from pathlib import Path

import pytest
from chat_server import ChatServer

import remake
from remake.cli import main
from remake.files import read_jsonl


@pytest.fixture
def plugins_loaded_once():
    """The plug-ins stay registered for this test only: later tests of the process see the built-ins alone."""
    yield
    import sys

    from remake.filters.base import FILTERS
    from remake.harvest.criteria import CRITERIA
    from remake.harvest.trackers import TRACKERS
    from remake.llm.registry import BACKENDS

    for registry, name in ((BACKENDS, "counting"), (CRITERIA, "longest-first"), (FILTERS, "no-mark"),
                           (TRACKERS, "memory")):
        if name in registry:
            registry.unregister(name)
    sys.modules.pop("plugin_example", None)


@pytest.mark.slow
def test_a_plugin_of_each_kind_is_chosen_from_the_cli_and_the_api(tmp_path: Path, monkeypatch, capsys,
                                                                 plugins_loaded_once):
    monkeypatch.setenv("REMAKE_PLUGINS", "plugin_example")
    assert main(["plugins"]) == 0
    listed = capsys.readouterr().out
    for name in ("counting", "longest-first", "no-mark", "memory"):
        assert name in listed, listed
    import plugin_example

    calls = plugin_example.CALLS
    run_dir = tmp_path / "run"
    with ChatServer("good") as server:
        code = main(["gsm-symbolic", "--teacher-model", "smollm2-135m", "--limit", "8", "--epochs", "2",
                     "--batch-size", "4", "--max-length", "64", "--max-new-tokens", "8", "--eval-size", "2",
                     "--p", "0.5", "--saturation-tol", "1.0", "--lr", "1e-4", "--criterion", "longest-first",
                     "--editor-backend", "counting", "--editor-model", "test-editor", "--editor-base-url",
                     server.base_url, "--editor-iterations", "1", "--report-to", "memory", "--run-dir", str(run_dir),
                     "--no-release"])
        assert code == 0, capsys.readouterr().err
        assert calls["criterion"] and calls["backend"], calls
        assert calls["tracker"][0] == ("start", "run") and ("config", "longest-first") in calls["tracker"]
        assert calls["tracker"][-1] == ("finish", None)
        rows = read_jsonl(run_dir / "rewrites.jsonl")
        judged = [row for row in rows if row["status"] in ("accepted", "rejected")]
        assert judged and all(row["checks"]["no-mark"]["passed"] is True for row in judged), rows
        assert all(row["criterion"] == "longest-first" for row in rows)

        # the API: the same plug-ins chosen by name in typed configs, the stored run re-filtered through them
        config = remake.HarvestConfig(data=remake.DataConfig("gsm-symbolic"), criterion="longest-first",
                                      report_to="memory", editor=remake.EditorConfig(
                                          model="test-editor", base_url=server.base_url, backend="counting"))
        assert remake.plan(config).epochs == config.epochs  # the plug-in names pass the plan's checks
        asked = len(calls["filter"])
        outcome = remake.refilter(run_dir)
        assert len(calls["filter"]) == asked + len(judged) and len(outcome.verdicts) == len(judged)
