"""remake: remake training datasets with Neurosymbolic LoRA (NS-LoRA, arXiv 2601.12711).

The Python API (the `remake` command is a thin layer over it):

    import remake
    config = remake.HarvestConfig(data=remake.DataConfig("gsm-symbolic", size=64), epochs=2)
    result = remake.harvest(config)                 # run directory + release
    remake.push(result.release_dir, "you/gsm-remade")
    remake.transfer(result.release_dir, remake.TransferConfig(student="qwen2.5-7b"))

Configs are typed dataclasses, validated on construction (a bad value raises RemakeError with the
fix); heavy libraries (torch, transformers, textgrad) load only when a function runs."""

from __future__ import annotations

import importlib
import sys
import types
from pathlib import Path
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

if TYPE_CHECKING:
    from remake.harvest.run import HarvestResult

# name -> module: configs and results, imported on first use so that `import remake` stays instant
_LAZY = {
    "DataConfig": "remake.data.config", "HarvestConfig": "remake.harvest.config",
    "EditorConfig": "remake.editor.config", "FilterConfig": "remake.filters.config",
    "TransferConfig": "remake.transfer.config", "ReleaseConfig": "remake.release.config",
    "EvalConfig": "remake.evaluation.config",
    "HarvestResult": "remake.harvest.run", "RemakeError": "remake.errors",
    # plug-ins: one call each adds a choice to the CLI and the API
    "register_backend": "remake.llm.registry", "register_criterion": "remake.harvest.criteria",
    "register_filter": "remake.filters.base", "register_tracker": "remake.harvest.trackers",
}

__all__ = ["evaluate", "harvest", "load_plugins", "plan", "plugins", "push", "refilter", "release", "report", "resume",
           "score", "transfer", *_LAZY]

PLUGIN_ENV = "REMAKE_PLUGINS"          # comma-separated modules that register plug-ins, imported by the CLI
PLUGIN_GROUP = "remake.plugins"        # or a package's entry points in this group


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'remake' has no attribute {name!r}")


def harvest(config: Any, command: str = "") -> HarvestResult:
    """Run an NS-LoRA harvest (Algorithm 1) and, unless `config.release` is off, release its dataset."""
    from remake.harvest.run import start

    return start(config, command)


def plan(config: Any) -> Any:
    """A dry run of `harvest(config)`: samples, tokens, LoRA steps, memory, editor calls and money, with
    nothing trained or called (`.lines()` to print, `.to_dict()` for JSON)."""
    from remake.harvest.plan import plan as make_plan

    return make_plan(config)


def resume(run_dir: str | Path, changes: dict[str, Any] | None = None) -> HarvestResult:
    """Continue an interrupted harvest from its run directory, with the configuration it stored; `changes`
    may move endpoints, concurrency, budgets or the device ({"editor.base_url": URL}), nothing else."""
    from remake.harvest.run import resume as resume_run

    return resume_run(run_dir, changes)


def release(run_dir: str | Path, out: str | Path = "out", options: Any = None) -> Path:
    """Write (or find) the versioned dataset release of a run: OUT/<name>/<version>. `options`: a
    ReleaseConfig (name; mix "augment" keeps every original row and adds the rewrites; keep "fixed")."""
    from remake.release.build import release_run

    return release_run(Path(run_dir), Path(out), options)


def push(release_dir: str | Path, repo_id: str, private: bool = False) -> str:
    """Publish a release on the Hugging Face Hub as one tagged commit; returns the commit's URL."""
    from remake.release.push import push_release

    return push_release(Path(release_dir), repo_id, private=private)


def transfer(release: str | Path, config: Any) -> tuple[dict[str, Any], Path]:
    """Fine-tune a student on a release's remade data and on its original data; the report and its folder."""
    from remake.transfer.run import run_transfer

    return run_transfer(str(release), config)


def evaluate(config: Any) -> tuple[dict[str, Any], Path]:
    """Score a model on a recipe split; the summary (accuracies in %) and the folder of its predictions."""
    from remake.evaluation.run import run_eval

    result, out = run_eval(config)
    return result.summary, out


def score(path: str | Path, recipe: str = "gsm8k", out: str | Path | None = None) -> tuple[dict[str, Any], Path]:
    """Score a JSONL file of {output, answer} rows as `evaluate` does; the summary and the scored rows' file."""
    from remake.evaluation.score_file import score_file

    return score_file(Path(path), recipe, Path(out) if out else None)


def refilter(run_dir: str | Path, **overrides: Any) -> Any:
    """Re-judge a harvest's rewrites with its own filter settings and models (its editor as judge and
    solver), `overrides` (FilterConfig fields) on top; rewrites.jsonl gets the new verdicts. Returns the
    outcome (`.verdicts`, `.summary()`)."""
    from remake.data.rundir import open_run
    from remake.filters.refilter import refilter_run
    from remake.harvest.build import filter_models

    return refilter_run(Path(run_dir), overrides, models=filter_models(open_run(run_dir).load_config()))


def report(target: str | Path, out: str | Path | None = None) -> Path:
    """Write the self-contained HTML report of a run directory, release or transfer folder; its path."""
    from remake.report import write_report

    return write_report(Path(target), Path(out) if out else None)


def plugins() -> dict[str, tuple[str, ...]]:
    """The registered plug-ins of every kind, built-in and added (`register_backend`, `register_criterion`,
    `register_filter` in chain order, `register_tracker`)."""
    from remake.filters.base import filter_names
    from remake.harvest.criteria import criterion_names
    from remake.harvest.trackers import tracker_names
    from remake.llm.registry import BACKENDS

    return {"backends": BACKENDS.names(), "criteria": criterion_names(), "filters": filter_names(),
            "trackers": tracker_names()}


def load_plugins(modules: str | None = None) -> list[str]:
    """Import the modules that register plug-ins: `modules` (comma-separated; default $REMAKE_PLUGINS) and
    every entry point of the `remake.plugins` group of the installed packages. Their names, in order."""
    import os
    from importlib import metadata

    from remake.errors import RemakeError

    names = [name.strip() for name in (modules if modules is not None else os.environ.get(PLUGIN_ENV, "")).split(",")]
    targets = [(name, name) for name in names if name]
    targets += [(point.name, point.value) for point in metadata.entry_points(group=PLUGIN_GROUP)]
    for label, target in targets:
        try:
            importlib.import_module(target.partition(":")[0])
        except ImportError as error:
            raise RemakeError(f"plug-in {label!r} ({target}) cannot be imported: {error}; fix ${PLUGIN_ENV} or "
                              f"install its package") from error
    return [label for label, _ in targets]


class _Api(types.ModuleType):
    """`harvest`, `release`, `report` and `transfer` name both an API function and a stage package. Importing a
    submodule (remake.harvest.loop) binds the package as an attribute of `remake`; keep the function
    there (the package stays importable by its dotted name through sys.modules)."""

    def __setattr__(self, name: str, value: Any) -> None:
        if isinstance(value, types.ModuleType) and callable(self.__dict__.get(name)):
            return
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Api
