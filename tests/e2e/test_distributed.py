"""The numerical phase on 2 processes (accelerate's data parallelism over gloo, on CPU) equals 1 process:
same global batches, the same per-sample losses (hence the same loss-ratio criterion), gradient norms and
trained adapter, gathered on rank 0."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import torch

from remake.harvest.criteria import loss_ratios

WORKER = Path(__file__).resolve().parents[1] / "support" / "distributed_worker.py"


def run(tmp_path: Path, processes: int) -> tuple[dict, dict]:
    out = tmp_path / f"world{processes}.json"
    launcher = ([sys.executable, "-m", "torch.distributed.run", "--nproc_per_node", str(processes),
                 "--standalone"] if processes > 1 else [sys.executable])
    env = {**os.environ, "OMP_NUM_THREADS": "1"}
    result = subprocess.run([*launcher, str(WORKER), str(out)], env=env, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(out.read_text()), torch.load(out.with_suffix(".pt"))


@pytest.mark.slow
def test_two_gloo_processes_match_one(tmp_path):
    (single, adapter_one), (double, adapter_two) = run(tmp_path, 1), run(tmp_path, 2)
    assert double["world"] == 2 and double["plan"] == single["plan"]
    assert double["wrapped"] == "DistributedDataParallel"  # accelerate prepared it
    assert [len(batch) for batch in single["plan"]] == [4, 1] or [len(b) for b in single["plan"]] == [1, 4]
    for one, two in zip(single["epochs"], double["epochs"]):
        assert set(two["losses"]) == set(one["losses"]) and len(one["losses"]) == 5
        for sid, loss in one["losses"].items():
            assert two["losses"][sid] == pytest.approx(loss, abs=1e-4)
        assert two["grad_norm"] == pytest.approx(one["grad_norm"], rel=1e-4)
        assert two["steps"] == one["steps"] == 2
    first, second = (e["losses"] for e in single["epochs"])
    assert any(abs(r) > 1e-3 for r in loss_ratios(second, first).values())  # it trained: the check has teeth
    ratios_one = loss_ratios(second, first)
    ratios_two = loss_ratios(double["epochs"][1]["losses"], double["epochs"][0]["losses"])
    assert ratios_two == pytest.approx(ratios_one, abs=1e-4)
    assert set(adapter_two) == set(adapter_one) and len(adapter_one) > 0
    # Adam divides each gradient by its own running scale, so the all-reduce's summation order shows as up to
    # ~1e-4 on entries whose gradient is near 0; an entry moves up to lr × steps = 2e-3 here
    for name, value in adapter_one.items():
        assert torch.allclose(adapter_two[name], value, atol=2e-4), name
    assert any(float(value.abs().sum()) > 0 for name, value in adapter_one.items() if "lora_B" in name)  # it moved
