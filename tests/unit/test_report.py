"""`remake report` on a run, an interrupted run, a run without rewrites and a release: one self-contained page
each."""

from __future__ import annotations

import re
from pathlib import Path

from sample_run import write_run

from remake.cli import main
from remake.files import read_json


def _report(target: Path, capsys, written: Path | None = None) -> str:
    written = written or target / "report.html"
    assert main(["report", str(target)]) == 0
    assert capsys.readouterr().out.strip() == f"report: {written}"
    return written.read_text(encoding="utf-8")


def test_report_of_a_run_is_self_contained(tmp_path: Path, capsys):
    page = _report(write_run(tmp_path / "run").root, capsys)
    assert page.count('<tr class="rewrite"') == 6 and page.count("<svg") >= 3
    assert "<ins>" in page and "<del>" in page and "Read carefully" in page
    assert not re.search(r'(src|href)="https?:', page) and "<link" not in page  # nothing is fetched
    assert "sk-test" not in page  # the editor URL's key never reaches the page


def test_report_of_an_empty_or_interrupted_run_and_of_a_release(tmp_path: Path, capsys):
    empty = write_run(tmp_path / "empty", statuses=())
    assert "No rewrite attempts were recorded." in _report(empty.root, capsys)
    interrupted = write_run(tmp_path / "interrupted")
    interrupted.editor_usage.unlink()  # the final records are written only when a harvest ends
    interrupted.metrics.write_text(interrupted.metrics.read_text().splitlines()[0] + "\n{\"epoch\": 2, \"mea")
    page = _report(interrupted.root, capsys)
    assert "interrupted or running" in page and "1 run of at most 4" in page
    assert main(["release", str(write_run(tmp_path / "done").root), "--out", str(tmp_path / "out")]) == 0
    release = next((tmp_path / "out").glob("*/v1.0.0"))
    capsys.readouterr()
    files = sorted(path.name for path in release.rglob("*"))
    page = _report(release, capsys, release.parent / "v1.0.0-report.html")  # next to it: the release stays as pushed
    assert sorted(path.name for path in release.rglob("*")) == files
    counts = read_json(release / "remake.json")["counts"]
    assert f"<th>accepted</th><td>{counts['accepted']}</td>" in page
    assert page.count('<tr class="rewrite"') == counts["rewrites_rows"] + counts["rejects_rows"]


def test_report_of_a_folder_that_is_none_of_them(tmp_path: Path, capsys):
    assert main(["report", str(tmp_path)]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "neither a run directory, a release nor a transfer folder" in err


def test_python_api_writes_the_report(tmp_path: Path):
    import remake
    import remake.report.build  # noqa: F401  (importing the package must not replace the API function)

    path = remake.write_report(write_run(tmp_path / "run").root, tmp_path / "elsewhere.html")
    assert path == tmp_path / "elsewhere.html" and path.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
