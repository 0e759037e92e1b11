"""The numerical phase on the real embedded model: per-sample losses come from the training forward
pass and equal each sample's own loss; C2 is a real gradient norm; checkpoints restore exactly."""

from __future__ import annotations

import pytest
import torch

from remake.data.recipe import load_recipe
from remake.data.samples import load_samples
from remake.harvest import checkpoint
from remake.harvest.numerical import LoraSettings, NumericalTrainer, attach_lora, collate, per_sample_loss
from remake.models.registry import load_model


@pytest.fixture(scope="module")
def trainer() -> NumericalTrainer:
    recipe = load_recipe("gsm-symbolic")
    samples = load_samples(recipe, "train", limit=6)
    torch.manual_seed(0)
    model, tokenizer, _ = load_model("smollm2-135m")
    settings = LoraSettings(r=4, alpha=8, dropout=0.0, lr=1e-4, batch_size=3)
    return NumericalTrainer(attach_lora(model, settings), tokenizer, settings, 64, seed=0, samples=samples)


def test_per_sample_loss_is_independent_of_padding(trainer: NumericalTrainer) -> None:
    examples = trainer._examples[:3]
    pad = trainer.tokenizer.pad_token_id
    trainer.model.eval()
    with torch.no_grad():
        together = per_sample_loss(trainer.model, collate(examples, pad, "cpu"))
        alone = torch.cat([per_sample_loss(trainer.model, collate([e], pad, "cpu")) for e in examples])
    assert torch.allclose(together, alone, atol=1e-4)
    assert all(sum(label != -100 for label in e["labels"]) > 0 for e in examples)


def test_epoch_records_every_sample_and_keeps_the_plan(trainer: NumericalTrainer) -> None:
    plan = [list(batch) for batch in trainer.plan]
    first = trainer.run_epoch()
    assert first is not None and set(first.losses) == {s.id for s in trainer.samples}
    trainer.set_samples(trainer.samples)  # rebuilding examples (after rewrites) keeps the plan
    second = trainer.run_epoch()
    assert trainer.plan == plan
    assert second is not None and second.mean_loss < first.mean_loss  # lr 1e-4 on 6 samples: it learns
    stopped = trainer.run_epoch(should_stop=lambda: True)
    assert stopped is None


def test_grad_norms_only_for_requested_samples(trainer: NumericalTrainer) -> None:
    ids = [trainer.samples[0].id, trainer.samples[1].id]
    norms = trainer.grad_norms(ids)
    assert set(norms) == set(ids) and all(value > 0 for value in norms.values())
    assert norms[ids[0]] != norms[ids[1]]
    assert trainer.grad_norms(ids) == pytest.approx(norms)


def test_checkpoint_round_trip_restores_adapter_optimizer_and_rng(trainer: NumericalTrainer, tmp_path) -> None:
    state = checkpoint.LoopState(epoch=2, plan=trainer.plan, questions={"a": "q"}, system=None,
                                 previous_losses={"a": 1.0}, mean_losses=[2.0, 1.5])
    checkpoint.save(tmp_path / "state", trainer.model, trainer.optimizer, state)
    before = {n: p.detach().clone() for n, p in trainer.model.named_parameters() if p.requires_grad}
    expected_draw = torch.rand(3)
    trainer.run_epoch()  # moves weights, optimizer state and the RNG
    restored = checkpoint.load(checkpoint.latest(tmp_path / "state"), trainer.model, trainer.optimizer)
    assert restored == state
    for name, param in trainer.model.named_parameters():
        if param.requires_grad:
            assert torch.equal(param.detach(), before[name]), name
    assert torch.equal(torch.rand(3), expected_draw)
