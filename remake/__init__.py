"""remake: remake training datasets with Neurosymbolic LoRA (NS-LoRA, arXiv 2601.12711).

The Python API, and the only door the `remake` command goes through:

    import remake
    config = remake.HarvestConfig(data=remake.DataConfig("gsm-symbolic", size=64), epochs=2)
    result = remake.run_harvest(config)             # run directory + release
    remake.push(result.release_dir, "you/gsm-remade")
    remake.run_transfer(result.release_dir, remake.TransferConfig(student="qwen2.5-7b"))

Configs are typed dataclasses, validated on construction (a bad value raises RemakeError with the
fix); every function returns a typed result. Heavy libraries (torch, transformers, textgrad) load only
when a function runs. The stage packages (remake.harvest, remake.release, ...) are the implementation."""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

if TYPE_CHECKING:
    from remake.data.recipe import Recipe
    from remake.evaluation.config import EvalConfig
    from remake.evaluation.evaluate import EvalResult, ScoreResult
    from remake.filters.refilter import FilterReport
    from remake.harvest.config import HarvestConfig
    from remake.harvest.plan import Plan
    from remake.harvest.run import HarvestResult
    from remake.llm.llama_server import LlamaServer
    from remake.release.config import ReleaseConfig
    from remake.release.result import ReleaseResult
    from remake.reward.model import RewardTraining, TrainSettings
    from remake.reward.pairs import PairSettings
    from remake.transfer.config import TransferConfig
    from remake.transfer.result import TransferResult

# name -> module: configs, results and plug-in calls, imported on first use so that `import remake` is instant
_LAZY = {
    "DataConfig": "remake.data.config", "HarvestConfig": "remake.harvest.config", "DEMO": "remake.harvest.config",
    "EditorConfig": "remake.editor.config", "FilterConfig": "remake.filters.config",
    "TransferConfig": "remake.transfer.config", "ReleaseConfig": "remake.release.config",
    "EvalConfig": "remake.evaluation.config", "TrainSettings": "remake.reward.model",
    "PairSettings": "remake.reward.pairs", "EMBEDDED_ENCODER": "remake.filters.config",
    "HarvestResult": "remake.harvest.run", "Plan": "remake.harvest.plan", "ReleaseResult": "remake.release.result",
    "TransferResult": "remake.transfer.result", "EvalResult": "remake.evaluation.evaluate",
    "ScoreResult": "remake.evaluation.evaluate", "FilterReport": "remake.filters.refilter",
    "RewardTraining": "remake.reward.model", "RemakeError": "remake.errors",
    # plug-ins: one call each adds a choice to the CLI and the API
    "register_backend": "remake.llm.registry", "register_criterion": "remake.harvest.criteria",
    "register_filter": "remake.filters.base", "register_tracker": "remake.harvest.trackers",
    "register_answer_format": "remake.data.scoring", "AnswerFormat": "remake.data.scoring",
}
PLUGIN_ENV = "REMAKE_PLUGINS"          # comma-separated modules that register plug-ins, imported by the CLI
PLUGIN_GROUP = "remake.plugins"        # or a package's entry points in this group

__all__ = ["evaluate", "evaluate_reward", "filter_check", "load_plugins", "load_recipe", "make_release", "plan",
           "plugins", "push", "list_recipes", "refilter", "resume", "run_harvest", "run_transfer", "score", "serve",
           "train_reward", "write_report", *_LAZY]

Announce = Callable[[str], None]


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'remake' has no attribute {name!r}")


def run_harvest(config: HarvestConfig) -> HarvestResult:
    """Run an NS-LoRA harvest (Algorithm 1) and, unless `config.release` is off, release its dataset."""
    from remake.harvest.run import start

    return start(config)


def plan(config: HarvestConfig) -> Plan:
    """A dry run of `run_harvest(config)`: samples, tokens, LoRA steps, memory, editor calls and money, with
    nothing trained or called (`.lines()` to print, `.to_dict()` for JSON)."""
    from remake.harvest.plan import plan as make_plan

    return make_plan(config)


def resume(run_dir: str | Path, changes: Mapping[str, Any] | None = None) -> HarvestResult:
    """Continue an interrupted harvest from its run directory, with the configuration it stored; `changes`
    may move endpoints, concurrency, budgets or the device ({"editor.base_url": URL}), nothing else."""
    from remake.harvest.run import resume as resume_run

    return resume_run(run_dir, dict(changes or {}))


def make_release(run_dir: str | Path, out: str | Path = "out", options: ReleaseConfig | None = None) -> ReleaseResult:
    """Write (or find) the versioned dataset release of a run: OUT/<name>/<version>. `options`: a
    ReleaseConfig (name; mix "augment" keeps every original row and adds the rewrites; keep "fixed")."""
    from remake.release.build import release_run
    from remake.release.result import ReleaseResult

    return ReleaseResult.read(release_run(Path(run_dir), Path(out), options))


def push(release_dir: str | Path, repo_id: str, private: bool = False) -> str:
    """Publish a release on the Hugging Face Hub as one tagged commit; returns the commit's URL."""
    from remake.release.push import push_release

    return push_release(Path(release_dir), repo_id, private=private)


def run_transfer(release: str | Path, config: TransferConfig) -> TransferResult:
    """Fine-tune a student on a release's remade data and on its original data, and compare them."""
    from remake.transfer.run import run_transfer as transfer_run

    return transfer_run(str(release), config)


def evaluate(config: EvalConfig) -> EvalResult:
    """Score a model on a recipe split: accuracies in % and the file of its predictions."""
    from remake.evaluation.run import run_eval

    return run_eval(config)


def score(path: str | Path, recipe: str = "gsm8k", out: str | Path | None = None, output_field: str = "output",
          answer_field: str = "answer") -> ScoreResult:
    """Score a JSONL file of {output, answer} rows as `evaluate` does; the summary and the scored rows' file."""
    from remake.evaluation.score_file import score_file

    return score_file(Path(path), recipe, Path(out) if out else None, output_field, answer_field)


def refilter(run_dir: str | Path, overrides: Mapping[str, Any] | None = None, *, recipe: str | None = None,
             editor_model: str | None = None, editor_base_url: str | None = None, editor_backend: str | None = None,
             announce: Announce | None = None) -> FilterReport:
    """Re-judge a harvest's rewrites with its own filter settings and models (its editor as judge and
    solver), `overrides` (FilterConfig fields) on top; rewrites.jsonl gets the new verdicts."""
    from remake.data.rundir import open_run
    from remake.filters.refilter import refilter_run

    models = _filter_models(open_run(run_dir).load_config(), editor_model, editor_base_url, editor_backend)
    return refilter_run(Path(run_dir), dict(overrides or {}), recipe, models, announce=announce)


def filter_check(pairs: str | Path, out: str | Path | None = None, overrides: Mapping[str, Any] | None = None, *,
                 recipe: str | None = None, editor_model: str | None = None, editor_base_url: str | None = None,
                 editor_backend: str | None = None, announce: Announce | None = None) -> FilterReport:
    """Judge a JSONL file of {question, answer, rewrite} pairs with a harvest's default chain and models."""
    from remake.filters.refilter import check_pairs

    models = _filter_models(None, editor_model, editor_base_url, editor_backend)
    return check_pairs(Path(pairs), Path(out) if out else None, recipe, dict(overrides or {}), models,
                       announce=announce)


def write_report(target: str | Path, out: str | Path | None = None) -> Path:
    """Write the self-contained HTML report of a run directory, release or transfer folder; its path."""
    from remake.report import write_report as write

    return write(Path(target), Path(out) if out else None)


def train_reward(run_dirs: list[str | Path], out: str | Path, settings: TrainSettings | None = None,
                 pairs: PairSettings | None = None) -> RewardTraining:
    """Train the reward classifier (`--criterion reward`) on preference pairs from earlier runs."""
    from remake.reward.model import TrainSettings, train
    from remake.reward.pairs import PairSettings

    return train(run_dirs, Path(out), settings or TrainSettings(), pairs or PairSettings())


def evaluate_reward(model: str | Path, run_dir: str | Path, p: float = 0.1, margin: float | None = None) -> dict[str, Any]:
    """A reward classifier on one run: pair accuracy on unseen questions and agreement with C1's routing."""
    from remake.reward.model import evaluate as evaluate_model

    return evaluate_model(Path(model), run_dir, p, margin)


def serve(model: str, port: int = 8080, host: str = "127.0.0.1", n_ctx: int = 4096,
          n_threads: int | None = None) -> LlamaServer:
    """An embedded model (alias) or a .gguf file behind llama.cpp's OpenAI-compatible server; use it as a
    context manager (`with remake.serve("qwen2.5-coder-1.5b") as server: server.base_url`)."""
    from remake.llm.llama_server import serve_model

    return serve_model(model, port=port, host=host, n_ctx=n_ctx, n_threads=n_threads)


def list_recipes() -> list[Recipe]:
    """The recipes that ship with remake."""
    from remake.data.recipe import load_recipe as load
    from remake.data.recipe import recipe_names

    return [load(name) for name in recipe_names()]


def load_recipe(name_or_path: str) -> Recipe:
    """A shipped recipe by name, or a recipe .yaml file."""
    from remake.data.recipe import load_recipe as load

    return load(name_or_path)


def plugins() -> dict[str, tuple[str, ...]]:
    """The registered plug-ins of every kind, built-in and added (`register_backend`, `register_criterion`,
    `register_filter` in chain order, `register_tracker`, `register_answer_format`)."""
    from remake.data.scoring import ANSWER_FORMATS
    from remake.filters.base import filter_names
    from remake.harvest.criteria import criterion_names
    from remake.harvest.trackers import tracker_names
    from remake.llm.registry import BACKENDS

    return {"backends": BACKENDS.names(), "criteria": criterion_names(), "filters": filter_names(),
            "trackers": tracker_names(), "answer formats": ANSWER_FORMATS.names()}


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


def _filter_models(saved: Mapping[str, Any] | None, model: str | None, base_url: str | None,
                   backend: str | None) -> Any:
    """The judge and solver a harvest used: the editor of a run's config.json (`saved`; the default editor
    without one), with `model` / `base_url` / `backend` laid on top."""
    from dataclasses import replace

    from remake.editor.config import EditorConfig
    from remake.filters.refilter import FilterModels
    from remake.harvest.config import HarvestConfig

    stored = (saved or {}).get("harvest") or {}
    editor = HarvestConfig.from_dict(stored).editor if stored else EditorConfig()
    if model is not None or base_url is not None:
        editor = replace(editor, model=model or editor.model, base_url=base_url if base_url is not None
                         else (None if model is not None else editor.base_url))
    if backend is not None:
        editor = replace(editor, backend=backend)
    return FilterModels(editor.endpoint(), editor.call_policy())

