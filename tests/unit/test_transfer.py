"""Transfer's parts without a model: the augmented release trains on every row and the baseline on the
originals; the paired bootstrap compares the pairs asked for."""

from __future__ import annotations

from sample_run import write_run

from remake.release.build import release_run
from remake.release.config import ReleaseConfig
from remake.transfer.report import paired_bootstrap
from remake.transfer.run import open_release, train_samples


def test_augmented_release_trains_on_all_rows_and_the_baseline_on_the_originals(tmp_path):
    run = write_run(tmp_path / "run")
    augmented = release_run(run.root, tmp_path / "out", ReleaseConfig(name="gsm-augmented", mix="augment"))
    loaded = open_release(str(augmented))
    remade, baseline = train_samples(loaded, "remade", None), train_samples(loaded, "baseline", None)
    assert len(remade) == 11 and len({s.id for s in remade}) == 11
    originals = [s.fields["question"] for s in run.samples("train")]
    assert [s.fields["question"] for s in baseline] == originals
    assert [s.fields["question"] for s in remade[:8]] == originals


def test_paired_bootstrap_compares_the_pairs_asked_for():
    correct = {"a": [True, False, True, False], "b": [True, False, True, False], "c": [True, True, True, False]}
    result = paired_bootstrap(correct, resamples=500, seed=0, comparisons=(("c", "a"), ("b", "a")))
    assert set(result["differences"]) == {"c-a", "b-a"}
    same = result["differences"]["b-a"]  # identical verdicts: every paired resample differs by exactly 0
    assert (same["delta"], same["ci_low"], same["ci_high"], same["p_not_better"]) == (0.0, 0.0, 0.0, 1.0)
    ahead = result["differences"]["c-a"]  # c is right on one more item of four, never behind
    assert ahead["delta"] == 25.0 and ahead["ci_low"] >= 0.0 and 0.0 < ahead["p_not_better"] < 1.0
    assert set(result["arms"]) == {"a", "b", "c"}
