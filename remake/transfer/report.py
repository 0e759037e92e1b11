"""The transfer stage's report: accuracies with 95% confidence intervals from a paired bootstrap over
test items, the differences between arms, a Markdown table (the same text goes into the release card)
and a bar chart. Every number shown comes from the report dict, so the three can never disagree."""

from __future__ import annotations

import io
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from remake.files import atomic_write_bytes, atomic_write_text, write_json

ARMS = ("pretrained", "baseline", "remade")
ARM_LABELS = {"pretrained": "pre-trained", "baseline": "baseline (original data)", "remade": "remade data"}
# (better, worse): the comparisons the report makes, the paper's headline first
COMPARISONS = (("remade", "baseline"), ("remade", "pretrained"), ("baseline", "pretrained"))
CONFIDENCE = 0.95
SECTION_TITLE = "Transfer results"


def paired_bootstrap(correct: dict[str, Sequence[bool]], resamples: int, seed: int,
                     comparisons: Sequence[tuple[str, str]] = COMPARISONS) -> dict[str, Any]:
    """Percentile intervals of each arm's accuracy and of the differences (percentage points) between the
    (better, worse) pairs of `comparisons`. Paired: every resample draws the same test items for all arms,
    so item difficulty cancels out of the differences. `p_not_better` is the share of resamples where the
    first arm is not ahead."""
    import numpy as np

    names = list(correct)
    matrix = np.array([correct[name] for name in names], dtype=float)  # arms x items
    items = matrix.shape[1]
    draws = np.random.default_rng(seed).integers(0, items, size=(resamples, items))
    accuracy = 100.0 * matrix[:, draws].mean(axis=2)  # arms x resamples
    tail = 100.0 * (1 - CONFIDENCE) / 2
    position = {name: index for index, name in enumerate(names)}

    def interval(values: Any) -> tuple[float, float]:
        low, high = np.percentile(values, [tail, 100.0 - tail])
        return float(low), float(high)

    arms = {name: dict(zip(("ci_low", "ci_high"), interval(accuracy[index]))) for name, index in position.items()}
    differences = {}
    for better, worse in comparisons:
        if better in position and worse in position:
            delta = accuracy[position[better]] - accuracy[position[worse]]
            observed = 100.0 * float(matrix[position[better]].mean() - matrix[position[worse]].mean())
            low, high = interval(delta)
            differences[f"{better}-{worse}"] = {"delta": observed, "ci_low": low, "ci_high": high,
                                                "p_not_better": float((delta <= 0).mean())}
    return {"arms": arms, "differences": differences}


def build_report(meta: dict[str, Any], arms: dict[str, dict[str, Any]], correct: dict[str, list[bool]],
                 resamples: int, seed: int) -> dict[str, Any]:
    """`arms`: per arm its eval summary and (trained arms) its training record; `correct`: per arm the
    verdict on each test item, in the same item order."""
    sizes = {len(values) for values in correct.values()}
    if len(sizes) != 1:
        raise ValueError(f"arms were evaluated on different numbers of test items: {sorted(sizes)}")
    bootstrap = paired_bootstrap(correct, resamples, seed)
    report_arms = {}
    for name, record in arms.items():
        summary = record["summary"]
        report_arms[name] = {
            "label": ARM_LABELS[name], "accuracy": summary["accuracy_math_verify"],
            "accuracy_strict": summary["accuracy_strict"], "accuracy_flexible": summary["accuracy_flexible"],
            "correct": summary["correct"], "n": summary["n"], **bootstrap["arms"][name],
            "training": record.get("training"),
        }
    return {**meta, "n_test": sizes.pop(), "arms": report_arms, "differences": bootstrap["differences"],
            "bootstrap": {"resamples": resamples, "seed": seed, "confidence": CONFIDENCE, "paired": True,
                          "unit": "test item", "method": "percentile"}}


def section_markdown(report: dict[str, Any]) -> str:
    """The results as Markdown: the body of report.md and of the card's "Transfer results" section."""
    settings = report["settings"]
    lines = [
        f"Student `{report['student']['model_id']}` LoRA-fine-tuned for {settings['epochs']} epoch(s) "
        f"(r={settings['lora_r']}, lr={settings['lr']:g}, batch {settings['batch_size']}, seed {settings['seed']}) "
        f"on the remade `train` split and, with identical settings, on the original questions of the same "
        f"rows; all arms evaluated on {report['n_test']} `test` items ({report['recipe']} scoring, "
        f"{settings['max_new_tokens']} new tokens at most).",
        "",
        "| arm | trained on | accuracy (%) | 95% CI | correct / n |",
        "|---|---|---|---|---|",
    ]
    for arm in report["arms"].values():
        training = arm["training"]
        trained_on = "—" if training is None else (
            f"{training['rows']} rows, {training['rows_remade']} remade")
        lines.append(f"| {arm['label']} | {trained_on} | {arm['accuracy']:.2f} | "
                     f"[{arm['ci_low']:.2f}, {arm['ci_high']:.2f}] | {arm['correct']} / {arm['n']} |")
    lines += ["", "| comparison | Δ accuracy (points) | 95% CI | P(Δ ≤ 0) |", "|---|---|---|---|"]
    for key, diff in report["differences"].items():
        better, worse = key.split("-")
        lines.append(f"| {ARM_LABELS[better]} − {ARM_LABELS[worse]} | {diff['delta']:+.2f} | "
                     f"[{diff['ci_low']:+.2f}, {diff['ci_high']:+.2f}] | {diff['p_not_better']:.3f} |")
    boot = report["bootstrap"]
    lines += ["", f"Intervals: paired bootstrap over test items, {boot['resamples']} resamples (seed {boot['seed']}), "
              f"percentile method. Accuracy is exact match after answer extraction (math-verify)."]
    return "\n".join(lines)


def write_chart(report: dict[str, Any], path: Path) -> None:
    """A bar per arm with its 95% interval as an error bar; written atomically."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    arms = list(report["arms"].values())
    heights = [arm["accuracy"] for arm in arms]
    errors = [[arm["accuracy"] - arm["ci_low"] for arm in arms], [arm["ci_high"] - arm["accuracy"] for arm in arms]]
    figure, axis = plt.subplots(figsize=(5.5, 3.6), dpi=100)
    axis.bar([f"{arm['label']}\n{arm['accuracy']:.1f}%" for arm in arms], heights, yerr=errors, capsize=6,
             color=["#9e9e9e", "#5b8db8", "#d9822b", "#6a9f58"][:len(arms)])
    axis.set_ylim(0, 100)
    axis.set_ylabel("test accuracy (%)")
    axis.set_title(f"{report['recipe']}: student {report['student']['name']} (n={report['n_test']}, 95% CI)",
                   fontsize=9)
    axis.grid(axis="y", alpha=0.3)
    figure.tight_layout()
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    plt.close(figure)
    atomic_write_bytes(path, buffer.getvalue())


def write_report(report: dict[str, Any], out_dir: Path) -> dict[str, Path]:
    paths = {"json": out_dir / "report.json", "markdown": out_dir / "report.md", "chart": out_dir / "chart.png"}
    write_json(paths["json"], report)
    title = f"# {SECTION_TITLE}: {report['release']['name']} {report['release']['version']}\n\n"
    atomic_write_text(paths["markdown"], title + section_markdown(report) + "\n")
    write_chart(report, paths["chart"])
    return paths
