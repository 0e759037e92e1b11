"""End-to-end harvests in real subprocesses: the teacher is the embedded SmolLM2, the editor a real
OpenAI-compatible HTTP server on localhost. A run stopped by SIGINT and then killed by SIGKILL
mid-epoch, resumed each time, ends exactly like an uninterrupted run with the same seed. Keys planted in
the editor's URL and the environment appear in no file the runs write and in nothing they print."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import torch
from chat_server import ChatServer
from processes import interruptible
from safetensors.torch import load_file

from remake.files import read_json, read_jsonl
from remake.release.build import release_run

EPOCHS = 3
URL_KEY, ENV_KEY = "sk-plantedurl0123456789", "sk-plantedenv0123456789"
KEYS = ("sample_id", "epoch", "criterion", "criterion_value", "original_question", "rewrite", "status",
        "iterations", "teacher_answer_before", "teacher_answer_after")


@pytest.fixture(scope="module")
def editor_server():
    with ChatServer("good") as server:
        yield server


def _url(server: ChatServer) -> str:
    return server.base_url.replace("http://", f"http://remake:{URL_KEY}@")


def _command(run_dir: Path, server: ChatServer) -> list[str]:
    return [sys.executable, "-m", "remake", "gsm-symbolic", "--teacher-model", "smollm2-135m",
            "--criterion", "random", "--limit", "8", "--epochs", str(EPOCHS), "--batch-size", "4",
            "--max-length", "64", "--max-new-tokens", "8", "--eval-size", "2", "--p", "0.5",
            "--saturation-tol", "1.0", "--lr", "1e-4", "--editor-model", "test-editor",
            "--editor-base-url", _url(server), "--run-dir", str(run_dir), "--no-release"]


def _env() -> dict[str, str]:
    return {**os.environ, "OPENAI_API_KEY": ENV_KEY, "PYTHONUNBUFFERED": "1"}


def _wait_for_epoch(run_dir: Path, epoch: int, process: subprocess.Popen, timeout: float = 600) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        loop = run_dir / "state" / "loop.json"
        if loop.is_file() and read_json(loop)["epoch"] >= epoch:
            return
        assert process.poll() is None, "the run ended before it could be interrupted"
        time.sleep(0.2)
    raise AssertionError(f"epoch {epoch} did not finish in time")


def _adapter(run_dir: Path) -> dict[str, torch.Tensor]:
    return load_file(str(run_dir / "adapter" / "adapter_model.safetensors"))


@pytest.mark.slow
def test_interrupted_and_resumed_run_equals_uninterrupted(tmp_path: Path, editor_server: ChatServer) -> None:
    env = _env()
    straight = tmp_path / "straight"
    done = subprocess.run(_command(straight, editor_server), env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr[-2000:]
    assert "saturation:" in done.stdout and f"epoch {EPOCHS}/{EPOCHS}" in done.stdout

    broken = tmp_path / "broken"
    first = subprocess.Popen(_command(broken, editor_server), env=env, stdout=subprocess.PIPE, preexec_fn=interruptible,
                             stderr=subprocess.PIPE, text=True)
    _wait_for_epoch(broken, 1, first)
    time.sleep(1.0)                                   # inside epoch 2's training
    first.send_signal(signal.SIGINT)                  # Ctrl-C: stops cleanly at the next step
    out, err = first.communicate(timeout=600)
    assert first.returncode == 130, err[-2000:]
    assert "resume with" in out and "Traceback" not in err

    # the URL's key was not stored: resuming asks for the URL again
    refused = subprocess.run([sys.executable, "-m", "remake", "--resume", str(broken)], env=env, capture_output=True,
                             text=True)
    assert refused.returncode == 2 and "--editor-base-url URL" in refused.stderr
    printed = [done.stdout, done.stderr, out, err, refused.stdout, refused.stderr]
    resume = [sys.executable, "-m", "remake", "--resume", str(broken), "--editor-base-url", _url(editor_server)]
    second = subprocess.Popen(resume, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    _wait_for_epoch(broken, 2, second)
    time.sleep(1.0)
    second.send_signal(signal.SIGKILL)                # a hard kill mid-epoch 3
    second.wait(timeout=60)
    for name in ("metrics.jsonl", "rewrites.jsonl", "criteria.jsonl", "heldout.jsonl"):  # ... as if mid-append
        with open(broken / name, "a", encoding="utf-8") as handle:
            handle.write('{"epoch": 3, "sample_id": "train-')

    final = subprocess.run(resume, env=env, capture_output=True, text=True)
    assert final.returncode == 0, final.stderr[-2000:]
    printed += [final.stdout, final.stderr]
    assert "resuming" in final.stdout

    expected, got = _adapter(straight), _adapter(broken)
    assert expected.keys() == got.keys()
    for name in expected:
        assert torch.allclose(expected[name], got[name], atol=1e-6), name
    rows = [{k: r[k] for k in KEYS} for r in read_jsonl(straight / "rewrites.jsonl")]
    assert rows, "the harvest should have sent samples to the editor"
    assert rows == [{k: r[k] for k in KEYS} for r in read_jsonl(broken / "rewrites.jsonl")]
    assert [m["epoch"] for m in read_jsonl(broken / "metrics.jsonl")] == list(range(1, EPOCHS + 1))
    # the held-out items' verdicts, per epoch, agree with the accuracy the epoch reports
    heldout = read_jsonl(broken / "heldout.jsonl")
    assert [(r["epoch"], r["sample_id"], r["correct"]) for r in heldout] == [
        (r["epoch"], r["sample_id"], r["correct"]) for r in read_jsonl(straight / "heldout.jsonl")]
    assert [row["epoch"] for row in heldout] == [epoch for epoch in range(1, EPOCHS + 1) for _ in range(2)]
    for metrics in read_jsonl(broken / "metrics.jsonl"):
        verdicts = [row["correct"] for row in heldout if row["epoch"] == metrics["epoch"]]
        assert metrics["heldout_accuracy"] == 100.0 * sum(verdicts) / len(verdicts)
    assert read_json(straight / "questions.json") == read_json(broken / "questions.json")
    assert {"accuracy.png", "loss.png"} <= {p.name for p in (broken / "plots").iterdir()}
    # the releases are the same data, although the resumed run's editor calls came from the cache
    ours, theirs = release_run(straight, tmp_path / "out-straight"), release_run(broken, tmp_path / "out-broken")
    for split in ("train", "rewrites", "rejects", "test"):
        name = f"data/{split}-00000-of-00001.parquet"
        assert (ours / name).read_bytes() == (theirs / name).read_bytes(), split
    for folder in (straight, broken, ours, theirs):
        for path in folder.rglob("*"):
            if path.is_file():
                data = path.read_bytes()
                assert URL_KEY.encode() not in data and ENV_KEY.encode() not in data, path
    assert not any(URL_KEY in text or ENV_KEY in text for text in printed)
    assert "<redacted>" in (straight / "config.json").read_text()


@pytest.mark.slow
def test_sigterm_stops_at_the_next_step_with_the_report_written(tmp_path: Path) -> None:
    run_dir = tmp_path / "run"
    command = [sys.executable, "-m", "remake", "gsm-symbolic", "--size", "16", "--teacher-model", "smollm2-135m",
               "--criterion", "none", "--limit", "8", "--epochs", "4", "--batch-size", "2", "--max-length", "48",
               "--max-new-tokens", "4", "--eval-size", "1", "--run-dir", str(run_dir), "--no-release"]
    process = subprocess.Popen(command, env=_env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    _wait_for_epoch(run_dir, 1, process)
    process.send_signal(signal.SIGTERM)  # what a scheduler or `kill` sends
    out, err = process.communicate(timeout=600)
    assert process.returncode == 130 and "Traceback" not in err, err[-2000:]
    assert "resume with" in out and (run_dir / "report.html").is_file()
    assert [row["epoch"] for row in read_jsonl(run_dir / "metrics.jsonl")][0] == 1
