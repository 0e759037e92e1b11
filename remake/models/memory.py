"""Peak memory of the numerical phase (LoRA training), estimated from a transformers config before any
weights are loaded, so that a configuration that cannot fit is refused in seconds, with the fix.

Model of the peak (bytes), for decoder-only transformers with Llama-style blocks:
- weights: every parameter at the load dtype; with 4-bit (bitsandbytes NF4, double quantisation) the
  decoder's Linear weights take 4.127 bits each and the embeddings / lm_head stay at the compute dtype;
- LoRA: parameters, AdamW's two moments and the gradients, all fp32 (peft keeps adapters in fp32);
- activations saved for backward per token: see `_layer_bytes_per_token` (counted from what autograd
  keeps in one decoder layer: fp32 RMSNorm inputs, LoRA inputs or their dropout copies, the SDPA inputs
  and output, the SwiGLU intermediates); with gradient checkpointing only each layer's input is kept,
  plus one layer recomputed during backward;
- logits: `remake.harvest.numerical.per_sample_loss` casts the logits to fp32 for the per-sample cross-entropy;
  its backward holds three fp32 [batch × length × vocab] tensors (log-softmax output, incoming and
  outgoing gradient), the forward the logits at the compute dtype plus two fp32 copies.
The peak is the larger of the end of the forward pass (everything saved + logits) and the optimizer step.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any

from remake.errors import RemakeError

GIB = 1024 ** 3
NF4_BITS = 4.127  # 4-bit weights + 8-bit absmax per 64 + fp32 second-level constant per 256 blocks
CUDA_RESERVE = 1.0 * GIB  # CUDA context, cuBLAS workspace and allocator fragmentation, not in the estimate


@dataclass(frozen=True)
class Architecture:
    """The numbers the estimate needs, read from a config (the model is built on the meta device)."""

    params: int                         # all parameters
    quantizable: int                    # parameters of decoder Linear layers (4-bit candidates)
    linears: tuple[tuple[str, int, int], ...]  # (module name, in, out) of the LoRA-targetable Linears
    hidden: int
    intermediate: int
    layers: int
    q_dim: int
    kv_dim: int
    vocab: int


@dataclass(frozen=True)
class TrainingShape:
    batch_size: int
    max_length: int
    lora_r: int = 16
    target_modules: tuple[str, ...] | str = "all-linear"
    lora_dropout: float = 0.05
    gradient_checkpointing: bool = True
    load_in_4bit: bool = False
    bytes_per_weight: int = 2           # 2 for bf16 (CUDA), 4 for fp32 (CPU)
    padded: bool = True                 # padding masks make SDPA repeat the KV heads (GQA) before attention
    cuda: bool = True                   # CUDA's fused dropout keeps a bool mask; CPU's keeps a float one


@dataclass(frozen=True)
class MemoryEstimate:
    weights: int
    lora: int            # parameters + AdamW moments (+ gradients at the optimizer step)
    activations: int
    logits: int
    total: int

    def line(self) -> str:
        parts = ", ".join(f"{name} {getattr(self, name) / GIB:.2f}"
                          for name in ("weights", "lora", "activations", "logits"))
        return f"peak memory estimate {self.total / GIB:.2f} GiB ({parts} GiB)"


def architecture(config: Any) -> Architecture:
    """Build the model on the meta device (no memory, no download beyond the config) and count."""
    import torch
    from transformers import AutoModelForCausalLM

    with torch.device("meta"):
        model = AutoModelForCausalLM.from_config(config)
    output = model.get_output_embeddings()
    linears = tuple((name, module.in_features, module.out_features) for name, module in model.named_modules()
                    if isinstance(module, torch.nn.Linear) and module is not output)
    text = config.get_text_config() if hasattr(config, "get_text_config") else config
    heads = text.num_attention_heads
    head_dim = getattr(text, "head_dim", None) or text.hidden_size // heads
    kv_heads = getattr(text, "num_key_value_heads", None) or heads
    return Architecture(params=sum(p.numel() for p in model.parameters()),
                        quantizable=sum(i * o for _, i, o in linears), linears=linears,
                        hidden=text.hidden_size, intermediate=text.intermediate_size,
                        layers=text.num_hidden_layers, q_dim=heads * head_dim, kv_dim=kv_heads * head_dim,
                        vocab=text.vocab_size)


def lora_parameters(arch: Architecture, r: int, target_modules: tuple[str, ...] | str) -> int:
    if target_modules == "all-linear":
        return sum(r * (i + o) for _, i, o in arch.linears)
    return sum(r * (i + o) for name, i, o in arch.linears if name.rsplit(".", 1)[-1] in target_modules)


def _layer_bytes_per_token(arch: Architecture, shape: TrainingShape, act: int) -> float:
    """Bytes autograd keeps for one decoder layer and one token."""
    h, i, q = arch.hidden, arch.intermediate, arch.q_dim
    kv = q if shape.padded else arch.kv_dim
    dropout = shape.lora_dropout > 0
    mask = 1 if shape.cuda else act
    lora_input = (act + mask) if dropout else act  # a dropout copy + its mask per adapter, else the shared input
    norms = 2 * 4 * h                           # RMSNorm computes in fp32 and keeps its input
    attention_in = (3 if dropout else 1) * lora_input * h          # q, k, v adapters
    sdpa = act * (q + 2 * kv + q)                                   # query, key, value, output
    attention_out = lora_input * q                                  # o_proj input (a contiguous copy)
    mlp_in = (2 if dropout else 1) * lora_input * h                 # gate, up adapters
    mlp = 3 * act * i + lora_input * i                              # gate, silu(gate), up, down input
    return norms + attention_in + sdpa + attention_out + mlp_in + mlp


def estimate(arch: Architecture, shape: TrainingShape) -> MemoryEstimate:
    act = shape.bytes_per_weight
    if shape.load_in_4bit:
        weights = int(arch.quantizable * NF4_BITS / 8 + (arch.params - arch.quantizable) * act)
    else:
        weights = arch.params * shape.bytes_per_weight
    lora = lora_parameters(arch, shape.lora_r, shape.target_modules) * 4
    tokens = shape.batch_size * shape.max_length
    layer = _layer_bytes_per_token(arch, shape, act)
    if shape.gradient_checkpointing:
        saved = tokens * (arch.layers * arch.hidden * act + layer)  # layer inputs + one layer recomputed
    else:
        saved = tokens * arch.layers * layer
    saved += tokens * 4 * arch.hidden  # the final norm
    logits_forward = tokens * arch.vocab * (act + 4 + 4 if act != 4 else 4 + 4)
    logits = int(max(logits_forward, tokens * arch.vocab * 12))
    at_backward = weights + 3 * lora + int(saved) + logits           # params + two AdamW moments
    at_step = weights + 4 * lora + 2 * lora                           # + gradients + foreach temporaries
    total = max(at_backward, at_step)
    return MemoryEstimate(weights=weights, lora=4 * lora, activations=int(saved), logits=logits, total=total)


def load_config(name: str) -> Any:
    """A model's transformers config, for an alias, embedded model, local path or Hub id."""
    from transformers import AutoConfig

    from remake.models.registry import resolve

    resolved = resolve(name)
    try:
        return AutoConfig.from_pretrained(resolved.load_from)
    except OSError as exc:
        raise RemakeError(f"cannot read the config of '{name}' ({resolved.load_from}): "
                          f"{str(exc).splitlines()[0]}") from None


def check_fits(estimate: MemoryEstimate, available: int, device: str) -> None:
    """Refuse a configuration whose estimated peak exceeds the device's memory, naming the fixes."""
    cuda = device.startswith("cuda")
    if estimate.total + (CUDA_RESERVE if cuda else 0) <= available:
        return
    fixes = "--load-in-4bit, a smaller --batch-size" if cuda else "a smaller --batch-size, fewer --target-modules"
    raise RemakeError(f"{estimate.line()} does not fit {device} ({available / GIB:.1f} GiB): use {fixes} "
                      "or a smaller --max-length")


def preflight(name: str, device: str, shape: TrainingShape) -> str:
    """The harvest's start-up line: the estimate against the GPU's memory, or the machine's on CPU; a
    RemakeError when it cannot fit."""
    result = estimate(architecture(load_config(name)), shape)
    total = device_memory(device)
    check_fits(result, total, device)
    return f"{result.line()} of {total / GIB:.1f} GiB on {device}"


def device_memory(device: str) -> int:
    """Bytes of the GPU (CUDA) or of the machine (physical memory; mps shares it)."""
    if device.startswith("cuda"):
        import torch

        return int(torch.cuda.mem_get_info(torch.device(device))[1])
    return os.sysconf("SC_PHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
