"""One evaluation from an EvalConfig: load the model (or reach its server), answer the split, score it,
write predictions.jsonl and summary.json."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from remake.data.recipe import Recipe
from remake.data.samples import Sample, load_samples
from remake.errors import RemakeError
from remake.evaluation.config import EvalConfig
from remake.evaluation.evaluate import EvalResult, ScoredOutputs, evaluate_model, score_outputs, write_eval


def run_eval(config: EvalConfig) -> EvalResult:
    recipe = config.data.load()
    if config.max_new_tokens is not None:
        recipe = recipe.model_copy(update={"max_new_tokens": config.max_new_tokens})
    samples = load_samples(recipe, config.split, limit=config.limit)
    meta: dict[str, Any] = {"recipe": recipe.name, "split": config.split, "adapter": config.adapter}
    if config.generate_base_url:
        result = _served(config, recipe, samples)
        meta.update(model=config.model, generate_base_url=config.generate_base_url)
    else:
        from remake.models.registry import load_model

        model, tokenizer, resolved = load_model(str(config.model), device=config.device,
                                                load_in_4bit=config.load_in_4bit, adapter=config.adapter,
                                                dtype=config.dtype)
        result = evaluate_model(model, tokenizer, recipe, samples, batch_size=config.batch_size)
        meta["model"] = resolved.model_id
    write_eval(result, config.out_dir, meta)
    return EvalResult(result.summary, config.out_dir)


def _served(config: EvalConfig, recipe: Recipe, samples: list[Sample]) -> ScoredOutputs:
    from remake.llm.remote_generator import RemoteGenerator

    served = RemoteGenerator(str(config.generate_base_url), recipe.max_new_tokens, model=config.model,
                             concurrency=config.batch_size)
    try:
        if config.adapter and not served.load_adapter(Path(config.adapter).name, Path(config.adapter)):
            raise RemakeError(f"{config.generate_base_url} cannot load --adapter: serve it with vLLM --enable-lora, "
                              "or drop --generate-base-url to evaluate in process")
        return score_outputs(recipe, samples, served.generate([(s.system, s.question) for s in samples]))
    finally:
        served.close()
