"""The `remake` command end to end, as a user runs it: real subprocesses, offline, private HF_HOME."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def remake(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "HF_HUB_OFFLINE": "1"}  # conftest already points HF_HOME at a temp dir
    return subprocess.run([sys.executable, "-m", "remake", *args], capture_output=True, text=True,
                          env=env, cwd=cwd or ROOT, timeout=600)


def assert_one_line_error(result: subprocess.CompletedProcess[str], *words: str) -> str:
    message = result.stderr.strip()
    assert result.returncode == 2, (result.returncode, result.stderr)
    assert "Traceback" not in result.stderr + result.stdout
    assert len(message.splitlines()) == 1, message
    assert message.startswith("remake: error: ")
    for word in words:
        assert word in message
    return message


def test_recipes_lists_five() -> None:
    result = remake("recipes")
    assert result.returncode == 0, result.stderr
    names = [line.split()[0] for line in result.stdout.splitlines() if line.strip()]
    assert names == ["babi", "clinifact", "gsm-symbolic", "gsm8k", "jsonl"]


def test_unknown_recipe() -> None:
    assert_one_line_error(remake("eval", "--model", "smollm2-135m", "--recipe", "nope"),
                          "unknown recipe 'nope'", "gsm-symbolic")


def test_unknown_model() -> None:
    result = remake("eval", "--model", "gpt-17", "--recipe", "gsm-symbolic", "--size", "4", "--limit", "1")
    assert_one_line_error(result, "unknown model 'gpt-17'", "smollm2-135m", "llama3.1-8b")


def test_malformed_recipe_yaml(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("name: bad\ndescription: [unclosed\n", encoding="utf-8")
    assert_one_line_error(remake("eval", "--model", "smollm2-135m", "--recipe", str(bad)), "not valid YAML")


def test_data_file_missing_a_mapped_field(tmp_path: Path) -> None:
    data = tmp_path / "d.jsonl"
    data.write_text("".join(json.dumps({"q": f"What is {n} + 1?", "a": f"#### {n + 1}"}) + "\n"
                            for n in range(4)), encoding="utf-8")
    result = remake("eval", "--model", "smollm2-135m", "--recipe", "jsonl", "--data", str(data),
                    "--field", "question=q")
    assert_one_line_error(result, "no field 'answer'", "fields: q, a")


def test_empty_split(tmp_path: Path) -> None:
    data = tmp_path / "d.csv"
    data.write_text("question,answer\nWhat is 1 + 1?,#### 2\n", encoding="utf-8")
    result = remake("eval", "--model", "smollm2-135m", "--recipe", "jsonl", "--data", str(data),
                    "--split", "train")
    assert_one_line_error(result, "split 'train'", "is empty")


def test_offline_hub_dataset() -> None:
    result = remake("eval", "--model", "smollm2-135m", "--recipe", "gsm8k", "--limit", "2")
    assert_one_line_error(result, "openai/gsm8k", "offline", "--data", "gsm-symbolic")


def test_bad_max_new_tokens() -> None:
    result = remake("eval", "--model", "smollm2-135m", "--recipe", "gsm-symbolic", "--size", "4",
                    "--max-new-tokens", "0")
    assert_one_line_error(result, "--max-new-tokens 0")


@pytest.mark.slow
def test_eval_smollm2_on_gsm_symbolic(tmp_path: Path) -> None:
    out = tmp_path / "eval"
    result = remake("eval", "--model", "smollm2-135m", "--recipe", "gsm-symbolic", "--limit", "2",
                    "--max-new-tokens", "24", "--out", str(out))
    assert result.returncode == 0, result.stderr
    for metric in ("accuracy_strict", "accuracy_flexible", "accuracy_math_verify"):
        assert metric in result.stdout
    rows = [json.loads(line) for line in (out / "predictions.jsonl").read_text().splitlines()]
    assert [row["id"] for row in rows] == ["test-0", "test-1"]
    assert all(row["output"] and row["answer"] and row["final"] for row in rows)
    summary = json.loads((out / "summary.json").read_text())
    assert summary["n"] == 2 and summary["recipe"] == "gsm-symbolic" and summary["split"] == "test"
    assert summary["model"] == "HuggingFaceTB/SmolLM2-135M-Instruct"
    assert summary["correct"] == sum(row["correct_math"] for row in rows)
    assert summary["accuracy_math_verify"] == pytest.approx(100.0 * summary["correct"] / 2)
