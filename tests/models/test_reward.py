"""The reward classifier: preference pairs from recorded criteria, Bradley–Terry training on the real
embedded all-MiniLM-L6-v2, validation split by question, save/reload, `remake reward` CLI, and its use as
the harvest's `reward` criterion.

The run directories are built from real gsm-symbolic questions; their loss ratios depend on a real
property of the text: questions about percentages or money ('%' or '$') saturate (|ratio| near zero),
the others keep improving. A classifier that learned something ranks held-out questions above chance."""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest
from chat_server import ChatServer

from remake.cli import main
from remake.data.config import DataConfig
from remake.data.recipe import load_recipe
from remake.data.rows import RewriteRow
from remake.data.rundir import RunDir
from remake.data.samples import Sample, load_samples
from remake.files import read_json, read_jsonl, write_json, write_jsonl
from remake.harvest.config import HarvestConfig
from remake.harvest.criteria import CriterionInputs, CriterionSettings, make_criterion
from remake.reward.model import CONFIG_FILE, RewardScorer, TrainSettings, evaluate, load_scorer, pair_accuracy, train
from remake.reward.pairs import PairSettings, build_pairs, group_of, load_observations, preferred, split_groups

REWRITE = "Think about what fraction of the total each part is. "


def saturates(question: str) -> bool:
    return "%" in question or "$" in question


def write_run(root: Path, samples: list[Sample], seed: int, epochs: int = 3, accepted: str | None = None) -> Path:
    """A harvest run over `samples` with `epochs` epochs of criteria rows; `accepted`: a sample whose
    rewrite the editor got accepted at epoch 2 (so epoch 3 trains on the rewritten question)."""
    recipe = load_recipe("gsm-symbolic")
    run = RunDir(root)
    config = HarvestConfig(data=DataConfig("gsm-symbolic"), teacher_model="smollm2-135m", epochs=epochs, seed=seed)
    run.write_config(config.run_record(recipe, "remake gsm-symbolic"))
    run.write_samples(samples, [])
    rng = random.Random(seed)
    losses = {s.id: rng.uniform(1.0, 2.0) for s in samples}
    rows = []
    for epoch in range(1, epochs + 1):
        for s in samples:
            ratio = None
            if epoch > 1:
                ratio = rng.uniform(-0.02, 0.02) if saturates(s.question) else -rng.uniform(0.08, 0.4)
                losses[s.id] *= 1 + ratio
            rows.append({"epoch": epoch, "sample_id": s.id, "loss": losses[s.id], "loss_ratio": ratio,
                         "criterion": "loss-ratio", "value": abs(ratio) if ratio is not None else None})
    write_jsonl(run.criteria, rows)
    if accepted:
        raw = next(s for s in samples if s.id == accepted).fields["question"]
        first = samples[0]
        run.write_rewrite_rows([_row(next(s for s in samples if s.id == accepted), raw, REWRITE + raw, "accepted"),
                                _row(first, first.fields["question"], "x", "rejected")])
    return root


def _row(sample: Sample, question: str, rewrite: str, status: str) -> RewriteRow:
    accepted = status == "accepted"
    return RewriteRow(sample_id=sample.id, epoch=2, criterion="loss-ratio", criterion_value=0.01,
                      original_question=question, rewrite=rewrite, final=sample.final, solution=sample.answer,
                      iterations=1, editor_model="test-editor", teacher_answer_before="The answer is 0.",
                      teacher_answer_after=f"The answer is {sample.final if accepted else 0}.",
                      teacher_correct_after=accepted, editor_status="rewritten" if accepted else "still_wrong",
                      status=status, reason="" if accepted else "similarity: too different")


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Two harvests of the same 40 questions (different training noise) and one of 40 other questions."""
    samples = load_samples(load_recipe("gsm-symbolic"), "train", limit=80)
    base = tmp_path_factory.mktemp("runs")
    return {"a": write_run(base / "a", samples[:40], seed=1, accepted=samples[5].id),
            "b": write_run(base / "b", samples[:40], seed=2),
            "heldout": write_run(base / "heldout", samples[40:], seed=3)}


@pytest.fixture(scope="module")
def trained(runs: dict[str, Path], tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, RewardScorer]:
    out = tmp_path_factory.mktemp("model") / "reward"
    scorer = train([runs["a"], runs["b"]], out, TrainSettings(epochs=100), PairSettings()).scorer
    return out, scorer


@pytest.fixture(scope="module")
def model(trained: tuple[Path, RewardScorer]) -> Path:
    return trained[0]


def test_pairs_prefer_the_more_symbolic_sample(runs: dict[str, Path]) -> None:
    obs = load_observations([runs["a"]])
    settings = PairSettings(margin=0.01)
    pairs = build_pairs(obs, settings)
    assert pairs
    accepted = [o for o in obs if o.accepted]
    assert [(o.epoch, o.sample_id) for o in accepted] == [(2, "train-5")]   # the rejected rewrite does not count
    for plus, minus in pairs:
        a, b = obs[plus], obs[minus]
        assert (a.run, a.epoch) == (b.run, b.epoch) and a.group != b.group
        assert (a.accepted and not b.accepted) or (a.accepted == b.accepted and a.ratio + 0.01 < b.ratio)
    assert any(obs[plus].accepted for plus, _ in pairs)
    # near-ties are skipped; an accepted rewrite wins unless accepted_first is off
    low, high = replace(obs[0], ratio=0.0, accepted=False), replace(obs[1], ratio=0.02, accepted=False)
    assert preferred(low, high, settings) == 1 and preferred(high, low, settings) == -1
    assert preferred(low, replace(high, ratio=0.009), settings) == 0
    boosted = replace(high, ratio=1.0, accepted=True)
    assert preferred(low, boosted, settings) == -1
    assert preferred(low, boosted, PairSettings(accepted_first=False)) == 1


def test_epoch_questions_follow_accepted_rewrites(runs: dict[str, Path]) -> None:
    obs = [o for o in load_observations([runs["a"]]) if o.sample_id == "train-5"]
    by_epoch = {o.epoch: o for o in obs}
    assert set(by_epoch) == {2, 3}                       # epoch 1 has no ratio
    assert not by_epoch[2].question.startswith(REWRITE)  # epoch 2 trained on the original ...
    assert by_epoch[3].question.startswith(REWRITE)      # ... and epoch 3 on the accepted rewrite
    assert by_epoch[3].question.endswith("Let's think step by step.")   # the recipe's template re-applied
    assert by_epoch[2].group == by_epoch[3].group == group_of(by_epoch[2].question)


def test_validation_split_is_by_question(runs: dict[str, Path]) -> None:
    obs = load_observations([runs["a"], runs["b"]])
    train_groups, val_groups = split_groups(obs, 0.2, seed=0)
    assert len(val_groups) == 8 and len(train_groups) == 32 and not train_groups & val_groups
    for plus, minus in build_pairs(obs, PairSettings(), val_groups):
        assert obs[plus].group in val_groups and obs[minus].group in val_groups


def test_train_reports_validation_accuracy_above_chance(model: Path, runs: dict[str, Path]) -> None:
    report = read_json(model / CONFIG_FILE)
    assert report["data"]["validation_pairs"] > 20 and report["data"]["train_pairs"] > 200
    assert report["validation_pair_accuracy"] > 0.5
    assert report["runs"] == [str(runs["a"]), str(runs["b"])]
    card = (model / "README.md").read_text(encoding="utf-8")
    assert f"{report['validation_pair_accuracy']:.3f}" in card and str(runs["a"]) in card


def test_heldout_run_above_chance(model: Path, runs: dict[str, Path]) -> None:
    result = evaluate(model, runs["heldout"], p=0.3)
    assert result["unseen_questions"] == 40 and result["heldout_pairs"] > 100
    assert result["pair_accuracy"] > 0.6
    assert result["agreement"] > result["chance_agreement"]
    # on a training run only the validation questions count as held out
    seen = evaluate(model, runs["a"], p=0.3)
    assert seen["unseen_questions"] == 8


def test_saved_model_reloads_and_scores_identically(trained: tuple[Path, RewardScorer],
                                                     runs: dict[str, Path]) -> None:
    path, scorer = trained
    questions = [o.question for o in load_observations([runs["heldout"]])][:12]
    reloaded = load_scorer(path)
    assert reloaded.score(questions) == scorer.score(questions)
    assert len(set(reloaded.score(questions))) > 1      # not a constant
    assert reloaded.score([]) == []


def test_cli_train_and_eval(runs: dict[str, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "cli-model"
    assert main(["reward", "train", str(runs["a"]), str(runs["b"]), "--out", str(out), "--epochs", "20",
                 "--hidden", "8", "--val-fraction", "0.25", "--seed", "3"]) == 0
    printed = capsys.readouterr().out
    report = read_json(out / CONFIG_FILE)
    assert report["hidden"] == 8 and report["settings"]["seed"] == 3 and report["data"]["validation_questions"] == 10
    assert f"validation {report['validation_pair_accuracy']:.3f}" in printed
    assert main(["reward", "eval", "--model", str(out), str(runs["heldout"]), "--p", "0.2", "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["p"] == 0.2 and result["unseen_questions"] == 40 and 0 <= result["agreement"] <= 1


def test_reward_criterion_routes_saturating_questions_first(model: Path, runs: dict[str, Path]) -> None:
    samples = RunDir(runs["heldout"]).samples("train")
    criterion = make_criterion("reward", CriterionSettings(k=0.1, reward_scorer=load_scorer(model)))
    inputs = CriterionInputs(epoch=2, seed=0, losses={s.id: 1.0 for s in samples}, previous_losses=None,
                             questions={s.id: s.question for s in samples}, grad_norms=lambda ids: {})
    values = criterion.values(inputs)
    order = sorted(values, key=values.get)
    questions = {s.id: s.question for s in samples}
    symbolic = [sid for sid in order if saturates(questions[sid])]
    first = order[:len(symbolic)]
    # lowest value first: the saturating questions should crowd the front of the routing order
    assert sum(saturates(questions[sid]) for sid in first) / len(first) > len(symbolic) / len(order)


def test_trained_scores_match_reported_accuracy(model: Path, runs: dict[str, Path]) -> None:
    report = read_json(model / CONFIG_FILE)
    obs = load_observations([runs["a"], runs["b"]])
    _, val_groups = split_groups(obs, 0.2, seed=0)
    pairs = build_pairs(obs, PairSettings(**report["pairs"]), val_groups)
    texts = sorted({o.question for o in obs})
    by_text = dict(zip(texts, load_scorer(model).score(texts)))
    assert pair_accuracy([by_text[o.question] for o in obs], pairs) == report["validation_pair_accuracy"]


@pytest.mark.slow
def test_harvest_with_reward_criterion_end_to_end(model: Path, tmp_path: Path) -> None:
    """`--criterion reward --reward-model DIR`: the classifier's scores route the symbolic phase and are
    logged like the other criteria (value = minus the score, lowest first)."""
    run_dir = tmp_path / "run"
    with ChatServer("good") as server:
        done = subprocess.run(
            [sys.executable, "-m", "remake", "gsm-symbolic", "--teacher-model", "smollm2-135m", "--criterion", "reward",
             "--reward-model", str(model), "--limit", "8", "--epochs", "2", "--batch-size", "4", "--max-length", "64",
             "--max-new-tokens", "8", "--eval-size", "2", "--p", "0.5", "--saturation-tol", "1.0", "--lr", "1e-4",
             "--editor-model", "test-editor", "--editor-base-url", server.base_url, "--run-dir", str(run_dir),
             "--no-release"], env={**os.environ, "OPENAI_API_KEY": "sk-test"}, capture_output=True, text=True,
            timeout=1500)
    assert done.returncode == 0, done.stderr[-2000:]
    run = RunDir(run_dir)
    rows = read_jsonl(run.criteria)
    assert {row["criterion"] for row in rows} == {"reward"} and len(rows) == 16
    logged = {row["sample_id"]: row["value"] for row in rows if row["epoch"] == 2}
    questions = {s.id: s.question for s in run.samples("train")}
    expected = load_scorer(model).score([questions[sid] for sid in sorted(questions)])
    assert [logged[sid] for sid in sorted(questions)] == pytest.approx([-score for score in expected], abs=1e-5)
    metrics = read_jsonl(run.metrics)
    assert metrics[-1]["criterion"] == "reward" and metrics[-1]["saturation"]["triggered"]
    tried = read_jsonl(run.rewrites) if run.rewrites.is_file() else []
    assert all(row["criterion"] == "reward" for row in tried)
    assert (run_dir / "adapter").is_dir()


def one_line_error(argv: list[str], capsys: pytest.CaptureFixture[str]) -> str:
    assert main(argv) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and err.startswith("remake: error:")
    return err


def test_cli_errors_are_one_line(runs: dict[str, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert "no run directories" in one_line_error(["reward", "train", "--out", str(tmp_path / "m")], capsys)
    bare = tmp_path / "bare"
    write_json(bare / "config.json", {"recipe": {}})
    assert "no criteria.jsonl" in one_line_error(["reward", "train", str(bare), "--out", str(tmp_path / "m")], capsys)
    assert "not a remake run directory" in one_line_error(["reward", "train", str(tmp_path),
                                                            "--out", str(tmp_path / "m")], capsys)
    assert "not a reward model" in one_line_error(["reward", "eval", "--model", str(tmp_path), str(runs["a"])], capsys)
    one_epoch = write_run(tmp_path / "one", load_samples(load_recipe("gsm-symbolic"), "train", limit=4), 0, epochs=1)
    assert "no loss ratios" in one_line_error(["reward", "train", str(one_epoch), "--out", str(tmp_path / "m")], capsys)
    assert "say what to do" in one_line_error(["reward"], capsys)


def test_train_without_validation_split(runs: dict[str, Path], tmp_path: Path) -> None:
    report = train([runs["heldout"]], tmp_path / "m", TrainSettings(val_fraction=0.0, epochs=5), PairSettings()).report
    assert report["data"]["validation_pairs"] == 0 and report["validation_pair_accuracy"] is None
    assert "n/a" in (tmp_path / "m" / "README.md").read_text(encoding="utf-8")
