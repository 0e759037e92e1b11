"""Release cost at a realistic size: a gsm-symbolic run of N training rows (default 1000, the recipe's
size) with 10% of them remade, released, re-released (finds the same content hash), and loaded back with
datasets.load_dataset. Writes benchmarks/results/release.json.

    python benchmarks/bench_release.py [--train 1000]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests" / "support")]

from sample_run import CHECKS_OK, GUIDANCE, write_run  # noqa: E402

from remake.files import append_jsonl, write_json  # noqa: E402
from remake.release.build import read_manifest, release_run  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--train", type=int, default=1000)
    parser.add_argument("--test", type=int, default=200)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        run = write_run(Path(tmp) / "run", train=args.train, test=args.test)
        for sample in run.samples("train")[10::10]:  # 10% remade, on top of the helper's five attempts
            raw = sample.fields["question"]
            append_jsonl(run.rewrites, {"sample_id": sample.id, "epoch": 3, "criterion": "loss_ratio",
                                        "criterion_value": -0.01, "original_question": raw, "rewrite": raw + GUIDANCE,
                                        "iterations": 2, "editor_model": "gpt-4o-mini", "status": "accepted",
                                        "reason": "all filters passed", "checks": CHECKS_OK, "reasons": [],
                                        "teacher_answer_before": "3", "teacher_answer_after": sample.final,
                                        "teacher_correct_after": True, "calls": 4, "tokens_in": 800, "tokens_out": 120})
        out = Path(tmp) / "out"
        start = time.perf_counter()
        release = release_run(run.root, out)
        first = time.perf_counter() - start
        start = time.perf_counter()
        again = release_run(run.root, out)
        second = time.perf_counter() - start
        import datasets

        start = time.perf_counter()
        loaded = datasets.load_dataset(str(release), cache_dir=str(Path(tmp) / "cache"))
        load = time.perf_counter() - start
        manifest = read_manifest(release)
        result = {
            "train_rows": args.train, "test_rows": args.test, "remade": manifest["counts"]["remade"],
            "release_seconds": round(first, 3), "rerelease_seconds": round(second, 3),
            "rerelease_same_folder": again == release, "load_dataset_seconds": round(load, 3),
            "splits": {name: split.num_rows for name, split in loaded.items()},
            "file_bytes": {path: entry["bytes"] for path, entry in manifest["files"].items()},
            "card_bytes": (release / "README.md").stat().st_size,
        }
    write_json(ROOT / "benchmarks" / "results" / "release.json", result)
    print(result)


if __name__ == "__main__":
    main()
