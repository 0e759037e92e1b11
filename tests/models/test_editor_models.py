"""The editor with real models: over HTTP against llama.cpp's server (started here with the embedded
SmolLM2 GGUF) and in process through transformers; the teacher is the real SmolLM2 via remake.llm.generate.
SmolLM2 rarely follows textgrad's format, so any finished status is acceptable: what must hold is the
accounting (calls, tokens, the call log) and that a rerun is served entirely from the cache."""

from __future__ import annotations

import threading

import pytest

from remake.data.recipe import load_recipe
from remake.data.samples import load_samples
from remake.data.scoring import is_correct
from remake.editor import Editor, EditorConfig, RewriteJob
from remake.files import read_jsonl
from remake.llm.generate import generate
from remake.llm.llama_server import LlamaServer, ServerConfig
from remake.models.registry import gguf_path, load_model

RECIPE = load_recipe("gsm-symbolic")
MIN_CALLS = 4  # loss, gradient on the answer, gradient on the question, TGD update


@pytest.fixture(scope="module")
def teacher():
    model, tokenizer, _ = load_model("smollm2-135m")
    lock = threading.Lock()  # the harvest's probe holds a lock around its in-process model, as here

    def probe(sample, question):
        with lock:
            [output] = generate(model, tokenizer, [(sample.system, RECIPE.prompt.template.format(question=question))],
                                max_new_tokens=16)
        return output, is_correct(RECIPE, output, sample.final)

    return probe


@pytest.fixture(scope="module")
def job(teacher):
    [sample] = load_samples(RECIPE, "train", limit=1)
    question = sample.fields["question"]
    return RewriteJob(sample=sample, question=question, teacher_answer=teacher(sample, question)[0])


@pytest.fixture(scope="module")
def server():
    # one thread: on a busy 2-core machine llama.cpp's spinning thread barriers make 2 threads much slower
    with LlamaServer(ServerConfig(gguf=gguf_path("smollm2-135m"), port=0, n_ctx=2048, n_threads=1,
                                  model_alias="smollm2-135m")) as running:
        yield running


def check_run(config: EditorConfig, job: RewriteJob, teacher, tmp_path) -> None:
    log = tmp_path / "calls.jsonl"
    with Editor(config, RECIPE, log_path=log) as editor:
        editor.preflight()
        [attempt] = editor.rewrite_many([job], teacher, progress=False)
        usage = editor.usage()
    assert attempt.status in ("rewritten", "still_wrong", "unchanged", "failed"), attempt.reason
    assert attempt.status != "failed" or attempt.failure == "no_tags", attempt.reason
    assert attempt.calls >= MIN_CALLS and attempt.cached_calls == 0 and attempt.iterations == 1
    rows = read_jsonl(log)
    answered = sum(row["error"] is None for row in rows)  # failed attempts (retries) are not cached
    assert len(rows) == attempt.calls == usage["calls"] and answered == attempt.calls - attempt.retries
    assert attempt.tokens_in == sum(row["tokens_in"] for row in rows) > 500  # textgrad's prompts are long
    assert attempt.tokens_out == sum(row["tokens_out"] for row in rows) > 0
    assert attempt.teacher_answers[0] == job.teacher_answer

    with Editor(config, RECIPE, log_path=tmp_path / "again.jsonl") as editor:
        [again] = editor.rewrite_many([job], teacher, progress=False)
        assert editor.usage()["calls"] == 0 and editor.usage()["cached_calls"] == answered
    assert (again.status, again.rewrite, again.feedback) == (attempt.status, attempt.rewrite, attempt.feedback)


def test_editor_over_http_with_llama_cpp(server, job, teacher, tmp_path):
    config = EditorConfig(model="smollm2-135m", base_url=server.base_url, max_iterations=1, max_new_tokens=16,
                          cache_dir=tmp_path / "cache", timeout_s=600)
    check_run(config, job, teacher, tmp_path)


def test_editor_in_process(job, teacher, tmp_path):
    config = EditorConfig(model="smollm2-135m", local_engine="transformers", max_iterations=1, max_new_tokens=16,
                          cache_dir=tmp_path / "cache")
    check_run(config, job, teacher, tmp_path)
