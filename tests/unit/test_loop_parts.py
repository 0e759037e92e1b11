"""The harvest loop's parts on their own: batch plan, criteria, saturation rule, candidate selection."""

from __future__ import annotations

import pytest

from remake.errors import RemakeError
from remake.harvest.criteria import (
    CriterionInputs,
    CriterionSettings,
    LossRatio,
    RandomCriterion,
    loss_ratios,
    make_criterion,
)
from remake.harvest.numerical import batch_plan
from remake.harvest.saturation import SaturationRule, decide
from remake.harvest.selection import select, target_size


def test_batch_plan_groups_lengths_and_is_fixed_by_seed() -> None:
    lengths = [5, 50, 6, 49, 7, 48, 8, 47]
    plan = batch_plan(lengths, batch_size=4, seed=3)
    assert plan == batch_plan(lengths, batch_size=4, seed=3)
    assert sorted(i for batch in plan for i in batch) == list(range(8))
    assert {frozenset(batch) for batch in plan} == {frozenset({0, 2, 4, 6}), frozenset({1, 3, 5, 7})}


def _inputs(losses: dict[str, float], previous: dict[str, float] | None, epoch: int = 2) -> CriterionInputs:
    return CriterionInputs(epoch=epoch, seed=0, losses=losses, previous_losses=previous,
                           questions={k: k for k in losses}, grad_norms=lambda ids: {i: 1.0 for i in ids})


def test_loss_ratio_keeps_samples_within_k_of_zero_closest_first() -> None:
    previous = {"a": 1.0, "b": 1.0, "c": 2.0}
    losses = {"a": 0.99, "b": 0.5, "c": 2.06}
    assert loss_ratios(losses, previous) == pytest.approx({"a": -0.01, "b": -0.5, "c": 0.03})
    values = LossRatio(k=0.05).values(_inputs(losses, previous))
    assert values == pytest.approx({"a": 0.01, "c": 0.03})
    assert LossRatio(k=0.05).values(_inputs(losses, None)) == {}


def test_random_criterion_is_seeded_per_epoch() -> None:
    losses = {"a": 1.0, "b": 1.0, "c": 1.0}
    first = RandomCriterion().values(_inputs(losses, None, epoch=2))
    assert first == RandomCriterion().values(_inputs(losses, None, epoch=2))
    assert first != RandomCriterion().values(_inputs(losses, None, epoch=3))


def test_reward_criterion_needs_a_scorer() -> None:
    with pytest.raises(RemakeError, match="--reward-model"):
        make_criterion("reward", CriterionSettings(k=0.05))


def test_unknown_criterion_is_an_error_listing_the_known_ones() -> None:
    # it used to become the LoRA-only NoCriterion silently
    hint = r"'loss_ratio': unknown criterion \(did you mean 'loss-ratio'\?\); known ones are loss-ratio, grad-norm"
    with pytest.raises(RemakeError, match=hint):
        make_criterion("loss_ratio", CriterionSettings())


@pytest.mark.parametrize("epoch,losses,triggered,reason", [
    (1, [2.0], False, "warm-up"),
    (2, [2.0, 1.0], False, "still improving"),
    (2, [2.0, 1.99], True, "saturated"),
])
def test_saturation_rule(epoch: int, losses: list[float], triggered: bool, reason: str) -> None:
    decision = decide(SaturationRule(warmup_epochs=1, symbolic_every=1, tolerance=0.05), epoch, losses)
    assert decision.triggered is triggered
    assert decision.reason.startswith(reason)


@pytest.mark.parametrize("tolerance,triggered", [(1.0, True), (0.05, False)])
def test_no_warm_up_decides_the_first_epoch_without_a_loss_before_it(tolerance: float, triggered: bool) -> None:
    """A fixed schedule (tolerance >= 1) runs the symbolic phase after epoch 1; a plateau test has nothing to
    compare the first loss with, so it waits (it once raised IndexError)."""
    decision = decide(SaturationRule(warmup_epochs=0, symbolic_every=1, tolerance=tolerance), 1, [2.0])
    assert decision.triggered is triggered


def test_saturation_rule_is_sparse_with_symbolic_every() -> None:
    rule = SaturationRule(warmup_epochs=1, symbolic_every=2, tolerance=1.0)
    assert [decide(rule, e, [1.0] * e).triggered for e in range(1, 7)] == [False, False, True, False, True, False]


def test_selection_scans_lowest_first_and_stops_at_target() -> None:
    values = {"a": 0.3, "b": 0.1, "c": 0.2, "d": 0.0, "e": 0.4}
    asked: list[list[str]] = []

    def probe(ids: list[str]) -> dict[str, tuple[str, bool]]:
        asked.append(ids)
        return {i: (f"out {i}", i in ("d", "e")) for i in ids}

    chosen = select(values, target=2, max_scan=5, chunk=2, probe=probe)
    assert asked == [["d", "b"], ["c", "a"]]          # e (highest) never generated
    assert list(chosen.wrong) == ["b", "c"]
    assert chosen.correct == ["d"]
    assert target_size(0.1, 0.5, 100) == 5 and target_size(0.1, 0.0, 100) == 0
