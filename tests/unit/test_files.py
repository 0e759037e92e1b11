"""Atomic writes: the result is readable like any file the user writes, and a failed write leaves the old file."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from remake.files import atomic_write_bytes, read_jsonl, write_json, write_jsonl


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_a_new_file_gets_the_umask_mode_not_a_private_one(tmp_path: Path) -> None:
    previous = os.umask(0o022)
    try:
        write_json(tmp_path / "report.json", {"a": 1})
    finally:
        os.umask(previous)
    assert mode(tmp_path / "report.json") == 0o644


def test_rewriting_keeps_the_files_mode(tmp_path: Path) -> None:
    target = tmp_path / "rows.jsonl"
    target.write_text("")
    target.chmod(0o640)
    write_jsonl(target, [{"id": 1}])
    assert mode(target) == 0o640
    assert read_jsonl(target) == [{"id": 1}]


def test_a_failed_write_leaves_the_old_file_and_no_temporary(tmp_path: Path) -> None:
    target = tmp_path / "out.bin"
    target.write_bytes(b"old")
    with pytest.raises(TypeError):
        atomic_write_bytes(target, "not bytes")  # type: ignore[arg-type]
    assert target.read_bytes() == b"old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.bin"]
