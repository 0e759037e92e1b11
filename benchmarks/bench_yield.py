"""The editor's yield, per question sent: unchanged, failed, rejected (by the filters), accepted, and
accepted *and fixed* (the teacher answers the accepted rewrite correctly), with the cost per fixed rewrite.

Everything is the embedded Qwen2.5-Coder-1.5B behind one llama.cpp server: the teacher (pre-trained, no
adapter: the questions it gets wrong among the first `--scan` gsm-symbolic training rows are sent), the
editor (TextGrad, `--iterations` steps) and the filters' judge and solver (the default chain, as a harvest
builds it). Two arms on the same questions and settings:
  before  the editor's loop as it was: TextGrad shows the editor a question of over 20 words as its first
          and last 10 words around "(...)", and every draft goes to the teacher, then to the filters;
  after   the editor sees the whole question, and a draft the filters that ask no model refuse goes back
          to the editor with the reason (`--editor-repairs 1`), never reaching the teacher.
Each arm has its own call cache (so its calls are timed), which also makes a rerun resumable.

    python benchmarks/bench_yield.py --arm before & python benchmarks/bench_yield.py --arm after
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from remake.data.recipe import load_recipe  # noqa: E402
from remake.data.samples import Sample, load_samples, raw_question, with_question  # noqa: E402
from remake.data.scoring import is_correct  # noqa: E402
from remake.editor import Editor, EditorConfig, RewriteJob  # noqa: E402
from remake.editor.rewrite import WholeVariable  # noqa: E402
from remake.env import cache_dir  # noqa: E402
from remake.files import read_json, write_json  # noqa: E402
from remake.filters import Candidate, FilterChain, FilterConfig  # noqa: E402
from remake.filters.solvers import HttpSolver  # noqa: E402

OUT = ROOT / "benchmarks" / "results" / "yield.json"
GPT_4O = (2.50, 10.00)  # USD per 1M tokens in, out: the paper's editor, for the cost per fixed rewrite


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--arm", choices=("before", "after"), required=True)
    parser.add_argument("--questions", type=int, default=10, help="wrong answers sent to the editor")
    parser.add_argument("--scan", type=int, default=40, help="training rows the teacher answers, at most")
    parser.add_argument("--iterations", type=int, default=1)
    parser.add_argument("--tokens", type=int, default=320, help="max new tokens of every call")
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    recipe = load_recipe("gsm-symbolic")
    if args.arm == "before":  # the ablation: TextGrad's own shortened view of the variable
        from textgrad import Variable  # after remake.editor, which prepares textgrad's environment

        WholeVariable.get_short_value = Variable.get_short_value
    config = EditorConfig(model="qwen2.5-coder-1.5b", max_iterations=args.iterations, concurrency=1,
                          max_new_tokens=args.tokens, repairs=1 if args.arm == "after" else 0,
                          cache_dir=cache_dir() / f"bench-yield-{args.arm}")
    started = time.monotonic()
    with Editor(config, recipe) as editor:
        served = HttpSolver(editor.backend, config.call_policy(), recipe, concurrency=1)

        def probe(sample: Sample, question: str) -> tuple[str, bool]:
            asked = with_question(recipe, sample, question)
            [reply] = served.ask(asked.system, [asked.question], args.tokens)
            return reply.text, is_correct(recipe, reply.text, sample.final)

        wrong = scan(probe, recipe, args.scan, args.questions)
        print(f"{args.arm}: {len(wrong)} questions the teacher gets wrong; each costs about "
              f"{4 * args.iterations}-{6 * args.iterations} editor calls and up to 9 filter calls", flush=True)
        chain = FilterChain(FilterConfig(), recipe, solver=served, judge=served)  # as a harvest builds it
        screen = None
        if args.arm == "after":
            def screen(sample: Sample, question: str, draft: str) -> list[str]:
                return chain.screen(Candidate(id=sample.id, question=question, rewrite=draft, final=sample.final,
                                              solution=sample.answer))
        jobs = [RewriteJob(sample=s, question=raw_question(recipe, s), teacher_answer=out) for s, out in wrong]
        editing = time.monotonic()
        attempts = editor.rewrite_many(jobs, probe, screen=screen)
        editor_s = time.monotonic() - editing
        changed = [a for a in attempts if a.rewrite and a.rewrite.strip() != a.original_question.strip()]
        by_id = {s.id: s for s, _ in wrong}
        verdicts = dict(zip((a.sample_id for a in changed), chain.check(
            [Candidate(id=a.sample_id, question=a.original_question, rewrite=a.rewrite or "",
                       final=by_id[a.sample_id].final, solution=by_id[a.sample_id].answer) for a in changed])))
        usage = editor.usage()
    result = summary(attempts, verdicts, usage, editor_s)
    result.update(settings={"questions": len(jobs), "scan": args.scan, "iterations": args.iterations,
                            "repairs": config.repairs, "max_new_tokens": args.tokens, "model": config.model},
                  wall_s=round(time.monotonic() - started, 1), load_average=os.getloadavg(),
                  examples=[{"id": a.sample_id, "status": a.status, "rewrite": a.rewrite,
                             "refused_drafts": a.refused, "verdict": verdicts[a.sample_id].reasons
                             if a.sample_id in verdicts else None} for a in attempts])
    merged = read_json(args.out) if args.out.is_file() else {}
    merged[args.arm] = result
    write_json(args.out, merged)
    print({key: value for key, value in result.items() if key != "examples"})


def scan(probe, recipe, limit: int, wanted: int) -> list[tuple[Sample, str]]:
    """The first `wanted` training rows the teacher answers wrongly (the same in both arms: greedy, cached)."""
    wrong = []
    for sample in load_samples(recipe, "train", limit=limit):
        output, correct = probe(sample, raw_question(recipe, sample))
        if not correct:
            wrong.append((sample, output))
            if len(wrong) == wanted:
                break
    return wrong


def summary(attempts: list, verdicts: dict, usage: dict, editor_s: float) -> dict:
    outcome = Counter()
    for attempt in attempts:
        verdict = verdicts.get(attempt.sample_id)
        if verdict is None:
            outcome["failed" if attempt.status in ("failed", "budget") else "unchanged"] += 1
        elif not verdict.accepted:
            outcome["rejected"] += 1
        else:
            outcome["accepted_fixed" if attempt.teacher_correct else "accepted_still_wrong"] += 1
    fixed = outcome["accepted_fixed"]
    tokens_in, tokens_out = usage.get("tokens_in", 0), usage.get("tokens_out", 0)
    dollars = (tokens_in * GPT_4O[0] + tokens_out * GPT_4O[1]) / 1e6
    minutes = editor_s / 60
    return {
        "sent": len(attempts), **{key: outcome[key] for key in ("unchanged", "failed", "rejected",
                                                                 "accepted_still_wrong", "accepted_fixed")},
        "accepted": outcome["accepted_fixed"] + outcome["accepted_still_wrong"],
        "refused_drafts": sum(len(a.refused) for a in attempts),
        "editor_calls": usage.get("calls", 0), "editor_tokens_in": tokens_in, "editor_tokens_out": tokens_out,
        "editor_minutes": round(minutes, 1),
        "accepted_per_editor_minute": round((outcome["accepted_fixed"] + outcome["accepted_still_wrong"]) / minutes, 3)
        if minutes else None,
        "cost_at_gpt4o_usd": round(dollars, 4),
        "per_fixed_rewrite": {"calls": round(usage.get("calls", 0) / fixed, 1), "tokens": round((tokens_in + tokens_out)
                              / fixed), "usd_at_gpt4o": round(dollars / fixed, 4)} if fixed else None,
    }


if __name__ == "__main__":
    main()
