"""Per-epoch charts as inline SVG, drawn by matplotlib (renders offline; no chart script to load)."""

from __future__ import annotations

import io
from typing import Any

SERIES = [  # (title, y-axis label, [(metrics.jsonl key, legend)])
    ("Training loss", "mean loss (nats per answer token)", [("mean_loss", "loss")]),
    ("Held-out accuracy", "accuracy (%)", [("heldout_accuracy", "held-out")]),
    ("Criterion distribution", "criterion value", [("criterion_min", "min"), ("criterion_median", "median"),
                                                   ("criterion_max", "max")]),
    ("Symbolic phase", "questions (count)", [("scanned", "scanned"), ("wrong_found", "wrong"),
                                             ("rewrites_tried", "rewritten"), ("rewrites_accepted", "accepted")]),
]


def epoch_charts(metrics: list[dict[str, Any]]) -> list[dict[str, str]]:
    """One chart per series the metrics carry: [{"title", "svg"}]."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    charts = []
    for title, axis, keys in SERIES:
        lines = [(legend, [(int(row["epoch"]), float(row[key])) for row in metrics if row.get(key) is not None])
                 for key, legend in keys]
        lines = [(legend, points) for legend, points in lines if points]
        if not lines:
            continue
        figure, ax = plt.subplots(figsize=(4.6, 2.8), dpi=96)
        for legend, points in lines:
            ax.plot([e for e, _ in points], [v for _, v in points], marker="o", label=legend)
        epochs = sorted({e for _, points in lines for e, _ in points})
        ax.set_xticks(epochs)
        ax.set_xlabel("epoch")
        ax.set_ylabel(axis)
        ax.set_title(title)
        if len(lines) > 1:
            ax.legend(fontsize="small")
        figure.tight_layout()
        buffer = io.StringIO()
        figure.savefig(buffer, format="svg", metadata={"Date": None})  # the same run gives the same page
        plt.close(figure)
        svg = buffer.getvalue()
        charts.append({"title": title, "svg": svg[svg.index("<svg"):]})
    return charts
