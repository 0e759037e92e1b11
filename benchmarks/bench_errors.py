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


GOOD = [json.dumps({"question": f"Tom has {n} apples and buys {n + 1} more. How many apples does he have now?",
                    "answer": f"{n} + {n + 1} = {2 * n + 1}\n#### {2 * n + 1}"}) for n in range(1, 21)]
# line 5 of a 20-row gsm8k-shaped --data file, as issue #28 probed it (each is refused with the line)
FIFTH_LINES = {
    "null answer": '{"question": "What is 2 + 2?", "answer": null}',
    "list answer": '{"question": "What is 2 + 2?", "answer": ["4"]}',
    "empty answer": '{"question": "What is 2 + 2?", "answer": ""}',
    "missing answer": '{"question": "What is 2 + 2?"}',
    "missing question": '{"answer": "#### 4"}',
    "blank question": '{"question": "  ", "answer": "#### 4"}',
    "NaN answer": '{"question": "What is 2 + 2?", "answer": NaN}',
    "answer without the #### marker": '{"question": "What is 2 + 2?", "answer": "2 + 2 is 4."}',
    "lone surrogate": '{"question": "What \\ud800 is 2 + 2?", "answer": "#### 4"}',
}


def data_cases(work: Path) -> dict[str, list[str]]:
    found = {}
    for index, (name, fifth) in enumerate(FIFTH_LINES.items()):
        path = work / f"row{index}.jsonl"
        path.write_text("\n".join([*GOOD[:4], fifth, *GOOD[5:]]) + "\n", encoding="utf-8")
        found[f"--data row: {name} (--dry-run)"] = ["gsm8k", "--data", str(path), "--dry-run"]
        found[f"--data row: {name} (harvest)"] = ["gsm8k", "--data", str(path), "--run-dir", str(work / "run")]
    bad_byte = work / "bad.csv"
    bad_byte.write_bytes(b"question,answer\nTom has \xff3 apples,#### 3\n")
    found["--data CSV with a bad byte"] = ["gsm8k", "--data", str(bad_byte), "--dry-run"]
    return found


def edge_cases(work: Path) -> dict[str, list[str]]:
    """Issue #29's probes that need no finished run."""
    template = work / "template.yaml"
    template.write_text("name: odd\ndescription: d\nsource: {type: gsm_symbolic}\nprompt: {template: 'Q: {0}'}\n",
                        encoding="utf-8")
    damaged = work / "damaged-run"
    damaged.mkdir()
    (damaged / "config.json").write_text("[]", encoding="utf-8")
    (damaged / "data").mkdir()
    (damaged / "data" / "train.jsonl").write_text("{}\n", encoding="utf-8")
    (damaged / "metrics.jsonl").write_text('{"epoch": 1}\n', encoding="utf-8")
    pairs, empty_pairs, taken = work / "pairs.jsonl", work / "empty-pairs.jsonl", work / "taken"
    pairs.write_text('{"question": "Tom has 3 pens.", "answer": "3", "rewrite": "Tom owns 3 pens."}\n', encoding="utf-8")
    empty_pairs.write_text("", encoding="utf-8")
    taken.mkdir()
    return {
        "release name with a space": ["gsm-symbolic", "--name", "my name"],
        "--lr inf": ["gsm-symbolic", "--lr", "inf"],
        "--seed -1": ["gsm-symbolic", "--seed", "-1"],
        "--device tpu": ["gsm-symbolic", "--device", "tpu"],
        "base URL http://[::1": ["gsm-symbolic", "--editor-base-url", "http://[::1"],
        "prompt template {0}": [str(template), "--dry-run"],
        "config.json of the wrong shape (release)": ["release", str(damaged)],
        "config.json of the wrong shape (report)": ["report", str(damaged)],
        "filter check --out a folder": ["filter", "check", str(pairs), "--out", str(taken)],
        "filter check of a pairs file with no rows": ["filter", "check", str(empty_pairs)],
    }


def cases(work: Path) -> dict[str, list[str]]:
    empty, bad = work / "empty.jsonl", work / "bad.jsonl"
    empty.write_text("")
    bad.write_text('{"question": "q", "answer": "#### 1"}\n{"question": \n')
    return {**data_cases(work), **edge_cases(work),
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
