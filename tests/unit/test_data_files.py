"""Data files as users have them, through the real CLI: every bad row refused with its file, line and the
fix (exit 2, one line, nothing written, before torch loads); repeated questions dropped by the documented
rule; JSON Lines with a byte-order mark, JSON arrays, CSV and Parquet read alike and trained on."""

from __future__ import annotations

import csv
import json
import time
from pathlib import Path

import pytest
from data_shapes import ROWS, formats
from refusals import refused

from remake.cli import main


def jsonl(path: Path, rows: list[dict], fifth: str | None = None) -> Path:
    """`rows` as JSON Lines; `fifth` replaces line 5 verbatim (what json.dumps cannot write)."""
    lines = [json.dumps(row) for row in rows]
    if fifth is not None:
        lines[4] = fifth
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def changed(**fields) -> list[dict]:
    rows = [dict(row) for row in ROWS]
    rows[4].update(fields)
    return rows


def without(key: str) -> list[dict]:
    rows = [dict(row) for row in ROWS]
    del rows[4][key]
    return rows


BAD_ROWS = {
    "null answer": (changed(answer=None), None, "line 5: 'answer' is null"),
    "list answer": (changed(answer=["4"]), None, "line 5: 'answer' is a list, not text"),
    "empty answer": (changed(answer=""), None, "line 5: 'answer' is empty"),
    "missing answer": (without("answer"), None, "line 5 has no field 'answer'"),
    "missing question": (without("question"), None, "line 5 has no field 'question'"),
    "empty question": (changed(question=""), None, "line 5: 'question' is empty"),
    "blank question": (changed(question=" \t "), None, "line 5: 'question' is only whitespace"),
    "number question": (changed(question=12), None, "line 5: 'question' is a int, not text"),
    "NaN answer": (ROWS, '{"question": "What is 2 + 2?", "answer": NaN}', "line 5: 'answer' is nan"),
    "no marker": (changed(answer="He has 5 + 6 = 11 apples."), None, "line 5: 'answer' has no '#### N'"),
    "lone surrogate": (ROWS, '{"question": "Tom \\ud800 has 2", "answer": "#### 2"}',
                       "line 5: 'question' holds an unpaired surrogate"),
    "not an object": (ROWS, '["a", "b"]', "line 5 is a JSON list, not an object"),
}


@pytest.mark.parametrize("case", sorted(BAD_ROWS))
def test_a_bad_row_is_refused_with_its_line_and_fix(tmp_path, capsys, case):
    rows, fifth, message = BAD_ROWS[case]
    data = jsonl(tmp_path / "data.jsonl", rows, fifth)
    work = tmp_path / "work"
    work.mkdir()
    started = time.monotonic()
    err = refused(["gsm8k", "--data", str(data), "--dry-run"], capsys, work)
    assert f"data file {data} {message}" in err, err
    err = refused(["gsm8k", "--data", str(data), "--criterion", "none", "--run-dir", "runs/x"], capsys, work)
    assert message in err
    assert time.monotonic() - started < 30  # both refusals come before any model loads (measured: ~0.4 s each)


def test_an_answer_that_is_only_the_number_needs_no_marker(tmp_path, capsys):
    rows = [{"question": row["question"], "answer": row["answer"].split("#### ")[1]} for row in ROWS]
    assert main(["jsonl", "--data", str(jsonl(tmp_path / "numbers.jsonl", rows)), "--dry-run", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["samples"] == 10


def test_encodings_and_shapes_are_refused_with_the_place(tmp_path, capsys):
    data = tmp_path / "bad.csv"
    with open(data, "w", newline="", encoding="utf-8") as handle:
        csv.DictWriter(handle, ["question", "answer"]).writeheader()
        csv.DictWriter(handle, ["question", "answer"]).writerows(ROWS)
    lines = data.read_bytes().split(b"\r\n")
    lines[5] = lines[5].replace(b"apples", b"appl\xffes", 1)
    data.write_bytes(b"\r\n".join(lines))
    # the 5th record starts on line 10: the header, then two lines per record (each answer holds a newline)
    assert "bad.csv line 10 is not UTF-8 text (byte 0xff)" in refused(["gsm8k", "--data", str(data), "--dry-run"],
                                                                    capsys, tmp_path)
    ragged = tmp_path / "ragged.csv"
    ragged.write_text("question,answer\nTom has 3 apples,#### 3\nTom has 4, apples,#### 4\n", encoding="utf-8")
    assert "ragged.csv line 3 has 3 fields, the header 2" in refused(["gsm8k", "--data", str(ragged), "--dry-run"],
                                                                     capsys, tmp_path)
    array = tmp_path / "broken.json"
    array.write_text('[\n{"question": "Tom has 3 apples", "answer": "#### 3"},\n{"question": \n', encoding="utf-8")
    assert "broken.json line 4 is not valid JSON" in refused(["gsm8k", "--data", str(array), "--dry-run"],
                                                            capsys, tmp_path)


def test_repeated_questions_are_dropped_first_kept_and_reported(tmp_path, capsys):
    rows = [dict(row) for row in ROWS]
    rows[7] = dict(rows[2])
    rows[12] = {**rows[2], "question": "  " + rows[2]["question"].replace(" ", "  ") + " "}  # whitespace only
    rows[15] = {**rows[2], "answer": "#### 99"}  # the same question, another answer: the first still wins
    data = jsonl(tmp_path / "dups.jsonl", rows)
    assert main(["gsm8k", "--data", str(data), "--dry-run", "--json"]) == 0
    captured = capsys.readouterr()
    assert (f"data file {data}: 3 repeated question(s) dropped, the first of each kept (line 8, line 13, line 16); "
            "1 of them with another answer than the first") in captured.err
    assert json.loads(captured.out)["samples"] == 8  # 17 rows kept: the last 9 are the test split


def test_every_shape_plans_the_same_rows(tmp_path, capsys):
    plans = {}
    for kind, path in formats(tmp_path).items():
        assert main(["gsm8k", "--data", str(path), "--dry-run", "--json"]) == 0, kind
        planned = json.loads(capsys.readouterr().out)
        plans[kind] = (planned["samples"], planned["train_tokens_per_epoch"])
    assert len(set(plans.values())) == 1, plans


def test_a_local_file_under_a_hub_recipe_is_not_carded_as_the_hub_dataset(tmp_path):
    from remake.data.config import DataConfig
    from remake.release.card import card_data

    hub = DataConfig("gsm8k").load()
    assert hub.source.dataset == "openai/gsm8k" and hub.card.license == "mit"
    local = DataConfig("gsm8k", data=str(jsonl(tmp_path / "mine.jsonl", ROWS))).load()
    assert (local.source.type, local.source.dataset, local.source.path) == ("file", None, str(tmp_path / "mine.jsonl"))
    data = card_data(local, {"train_rows": 10, "test_rows": 10, "rewrites_rows": 0, "rejects_rows": 0}, "sha256:x")
    assert data.license == "other" and not data.source_datasets  # its licence and origin are the user's to say
