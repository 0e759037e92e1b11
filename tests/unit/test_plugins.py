"""The plug-in registry: clashes refused, close names hinted, lazy targets loaded on use; registering a backend
keeps the built-in ones; a plug-in module that cannot be imported is one line."""

from __future__ import annotations

import pytest

import remake
from remake.cli import main
from remake.errors import RemakeError
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
