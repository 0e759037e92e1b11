"""HTML reports: one self-contained file (styles, scripts and charts inline, nothing fetched) for a run
directory, a dataset release or a transfer folder."""

from remake.report.build import write_report

__all__ = ["write_report"]
