"""PNG charts of a run's per-epoch metrics: one chart per metric, epochs as whole numbers, a title and
units on every axis; a run with one epoch so far shows its single point with the value written on it."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class Curve:
    key: str       # the metrics.jsonl field
    title: str
    axis: str      # y-axis label, with units


CURVES = {
    "loss.png": Curve("mean_loss", "Mean training loss per epoch", "loss (nats per answer token)"),
    "accuracy.png": Curve("heldout_accuracy", "Held-out accuracy per epoch", "accuracy (%)"),
    "rewrites.png": Curve("rewrites_accepted", "Rewrites accepted per epoch", "accepted rewrites (count)"),
    "criterion.png": Curve("criterion_median", "Median criterion value per epoch", "criterion value"),
}


def plot_metrics(rows: list[dict], out_dir: Path) -> list[Path]:
    """One chart per metric that the rows carry; returns the files written (atomically)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    criterion = next((row.get("criterion") for row in rows if row.get("criterion")), None)
    for filename, curve in CURVES.items():
        points = [(int(row["epoch"]), float(row[curve.key])) for row in rows if row.get(curve.key) is not None]
        if not points:
            continue
        axis_label = f"{criterion} value" if curve.key == "criterion_median" and criterion else curve.axis
        figure = make_figure(points, curve.title, axis_label)
        path = out_dir / filename
        tmp = path.with_suffix(".tmp.png")
        figure.savefig(tmp)
        plt.close(figure)
        tmp.replace(path)
        written.append(path)
    return written


def make_figure(points: list[tuple[int, float]], title: str, axis_label: str) -> Any:
    import matplotlib.pyplot as plt

    epochs = [epoch for epoch, _ in points]
    values = [value for _, value in points]
    figure, axis = plt.subplots(figsize=(5, 3.2), dpi=100)
    axis.plot(epochs, values, marker="o")
    if len(points) == 1:  # a lone point: say its value, and centre it instead of a degenerate axis
        axis.annotate(f"{values[0]:.4g}", (epochs[0], values[0]), textcoords="offset points", xytext=(0, 8),
                      ha="center")
    axis.set_xticks(epochs if len(epochs) <= 12 else epochs[:: -(-len(epochs) // 12)])
    axis.set_xlim(min(epochs) - 0.5, max(epochs) + 0.5)
    axis.set_title(title)
    axis.set_xlabel("epoch")
    axis.set_ylabel(axis_label)
    axis.grid(alpha=0.3)
    figure.tight_layout()
    return figure
