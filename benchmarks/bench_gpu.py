"""LoRA steps on a Llama-3.1-8B-shaped model with random weights (the model card's numbers; no download):
tokens/s and peak memory of remake's numerical phase (NumericalTrainer: per-sample losses from the
training forward, fp32 logits) against a plain peft loop (the model's own mean loss), and the memory
estimator's figure (remake.models.memory) against remake's measured peak.

    python benchmarks/bench_gpu.py                 # CUDA, bf16, gradient checkpointing, batch 8 × 512
    python benchmarks/bench_gpu.py --load-in-4bit  # QLoRA (bitsandbytes)
    python benchmarks/bench_gpu.py --tiny          # a shrunk config on CPU (fp32): checks the script

Peak memory: torch.cuda.max_memory_allocated on CUDA; on CPU the peak resident set (VmHWM, reset
through /proc/self/clear_refs) above the resident set before the model was built, with
MALLOC_MMAP_THRESHOLD_ fixed so that freed tensors leave the resident set. Writes
benchmarks/results/gpu.json (gpu-tiny.json with --tiny), naming the device."""

from __future__ import annotations

import argparse
import gc
import os
import platform
import sys
import time
from pathlib import Path
from typing import Any

if "MALLOC_MMAP_THRESHOLD_" not in os.environ:  # glibc reads it at start: re-exec so that freed tensors leave RSS
    os.execve(sys.executable, [sys.executable, *sys.argv], {**os.environ, "MALLOC_MMAP_THRESHOLD_": "65536"})
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import torch  # noqa: E402

from remake.data.samples import Sample  # noqa: E402
from remake.files import write_json  # noqa: E402
from remake.harvest.numerical import LoraSettings, NumericalTrainer, attach_lora  # noqa: E402
from remake.models.memory import GIB, TrainingShape, architecture, estimate  # noqa: E402

RESULTS = Path(__file__).resolve().parent / "results"
# meta-llama/Llama-3.1-8B-Instruct config.json
LLAMA_31_8B = dict(hidden_size=4096, num_hidden_layers=32, num_attention_heads=32, num_key_value_heads=8,
                   intermediate_size=14336, vocab_size=128256, max_position_embeddings=131072, rms_norm_eps=1e-5,
                   tie_word_embeddings=False, rope_parameters={"rope_type": "llama3", "rope_theta": 500000.0,
                                                               "factor": 8.0, "low_freq_factor": 1.0,
                                                               "high_freq_factor": 4.0,
                                                               "original_max_position_embeddings": 8192})
TINY = dict(LLAMA_31_8B, hidden_size=512, num_hidden_layers=4, num_attention_heads=8, num_key_value_heads=2,
            intermediate_size=1792, vocab_size=32000)
WORDS = 2000  # the word-level tokenizer's vocabulary (random weights: any tokens will do)


def word_tokenizer() -> Any:
    """A real fast tokenizer built in memory (one token per word), with a chat template."""
    from tokenizers import Tokenizer, models, pre_tokenizers
    from transformers import PreTrainedTokenizerFast

    vocab = {"<pad>": 0, "<eos>": 1, **{f"w{i}": i + 2 for i in range(WORDS)}}
    core = Tokenizer(models.WordLevel(vocab, unk_token="<pad>"))
    core.pre_tokenizer = pre_tokenizers.WhitespaceSplit()
    tokenizer = PreTrainedTokenizerFast(tokenizer_object=core, pad_token="<pad>", eos_token="<eos>")
    tokenizer.chat_template = ("{% for m in messages %}{{ m['content'] }} {% endfor %}"
                               "{% if add_generation_prompt %}w0 {% endif %}")
    return tokenizer


def samples(count: int, length: int) -> list[Sample]:
    """Questions and answers long enough to be cut at `length`: every example has `length` tokens."""
    words = lambda start, n: " ".join(f"w{(start + i) % WORDS}" for i in range(n))  # noqa: E731
    return [Sample(id=f"s{i}", system="", question=words(i, length), answer=words(7 * i, length), final="0",
                   fields={}) for i in range(count)]


def build(config: Any, device: str, dtype: torch.dtype, four_bit: bool) -> Any:
    """Random weights, created on the device at the compute dtype (an 8B model never exists in fp32)."""
    from transformers import AutoModelForCausalLM

    torch.manual_seed(0)
    if four_bit:  # bitsandbytes quantises while loading: save a random bf16 model once, then load it in 4-bit
        from transformers import BitsAndBytesConfig

        folder = Path(os.environ.get("BENCH_TMP", "/tmp")) / "remake-bench-random-8b"
        if not (folder / "config.json").is_file():
            build(config, device, dtype, False).save_pretrained(folder)
        quant = BitsAndBytesConfig(load_in_4bit=True, bnb_4bit_quant_type="nf4", bnb_4bit_compute_dtype=dtype,
                                   bnb_4bit_use_double_quant=True)
        return AutoModelForCausalLM.from_pretrained(folder, quantization_config=quant, device_map={"": device})
    previous = torch.get_default_dtype()
    torch.set_default_dtype(dtype)
    try:
        with torch.device(device):
            return AutoModelForCausalLM.from_config(config)
    finally:
        torch.set_default_dtype(previous)


class Peak:
    """Peak memory above the level when entered, on CUDA or (resident set) on CPU."""

    def __init__(self, device: str):
        self.cuda = device.startswith("cuda")

    def start(self) -> None:
        gc.collect()
        if self.cuda:
            torch.cuda.synchronize()
            torch.cuda.empty_cache()
            torch.cuda.reset_peak_memory_stats()
            self.base = 0  # max_memory_allocated counts everything allocated, weights included
        else:
            self.base = _status("VmRSS")
            with open("/proc/self/clear_refs", "w") as handle:
                handle.write("5")  # reset VmHWM to the current resident set

    def bytes(self) -> int:
        if self.cuda:
            torch.cuda.synchronize()
            return torch.cuda.max_memory_allocated()
        return _status("VmHWM") - self.base


def _status(key: str) -> int:
    with open("/proc/self/status") as handle:
        for line in handle:
            if line.startswith(key + ":"):
                return int(line.split()[1]) * 1024
    raise RuntimeError(f"{key} missing from /proc/self/status")


def remake_steps(model: Any, tokenizer: Any, args: argparse.Namespace, settings: LoraSettings) -> float:
    trainer = NumericalTrainer(model, tokenizer, settings, args.length, seed=0,
                               samples=samples(args.batch_size * (args.steps + 1), args.length))
    assert all(len(e["input_ids"]) == args.length for e in trainer._examples)  # exactly batch × length tokens
    model.train()
    trainer.train_batch(trainer.plan[0])  # warm-up: kernels, AdamW state
    started = time.perf_counter()
    for members in trainer.plan[1:]:
        trainer.train_batch(members)
    return _elapsed(started, args.device)


def peft_steps(model: Any, args: argparse.Namespace, settings: LoraSettings) -> float:
    """The plain loop: the model's own mean token loss, AdamW on the LoRA parameters."""
    optimizer = torch.optim.AdamW([p for p in model.parameters() if p.requires_grad], lr=settings.lr)
    generator = torch.Generator().manual_seed(0)
    model.train()
    elapsed = 0.0
    for step in range(args.steps + 1):
        ids = torch.randint(2, WORDS + 2, (args.batch_size, args.length), generator=generator).to(args.device)
        started = time.perf_counter()
        loss = model(input_ids=ids, attention_mask=torch.ones_like(ids), labels=ids).loss
        optimizer.zero_grad(set_to_none=True)
        loss.backward()
        optimizer.step()
        if step:  # step 0 warms up
            elapsed += _elapsed(started, args.device)
    return elapsed


def _elapsed(started: float, device: str) -> float:
    if device.startswith("cuda"):
        torch.cuda.synchronize()
    return time.perf_counter() - started


def measure(loop: str, config: Any, args: argparse.Namespace) -> dict[str, Any]:
    dtype = torch.bfloat16 if args.device.startswith("cuda") else torch.float32
    settings = LoraSettings(batch_size=args.batch_size, lr=1e-5)  # r 16, all-linear, dropout 0.05 (remake's)
    tokenizer = word_tokenizer()
    peak = Peak(args.device)
    peak.start()
    model = attach_lora(build(config, args.device, dtype, args.load_in_4bit), settings)
    seconds = (remake_steps(model, tokenizer, args, settings) if loop == "remake"
               else peft_steps(model, args, settings))
    result = {"tokens_per_s": round(args.steps * args.batch_size * args.length / seconds, 1),
              "seconds_per_step": round(seconds / args.steps, 4), "peak_memory_gib": round(peak.bytes() / GIB, 3),
              "trainable_params": sum(p.numel() for p in model.parameters() if p.requires_grad)}
    del model
    gc.collect()
    if args.device.startswith("cuda"):
        torch.cuda.empty_cache()
    return result


def device_name(device: str) -> str:
    if device.startswith("cuda"):
        props = torch.cuda.get_device_properties(torch.device(device))
        return f"{props.name} ({props.total_memory / GIB:.0f} GiB)"
    return f"CPU {platform.processor() or platform.machine()}, {os.cpu_count()} cores, torch threads {torch.get_num_threads()}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tiny", action="store_true", help="shrunk config (4 layers, hidden 512, batch 4 × 128) for a CPU check")
    parser.add_argument("--device", default="cuda" if torch.cuda.is_available() else "cpu")
    parser.add_argument("--batch-size", type=int)
    parser.add_argument("--length", type=int)
    parser.add_argument("--steps", type=int, default=5, help="timed steps after one warm-up step")
    parser.add_argument("--load-in-4bit", action="store_true")
    parser.add_argument("--loops", default="remake,peft", help="which loops to run, in this process order")
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    args.batch_size = args.batch_size or (4 if args.tiny else 8)
    args.length = args.length or (128 if args.tiny else 512)
    from transformers import LlamaConfig

    config = LlamaConfig(**(TINY if args.tiny else LLAMA_31_8B))
    cuda = args.device.startswith("cuda")
    shape = TrainingShape(batch_size=args.batch_size, max_length=args.length, gradient_checkpointing=cuda,
                          load_in_4bit=args.load_in_4bit, bytes_per_weight=2 if cuda else 4,
                          padded=False, cuda=cuda)  # equal lengths: no padding mask, SDPA keeps the 8 KV heads
    predicted = estimate(architecture(config), shape)
    loops = {name: measure(name, config, args) for name in args.loops.split(",")}
    measured = loops.get("remake", {}).get("peak_memory_gib")
    report = {
        "device": device_name(args.device), "config": "tiny" if args.tiny else "Llama-3.1-8B shape, random weights",
        "batch_size": args.batch_size, "length": args.length, "steps": args.steps,
        "dtype": "nf4 + bf16" if args.load_in_4bit else ("bf16" if cuda else "fp32"),
        "gradient_checkpointing": cuda, "lora": {"r": 16, "alpha": 32, "dropout": 0.05, "targets": "all-linear"},
        "loops": loops,
        "estimate_gib": round(predicted.total / GIB, 3),
        "estimate_parts_gib": {k: round(getattr(predicted, k) / GIB, 3) for k in ("weights", "lora", "activations", "logits")},
        "estimate_error": round(predicted.total / GIB / measured - 1, 4) if measured else None,
        "versions": {"torch": torch.__version__, "transformers": _version("transformers"), "peft": _version("peft")},
    }
    out = args.out or RESULTS / ("gpu-tiny.json" if args.tiny else "gpu.json")
    write_json(out, report)
    print(f"{report['device']}: " + "; ".join(f"{name} {r['tokens_per_s']} tok/s, peak {r['peak_memory_gib']} GiB"
                                             for name, r in loops.items())
          + f"; estimate {report['estimate_gib']} GiB (error {report['estimate_error']}) → {out}")


def _version(package: str) -> str:
    from importlib.metadata import version

    return version(package)


if __name__ == "__main__":
    main()
