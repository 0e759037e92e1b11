"""The offline editor and solver (qwen2.5-coder-1.5b behind llama.cpp's server) on gsm-symbolic.

1. The teacher (smollm2-135m, in process) answers training questions; the first `--rewrites` it gets
   wrong go to the editor (TextGrad, `--iterations` steps, re-asking the teacher), and every changed
   rewrite through the filter chain with the editor's endpoint as answer-invariance solver.
   Reported: rewrites with <IMPROVED_VARIABLE> tags, verbatim copies, passes per filter, accepted,
   seconds per rewrite.
2. The solver's accuracy on the first `--solve` test questions.
3. `--concurrency-only`: does llama.cpp's server (llama-cpp-python) batch parallel requests on CPU?
   8 identical-length requests to a served model, one at a time and 4 at a time; merged into the file.
Counts actually used are recorded (the machine's 2 cores are shared: see `load_average`).

    python benchmarks/bench_offline_editor.py [--rewrites 20 --solve 50]
    python benchmarks/bench_offline_editor.py --concurrency-only [--concurrency-model smollm2-135m]
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
from remake.data.samples import load_samples, raw_question  # noqa: E402
from remake.data.scoring import is_correct  # noqa: E402
from remake.editor import Editor, EditorConfig, RewriteJob  # noqa: E402
from remake.files import read_json, write_json  # noqa: E402
from remake.filters import Candidate, FilterChain, FilterConfig, filter_names  # noqa: E402
from remake.filters.solvers import HttpSolver  # noqa: E402
from remake.harvest.teacher import Teacher  # noqa: E402
from remake.models.registry import load_model  # noqa: E402

OUT = ROOT / "benchmarks" / "results" / "offline_editor.json"


def normalised(text: str) -> str:
    return " ".join(text.split()).lower()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rewrites", type=int, default=20)
    parser.add_argument("--scan", type=int, default=48, help="training questions the teacher answers")
    parser.add_argument("--solve", type=int, default=50)
    parser.add_argument("--iterations", type=int, default=1)
    parser.add_argument("--teacher-tokens", type=int, default=128)
    parser.add_argument("--editor-tokens", type=int, default=384)
    parser.add_argument("--cache", type=Path, help="editor cache folder (default: a fresh one, so calls are timed)")
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--concurrency-only", action="store_true")
    parser.add_argument("--concurrency-model", default="smollm2-135m")
    args = parser.parse_args()
    if args.concurrency_only:
        result = read_json(args.out) if args.out.is_file() else {}
        result["server_concurrency"] = concurrency(args.concurrency_model)
        write_json(args.out, result)
        print(result["server_concurrency"])
        return
    recipe = load_recipe("gsm-symbolic")
    recipe = recipe.model_copy(update={"max_new_tokens": args.teacher_tokens})
    cache = args.cache or Path(os.environ.get("TMPDIR", "/tmp")) / f"bench-offline-editor-{os.getpid()}"
    config = EditorConfig(model="qwen2.5-coder-1.5b", max_iterations=args.iterations, concurrency=1,
                          max_new_tokens=args.editor_tokens, cache_dir=cache)
    result: dict = {"editor": config.model, "teacher": "smollm2-135m", "load_average_start": os.getloadavg(),
                    "cpu_count": os.cpu_count(), "iterations": args.iterations, "editor_max_tokens": args.editor_tokens}

    started = time.monotonic()
    with Editor(config, recipe) as editor:
        result["server_start_s"] = round(time.monotonic() - started, 1)
        solver = HttpSolver(editor.backend, config.call_policy(), load_recipe("gsm-symbolic"),
                            concurrency=config.concurrency)
        if args.rewrites:
            result["rewrites"] = rewrite(editor, solver, recipe, args)
            write_json(args.out, result)
        if args.solve:
            result["solver"] = solve(solver, args.solve)
    result["load_average_end"] = os.getloadavg()
    result["wall_s"] = round(time.monotonic() - started, 1)
    write_json(args.out, result)
    print(result)


def concurrency(model: str, requests: int = 8, max_tokens: int = 48) -> dict:
    """Requests and tokens per second at concurrency 1 and 4 against one served model (greedy and the
    same prompts, so both settings do the same work)."""
    from concurrent.futures import ThreadPoolExecutor

    from openai import OpenAI

    from remake.llm.llama_server import embedded_server

    prompts = [f"Write a short story about the number {n}." for n in range(requests)]
    rates = {}
    with embedded_server(model, n_ctx=1024) as server:
        client = OpenAI(base_url=server.base_url, api_key="local", timeout=1800, max_retries=0)

        def one(prompt: str) -> int:
            reply = client.chat.completions.create(model=model, messages=[{"role": "user", "content": prompt}],
                                                   max_tokens=max_tokens, temperature=0)
            return reply.usage.completion_tokens

        one("warm up")
        for workers in (1, 4):
            start = time.monotonic()
            with ThreadPoolExecutor(max_workers=workers) as pool:
                tokens = sum(pool.map(one, prompts))
            seconds = time.monotonic() - start
            rates[workers] = {"seconds": round(seconds, 2), "tokens_out": tokens,
                              "requests_per_s": round(requests / seconds, 3),
                              "tokens_per_s": round(tokens / seconds, 2)}
    return {"model": model, "server": "llama-cpp-python " + _version("llama_cpp_python"), "requests": requests,
            "max_tokens": max_tokens, "concurrency_1": rates[1], "concurrency_4": rates[4],
            "speedup_4_vs_1": round(rates[4]["requests_per_s"] / rates[1]["requests_per_s"], 2),
            "load_average": os.getloadavg(),
            "note": "llama-cpp-python's server holds one lock around the model: requests run one at a time"}


def _version(name: str) -> str:
    from importlib import metadata

    return metadata.version(name)


def solve(solver: HttpSolver, count: int) -> dict:
    recipe = load_recipe("gsm-symbolic")
    tests = load_samples(recipe, "test", limit=count)
    start = time.monotonic()
    outputs = solver.answer([raw_question(recipe, s) for s in tests])
    seconds = time.monotonic() - start
    correct = sum(is_correct(recipe, out, s.final) for s, out in zip(tests, outputs))
    total = solver.usage.total
    return {"questions": len(tests), "correct": correct, "accuracy": round(correct / len(tests), 3),
            "seconds_per_question": round(seconds / len(tests), 1), "tokens_out": total.tokens_out,
            "tokens_out_per_s": round(total.tokens_out / seconds, 2) if seconds else None}


def rewrite(editor: Editor, solver: HttpSolver, recipe, args: argparse.Namespace) -> dict:
    model, tokenizer, _ = load_model("smollm2-135m")
    teacher = Teacher(model, tokenizer, recipe, recipe.max_new_tokens)
    train = load_samples(recipe, "train", limit=args.scan)
    answers = teacher.answer(train)
    wrong = [(s, out) for s, (out, ok) in zip(train, answers) if not ok][: args.rewrites]
    jobs = [RewriteJob(sample=s, question=raw_question(recipe, s), teacher_answer=out) for s, out in wrong]
    start = time.monotonic()
    attempts = editor.rewrite_many(jobs, teacher.probe, progress=False)
    seconds = time.monotonic() - start
    by_id = {s.id: s for s, _ in wrong}
    changed = [a for a in attempts if a.rewrite and normalised(a.rewrite) != normalised(a.original_question)]
    chain = FilterChain(FilterConfig(), recipe, solver=solver, judge=solver)  # as a harvest chains them
    verdicts = chain.check([Candidate(id=a.sample_id, question=a.original_question, rewrite=a.rewrite or "",
                                      final=by_id[a.sample_id].final, solution=by_id[a.sample_id].answer)
                            for a in changed])
    passes = {name: sum(v.checks[name]["passed"] is True for v in verdicts) for name in filter_names()}
    inconclusive = {name: sum(v.checks[name]["passed"] is None for v in verdicts) for name in filter_names()}
    with_tags = [a for a in attempts if a.failure != "no_tags" and a.rewrite is not None]
    verbatim = [a for a in attempts if "unchanged" in a.reason
                or (a.rewrite and normalised(a.rewrite) == normalised(a.original_question))]
    return {
        "teacher_scanned": len(train), "teacher_wrong": sum(not ok for _, ok in answers), "attempted": len(jobs),
        "with_tags": len(with_tags), "verbatim_copies": len(verbatim), "changed": len(changed),
        "editor_statuses": dict(Counter(a.status for a in attempts)),
        "failures": dict(Counter(a.failure for a in attempts if a.failure)),
        "teacher_correct_after": sum(a.teacher_correct for a in attempts),
        "filter_passes": passes, "filter_inconclusive": inconclusive,
        "accepted": sum(v.accepted for v in verdicts),
        "seconds_per_rewrite": round(seconds / len(jobs), 1) if jobs else None,
        "editor_usage": {k: v for k, v in editor.usage().items() if k in ("calls", "tokens_in", "tokens_out", "latency_s")},
        "examples": [{"original": a.original_question, "rewrite": a.rewrite, "status": a.status,
                      "reasons": v.reasons} for a, v in zip(changed, verdicts)][:5],
    }


if __name__ == "__main__":
    main()
