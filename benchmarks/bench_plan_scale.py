"""How long a dry run takes at real dataset sizes: `remake gsm8k --data FILE --dry-run` on gsm8k-shaped JSON
Lines of 1,000, 10,000 and 100,000 rows, each in its own process; wall seconds, peak memory (max RSS) and
whether anything was written (the working folder and HF_HOME are compared before and after). Writes
benchmarks/results/plan_scale.json. Goal: 100,000 rows in under 10 s, nothing written.

    python benchmarks/bench_plan_scale.py [--sizes 1000,10000,100000]"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

OUT = Path(__file__).resolve().parent / "results" / "plan_scale.json"


def write_rows(path: Path, count: int) -> None:
    with open(path, "w", encoding="utf-8") as handle:
        for n in range(count):
            handle.write(json.dumps({"question": f"Tom has {n} apples and buys {n + 1} more. How many apples does "
                                                 f"he have now? (problem {n})",
                                     "answer": f"{n} + {n + 1} = {2 * n + 1}\n#### {2 * n + 1}"}) + "\n")


def listing(*roots: Path) -> set[str]:
    return {str(path) for root in roots for path in root.rglob("*")}


def timed_plan(data: Path, work: Path, env: dict[str, str]) -> dict:
    before = listing(work, Path(env["HF_HOME"]))
    out_file, err_file = work.parent / "plan.out", work.parent / "plan.err"
    start = time.perf_counter()
    with open(out_file, "w") as out, open(err_file, "w") as err:
        process = subprocess.Popen([sys.executable, "-m", "remake", "gsm8k", "--data", str(data), "--dry-run",
                                    "--json"], cwd=work, env=env, stdout=out, stderr=err)
        _, status, usage = os.wait4(process.pid, 0)  # this child's own peak memory
    seconds = time.perf_counter() - start
    assert os.waitstatus_to_exitcode(status) == 0, err_file.read_text()[-2000:]
    planned = json.loads(out_file.read_text())
    return {"seconds": round(seconds, 2), "peak_rss_mib": round(usage.ru_maxrss / 1024, 1),
            "train_samples": planned["samples"], "lora_steps": planned["lora_steps"],
            "written": sorted(listing(work, Path(env["HF_HOME"])) - before)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000,100000")
    args = parser.parse_args()
    results = {}
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        work, hf_home = root / "work", root / "hf"
        work.mkdir()
        hf_home.mkdir()
        env = {**os.environ, "HF_HOME": str(hf_home), "HF_HUB_OFFLINE": "1"}
        for size in (int(value) for value in args.sizes.split(",")):
            data = root / f"gsm8k-{size}.jsonl"
            write_rows(data, size)
            results[str(size)] = {"file_mib": round(data.stat().st_size / 2**20, 1), **timed_plan(data, work, env)}
            print(f"{size:>7} rows: {results[str(size)]}", flush=True)
    OUT.write_text(json.dumps({"goal": "100,000 rows in < 10 s, nothing written", "cpu_count": os.cpu_count(),
                               "load_average_after": [round(v, 2) for v in os.getloadavg()], "rows": results},
                              indent=2) + "\n")
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
