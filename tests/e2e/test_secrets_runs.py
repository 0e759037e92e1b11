"""Keys in any shape a user may put in a URL (credentials, query values under any name, a fragment) reach
no file a run or release writes and nothing printed; the parameter names stay, to say what was there."""

from __future__ import annotations

from pathlib import Path

import pytest

from remake.cli import main

PLANTED = ("sk-userinfo0123456789", "S1codevalue", "S2sigvalue", "S3pwdvalue", "S4fragment")
URL = (f"http://remake:{PLANTED[0]}@127.0.0.1:9/v1?code={PLANTED[1]}&sig={PLANTED[2]}&pwd={PLANTED[3]}"
       f"#access_token={PLANTED[4]}")


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
