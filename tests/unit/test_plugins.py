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


def test_an_answer_format_plugin_is_a_recipe_s_extractor(tmp_path):
    """A recipe names its answer format; one of the user's own reads, scores and asks for answers."""
    from remake.data.scoring import ANSWER_FORMATS, Extraction, Score, extract, is_correct, score

    def yes_no(recipe, text: str) -> Extraction:
        said = [word for word in text.lower().replace(".", " ").split() if word in ("yes", "no")]
        return Extraction(strict=said[0] if said else "", flexible=said[-1] if said else "")

    def scored(recipe, text: str, answer: str, final: str) -> Score:
        found = yes_no(recipe, text)
        return Score(found.strict == final, found.flexible == final, found.flexible == final)

    remake.register_answer_format("yes-no", remake.AnswerFormat(
        extract=yes_no, score=scored, correct=lambda found, final: found == final,
        final=lambda recipe, answer: answer.strip().lower(), ending=lambda recipe: "'The answer is yes.' or no"))
    try:
        base = remake.load_recipe("gsm8k").model_dump(mode="json")
        recipe_file = tmp_path / "yes-no.yaml"
        import yaml

        recipe_file.write_text(yaml.safe_dump({**base, "name": "yes-no", "answer": {"extractor": "yes-no"}}))
        recipe = remake.load_recipe(str(recipe_file))
        assert extract(recipe, "Maybe yes... no.").flexible == "no" and is_correct(recipe, "I say yes.", "yes")
        assert score(recipe, "yes then no", "no", "no") == Score(False, True, True)
        assert "yes-no" in remake.plugins()["answer formats"]
        recipe_file.write_text(yaml.safe_dump({**base, "name": "typo", "answer": {"extractor": "yes-n"}}))
        with pytest.raises(RemakeError, match="did you mean 'yes-no'"):
            remake.load_recipe(str(recipe_file))
    finally:
        ANSWER_FORMATS.unregister("yes-no")
