"""A whole harvest from a HarvestConfig: the run directory, the loop, the final records and the release.
Under `accelerate launch` rank 0 owns the run directory and the editor; other ranks train their shards."""

from __future__ import annotations

import datetime as dt
import shutil
from dataclasses import dataclass
from pathlib import Path

from remake.data.rundir import RunDir, open_run
from remake.errors import RemakeError
from remake.harvest import distributed
from remake.harvest.build import Built, build_follower, build_harvest, run_recipe, with_teacher
from remake.harvest.config import HarvestConfig


@dataclass(frozen=True)
class HarvestResult:
    run_dir: Path
    finished: bool                    # False: interrupted (Ctrl-C); resume with `resume(run_dir)`
    release_dir: Path | None = None   # the dataset release, unless config.release is off or unfinished


def start(config: HarvestConfig, command: str = "") -> HarvestResult:
    """A fresh harvest. A start that fails before training leaves no run directory behind."""
    ranks = distributed.ranks_from_env()
    distributed.setup(ranks)
    if not ranks.main:
        return _follow()
    config = with_teacher(config)
    run_recipe(config)  # a bad recipe, data file or field mapping fails before anything is written
    run = RunDir(config.run_dir or default_run_dir(config))
    if run.config.is_file():
        raise RemakeError(f"{run.root} already holds a run: resume it with --resume {run.root} or pick another --run-dir")
    created = not run.root.exists()
    run.root.mkdir(parents=True, exist_ok=True)
    try:
        built = build_harvest(config, run, command)
    except BaseException:
        if created:
            shutil.rmtree(run.root, ignore_errors=True)
        raise
    return _run(config, run, built, ranks)


def resume(run_dir: Path | str) -> HarvestResult:
    """Continue an interrupted harvest with the configuration it stored."""
    ranks = distributed.ranks_from_env()
    distributed.setup(ranks)
    if not ranks.main:
        return _follow()
    run = open_run(run_dir)
    saved = run.load_config()
    if not isinstance(saved.get("harvest"), dict):
        raise RemakeError(f"{run.config} holds no harvest configuration (written by an older remake?): "
                          "start a new harvest")
    config = HarvestConfig.from_dict(saved["harvest"])
    return _run(config, run, build_harvest(config, run, saved.get("command", "")), ranks)


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
    finally:
        built.close()
    if not finished:
        return HarvestResult(run.root, finished=False)
    harvest.finish(usage)
    if not config.release:
        return HarvestResult(run.root, finished=True)
    from remake.release.build import release_run

    return HarvestResult(run.root, finished=True, release_dir=release_run(run.root, config.out))


def _follow() -> HarvestResult:
    """A rank other than 0: train the shards of the run rank 0 created or resumed."""
    run = open_run(Path(distributed.broadcast(None)))
    config = HarvestConfig.from_dict(run.load_config()["harvest"])
    finished = distributed.follow(build_follower(config, run), run.state, config.epochs)
    return HarvestResult(run.root, finished=finished)
