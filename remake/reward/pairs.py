"""Preference pairs for the reward classifier, built from the per-sample criteria that harvests recorded.

The signal is C1, the loss-change ratio r_t = (L_t - L_{t-1}) / L_{t-1} that every harvest writes to
`criteria.jsonl` (whatever criterion routed it). A sample whose |r_t| is near zero has stopped gaining from
weight updates: it is a *symbolic* candidate (its question, not the weights, should change); a sample whose
loss still moves is *numerical*.

Direction of a pair (decided once, here): x⁺ is the MORE SYMBOLIC sample, x⁻ the more numerical one, so
the Bradley–Terry loss -log σ(r(x⁺) - r(x⁻)) teaches r to score symbolic candidates higher. Within one
(run, epoch) — ratios compare only at the same stage of training — sample a is preferred to sample b when
  1. (with `accepted_first`) a's rewrite was accepted at that epoch and b's was not: the editor confirmed
     that changing a's question fixed it, the strongest evidence of a symbolic candidate; else
  2. |r_t(a)| + margin < |r_t(b)|; pairs closer than `margin` are near-ties and left out.
Pairs mix questions (that is the point: the classifier learns what kind of question saturates). Each sample
is scored on the question it was trained on at that epoch (accepted rewrites apply from the next epoch).

Validation is split by question: a question's group is the hash of its ORIGINAL text (rewrites stay in their
question's group, and the same question in two runs is one group), and a pair is used for validation only
when both its questions are validation groups, for training only when both are training groups."""

from __future__ import annotations

import hashlib
import random
from dataclasses import dataclass
from itertools import combinations
from pathlib import Path

from remake.data.rows import ACCEPTED
from remake.data.rundir import RunDir, open_run
from remake.data.samples import with_question
from remake.errors import RemakeError
from remake.files import iter_jsonl


@dataclass(frozen=True)
class Observation:
    """One sample at one epoch of one run, as the classifier sees it."""

    run: str
    epoch: int
    sample_id: str
    group: str          # hash of the original question: the unit of the validation split
    question: str       # the (templated) question the loss was measured on
    ratio: float        # |loss ratio| at this epoch
    accepted: bool      # its rewrite was accepted at this epoch


@dataclass(frozen=True)
class PairSettings:
    margin: float = 0.005         # |ratio| differences at most this small are near-ties: no pair
    accepted_first: bool = True   # a sample whose rewrite was accepted beats one whose rewrite was not
    max_pairs_per_epoch: int = 2000
    seed: int = 0

    def __post_init__(self) -> None:
        if self.margin < 0:
            raise RemakeError(f"--margin {self.margin} is negative: use 0 or more")
        if self.max_pairs_per_epoch < 1:
            raise RemakeError("--max-pairs-per-epoch must be >= 1")


Pair = tuple[int, int]   # (index of x⁺, index of x⁻) into a list of observations


def group_of(question: str) -> str:
    return hashlib.sha256(question.encode("utf-8")).hexdigest()[:16]


def open_harvest(path: str | Path) -> RunDir:
    """A run directory with recorded criteria, or a one-line error."""
    run = open_run(path)
    if not run.criteria.is_file():
        raise RemakeError(f"{path} has no criteria.jsonl: give a harvest's run directory after at least one epoch")
    return run


def observations(run: RunDir) -> list[Observation]:
    """Every (epoch, sample) of the run that has a loss ratio (epoch 1 has none)."""
    samples = {s.id: s for s in run.samples("train")}
    recipe = run.recipe()
    rewrites = sorted((row.epoch, row.sample_id, str(row.rewrite)) for row in run.rewrite_rows()
                      if row.status == ACCEPTED)
    accepted_at = {(epoch, sid) for epoch, sid, _ in rewrites}
    found = []
    for row in iter_jsonl(run.criteria):
        sid, epoch = row["sample_id"], row["epoch"]
        if row.get("loss_ratio") is None or sid not in samples:
            continue
        sample = samples[sid]
        # the question trained on at `epoch`: the latest rewrite accepted at an earlier epoch, else the original
        latest = [text for when, rid, text in rewrites if rid == sid and when < epoch]
        question = with_question(recipe, sample, latest[-1]).question if latest else sample.question
        found.append(Observation(run=str(run.root), epoch=epoch, sample_id=sid, group=group_of(sample.question),
                                 question=question, ratio=abs(float(row["loss_ratio"])),
                                 accepted=(epoch, sid) in accepted_at))
    return found


def load_observations(paths: list[str | Path]) -> list[Observation]:
    if not paths:
        raise RemakeError("no run directories given: pass one or more harvest run directories")
    found = []
    for path in paths:
        run_obs = observations(open_harvest(path))
        if not run_obs:
            raise RemakeError(f"{path}: criteria.jsonl has no loss ratios (they start at epoch 2): "
                              "use a harvest that ran at least 2 epochs")
        found += run_obs
    return found


def preferred(a: Observation, b: Observation, settings: PairSettings) -> int:
    """+1 when a is the more symbolic of the two, -1 when b is, 0 for a near-tie."""
    if settings.accepted_first and a.accepted != b.accepted:
        return 1 if a.accepted else -1
    if abs(a.ratio - b.ratio) <= settings.margin:
        return 0
    return 1 if a.ratio < b.ratio else -1


def build_pairs(obs: list[Observation], settings: PairSettings, allowed: set[str] | None = None) -> list[Pair]:
    """Pairs within each (run, epoch), both questions in `allowed` groups (all when None), distinct
    questions only; at most `max_pairs_per_epoch` per (run, epoch), a seeded sample of them."""
    rng = random.Random(settings.seed)
    by_stage: dict[tuple[str, int], list[int]] = {}
    for index, o in enumerate(obs):
        if allowed is None or o.group in allowed:
            by_stage.setdefault((o.run, o.epoch), []).append(index)
    pairs: list[Pair] = []
    for stage in sorted(by_stage):
        found = []
        for i, j in combinations(by_stage[stage], 2):
            if obs[i].group == obs[j].group:
                continue
            side = preferred(obs[i], obs[j], settings)
            if side:
                found.append((i, j) if side > 0 else (j, i))
        if len(found) > settings.max_pairs_per_epoch:
            found = rng.sample(found, settings.max_pairs_per_epoch)
        pairs += found
    return pairs


def split_groups(obs: list[Observation], val_fraction: float, seed: int) -> tuple[set[str], set[str]]:
    """(training groups, validation groups): a seeded shuffle of the questions, the validation share
    at least 2 questions (a pair needs two) when `val_fraction` > 0."""
    groups = sorted({o.group for o in obs})
    random.Random(seed).shuffle(groups)
    n_val = max(2, round(val_fraction * len(groups))) if val_fraction > 0 else 0
    if len(groups) - n_val < 2:
        raise RemakeError(f"only {len(groups)} distinct questions: too few to hold out {n_val} for validation "
                          "and train on the rest (use more or larger harvests, or --val-fraction 0)")
    return set(groups[n_val:]), set(groups[:n_val])


def top_p_agreement(obs: list[Observation], scores: list[float], p: float) -> dict[str, float | int]:
    """Per (run, epoch): the share of C1's top-p routing (lowest |ratio|) that the classifier's top-p
    (highest score) also routes, averaged over stages. Chance level is about p."""
    by_stage: dict[tuple[str, int], list[int]] = {}
    for index, o in enumerate(obs):
        by_stage.setdefault((o.run, o.epoch), []).append(index)
    overlaps = []
    for stage in sorted(by_stage):
        members = by_stage[stage]
        size = max(1, round(p * len(members)))
        by_c1 = set(sorted(members, key=lambda i: (obs[i].ratio, obs[i].sample_id))[:size])
        by_reward = set(sorted(members, key=lambda i: (-scores[i], obs[i].sample_id))[:size])
        overlaps.append(len(by_c1 & by_reward) / size)
    return {"agreement": sum(overlaps) / len(overlaps), "stages": len(overlaps), "p": p}
