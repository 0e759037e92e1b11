"""One `register_*` call makes a plug-in of each kind (model backend, criterion, filter, tracker) a choice
of the CLI and the API: the plug-ins of tests/plugin_example.py, loaded as a user loads them
($REMAKE_PLUGINS), run a real tiny harvest chosen by flags, are listed by `remake plugins`, and are chosen
again through the API. The registry itself refuses clashes and hints at close names."""

from __future__ import annotations

from pathlib import Path

import pytest
from chat_server import ChatServer

import remake
from remake.cli import main
from remake.errors import RemakeError
from remake.files import read_jsonl
from remake.registry import Registry


def test_registry_refuses_clashes_hints_names_and_loads_lazily():
    registry: Registry[object] = Registry("widget", flag="--widget")
    registry.register("json-dumps", "json:dumps", order=3)
    with pytest.raises(RemakeError, match="already registered"):
        registry.register("json-dumps", "json:loads")
    registry.register("json-dumps", "json:loads", replace=True)
    import json

    assert registry.get("json-dumps") is json.loads and registry.settings("json-dumps") == {}
    with pytest.raises(RemakeError, match=r"--widget 'json-dump': unknown widget \(did you mean 'json-dumps'\?\)"):
        registry.get("json-dump")
    registry.register("broken", "json:no_such_thing")
    with pytest.raises(RemakeError, match="cannot load 'json:no_such_thing'"):
        registry.get("broken")
    with pytest.raises(RemakeError, match="module:Object"):
        registry.register("bare", "json")


def test_registering_a_backend_keeps_the_built_in_ones():
    """Registering first used to empty the built-ins (they were added only into an empty registry)."""
    from remake.llm.registry import BACKENDS, capabilities
    from remake.llm.types import Endpoint

    remake.register_backend("early-bird", "remake.llm.openai_api:OpenAIBackend", capabilities=("served",))
    try:
        assert {"api", "llama.cpp", "transformers", "early-bird"} <= set(BACKENDS.names())
        assert capabilities(Endpoint("qwen2.5-coder-1.5b", local_engine="transformers")) == {"in-process"}
        assert Endpoint("gpt-4o", backend="early-bird").kind == "early-bird"
        with pytest.raises(RemakeError, match="unknown capabilities telepathy"):
            remake.register_backend("odd", "json:dumps", capabilities=("telepathy",))
        with pytest.raises(RemakeError, match="did you mean 'early-bird'"):
            remake.EditorConfig(backend="early-brid")
    finally:
        BACKENDS.unregister("early-bird")


def test_a_missing_plugin_module_is_one_line(monkeypatch, capsys):
    monkeypatch.setenv("REMAKE_PLUGINS", "no_such_plugin_module")
    assert main(["plugins"]) == 2
    assert "plug-in 'no_such_plugin_module'" in capsys.readouterr().err


@pytest.mark.slow
def test_a_plugin_of_each_kind_is_chosen_from_the_cli_and_the_api(tmp_path: Path, monkeypatch, capsys):
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
