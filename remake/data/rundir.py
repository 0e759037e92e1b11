"""The run directory of a harvest: where every stage reads and writes, and nothing else.

    RUN_DIR/
      config.json        the HarvestConfig (under "harvest"), recipe, resolved model ids, versions, seed, command
      data/train.jsonl   the training samples as loaded (Sample rows, original fields kept)
      data/test.jsonl    the untouched test split
      metrics.jsonl      one row per epoch (loss, criteria distribution, saturation decision, ...)
      criteria.jsonl     one row per (epoch, sample): loss, loss_ratio, grad_norm, reward, correct
      heldout.jsonl      one row per (epoch, held-out item): the teacher's answer and whether it is correct
      rewrites.jsonl     one RewriteRow per attempt: provenance + filter verdicts (accepted and rejected)
      editor_usage.json  editor calls, tokens and cost totals
      questions.json     the current question of every training sample (after accepted rewrites)
      state/             checkpoint: adapter, optimizer, RNG states, batch plan, loop position
      plots/*.png        curves of metrics.jsonl
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from remake.data.recipe import Recipe, recipe_from_dict
from remake.data.rows import RewriteRow
from remake.data.samples import Sample
from remake.errors import RemakeError
from remake.files import iter_jsonl, read_json, write_json, write_jsonl
from remake.secrets import scrub


@dataclass(frozen=True)
class RunDir:
    root: Path

    @property
    def config(self) -> Path:
        return self.root / "config.json"

    @property
    def train_data(self) -> Path:
        return self.root / "data" / "train.jsonl"

    @property
    def test_data(self) -> Path:
        return self.root / "data" / "test.jsonl"

    @property
    def metrics(self) -> Path:
        return self.root / "metrics.jsonl"

    @property
    def criteria(self) -> Path:
        return self.root / "criteria.jsonl"

    @property
    def heldout(self) -> Path:
        return self.root / "heldout.jsonl"

    @property
    def rewrites(self) -> Path:
        return self.root / "rewrites.jsonl"

    @property
    def editor_usage(self) -> Path:
        return self.root / "editor_usage.json"

    @property
    def questions(self) -> Path:
        return self.root / "questions.json"

    @property
    def state(self) -> Path:
        return self.root / "state"

    @property
    def plots(self) -> Path:
        return self.root / "plots"

    def samples(self, split: str) -> list[Sample]:
        path = self.train_data if split == "train" else self.test_data
        if not path.is_file():
            raise RemakeError(f"{path} is missing (deleted?): restore it, or start a new harvest")
        return [_sample(row, path, number) for number, row in enumerate(iter_jsonl(path), start=1)]

    def epoch_rows(self) -> list[dict[str, Any]]:
        """metrics.jsonl, one row per finished epoch ([] before the first)."""
        return epoch_rows(self.metrics) if self.metrics.is_file() else []

    def rewrite_rows(self) -> list[RewriteRow]:
        if not self.rewrites.is_file():
            return []
        return [RewriteRow.from_dict(row, str(self.rewrites)) for row in iter_jsonl(self.rewrites)]

    def write_rewrite_rows(self, rows: list[RewriteRow]) -> None:
        write_jsonl(self.rewrites, [row.to_dict() for row in rows])

    def write_config(self, record: dict[str, Any]) -> None:
        """config.json, the run's provenance, scrubbed: a key in an endpoint's URL or on the command line is
        never stored (resume asks for it again)."""
        write_json(self.config, scrub(record))

    def write_samples(self, train: list[Sample], test: list[Sample]) -> None:
        """The run's own copy of its data: a resumed or re-filtered run reads these, not the source."""
        write_jsonl(self.train_data, [sample.to_dict() for sample in train])
        write_jsonl(self.test_data, [sample.to_dict() for sample in test])

    def load_config(self) -> dict[str, Any]:
        """config.json, checked to hold what every stage reads from it: the recipe and the harvest settings."""
        saved = read_json(self.config)
        if not isinstance(saved, dict) or not all(isinstance(saved.get(key), dict) for key in ("recipe", "harvest")):
            raise RemakeError(f"{self.config} holds no recipe and harvest settings (damaged, or written by an older "
                              "remake?): restore it, or start a new harvest")
        return saved

    def recipe(self) -> Recipe:
        return recipe_from_dict(self.load_config()["recipe"], str(self.config))

    def usage(self) -> dict[str, Any]:
        """editor_usage.json (written when a run finishes); {} before that."""
        if not self.editor_usage.is_file():
            return {}
        usage = read_json(self.editor_usage)
        if not isinstance(usage, dict):
            raise RemakeError(f"{self.editor_usage} is not a JSON object of usage totals: restore it, or delete it "
                              "and resume the run to write it again")
        return usage


def epoch_rows(path: Path) -> list[dict[str, Any]]:
    """The rows of a run log kept per epoch (metrics, criteria, rewrites), each checked to carry its epoch."""
    rows = list(iter_jsonl(path))
    for number, row in enumerate(rows, start=1):
        if not isinstance(row.get("epoch"), int) or isinstance(row["epoch"], bool):
            raise RemakeError(f"{path} line {number} has no epoch number (damaged?): restore the file, "
                              "or start a new harvest")
    return rows


def _sample(row: dict[str, Any], path: Path, number: int) -> Sample:
    try:
        return Sample.from_dict(row)
    except TypeError:  # a row without Sample's fields, or with others
        raise RemakeError(f"{path} line {number} is not a sample row (damaged?): restore the file, or start a "
                          "new harvest") from None


def open_run(path: str | Path) -> RunDir:
    """An existing run directory, or a one-line error saying what is wrong with the path."""
    run = RunDir(Path(path))
    if not run.config.is_file():
        raise RemakeError(f"{path} is not a remake run directory (no config.json): give the folder a harvest wrote")
    return run
