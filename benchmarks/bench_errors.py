"""How fast bad input is refused: each command is a real `remake` subprocess that must exit 2 with one
line on stderr; the wall time of each (best of 3) goes to benchmarks/results/errors.json. The goal is
under 2 s for a harvest's input errors: torch, transformers and textgrad load only after validation."""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "benchmarks" / "results" / "errors.json"


def cases(work: Path) -> dict[str, list[str]]:
    empty, bad = work / "empty.jsonl", work / "bad.jsonl"
    empty.write_text("")
    bad.write_text('{"question": "q", "answer": "#### 1"}\n{"question": \n')
    return {
        "option out of range (--lora-r 0)": ["gsm-symbolic", "--lora-r", "0"],
        "negative length (--max-length -5)": ["gsm-symbolic", "--max-length", "-5"],
        "missing recipe file": ["nope.yaml"],
        "unknown recipe": ["nope"],
        "empty --data file": ["gsm8k", "--data", str(empty), "--run-dir", str(work / "run")],
        "bad JSONL line in --data": ["gsm8k", "--data", str(bad), "--run-dir", str(work / "run")],
        "resume of a folder that is no run": ["--resume", str(work)],
    }


def main() -> None:
    results = {}
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        for name, argv in cases(work).items():
            times = []
            for _ in range(3):
                start = time.perf_counter()
                done = subprocess.run([sys.executable, "-m", "remake", *argv], capture_output=True, text=True, cwd=work)
                times.append(time.perf_counter() - start)
                lines = done.stderr.strip().splitlines()
                assert done.returncode == 2 and len(lines) == 1, (name, done.stderr)
            results[name] = {"seconds": round(min(times), 3), "message": lines[0]}
            print(f"{min(times):6.2f} s  {name}: {lines[0]}")
    OUT.write_text(json.dumps({"goal_seconds": 2.0, "cases": results}, indent=2) + "\n")
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
