"""The model-backed number-keeping checks, through a real HTTP server speaking the chat protocol: the program-
aided solver and its fallback, the change judge, a veto asked again (a careful program, then reasoning),
and `remake filter check` saying how many model calls it will make."""

from __future__ import annotations

from pathlib import Path

from chat_server import ChatServer

from remake.cli import main
from remake.data.recipe import load_recipe
from remake.files import write_jsonl
from remake.filters import Candidate, FilterChain, FilterConfig
from remake.filters.changes import changes
from remake.filters.program import CAREFUL_SYSTEM, PROGRAM_SYSTEM, ProgramSolver
from remake.filters.solvers import HttpSolver
from remake.llm.calls import CallPolicy
from remake.llm.registry import make_backend
from remake.llm.types import Endpoint

RECIPE = load_recipe("gsm-symbolic")


# each keeps every number; the scope words around them, or what is asked, changed (none is in the hard set)


def _solver(server: ChatServer, cache: Path) -> HttpSolver:
    return HttpSolver(make_backend(Endpoint(model="stub", base_url=server.base_url)), CallPolicy(cache_root=cache),
                      RECIPE)


def test_program_solver_evaluates_the_program_and_falls_back_to_reasoning(tmp_path: Path):
    def respond(messages: list[dict[str, str]]) -> str:
        if messages[0]["content"] != PROGRAM_SYSTEM:
            return "First 3 + 4 = 7. The answer is 7."
        if "pages" in messages[-1]["content"]:
            return "```python\nreports = 4\npages = 150\nanswer = reports * pages / 15\n```"
        return "```python\nimport os\nanswer = len(os.listdir())\n```"  # not arithmetic: never run

    with ChatServer() as server:
        server.respond = respond
        solver = ProgramSolver(_solver(server, tmp_path))
        pages, other = solver.answer(["She prints 4 reports of 150 pages at 15 pages a minute. How long?",
                                      "How many files are there?"])
        assert pages.endswith("The answer is 40.") and "answer = reports * pages / 15" in pages
        assert other == "First 3 + 4 = 7. The answer is 7."  # the model's reasoning, asked once more
        assert [r["messages"][0]["content"] == PROGRAM_SYSTEM for r in server.requests] == [True, True, False]
        question = "She prints 4 reports of 150 pages at 15 pages a minute. How long?"
        verdict = FilterChain(FilterConfig(judge=False, scope=False), RECIPE, solver=_solver(server, tmp_path)).check(
            [Candidate("p", question, question.replace("How long?", "How many minutes?"), "40")])[0]
        assert verdict.checks["invariance"]["passed"] is True and verdict.checks["invariance"]["solver"] == "stub+program"


def test_change_judge_asks_about_each_changed_sentence(tmp_path: Path):
    question = "Lena walks 3 km every workday. She rests on weekends. How many km does she walk in a week?"
    one = changes(question, question.replace("workday", "day"))
    assert [(c.before, c.after) for c in one] == [("Lena walks 3 km every workday.", "Lena walks 3 km every day.")]
    hint = changes(question, question + " Hint: count the workdays first.")
    assert len(hint) == 1 and hint[0].before == "" and "Hint" in hint[0].after
    assert changes(question, question.replace("Lena", "lena")) == []  # case only: no call
    with ChatServer() as server:
        server.verdict = ("YES", {"YES": 0.8, "NO": 0.2})
        config = FilterConfig(judge=False, scope=False, invariance="off", change_judge=True)
        chain = FilterChain(config, RECIPE, judge=_solver(server, tmp_path))
        changed = chain.check([Candidate("c", question, question.replace("workday", "day"), "15")])[0]
        assert changed.accepted is False and changed.checks["changes"]["change_output"] == ["YES"]
        assert changed.checks["changes"]["change_p_yes"] == [0.8] and "P(YES) 0.80 >= 0.5" in changed.reasons[0]
        server.verdict = ("NO", {"NO": 0.9, "YES": 0.1})
        kept = FilterChain(config, RECIPE, judge=_solver(server, tmp_path / "other")).check(
            [Candidate("c", question, question + " Hint: count the workdays first.", "15")])[0]
        assert kept.accepted is True and len(server.requests) == 2


def test_filter_check_says_how_many_model_calls_it_will_make(tmp_path: Path, capsys):
    question = "Ryan saves $15 every week for 8 weeks and spends $45. How much is left?"
    pairs = tmp_path / "pairs.jsonl"
    write_jsonl(pairs, [{"question": question, "answer": "75", "rewrite": "Each week Ryan saves $15. After 8 weeks "
                                                                         "he spends $45. How much remains?"},
                        {"question": question, "answer": "75", "rewrite": question.replace("left", "spent")}])
    with ChatServer() as server:
        server.respond = lambda messages: "The answer is 75." if "Solve" in messages[0]["content"] else "SAME"
        assert main(["filter", "check", str(pairs), "--recipe", "gsm-symbolic", "--editor-model", "stub",
                     "--editor-base-url", server.base_url, "--solver-mode", "reasoning"]) == 0
    err = capsys.readouterr().err
    # the second rewrite asks another quantity: scope rejects it before any call
    assert "model checks: 1 of 2 rewrites passed the cheap filters; at most 4 model calls (judge 2, invariance 2)" in err
    assert "filter calls" in err


VETO_QUESTION = "Sam earns $20 per hour for 30 hours and spends $450. How much does he save?"
VETO_REWRITE = "Sam works 30 hours at $20 an hour and spends $450 of his pay. What does he save?"


def _veto(tmp_path: Path, careful: str) -> tuple[dict, list]:
    """The program misreads the rewrite (-300, A* is 150); the careful program answers `careful`."""

    def respond(messages: list[dict[str, str]]) -> str:
        if messages[0]["content"] == CAREFUL_SYSTEM:
            return f"```python\nearned = 20 * 30  # $20 per hour for 30 hours\nanswer = {careful}\n```"
        if messages[0]["content"] != PROGRAM_SYSTEM:
            return "He earns 600 and keeps 600 - 450. The answer is 150."
        slip = "of his pay" in messages[-1]["content"]
        return "```python\nanswer = 20 * 30 - 450" + (" * 2" if slip else "") + "\n```"

    with ChatServer() as server:
        server.respond = respond
        verdict = FilterChain(FilterConfig(judge=False, scope=False), RECIPE, solver=_solver(server, tmp_path)).check(
            [Candidate("v", VETO_QUESTION, VETO_REWRITE, "150")])[0]
        return verdict.checks["invariance"], [request["messages"][0]["content"] for request in server.requests]


def test_a_program_slip_is_overruled_when_a_careful_program_and_reasoning_both_answer_a_star(tmp_path: Path):
    invariance, systems = _veto(tmp_path, "earned - 450")
    assert invariance["passed"] is True and invariance["rewrite_answer"].startswith("-300")
    assert invariance["careful_answer"].startswith("150") and invariance["reasoning_answer"].startswith("150")
    # the rewrite's program, the original's, the careful program on the rewrite, reasoning on the rewrite
    assert systems[:3] == [PROGRAM_SYSTEM, PROGRAM_SYSTEM, CAREFUL_SYSTEM] and len(systems) == 4


def test_a_careful_program_that_misses_a_star_confirms_the_veto_without_reasoning(tmp_path: Path):
    # reasoning in text would answer 150 (the problem it expects): it is not asked when the careful program
    # misses A*, whether it agrees with the first program or not
    for careful in ("earned - 450 * 2", "earned"):
        invariance, systems = _veto(tmp_path / careful, careful)
        assert invariance["passed"] is False and "careful second program answers" in invariance["reason"]
        assert "reasoning_output" not in invariance and len(systems) == 3
