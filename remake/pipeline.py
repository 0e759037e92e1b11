"""Wiring a harvest from validated options: data, teacher with LoRA, editor, filters, criterion.
Kept apart from the loop so that `remake.harvest` reads like Algorithm 1 and nothing else."""

from __future__ import annotations

import argparse
from importlib import metadata
from pathlib import Path
from typing import Any

from transformers import set_seed

from remake.cli.common import recipe_from_args
from remake.cli.editor_options import editor_config_from_args
from remake.cli.filter_options import filter_config_from_args
from remake.criteria import make_criterion
from remake.data import Sample, load_samples
from remake.distributed import DistributedTrainer, ranks_from_env
from remake.files import write_json, write_jsonl
from remake.harvest import Harvest, LoopSettings
from remake.memory import TrainingShape, preflight
from remake.models import load_model, pick_device, resolve
from remake.recipes import Recipe
from remake.rundir import RunDir
from remake.saturation import SaturationRule
from remake.teacher import Teacher
from remake.training import LoraSettings, NumericalTrainer, attach_lora

PACKAGES = ("remake", "torch", "transformers", "peft", "datasets", "huggingface_hub", "sentence-transformers",
            "textgrad", "openai", "reasoning-gym", "math-verify")


def default_teacher(device: str) -> str:
    return "llama3.1-8b" if device.startswith("cuda") else "smollm2-135m"


def build_harvest(options: argparse.Namespace, run: RunDir, command: str) -> tuple[Harvest, Any]:
    device = pick_device(options.device)
    options.teacher_model = options.teacher_model or default_teacher(device)
    recipe = _recipe(options)
    fresh = not run.train_data.is_file()
    if fresh:
        train = load_samples(recipe, "train", limit=options.limit)
        test = load_samples(recipe, "test")
        write_run_config(run, options, recipe, resolve(options.teacher_model), command)
        snapshot_data(run, train, test)
    else:
        train, test = run.samples("train"), run.samples("test")
    heldout = test[: options.eval_size]
    print(_cost_line(options, recipe, len(train), len(heldout), device), flush=True)
    settings = lora_settings(options)
    if device.startswith("cuda"):  # refuse, with the fix, before minutes of loading what cannot fit
        print(preflight(options.teacher_model, device, memory_shape(options, settings, recipe)), flush=True)
    editor = _editor(options, recipe, run) if options.criterion != "none" else None
    set_seed(options.seed)  # LoRA's initial weights and dropout: the same seed gives the same run
    model, tokenizer, _ = load_model(options.teacher_model, device=device, load_in_4bit=options.load_in_4bit)
    model = attach_lora(model, settings)
    trainer = make_trainer(model, tokenizer, settings, recipe.max_length, options.seed, train)
    teacher = Teacher(model, tokenizer, recipe, recipe.max_new_tokens, served=served_generator(options, recipe))
    loop = LoopSettings(epochs=options.epochs, p=options.p, max_scan_fraction=options.max_scan_fraction,
                        update_system_prompt=options.update_system_prompt, seed=options.seed,
                        rule=SaturationRule(options.warmup_epochs, options.symbolic_every, options.saturation_tol))
    symbolic = _symbolic(options, recipe, editor) if editor else None
    criterion = make_criterion(options.criterion, options.k, _reward_scorer(options))
    harvest = Harvest(run=run, recipe=recipe, settings=loop, trainer=trainer, teacher=teacher,
                      criterion=criterion, symbolic=symbolic, heldout=heldout, originals=train)
    return harvest, editor


def lora_settings(options: argparse.Namespace) -> LoraSettings:
    return LoraSettings(r=options.lora_r, alpha=options.lora_alpha, dropout=options.lora_dropout,
                        target_modules=_targets(options.target_modules), lr=options.lr, batch_size=options.batch_size)


def memory_shape(options: argparse.Namespace, settings: LoraSettings, recipe: Recipe) -> TrainingShape:
    checkpointing = settings.gradient_checkpointing is not False  # attach_lora: on for CUDA
    per_rank = -(-settings.batch_size // ranks_from_env().world)  # each DDP rank holds its shard of a batch
    return TrainingShape(batch_size=per_rank, max_length=recipe.max_length, lora_r=settings.r,
                         target_modules=settings.target_modules, lora_dropout=settings.dropout,
                         gradient_checkpointing=checkpointing, load_in_4bit=options.load_in_4bit)


def build_follower(options: argparse.Namespace, run: RunDir) -> NumericalTrainer:
    """The trainer of a rank other than 0: rank 0's stored options and samples, the same LoRA set-up."""
    settings = lora_settings(options)
    model, tokenizer, _ = load_model(options.teacher_model, device=pick_device(options.device),
                                     load_in_4bit=options.load_in_4bit)
    return make_trainer(attach_lora(model, settings), tokenizer, settings, _recipe(options).max_length,
                        options.seed, run.samples("train"))


def make_trainer(model: Any, tokenizer: Any, settings: LoraSettings, max_length: int, seed: int,
                 train: list[Sample]) -> NumericalTrainer:
    """Under `accelerate launch` / torchrun (WORLD_SIZE > 1) each rank trains its shard (DDP)."""
    kind = DistributedTrainer if ranks_from_env().world > 1 else NumericalTrainer
    return kind(model, tokenizer, settings, max_length, seed, samples=train)


def served_generator(options: argparse.Namespace, recipe: Recipe) -> Any:
    if not getattr(options, "generate_base_url", None):
        return None
    from remake.served import ServedGenerator

    return ServedGenerator(options.generate_base_url, recipe.max_new_tokens)


def _recipe(options: argparse.Namespace) -> Recipe:
    recipe = recipe_from_args(options)
    changes = {key: value for key, value in (("max_length", options.max_length),
                                             ("max_new_tokens", options.max_new_tokens)) if value}
    return recipe.model_copy(update=changes) if changes else recipe


def _targets(text: str) -> str | tuple[str, ...]:
    return text if text == "all-linear" else tuple(part.strip() for part in text.split(",") if part.strip())


def _editor(options: argparse.Namespace, recipe: Recipe, run: RunDir) -> Any:
    from remake.editor import Editor

    editor = Editor(editor_config_from_args(options), recipe, log_path=run.root / "editor_calls.jsonl")
    editor.preflight()  # a missing key or unreachable endpoint fails before any training
    return editor


def _symbolic(options: argparse.Namespace, recipe: Recipe, editor: Any) -> Any:
    from remake.filters import FilterChain
    from remake.symbolic import SymbolicPhase

    config = filter_config_from_args(options)
    served = served_generator(options, recipe) if not config.solver else None  # --generate-base-url
    solver = served.solver(recipe) if served else make_solver(config.solver or editor.config.model, recipe, editor)
    chain = FilterChain(config, recipe, solver=solver, judge=solver)
    return SymbolicPhase(editor=editor, filters=chain, recipe=recipe, criterion=options.criterion)


def make_solver(model: str, recipe: Recipe, editor: Any) -> Any:
    """The answer-invariance solver: the editor's own endpoint (served or remote) when it is the editor's
    model, else an embedded model in process, else none (reported inconclusive)."""
    from remake.editor.engines import LocalBackend
    from remake.editor.solver import HttpSolver
    from remake.filters import LocalSolver
    from remake.models import EMBEDDED

    if model == editor.config.model and not isinstance(editor.backend, LocalBackend):
        return HttpSolver(editor.backend, editor.config, recipe)
    return LocalSolver(model, recipe, recipe.max_new_tokens) if model in EMBEDDED else None


def _reward_scorer(options: argparse.Namespace) -> Any:
    if options.criterion != "reward":
        return None
    from remake.reward import load_scorer

    return load_scorer(Path(options.reward_model))


def _cost_line(options: argparse.Namespace, recipe: Recipe, n_train: int, n_heldout: int, device: str) -> str:
    steps = -(-n_train // options.batch_size) * options.epochs
    editor = "no editor (LoRA only)" if options.criterion == "none" else f"editor {options.editor_model}"
    return (f"harvest {recipe.name}: {n_train} samples × {options.epochs} epochs = {steps} LoRA steps on {device} "
            f"(teacher {options.teacher_model}, max length {recipe.max_length}); held-out {n_heldout} items "
            f"× {recipe.max_new_tokens} new tokens per epoch; criterion {options.criterion}; {editor}")


def write_run_config(run: RunDir, options: argparse.Namespace, recipe: Recipe, teacher: Any, command: str) -> None:
    """config.json: every option, the recipe, resolved model ids, package versions and the seed."""
    versions = {}
    for name in PACKAGES:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = None
    stored = {key: (str(value) if isinstance(value, Path) else value) for key, value in vars(options).items()}
    editor = editor_config_from_args(options)
    write_json(run.config, {
        "recipe": recipe.model_dump(mode="json"), "options": stored, "seed": options.seed,
        "teacher": {"alias": teacher.name, "model_id": teacher.model_id},
        "editor": {"model": editor.model, "base_url": editor.base_url},
        "source": {"dataset": recipe.source.dataset, "config": recipe.source.config,
                   "revision": recipe.source.revision, "type": recipe.source.type},
        "versions": versions, "command": command,
    })


def snapshot_data(run: RunDir, train: list[Sample], test: list[Sample]) -> None:
    write_jsonl(run.train_data, [s.to_dict() for s in train])
    write_jsonl(run.test_data, [s.to_dict() for s in test])
