"""`remake score` on predictions written by another tool: the same verdicts as lm-eval's code and as
`remake eval`'s scoring, rows written back with their extractions, and one-line errors naming a bad row."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from test_lm_eval_parity import corpus, lm_eval_verdicts

from remake.cli import main
from remake.files import read_jsonl


def write(path: Path, rows: list[dict]) -> Path:
    path.write_text("".join(json.dumps(row) + "\n" for row in rows), encoding="utf-8")
    return path


def test_scores_another_tools_file_like_lm_eval(tmp_path, capsys):
    outputs, references = corpus(size=200, seed=3)
    source = write(tmp_path / "preds.jsonl", [{"id": i, "resp": out, "target": ref}
                                              for i, (out, ref) in enumerate(zip(outputs, references))])
    out = tmp_path / "scored.jsonl"
    assert main(["score", str(source), "--recipe", "gsm8k", "--out", str(out),
                 "--output-field", "resp", "--answer-field", "target"]) == 0
    rows = read_jsonl(out)
    expected = lm_eval_verdicts(outputs, references)
    assert [row["correct_strict"] for row in rows] == expected["strict-match"]
    assert [row["correct_flexible"] for row in rows] == expected["flexible-extract"]
    assert [row["id"] for row in rows] == list(range(200))  # the tool's own fields are kept
    assert {"extracted_strict", "extracted_flexible", "correct_math"} <= set(rows[0])
    printed = capsys.readouterr().out
    flexible = 100.0 * sum(expected["flexible-extract"]) / 200
    assert f"accuracy_flexible{flexible:>15.2f}" in printed and "scored rows:" in printed


@pytest.mark.parametrize("row,message", [
    ({"answer": "#### 5"}, "row 2 has no 'output'"),
    ({"output": 5, "answer": "#### 5"}, "row 2: 'output' is a int, not text"),
    ({"output": "5", "answer": ["5"]}, "row 2: 'answer' is a list, not text"),
])
def test_bad_rows_are_one_line_errors_naming_the_row(tmp_path, capsys, row, message):
    source = write(tmp_path / "preds.jsonl", [{"output": "The answer is 5.", "answer": 5}, row])
    assert main(["score", str(source)]) == 2
    err = capsys.readouterr().err.strip()
    assert message in err and "\n" not in err
    assert not (tmp_path / "preds.scored.jsonl").exists()
