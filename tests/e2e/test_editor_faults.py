"""The editor against a real local HTTP server speaking the OpenAI protocol, with injected faults:
successful rewrites, cache reruns, 429 / 500 / timeout / missing tags, budgets, preflight errors,
concurrency and the system-prompt variant. The teacher here is a rule (correct once the question carries
the server's guidance) so that each outcome is certain; tests with the real model are in
test_editor_models.py."""

from __future__ import annotations

import json
import socket
from dataclasses import replace

import pytest
from chat_server import GUIDANCE, ChatServer, good_reply

from remake.data.recipe import load_recipe
from remake.data.samples import Sample
from remake.data.scoring import is_correct
from remake.editor import Editor, EditorConfig, RewriteJob
from remake.errors import RemakeError
from remake.files import read_jsonl
from remake.filters import Candidate, FilterChain, FilterConfig

RECIPE = load_recipe("gsm-symbolic")
CALLS_PER_STEP = 4  # loss, gradient on the answer, gradient on the question, TGD update


def make_job(index: int) -> RewriteJob:
    question = f"Tom has {index + 3} apples and buys {index + 4} more. How many apples does he have?"
    final = str(2 * index + 7)
    sample = Sample(id=f"train-{index}", system=RECIPE.prompt.system, question=question,
                    answer=f"{index + 3} + {index + 4} = {final}\n#### {final}", final=final)
    return RewriteJob(sample=sample, question=question, teacher_answer="The answer is 1.")


def rule_teacher(sample: Sample, question: str) -> tuple[str, bool]:
    output = f"The answer is {sample.final}." if GUIDANCE in question else "The answer is 1."
    return output, is_correct(RECIPE, output, sample.final)


@pytest.fixture(scope="module")
def server():
    with ChatServer() as running:
        yield running


@pytest.fixture
def config(server, tmp_path):
    return EditorConfig(model="stub-editor", base_url=server.base_url, cache_dir=tmp_path / "cache",
                        retries=1, backoff_s=0.01, timeout_s=5.0, max_new_tokens=64, concurrency=2)


def run(config: EditorConfig, jobs: list[RewriteJob], log_path=None):
    with Editor(config, RECIPE, log_path=log_path) as editor:
        editor.preflight()
        attempts = editor.rewrite_many(jobs, rule_teacher, progress=False)
        return attempts, editor.usage()


def test_good_rewrite_then_rerun_from_cache(server, config, tmp_path):
    server.reset("good")
    config = EditorConfig(**{**config.__dict__, "prices": {"stub-editor": (2.5, 10.0)}})
    log = tmp_path / "calls.jsonl"
    [attempt], usage = run(config, [make_job(0)], log)
    assert attempt.status == "rewritten" and attempt.teacher_correct
    assert attempt.rewrite.startswith(make_job(0).question) and GUIDANCE in attempt.rewrite
    assert attempt.iterations == 1 and len(attempt.teacher_answers) == 2
    assert attempt.calls == CALLS_PER_STEP == len(server.requests) and attempt.cached_calls == 0
    assert attempt.tokens_in > 100 and attempt.tokens_out > 0 and attempt.cost > 0
    assert "quantity" in attempt.feedback
    assert usage["calls"] == CALLS_PER_STEP and usage["statuses"] == {"rewritten": 1}
    rows = read_jsonl(log)
    assert len(rows) == CALLS_PER_STEP and not any(row["cached"] or row["error"] for row in rows)
    # the loss sees A* for judging, but the editor is told not to pass the final answer on
    loss_request = server.requests[0]["messages"][0]["content"]
    assert "#### 7" in loss_request and "Do not state the correct final answer" in loss_request

    server.reset("good")
    [again], usage = run(config, [make_job(0)], tmp_path / "calls2.jsonl")
    assert usage["calls"] == 0 and usage["cached_calls"] == CALLS_PER_STEP and server.requests == []
    assert again.rewrite == attempt.rewrite and again.status == "rewritten" and again.cost == 0

    no_cache = replace(config, use_cache=False)
    _, usage = run(no_cache, [make_job(0)])
    assert usage["calls"] == CALLS_PER_STEP and len(server.requests) == CALLS_PER_STEP


@pytest.mark.parametrize("mode,failure,requests", [
    ("429", "rate_limited", 2), ("500", "server_error", 2), ("slow", "timeout", 2),
    ("notags", "no_tags", CALLS_PER_STEP + 1),
])
def test_faults_are_recorded_not_raised(server, config, mode, failure, requests):
    server.reset(mode)
    if mode == "slow":
        config = replace(config, timeout_s=0.3)
    server.slow_s = 1.0
    jobs = [make_job(0), make_job(1)]
    attempts, usage = run(config, jobs)
    assert [a.sample_id for a in attempts] == ["train-0", "train-1"]
    for attempt in attempts:
        assert attempt.status == "failed" and attempt.failure == failure and attempt.rewrite is None
        assert attempt.calls == requests
    assert usage["failures"] == {failure: 2} and usage["statuses"] == {"failed": 2}
    assert usage["retries"] == (0 if mode == "notags" else 2)
    if mode != "slow":  # timed-out requests may still be arriving
        assert len(server.requests) == 2 * requests


def test_transient_faults_are_retried(server, config):
    server.reset("good", script=["429", "500"])  # the same request fails twice, then succeeds
    [attempt], usage = run(replace(config, retries=2), [make_job(0)])
    assert attempt.status == "rewritten" and attempt.retries == 2
    assert usage["calls"] == CALLS_PER_STEP + 2 and usage["failures"] == {}


def test_missing_tags_are_retried_with_a_reminder(server, config):
    # feedback calls succeed; the first update reply has no tags; the reminder's reply does
    server.reset("good", script=["good", "good", "good", "notags"])
    [attempt], _ = run(config, [make_job(0)])
    assert attempt.status == "rewritten" and attempt.calls == CALLS_PER_STEP + 1
    assert "(reminder 1)" in server.requests[-1]["messages"][-1]["content"]


def test_the_editor_is_shown_the_whole_question(server, config):
    """TextGrad shows a variable of over 20 words as its ends around "(...)"; an editor that returns what it
    was shown (as this server does) would drop the numbers in the gap. remake shows the question whole."""
    question = ("A baker makes 12 loaves on Monday, 15 loaves on Tuesday and 9 loaves on Wednesday. He sells 7 "
                "loaves each day and gives 3 loaves to a neighbour on Thursday. How many loaves does he have left?")
    sample = Sample(id="train-long", system=RECIPE.prompt.system, question=question, answer="#### 12", final="12")
    server.reset("good")
    with Editor(config, RECIPE) as editor:
        [attempt] = editor.rewrite_many([RewriteJob(sample=sample, question=question, teacher_answer="1")],
                                        rule_teacher, progress=False)
    assert len(question.split()) > 20 and attempt.rewrite.startswith(question)
    update = next(r for r in server.requests if "<IMPROVED_VARIABLE>" in r["messages"][0]["content"])
    assert f"<VARIABLE> {question} </VARIABLE>" in update["messages"][-1]["content"]


def number_dropping_editor(messages: list[dict[str, str]]) -> str:
    """A small editor's typical fault: its first draft drops a given number; told why, it keeps it."""
    reply = good_reply(messages)
    told = "refused by a faithfulness check" in messages[-1]["content"]
    return reply if told or "<IMPROVED_VARIABLE>" not in reply else reply.replace("Tom has 3 apples", "Tom has apples")


@pytest.mark.parametrize("repairs", [1, 0])
def test_a_draft_the_cheap_filters_refuse_goes_back_to_the_editor_with_the_reason(server, config, repairs):
    """The real chain's cheap filters refuse the draft and the teacher never sees it; with a repair the next
    update is told why (the gradient is reused: one call more) and the corrected draft is the rewrite;
    without one, the refused draft is what the row shows, for the chain to reject."""
    chain = FilterChain(FilterConfig(), RECIPE)
    probed: list[str] = []

    def teacher(sample: Sample, question: str) -> tuple[str, bool]:
        probed.append(question)
        return rule_teacher(sample, question)

    def screen(sample: Sample, question: str, draft: str) -> list[str]:
        return chain.screen(Candidate(id=sample.id, question=question, rewrite=draft, final=sample.final,
                                      solution=sample.answer))

    server.reset("good")
    server.respond = number_dropping_editor
    try:
        with Editor(replace(config, max_iterations=1, repairs=repairs), RECIPE) as editor:
            [attempt] = editor.rewrite_many([make_job(0)], teacher, progress=False, screen=screen)
    finally:
        server.respond = None
    assert len(attempt.refused) == 1 and "Tom has apples" in attempt.refused[0]
    assert "quantities" in attempt.refused[0] and "3" in attempt.refused[0].split("refused: ")[1]
    assert attempt.calls == CALLS_PER_STEP + repairs and attempt.iterations == 1
    if repairs:
        assert attempt.status == "rewritten" and attempt.teacher_correct
        assert attempt.rewrite.startswith("Tom has 3 apples") and GUIDANCE in attempt.rewrite
        assert probed == [attempt.rewrite]  # the refused draft never reached the teacher
    else:
        assert attempt.status == "still_wrong" and attempt.rewrite.startswith("Tom has apples")
        assert probed == [] and attempt.reason == "the filters refused all 1 draft(s)"
        assert chain.check([Candidate(id="t", question=make_job(0).question, rewrite=attempt.rewrite,
                                      final="7")])[0].accepted is False


def test_concurrent_jobs_keep_their_order(server, config):
    server.reset("good")
    server.delay_s = 0.05
    jobs = [make_job(index) for index in range(6)]
    try:
        attempts, usage = run(replace(config, concurrency=4), jobs)
    finally:
        server.delay_s = 0.0
    assert [a.sample_id for a in attempts] == [job.sample.id for job in jobs]
    assert all(a.status == "rewritten" for a in attempts)
    assert usage["calls"] == 6 * CALLS_PER_STEP


def test_call_budget_stops_cleanly(server, config):
    server.reset("good")
    budget = replace(config, max_calls=CALLS_PER_STEP + 2, concurrency=1)
    attempts, usage = run(budget, [make_job(index) for index in range(3)])
    assert [a.status for a in attempts] == ["rewritten", "budget", "budget"]
    assert usage["calls"] == CALLS_PER_STEP + 2 and usage["budget_exhausted"]
    assert "--max-editor-calls" in attempts[1].reason


def test_token_budget_stops_cleanly(server, config):
    server.reset("good")
    attempts, usage = run(replace(config, max_tokens=1, concurrency=1),
                          [make_job(0), make_job(1)])
    assert [a.status for a in attempts] == ["budget", "budget"] and usage["calls"] == 1
    assert "--max-editor-tokens" in attempts[0].reason


def test_system_prompt_rewrite_caps_feedback(server, config):
    server.reset("good")
    feedback = [f"item {index}: " + "watch the units " * 40 for index in range(50)]
    with Editor(replace(config, feedback_chars=2000), RECIPE) as editor:
        new = editor.rewrite_system_prompt(RECIPE.prompt.system, feedback)
        assert new is not None and new != RECIPE.prompt.system
        prompt = server.requests[-1]["messages"][-1]["content"]
        assert "item 49" in prompt and "item 0:" not in prompt  # the most recent feedback is kept
        assert len(prompt) < 2000 + 3000  # the cap plus textgrad's fixed instructions
        server.reset("notags")
        assert editor.rewrite_system_prompt(RECIPE.prompt.system, ["be careful"]) is None
        assert "IMPROVED_VARIABLE" in editor.system_prompt_reason
        assert editor.usage()["failures"] == {"no_tags": 1}


def test_preflight_missing_key(monkeypatch, tmp_path):
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    editor = Editor(EditorConfig(model="gpt-4o", cache_dir=tmp_path), RECIPE)
    with pytest.raises(RemakeError, match=r"needs an API key: set \$OPENAI_API_KEY") as error:
        editor.preflight()
    assert "\n" not in str(error.value)


def test_preflight_unreachable_endpoint(tmp_path):
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    editor = Editor(EditorConfig(model="x", base_url=f"http://127.0.0.1:{port}/v1", cache_dir=tmp_path), RECIPE)
    with pytest.raises(RemakeError, match="is unreachable") as error:
        editor.preflight()
    assert "\n" not in str(error.value)


def test_preflight_rejected_key(server, config):
    server.reset("401")
    with pytest.raises(RemakeError, match="rejected the key"):
        Editor(config, RECIPE).preflight()
    server.reset("good")


def test_attempt_rows_are_json(server, config):
    server.reset("good")
    [attempt], _ = run(config, [make_job(2)])
    row = json.loads(json.dumps(attempt.to_dict()))
    assert row["status"] == "rewritten" and row["editor_model"] == "stub-editor"


def test_a_base_url_without_v1_is_refused_before_training_with_the_fix(tmp_path, capsys):
    from refusals import refused

    with ChatServer("good") as server:
        bare = server.base_url.removesuffix("/v1")
        err = refused(["gsm-symbolic", "--size", "16", "--editor-model", "stub", "--editor-base-url", bare,
                       "--run-dir", "runs/x"], capsys, tmp_path)
        assert "answered HTTP 404 to GET /models and POST /chat/completions" in err
        assert f"use --editor-base-url {bare}/v1" in err
        Editor(EditorConfig(model="stub", base_url=server.base_url, cache_dir=tmp_path), RECIPE).preflight()


@pytest.mark.slow
def test_a_harvest_whose_every_rewrite_failed_does_not_exit_0(tmp_path, capsys, monkeypatch):
    from remake.cli import main

    monkeypatch.setenv("OPENAI_API_KEY", "sk-test")
    with ChatServer("500") as server:  # lists its models, then fails every chat request
        argv = ["gsm-symbolic", "--size", "16", "--teacher-model", "smollm2-135m", "--criterion", "random",
                "--limit", "8", "--epochs", "2", "--batch-size", "4", "--max-length", "48", "--max-new-tokens", "4",
                "--eval-size", "1", "--p", "0.5", "--saturation-tol", "1.0", "--no-release", "--no-cache",
                "--editor-model", "stub", "--editor-base-url", server.base_url, "--run-dir", str(tmp_path / "run")]
        assert main(argv) == 1
    err = capsys.readouterr().err.strip().splitlines()[-1]
    assert err.startswith("remake: error: every rewrite attempt failed (the first: ") and "--editor-base-url" in err
    assert (tmp_path / "run" / "report.html").is_file()  # the run is kept and reported
