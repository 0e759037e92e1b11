"""Atomic writes and JSON Lines helpers: every output remake writes goes through here, so no crash
leaves a half-written file behind."""

from __future__ import annotations

import errno
import hashlib
import json
import math
import os
import shutil
import sys
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from remake.errors import RemakeError

_TORN_SEEN: set[str] = set()  # files whose torn last line was already reported by this process
_APPENDED: set[str] = set()   # files this process appends to: their tail was checked at the first append


def atomic_write_bytes(path: str | os.PathLike, data: bytes) -> None:
    """Write to a temporary file in the same folder, fsync, then rename over `path`."""
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        # mkstemp makes the file private (0600); give it the mode a plain open() would have
        os.fchmod(fd, target.stat().st_mode & 0o777 if target.exists() else _default_mode())
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, target)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def _umask() -> int:
    """The process umask (read by setting it, as the os module offers no getter)."""
    umask = os.umask(0)
    os.umask(umask)
    return umask


def _default_mode() -> int:
    return 0o666 & ~_umask()


def staging_dir(parent: Path, prefix: str) -> Path:
    """A fresh folder in `parent` to build in and rename into place, with the permissions `mkdir` gives
    (mkdtemp's 0700 would make a released version unreadable to the group and others)."""
    folder = Path(tempfile.mkdtemp(dir=parent, prefix=prefix))
    folder.chmod(0o777 & ~_umask())
    return folder


NEARLY_FULL = 2**20  # bytes free below which a library's failed write is taken for a full disk (it fills the last blocks)


@contextmanager
def library_writes(path: Path) -> Iterator[None]:
    """Writes done by a library (safetensors, torch, transformers) raise its own error types on a full disk
    (SafetensorError, RuntimeError); when the disk under `path` is indeed full, they become the OSError
    (ENOSPC) that the command line reports in one line with the fix."""
    try:
        yield
    except OSError:
        raise
    except Exception as exc:
        # safetensors says "os error 28" and may have written nothing; torch says nothing useful but has
        # filled the disk
        if os.strerror(errno.ENOSPC) in str(exc) or _free_bytes(path) < NEARLY_FULL:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(path)) from exc
        raise


def _free_bytes(path: Path) -> int:
    existing = next(folder for folder in (path, *path.parents) if folder.exists())
    return shutil.disk_usage(existing).free


def save_pretrained_atomically(model: Any, target: Path) -> None:
    """`model.save_pretrained` (peft, transformers) into a staging folder renamed into place: no
    half-written adapter or model is ever seen, and a failed write leaves nothing behind."""
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = staging_dir(target.parent, f".{target.name}.")
    try:
        with library_writes(target):
            model.save_pretrained(str(staging))
        if target.exists():
            shutil.rmtree(target)
        os.replace(staging, target)
    finally:
        if staging.exists():
            shutil.rmtree(staging)


def atomic_write_text(path: str | os.PathLike, text: str) -> None:
    atomic_write_bytes(path, text.encode("utf-8"))


def json_safe(value: Any) -> Any:
    """NaN and infinities as null: Python writes them as bare NaN / Infinity, which is not JSON (browsers,
    datasets and jq refuse the file)."""
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, dict):
        return {key: json_safe(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [json_safe(item) for item in value]
    return value


def write_json(path: str | os.PathLike, obj: Any) -> None:
    atomic_write_text(path, json.dumps(json_safe(obj), indent=2, sort_keys=True, ensure_ascii=False,
                                       allow_nan=False) + "\n")


def read_json(path: str | os.PathLike) -> Any:
    """A JSON file's value; a damaged file is a one-line error naming it (never a traceback)."""
    try:
        with open(path, encoding="utf-8") as handle:
            return json.load(handle)
    except json.JSONDecodeError as exc:
        raise RemakeError(f"{path} is not valid JSON (line {exc.lineno}, column {exc.colno}): the file is damaged; "
                          "restore it, or delete it and start over") from None
    except UnicodeDecodeError:
        raise RemakeError(f"{path} is not UTF-8 text: the file is damaged; restore it, or delete it and start over") from None


def write_jsonl(path: str | os.PathLike, rows: Iterable[dict]) -> None:
    text = "".join(json.dumps(json_safe(row), sort_keys=True, ensure_ascii=False, allow_nan=False) + "\n"
                   for row in rows)
    atomic_write_text(path, text)


def read_jsonl(path: str | os.PathLike) -> list[dict]:
    return list(iter_jsonl(path))


def iter_jsonl(path: str | os.PathLike, torn_tail_ok: bool = True) -> Iterator[dict]:
    """The rows of a JSON Lines file. A last line cut short (no newline, not valid JSON: what a kill during
    `append_jsonl` leaves) is dropped and said once on stderr, unless `torn_tail_ok` is off (input data);
    the file's next rewrite drops it for good. Any other bad line is a one-line error naming file and line."""
    number = 0
    try:
        with open(path, encoding="utf-8") as handle:
            for number, line in enumerate(handle, start=1):
                if not line.strip():
                    continue
                row = _parse_line(path, number, line, torn_tail_ok)
                if row is not None:
                    yield row
    except UnicodeDecodeError:
        raise RemakeError(f"{path} is not UTF-8 text (near line {number + 1}): give a JSON Lines file, "
                          "one {...} object per line") from None


def _parse_line(path: str | os.PathLike, number: int, line: str, torn_tail_ok: bool) -> dict | None:
    try:
        row = json.loads(line)
    except json.JSONDecodeError as exc:
        if torn_tail_ok and not line.endswith("\n"):  # the last line, torn by an interrupted append
            if str(path) not in _TORN_SEEN:
                _TORN_SEEN.add(str(path))
                print(f"remake: {path}: dropped its last line {number}, cut short by an interrupted write",
                      file=sys.stderr)
            return None
        raise RemakeError(f"{path} line {number} is not valid JSON ({exc.msg}): fix or delete that line") from None
    if not isinstance(row, dict):
        raise RemakeError(f"{path} line {number} is a JSON {type(row).__name__}, not an object: "
                          "each line must be one {...} row")
    return row


def append_jsonl(path: str | os.PathLike, row: dict) -> None:
    """Append one row and fsync; used for logs that grow during a run (metrics, editor calls). A torn
    last line left by an earlier kill is cut off first, so the new row never fuses with it."""
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    if str(path) not in _APPENDED:  # only an earlier process can have left a torn tail
        _drop_torn_tail(Path(path))
        _APPENDED.add(str(path))
    with open(path, "a", encoding="utf-8") as handle:
        handle.write(json.dumps(json_safe(row), sort_keys=True, ensure_ascii=False, allow_nan=False) + "\n")
        handle.flush()
        os.fsync(handle.fileno())


def _drop_torn_tail(path: Path, chunk: int = 1 << 16) -> None:
    """A last line without its newline: completed when it is whole JSON (the kill struck just before the
    newline), else cut off, as iter_jsonl reads it."""
    if not path.is_file() or path.stat().st_size == 0:
        return
    with open(path, "rb+") as handle:
        end = handle.seek(0, os.SEEK_END)
        handle.seek(end - 1)
        if handle.read(1) == b"\n":
            return
        start = end
        while start > 0:  # back to the newline that ends the last complete line
            start = max(0, start - chunk)
            handle.seek(start)
            newline = handle.read(end - start).rfind(b"\n")
            if newline >= 0:
                start += newline + 1
                break
        handle.seek(start)
        fragment = handle.read(end - start)
        if _is_row(fragment):
            handle.seek(end)
            handle.write(b"\n")
        else:
            handle.truncate(start)


def _is_row(fragment: bytes) -> bool:
    try:
        return isinstance(json.loads(fragment.decode("utf-8")), dict)
    except (UnicodeDecodeError, json.JSONDecodeError):
        return False


def sha256_file(path: str | os.PathLike, chunk: int = 1 << 20) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while block := handle.read(chunk):
            digest.update(block)
    return digest.hexdigest()


def yaml_mapping(text: str, what: str) -> dict[str, Any]:
    """A YAML document that must be a mapping (a recipe, a --config file), parsed safely; anchors and aliases
    are refused before anything is built (an alias bomb expands exponentially). `what` names it in errors."""
    import yaml

    try:
        if any(isinstance(event, yaml.AliasEvent) for event in yaml.parse(text, Loader=yaml.SafeLoader)):
            raise RemakeError(f"{what} uses YAML aliases (*name): write each value out")
        raw = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        lines = max(1, len(text.splitlines()))
        where = f" at line {min(mark.line + 1, lines)}" if mark else ""  # an error at the end names the last line
        raise RemakeError(f"{what} is not valid YAML{where}: fix the file's syntax") from None
    if not isinstance(raw, dict):
        raise RemakeError(f"{what} must be a YAML mapping of keys to values")
    return raw
