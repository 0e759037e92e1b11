"""PNG curves of a run's per-epoch metrics."""

from __future__ import annotations

from pathlib import Path

CURVES = {
    "loss.png": ("mean_loss", "mean training loss"),
    "accuracy.png": ("heldout_accuracy", "held-out accuracy (%)"),
    "rewrites.png": ("rewrites_accepted", "rewrites accepted"),
    "criterion.png": ("criterion_median", "median criterion value"),
}


def plot_metrics(rows: list[dict], out_dir: Path) -> list[Path]:
    """One small line plot per metric that the rows carry; returns the files written."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for filename, (key, label) in CURVES.items():
        points = [(row["epoch"], row[key]) for row in rows if row.get(key) is not None]
        if not points:
            continue
        figure, axis = plt.subplots(figsize=(5, 3.2), dpi=100)
        axis.plot([p[0] for p in points], [p[1] for p in points], marker="o")
        axis.set_xlabel("epoch")
        axis.set_ylabel(label)
        axis.grid(alpha=0.3)
        figure.tight_layout()
        path = out_dir / filename
        tmp = path.with_suffix(".tmp.png")
        figure.savefig(tmp)
        plt.close(figure)
        tmp.replace(path)
        written.append(path)
    return written
