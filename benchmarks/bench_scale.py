"""How a harvest's cost grows with the dataset: harvests of the embedded SmolLM2 teacher on gsm-symbolic at
N = 32, 64, 128, 256 training questions, two epochs each (the second runs the symbolic phase), seconds per
phase (numerical, held-out, scan, editor, filters, release) and peak memory, each phase fitted as
a + b·N; and the dry run's predicted LoRA steps, training tokens and editor calls against the measured ones.

The editor is a latency-bound local OpenAI-compatible server (tests/support/chat_server.py, 0.25 s a reply), so the
editor and filter phases measure remake's side of those calls; with a real editor they cost (calls × its
latency), and the calls are what the dry run predicts. Each N runs in its own process (peak RSS per run).

    python benchmarks/bench_scale.py [--sizes 32 64 128 256]   # writes benchmarks/results/scale.json
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests" / "support"))
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("OPENAI_API_KEY", "sk-bench")
OUT = ROOT / "benchmarks" / "results" / "scale.json"
PHASES = ("numerical", "heldout", "scan", "editor", "filters", "release")


def config(n: int, base_url: str, work: Path):  # noqa: ANN201 (remake imported late: one process per N)
    import remake

    return remake.HarvestConfig(
        data=remake.DataConfig("gsm-symbolic", size=n), teacher_model="smollm2-135m", limit=n, epochs=2,
        saturation_tol=1.0, eval_size=16, max_new_tokens=48, p=0.1, lr=1e-4, run_dir=work / "run", release=False,
        editor=remake.EditorConfig(model="bench-editor", base_url=base_url, max_iterations=1, use_cache=False))


def one(n: int) -> dict:
    """One harvest of N questions, in this process."""
    from chat_server import ChatServer

    import remake
    from remake.files import read_json, read_jsonl

    with tempfile.TemporaryDirectory() as folder, ChatServer("good", delay_s=0.25) as server:
        work = Path(folder)
        cfg = config(n, server.base_url, work)
        planned = remake.plan(cfg)
        started = time.perf_counter()
        result = remake.run_harvest(cfg)
        harvest_s = time.perf_counter() - started
        started = time.perf_counter()
        remake.make_release(result.run_dir, work / "out")
        release_s = time.perf_counter() - started
        metrics = read_jsonl(result.run_dir / "metrics.jsonl")
        usage = read_json(result.run_dir / "editor_usage.json")
    seconds = {phase: round(sum(row["phase_seconds"].get(phase, 0.0) for row in metrics), 2) for phase in PHASES}
    seconds["release"] = round(release_s, 2)
    return {
        "n": n, "harvest_seconds": round(harvest_s, 1), "seconds": seconds,
        "peak_rss_gib": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 2**20, 2),
        "predicted": {"lora_steps": planned.lora_steps, "train_tokens_epoch1": planned.train_tokens_per_epoch,
                      "editor_calls": [planned.editor_calls.low, planned.editor_calls.high]},
        "measured": {"lora_steps": sum(row["steps"] for row in metrics),
                     "train_tokens_epoch1": metrics[0]["train_tokens"], "editor_calls": usage["calls"],
                     "questions_rewritten": sum(row.get("rewrites_tried", 0) for row in metrics)},
    }


def fit(points: list[tuple[int, float]]) -> dict:
    """Least squares seconds = a + b·N, with R²."""
    n = len(points)
    mean_x = sum(x for x, _ in points) / n
    mean_y = sum(y for _, y in points) / n
    sxx = sum((x - mean_x) ** 2 for x, _ in points)
    slope = sum((x - mean_x) * (y - mean_y) for x, y in points) / sxx if sxx else 0.0
    intercept = mean_y - slope * mean_x
    total = sum((y - mean_y) ** 2 for _, y in points)
    residual = sum((y - intercept - slope * x) ** 2 for x, y in points)
    return {"a_seconds": round(intercept, 2), "b_seconds_per_sample": round(slope, 4),
            "r2": round(1 - residual / total, 3) if total else None}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[32, 64, 128, 256])
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)  # a child process: one N, JSON on stdout
    args = parser.parse_args()
    if args.one:
        print("RESULT " + json.dumps(one(args.one)))
        return
    runs = []
    for n in args.sizes:
        done = subprocess.run([sys.executable, __file__, "--one", str(n)], capture_output=True, text=True)
        line = next((row for row in done.stdout.splitlines() if row.startswith("RESULT ")), None)
        if done.returncode != 0 or line is None:
            raise SystemExit(f"N={n} failed:\n{done.stderr[-3000:]}")
        runs.append(json.loads(line[len("RESULT "):]))
        print(f"N={n}: {runs[-1]['harvest_seconds']} s, phases {runs[-1]['seconds']}", flush=True)
    fits = {phase: fit([(run["n"], run["seconds"][phase]) for run in runs]) for phase in PHASES}
    largest = runs[-1]
    dominant = max(PHASES, key=lambda phase: largest["seconds"][phase])
    checks = [{"n": run["n"], **{key: {"predicted": run["predicted"][key], "measured": run["measured"][key]}
                                 for key in ("lora_steps", "train_tokens_epoch1", "editor_calls")}} for run in runs]
    result = {"runs": runs, "fits": fits, "dominant_phase_at_largest_n": dominant, "dry_run_vs_measured": checks,
              "editor": "latency-bound local OpenAI-compatible server, 0.25 s a reply",
              "machine": f"{os.cpu_count()} cores"}
    OUT.write_text(json.dumps(result, indent=2) + "\n")
    print(f"dominant phase at N={largest['n']}: {dominant}; wrote {OUT}")


if __name__ == "__main__":
    main()
