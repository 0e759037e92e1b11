"""PNG charts of a run's per-epoch metrics in its plots/ folder: the series of remake.report.charts, one
file each, written atomically after every epoch."""

from __future__ import annotations

from pathlib import Path

from remake.report.charts import SERIES, figure


def plot_metrics(rows: list[dict], out_dir: Path) -> list[Path]:
    """One chart per series that the rows carry; returns the files written."""
    import matplotlib.pyplot as plt

    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for series in SERIES:
        drawn = figure(series, rows)
        if drawn is None:
            continue
        path = out_dir / series.file
        tmp = path.with_suffix(".tmp.png")
        drawn.savefig(tmp)
        plt.close(drawn)
        tmp.replace(path)
        written.append(path)
    return written
