"""Recipes load and validate once; bad files fail with one line naming the key."""

from __future__ import annotations

from pathlib import Path

import pytest

from remake.data.recipe import load_recipe, recipe_names
from remake.errors import RemakeError

MINIMAL = "name: tiny\ndescription: a test recipe\nsource: {type: file, path: data.jsonl}\n"


def write(tmp_path: Path, text: str) -> str:
    path = tmp_path / "recipe.yaml"
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_the_five_recipes_load() -> None:
    assert recipe_names() == ["babi", "clinifact", "gsm-symbolic", "gsm8k", "jsonl"]
    recipes = {name: load_recipe(name) for name in recipe_names()}
    assert recipes["gsm8k"].source.dataset == "openai/gsm8k" and recipes["gsm8k"].source.config == "main"
    assert recipes["gsm8k"].max_new_tokens == 256
    assert recipes["gsm-symbolic"].source.type == "gsm_symbolic"
    assert recipes["babi"].source.dataset == "Muennighoff/babi"
    assert recipes["babi"].fields.context == "passage" and recipes["babi"].answer.extractor == "word"
    assert recipes["clinifact"].answer.labels == ("TRUE", "FALSE", "NONE")
    assert recipes["clinifact"].answer.label_names == {"1": "TRUE", "0": "FALSE", "2": "NONE"}
    assert recipes["jsonl"].source.type == "file"


def test_a_recipe_loads_from_a_path(tmp_path: Path) -> None:
    recipe = load_recipe(write(tmp_path, MINIMAL))
    assert recipe.name == "tiny" and recipe.answer.extractor == "gsm8k"


def test_unknown_recipe_lists_the_known_ones() -> None:
    with pytest.raises(RemakeError, match="unknown recipe 'nope'.*gsm-symbolic"):
        load_recipe("nope")


def one_line_error(path: str) -> str:
    with pytest.raises(RemakeError) as caught:
        load_recipe(path)
    message = str(caught.value)
    assert "\n" not in message
    return message


def test_malformed_yaml_names_the_line(tmp_path: Path) -> None:
    message = one_line_error(write(tmp_path, MINIMAL + "prompt: {system: 'unclosed\n"))
    assert "not valid YAML" in message and "line" in message


def test_a_list_instead_of_a_mapping(tmp_path: Path) -> None:
    assert "mapping" in one_line_error(write(tmp_path, "- name: tiny\n"))


@pytest.mark.parametrize(("extra", "key", "value"), [
    ("max_new_tokens: -3\n", "max_new_tokens", "-3"),
    ("answer: {extractor: regex}\n", "answer.extractor", "'regex'"),
    ("temperature: 0.7\n", "temperature", "0.7"),
    ("source: {type: hub}\n", "source", None),
    ("answer: {extractor: label}\n", "(top level)", None),
    ("answer: {extractor: label, labels: [agree, disagree], label_names: {'1': maybe}}\n", "answer", None),
    ("splits: {train: train}\n", "(top level)", None),
])
def test_bad_key_or_value_names_the_key(tmp_path: Path, extra: str, key: str, value: str | None) -> None:
    text = MINIMAL.replace("source: {type: file, path: data.jsonl}\n", "") if extra.startswith("source") else MINIMAL
    message = one_line_error(write(tmp_path, text + extra))
    assert f"bad key '{key}'" in message
    if value is not None:
        assert f"(got {value})" in message


def test_missing_required_key(tmp_path: Path) -> None:
    assert "bad key 'description'" in one_line_error(write(tmp_path, "name: tiny\nsource: {type: file}\n"))


def test_with_source_validates() -> None:
    recipe = load_recipe("gsm-symbolic")
    assert recipe.with_source(size=5).source.size == 5
    with pytest.raises(RemakeError, match="bad key 'size'"):
        recipe.with_source(size=-5)
