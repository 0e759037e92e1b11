"""`remake report`: render a run, release or transfer folder to one self-contained HTML file with Jinja2
(the card's template engine), charts as inline SVG from matplotlib and the word diff from difflib."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from remake.files import atomic_write_text
from remake.report.charts import epoch_charts
from remake.report.sources import load_report_data

STATUS_ORDER = ("accepted", "rejected", "failed")


def render(target: Path) -> str:
    import jinja2

    data = load_report_data(target)
    template = resources.files("remake.report").joinpath("templates/report.html.j2").read_text(encoding="utf-8")
    environment = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined)
    statuses = sorted({row["status"] for row in data.rewrites},
                      key=lambda s: STATUS_ORDER.index(s) if s in STATUS_ORDER else len(STATUS_ORDER))
    return environment.from_string(template).render(data=data, charts=epoch_charts(data.metrics) if data.metrics else [],
                                                    statuses=statuses)


def default_path(target: Path) -> Path:
    """`report.html` inside a run or transfer folder; next to a release (`v1.0.0-report.html`), whose folder
    is what `remake push` uploads and must stay as released."""
    if (target / "remake.json").is_file():
        return target.parent / f"{target.name}-report.html"
    return target / "report.html"


def write_report(target: Path, out: Path | None = None) -> Path:
    """Write the report of `target` (default: `default_path`) atomically; returns its path."""
    path = out or default_path(target)
    atomic_write_text(path, render(target))
    return path
