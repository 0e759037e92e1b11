"""A small, realistic harvest run directory built from real gsm-symbolic data with remake's own writers
(RunDir, RewriteRow, its config record and a real HarvestConfig), for tests of the stages that read a
finished run (release, push, transfer) without training a model first."""

from __future__ import annotations

from pathlib import Path

from remake.data.config import DataConfig
from remake.data.recipe import load_recipe
from remake.data.rows import RewriteRow
from remake.data.rundir import RunDir
from remake.data.samples import load_samples
from remake.editor.config import EditorConfig
from remake.files import write_json, write_jsonl
from remake.harvest.config import HarvestConfig

# A key in the editor's URL and the command: releases must never publish it.
FAKE_KEY = "sk-test0123456789abcdef"
EDITOR_URL = f"http://remake:{FAKE_KEY}@127.0.0.1:8080/v1"
GUIDANCE = " Work it out in steps: find each quantity first, then combine them."
CHECKS_OK = {"similarity": {"passed": True, "score": 0.91, "reason": "cosine 0.91 >= 0.80"},
             "invariance": {"passed": True, "score": 1.0, "reason": "reference answer unchanged"},
             "leak": {"passed": True, "score": 0.0, "reason": "no answer in the rewrite"}}


def write_run(root: Path, train: int = 8, test: int = 4, variant: str = "",
              statuses: tuple[str, ...] = ("accepted", "rejected", "failed")) -> RunDir:
    """A run over the first `train` / `test` gsm-symbolic rows: samples 0, 2 and 4 accepted (sample 2
    twice, in epochs 2 and 4; sample 4 with an inconclusive check), sample 1 rejected for a leak,
    sample 3 failed. `variant` changes the rewrites' wording: a different harvest of the same recipe;
    `statuses` keeps only the attempts with those statuses."""
    recipe = load_recipe("gsm-symbolic")
    run = RunDir(Path(root))
    train_samples = load_samples(recipe, "train", limit=train)
    test_samples = load_samples(recipe, "test", limit=test)
    config = HarvestConfig(data=DataConfig("gsm-symbolic", size=train), teacher_model="smollm2-135m", epochs=4,
                           max_new_tokens=48, seed=7, editor=EditorConfig(model="gpt-4o-mini", base_url=EDITOR_URL))
    run.write_config(config.run_record(recipe, f"remake gsm-symbolic --teacher-model smollm2-135m --size {train} "
                                                f"--editor-base-url {EDITOR_URL}"))
    run.write_samples(train_samples, test_samples)
    raw = [s.fields[recipe.fields.question] for s in train_samples]
    middle = raw[2] + GUIDANCE + variant
    attempts = [
        _attempt(train_samples[0], 2, raw[0], "Read carefully. " + raw[0] + GUIDANCE + variant, "accepted", 2),
        _attempt(train_samples[1], 2, raw[1], raw[1] + f" (The answer is {train_samples[1].final}.)", "rejected", 3,
                 reason="leak: the rewrite states the final answer",
                 checks={**CHECKS_OK, "leak": {"passed": False, "score": 1.0, "reason": "final answer in text"}}),
        _attempt(train_samples[2], 2, raw[2], middle, "accepted", 1),
        _attempt(train_samples[3], 4, raw[3], None, "failed", 3, reason="teacher still wrong after 3 iterations",
                 checks={}),
        _attempt(train_samples[2], 4, middle, middle.replace("then combine them", "then add them up"),
                 "accepted", 2),
        _attempt(train_samples[4], 4, raw[4], raw[4].replace(". ", ". Note: ", 1) + variant, "accepted", 3,
                 checks={**CHECKS_OK, "invariance": {"passed": None, "score": None,
                                                     "reason": "inconclusive: solver disagreed with itself"}}),
    ]
    run.write_rewrite_rows([attempt for attempt in attempts if attempt.status in statuses])
    write_json(run.editor_usage, {"calls": 11, "cached_calls": 2, "tokens_in": 5123, "tokens_out": 812,
                                  "cost": 0.0123, "model": "gpt-4o-mini"})
    write_jsonl(run.metrics, [{"epoch": e, "mean_loss": 1.0 / e, "heldout_accuracy": 10.0 * e, "criterion": "loss-ratio",
                               "saturation": {"triggered": e % 2 == 0, "reason": "saturated" if e % 2 == 0 else
                                              "still improving"}, "rewrites_tried": 3 if e % 2 == 0 else 0}
                              for e in (1, 2, 3, 4)])
    return run


def _attempt(sample, epoch: int, question: str, rewrite: str | None, status: str, iterations: int,
             reason: str = "", checks: dict | None = None) -> RewriteRow:
    accepted = status == "accepted"
    return RewriteRow(
        sample_id=sample.id, epoch=epoch, criterion="loss-ratio", criterion_value=-0.004 * epoch,
        original_question=question, rewrite=rewrite, final=sample.final, solution=sample.answer,
        iterations=iterations, editor_model="gpt-4o-mini", teacher_answer_before="The answer is 3.",
        teacher_answer_after=f"The answer is {sample.final}." if accepted else "The answer is 3.",
        teacher_correct_after=accepted, editor_status="rewritten" if accepted else "still_wrong", status=status,
        reason=reason or "all filters passed", checks=CHECKS_OK if checks is None else checks,
        reasons=[] if accepted else [reason], calls=2 * iterations, tokens_in=400 * iterations,
        tokens_out=60 * iterations,
    )
