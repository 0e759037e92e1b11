"""One rank of the 2-process test in test_distributed.py (run by torchrun), or the 1-process
reference when started without torchrun: two epochs of the numerical phase on the embedded model,
the per-sample losses and gradient norms written to OUT.json and the trained adapter to OUT.pt (by
rank 0 only)."""

from __future__ import annotations

import json
import sys

import torch

from remake.data.recipe import load_recipe
from remake.data.samples import load_samples
from remake.harvest.distributed import DistributedTrainer, ranks_from_env, setup
from remake.harvest.numerical import LoraSettings, NumericalTrainer, attach_lora
from remake.models.registry import load_model

SETTINGS = LoraSettings(r=4, alpha=8, dropout=0.0, lr=1e-3, batch_size=4)  # 5 samples: batches of 4 and 1


def main(out: str) -> None:
    torch.set_num_threads(1)
    ranks = ranks_from_env()
    setup(ranks)
    samples = load_samples(load_recipe("gsm-symbolic"), "train", limit=5)
    model, tokenizer, _ = load_model("smollm2-135m", device="cpu")
    torch.manual_seed(0)  # the same LoRA initialisation in both runs (DDP copies rank 0's anyway)
    model = attach_lora(model, SETTINGS)
    kind = DistributedTrainer if ranks.world > 1 else NumericalTrainer
    trainer = kind(model, tokenizer, SETTINGS, 48, seed=0, samples=samples)
    epochs = [trainer.run_epoch() for _ in range(2)]
    if ranks.main:
        with open(out, "w", encoding="utf-8") as handle:
            json.dump({"world": ranks.world, "plan": trainer.plan, "wrapped": type(trainer.prepared).__name__
                       if ranks.world > 1 else None,
                       "epochs": [{"losses": e.losses, "grad_norm": e.grad_norm, "steps": e.steps} for e in epochs]},
                      handle)
        adapter = {name: value.detach().clone() for name, value in model.named_parameters() if "lora_" in name}
        torch.save(adapter, out.replace(".json", ".pt"))


if __name__ == "__main__":
    main(sys.argv[1])
