"""`remake eval`: accuracy of a model (plus optional adapter) on a recipe split."""

from __future__ import annotations

import argparse
from pathlib import Path

from remake.cli.common import add_data_options, recipe_from_args
from remake.data import Sample, load_samples
from remake.errors import RemakeError
from remake.evaluate import evaluate_model, format_table, write_eval
from remake.models import load_model
from remake.recipes import Recipe


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--model", required=True, help="alias, Hub id or local path")
    parser.add_argument("--adapter", help="a saved LoRA adapter folder to apply")
    parser.add_argument("--split", default="test", choices=["train", "test"])
    parser.add_argument("--limit", type=int, help="evaluate the first N items only")
    parser.add_argument("--batch-size", type=int, default=16)
    parser.add_argument("--max-new-tokens", type=int,
                        help="override the recipe's max new tokens (e.g. a short smoke run)")
    parser.add_argument("--out", type=Path, help="folder for predictions.jsonl and summary.json "
                        "(default: evals/<recipe>-<model>)")
    parser.add_argument("--device", help="cpu, cuda, cuda:1 … (default: automatic)")
    parser.add_argument("--load-in-4bit", action="store_true", help="QLoRA-style 4-bit weights (CUDA only)")
    parser.add_argument("--generate-base-url", help="generate on an OpenAI-compatible server (vLLM, llama.cpp) "
                        "instead of in process; --adapter is then loaded through vLLM's LoRA endpoint")
    add_data_options(parser, recipe_required=True)


def run(args: argparse.Namespace) -> int:
    recipe = recipe_from_args(args)
    if args.max_new_tokens is not None:
        if args.max_new_tokens < 1:
            raise RemakeError(f"--max-new-tokens {args.max_new_tokens}: give a positive number of tokens")
        recipe = recipe.model_copy(update={"max_new_tokens": args.max_new_tokens})
    samples = load_samples(recipe, args.split, limit=args.limit)
    if args.generate_base_url:
        return _run_served(args, recipe, samples)
    model, tokenizer, resolved = load_model(args.model, device=args.device, load_in_4bit=args.load_in_4bit,
                                            adapter=args.adapter)
    result = evaluate_model(model, tokenizer, recipe, samples, batch_size=args.batch_size)
    out = args.out or Path("evals") / f"{recipe.name}-{args.model.replace('/', '_')}"
    write_eval(result, out, {"recipe": recipe.name, "split": args.split, "model": resolved.model_id,
                             "adapter": args.adapter})
    print(format_table(result.summary))
    print(f"predictions: {out / 'predictions.jsonl'}")
    return 0


def _run_served(args: argparse.Namespace, recipe: Recipe, samples: list[Sample]) -> int:
    from remake.evaluate import score_outputs
    from remake.served import ServedGenerator

    served = ServedGenerator(args.generate_base_url, recipe.max_new_tokens, model=args.model,
                             concurrency=args.batch_size)
    try:
        if args.adapter and not served.load_adapter(Path(args.adapter).name, Path(args.adapter)):
            raise RemakeError(f"{args.generate_base_url} cannot load --adapter: serve it with vLLM --enable-lora, "
                              "or drop --generate-base-url to evaluate in process")
        result = score_outputs(recipe, samples, served.generate([(s.system, s.question) for s in samples]))
    finally:
        served.close()
    out = args.out or Path("evals") / f"{recipe.name}-{args.model.replace('/', '_')}"
    write_eval(result, out, {"recipe": recipe.name, "split": args.split, "model": args.model,
                             "adapter": args.adapter, "generate_base_url": args.generate_base_url})
    print(format_table(result.summary))
    print(f"predictions: {out / 'predictions.jsonl'}")
    return 0
