"""A saved peft LoRA adapter as a llama.cpp adapter GGUF, so that an embedded teacher (shipped as a
GGUF, trained with transformers on its dequantised copy) answers through llama.cpp with what it has
learnt: on 2 CPU cores llama.cpp generates Qwen2.5-Coder-1.5B's answers ~6x faster than transformers.

The layout is llama.cpp's own (`convert_lora_to_gguf.py`): per adapted weight, `<name>.weight.lora_a`
[r, in] and `<name>.weight.lora_b` [out, r] under the base GGUF's tensor names, `general.type` =
adapter, `adapter.type` = lora and `adapter.lora.alpha`; llama.cpp scales by alpha / r, as peft does."""

from __future__ import annotations

import json
import math
import os
from pathlib import Path
from typing import Any

from remake.errors import RemakeError

# convert_hf_to_gguf permutes llama's q/k rows for llama.cpp's rope layout (transformers undoes it on
# load): an adapter's lora_b rows for those weights must be permuted the same way
PERMUTED_QK = {"llama"}
SUPPORTED = ("gemma3", "llama", "qwen2")


def write_lora_gguf(adapter_dir: Path, base_gguf: Path, out: Path) -> Path:
    """Convert `adapter_dir` (peft's adapter_config.json + adapter_model.safetensors) for `base_gguf`;
    written atomically to `out`."""
    import gguf
    from safetensors.torch import load_file

    config = json.loads((adapter_dir / "adapter_config.json").read_text(encoding="utf-8"))
    _refuse_unsupported(config, adapter_dir)
    reader = gguf.GGUFReader(str(base_gguf))  # memory-mapped: only the metadata is read
    arch = str(_metadata(reader, base_gguf, ["general.architecture"])["general.architecture"])
    if arch not in SUPPORTED:
        raise RemakeError(f"llama.cpp generation cannot apply a LoRA adapter to a {arch} GGUF (supported: "
                          f"{', '.join(SUPPORTED)}): use --teacher-generation transformers")
    keys = [f"{arch}.block_count", f"{arch}.attention.head_count", f"{arch}.attention.head_count_kv"]
    shape = _metadata(reader, base_gguf, keys)
    tensors = load_file(str(adapter_dir / "adapter_model.safetensors"))
    pairs = _lora_pairs(tensors, arch, int(shape[keys[0]]), int(shape[keys[1]]), int(shape[keys[2]]))
    return _write(pairs, arch, _llama_cpp_alpha(config), out)


def _refuse_unsupported(config: dict[str, Any], adapter_dir: Path) -> None:
    unsupported = [name for name, on in (("use_dora", config.get("use_dora")),
                                         ("rank_pattern", config.get("rank_pattern")),
                                         ("alpha_pattern", config.get("alpha_pattern")),
                                         ("modules_to_save", config.get("modules_to_save"))) if on]
    if config.get("peft_type") != "LORA" or unsupported:
        raise RemakeError(f"{adapter_dir}: llama.cpp applies plain LoRA adapters only (this one has "
                          f"{', '.join(unsupported) or config.get('peft_type')}): use --teacher-generation transformers")


def _llama_cpp_alpha(config: dict[str, Any]) -> float:
    """The alpha that makes llama.cpp's alpha / r equal peft's scaling (alpha / sqrt(r) under rsLoRA)."""
    alpha, rank = float(config["lora_alpha"]), int(config["r"])
    return alpha * math.sqrt(rank) if config.get("use_rslora") else alpha


def _lora_pairs(tensors: dict[str, Any], arch: str, blocks: int, heads: int,
                kv_heads: int) -> list[tuple[str, Any, Any]]:
    """(gguf base name, lora_a, lora_b) for every adapted weight, as float32 numpy arrays."""
    import gguf

    names = gguf.get_tensor_name_map(_model_arch(arch), blocks)
    pairs = []
    for key in sorted(k for k in tensors if k.endswith(".lora_A.weight")):
        module = key.removeprefix("base_model.model.").removesuffix(".lora_A.weight")
        name = names.get_name(module)
        if name is None:
            raise RemakeError(f"llama.cpp has no tensor for the adapted module {module}: train without it "
                              "(--target-modules) or use --teacher-generation transformers")
        lora_b = tensors[key.replace(".lora_A.", ".lora_B.")].float()
        if arch in PERMUTED_QK and module.endswith(("q_proj", "k_proj")):
            lora_b = _permute(lora_b, heads, heads if module.endswith("q_proj") else kv_heads)
        pairs.append((name, tensors[key].float().numpy(), lora_b.numpy()))
    if not pairs:
        raise RemakeError("the adapter holds no LoRA weights: nothing to apply")
    return pairs


def _permute(weights: Any, heads: int, kv_heads: int) -> Any:
    """convert_hf_to_gguf's LlamaModel.permute, on the rows of a lora_b."""
    heads = kv_heads if kv_heads and heads != kv_heads else heads
    return (weights.reshape(heads, 2, weights.shape[0] // heads // 2, *weights.shape[1:])
            .swapaxes(1, 2).reshape(weights.shape))


def _model_arch(arch: str) -> Any:
    import gguf

    return next(member for member, name in gguf.MODEL_ARCH_NAMES.items() if name == arch)


def _write(pairs: list[tuple[str, Any, Any]], arch: str, alpha: float, out: Path) -> Path:
    import gguf

    out.parent.mkdir(parents=True, exist_ok=True)
    staging = out.with_name(f".{out.name}.partial")
    writer = gguf.GGUFWriter(str(staging), arch)
    writer.add_type(gguf.GGUFType.ADAPTER)
    writer.add_string(gguf.Keys.Adapter.TYPE, "lora")
    writer.add_float32(gguf.Keys.Adapter.LORA_ALPHA, alpha)
    for name, lora_a, lora_b in pairs:
        writer.add_tensor(f"{name}.weight.lora_a", lora_a)
        writer.add_tensor(f"{name}.weight.lora_b", lora_b)
    writer.write_header_to_file()
    writer.write_kv_data_to_file()
    writer.write_tensors_to_file()
    writer.close()
    os.replace(staging, out)
    return out


def _metadata(reader: Any, gguf_file: Path, keys: list[str]) -> dict[str, Any]:
    """Scalar metadata of a GGUF by key; a missing key is a one-line error."""
    found = {}
    for key in keys:
        field = reader.get_field(key)
        if field is None:
            raise RemakeError(f"{gguf_file} has no '{key}': is it a model GGUF?")
        found[key] = field.contents()
    return found
