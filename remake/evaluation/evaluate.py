"""`remake eval`: batched greedy generation on a recipe split, scored like lm-eval's
gsm8k_cot_zeroshot (strict / flexible) plus math-verify; predictions and summary on disk."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from remake.data.recipe import Recipe
from remake.data.samples import Sample
from remake.data.scoring import answer_format, extract, score
from remake.files import write_json, write_jsonl
from remake.llm.generate import generate


@dataclass(frozen=True)
class ScoredOutputs:
    rows: list[dict[str, Any]]
    summary: dict[str, Any]


@dataclass(frozen=True)
class EvalResult:
    """What `remake.evaluate` returns: accuracies in % (lm-eval's strict and flexible, math-verify) and
    where the predictions were written."""

    summary: dict[str, Any]
    out_dir: Path

    @property
    def predictions(self) -> Path:
        return self.out_dir / "predictions.jsonl"

    def table(self) -> str:
        return format_table(self.summary)


@dataclass(frozen=True)
class ScoreResult:
    """What `remake.score` returns: the accuracies of another tool's predictions and the scored rows."""

    summary: dict[str, Any]
    written: Path

    def table(self) -> str:
        return format_table(self.summary)


def scored(recipe: Recipe, output: str, answer: str, final: str) -> dict[str, Any]:
    """One output's extractions and verdicts: lm-eval's strict-match and flexible-extract (extractions as
    lm-eval's filters give them, "[invalid]" for none), and remake's math metric."""
    found, verdict = extract(recipe, output), score(recipe, output, answer, final)
    missing = answer_format(recipe).fallback
    return {"extracted_strict": found.strict or missing, "extracted_flexible": found.flexible or missing,
            "correct_strict": verdict.strict, "correct_flexible": verdict.flexible, "correct_math": verdict.math}


def summarise(rows: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """Counts and accuracies in %: strict and flexible (lm-eval's), math-verify (remake's, `correct`)."""
    total = len(rows)
    counts = {key: sum(bool(row[key]) for row in rows) for key in ("correct_strict", "correct_flexible", "correct_math")}
    return {"n": total, "correct": counts["correct_math"],
            "accuracy_strict": 100.0 * counts["correct_strict"] / max(total, 1),
            "accuracy_flexible": 100.0 * counts["correct_flexible"] / max(total, 1),
            "accuracy_math_verify": 100.0 * counts["correct_math"] / max(total, 1)}


def score_outputs(recipe: Recipe, samples: Sequence[Sample], outputs: Sequence[str]) -> ScoredOutputs:
    """Per-item verdicts and the summary."""
    rows = [{"id": sample.id, "question": sample.question, "answer": sample.answer, "final": sample.final,
             "output": output, **scored(recipe, output, sample.answer, sample.final)}
            for sample, output in zip(samples, outputs)]
    return ScoredOutputs(rows=rows, summary=summarise(rows))


def evaluate_model(model: Any, tokenizer: Any, recipe: Recipe, samples: Sequence[Sample],
                   batch_size: int = 16, progress: str | None = "eval") -> ScoredOutputs:
    outputs = generate(model, tokenizer, [(s.system, s.question) for s in samples], recipe.max_new_tokens,
                       batch_size=batch_size, progress=progress)
    return score_outputs(recipe, samples, outputs)


def write_eval(result: ScoredOutputs, out_dir: Path, meta: dict[str, Any]) -> None:
    write_jsonl(out_dir / "predictions.jsonl", result.rows)
    write_json(out_dir / "summary.json", {**meta, **result.summary})


def format_table(summary: dict[str, Any]) -> str:
    lines = [f"{'metric':<22}{'value':>10}", "-" * 32]
    for key in ("n", "correct", "accuracy_strict", "accuracy_flexible", "accuracy_math_verify"):
        value = summary[key]
        lines.append(f"{key:<22}{value:>10.2f}" if isinstance(value, float) else f"{key:<22}{value:>10}")
    return "\n".join(lines)
