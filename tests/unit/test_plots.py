"""Run charts: whole-number epochs, a title and units, and a readable chart for a single epoch."""

from __future__ import annotations

from pathlib import Path

import matplotlib.pyplot as plt

from remake.harvest.plots import CURVES, make_figure, plot_metrics


def test_epochs_are_whole_numbers_and_charts_have_titles_and_units() -> None:
    figure = make_figure([(1, 2.1), (2, 1.9), (3, 1.8)], "Mean training loss per epoch", "loss (nats per answer token)")
    axis = figure.axes[0]
    figure.canvas.draw()
    labels = [tick.get_text() for tick in axis.get_xticklabels()]
    assert labels == ["1", "2", "3"]  # used to read 1.00, 1.25, 1.50 ...
    assert axis.get_title() == "Mean training loss per epoch" and "(" in axis.get_ylabel()
    plt.close(figure)


def test_a_single_epoch_shows_its_value() -> None:
    figure = make_figure([(1, 0.25)], "Held-out accuracy per epoch", "accuracy (%)")
    axis = figure.axes[0]
    figure.canvas.draw()
    assert [tick.get_text() for tick in axis.get_xticklabels()] == ["1"]
    assert [text.get_text() for text in axis.texts] == ["0.25"]
    assert axis.get_xlim() == (0.5, 1.5)
    plt.close(figure)


def test_plot_metrics_writes_one_file_per_recorded_metric(tmp_path: Path) -> None:
    rows = [{"epoch": 1, "mean_loss": 2.0, "heldout_accuracy": 10.0, "criterion": "loss-ratio"},
            {"epoch": 2, "mean_loss": 1.5, "heldout_accuracy": 12.5, "criterion_median": 0.01,
             "rewrites_accepted": 1, "criterion": "loss-ratio"}]
    written = plot_metrics(rows, tmp_path)
    assert {path.name for path in written} == set(CURVES)
    assert all(path.stat().st_size > 0 for path in written) and not list(tmp_path.glob("*.tmp.png"))
