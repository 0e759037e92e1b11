"""Measured peak memory of LoRA steps on the embedded model, on CPU (run by test_memory.py in a fresh
process): the peak resident set (VmHWM, reset through /proc/self/clear_refs) above the resident set
before the model is loaded. MALLOC_MMAP_THRESHOLD_ (set by the caller) makes freed tensors leave it."""

from __future__ import annotations

import json
import sys

import peft  # noqa: F401  (imported before the baseline: code is not what is measured)
import torch
import transformers  # noqa: F401

from remake.harvest.numerical import Batch, LoraSettings, attach_lora, per_sample_loss
from remake.models.registry import load_model


def status(key: str) -> int:
    with open("/proc/self/status") as handle:
        return next(int(line.split()[1]) * 1024 for line in handle if line.startswith(key + ":"))


def main(batch: int, length: int, dropout: float, checkpointing: bool) -> None:
    torch.set_num_threads(1)
    base = status("VmRSS")
    with open("/proc/self/clear_refs", "w") as handle:
        handle.write("5")
    model, _, _ = load_model("smollm2-135m", device="cpu")
    model = attach_lora(model, LoraSettings(r=16, alpha=32, dropout=dropout, gradient_checkpointing=checkpointing))
    model.train()
    optimizer = torch.optim.AdamW([p for p in model.parameters() if p.requires_grad], lr=1e-4)
    ids = torch.randint(3, 40000, (batch, length), generator=torch.Generator().manual_seed(0))
    inputs = Batch(ids, torch.ones_like(ids), ids.clone())
    for _ in range(2):  # the second step has AdamW's moments
        loss = per_sample_loss(model, inputs).mean()
        optimizer.zero_grad(set_to_none=True)
        loss.backward()
        optimizer.step()
    print(json.dumps({"peak": status("VmHWM") - base}))


if __name__ == "__main__":
    main(int(sys.argv[1]), int(sys.argv[2]), float(sys.argv[3]), sys.argv[4] == "1")
