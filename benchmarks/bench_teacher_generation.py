"""The teacher's answers in a harvest on CPU: transformers (remake.llm.generate, batched, fp32) against
llama.cpp on the embedded GGUF with the same LoRA adapter (remake.llm.llamacpp_generator), on the same
gsm-symbolic prompts. Writes benchmarks/results/teacher_generation.json.

    python benchmarks/bench_teacher_generation.py [--teacher qwen2.5-coder-1.5b] [--n 4] [--max-new-tokens 160]

The adapter is a freshly initialised random one (init_lora_weights=False, small scale), so both engines
answer with an adapter applied, as after an epoch. It makes 2 × n teacher answers (about 5 minutes for
Qwen2.5-Coder-1.5B at the defaults on 2 cores) plus the adapter's conversion."""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from pathlib import Path

import torch

from remake.data.recipe import load_recipe
from remake.data.samples import load_samples
from remake.data.scoring import is_correct
from remake.files import write_json
from remake.llm.generate import generate
from remake.llm.llamacpp_generator import LlamaCppGenerator
from remake.models.registry import gguf_path, load_model

RESULTS = Path(__file__).resolve().parent / "results" / "teacher_generation.json"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--teacher", default="qwen2.5-coder-1.5b")
    parser.add_argument("--n", type=int, default=4)
    parser.add_argument("--max-new-tokens", type=int, default=160)
    parser.add_argument("--batch-size", type=int, default=4)
    parser.add_argument("--out", type=Path, default=RESULTS)
    args = parser.parse_args()
    from peft import LoraConfig, get_peft_model

    recipe = load_recipe("gsm-symbolic")
    samples = load_samples(recipe, "test", limit=args.n)
    turns = [(sample.system, sample.question) for sample in samples]
    print(f"{2 * args.n} teacher answers of up to {args.max_new_tokens} tokens ({args.teacher})", flush=True)
    torch.manual_seed(0)
    model, tokenizer, _ = load_model(args.teacher, device="cpu")
    model = get_peft_model(model, LoraConfig(r=8, lora_alpha=2, target_modules="all-linear", init_lora_weights=False))
    load_before = os.getloadavg()
    with tempfile.TemporaryDirectory() as folder:
        model.save_pretrained(folder)
        generator = LlamaCppGenerator(gguf_path(args.teacher), tokenizer, args.max_new_tokens)
        start = time.perf_counter()
        generator.load_adapter("bench", Path(folder))
        convert_s = time.perf_counter() - start
        start = time.perf_counter()
        fast = generator.generate(turns, progress="llama.cpp")
        llama_s = time.perf_counter() - start
        generator.close()
    start = time.perf_counter()
    slow = generate(model, tokenizer, turns, args.max_new_tokens, batch_size=args.batch_size, progress="transformers")
    transformers_s = time.perf_counter() - start
    result = {
        "teacher": args.teacher, "prompts": args.n, "max_new_tokens": args.max_new_tokens, "device": "cpu",
        "cpu_count": os.cpu_count(), "torch_threads": torch.get_num_threads(),
        "transformers": {"dtype": "float32", "batch_size": args.batch_size, "seconds": round(transformers_s, 1),
                         "seconds_per_answer": round(transformers_s / args.n, 1),
                         "correct": sum(is_correct(recipe, out, s.final) for out, s in zip(slow, samples))},
        "llama_cpp": {"gguf": gguf_path(args.teacher).name, "adapter_conversion_seconds": round(convert_s, 1),
                      "seconds": round(llama_s, 1), "seconds_per_answer": round(llama_s / args.n, 1),
                      "correct": sum(is_correct(recipe, out, s.final) for out, s in zip(fast, samples))},
        "speedup": round(transformers_s / llama_s, 1),
        "identical_answers": sum(a == b for a, b in zip(fast, slow)),
        "load_average_before": [round(value, 2) for value in load_before],
        "load_average_after": [round(value, 2) for value in os.getloadavg()],
        "note": "llama.cpp computes on the Q4_K_M weights transformers was given dequantised, so long greedy "
                "answers may part after some tokens. A manual run in bf16 (this CPU has no bf16 "
                "instructions) took 42 s per answer at batch 8.",
    }
    write_json(args.out, result)
    print(result)


if __name__ == "__main__":
    main()
