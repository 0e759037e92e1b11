"""A broken checkpoint file on resume and a full disk during a real SmolLM2 run: one line naming the file or
the fix, and the run resumes once there is room."""

from __future__ import annotations

import pytest

from remake.errors import RemakeError


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
