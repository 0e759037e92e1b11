"""The semantic-preservation filters, with the real all-MiniLM-L6-v2 embedding model and, for answer
invariance, the embedded SmolLM2-135M as a real solver."""

from __future__ import annotations

import pytest

from remake.data.recipe import load_recipe
from remake.errors import RemakeError
from remake.filters import Candidate, FilterChain, FilterConfig, Judge, LocalSolver, Solver
from remake.filters.judge import read_verdict
from remake.filters.numbers import quantities, unmatched
from remake.llm.calls import Reply

RECIPE = load_recipe("gsm-symbolic")
QUESTION = ("Jimmy finished half of a 166 piece puzzle, and then started and finished another 404 piece puzzle "
            "within an hour. How many puzzle pieces did Jimmy place during that hour?")
SOLUTION = "Jimmy did 1/2 * 166 pieces = 83 pieces.\nJimmy completed 83 pieces + 404 pieces = 487 pieces.\n#### 487"
PARAPHRASE = ("Within one hour, Jimmy completed half of a puzzle that has 166 pieces, and then a second puzzle "
              "with 404 pieces. How many pieces did he place in total during that hour?")


def candidate(rewrite: str, question: str = QUESTION, final: str = "487", solution: str | None = SOLUTION) -> Candidate:
    return Candidate("s-1", question, rewrite, final, solution)


class TableSolver:
    """A Solver answering from a table (as an editor that solves some questions would), counting calls."""

    def __init__(self, name: str, table: dict[str, str]):
        self.name = name
        self.table = table
        self.asked: list[str] = []

    def answer(self, questions: list[str]) -> list[str]:
        self.asked += questions
        return [f"Adding up, the answer is {self.table[q]}." for q in questions]


class TableJudge:
    """A Judge replying DIFFERENT when the prompt holds a marked text, else SAME, counting prompts."""

    name = "table-judge"

    def __init__(self, different: str, first_reply: str = ""):
        self.different = different
        self.first_reply = first_reply
        self.prompts: list[str] = []

    def ask(self, system: str, prompts: list[str], max_new_tokens: int, top_logprobs: int = 0) -> list[Reply]:
        self.prompts += prompts
        return [Reply(self.first_reply or ("DIFFERENT" if self.different in p else "SAME")) for p in prompts]


@pytest.fixture(scope="module")
def chain() -> FilterChain:
    return FilterChain(FilterConfig(), RECIPE)


def values(text: str, words: bool = True) -> list[set[float]]:
    return [set(q.values) for q in quantities(text, words) if q.kind == "quantity"]


def test_numbers_are_normalised():
    assert values("He paid $1,000 and 5.0 more") == [{1000.0}, {5.0}]
    assert {0.25, 25.0} in values("25% of them")
    assert values("twice as many, half of the 12") == [{2.0}, {0.5}, {12.0}]
    assert values("twice as many", words=False) == []
    kinds = {q.text: q.kind for q in quantities("Step 1: there are 7 days in a week. 2nd, see the 5 cats.")}
    assert kinds == {"1": "label", "7": "fact", "5": "quantity", "2nd": "label"}
    # a wrong conversion is not a fact: it is a new number
    assert quantities("there are 8 days in a week")[0].kind == "quantity"


def test_each_occurrence_of_a_number_must_be_kept():
    vending = "John got 10 bags of popcorn and had 10% of his money left. He spent $630."
    dropped = "John got 10 bags of popcorn. He spent $630."
    assert [q.text for q in unmatched(quantities(vending), quantities(dropped))] == ["10%"]
    assert unmatched(quantities(vending), quantities("He spent $630; 10% of his money was left after 10 bags.")) == []
    tubes = "David has 2 tubes. William has half as many tubes as David and three times as many pens."
    assert [q.text for q in unmatched(quantities(tubes), quantities("David has 2 tubes. William has three times "
                                                                    "as many pens."))] == ["half"]
    # "half" may still be said as "divide by 2" when the original's own 2 is kept as well
    assert unmatched(quantities(tubes), quantities("David has 2 tubes; William has David's tubes divided by 2 "
                                                   "and three times as many pens.")) == []


def test_quantities_kept_and_changed(chain):
    ok, changed, dropped, added = chain.check([
        candidate(PARAPHRASE),
        candidate(QUESTION.replace("404", "440")),
        candidate(QUESTION.replace("half of ", "")),
        candidate(QUESTION + " He also lost 12 pieces."),
    ])
    assert ok.checks["quantities"]["passed"] is True
    assert changed.checks["quantities"]["missing"] == ["404"] and not changed.accepted
    assert dropped.checks["quantities"]["missing"] == ["half"] and not dropped.accepted
    assert added.checks["quantities"]["new"] == ["12"] and not added.accepted
    assert any(reason.startswith("quantities:") for reason in added.reasons)


def test_quantity_words_follow_the_recipe():
    babi_like = RECIPE.model_copy(update={"filters": RECIPE.filters.model_copy(update={"quantity_words": False})})
    words_off = FilterChain(FilterConfig(), babi_like).check([candidate(QUESTION.replace("half of ", ""))])[0]
    assert words_off.checks["quantities"]["passed"] is True


def test_leaks_of_answer_and_intermediates(chain):
    final, step, already = chain.check([
        candidate(QUESTION + " (The answer is 487.)"),
        candidate(QUESTION.replace("166 piece puzzle", "166 piece puzzle, that is 83 pieces")),
        candidate("A box has 4 red and 4 blue pens. How many pens are red?", question="A box has 4 red and 4 blue "
                  "pens. How many of the pens are red?", final="4", solution="<<8/2=4>> #### 4"),
    ])
    assert final.checks["leak"]["passed"] is False and "487" in final.checks["leak"]["reason"]
    assert step.checks["leak"]["leaked"] == ["83"]
    assert already.checks["leak"]["passed"] is True  # the original already states 4 just as often
    marked, room = chain.check([candidate(QUESTION + "\n#### 487"), candidate(QUESTION + " Work in room #487.")])
    assert marked.checks["leak"]["passed"] is False  # GSM8K's answer line, which reads as a label otherwise
    assert room.checks["leak"]["passed"] is True     # a label that happens to be the answer is no statement of it


def test_bounds_and_similarity(chain):
    short, long, unrelated, ok = chain.check([
        candidate("How many?"),
        candidate(QUESTION + " Think." * 200),
        candidate("Jimmy has 166 apples and 404 pears and gives half away. What colour is the sky in the hour?"),
        candidate(PARAPHRASE),
    ])
    assert short.checks["bounds"]["passed"] is False
    assert long.checks["bounds"]["passed"] is False and "max_length_ratio" in long.checks["bounds"]["reason"]
    assert unrelated.checks["similarity"]["passed"] is False
    assert ok.accepted and ok.checks["similarity"]["score"] > 0.8 and ok.reasons == []
    assert ok.checks["invariance"]["passed"] is None  # no solver: inconclusive, which does not reject


def test_config_is_validated():
    with pytest.raises(RemakeError, match="min_similarity"):
        FilterConfig(min_similarity=1.5)
    with pytest.raises(RemakeError, match="invariance"):
        FilterConfig(invariance="sometimes")
    assert FilterConfig.from_dict(FilterConfig(min_similarity=0.9).to_dict()).min_similarity == 0.9
    with pytest.raises(RemakeError, match="unknown filter settings"):
        FilterConfig.from_dict({"min_simlarity": 0.9})


def test_invariance_with_a_solver_that_solves_some():
    broken = QUESTION.replace("How many puzzle pieces", "How many puzzle pieces of the first puzzle")
    table = {QUESTION: "487", PARAPHRASE: "487", broken: "83"}
    solver = TableSolver("table", table)
    assert isinstance(solver, Solver)
    chain = FilterChain(FilterConfig(), RECIPE, solver)
    good, bad = chain.check([candidate(PARAPHRASE), candidate(broken)])
    assert good.checks["invariance"]["passed"] is True
    assert bad.checks["invariance"]["passed"] is False and "solves the original" in bad.checks["invariance"]["reason"]
    assert bad.checks["invariance"]["original_output"].endswith("487.")
    # a solver that fails the original too: lenient = inconclusive, consistent = compare the two answers
    weak = TableSolver("weak", {QUESTION: "12", PARAPHRASE: "12", broken: "9"})
    lenient = FilterChain(FilterConfig(), RECIPE, weak).check([candidate(PARAPHRASE), candidate(broken)])
    assert [v.checks["invariance"]["passed"] for v in lenient] == [None, None]
    assert lenient[0].accepted
    consistent = FilterChain(FilterConfig(invariance="consistent"), RECIPE, weak).check(
        [candidate(PARAPHRASE), candidate(broken)])
    assert [v.checks["invariance"]["passed"] for v in consistent] == [True, False]
    strict = FilterChain(FilterConfig(invariance="strict"), RECIPE, weak).check([candidate(PARAPHRASE)])
    assert strict[0].checks["invariance"]["passed"] is False


def test_stored_solver_outputs_are_reused():
    solver = TableSolver("table", {QUESTION: "487", PARAPHRASE: "100"})
    first = FilterChain(FilterConfig(), RECIPE, solver).check([candidate(PARAPHRASE)])[0]
    assert len(solver.asked) == 2 and first.checks["invariance"]["passed"] is False
    again = TableSolver("table", {})
    stored = [first.to_dict()]
    second = FilterChain(FilterConfig(), RECIPE, again).check([candidate(PARAPHRASE)], stored=stored)[0]
    assert again.asked == [] and second.checks["invariance"] == first.checks["invariance"]
    # without any solver the stored outputs are all there is, and they still decide
    third = FilterChain(FilterConfig(), RECIPE).check([candidate(PARAPHRASE)], stored=stored)[0]
    assert third.checks["invariance"]["passed"] is False and not third.accepted


def test_rejected_rewrites_are_not_sent_to_the_solver():
    solver = TableSolver("table", {})
    verdict = FilterChain(FilterConfig(), RECIPE, solver).check([candidate(QUESTION + " It is 487.")])[0]
    assert solver.asked == [] and verdict.checks["invariance"]["passed"] is None
    assert "already rejected" in verdict.checks["invariance"]["reason"]


def test_judge_rejects_a_different_problem_and_its_replies_are_reused():
    swapped = QUESTION.replace("How many puzzle pieces did Jimmy place", "How many pieces of the first puzzle did Jimmy place")
    judge = TableJudge(different="of the first puzzle")
    good, bad, leaked = FilterChain(FilterConfig(), RECIPE, judge=judge).check(
        [candidate(PARAPHRASE), candidate(swapped), candidate(QUESTION + " It is 487.")])
    assert isinstance(judge, Judge) and len(judge.prompts) == 4  # two orders each; the leak is not asked
    assert PARAPHRASE in judge.prompts[0].split("Rewritten problem:")[1]  # first order: the rewrite second
    assert PARAPHRASE in judge.prompts[1].split("Rewritten problem:")[0]
    assert good.accepted and good.checks["judge"]["passed"] is True
    assert not bad.accepted and bad.checks["judge"]["passed"] is False and "different problem" in bad.reasons[0]
    assert bad.checks["judge"]["judge_output"] == ["DIFFERENT", "DIFFERENT"]
    assert leaked.checks["judge"]["passed"] is None and "already rejected" in leaked.checks["judge"]["reason"]
    # re-filtering reuses stored replies; with the judge off or absent the check is inconclusive
    again = TableJudge(different="")
    stored = FilterChain(FilterConfig(), RECIPE, judge=again).check([candidate(swapped)], stored=[bad.to_dict()])[0]
    assert again.prompts == [] and stored.checks["judge"] == bad.checks["judge"]
    off = FilterChain(FilterConfig(judge=False), RECIPE, judge=judge).check([candidate(swapped)])[0]
    assert off.accepted and off.checks["judge"]["passed"] is None
    assert FilterChain(FilterConfig(), RECIPE).check([candidate(swapped)])[0].checks["judge"]["passed"] is None


def test_judge_verdict_is_read_from_the_reply():
    assert read_verdict("SAME") == "SAME" and read_verdict("Different.") == "DIFFERENT"
    assert read_verdict("They are the same, not different") == "SAME"  # the first verdict named counts
    assert read_verdict("Samesies") is None and read_verdict("") is None
    unclear = FilterChain(FilterConfig(), RECIPE, judge=TableJudge("", first_reply="Maybe.")).check([candidate(PARAPHRASE)])[0]
    assert unclear.accepted and unclear.checks["judge"]["passed"] is None


@pytest.mark.slow
def test_local_solver_answers_with_the_embedded_model():
    solver = LocalSolver("smollm2-135m", RECIPE, max_new_tokens=8)
    verdict = FilterChain(FilterConfig(), RECIPE, solver).check([candidate(PARAPHRASE)])[0]
    check = verdict.checks["invariance"]
    assert check["solver"] == "smollm2-135m+program"  # the default: it writes a program, reasons where unreadable
    assert isinstance(check["rewrite_output"], str) and check["rewrite_output"]
    assert check["passed"] in (True, None, False)
    if check["passed"] is not True:  # it missed on the rewrite, so it was asked about the original too
        assert isinstance(check["original_output"], str)


COFFEE = ("Mia makes coffee using teaspoons of sugar and cups of water in the ratio of 49:26. If she used a total of "
          "150 teaspoons of sugar and cups of water, calculate the number of teaspoonfuls of sugar she used.")
COFFEE_SOLUTION = "The total ratio is 49+26 = 75\nShe used 49/75*150 = 98\n#### 98"
# the demo's real rewrite (offline editor, seed 0): it cuts "and cups of water", so 150 counts sugar alone
COFFEE_CUT = COFFEE.replace("150 teaspoons of sugar and cups of water", "150 teaspoons of sugar")
COFFEE_FAITHFUL = [
    "Mia mixes teaspoons of sugar and cups of water in a 49:26 ratio to make coffee. Altogether she used 150 "
    "teaspoons of sugar and cups of water. How many teaspoons of sugar did she use?",
    COFFEE + " Hint: first add the two parts of the ratio.",
    "Mia makes coffee with sugar and water in a ratio of 49:26. She used 150 teaspoons and cups in total, sugar and "
    "water together. How many teaspoonfuls of sugar did she use?",
]


def test_referents_reject_a_number_that_lost_what_it_counts(chain):
    cut, *faithful = chain.check([candidate(r, question=COFFEE, final="98", solution=COFFEE_SOLUTION)
                                  for r in [COFFEE_CUT, *COFFEE_FAITHFUL]])
    assert cut.checks["referents"]["passed"] is False and cut.checks["referents"]["changed"] == {"150": ["cups", "water"]}
    assert cut.checks["quantities"]["passed"] is True  # every number is still there
    assert [v.checks["referents"]["passed"] for v in faithful] == [True, True, True]
    # a unit left to the context is not a cut qualifier; a cut "of ..." qualifier is
    age = "William's dad saw the comet when he was 21 years old. How old is he now, 30 years later?"
    implicit, qualifier = chain.check([
        candidate(age.replace("21 years old", "21"), question=age, final="51", solution=None),
        candidate(QUESTION.replace("166 piece puzzle", "166 piece"), final="487")])
    assert implicit.checks["referents"]["passed"] is True
    assert qualifier.checks["referents"]["passed"] is True  # "puzzle" is said again in the sentence
    off = FilterChain(FilterConfig(referent_words=0), RECIPE).check([candidate(COFFEE_CUT, question=COFFEE, final="98")])
    assert off[0].checks["referents"]["passed"] is None


def test_solver_answering_a_stated_number_rejects_when_it_computed_on_the_original():
    solver = TableSolver("weak", {COFFEE: "1304", COFFEE_CUT: "150", COFFEE_FAITHFUL[0]: "1304",
                                  COFFEE_FAITHFUL[1]: "49"})
    rows = [candidate(r, question=COFFEE, final="98", solution=None) for r in (COFFEE_CUT, *COFFEE_FAITHFUL[:2])]
    config = FilterConfig(referent_words=0, given_answer=True)  # the solver's evidence alone
    cut, same, reads_a_given = [v.checks["invariance"] for v in FilterChain(config, RECIPE, solver).check(rows)]
    assert cut["passed"] is False and "a number the rewrite states" in cut["reason"]
    assert same["passed"] is None  # fails both with the same computed answer: inconclusive
    assert reads_a_given["passed"] is False  # 49 is stated; the original's 1304 was not
    lenient = FilterChain(FilterConfig(referent_words=0), RECIPE, solver).check(rows[:1])  # off by default
    assert lenient[0].checks["invariance"]["passed"] is None
    # a solver that answered the original with a stated number as well shows no such change
    guesser = TableSolver("guesser", {COFFEE: "26", COFFEE_CUT: "150"})
    assert FilterChain(config, RECIPE, guesser).check(rows[:1])[0].checks["invariance"]["passed"] is None


class ScoredJudge:
    """A Judge whose replies carry logprobs: P(INVALID) per problem text it is shown (reference-solution
    check), counting prompts."""

    name = "scored-judge"

    def __init__(self, p_invalid: dict[str, float]):
        self.p_invalid = p_invalid
        self.prompts: list[str] = []

    def ask(self, system: str, prompts: list[str], max_new_tokens: int, top_logprobs: int = 0) -> list[Reply]:
        import math

        self.prompts += prompts
        replies = []
        for prompt in prompts:
            problem = prompt.split("Problem:\n")[1].split("\n\nWorked solution:")[0]
            p = self.p_invalid[problem]
            alternatives = {"INVALID": math.log(p), "VALID": math.log(1 - p)}
            replies.append(Reply("INVALID" if p > 0.5 else "VALID", [alternatives] if top_logprobs else None))
        return replies


def test_solution_check_compares_the_rewrite_with_the_original():
    judge = ScoredJudge({COFFEE: 0.10, COFFEE_CUT: 0.55, COFFEE_FAITHFUL[0]: 0.12})
    config = FilterConfig(solution_check=True, referent_words=0, judge=False)
    rows = [candidate(r, question=COFFEE, final="98", solution=COFFEE_SOLUTION) for r in (COFFEE_CUT, COFFEE_FAITHFUL[0])]
    cut, faithful = [v.checks["solution"] for v in FilterChain(config, RECIPE, judge=judge).check(rows)]
    assert cut["passed"] is False and cut["solution_p_invalid"] == [0.1, 0.55] and "rise +0.45" in cut["reason"]
    assert faithful["passed"] is True and len(judge.prompts) == 4
    # off by default; without a reference solution it cannot run
    assert FilterChain(FilterConfig(), RECIPE, judge=judge).check(rows[:1])[0].checks["solution"]["passed"] is None
    unsolved = FilterChain(config, RECIPE, judge=judge).check([candidate(COFFEE_CUT, question=COFFEE, final="98",
                                                                         solution=None)])[0]
    assert unsolved.checks["solution"]["passed"] is None and "no reference solution" in unsolved.checks["solution"]["reason"]
    # stored replies are reused by a re-filter
    again = ScoredJudge({})
    stored = FilterChain(config, RECIPE, judge=again).check(rows[:1], stored=[{"checks": {"solution": cut}}])[0]
    assert again.prompts == [] and stored.checks["solution"]["passed"] is False
