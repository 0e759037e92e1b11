"""Wiring a harvest from its validated HarvestConfig: data, teacher with LoRA, editor, filters, criterion.
Kept apart from the loop so that remake.harvest.loop reads like Algorithm 1 and nothing else."""

from __future__ import annotations

from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from remake.data.recipe import Recipe
from remake.data.rundir import RunDir
from remake.data.samples import Sample, load_samples
from remake.env import command_line
from remake.errors import RemakeError
from remake.harvest.config import HarvestConfig
from remake.harvest.criteria import CriterionSettings, make_criterion
from remake.harvest.distributed import DistributedTrainer, ranks_from_env
from remake.harvest.loop import Harvest, LoopSettings
from remake.harvest.numerical import LoraSettings, NumericalTrainer, attach_lora
from remake.harvest.teacher import Teacher
from remake.harvest.trackers import Trackers, check_tracker
from remake.models.memory import TrainingShape, preflight
from remake.models.registry import load_model, pick_device, require_device


@dataclass
class Built:
    """What a harvest runs on, and what must be closed after it (the editor, a generation server, the
    teacher's server, trackers), closed in the reverse order of their making."""

    harvest: Harvest
    editor: Any
    parts: ExitStack

    def close(self) -> None:
        self.parts.close()


def load_data(config: HarvestConfig, recipe: Recipe) -> tuple[list[Sample], list[Sample]]:
    """The train and test samples a fresh run starts from (a bad data file fails here, before torch loads)."""
    return load_samples(recipe, "train", limit=config.limit), load_samples(recipe, "test")


def build_harvest(config: HarvestConfig, run: RunDir, data: tuple[list[Sample], list[Sample]] | None = None) -> Built:
    """Everything is checked (data, editor preflight, model load) before a fresh run writes anything.
    `data`: the samples of a fresh run when already loaded; a resumed run reads its own."""
    recipe = config.recipe()
    check_tracker(config.report_to)  # a missing tracker library fails before any model loads
    fresh = not run.train_data.is_file()
    if fresh:
        train, test = data or load_data(config, recipe)
    else:
        train, test = run.samples("train"), run.samples("test")
    device = pick_device(config.device)
    require_device(device)
    heldout = test[: config.eval_size]
    print(_cost_line(config, recipe, len(train), len(heldout), device), flush=True)
    settings = config.lora()
    # refuse, with the fix, before minutes of loading (and training) what cannot fit
    print(preflight(str(config.teacher_model), device, memory_shape(config, settings, recipe, device)), flush=True)
    with ExitStack() as parts:  # a failed build closes what it made; a built harvest takes them over
        editor = _editor(config, recipe, run) if config.uses_editor else None
        if editor is not None:
            parts.callback(editor.close)
        generator = remote_generator(config, recipe)
        if generator is not None:
            parts.callback(generator.close)
        harvest = _harvest(config, recipe, run, device, settings, train, heldout, editor, generator)
        if harvest.teacher.served not in (None, generator):
            parts.callback(harvest.teacher.served.close)
        if config.report_to != "none":
            harvest.trackers = Trackers(config.report_to, run.root, config.to_dict())
            parts.callback(harvest.trackers.close)
        if fresh:
            run.write_config(config.run_record(recipe, command_line()))
            run.write_samples(train, test)
        owned = parts.pop_all()
    return Built(harvest=harvest, editor=editor, parts=owned)


def _harvest(config: HarvestConfig, recipe: Recipe, run: RunDir, device: str, settings: LoraSettings,
             train: list[Sample], heldout: list[Sample], editor: Any, generator: Any) -> Harvest:
    from transformers import set_seed

    set_seed(config.seed)  # LoRA's initial weights and dropout: the same seed gives the same run
    model, tokenizer, _ = load_model(str(config.teacher_model), device=device, load_in_4bit=config.load_in_4bit)
    model = attach_lora(model, settings)
    trainer = make_trainer(model, tokenizer, settings, recipe.max_length, config.seed, train)
    served = generator or teacher_generator(config, recipe, tokenizer, device)
    teacher = Teacher(model, tokenizer, recipe, recipe.max_new_tokens, served=served)
    loop = LoopSettings(epochs=config.epochs, p=config.p, max_scan_fraction=config.max_scan_fraction,
                        update_system_prompt=config.update_system_prompt, seed=config.seed, rule=config.saturation())
    symbolic = _symbolic(config, recipe, editor, generator) if editor else None
    criterion = make_criterion(config.criterion, CriterionSettings(k=config.k, reward_scorer=_reward_scorer(config)))
    return Harvest(run=run, recipe=recipe, settings=loop, trainer=trainer, teacher=teacher,
                   criterion=criterion, symbolic=symbolic, heldout=heldout, originals=train)


def memory_shape(config: HarvestConfig, settings: LoraSettings, recipe: Recipe, device: str) -> TrainingShape:
    """What the numerical phase holds on `device`: CUDA trains bf16 with checkpointing unless told otherwise,
    CPU fp32 without (attach_lora, load_model)."""
    cuda = device.startswith("cuda")
    checkpointing = cuda if settings.gradient_checkpointing is None else settings.gradient_checkpointing
    per_rank = -(-settings.batch_size // ranks_from_env().world)  # each DDP rank holds its shard of a batch
    return TrainingShape(batch_size=per_rank, max_length=recipe.max_length, lora_r=settings.r,
                         target_modules=settings.target_modules, lora_dropout=settings.dropout,
                         gradient_checkpointing=checkpointing, load_in_4bit=config.load_in_4bit,
                         bytes_per_weight=2 if cuda else 4, cuda=cuda)


def build_follower(config: HarvestConfig, run: RunDir) -> NumericalTrainer:
    """The trainer of a rank other than 0: rank 0's stored config and samples, the same LoRA set-up."""
    settings = config.lora()
    model, tokenizer, _ = load_model(str(config.teacher_model), device=pick_device(config.device),
                                     load_in_4bit=config.load_in_4bit)
    return make_trainer(attach_lora(model, settings), tokenizer, settings, config.recipe().max_length,
                        config.seed, run.samples("train"))


def make_trainer(model: Any, tokenizer: Any, settings: LoraSettings, max_length: int, seed: int,
                 train: list[Sample]) -> NumericalTrainer:
    """Under `accelerate launch` / torchrun (WORLD_SIZE > 1) each rank trains its shard (DDP)."""
    kind = DistributedTrainer if ranks_from_env().world > 1 else NumericalTrainer
    return kind(model, tokenizer, settings, max_length, seed, samples=train)


def remote_generator(config: HarvestConfig, recipe: Recipe) -> Any:
    """The one client of `--generate-base-url` (teacher scans, held-out scoring, the solver), or None."""
    if not config.generate_base_url:
        return None
    from remake.llm.remote_generator import RemoteGenerator

    return RemoteGenerator(config.generate_base_url, recipe.max_new_tokens)


def teacher_engine(config: HarvestConfig, device: str) -> str:
    """Where the teacher answers: "server" (--generate-base-url), "llama.cpp" (asked, or `auto` for an
    embedded teacher on CPU with llama-cpp-python installed) or "transformers" (in process)."""
    import importlib.util

    from remake.models.registry import EMBEDDED

    if config.generate_base_url:
        return "server"
    installed = importlib.util.find_spec("llama_cpp") is not None
    if config.teacher_generation == "llama.cpp" and not installed:
        raise RemakeError("--teacher-generation llama.cpp needs llama-cpp-python: pip install 'remake[server]'")
    automatic = (str(config.teacher_model) in EMBEDDED and device == "cpu" and installed and not config.load_in_4bit)
    chosen = config.teacher_generation == "llama.cpp" or (config.teacher_generation == "auto" and automatic)
    return "llama.cpp" if chosen else "transformers"


def teacher_generator(config: HarvestConfig, recipe: Recipe, tokenizer: Any, device: str) -> Any:
    """The teacher's llama.cpp generator, or None when it answers elsewhere."""
    if teacher_engine(config, device) != "llama.cpp":
        return None
    from remake.llm.llamacpp_generator import LlamaCppGenerator
    from remake.models.registry import gguf_path

    return LlamaCppGenerator(gguf_path(str(config.teacher_model)), tokenizer, recipe.max_new_tokens)


def _editor(config: HarvestConfig, recipe: Recipe, run: RunDir) -> Any:
    from remake.editor import Editor

    editor = Editor(config.editor, recipe, log_path=run.root / "editor_calls.jsonl")
    try:
        editor.preflight()  # a missing key or unreachable endpoint fails before any training
    except BaseException:
        editor.close()
        raise
    return editor


def _symbolic(config: HarvestConfig, recipe: Recipe, editor: Any, generator: Any) -> Any:
    from remake.filters import FilterChain
    from remake.harvest.symbolic import SymbolicPhase

    filters = config.filters
    if generator is not None and not filters.solver:  # --generate-base-url: the server's base model solves
        solver = generator_solver(generator, config, recipe, editor.policy.budget)
    else:
        solver = make_solver(filters.solver or editor.config.model, recipe, editor)
    chain = FilterChain(filters, recipe, solver=solver, judge=solver)
    return SymbolicPhase(editor=editor, filters=chain, recipe=recipe, criterion=config.criterion)


def generator_solver(generator: Any, config: HarvestConfig, recipe: Recipe, budget: Any) -> Any:
    """The filters' solver on the generation server's base model, cached like the editor's calls."""
    from remake.filters.solvers import HttpSolver
    from remake.llm.calls import CallPolicy
    from remake.llm.retry import RetryPolicy

    policy = CallPolicy(retry=RetryPolicy(generator.retries), cache_root=config.editor.cache_root, budget=budget)
    return HttpSolver(generator.base_backend(), policy, recipe, concurrency=generator.concurrency)


def make_solver(model: str, recipe: Recipe, editor: Any) -> Any:
    """The answer-invariance solver: the editor's own endpoint (served or remote) when it is the editor's
    model, else an embedded model in process, else none (reported inconclusive)."""
    from remake.filters.solvers import HttpSolver, LocalSolver
    from remake.llm.registry import capabilities
    from remake.llm.types import IN_PROCESS
    from remake.models.registry import EMBEDDED

    if model == editor.config.model and IN_PROCESS not in capabilities(editor.config.endpoint()):
        return HttpSolver(editor.backend, editor.policy, recipe, concurrency=editor.config.concurrency)
    return LocalSolver(model, recipe, recipe.max_new_tokens) if model in EMBEDDED else None


def _reward_scorer(config: HarvestConfig) -> Any:
    if config.criterion != "reward":
        return None
    from remake.reward.model import load_scorer

    return load_scorer(Path(str(config.reward_model)))


def _cost_line(config: HarvestConfig, recipe: Recipe, n_train: int, n_heldout: int, device: str) -> str:
    steps = -(-n_train // config.batch_size) * config.epochs
    editor = f"editor {config.editor.model}" if config.uses_editor else "no editor (LoRA only)"
    return (f"harvest {recipe.name}: {n_train} samples × {config.epochs} epochs = {steps} LoRA steps on {device} "
            f"(teacher {config.teacher_model}, max length {recipe.max_length}); held-out {n_heldout} items "
            f"× {recipe.max_new_tokens} new tokens per epoch; criterion {config.criterion}; {editor}")
