"""The per-epoch charts of a run, defined once: drawn by matplotlib as inline SVG for the HTML report and
as PNG files in the run's plots/ folder (remake.harvest.plots). Epochs are whole numbers; a chart with a
single epoch writes the value on its lone point; each axis says its units."""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Series:
    file: str                        # the PNG's name in plots/
    title: str
    axis: str                        # y-axis label, with units
    lines: tuple[tuple[str, str], ...]  # (metrics.jsonl key, legend)


SERIES = (
    Series("loss.png", "Mean training loss per epoch", "loss (nats per answer token)", (("mean_loss", "loss"),)),
    Series("accuracy.png", "Held-out accuracy per epoch", "accuracy (%)", (("heldout_accuracy", "held-out"),)),
    Series("criterion.png", "Criterion per epoch", "criterion value",
           (("criterion_min", "min"), ("criterion_median", "median"), ("criterion_max", "max"))),
    Series("rewrites.png", "Symbolic phase per epoch", "questions (count)",
           (("scanned", "scanned"), ("wrong_found", "wrong"), ("rewrites_tried", "rewritten"),
            ("rewrites_accepted", "accepted"))),
)


def figure(series: Series, metrics: list[dict[str, Any]], size: tuple[float, float] = (5, 3.2), dpi: int = 100) -> Any:
    """The series' matplotlib figure, or None when the metrics carry none of its values."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    lines = [(legend, [(int(row["epoch"]), float(row[key])) for row in metrics if row.get(key) is not None])
             for key, legend in series.lines]
    lines = [(legend, points) for legend, points in lines if points]
    if not lines:
        return None
    drawn, axis = plt.subplots(figsize=size, dpi=dpi)
    for legend, points in lines:
        axis.plot([e for e, _ in points], [v for _, v in points], marker="o", label=legend)
        if len(points) == 1:  # a lone point: say its value
            axis.annotate(f"{points[0][1]:.4g}", points[0], textcoords="offset points", xytext=(0, 8), ha="center")
    epochs = sorted({e for _, points in lines for e, _ in points})
    axis.set_xticks(epochs if len(epochs) <= 12 else epochs[:: -(-len(epochs) // 12)])
    axis.set_xlim(min(epochs) - 0.5, max(epochs) + 0.5)  # a lone epoch centred, not a degenerate axis
    criterion = next((row.get("criterion") for row in metrics if row.get("criterion")), None)
    axis.set_ylabel(f"{criterion} value" if series.file == "criterion.png" and criterion else series.axis)
    axis.set_xlabel("epoch")
    axis.set_title(series.title)
    axis.grid(alpha=0.3)
    if len(lines) > 1:
        axis.legend(fontsize="small")
    drawn.tight_layout()
    return drawn


def epoch_charts(metrics: list[dict[str, Any]]) -> list[dict[str, str]]:
    """One chart per series the metrics carry: [{"title", "svg"}]."""
    import matplotlib.pyplot as plt

    charts = []
    for series in SERIES:
        drawn = figure(series, metrics, size=(4.6, 2.8), dpi=96)
        if drawn is None:
            continue
        buffer = io.StringIO()
        drawn.savefig(buffer, format="svg", metadata={"Date": None})  # the same run gives the same page
        plt.close(drawn)
        svg = buffer.getvalue()
        charts.append({"title": series.title, "svg": svg[svg.index("<svg"):]})
    return charts
