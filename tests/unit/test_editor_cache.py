"""Editor pieces without a model: the cache key is stable across processes and changes with every
input; the system-prompt feedback cap; the command-line options."""

from __future__ import annotations

import argparse
import json
import subprocess
import sys

import pytest

from remake.cli.arguments import add_config_arguments, given
from remake.data.recipe import load_recipe
from remake.editor import EditorConfig
from remake.editor.instructions import FEEDBACK_HEADER, capped_feedback, instructions_for
from remake.errors import RemakeError
from remake.llm.cache import cache_key
from remake.options import from_dict

ARGS = ("smollm2-135m", "http://127.0.0.1:8080/v1", {"temperature": 0.0, "max_tokens": 64}, "sys", "prompt")


def test_cache_key_is_stable_across_processes():
    code = ("from remake.llm.cache import cache_key; "
            f"print(cache_key({ARGS[0]!r}, {ARGS[1]!r}, {ARGS[2]!r}, {ARGS[3]!r}, {ARGS[4]!r}))")
    other = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                           env={"PYTHONHASHSEED": "12345", "PATH": ""}).stdout.strip()
    assert other == cache_key(*ARGS)


@pytest.mark.parametrize("index,value", [(0, "gpt-4o"), (1, "http://other/v1"), (2, {"temperature": 0.7,
                         "max_tokens": 64}), (2, {"temperature": 0.0, "max_tokens": 65}), (3, "sys2"), (4, "prompt2")])
def test_cache_key_changes_with_every_input(index, value):
    changed = list(ARGS)
    changed[index] = value
    assert cache_key(*changed) != cache_key(*ARGS)


def test_feedback_cap_keeps_the_most_recent_items():
    items = [f"feedback {index} " + "x" * 100 for index in range(100)]
    text = capped_feedback(items + [items[-1]], 1000)
    assert len(text) <= 1000 and text.startswith(FEEDBACK_HEADER)
    assert "feedback 99 " in text and "feedback 0 " not in text and text.count("feedback 99 ") == 1
    assert len(capped_feedback(["y" * 5000], 1000)) == 1000  # one oversized item is cut, not dropped


def test_short_answer_recipes_get_the_extra_rule():
    word = instructions_for(load_recipe("babi")).question_constraints
    number = instructions_for(load_recipe("gsm-symbolic")).question_constraints
    assert word[: len(number)] == number and len(word) == len(number) + 1
    assert "single word" in word[-1] and not any("single word" in rule for rule in number)


def parse(argv: list[str]):
    parser = argparse.ArgumentParser()
    add_config_arguments(parser, EditorConfig, prefix="editor.")
    return from_dict(EditorConfig, given(parser.parse_args(argv), EditorConfig, "editor."))


def test_editor_options(tmp_path):
    prices = tmp_path / "prices.json"
    prices.write_text(json.dumps({"gpt-4o": [2.5, 10]}))
    config = parse(["--editor-model", "gpt-4o", "--editor-base-url", "http://h:1/v1", "--editor-concurrency", "8",
                    "--max-editor-calls", "50", "--max-editor-tokens", "9000", "--no-cache",
                    "--editor-prices", str(prices)])
    assert (config.model, config.base_url, config.concurrency, config.max_calls, config.max_tokens,
            config.use_cache, config.prices) == ("gpt-4o", "http://h:1/v1", 8, 50, 9000, False, {"gpt-4o": (2.5, 10.0)})
    assert parse([]).model == EditorConfig.model and parse([]).use_cache


def test_bad_editor_options_are_one_line_errors(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"gpt-4o": [2.5]}))
    with pytest.raises(RemakeError, match="bad entry for 'gpt-4o'"):
        parse(["--editor-prices", str(bad)])
    with pytest.raises(RemakeError, match="--editor-concurrency must be >= 1"):
        parse(["--editor-concurrency", "0"])
