"""Keys in any shape a user may put in a URL (credentials, query values under any name, a fragment) reach
no file a run or release writes and nothing printed; the parameter names stay, to say what was there."""

from __future__ import annotations

from pathlib import Path

import pytest

from remake.cli import main
from remake.secrets import scrub_text

PLANTED = ("sk-userinfo0123456789", "S1codevalue", "S2sigvalue", "S3pwdvalue", "S4fragment")
URL = (f"http://remake:{PLANTED[0]}@127.0.0.1:9/v1?code={PLANTED[1]}&sig={PLANTED[2]}&pwd={PLANTED[3]}"
       f"#access_token={PLANTED[4]}")


def test_every_query_value_and_the_fragment_are_redacted_names_kept():
    assert scrub_text(f"--editor-base-url {URL} done") == (
        "--editor-base-url http://<redacted>@127.0.0.1:9/v1?code=<redacted>&sig=<redacted>&pwd=<redacted>"
        "#<redacted> done")
    assert scrub_text(scrub_text(URL)) == scrub_text(URL)  # scrubbing twice changes nothing
    assert scrub_text("http://host:8000/v1") == "http://host:8000/v1"
    assert scrub_text("is it 2?x=3 or more") == "is it 2?x=3 or more"  # not a URL: only key-named values go


@pytest.mark.slow
def test_planted_url_keys_reach_no_file_and_no_output(tmp_path: Path, capsys) -> None:
    run_dir, out = tmp_path / "run", tmp_path / "out"
    argv = ["gsm-symbolic", "--size", "16", "--teacher-model", "smollm2-135m", "--criterion", "none", "--epochs", "1",
            "--limit", "4", "--eval-size", "1", "--max-length", "48", "--max-new-tokens", "4", "--run-dir", str(run_dir),
            "--out", str(out), "--editor-model", "gpt-4o", "--editor-base-url", URL]
    assert main(argv) == 0, capsys.readouterr().err[-2000:]
    assert main(["report", str(run_dir)]) == 0
    printed = capsys.readouterr()
    written = [path for folder in (run_dir, out) for path in folder.rglob("*") if path.is_file()]
    assert any(path.name == "remake.json" for path in written) and any(path.name == "report.html" for path in written)
    for path in written:
        data = path.read_bytes()
        assert not any(key.encode() in data for key in PLANTED), path
    assert not any(key in printed.out + printed.err for key in PLANTED)
    assert "code=<redacted>" in (run_dir / "config.json").read_text(encoding="utf-8")
