"""Batched generation (remake.llm.generate.generate) versus one-at-a-time Hugging Face `generate` on the
same gsm-symbolic prompts with the embedded SmolLM2 on CPU. Writes benchmarks/results/generate.json.

    python benchmarks/bench_generate.py [--n 32] [--max-new-tokens 64] [--batch-size 32]

Both sides use greedy decoding, the chat template and the same max_new_tokens; timings are wall
clock and noisy when other work shares the machine (the load average is recorded with them)."""

from __future__ import annotations

import argparse
import os
import platform
import time
from pathlib import Path

import torch

from remake.data.prompting import prompt_text
from remake.data.recipe import load_recipe
from remake.data.samples import load_samples
from remake.files import write_json
from remake.llm.generate import generate
from remake.models.registry import load_model

RESULTS = Path(__file__).resolve().parent / "results" / "generate.json"


def one_at_a_time(model, tokenizer, turns, max_new_tokens: int) -> tuple[list[str], int]:
    """The baseline: each prompt generated alone, no padding, KV cache on (HF's default)."""
    outputs, new_tokens = [], 0
    for system, question in turns:
        batch = tokenizer(prompt_text(tokenizer, system, question), return_tensors="pt",
                          add_special_tokens=False)
        with torch.no_grad():
            generated = model.generate(**batch, max_new_tokens=max_new_tokens, do_sample=False,
                                       pad_token_id=tokenizer.pad_token_id,
                                       temperature=None, top_p=None, top_k=None)
        tail = generated[0, batch["input_ids"].shape[1]:]
        new_tokens += int(tail.shape[0])
        outputs.append(tokenizer.decode(tail, skip_special_tokens=True).strip())
    return outputs, new_tokens


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=32)
    parser.add_argument("--max-new-tokens", type=int, default=64)
    parser.add_argument("--batch-size", type=int, default=32)
    parser.add_argument("--out", type=Path, default=RESULTS)
    args = parser.parse_args()

    samples = load_samples(load_recipe("gsm-symbolic"), "test", limit=args.n)
    turns = [(sample.system, sample.question) for sample in samples]
    model, tokenizer, _ = load_model("smollm2-135m", device="cpu")
    generate(model, tokenizer, turns[:2], max_new_tokens=4, batch_size=2)  # warm-up, not timed

    load_before = os.getloadavg()
    start, cpu_start = time.perf_counter(), time.process_time()
    batched = generate(model, tokenizer, turns, args.max_new_tokens, batch_size=args.batch_size)
    batched_s, batched_cpu = time.perf_counter() - start, time.process_time() - cpu_start
    print(f"batched: {batched_s:.1f} s wall, {batched_cpu:.1f} s CPU", flush=True)
    start, cpu_start = time.perf_counter(), time.process_time()
    single, single_tokens = one_at_a_time(model, tokenizer, turns, args.max_new_tokens)
    single_s, single_cpu = time.perf_counter() - start, time.process_time() - cpu_start

    result = {
        "prompts": len(turns), "max_new_tokens": args.max_new_tokens, "batch_size": args.batch_size,
        "model": "smollm2-135m (SmolLM2-135M-Instruct, fp32 from the embedded GGUF)", "device": "cpu",
        "torch_threads": torch.get_num_threads(), "cpu_count": os.cpu_count(),
        "batched_seconds": round(batched_s, 2), "one_at_a_time_seconds": round(single_s, 2),
        "speedup": round(single_s / batched_s, 2), "goal_speedup": 5.0,
        # CPU seconds of this process: less sensitive than wall clock to other jobs on the machine
        "batched_cpu_seconds": round(batched_cpu, 2), "one_at_a_time_cpu_seconds": round(single_cpu, 2),
        "cpu_time_speedup": round(single_cpu / batched_cpu, 2),
        "one_at_a_time_new_tokens": single_tokens,
        "one_at_a_time_tokens_per_second": round(single_tokens / single_s, 2),
        "identical_outputs": sum(a == b for a, b in zip(batched, single)),
        "load_average_before": [round(value, 2) for value in load_before],
        "load_average_after": [round(value, 2) for value in os.getloadavg()],
        "python": platform.python_version(), "torch": torch.__version__,
        "note": "wall-clock timings on a shared machine (other engineers' CPU-heavy jobs ran at the same "
                "time): noisy; compare runs only with similar load averages",
    }
    write_json(args.out, result)
    print(result)


if __name__ == "__main__":
    main()
