"""The same-problem judge reads its confidence from logprobs: carried by the OpenAI-compatible backend
(a real HTTP server speaking the chat-completions protocol) and by the call cache, recorded in the check,
decided by the judge model's threshold; without logprobs the reply's word decides."""

from __future__ import annotations

import math
from pathlib import Path

from chat_server import ChatServer

from remake.data.recipe import load_recipe
from remake.filters import Candidate, FilterChain, FilterConfig
from remake.filters.judge import JUDGE_THRESHOLDS, p_different
from remake.filters.solvers import HttpSolver
from remake.llm.calls import CallPolicy
from remake.llm.registry import make_backend
from remake.llm.types import Endpoint

RECIPE = load_recipe("gsm-symbolic")
QUESTION = "A box holds 4 red pens and 6 blue pens. How many pens are in the box?"
REWRITE = "There are 4 red pens and 6 blue pens in a box. How many pens does the box hold?"


def test_p_different_reads_token_pieces_and_skips_formatting():
    log = math.log
    assert p_different([{"SAME": log(0.6), "DIFF": log(0.3), " Different": log(0.1)}]) == 0.4
    # "**" first: the verdict is the next token; "S"/"D" are pieces of the words too
    assert p_different([{"**": log(0.9)}, {"D": log(0.2), "SAME": log(0.6), "S": log(0.2)}]) == 0.2
    assert p_different([{"The": log(0.7), "SAME": log(0.3)}]) is None  # the reply starts with another word
    assert p_different(None) is None and p_different([]) is None


def _judge(server: ChatServer, cache: Path) -> HttpSolver:
    backend = make_backend(Endpoint(model="stub", base_url=server.base_url, max_new_tokens=8))
    return HttpSolver(backend, CallPolicy(cache_root=cache), RECIPE)


def _judge_check(config: FilterConfig, judge: HttpSolver) -> dict:
    verdict = FilterChain(config, RECIPE, judge=judge).check([Candidate("s", QUESTION, REWRITE, "10")])[0]
    return verdict.checks["judge"]


def test_judge_decides_by_probability_through_http_and_cache(tmp_path: Path):
    assert "stub" not in JUDGE_THRESHOLDS  # an uncalibrated judge model: threshold 0.5
    with ChatServer() as server:
        server.verdict = ("SAME", {"SAME": 0.6, "DIFF": 0.4})
        check = _judge_check(FilterConfig(), _judge(server, tmp_path))
        assert check["judge_p_different"] == [0.4, 0.4] and check["judge_threshold"] == 0.5
        assert check["passed"] is True and check["judge_output"] == ["SAME", "SAME"]
        assert len(server.requests) == 2 and all(r["logprobs"] and r["top_logprobs"] == 10 for r in server.requests)
        # the word says SAME, but 0.4 reaches a stricter threshold: the probability decides
        strict = _judge_check(FilterConfig(judge_threshold=0.35), _judge(server, tmp_path))
        assert strict["passed"] is False and "P(DIFFERENT) 0.40 >= 0.35" in strict["reason"]
        assert len(server.requests) == 2  # both replies, logprobs included, came from the cache


def test_judge_falls_back_to_the_word_without_logprobs(tmp_path: Path):
    with ChatServer() as server:
        server.verdict, server.send_logprobs = ("DIFFERENT", {"DIFFERENT": 0.9, "SAME": 0.1}), False
        check = _judge_check(FilterConfig(), _judge(server, tmp_path))
        assert "judge_p_different" not in check and check["passed"] is False
        assert check["judge_output"] == ["DIFFERENT", "DIFFERENT"]
