"""Process checks for the tests that start servers: is a pid still running, and wait until it is not."""

from __future__ import annotations

import signal
import time


def interruptible() -> None:
    """Popen's preexec_fn for a child the test will Ctrl-C: a shell that started the suite in the background
    (`cmd &` without job control) makes SIGINT ignored, children inherit that, and Python then installs no
    KeyboardInterrupt handler. The default disposition lets the child see Ctrl-C as a terminal would."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def alive(pid: int) -> bool:
    """True while the process exists and is not a zombie waiting to be reaped."""
    try:
        with open(f"/proc/{pid}/stat") as handle:
            return handle.read().rsplit(")", 1)[1].split()[0] not in ("Z", "X")
    except FileNotFoundError:
        return False


def gone(pid: int, seconds: float = 20.0) -> bool:
    """Wait up to `seconds` for the process to end; True once it has."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if not alive(pid):
            return True
        time.sleep(0.1)
    return False
