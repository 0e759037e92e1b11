"""The loop closed on the real Qwen teacher, end to end: a tiny harvest with the embedded Qwen2.5-Coder-1.5B
as teacher (trained with LoRA in process, answering through llama.cpp as every CPU harvest does) fails
questions whose step-by-step answers do not fit its 48-token budget; an OpenAI-compatible editor (a real
HTTP server, scripted) rewrites each to ask for a one-sentence answer; the filters accept the rewrites; and
the teacher, asked again, answers at least one correctly. That rewrite must be recorded as fixed in the
run's rewrite records and in the release built from them (its rewrites split and its manifest)."""

from __future__ import annotations

import json
from pathlib import Path

import datasets
import pytest
from chat_server import FEEDBACK, VARIABLE, ChatServer

import remake
from remake.data.recipe import load_recipe
from remake.data.scoring import is_correct
from remake.files import read_json, read_jsonl
from remake.release.build import MANIFEST, release_run

pytestmark = pytest.mark.slow

# found on the real model: each answer reasons step by step past 48 tokens, and says the total in one
# sentence when the question asks for that
QUESTIONS = [("Sam reads 15 pages a day. How many pages does he read in 4 days?", "60"),
             ("A farmer has 3 fields with 14 cows in each field. How many cows does the farmer have?", "42"),
             ("Lily buys 4 packs of 6 juice boxes. How many juice boxes does she buy?", "24")]
ASK = " Answer in one short sentence."


def _rewrite(messages: list[dict[str, str]]) -> str:
    """TextGrad's two requests: feedback on the teacher's answer, then the improved question."""
    system = next((m["content"] for m in messages if m["role"] == "system"), "")
    if "<IMPROVED_VARIABLE>" not in system:
        return FEEDBACK
    question = VARIABLE.search(messages[-1]["content"]).group(1).strip()
    return f"<IMPROVED_VARIABLE>{question}{ASK}</IMPROVED_VARIABLE>"


def test_a_rewrite_the_qwen_teacher_then_answers_is_recorded_as_fixed(tmp_path: Path) -> None:
    data = tmp_path / "questions.jsonl"
    data.write_text("".join(json.dumps({"question": q, "answer": a}) + "\n" for q, a in QUESTIONS))
    with ChatServer() as editor:
        editor.respond = _rewrite
        remake.run_harvest(remake.HarvestConfig(
            data=remake.DataConfig("jsonl", data=str(data)), teacher_model="qwen2.5-coder-1.5b",
            criterion="random", epochs=1, p=1.0, warmup_epochs=0, saturation_tol=1.0, max_scan_fraction=1.0,
            eval_size=1, lr=1e-5, batch_size=3, max_length=96, max_new_tokens=48, seed=0, run_dir=tmp_path / "run",
            release=False, editor=remake.EditorConfig(model="scripted-editor", base_url=editor.base_url,
                                                      max_iterations=1),
            filters=remake.FilterConfig(judge=False, invariance="off")))  # the editor is no judge or solver
    recipe = load_recipe("jsonl")
    attempts = read_jsonl(tmp_path / "run" / "rewrites.jsonl")
    assert attempts and all(a["rewrite"].endswith(ASK) for a in attempts)
    fixed = [a for a in attempts if a["status"] == "accepted" and a["teacher_correct_after"]]
    assert fixed, [(a["status"], a["teacher_answer_after"]) for a in attempts]
    for attempt in fixed:  # wrong before the rewrite, right after it
        assert not is_correct(recipe, attempt["teacher_answer_before"], attempt["final"])
        assert is_correct(recipe, attempt["teacher_answer_after"], attempt["final"])

    release = release_run(tmp_path / "run", tmp_path / "out")
    rewrites = datasets.load_dataset(str(release), split="rewrites")
    recorded = {row["sample_id"]: row["teacher_correct_after"] for row in rewrites}
    assert all(recorded[a["sample_id"]] is True for a in fixed)
    assert read_json(release / MANIFEST)["counts"]["accepted_fixed"] == len(fixed)
