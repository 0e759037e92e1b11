"""Run folders damaged after the fact (valid JSON of the wrong shape, a deleted file, a broken checkpoint):
every command that reads one refuses with one line naming the file, never a traceback."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sample_run import write_run
from test_bad_input import refused

from remake.errors import RemakeError

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


@pytest.fixture(scope="module")
def saved_state(tmp_path_factory):
    """A real checkpoint of the embedded SmolLM2 with a LoRA adapter and an AdamW state."""
    import torch

    from remake.harvest import checkpoint
    from remake.harvest.numerical import LoraSettings, attach_lora
    from remake.models.registry import load_model

    model, _, _ = load_model("smollm2-135m", device="cpu")
    model = attach_lora(model, LoraSettings(r=4, alpha=8, dropout=0.0, gradient_checkpointing=False))
    optimizer = torch.optim.AdamW([p for p in model.parameters() if p.requires_grad], lr=1e-4)
    state = tmp_path_factory.mktemp("ckpt") / "state"
    loop = checkpoint.LoopState(epoch=1, plan=[[0, 1]], questions={"a": "q"}, system=None, previous_losses=None,
                                mean_losses=[1.0])
    checkpoint.save(state, model, optimizer, loop)
    return state, model, optimizer


@pytest.mark.slow
@pytest.mark.parametrize("name,content", [
    ("adapter.safetensors", b"\x00" * 16), ("optimizer.pt", b"not a pickle"), ("rng.pt", None),
    ("loop.json", b"[]"), ("loop.json", b'{"epoch": 1}'),
])
def test_a_damaged_checkpoint_is_named_on_resume(saved_state, tmp_path, name, content):
    import shutil

    from remake.harvest import checkpoint

    source, model, optimizer = saved_state
    state = tmp_path / "state"
    shutil.copytree(source, state)
    assert checkpoint.load(state, model, optimizer).epoch == 1  # the intact copy loads
    if content is None:
        (state / name).unlink()
    else:
        (state / name).write_bytes(content)
    with pytest.raises(RemakeError, match=rf"state/{name} cannot be loaded .*: the checkpoint is damaged") as caught:
        checkpoint.load(state, model, optimizer)
    assert "\n" not in str(caught.value)


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


@pytest.fixture
def small_disk(tmp_path):
    """A 40 MB tmpfs: room for the run's data and one adapter, not for the first checkpoint."""
    import subprocess

    mount = tmp_path / "disk"
    mount.mkdir()
    if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=40m", "tmpfs", str(mount)], capture_output=True).returncode:
        pytest.skip("this machine does not let the tests mount a small file system")
    yield mount
    subprocess.run(["umount", "--lazy", str(mount)], check=True)


def test_library_writes_on_a_full_disk_are_the_os_error_the_command_line_names(small_disk):
    """safetensors and torch wrap ENOSPC in their own errors (torch's says nothing of the disk)."""
    import errno

    import torch
    from safetensors.torch import save_file

    from remake.files import library_writes

    (small_disk / "filler").write_bytes(b"\0" * (40 * 2**20 - 64 * 2**10))
    weights = {"w": torch.zeros(2**18)}
    for write in (lambda path: save_file(weights, str(path)), lambda path: torch.save(weights, path)):
        target = small_disk / "weights"
        with pytest.raises(OSError) as caught:
            with library_writes(target):
                write(target)
        assert caught.value.errno == errno.ENOSPC and caught.value.filename == str(target)
    (small_disk / "filler").unlink()
    with pytest.raises(ValueError):  # with room left, any other failure passes through as it is
        with library_writes(small_disk):
            raise ValueError("not a disk problem")


@pytest.mark.slow
def test_a_disk_full_mid_run_is_one_line_and_the_run_resumes_once_there_is_room(small_disk, capsys):
    import subprocess

    from remake.cli import main
    from remake.files import read_jsonl

    run = small_disk / "run"
    argv = ["gsm-symbolic", "--teacher-model", "smollm2-135m", "--criterion", "none", "--limit", "8", "--epochs", "2",
            "--batch-size", "4", "--max-length", "64", "--max-new-tokens", "8", "--eval-size", "2", "--run-dir",
            str(run), "--no-release"]
    assert main(argv) == 2
    last = capsys.readouterr().err.strip().splitlines()[-1]
    assert last.startswith("remake: error: No space left on device (") and "free some space" in last, last
    assert "--resume" in last and not (run / "state.new").exists()
    subprocess.run(["mount", "-o", "remount,size=300m", str(small_disk)], check=True)  # space freed
    assert main(["--resume", str(run)]) == 0
    assert [row["epoch"] for row in read_jsonl(run / "metrics.jsonl")] == [1, 2]
