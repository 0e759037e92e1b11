"""A whole harvest from a HarvestConfig: the run directory, the loop, the final records and the release.
Under `accelerate launch` rank 0 owns the run directory and the editor; other ranks train their shards."""

from __future__ import annotations

import datetime as dt
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from remake.data.lock import run_lock
from remake.data.rundir import RunDir, open_run
from remake.errors import RemakeError
from remake.files import write_json
from remake.harvest import checkpoint, distributed
from remake.harvest.build import Built, build_follower, build_harvest, load_data
from remake.harvest.config import RESUMABLE, HarvestConfig
from remake.options import flags, to_plain
from remake.secrets import REDACTED, scrub


@dataclass(frozen=True)
class HarvestResult:
    run_dir: Path
    finished: bool                    # False: interrupted (Ctrl-C); resume with `resume(run_dir)`
    release_dir: Path | None = None   # the dataset release, unless config.release is off or unfinished
    report: Path | None = None        # the run's HTML report (remake report)
    editor_failed: str | None = None  # when every rewrite attempt failed (e.g. on its calls): the first reason


def start(config: HarvestConfig) -> HarvestResult:
    """A fresh harvest. A start that fails before training leaves no run directory behind."""
    ranks = distributed.ranks_from_env()
    distributed.setup(ranks)
    if not ranks.main:
        return _follow()
    data = load_data(config, config.recipe())  # a bad recipe, mapping or data file fails before torch loads
    config = config.with_teacher()
    run = RunDir(config.run_dir or default_run_dir(config))
    if run.config.is_file():
        raise RemakeError(f"{run.root} already holds a run: resume it with --resume {run.root} or pick another --run-dir")
    created = _first_missing(run.root)  # the outermost folder this start creates, if any
    run.root.mkdir(parents=True, exist_ok=True)
    with run_lock(run.root):
        try:
            built = build_harvest(config, run, data)
        except BaseException:
            if created is not None:
                shutil.rmtree(created, ignore_errors=True)
            raise
        return _run(config, run, built, ranks)


def resume(run_dir: Path | str, changes: dict[str, Any] | None = None) -> HarvestResult:
    """Continue an interrupted harvest with the configuration it stored. `changes` (dotted settings, e.g.
    {"editor.base_url": URL}) may only touch RESUMABLE ones: endpoints, concurrency, budgets, device."""
    ranks = distributed.ranks_from_env()
    distributed.setup(ranks)
    if not ranks.main:
        return _follow()
    run = open_run(run_dir)
    saved = run.load_config()
    config = HarvestConfig.from_dict(saved["harvest"])
    config = _resumed(run, saved, config, changes or {})
    with run_lock(run.root):  # two processes on one run would interleave its records
        _check_checkpoint(run)
        return _run(config, run, build_harvest(config, run), ranks)


def _check_checkpoint(run: RunDir) -> None:
    """Epochs on record need their checkpoint: restarting without it would discard them. One epoch without
    one is what a failed first checkpoint (a full disk) leaves: that epoch is run again."""
    recorded = run.epoch_rows()
    if len(recorded) > 1 and checkpoint.latest(run.state) is None:
        raise RemakeError(f"{run.root} records {len(recorded)} epoch(s) in metrics.jsonl but has no checkpoint in "
                          f"{run.state.name}/ (deleted?): restore it, or start a new harvest")


def _resumed(run: RunDir, saved: dict[str, Any], config: HarvestConfig, changes: dict[str, Any]) -> HarvestConfig:
    stored = config.to_dict()
    changed = {path: value for path, value in changes.items() if _value(stored, path) != to_plain(value)}
    names = flags(HarvestConfig)
    refused = sorted(names.get(path, path) for path in changed if path not in RESUMABLE)
    if refused:
        raise RemakeError(f"--resume keeps the settings that decide the result: drop {', '.join(refused)} "
                          "(or start a new run with them)")
    config = config.with_changes(changed) if changed else config
    for path in ("editor.base_url", "generate_base_url"):
        if REDACTED in str(_value(config.to_dict(), path) or ""):
            raise RemakeError(f"this run's {names[path]} held a secret, which remake never stores: resume with "
                              f"`remake --resume {run.root} {names[path]} URL`")
    if changed:
        stamp = dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")
        saved["harvest"] = scrub(config.to_dict())
        saved["resumes"] = [*saved.get("resumes", []), {"time": stamp, "changed": scrub(
            {names.get(path, path): to_plain(value) for path, value in changed.items()})}]
        write_json(run.config, saved)
    return config


def _value(values: dict[str, Any], path: str) -> Any:
    for part in path.split("."):
        values = values[part]
    return values


def _first_missing(path: Path) -> Path | None:
    missing = None
    for folder in (path, *path.parents):
        if folder.exists():
            return missing
        missing = folder
    return missing


def _summary(run: RunDir, usage: dict) -> dict:
    """The final numbers a tracker gets: the last epoch's loss and accuracy, epochs run, editor usage."""
    rows = run.epoch_rows()
    last = rows[-1] if rows else {}
    return {"epochs": len(rows), "mean_loss": last.get("mean_loss"), "heldout_accuracy": last.get("heldout_accuracy"),
            "rewrites_accepted": sum(int(row.get("rewrites_accepted") or 0) for row in rows),
            "editor": {k: v for k, v in usage.items() if k != "filter_models"}}


def default_run_dir(config: HarvestConfig) -> Path:
    stamp = dt.datetime.now(dt.timezone.utc).strftime("%Y%m%d-%H%M%S")
    return Path("runs") / f"{Path(config.data.recipe).stem}-{stamp}"


def _run(config: HarvestConfig, run: RunDir, built: Built, ranks: distributed.Ranks) -> HarvestResult:
    if ranks.world > 1:
        distributed.broadcast(str(run.root))
    harvest = built.harvest
    try:
        finished = harvest.run_all()
        usage = built.editor.usage() if built.editor else {}
        if harvest.symbolic is not None:
            usage["filter_models"] = harvest.symbolic.filters.model_usage()
        if finished and harvest.trackers is not None:
            harvest.trackers.finish(_summary(run, usage))
    finally:
        built.close()
    from remake.report import write_report

    if not finished:
        return HarvestResult(run.root, finished=False, report=write_report(run.root))
    harvest.finish(usage)
    report = write_report(run.root)
    failed = _editor_failed(run)
    if not config.release:
        return HarvestResult(run.root, finished=True, report=report, editor_failed=failed)
    from remake.release.build import release_run

    return HarvestResult(run.root, finished=True, release_dir=release_run(run.root, config.out, config.dataset),
                         report=report, editor_failed=failed)


def _editor_failed(run: RunDir) -> str | None:
    """The first reason, when the editor was asked and every attempt failed (a wrong URL or model)."""
    attempts = run.rewrite_rows()
    if attempts and all(attempt.editor_status == "failed" for attempt in attempts):
        return attempts[0].reason
    return None


def _follow() -> HarvestResult:
    """A rank other than 0: train the shards of the run rank 0 created or resumed."""
    run = open_run(Path(distributed.broadcast(None)))
    config = HarvestConfig.from_dict(run.load_config()["harvest"])
    finished = distributed.follow(build_follower(config, run), run.state, config.epochs)
    return HarvestResult(run.root, finished=finished)
