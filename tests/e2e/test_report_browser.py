"""The report page opened in a real headless Chromium (Debian's `chromium` and `chromium-driver`, installed by
`make install`)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from sample_run import write_run

from remake.cli import main


def _report(target: Path, capsys, written: Path | None = None) -> str:
    written = written or target / "report.html"
    assert main(["report", str(target)]) == 0
    assert capsys.readouterr().out.strip() == f"report: {written}"
    return written.read_text(encoding="utf-8")


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
