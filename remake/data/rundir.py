"""The run directory of a harvest: where every stage reads and writes, and nothing else.

    RUN_DIR/
      config.json        the HarvestConfig (under "harvest"), recipe, resolved model ids, versions, seed, command
      data/train.jsonl   the training samples as loaded (Sample rows, original fields kept)
      data/test.jsonl    the untouched test split
      metrics.jsonl      one row per epoch (loss, criteria distribution, saturation decision, ...)
      criteria.jsonl     one row per (epoch, sample): loss, loss_ratio, grad_norm, reward, correct
      rewrites.jsonl     one RewriteRow per attempt: provenance + filter verdicts (accepted and rejected)
      editor_usage.json  editor calls, tokens and cost totals
      questions.json     the current question of every training sample (after accepted rewrites)
      state/             checkpoint: adapter, optimizer, RNG states, batch plan, loop position
      plots/*.png        curves of metrics.jsonl
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from remake.data.rows import RewriteRow
from remake.data.samples import Sample
from remake.errors import RemakeError
from remake.files import iter_jsonl, read_json, write_jsonl


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
        return [Sample.from_dict(row) for row in iter_jsonl(path)]

    def rewrite_rows(self) -> list[RewriteRow]:
        if not self.rewrites.is_file():
            return []
        return [RewriteRow.from_dict(row, str(self.rewrites)) for row in iter_jsonl(self.rewrites)]

    def write_rewrite_rows(self, rows: list[RewriteRow]) -> None:
        write_jsonl(self.rewrites, [row.to_dict() for row in rows])

    def load_config(self) -> dict:
        return read_json(self.config)


def open_run(path: str | Path) -> RunDir:
    """An existing run directory, or a one-line error saying what is wrong with the path."""
    run = RunDir(Path(path))
    if not run.config.is_file():
        raise RemakeError(f"{path} is not a remake run directory (no config.json): give the folder a harvest wrote")
    return run
