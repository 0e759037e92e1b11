"""One process per run directory: a harvest (fresh or resumed) holds an exclusive `flock` on the run
directory itself while it runs. The kernel drops the lock when the process ends, however it ends, so a
killed run never leaves a stale lock, and no lock file is left in the run."""

from __future__ import annotations

import fcntl
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from remake.errors import RemakeError


@contextmanager
def run_lock(root: Path) -> Iterator[None]:
    descriptor = os.open(root, os.O_RDONLY)
    try:
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise RemakeError(f"{root} is in use by another remake process: wait for that run to end or stop it, "
                              "then resume") from None
        yield
    finally:
        os.close(descriptor)
