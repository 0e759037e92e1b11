"""The dry run at the paper's scale, offline: steps, memory, editor calls and dollars printed, nothing trained
or called."""

from __future__ import annotations

import json

from remake.cli import main


def test_paper_scale_plan_offline_prints_steps_memory_calls_and_dollars(tmp_path, capsys):
    data = tmp_path / "gsm8k.jsonl"
    rows = [{"question": f"Tom has {n} apples and buys {n + 1} more. How many apples does he have now?",
             "answer": f"{n} + {n + 1} = {2 * n + 1}\n#### {2 * n + 1}"} for n in range(1, 41)]
    data.write_text("".join(json.dumps(row) + "\n" for row in rows), encoding="utf-8")
    argv = ["gsm8k", "--teacher-model", "llama3.1-8b", "--editor-model", "gpt-4o", "--data", str(data),
            "--device", "cuda", "--dry-run"]
    assert main([*argv, "--json"]) == 0
    planned = json.loads(capsys.readouterr().out)
    assert planned["samples"] == 20 and planned["lora_steps"] == 3 * 10  # 40 rows: half test; batch 8, 10 epochs
    assert planned["symbolic_phases"] == 9 and planned["questions_per_phase"] == 2
    # per iteration: 3 feedback calls, and the update (+1 tag retry) asked once more for a refused draft
    assert planned["editor_calls"] == {"low": 0, "high": 9 * 2 * 3 * (3 + 2 * 2)}
    assert 14 < planned["memory_gib"] < 25  # Llama-3.1-8B in bf16 with LoRA, batch 8 × 128
    assert planned["cost_usd"]["high"] > 0 == planned["cost_usd"]["low"]  # gpt-4o priced from litellm's map
    assert any("stand-in" in note for note in planned["notes"])
    assert any("remake's table" in note for note in planned["notes"])
    assert not (tmp_path / "runs").exists()
    assert main(argv) == 0
    printed = capsys.readouterr().out
    assert "LoRA steps: 3 per epoch × 10 epochs = 30" in printed and "money" in printed and "$" in printed
    assert "filter model calls: 0 to 162 (judge 0 to 36, invariance 0 to 126)" in printed
