"""Typed configs: the harvest's flags come from HarvestConfig's fields, --demo is a preset under the flags
given, config.json round-trips exactly, and bad values are one-line errors naming the option."""

from __future__ import annotations

import argparse

import pytest

from remake.cli import harvest_cmd, main
from remake.errors import RemakeError
from remake.harvest.config import DEMO, HarvestConfig
from remake.options import from_dict


def parse(*argv: str) -> HarvestConfig:
    parser = argparse.ArgumentParser()
    harvest_cmd.configure(parser)
    return harvest_cmd.config_from_args(parser.parse_args(list(argv)))


def test_defaults_live_in_the_config() -> None:
    config = parse("gsm-symbolic")
    assert config == HarvestConfig(data=config.data)  # nothing but the recipe was given
    assert (config.epochs, config.lr, config.batch_size, config.p, config.k) == (10, 5e-6, 8, 0.1, 0.05)
    assert config.editor.max_iterations == 3 and config.filters.judge and config.release


def test_demo_preset_then_flags_given() -> None:
    config = parse("gsm-symbolic", "--demo", "--epochs", "3", "--editor-iterations", "2", "--no-judge",
                   "--field", "question=q", "--field", "answer=a", "--no-release")
    assert config.epochs == 3 and config.limit == DEMO["limit"] and config.lr == DEMO["lr"]
    assert (config.editor.max_iterations, config.editor.max_calls) == (2, DEMO["editor"]["max_calls"])
    assert config.filters.judge is False and config.release is False
    assert config.data.field == ("question=q", "answer=a") and config.data.recipe == "gsm-symbolic"


def test_a_config_file_then_the_flags_given(tmp_path) -> None:
    """TRL's habit: a YAML file of settings (field or flag names, sections nested), the flags given on top."""
    settings = tmp_path / "run.yaml"
    settings.write_text("recipe: gsm-symbolic\nepochs: 4\nlora-r: 4\neditor:\n  model: gpt-4o-mini\n"
                        "  max_iterations: 2\nfilters:\n  min_similarity: 0.9\n", encoding="utf-8")
    config = parse("--config", str(settings), "--demo", "--epochs", "2", "--editor-iterations", "3")
    assert (config.epochs, config.lora_r, config.data.recipe) == (2, 4, "gsm-symbolic")
    assert (config.editor.model, config.editor.max_iterations) == ("gpt-4o-mini", 3)
    assert config.filters.min_similarity == 0.9 and config.limit == DEMO["limit"]  # the file over the preset
    assert parse("gsm8k", "--config", str(settings)).data.recipe == "gsm8k"  # a recipe given wins too


@pytest.mark.parametrize("text,message", [("epochs: [", "is not valid YAML at line 1"),
                                          ("- 1\n- 2\n", "must be a YAML mapping"),
                                          ("a: &x 1\nb: *x\n", "uses YAML aliases"),
                                          ("recipe: gsm8k\nnope: 1\n", "unknown setting nope")])
def test_a_bad_config_file_is_one_line(tmp_path, capsys, text: str, message: str) -> None:
    settings = tmp_path / "bad.yaml"
    settings.write_text(text, encoding="utf-8")
    assert main(["gsm8k", "--config", str(settings), "--dry-run"]) == 2
    err = capsys.readouterr().err
    assert message in err and err.count("\n") == 1, err


def test_stored_config_round_trips() -> None:
    config = parse("gsm-symbolic", "--demo", "--min-similarity", "0.9", "--run-dir", "runs/x")
    assert HarvestConfig.from_dict(config.to_dict()) == config


def test_unknown_stored_setting_is_an_error_naming_it() -> None:
    values = {**parse("gsm-symbolic").to_dict(), "editor_api_key": "x"}
    with pytest.raises(RemakeError, match="unknown setting editor_api_key"):
        from_dict(HarvestConfig, values)


@pytest.mark.parametrize("argv,message", [
    (["--epochs", "0"], "--epochs must be >= 1"),
    (["--p", "1.5"], r"--p must be in \(0, 1\]"),
    (["--criterion", "reward"], "--criterion reward needs --reward-model DIR"),
    (["--editor-concurrency", "0"], "--editor-concurrency must be >= 1"),
    (["--min-similarity", "2"], "min_similarity=2.0 is not a cosine similarity"),
    (["--field", "nope"], "--field 'nope': write KEY=COLUMN"),
])
def test_bad_values_are_one_line_errors(argv: list[str], message: str) -> None:
    with pytest.raises(RemakeError, match=message):
        parse("gsm-symbolic", *argv)


def test_paths_given_as_text_become_paths() -> None:
    from pathlib import Path

    config = HarvestConfig(data=parse("gsm-symbolic").data, run_dir="runs/x", out="out/y")
    assert config.run_dir == Path("runs/x") and config.out == Path("out/y")
    assert config == HarvestConfig.from_dict(config.to_dict())
