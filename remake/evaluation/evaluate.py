"""`remake eval`: batched greedy generation on a recipe split, scored like lm-eval's
gsm8k_cot_zeroshot (strict / flexible) plus math-verify; predictions and summary on disk."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from remake.data.recipe import Recipe
from remake.data.samples import Sample
from remake.data.scoring import extract, score
from remake.files import write_json, write_jsonl
from remake.llm.generate import generate


@dataclass(frozen=True)
class EvalResult:
    rows: list[dict[str, Any]]
    summary: dict[str, Any]


def score_outputs(recipe: Recipe, samples: Sequence[Sample], outputs: Sequence[str]) -> EvalResult:
    """Per-item verdicts and the summary (accuracies in %, counts)."""
    rows = []
    for sample, output in zip(samples, outputs):
        found, verdict = extract(recipe, output), score(recipe, output, sample.final)
        rows.append({"id": sample.id, "question": sample.question, "gold": sample.final, "output": output,
                     "strict": found.strict, "flexible": found.flexible, "correct_strict": verdict.strict,
                     "correct_flexible": verdict.flexible, "correct": verdict.math})
    total = len(rows)
    counts = {key: sum(row[key] for row in rows) for key in ("correct_strict", "correct_flexible", "correct")}
    summary = {"n": total, "correct": counts["correct"],
               "accuracy_strict": 100.0 * counts["correct_strict"] / max(total, 1),
               "accuracy_flexible": 100.0 * counts["correct_flexible"] / max(total, 1),
               "accuracy_math_verify": 100.0 * counts["correct"] / max(total, 1)}
    return EvalResult(rows=rows, summary=summary)


def evaluate_model(model: Any, tokenizer: Any, recipe: Recipe, samples: Sequence[Sample],
                   batch_size: int = 16, progress: str | None = "eval") -> EvalResult:
    outputs = generate(model, tokenizer, [(s.system, s.question) for s in samples], recipe.max_new_tokens,
                       batch_size=batch_size, progress=progress)
    return score_outputs(recipe, samples, outputs)


def write_eval(result: EvalResult, out_dir: Path, meta: dict[str, Any]) -> None:
    write_jsonl(out_dir / "predictions.jsonl", result.rows)
    write_json(out_dir / "summary.json", {**meta, **result.summary})


def format_table(summary: dict[str, Any]) -> str:
    lines = [f"{'metric':<22}{'value':>10}", "-" * 32]
    for key in ("n", "correct", "accuracy_strict", "accuracy_flexible", "accuracy_math_verify"):
        value = summary[key]
        lines.append(f"{key:<22}{value:>10.2f}" if isinstance(value, float) else f"{key:<22}{value:>10}")
    return "\n".join(lines)
