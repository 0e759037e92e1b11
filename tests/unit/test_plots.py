"""Run charts, one set of series for the PNGs and the report: whole-number epochs, a title and units, and a
readable chart for a single epoch."""

from __future__ import annotations

from pathlib import Path

import matplotlib.pyplot as plt

from remake.harvest.plots import plot_metrics
from remake.report.charts import SERIES, epoch_charts, figure

LOSS, ACCURACY = SERIES[0], SERIES[1]


def test_epochs_are_whole_numbers_and_charts_have_titles_and_units() -> None:
    drawn = figure(LOSS, [{"epoch": e, "mean_loss": v} for e, v in ((1, 2.1), (2, 1.9), (3, 1.8))])
    axis = drawn.axes[0]
    drawn.canvas.draw()
    labels = [tick.get_text() for tick in axis.get_xticklabels()]
    assert labels == ["1", "2", "3"]  # used to read 1.00, 1.25, 1.50 ...
    assert axis.get_title() == "Mean training loss per epoch" and "(" in axis.get_ylabel()
    plt.close(drawn)


def test_a_single_epoch_shows_its_value() -> None:
    drawn = figure(ACCURACY, [{"epoch": 1, "heldout_accuracy": 0.25}])
    axis = drawn.axes[0]
    drawn.canvas.draw()
    assert [tick.get_text() for tick in axis.get_xticklabels()] == ["1"]
    assert [text.get_text() for text in axis.texts] == ["0.25"]
    assert axis.get_xlim() == (0.5, 1.5)
    plt.close(drawn)


def test_plot_metrics_writes_one_file_per_recorded_metric(tmp_path: Path) -> None:
    rows = [{"epoch": 1, "mean_loss": 2.0, "heldout_accuracy": 10.0, "criterion": "loss-ratio"},
            {"epoch": 2, "mean_loss": 1.5, "heldout_accuracy": 12.5, "criterion_median": 0.01,
             "rewrites_accepted": 1, "criterion": "loss-ratio"}]
    written = plot_metrics(rows, tmp_path)
    assert {path.name for path in written} == {series.file for series in SERIES}
    assert [chart["title"] for chart in epoch_charts(rows)] == [series.title for series in SERIES]
    assert all(path.stat().st_size > 0 for path in written) and not list(tmp_path.glob("*.tmp.png"))
