"""HarvestConfig: every setting of a harvest, its default and its help, in one place. The CLI builds its
flags from these fields (remake.cli.arguments), the Python API takes the dataclass, config.json stores it,
and `--resume` / `remake filter RUN_DIR` read it back. Validated once, on construction."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from remake.data.config import DataConfig
from remake.data.recipe import Recipe
from remake.editor.config import EditorConfig
from remake.env import package_versions
from remake.errors import RemakeError
from remake.filters.config import FilterConfig
from remake.harvest.criteria import CRITERIA, criterion_names
from remake.harvest.numerical import LoraSettings
from remake.harvest.saturation import SaturationRule
from remake.harvest.trackers import TRACKERS, tracker_names
from remake.models.registry import EMBEDDED, pick_device, resolve
from remake.options import coerce, from_dict, option, to_dict, url_problem
from remake.release.config import ReleaseConfig

# `--demo`: the README's main job, a whole harvest on the embedded models in a few minutes on 2 CPU cores
# (one editor iteration: each costs ~90 s with the embedded Qwen editor on 2 cores). Flags given win.
DEMO: dict[str, Any] = {"limit": 32, "epochs": 2, "eval_size": 8, "max_new_tokens": 48, "max_length": 96,
                        "p": 0.03, "saturation_tol": 0.2, "lr": 1e-4,
                        "editor": {"max_iterations": 1, "max_calls": 8}}


# the libraries whose versions a run records
PACKAGES = ("remake", "torch", "transformers", "peft", "datasets", "huggingface_hub", "sentence-transformers",
            "textgrad", "openai", "reasoning-gym", "math-verify")

TEACHER_GENERATION = ("auto", "transformers", "llama.cpp")

# Settings that say where models run and how much may be spent, not what the result is: a resumed
# harvest may change them (config.json records each change). Changing any other setting is refused.
RESUMABLE = ("device", "generate_base_url", "teacher_generation", "out", "release", "dataset.name", "dataset.mix", "dataset.keep",
             "editor.base_url", "editor.concurrency", "editor.max_calls", "editor.max_tokens", "editor.max_cost",
             "editor.use_cache", "editor.prices_file", "report_to")


@dataclass(frozen=True)
class HarvestConfig:
    data: DataConfig
    teacher_model: str | None = option(None, help="model trained with LoRA (default: llama3.1-8b on a GPU, "
                                                  "smollm2-135m on CPU)")
    criterion: str = option("loss-ratio", choices=criterion_names,
                            help="per-sample signal that routes samples to the editor; lower = saturated")
    epochs: int = option(10, help="at most this many epochs (paper: <= 10)")
    limit: int | None = option(None, help="use the first N training rows")
    k: float = option(0.05, help="loss-ratio threshold: |ratio| <= k is a candidate")
    p: float = option(0.1, help="fraction of the wrong samples sent to the editor")
    symbolic_every: int = option(1, help="symbolic phase at most every N epochs")
    warmup_epochs: int = option(1, help="numerical epochs before any symbolic phase")
    saturation_tol: float = option(0.05,
                                   help="saturated when the mean loss improves by less than this fraction")
    max_scan_fraction: float = option(0.25, help="at most this share of the training set is generated when "
                                                 "scanning candidates")
    eval_size: int = option(32, help="held-out test items scored each epoch")
    lr: float = option(LoraSettings.lr, help="AdamW learning rate (the paper's)")
    batch_size: int = option(LoraSettings.batch_size, help="training batch size")
    lora_r: int = option(LoraSettings.r, help="LoRA rank")
    lora_alpha: int = option(LoraSettings.alpha, help="LoRA alpha")
    lora_dropout: float = option(LoraSettings.dropout, help="LoRA dropout")
    target_modules: str = option(LoraSettings.target_modules, help="comma list of module names, or all-linear")
    max_length: int | None = option(None, help="training sequence length (default: the recipe's)")
    max_new_tokens: int | None = option(None, help="generation length (default: the recipe's)")
    update_system_prompt: bool = option(False, help="rewrite the system prompt from the editor's feedback after "
                                                    "each symbolic phase")
    reward_model: str | None = option(None, help="classifier folder for --criterion reward (`remake reward train`)")
    run_dir: Path | None = option(None, help="default: runs/<recipe>-<UTC time>")
    out: Path = option(Path("out"), help="where releases are written")
    release: bool = option(True, flag="--no-release", help="do not write a dataset release at the end")
    device: str | None = option(None, help="cpu, cuda, cuda:1 … (default: automatic)")
    load_in_4bit: bool = option(False, help="QLoRA: 4-bit base weights (CUDA)")
    generate_base_url: str | None = option(None, help="OpenAI-compatible server for candidate scans, held-out "
                                                      "scoring and solver calls, e.g. vLLM at "
                                                      "http://127.0.0.1:8000/v1 (default: in process)")
    teacher_generation: str = option("auto", choices=TEACHER_GENERATION,
                                     help="how the teacher answers scans, held-out questions and the editor's "
                                          "probes: transformers in process, or llama.cpp on an embedded teacher's "
                                          "GGUF with the adapter just trained (~6x faster on CPU); auto: llama.cpp "
                                          "for an embedded teacher on CPU when llama-cpp-python is installed")
    seed: int = option(0, help="random seed (LoRA init, dropout, batch plan, random criterion)")
    report_to: str = option("none", choices=tracker_names, help="also log each epoch's metrics and the final summary to "
                                                            "this experiment tracker (offline; no account needed)")
    editor: EditorConfig = field(default_factory=EditorConfig)
    filters: FilterConfig = field(default_factory=FilterConfig)
    dataset: ReleaseConfig = field(default_factory=ReleaseConfig)  # the release written at the end

    def __post_init__(self) -> None:
        coerce(self)
        bad_url = url_problem(self.generate_base_url, "--generate-base-url")
        checks = [(bad_url is None, str(bad_url)),
                  (self.epochs >= 1, "--epochs must be >= 1"), (0 < self.p <= 1, "--p must be in (0, 1]"),
                  (self.k >= 0, "--k must be >= 0"), (self.symbolic_every >= 1, "--symbolic-every must be >= 1"),
                  (self.warmup_epochs >= 0, "--warmup-epochs must be >= 0"),
                  (math.isfinite(self.lr) and self.lr > 0, "--lr must be a finite number > 0"),
                  (self.batch_size >= 1, "--batch-size must be >= 1"), (self.eval_size >= 0, "--eval-size must be >= 0"),
                  (0 < self.max_scan_fraction <= 1, "--max-scan-fraction must be in (0, 1]"),
                  (self.limit is None or self.limit >= 1, "--limit must be >= 1"),
                  (self.lora_r >= 1, "--lora-r must be >= 1"), (self.lora_alpha >= 1, "--lora-alpha must be >= 1"),
                  (0 <= self.lora_dropout < 1, "--lora-dropout must be in [0, 1)"),
                  (self.saturation_tol >= 0, "--saturation-tol must be >= 0"),
                  (self.max_length is None or self.max_length > 8, "--max-length must be > 8 tokens"),
                  (self.max_new_tokens is None or self.max_new_tokens >= 1, "--max-new-tokens must be >= 1"),
                  (self.criterion != "reward" or bool(self.reward_model), "--criterion reward needs --reward-model DIR"),
                  (not self.out.exists() or self.out.is_dir(), f"--out {self.out} is a file: give a folder for "
                                                                  "the releases"),
                  (self.run_dir is None or not self.run_dir.exists() or self.run_dir.is_dir(),
                   f"--run-dir {self.run_dir} is a file: give a folder (new, or a run to resume with --resume)"),
                  (0 <= self.seed < 2**32, "--seed must be in [0, 2**32)"),
                  (self.device is None or re.fullmatch(r"cpu|mps|cuda(:\d+)?", self.device) is not None,
                   f"--device {self.device!r}: use cpu, cuda, cuda:N or mps"),
                  (self.reward_model is None or Path(self.reward_model).expanduser().is_dir(),
                   f"--reward-model {self.reward_model} is not a folder: give the folder `remake reward train` wrote"),
                  (self.teacher_generation in TEACHER_GENERATION,
                   f"--teacher-generation {self.teacher_generation!r}: use one of {', '.join(TEACHER_GENERATION)}"),
                  (self.teacher_generation != "llama.cpp" or self.teacher_model is None or self.teacher_model in EMBEDDED,
                   f"--teacher-generation llama.cpp needs an embedded teacher ({', '.join(sorted(EMBEDDED))}), not "
                   f"{self.teacher_model!r}: use --teacher-generation transformers"),
                  (self.teacher_generation != "llama.cpp" or not self.generate_base_url,
                   "--teacher-generation llama.cpp and --generate-base-url both say where the teacher answers: "
                   "give one")]
        for ok, message in checks:
            if not ok:
                raise RemakeError(message)
        for name, registry in ((self.criterion, CRITERIA), (self.report_to, TRACKERS)):
            if name not in registry:
                raise registry.unknown(name)

    @property
    def uses_editor(self) -> bool:
        return self.criterion != "none"

    def lora(self) -> LoraSettings:
        targets = self.target_modules
        modules = targets if targets == "all-linear" else tuple(p.strip() for p in targets.split(",") if p.strip())
        return LoraSettings(r=self.lora_r, alpha=self.lora_alpha, dropout=self.lora_dropout, target_modules=modules,
                            lr=self.lr, batch_size=self.batch_size)

    def saturation(self) -> SaturationRule:
        return SaturationRule(self.warmup_epochs, self.symbolic_every, self.saturation_tol)

    def with_teacher(self) -> HarvestConfig:
        """This config with its teacher named: the device's default when none was given (an 8B-class
        model on CUDA, the embedded SmolLM2 elsewhere)."""
        if self.teacher_model:
            return self
        teacher = "llama3.1-8b" if pick_device(self.device).startswith("cuda") else "smollm2-135m"
        return replace(self, teacher_model=teacher)

    def recipe(self) -> Recipe:
        """The recipe the run uses: the data overrides, then --max-length / --max-new-tokens."""
        recipe = self.data.load()
        changes = {key: value for key, value in (("max_length", self.max_length),
                                                 ("max_new_tokens", self.max_new_tokens)) if value is not None}
        return recipe.model_copy(update=changes) if changes else recipe

    def to_dict(self) -> dict[str, Any]:
        return to_dict(self)

    def run_record(self, recipe: Recipe, command: str) -> dict[str, Any]:
        """What a run's config.json records: this whole config, the recipe, resolved model ids, package
        versions, the seed and the command that started it."""
        teacher = resolve(str(self.teacher_model))
        return {"recipe": recipe.model_dump(mode="json"), "harvest": self.to_dict(), "seed": self.seed,
                "teacher": {"alias": teacher.name, "model_id": teacher.model_id},
                "editor": {"model": self.editor.model, "base_url": self.editor.base_url},
                "source": {"dataset": recipe.source.dataset, "config": recipe.source.config,
                           "revision": recipe.source.revision, "type": recipe.source.type},
                "versions": package_versions(PACKAGES), "command": command}

    def with_changes(self, changes: dict[str, Any]) -> HarvestConfig:
        """A copy with dotted settings replaced (`editor.base_url`), validated again."""
        values = self.to_dict()
        for path, value in changes.items():
            *parents, name = path.split(".")
            section = values
            for parent in parents:
                section = section[parent]
            section[name] = value
        return HarvestConfig.from_dict(values)

    @classmethod
    def from_dict(cls, values: dict[str, Any]) -> HarvestConfig:
        return from_dict(cls, values, "harvest config")
