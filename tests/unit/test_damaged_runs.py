"""Run folders damaged after the fact (valid JSON of the wrong shape, a deleted file, a stored recipe or prompt
template that cannot load): every command that reads one refuses with one line naming the file, never a
traceback."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from refusals import refused
from sample_run import write_run

READERS = (["release", "{run}", "--out", "{out}"], ["report", "{run}"],
           ["filter", "{run}", "--no-judge", "--invariance", "off"])


@pytest.mark.parametrize("name,content,message", [
    ("config.json", "[]", "config.json holds no recipe and harvest settings"),
    ("config.json", '{"harvest": {}}', "config.json holds no recipe and harvest settings"),
    ("config.json", '{"recipe": 5, "harvest": {}}', "config.json holds no recipe and harvest settings"),
    ("metrics.jsonl", '{"loss": 1}\n', "metrics.jsonl line 1 has no epoch number"),
    ("metrics.jsonl", '{"epoch": "2"}\n', "metrics.jsonl line 1 has no epoch number"),
])
def test_wrong_shapes_in_run_files_are_refused_by_every_reader(tmp_path, capsys, name, content, message):
    run = write_run(tmp_path / "run")
    (run.root / name).write_text(content, encoding="utf-8")
    readers = READERS if name == "config.json" else READERS[:2]  # refiltering reads no metrics
    for argv in readers:
        argv = [arg.format(run=run.root, out=tmp_path / "out") for arg in argv]
        assert message in refused(argv, capsys, tmp_path), argv
    if name == "config.json":
        assert message in refused(["--resume", str(run.root)], capsys, tmp_path)


def test_a_bad_stored_recipe_is_named(tmp_path, capsys):
    run = write_run(tmp_path / "run")
    saved = json.loads(run.config.read_text(encoding="utf-8"))
    saved["recipe"]["answer"]["extractor"] = "nope"
    run.config.write_text(json.dumps(saved), encoding="utf-8")
    err = refused(["release", str(run.root), "--out", str(tmp_path / "out")], capsys, tmp_path)
    assert "the recipe in" in err and "config.json: bad key 'answer.extractor'" in err


@pytest.mark.parametrize("damage,message", [
    (lambda run: run.test_data.unlink(), "data/test.jsonl is missing"),
    (lambda run: run.test_data.write_text('{"question": "q"}\n', encoding="utf-8"),
     "data/test.jsonl line 1 is not a sample row"),
    (lambda run: run.train_data.write_text('{"id": "a", "x": 1}\n', encoding="utf-8"),
     "data/train.jsonl line 1 is not a sample row"),
    (lambda run: run.editor_usage.write_text("[1, 2]", encoding="utf-8"), "editor_usage.json is not a JSON object"),
])
def test_damaged_data_and_usage_files_stop_a_release(tmp_path, capsys, damage, message):
    run = write_run(tmp_path / "run")
    damage(run)
    assert message in refused(["release", str(run.root), "--out", str(tmp_path / "out")], capsys, tmp_path)


@pytest.mark.parametrize("template,message", [
    ("Q: {0}", "field {0} is not a column name"), ("Q: {}", "field {} is not a column name"),
    ("Q: {question", "is not a format string"), ("Q: {question.upper}", "is not a column name"),
    ("Q: {question} }", "is not a format string"),
])
def test_bad_prompt_templates_are_refused_on_load(tmp_path, capsys, template, message):
    recipe = tmp_path / "odd.yaml"
    recipe.write_text("name: odd\ndescription: d\nsource: {type: gsm_symbolic}\n"
                      f"prompt: {{template: {json.dumps(template)}}}\n", encoding="utf-8")
    assert message in refused([str(recipe), "--dry-run"], capsys, Path(tmp_path))
