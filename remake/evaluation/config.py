"""EvalConfig: what `remake eval` / `remake.evaluate()` scores: a model (plus an optional LoRA adapter) on
one split of a recipe, in process or on an OpenAI-compatible server."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from remake.data.config import DataConfig
from remake.errors import RemakeError
from remake.models.registry import DTYPES, check_dtype
from remake.options import coerce, option


@dataclass(frozen=True)
class EvalConfig:
    data: DataConfig
    model: str | None = option(None, help="alias, Hub id or local path (required)")
    adapter: str | None = option(None, help="a saved LoRA adapter folder to apply")
    split: str = option("test", choices=("train", "test"), help="the split to score")
    limit: int | None = option(None, help="evaluate the first N items only")
    batch_size: int = option(16, help="generation batch size (requests at once with --generate-base-url)")
    max_new_tokens: int | None = option(None, help="override the recipe's max new tokens (e.g. a short smoke run)")
    out: Path | None = option(None, help="folder for predictions.jsonl and summary.json "
                                         "(default: evals/<recipe>-<model>)")
    device: str | None = option(None, help="cpu, cuda, cuda:1 … (default: automatic)")
    load_in_4bit: bool = option(False, help="QLoRA-style 4-bit weights (CUDA only)")
    dtype: str = option("auto", choices=DTYPES, help="the weights: auto (CUDA bf16, CPU fp32), bfloat16 (~3.5x "
                                                     "faster generation on a CPU with AVX512-BF16) or float32")
    generate_base_url: str | None = option(None, help="generate on an OpenAI-compatible server (vLLM, llama.cpp) "
                                                      "instead of in process; --adapter is then loaded through "
                                                      "vLLM's LoRA endpoint")

    def __post_init__(self) -> None:
        coerce(self)
        if not self.model:
            raise RemakeError("give the model to evaluate: --model ALIAS|HUB_ID|PATH")
        check_dtype(self.dtype)
        for name in ("limit", "batch_size", "max_new_tokens"):
            value = getattr(self, name)
            if value is not None and value < 1:
                raise RemakeError(f"--{name.replace('_', '-')} {value}: give a number >= 1")

    @property
    def out_dir(self) -> Path:
        return self.out or Path("evals") / f"{Path(self.data.recipe).stem}-{str(self.model).replace('/', '_')}"
