"""The four splits of a release as Arrow tables, and their deterministic Parquet encoding.

    train     mix "replace": every training row with the recipe's original columns, the accepted rewrite in
              place of the question column, plus `original_question` and `remade` (and provenance where
              remade); mix "augment": every original row as it was, then each accepted rewrite as an extra
              row (`remade` true, `row_index` naming its original)
    rewrites  the remade training rows only, with provenance of the accepted rewrite now in `train`
    rejects   every rejected or failed rewrite attempt, with its reasons; the recipe's columns hold the
              training row as it was, the rejected text is in `rewrite`
    test      the untouched test split
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from remake.data.recipe import Recipe
from remake.data.rows import ACCEPTED, RewriteRow
from remake.data.samples import Sample
from remake.errors import RemakeError
from remake.release import KEEPS, MIXES

SPLITS = ("train", "rewrites", "rejects", "test")

CHECK = pa.struct([("filter", pa.string()), ("passed", pa.bool_()), ("score", pa.float64()),
                   ("reason", pa.string())])
# A check's `passed` is null when the filter was inconclusive (which does not reject).
# One schema for all four splits, because `datasets` gives the splits of a config one set of features:
# the recipe's columns, then these. Provenance columns are null where they do not apply (test rows,
# train rows that were not remade).
ADDED = pa.schema([
    ("original_question", pa.string()), ("remade", pa.bool_()), ("sample_id", pa.string()),
    ("row_index", pa.int64()), ("status", pa.string()), ("epoch", pa.int64()), ("criterion", pa.string()),
    ("criterion_value", pa.float64()), ("iterations", pa.int64()), ("editor_model", pa.string()),
    ("rewritten_from", pa.string()), ("rewrite", pa.string()), ("reason", pa.string()),
    ("reasons", pa.list_(pa.string())), ("checks", pa.list_(CHECK)), ("teacher_answer_before", pa.string()),
    ("teacher_answer_after", pa.string()), ("teacher_correct_after", pa.bool_()), ("calls", pa.int64()),
    ("tokens_in", pa.int64()), ("tokens_out", pa.int64()),
])


@dataclass(frozen=True)
class Remade:
    """An accepted attempt behind a remade train row: the row's index and the source question it replaced."""

    attempt: RewriteRow
    row: int
    source_question: str


@dataclass(frozen=True)
class ReleaseTables:
    tables: dict[str, pa.Table]
    accepted: list[Remade]  # in row order


def split_path(split: str) -> str:
    """The file of a split inside a release; the `-00000-of-00001` shard suffix is the Hub's convention."""
    return f"data/{split}-00000-of-00001.parquet"


def build_tables(recipe: Recipe, train: list[Sample], test: list[Sample], attempts: list[RewriteRow],
                 mix: str = "replace", keep: str = "all") -> ReleaseTables:
    """`keep` "fixed": only accepted rewrites after which the teacher answered correctly enter `train`."""
    if mix not in MIXES or keep not in KEEPS:
        raise RemakeError(f"--mix {mix!r} / --keep {keep!r}: use one of {', '.join(MIXES)} / {', '.join(KEEPS)}")
    rows = {sample.id: index for index, sample in enumerate(train)}
    for attempt in attempts:
        if attempt.sample_id not in rows:
            raise RemakeError(f"rewrites.jsonl names sample {attempt.sample_id!r}, which data/train.jsonl "
                              "does not have: the run directory is inconsistent, re-run the harvest")
    schema = _schema(train + test)
    question = recipe.fields.question
    accepted = _latest_accepted([a for a in attempts if keep == "all" or a.teacher_correct_after])
    originals, remade_rows, remade = [], [], []
    for index, sample in enumerate(train):
        attempt = accepted.get(sample.id)
        row = _base_row(sample, question, index)
        originals.append(row)
        if attempt is not None:
            remade.append(Remade(attempt, index, row["original_question"]))
            remade_rows.append({**row, **_provenance(attempt), "remade": True, question: attempt.rewrite})
    by_index = {made.row: made_row for made, made_row in zip(remade, remade_rows)}
    train_rows = ([by_index.get(index, row) for index, row in enumerate(originals)] if mix == "replace"
                  else originals + remade_rows)
    rejects = sorted((a for a in attempts if a.status != ACCEPTED), key=lambda a: (a.epoch, rows[a.sample_id]))
    reject_rows = [{**_base_row(train[rows[a.sample_id]], question, rows[a.sample_id]), **_provenance(a)}
                   for a in rejects]
    split_rows = {
        "train": train_rows,
        "rewrites": remade_rows,
        "rejects": reject_rows,
        "test": [_base_row(sample, question, index) for index, sample in enumerate(test)],
    }
    tables = {split: pa.Table.from_pylist(data, schema=schema) for split, data in split_rows.items()}
    return ReleaseTables(tables=tables, accepted=remade)


def parquet_bytes(table: pa.Table) -> bytes:
    """Parquet with no timestamps or paths inside: the same table gives the same bytes (same pyarrow)."""
    buffer = io.BytesIO()
    pq.write_table(table, buffer, compression="zstd", write_statistics=True)
    return buffer.getvalue()


def schema_summary(table: pa.Table) -> dict[str, str]:
    return {field.name: str(field.type) for field in table.schema}


def _latest_accepted(attempts: list[RewriteRow]) -> dict[str, RewriteRow]:
    """Per sample, the accepted attempt of the latest epoch (the last in file order on a tie)."""
    latest: dict[str, RewriteRow] = {}
    for attempt in attempts:
        if attempt.status != ACCEPTED:
            continue
        held = latest.get(attempt.sample_id)
        if held is None or attempt.epoch >= held.epoch:
            latest[attempt.sample_id] = attempt
    return latest


def _schema(samples: list[Sample]) -> pa.Schema:
    source = pa.Table.from_pylist([dict(sample.fields) for sample in samples]).schema
    clash = [name for name in source.names if name in ADDED.names]
    if clash:
        raise RemakeError(f"the source data has a column named {clash[0]!r}, which a release adds: "
                          "rename that column in the data")
    return pa.schema(list(source) + list(ADDED))


def _base_row(sample: Sample, question: str, index: int) -> dict[str, Any]:
    return {**sample.fields, "original_question": str(sample.fields[question]), "remade": False,
            "sample_id": sample.id, "row_index": index}


def _provenance(attempt: RewriteRow) -> dict[str, Any]:
    """The columns that say where a rewrite attempt came from and what judged it."""
    return {
        "status": attempt.status, "epoch": attempt.epoch, "criterion": attempt.criterion,
        "criterion_value": _float(attempt.criterion_value), "iterations": attempt.iterations,
        "editor_model": attempt.editor_model, "rewritten_from": attempt.original_question,
        "rewrite": attempt.rewrite, "reason": attempt.reason,
        "reasons": [str(reason) for reason in attempt.reasons],
        "checks": [{"filter": name, "passed": check.get("passed"), "score": _float(check.get("score")),
                    "reason": check.get("reason")} for name, check in sorted(attempt.checks.items())],
        "teacher_answer_before": attempt.teacher_answer_before,
        "teacher_answer_after": attempt.teacher_answer_after,
        "teacher_correct_after": attempt.teacher_correct_after,
        # all requests, cached or not: a release does not depend on the state of the editor cache
        **dict(zip(("calls", "tokens_in", "tokens_out"), attempt.requests)),
    }


def _float(value: Any) -> float | None:
    return float(value) if isinstance(value, (int, float)) else None
