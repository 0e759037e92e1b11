"""How a refused command must look to a user: exit 2, one line on stderr naming the problem and the fix,
no traceback, and nothing written where it ran."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from remake.cli import main


def listing(root: Path) -> set[str]:
    return {str(p.relative_to(root)) for p in root.rglob("*")}


def refused(argv: list[str], capsys: pytest.CaptureFixture[str], where: Path) -> str:
    """Run the CLI in `where`; assert the one-line refusal and that nothing was written there."""
    before, cwd = listing(where), os.getcwd()
    os.chdir(where)
    try:
        code = main(argv)
    finally:
        os.chdir(cwd)
    err = capsys.readouterr().err.strip()
    assert code == 2, err
    assert err.startswith("remake: error: ") and "\n" not in err and "Traceback" not in err, err
    assert listing(where) == before, "a refused command wrote files"
    return err
