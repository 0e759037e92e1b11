"""The reward classifier on real harvests: train on some run directories, then on a held-out run (other
questions) measure pair accuracy and the agreement of its top-p routing with C1's, next to two baselines
(question length, and chance). Optionally summarises a `--criterion reward` harvest (criterion rows logged,
rewrites tried / accepted). Writes benchmarks/results/reward.json.

    python benchmarks/bench_reward.py --train RUN_A RUN_B --heldout RUN_C [--reward-run RUN_D] [--p 0.1]

The harvests behind the recorded figures (LoRA-only, so every sample has 3 loss ratios; 1 torch thread):
    remake gsm-symbolic --teacher-model smollm2-135m --demo --criterion none --epochs 4 --no-release --run-dir RUN_A --seed 0
    remake gsm-symbolic ... same ... --run-dir RUN_B --seed 1
    remake RECIPE_SEED7.yaml ... same ... --run-dir RUN_C   (gsm-symbolic with source seed 7: other questions)
A `--criterion reward` run to summarise:
    remake gsm-symbolic --teacher-model smollm2-135m --demo --criterion reward --reward-model MODEL --run-dir RUN_D
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT)]

from remake.data.rundir import open_run  # noqa: E402
from remake.files import iter_jsonl, write_json  # noqa: E402
from remake.reward.model import TrainSettings, evaluate, pair_accuracy, train  # noqa: E402
from remake.reward.pairs import PairSettings, build_pairs, load_observations, top_p_agreement  # noqa: E402


def length_baseline(run_dir: str, p: float, settings: PairSettings) -> dict:
    """Score = minus the question's length (shorter = more symbolic) and its mirror; the better of the two is
    what a trivial text feature gets."""
    obs = load_observations([run_dir])
    pairs = build_pairs(obs, settings)
    figures = {}
    for sign, name in ((-1, "shorter_first"), (1, "longer_first")):
        scores = [sign * len(o.question) for o in obs]
        figures[name] = {"pair_accuracy": pair_accuracy(scores, pairs), **top_p_agreement(obs, scores, p)}
    return figures


def reward_run_summary(run_dir: str) -> dict:
    run = open_run(run_dir)
    metrics = list(iter_jsonl(run.metrics))
    rows = list(iter_jsonl(run.criteria))
    statuses = Counter(row["status"] for row in run.rewrite_rows())
    return {"run": run_dir, "epochs": len(metrics), "criterion": sorted({m["criterion"] for m in metrics}),
            "criteria_rows": len(rows), "rows_with_reward_value": sum(r["value"] is not None for r in rows),
            "rewrites": dict(statuses), "heldout_accuracy": [m["heldout_accuracy"] for m in metrics],
            "finished": (run.root / "adapter").is_dir()}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--train", nargs="+", required=True, help="harvest run directories to train on")
    parser.add_argument("--heldout", required=True, help="a harvest run directory over other questions")
    parser.add_argument("--reward-run", help="a harvest run with --criterion reward, summarised")
    parser.add_argument("--p", type=float, default=0.1)
    parser.add_argument("--model-out", type=Path, help="keep the trained model here (default: a temporary folder)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        out = args.model_out or Path(tmp) / "reward"
        start = time.perf_counter()
        report = train(args.train, out, TrainSettings(), PairSettings()).report
        seconds = time.perf_counter() - start
        heldout = {f"p={p:g}": evaluate(out, args.heldout, p) for p in sorted({args.p, 0.25})}
    result = {
        "train_runs": args.train, "heldout_run": args.heldout, "train_seconds": round(seconds, 2),
        "data": report["data"], "train_pair_accuracy": report["train_pair_accuracy"],
        "validation_pair_accuracy": report["validation_pair_accuracy"],
        "heldout": {key: {name: value[name] for name in ("heldout_pairs", "unseen_questions", "pair_accuracy",
                                                          "agreement", "chance_agreement", "stages")}
                    for key, value in heldout.items()},
        "baselines": {"chance_pair_accuracy": 0.5,
                      "question_length": length_baseline(args.heldout, args.p, PairSettings())},
    }
    if args.reward_run:
        result["reward_harvest"] = reward_run_summary(args.reward_run)
    write_json(ROOT / "benchmarks" / "results" / "reward.json", result)
    print(result)


if __name__ == "__main__":
    main()
