"""Transfer benchmark: the whole chain on the embedded models, offline on CPU. A gsm-symbolic harvest
(teacher smollm2-135m, the offline editor qwen2.5-coder-1.5b behind llama.cpp, the default filter chain)
makes real rewrites; its run is released twice, `--mix replace` and `--mix augment`; `remake transfer`
LoRA-fine-tunes a student that is not the teacher on each, with one seed and identical settings. Arms:

    pretrained  the student as shipped (the floor)
    original    trained on the original questions of the release's rows (the baseline arm)
    replace     trained on the replace release (accepted rewrites in place of their questions)
    augment     trained on the augment release (the original rows plus each accepted rewrite as a row)

All four are scored on the same test items; accuracies and the differences between arms get paired-
bootstrap 95% CIs (resampling test items, every arm on the same draw). The smallest difference this
scale can detect is estimated from the measured rate of discordant items. The original arm is also
trained with `--seeds` - 1 more seeds (LoRA initialisation, batch order and dropout): the spread of its
accuracy over seeds is training noise the item bootstrap does not see, and `seed_spread` says whether
replace − original and augment − original exceed it (|difference from the seeds' mean| > 2 SD). Writes
benchmarks/results/transfer.json and transfer.png.

Resumable, step by step (work folder `--work`, default benchmarks/work/transfer): a finished harvest,
release or arm is kept. Both transfers share the pre-trained and original arms: the second one's are
copied from the first after checking that it would train on the very same questions (same SHA-256).

    python benchmarks/bench_transfer.py                      # ~90 min on 2 cores (AVX512-BF16)
    python benchmarks/bench_transfer.py --limit 32 --test 16  # a quick look
"""

from __future__ import annotations

import argparse
import math
import shutil
import statistics
import sys
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import remake  # noqa: E402
from remake.data.rundir import open_run  # noqa: E402
from remake.files import read_json, read_jsonl, write_json  # noqa: E402
from remake.release.build import read_manifest  # noqa: E402
from remake.transfer.report import paired_bootstrap, write_chart  # noqa: E402
from remake.transfer.run import Student, Transfer, open_release, questions_hash, train_samples  # noqa: E402

RESULTS = ROOT / "benchmarks" / "results"
ARMS = {"pretrained": "pre-trained", "original": "original", "replace": "replace", "augment": "augment"}
COMPARISONS = (("replace", "original"), ("augment", "original"), ("augment", "replace"),
               ("original", "pretrained"))
METRICS = {"math_verify": "correct_math", "flexible_extract": "correct_flexible", "strict_match": "correct_strict"}


def harvest_config(args: argparse.Namespace, run_dir: Path) -> remake.HarvestConfig:
    """Sized so that one symbolic phase sends ~p·N wrong questions to the editor: every sample is a
    loss-ratio candidate (k), the whole set may be scanned, and epoch 2 is always saturated (tol)."""
    return remake.HarvestConfig(
        data=remake.DataConfig("gsm-symbolic"), teacher_model="smollm2-135m", limit=args.limit, epochs=2,
        k=1.0, p=args.p, max_scan_fraction=1.0, saturation_tol=1.0, eval_size=args.eval_size, lr=1e-4,
        max_new_tokens=args.teacher_tokens, seed=args.seed, run_dir=run_dir, release=False,
        editor=remake.EditorConfig(model="qwen2.5-coder-1.5b", max_iterations=1))


def run_harvest(args: argparse.Namespace, run_dir: Path) -> dict[str, float]:
    """Run (or resume, or keep) the harvest; the seconds of each phase, summed over its epochs."""
    if (run_dir / "editor_usage.json").is_file():
        print(f"harvest: finished earlier, kept ({run_dir})", flush=True)
    elif (run_dir / "config.json").is_file():
        result = remake.resume(run_dir)
    else:
        result = remake.run_harvest(harvest_config(args, run_dir))
    if not (run_dir / "editor_usage.json").is_file() and not result.finished:
        raise SystemExit(f"harvest interrupted: run the benchmark again to resume {run_dir}")
    phases: dict[str, float] = {}
    for epoch in read_jsonl(open_run(run_dir).metrics):
        for phase, seconds in epoch["phase_seconds"].items():
            phases[phase] = phases.get(phase, 0.0) + seconds
    return {"harvest": sum(phases.values()), **{f"harvest_{phase}": value for phase, value in phases.items()}}


def transfer_config(args: argparse.Namespace, out: Path) -> remake.TransferConfig:
    return remake.TransferConfig(student=args.student, epochs=args.epochs, lr=args.lr, batch_size=args.batch_size,
                                 limit_test=args.test, max_new_tokens=args.student_tokens, seed=args.seed,
                                 dtype=args.dtype, out=out)


def share_arms(first: Path, second: Path, release: Path) -> None:
    """Copy the pre-trained and original arms of the replace transfer into the augment one, after checking
    that the augment release's baseline arm would train on exactly the questions the first one did."""
    trained = read_json(first / "arms" / "baseline" / "training.json")["question_sha256"]
    would = questions_hash(train_samples(open_release(str(release)), "baseline", None))
    if trained != would:
        raise SystemExit(f"the two releases' original rows differ ({trained[:12]} vs {would[:12]}): not sharing arms")
    for arm in ("pretrained", "baseline"):
        target = second / "arms" / arm
        if not target.exists():
            shutil.copytree(first / "arms" / arm, target)


def train_other_seeds(args: argparse.Namespace, release: Path) -> dict[int, Path]:
    """The original arm trained and scored again with each further seed, in a folder of its own; the
    folders by seed."""
    student = Student(args.student, dtype=args.dtype)  # loaded once for every seed
    folders = {}
    for seed in range(args.seed + 1, args.seed + args.seeds):
        out = args.work / f"transfer-original-n{args.test}-e{args.epochs}-seed{seed}"
        settings = replace(transfer_config(args, out), seed=seed)
        folders[seed] = Transfer(open_release(str(release)), settings, out, student).run_arm("baseline").parent.parent
    return folders


def seed_spread(args: argparse.Namespace, first: Path, others: dict[int, Path], accuracy: dict[str, float]) -> dict:
    """The original arm's accuracy per training seed, its mean and SD, and whether each remade arm's
    difference from that mean exceeds twice the SD (training noise, which the item bootstrap leaves out)."""
    correct = {args.seed: verdicts(first, "baseline", "correct_math")}
    correct |= {seed: verdicts(folder, "baseline", "correct_math") for seed, folder in others.items()}
    per_seed = {str(seed): 100.0 * sum(values) / len(values) for seed, values in correct.items()}
    mean = statistics.mean(per_seed.values())
    sd = statistics.stdev(per_seed.values()) if len(per_seed) > 1 else 0.0
    return {"metric": "math_verify", "original_by_seed": per_seed, "mean": mean, "sd": sd,
            "range": [min(per_seed.values()), max(per_seed.values())],
            "comparisons": {arm: {"delta_from_seed_mean": accuracy[arm] - mean,
                                  "exceeds_seed_spread": len(per_seed) > 1 and abs(accuracy[arm] - mean) > 2 * sd}
                            for arm in ("replace", "augment")}}


def verdicts(transfer_dir: Path, arm: str, column: str) -> list[bool]:
    return [bool(row[column]) for row in read_jsonl(transfer_dir / "arms" / arm / "eval" / "predictions.jsonl")]


def detectable_difference(a: list[bool], b: list[bool]) -> float:
    """Smallest true difference (points) a two-sided paired test at 5% finds with 80% power on these n
    items, from the observed share of discordant items (McNemar's normal approximation)."""
    n = len(a)
    discordant = max(sum(x != y for x, y in zip(a, b)) / n, 1 / n)
    return 100.0 * (1.96 + 0.84) * math.sqrt(discordant / n)


def summarise(args: argparse.Namespace, folders: dict[str, tuple[Path, str]], releases: dict[str, Path],
              seconds: dict[str, float]) -> dict:
    runs = {metric: {arm: verdicts(folder, source_arm, column) for arm, (folder, source_arm) in folders.items()}
            for metric, column in METRICS.items()}
    metrics = {}
    for metric, correct in runs.items():
        boot = paired_bootstrap(correct, args.resamples, args.seed, COMPARISONS)
        metrics[metric] = {
            "arms": {arm: {"label": ARMS[arm], "accuracy": 100.0 * sum(values) / len(values),
                           "correct": sum(values), "n": len(values), **boot["arms"][arm]}
                     for arm, values in correct.items()},
            "differences": {key: {**value, "detectable_at_80pct_power": detectable_difference(
                                *(correct[arm] for arm in key.split("-")))}
                            for key, value in boot["differences"].items()},
        }
    replace_dir, augment_dir = folders["replace"][0], folders["augment"][0]
    training = {arm: read_json(folder / "arms" / source_arm / "training.json")
                for arm, (folder, source_arm) in folders.items() if arm != "pretrained"}
    for arm, (folder, source_arm) in folders.items():  # as measured when each arm ran, also when resumed
        seconds[f"train_{arm}"] = training[arm]["seconds"] if arm in training else 0.0
        seconds[f"eval_{arm}"] = read_json(folder / "arms" / source_arm / "eval" / "summary.json")["seconds"]
    seconds["transfer"] = sum(value for key, value in seconds.items() if key.startswith(("train_", "eval_")))
    counts = {mix: read_manifest(folder)["counts"] for mix, folder in releases.items()}
    return {
        "what": "gsm-symbolic harvest on the embedded models, released replace and augment, transferred to a "
                "student that is not the teacher; paired bootstrap over test items",
        "teacher": "smollm2-135m", "editor": "qwen2.5-coder-1.5b (llama.cpp, offline)", "student": args.student,
        "harvest": {"limit": args.limit, "p": args.p, "epochs": 2, "editor_iterations": 1,
                    "release_counts": counts, "editor_usage": read_json(open_run(args.work / "run").editor_usage)},
        "transfer": {key: value for key, value in read_json(replace_dir / "report.json")["settings"].items()
                     if key not in ("out", "device", "revision")},
        "training": {arm: {key: record[key] for key in ("rows", "rows_remade", "questions_changed", "question_sha256",
                                                        "seconds", "epochs")}
                     for arm, record in training.items()},
        "n_test": len(runs["math_verify"]["pretrained"]), "seed": args.seed, "resamples": args.resamples,
        "primary_metric": "math_verify (the transfer report's accuracy)",
        "metrics": metrics, "seconds": {key: round(value, 1) for key, value in seconds.items()},
        "folders": {"replace": _shown(replace_dir), "augment": _shown(augment_dir)},
    }


def _shown(path: Path) -> str:
    return str(path.relative_to(ROOT)) if path.is_relative_to(ROOT) else str(path)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--work", type=Path, default=ROOT / "benchmarks" / "work" / "transfer")
    parser.add_argument("--limit", type=int, default=48, help="training rows of the harvest (and of the transfer)")
    parser.add_argument("--p", type=float, default=0.3, help="share of the wrong questions sent to the editor")
    parser.add_argument("--eval-size", type=int, default=16, help="held-out items the harvest scores per epoch")
    parser.add_argument("--teacher-tokens", type=int, default=128)
    parser.add_argument("--student", default="qwen2.5-coder-1.5b")
    parser.add_argument("--epochs", type=int, default=1, help="student LoRA epochs per arm")
    parser.add_argument("--lr", type=float, default=1e-4)
    parser.add_argument("--batch-size", type=int, default=4)
    parser.add_argument("--test", type=int, default=100, help="test items every arm is scored on")
    parser.add_argument("--student-tokens", type=int, default=256)
    parser.add_argument("--dtype", default="bfloat16", help="the student's weights (bf16: ~3.5x faster on AVX512-BF16)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--seeds", type=int, default=3, help="training seeds of the original arm (seed, seed+1, ...)")
    parser.add_argument("--resamples", type=int, default=10_000)
    args = parser.parse_args()
    args.work = args.work.resolve()
    seconds = run_harvest(args, args.work / "run")
    releases = {}
    for mix in ("replace", "augment"):
        releases[mix] = remake.make_release(args.work / "run", args.work / mix,
                                            remake.ReleaseConfig(name=f"gsm-symbolic-{mix}", mix=mix)).release_dir
    # named for the settings that change the arms' results: other sizes never meet a folder's config check
    first, second = (args.work / f"transfer-{mix}-n{args.test}-e{args.epochs}" for mix in ("replace", "augment"))
    remake.run_transfer(releases["replace"], transfer_config(args, first))
    share_arms(first, second, releases["augment"])
    remake.run_transfer(releases["augment"], transfer_config(args, second))
    folders = {"pretrained": (first, "pretrained"), "original": (first, "baseline"), "replace": (first, "remade"),
               "augment": (second, "remade")}
    others = train_other_seeds(args, releases["replace"])
    result = summarise(args, folders, releases, seconds)
    arms = result["metrics"]["math_verify"]["arms"]
    result["seed_spread"] = seed_spread(args, first, others, {arm: arms[arm]["accuracy"] for arm in arms})
    result["seconds"] |= {f"original_seed{seed}": round(read_json(folder / "arms" / "baseline" / "training.json")
                                                        ["seconds"] + read_json(folder / "arms" / "baseline" / "eval"
                                                                                / "summary.json")["seconds"], 1)
                          for seed, folder in others.items()}
    RESULTS.mkdir(parents=True, exist_ok=True)
    write_json(RESULTS / "transfer.json", result)
    primary = result["metrics"]["math_verify"]
    write_chart({"recipe": "gsm-symbolic", "student": {"name": args.student}, "n_test": result["n_test"],
                 "arms": primary["arms"]}, RESULTS / "transfer.png")
    for arm in primary["arms"].values():
        print(f"{arm['label']:<22}{arm['accuracy']:6.1f}%  [{arm['ci_low']:.1f}, {arm['ci_high']:.1f}]")
    for key, diff in primary["differences"].items():
        print(f"{key:<22}{diff['delta']:+6.1f}  [{diff['ci_low']:+.1f}, {diff['ci_high']:+.1f}]  "
              f"detectable ≥ {diff['detectable_at_80pct_power']:.1f} points")
    spread = result["seed_spread"]
    print(f"original over {len(spread['original_by_seed'])} seeds: {spread['mean']:.1f}% ± {spread['sd']:.1f} (SD)")
    for arm, comparison in spread["comparisons"].items():
        print(f"{arm} − seed mean{comparison['delta_from_seed_mean']:+6.1f}  "
              f"{'exceeds' if comparison['exceeds_seed_spread'] else 'within'} 2 SD of the seeds")
    print(RESULTS / "transfer.json")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
