"""`remake report` on a run, an interrupted run, a run without rewrites and a release, and the page itself
opened in a real headless Chromium (Debian's `chromium` and `chromium-driver`, installed by `make install`):
rows, diff marks, charts, no script errors, and a working status filter."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
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


def _browser():
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    binary = shutil.which("chromium") or shutil.which("chromium-browser")
    driver = shutil.which("chromedriver")
    if not binary or not driver:
        pytest.fail("no headless browser: install Debian's chromium and chromium-driver (`make install` does)")
    options = webdriver.ChromeOptions()
    options.binary_location = binary
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=1280,1600"):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    return webdriver.Chrome(service=Service(driver), options=options)


def test_report_works_in_a_real_browser(tmp_path: Path, capsys):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    run = write_run(tmp_path / "run")
    _report(run.root, capsys)
    browser = _browser()
    try:
        browser.get((run.root / "report.html").as_uri())
        rows = browser.find_elements(By.CSS_SELECTOR, "tr.rewrite")
        assert len(rows) == 6
        assert browser.find_elements(By.CSS_SELECTOR, ".diff ins") and browser.find_elements(By.CSS_SELECTOR, ".diff del")
        assert len(browser.find_elements(By.CSS_SELECTOR, "figure.chart svg")) >= 3
        assert browser.find_element(By.ID, "shown").text == "6 of 6 shown"
        Select(browser.find_element(By.ID, "status-filter")).select_by_value("rejected")
        visible = [row for row in rows if row.is_displayed()]
        assert [row.get_attribute("data-status") for row in visible] == ["rejected"]
        assert browser.find_element(By.ID, "shown").text == "1 of 6 shown"
        Select(browser.find_element(By.ID, "status-filter")).select_by_value("")
        Select(browser.find_element(By.ID, "check-filter")).select_by_value("leak")
        assert [row.get_attribute("data-id") for row in rows if row.is_displayed()] == ["train-1"]
        browser.find_element(By.CSS_SELECTOR, 'th[data-key="epoch"]').click()  # sorting keeps every row
        assert len(browser.find_elements(By.CSS_SELECTOR, "tr.rewrite")) == 6
        errors = [entry for entry in browser.get_log("browser") if entry["level"] == "SEVERE"]
        assert errors == []
        browser.save_screenshot(str(tmp_path / "report.png"))
    finally:
        browser.quit()


def test_python_api_writes_the_report(tmp_path: Path):
    import remake
    import remake.report.build  # noqa: F401  (importing the package must not replace the API function)

    path = remake.report(write_run(tmp_path / "run").root, tmp_path / "elsewhere.html")
    assert path == tmp_path / "elsewhere.html" and path.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
