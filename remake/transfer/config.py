"""TransferConfig: everything that decides a transfer's arms, recorded in its config.json and report;
the CLI's flags come from these fields."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from remake.errors import RemakeError
from remake.harvest.numerical import LoraSettings
from remake.models.registry import DTYPES, check_dtype
from remake.options import coerce, option

# Fields that say where and how to run, not what the arms compute: a resumed transfer may change them.
PLACEMENT = ("out", "revision", "device")


@dataclass(frozen=True)
class TransferConfig:
    student: str | None = option(None, flag="--student-model",
                                 help="the backbone to fine-tune: alias (e.g. qwen2.5-7b), Hub id or local path "
                                      "(required)")
    baseline: str = option("original", choices=("original",),
                           help="what the baseline arm trains on: the same rows with their original questions")
    epochs: int = option(5, help="LoRA epochs per arm (default: 5, as the paper)")
    lr: float = option(LoraSettings.lr, help="learning rate (the paper's)")
    batch_size: int = option(LoraSettings.batch_size, help="training batch size")
    lora_r: int = option(LoraSettings.r, help="LoRA rank; alpha is twice it")
    max_length: int | None = option(None, help="training sequence length (default: the recipe's)")
    max_new_tokens: int | None = option(None, help="generation limit at evaluation (default: the recipe's)")
    limit_train: int | None = option(None, help="train on the first N rows only")
    limit_test: int | None = option(None, help="evaluate on the first N test items only")
    seed: int = option(0, help="seed of LoRA initialisation, batch plan and bootstrap")
    resamples: int = option(2000, help="bootstrap resamples for the 95% CIs")
    out: Path | None = option(None, help="output folder (default: <release>/../transfer-<version>-<student>)")
    revision: str | None = option(None, help="Hub revision or version tag (Hub ids only)")
    device: str | None = option(None, help="cpu, cuda, cuda:1 … (default: automatic)")
    load_in_4bit: bool = option(False, help="QLoRA-style 4-bit base weights (CUDA only)")
    dtype: str = option("auto", choices=DTYPES, help="the student's weights: auto (CUDA bf16, CPU fp32), bfloat16 "
                                                     "(~3.5x faster generation on a CPU with AVX512-BF16) or float32")

    def __post_init__(self) -> None:
        coerce(self)
        if not self.student:
            raise RemakeError("give the student to fine-tune: --student-model ALIAS|HUB_ID|PATH")
        for name in ("epochs", "batch_size", "lora_r", "max_length", "max_new_tokens", "limit_train",
                     "limit_test", "resamples"):
            value = getattr(self, name)
            if value is not None and value < 1:
                raise RemakeError(f"--{name.replace('_', '-')} {value}: give a positive number")
        if self.lr <= 0:
            raise RemakeError(f"--lr {self.lr}: give a positive learning rate")
        check_dtype(self.dtype)
        if self.baseline != "original":
            raise RemakeError(f"--baseline {self.baseline!r}: the only baseline is 'original' (the release's "
                              "original_question column)")

    def lora(self) -> LoraSettings:
        return LoraSettings(r=self.lora_r, alpha=2 * self.lora_r, lr=self.lr, batch_size=self.batch_size)
