"""NS-LoRA against LoRA alone on the same teacher: the embedded Qwen2.5-Coder-1.5B trained with LoRA on the
same gsm-symbolic rows, seeds and epochs, once with `--criterion none` (weight updates only) and once with
the default criterion (loss-ratio: after the numerical epochs saturate, the questions the teacher still gets
wrong go to the editor, the offline Qwen2.5-Coder-1.5B behind llama.cpp, and the accepted rewrites replace
them for the epochs after). Reported, per arm: held-out accuracy at every epoch and at the last, over
`--seeds` training seeds (mean and SD: the training noise); NS-LoRA − LoRA with a paired-bootstrap 95% CI
over (seed, held-out item) pairs, and whether it exceeds the seed spread; and, for NS-LoRA, the editor's
yield per question sent (unchanged, failed, rejected, accepted, accepted *and fixed*: the teacher answered
the accepted rewrite correctly), the fix rate, and the cost per fixed rewrite (calls, tokens, dollars at a
GPT-4o price). Writes benchmarks/results/loop.json and loop.png.

Resumable across machines: each finished run is written into loop.json at once (per-item verdicts
included) and skipped on the next start; an interrupted run is resumed from its checkpoint in `--work`.
Runs go seed by seed, both arms of a seed together, so a partial result compares like with like.

    python benchmarks/bench_loop.py                    # 6 runs, ~15-30 min each on 2 cores
    python benchmarks/bench_loop.py --teacher smollm2-135m --editor smollm2-135m --limit 8 --eval-size 4 \\
        --out /tmp/loop.json                       # the plumbing only, in minutes
"""

from __future__ import annotations

import argparse
import io
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import remake  # noqa: E402
from remake.data.rundir import open_run  # noqa: E402
from remake.files import atomic_write_bytes, read_json, read_jsonl, write_json  # noqa: E402
from remake.transfer.report import paired_bootstrap  # noqa: E402

RESULTS = ROOT / "benchmarks" / "results"
ARMS = {"none": "LoRA alone", "loss-ratio": "NS-LoRA"}
GPT_4O = (2.50, 10.00)  # USD per 1M tokens in, out: the paper's editor, for the cost per fixed rewrite
OUTCOMES = ("unchanged", "failed", "budget", "rejected", "accepted_still_wrong", "accepted_fixed")


def harvest_config(args: argparse.Namespace, arm: str, seed: int, run_dir: Path) -> remake.HarvestConfig:
    """Both arms alike but for the criterion. With no warm-up and `symbolic_every` 2, the one symbolic phase
    follows epoch 2 (the plateau test always passes: tol 1), and epoch 3 trains on its accepted rewrites."""
    return remake.HarvestConfig(
        data=remake.DataConfig("gsm-symbolic"), teacher_model=args.teacher, criterion=arm,
        limit=args.limit, epochs=args.epochs, k=args.k, p=args.p, warmup_epochs=0, symbolic_every=2,
        saturation_tol=1.0, max_scan_fraction=1.0, eval_size=args.eval_size, lr=args.lr, batch_size=args.batch_size,
        max_length=args.max_length, max_new_tokens=args.tokens, seed=seed, run_dir=run_dir, release=False,
        editor=remake.EditorConfig(model=args.editor, max_iterations=1, max_calls=args.editor_calls))


def run_one(args: argparse.Namespace, arm: str, seed: int) -> dict:
    """Run (or resume) one harvest and read back what the benchmark reports of it."""
    run_dir = args.work / f"{arm}-seed{seed}"
    started = time.monotonic()
    if (run_dir / "editor_usage.json").is_file():
        print(f"{arm} seed {seed}: finished earlier, kept ({run_dir})", flush=True)
    else:
        result = remake.resume(run_dir) if (run_dir / "config.json").is_file() else \
            remake.run_harvest(harvest_config(args, arm, seed, run_dir))
        if not result.finished:
            raise SystemExit(f"harvest interrupted: run the benchmark again to resume {run_dir}")
    return collect(open_run(run_dir), arm, seed, time.monotonic() - started)


def collect(run, arm: str, seed: int, wall_s: float) -> dict:
    metrics = run.epoch_rows()
    heldout = read_jsonl(run.heldout)
    last = metrics[-1]["epoch"]
    outcome = Counter()
    for row in read_jsonl(run.rewrites) if run.rewrites.is_file() else []:
        if row["status"] == "accepted":
            outcome["accepted_fixed" if row["teacher_correct_after"] else "accepted_still_wrong"] += 1
        elif row["status"] == "rejected":
            outcome["rejected"] += 1
        else:  # failed: the editor returned the question unchanged, failed, or hit its call cap
            outcome[row["editor_status"] if row["editor_status"] in OUTCOMES else "failed"] += 1
    usage = read_json(run.editor_usage)
    return {
        "arm": arm, "seed": seed,
        "heldout_by_epoch": [m["heldout_accuracy"] for m in metrics],
        "final_accuracy": metrics[-1]["heldout_accuracy"],
        "final_correct": {row["sample_id"]: bool(row["correct"]) for row in heldout if row["epoch"] == last},
        "mean_loss_by_epoch": [round(m["mean_loss"], 4) for m in metrics],
        "symbolic": [{"epoch": m["epoch"], "scanned": m.get("scanned"), "wrong_found": m.get("wrong_found"),
                      "sent": m["rewrites_tried"], "accepted": m["rewrites_accepted"]}
                     for m in metrics if m.get("rewrites_tried")],
        "outcomes": {key: outcome[key] for key in OUTCOMES},
        "editor": {key: usage.get(key, 0) for key in ("calls", "tokens_in", "tokens_out", "latency_s")},
        "phase_seconds": {phase: round(sum(m["phase_seconds"].get(phase, 0.0) for m in metrics), 1)
                          for phase in sorted({p for m in metrics for p in m["phase_seconds"]})},
        "wall_s": round(wall_s, 1),
    }


def summarise(args: argparse.Namespace, runs: dict[str, dict]) -> dict:
    arms = {}
    for arm, label in ARMS.items():
        mine = [run for run in runs.values() if run["arm"] == arm]
        finals = [run["final_accuracy"] for run in mine]
        arms[arm] = {"label": label, "seeds": [run["seed"] for run in mine], "final_by_seed": finals,
                     "mean": statistics.mean(finals) if finals else None,
                     "sd": statistics.stdev(finals) if len(finals) > 1 else None}
    both = sorted(set(arms["none"]["seeds"]) & set(arms["loss-ratio"]["seeds"]))
    comparison = None
    if both:  # pooled over the seeds both arms ran: each (seed, item) is one paired draw
        pairs = [(seed, item) for seed in both for item in sorted(runs[f"none-seed{seed}"]["final_correct"])]
        correct = {arm: [runs[f"{arm}-seed{seed}"]["final_correct"][item] for seed, item in pairs] for arm in ARMS}
        boot = paired_bootstrap(correct, args.resamples, 0, (("loss-ratio", "none"),))
        difference = boot["differences"]["loss-ratio-none"]
        per_seed = [runs[f"loss-ratio-seed{s}"]["final_accuracy"] - runs[f"none-seed{s}"]["final_accuracy"] for s in both]
        spread = arms["none"]["sd"]
        comparison = {"seeds": both, "pairs": len(pairs), "delta_by_seed": per_seed, **difference,
                      "lora_seed_sd": spread,
                      "exceeds_seed_spread": bool(spread) and abs(difference["delta"]) > 2 * spread}
    ns_runs = [run for run in runs.values() if run["arm"] == "loss-ratio"]
    totals = Counter()
    for run in ns_runs:
        totals.update(run["outcomes"])
        totals.update({f"editor_{key}": value for key, value in run["editor"].items()})
    sent = sum(totals[key] for key in OUTCOMES)
    fixed = totals["accepted_fixed"]
    dollars = (totals["editor_tokens_in"] * GPT_4O[0] + totals["editor_tokens_out"] * GPT_4O[1]) / 1e6
    yield_ = {"sent": sent, **{key: totals[key] for key in OUTCOMES},
              "accepted": totals["accepted_fixed"] + totals["accepted_still_wrong"],
              "fix_rate": fixed / sent if sent else None,
              "editor_calls": totals["editor_calls"], "editor_tokens_in": totals["editor_tokens_in"],
              "editor_tokens_out": totals["editor_tokens_out"],
              "editor_minutes": round(totals["editor_latency_s"] / 60, 1),
              "cost_at_gpt4o_usd": round(dollars, 4),
              "per_fixed_rewrite": {"calls": round(totals["editor_calls"] / fixed, 1),
                                    "tokens": round((totals["editor_tokens_in"] + totals["editor_tokens_out"]) / fixed),
                                    "usd_at_gpt4o": round(dollars / fixed, 4)} if fixed else None}
    return {"arms": arms, "ns_lora_minus_lora": comparison, "editor_yield": yield_}


def write_chart(runs: dict[str, dict], teacher: str, path: Path) -> None:
    """Held-out accuracy by epoch, one line per run, coloured by arm."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    colours = {"none": "#5b8db8", "loss-ratio": "#d9822b"}
    dashes = {"none": "-", "loss-ratio": "--"}  # where no rewrite was accepted the arms coincide: both stay visible
    figure, axis = plt.subplots(figsize=(5.5, 3.6), dpi=100)
    for run in runs.values():
        epochs = range(1, len(run["heldout_by_epoch"]) + 1)
        axis.plot(epochs, run["heldout_by_epoch"], marker="o", color=colours[run["arm"]], alpha=0.7,
                  linestyle=dashes[run["arm"]],
                  label=f"{ARMS[run['arm']]} (seed {run['seed']})")
    axis.set_xticks(range(1, max(len(run["heldout_by_epoch"]) for run in runs.values()) + 1))
    axis.set_xlabel("epoch")
    axis.set_ylabel("held-out accuracy (%)")
    axis.set_ylim(0, 100)
    axis.set_title(f"teacher {teacher} on gsm-symbolic: LoRA alone vs NS-LoRA", fontsize=9)
    axis.grid(alpha=0.3)
    axis.legend(fontsize=7)
    figure.tight_layout()
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    plt.close(figure)
    atomic_write_bytes(path, buffer.getvalue())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--work", type=Path, default=ROOT / "benchmarks" / "work" / "loop")
    parser.add_argument("--out", type=Path, default=RESULTS / "loop.json")
    parser.add_argument("--teacher", default="qwen2.5-coder-1.5b")
    parser.add_argument("--editor", default="qwen2.5-coder-1.5b", help="also the filters' judge and solver")
    parser.add_argument("--seeds", type=int, nargs="+", default=[0, 1, 2])
    parser.add_argument("--limit", type=int, default=16, help="training rows")
    parser.add_argument("--epochs", type=int, default=3)
    parser.add_argument("--eval-size", type=int, default=16, help="held-out test items scored each epoch")
    parser.add_argument("--batch-size", type=int, default=4)
    parser.add_argument("--max-length", type=int, default=160, help="training sequence length")
    parser.add_argument("--tokens", type=int, default=160, help="the teacher's max new tokens")
    parser.add_argument("--lr", type=float, default=1e-4)
    parser.add_argument("--k", type=float, default=10.0, help="loss-ratio threshold (10: every sample a candidate)")
    parser.add_argument("--p", type=float, default=0.5, help="share of the wrong questions sent to the editor")
    parser.add_argument("--editor-calls", type=int, default=24, help="editor call cap per run")
    parser.add_argument("--resamples", type=int, default=10_000)
    args = parser.parse_args()
    args.work = args.work.resolve()
    settings = {key: value for key, value in vars(args).items() if key not in ("work", "out", "seeds", "resamples")}
    saved = read_json(args.out) if args.out.is_file() else {}
    if saved and saved.get("settings") != settings:
        raise SystemExit(f"{args.out} holds runs made with other settings ({saved.get('settings')}): "
                         "give --out another file or the same settings")
    runs = saved.get("runs", {})
    print(f"{2 * len(args.seeds)} harvests (teacher {args.teacher}, editor {args.editor}): {args.limit} rows, "
          f"{args.epochs} epochs, {args.eval_size} held-out items per epoch; NS-LoRA runs make at most "
          f"{args.editor_calls} editor calls each, plus the filters' judge and solver calls", flush=True)
    for seed in args.seeds:
        for arm in ARMS:
            key = f"{arm}-seed{seed}"
            if key in runs:
                continue
            runs[key] = run_one(args, arm, seed)
            write_json(args.out, {"what": __doc__.split("\n\n")[0].replace("\n", " "), "settings": settings,
                                  "runs": runs, "summary": summarise(args, runs)})
            write_chart(runs, args.teacher, args.out.with_suffix(".png"))  # so that a stopped run leaves one too
            print(f"{key}: held-out by epoch {runs[key]['heldout_by_epoch']}, outcomes {runs[key]['outcomes']}",
                  flush=True)
    write_chart(runs, args.teacher, args.out.with_suffix(".png"))  # all runs recorded: the chart again
    summary = summarise(args, runs)
    for arm in summary["arms"].values():
        print(f"{arm['label']:<12} final held-out by seed {arm['final_by_seed']}  mean {arm['mean']}  SD {arm['sd']}")
    print("NS-LoRA − LoRA:", summary["ns_lora_minus_lora"])
    print("editor yield:", summary["editor_yield"])
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
