"""Automatic serving of embedded editor models: the editor starts a real llama.cpp server, talks to it
over HTTP, and stops it on close, on Ctrl-C (SIGINT to a real subprocess) and at the end of `embedded_server()`;
the answer-invariance solver shares the server and the editor's cache; one real qwen2.5-coder-1.5b
rewrite goes through the server."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import textwrap
import urllib.request

import pytest
from processes import alive, gone, interruptible

from remake.data.recipe import load_recipe
from remake.editor import Editor, EditorConfig, RewriteJob
from remake.filters.solvers import HttpSolver
from remake.llm.embedded_backend import EmbeddedServerBackend
from remake.llm.llama_server import embedded_server

RECIPE = load_recipe("gsm-symbolic")
QUESTIONS = ["What is 2 plus 3?", "What is 10 minus 4?"]


def test_served_context_manager_yields_a_live_endpoint_then_stops():
    with embedded_server("smollm2-135m", n_ctx=256, n_threads=1) as server:
        pid = server.process.pid
        with urllib.request.urlopen(f"{server.base_url}/models", timeout=5) as response:
            assert json.loads(response.read())["data"][0]["id"] == "smollm2-135m"
    assert gone(pid)


def test_editor_serves_embedded_model_solver_shares_server_and_cache(tmp_path):
    from remake.harvest.build import make_solver

    config = EditorConfig(model="smollm2-135m", max_new_tokens=12, cache_dir=tmp_path / "cache")
    with Editor(config, RECIPE) as editor:
        assert isinstance(editor.backend, EmbeddedServerBackend)
        pid = editor.backend.server.process.pid
        editor.preflight()
        solver = make_solver(config.model, RECIPE, editor)
        assert isinstance(solver, HttpSolver) and solver.name == "smollm2-135m"
        first = solver.answer(QUESTIONS)
        assert len(first) == 2 and all(isinstance(text, str) and text for text in first)
        assert solver.usage.total.calls == 2
        # a rerun: same cache folder, same server
        again = HttpSolver(editor.backend, config.call_policy(), RECIPE, concurrency=config.concurrency)
        assert again.answer(QUESTIONS) == first
        assert (again.usage.total.calls, again.usage.total.cached_calls) == (0, 2)
        assert make_solver("not-the-editor/model", RECIPE, editor) is None
    assert gone(pid)
    # the cache key names the GGUF, not the random port: a new server reuses the cached answers
    with Editor(config, RECIPE) as editor:
        third = HttpSolver(editor.backend, config.call_policy(), RECIPE, concurrency=config.concurrency)
        assert third.answer(QUESTIONS) == first and third.usage.total.calls == 0


CHILD = textwrap.dedent("""
    import sys, time
    from remake.editor import Editor, EditorConfig
    from remake.data.recipe import load_recipe
    config = EditorConfig(model="smollm2-135m", max_new_tokens=8, cache_dir=sys.argv[1])
    with Editor(config, load_recipe("gsm-symbolic")) as editor:
        print(editor.backend.server.process.pid, flush=True)
        while True:
            time.sleep(0.1)
""")


def test_sigint_to_a_harvest_like_process_leaves_no_server(tmp_path):
    child = subprocess.Popen([sys.executable, "-c", CHILD, str(tmp_path)], stdout=subprocess.PIPE, text=True,
                             preexec_fn=interruptible)
    try:
        server_pid = int(child.stdout.readline())
        assert alive(server_pid)
        child.send_signal(signal.SIGINT)
        child.wait(timeout=30)
        assert gone(server_pid)
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()


BUSY_CHILD = textwrap.dedent("""
    import sys, threading, time
    from remake.editor import Editor, EditorConfig
    from remake.data.recipe import load_recipe
    config = EditorConfig(max_new_tokens=3000, use_cache=False)  # qwen: slow enough to still be generating
    editor = Editor(config, load_recipe("gsm-symbolic"))
    threading.Thread(target=editor.backend.complete, args=("", "Write a very long story about a city."),
                     daemon=True).start()
    time.sleep(1.0)  # the request is being generated
    print(editor.backend.server.process.pid, flush=True)
    time.sleep(600)
""")


def test_hard_kill_during_a_generation_leaves_no_server(tmp_path):
    """Killed parent, qwen generation in flight: a SIGTERM'd uvicorn waits for the generation to finish,
    orphaned (seen here for minutes); the parent-death signal must end the server at once."""
    child = subprocess.Popen([sys.executable, "-c", BUSY_CHILD], stdout=subprocess.PIPE, text=True,
                             preexec_fn=interruptible)
    try:
        server_pid = int(child.stdout.readline())
        assert alive(server_pid)
        child.kill()
        child.wait(timeout=30)
        assert gone(server_pid, seconds=5)
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()


@pytest.mark.slow
def test_one_real_qwen_rewrite_through_the_server(tmp_path):
    """TextGrad through the served 1.5B editor (few tokens: ~1 minute on 2 free cores). The teacher is the
    real smollm2 in process; its verdict decides the status, the editor's tagged rewrite is checked."""
    from remake.data.samples import load_samples, raw_question
    from remake.harvest.teacher import Teacher
    from remake.models.registry import load_model

    sample = load_samples(RECIPE, "train", limit=1)[0]
    model, tokenizer, _ = load_model("smollm2-135m")
    teacher = Teacher(model, tokenizer, RECIPE, max_new_tokens=16)
    question = raw_question(RECIPE, sample)
    config = EditorConfig(max_iterations=1, max_new_tokens=160, concurrency=1, cache_dir=tmp_path / "cache")
    assert config.model == "qwen2.5-coder-1.5b"  # the offline default editor
    with Editor(config, RECIPE) as editor:
        output, correct = teacher.probe(sample, question)
        [attempt] = editor.rewrite_many([RewriteJob(sample, question, output)], teacher.probe, progress=False)
    assert attempt.failure == "", attempt.reason  # every call answered, the tagged block parsed
    assert attempt.status in ("rewritten", "still_wrong", "unchanged") and attempt.calls >= 4 and attempt.tokens_out > 0
    if attempt.rewrite is None:  # a verbatim copy (measured once with the earlier instructions)
        assert attempt.status == "unchanged" and "unchanged" in attempt.reason
    else:
        assert attempt.rewrite.strip() != question.strip() and "<IMPROVED_VARIABLE>" not in attempt.rewrite


COFFEE = ("Olivia makes coffee using teaspoons of sugar and cups of water in the ratio of 63:90. If she used a total "
          "of 1224 teaspoons of sugar and cups of water, calculate the number of teaspoonfuls of sugar she used.")


@pytest.mark.slow
def test_served_qwen_judges_a_paraphrase_same_and_a_question_swap_different(tmp_path):
    """The harvest's offline chain: the served editor model is the same-problem judge (4 short calls)."""
    from remake.filters import Candidate, FilterChain, FilterConfig
    from remake.harvest.build import make_solver

    paraphrase = ("Olivia mixes teaspoons of sugar and cups of water in a 63:90 ratio to make coffee. Altogether she "
                  "used 1224 teaspoons of sugar and cups of water. How many teaspoons of sugar did she use?")
    swapped = COFFEE.replace("teaspoonfuls of sugar she used", "cups of water she used")
    config = EditorConfig(cache_dir=tmp_path / "cache")
    with Editor(config, RECIPE) as editor:
        judge = make_solver(config.model, RECIPE, editor)
        chain = FilterChain(FilterConfig(), RECIPE, judge=judge)
        good, bad = chain.check([Candidate("p", COFFEE, paraphrase, "504"), Candidate("d", COFFEE, swapped, "504")])
    assert chain.model_usage()[config.model]["calls"] == 4  # reported in the run's editor_usage.json
    assert good.checks["judge"]["passed"] is True, good.checks["judge"]
    assert bad.checks["judge"]["passed"] is False and not bad.accepted, bad.checks["judge"]
