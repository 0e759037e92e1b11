"""The dry run against a real tiny harvest (SmolLM2 teacher, a real OpenAI-compatible editor server on
localhost): LoRA steps and training tokens exact, editor calls and each filter's calls inside the stated
ranges; and the paper-scale
plan offline, from remake's own architecture table and a stand-in tokenizer."""

from __future__ import annotations

import json
from collections import Counter

import pytest
from chat_server import ChatServer

import remake
from remake.files import read_json, read_jsonl
from remake.filters.changes import SYSTEM as CHANGES_SYSTEM
from remake.filters.judge import SYSTEM as JUDGE_SYSTEM
from remake.filters.program import CAREFUL_SYSTEM, PROGRAM_SYSTEM
from remake.filters.solution import SYSTEM as SOLUTION_SYSTEM
from remake.filters.solvers import solver_system_prompt


def tiny(server: ChatServer, run_dir, filters: remake.FilterConfig | None = None) -> remake.HarvestConfig:
    return remake.HarvestConfig(
        data=remake.DataConfig("gsm-symbolic", size=16), teacher_model="smollm2-135m", criterion="random",
        limit=8, epochs=2, batch_size=3, max_length=64, max_new_tokens=8, eval_size=1, p=0.5, saturation_tol=1.0,
        lr=1e-4, run_dir=run_dir, release=False, filters=filters or remake.FilterConfig(),
        editor=remake.EditorConfig(model="test-editor", base_url=server.base_url, max_iterations=2,
                                   use_cache=False))


SOLVERS = (solver_system_prompt(remake.load_recipe("gsm-symbolic")), PROGRAM_SYSTEM, CAREFUL_SYSTEM)


def request_kind(request: dict) -> str:
    """Which part of remake sent a request to the server, told by its system prompt."""
    system = next((m["content"] for m in request["messages"] if m["role"] == "system"), "")
    return ("judge" if system.startswith(JUDGE_SYSTEM.split("{")[0]) else "solution" if system == SOLUTION_SYSTEM
            else "changes" if system == CHANGES_SYSTEM else "invariance" if system in SOLVERS else "editor")


@pytest.mark.slow
def test_plan_matches_a_real_run(tmp_path, monkeypatch):
    """With --solution-check and the change judge on, each filter's calls as the server received them
    are inside the plan's range for that filter."""
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test")
    with ChatServer("good") as server:
        config = tiny(server, tmp_path / "run", remake.FilterConfig(solution_check=True, change_judge=True))
        planned = remake.plan(config)
        result = remake.run_harvest(config)
        sent = Counter(request_kind(request) for request in server.requests)
    metrics = read_jsonl(result.run_dir / "metrics.jsonl")
    assert planned.lora_steps == sum(row["steps"] for row in metrics) == 3 * 2  # ceil(8 / 3) per epoch
    assert planned.train_tokens_per_epoch == metrics[0]["train_tokens"]
    assert planned.samples == 8 and planned.symbolic_phases == 1 and planned.questions_per_phase == 4
    calls = read_json(result.run_dir / "editor_usage.json")["calls"]
    assert calls > 0 and planned.editor_calls.low <= calls <= planned.editor_calls.high
    assert sent["editor"] == calls
    assert set(planned.filter_calls_each) == {"judge", "changes", "solution", "invariance"}
    for name, span in planned.filter_calls_each.items():
        assert sent[name] > 0 and span.low <= sent[name] <= span.high, (name, sent[name], span)
    assert sum(sent.values()) - calls <= planned.filter_calls.high
    assert planned.cost_usd is None  # a made-up model has no price
    # teacher answers: held-out each epoch, the scans, at most one probe per editor iteration
    answered = planned.heldout * 2 + sum(row.get("scanned", 0) for row in metrics)
    probes = sum(row["iterations"] for row in read_jsonl(result.run_dir / "rewrites.jsonl"))
    assert planned.teacher_answers.low <= answered and answered + probes <= planned.teacher_answers.high
    assert planned.teacher_engine == "llama.cpp"  # an embedded teacher on CPU


@pytest.mark.slow
def test_max_editor_cost_stops_the_symbolic_phase_at_the_cap(tmp_path, monkeypatch):
    """A local OpenAI-compatible server priced at $10 per 1M tokens each way (a call: ~300 tokens, ~$0.003):
    a $0.02 cap lets a few calls through, then every later one is refused before it is sent."""
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test")
    prices = tmp_path / "prices.json"
    prices.write_text(json.dumps({"test-editor": [10.0, 10.0]}))
    with ChatServer("good") as server:
        config = tiny(server, tmp_path / "run")
        editor = remake.EditorConfig(model="test-editor", base_url=server.base_url, max_iterations=2,
                                     use_cache=False, prices_file=prices, max_cost=0.02)
        result = remake.run_harvest(remake.HarvestConfig(**{**vars(config), "editor": editor, "release": True,
                                                       "out": tmp_path / "out"}))
        sent = len(server.requests)
    usage = read_json(result.run_dir / "editor_usage.json")
    budget = usage["cost_budget"]
    assert budget["exhausted"] and usage["budget_exhausted"]
    assert 0 < budget["spent_usd"] <= 0.02 and budget["calls"] == sent > 0
    assert sent < 2 * 4 * 4  # fewer than the 4 questions × 2 iterations × 4 calls an uncapped phase makes
    metrics = read_jsonl(result.run_dir / "metrics.jsonl")
    assert metrics[-1]["budget_stopped"] > 0
    rows = read_jsonl(result.run_dir / "rewrites.jsonl")
    assert any(row["editor_status"] == "budget" for row in rows)
    card = (result.release_dir / "README.md").read_text()
    assert "Spending cap (`--max-editor-cost`): $0.02" in card and "the cap was reached" in card
