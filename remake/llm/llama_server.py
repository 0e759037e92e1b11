"""A llama.cpp OpenAI-compatible server (`python -m llama_cpp.server`) for any GGUF, as a context
manager: started on 127.0.0.1, ready once `/v1/models` answers, stopped cleanly on exit, Ctrl-C
included. The server also dies with this process (PR_SET_PDEATHSIG on Linux): no orphans."""

from __future__ import annotations

import ctypes
import importlib.util
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from remake.errors import RemakeError

SERVER_HINT = "pip install 'llama-cpp-python[server]' (or `pip install 'remake[server]'`)"
PR_SET_PDEATHSIG = 1


@dataclass(frozen=True)
class ServerConfig:
    """`port` 0 picks a free port. `n_threads` None: every core this process may use. llama.cpp's own
    default generates on half the cores; on 2 cores that left one idle while remake waited on the server
    (160 tokens from Qwen2.5-Coder-1.5B: 14.3 s on 1 thread, 8.6 s on 2)."""

    gguf: Path
    port: int = 8080
    host: str = "127.0.0.1"
    n_ctx: int = 2048
    n_threads: int | None = None
    model_alias: str | None = None
    # llama-cpp-python returns logprobs only from a model loaded with logits_all (the judge's confidence)
    logprobs: bool = False
    startup_timeout_s: float = 120.0
    stop_timeout_s: float = 10.0

    def command(self, port: int) -> list[str]:
        args = [sys.executable, "-m", "llama_cpp.server", "--model", str(self.gguf), "--host", self.host,
                "--port", str(port), "--n_ctx", str(self.n_ctx), "--verbose", "False"]
        threads = self.n_threads or usable_cores()
        args += ["--n_threads", str(threads), "--n_threads_batch", str(threads)]
        if self.model_alias:
            args += ["--model_alias", self.model_alias]
        if self.logprobs:
            args += ["--logits_all", "True"]
        return args


def usable_cores() -> int:
    """Cores this process may run on (its affinity on Linux, else all)."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


class LlamaServer:
    def __init__(self, config: ServerConfig):
        self.config = config
        self.port = config.port
        self.process: subprocess.Popen[bytes] | None = None
        self._log = tempfile.TemporaryFile(prefix="remake-serve-")

    @property
    def base_url(self) -> str:
        return f"http://{self.config.host}:{self.port}/v1"

    def __enter__(self) -> LlamaServer:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def start(self) -> None:
        if importlib.util.find_spec("llama_cpp") is None:
            raise RemakeError(f"serving needs llama.cpp's server: {SERVER_HINT}")
        if not Path(self.config.gguf).is_file():
            raise RemakeError(f"model file {self.config.gguf} does not exist: give a GGUF path")
        self.port = self.config.port or _free_port(self.config.host)
        if _port_in_use(self.config.host, self.port):
            raise RemakeError(f"port {self.port} on {self.config.host} is in use: choose another --port")
        self.process = subprocess.Popen(self.config.command(self.port), stdout=self._log, stderr=subprocess.STDOUT,
                                        stdin=subprocess.DEVNULL, start_new_session=True,
                                        preexec_fn=_die_with_parent)
        try:
            self._wait_ready()
        except BaseException:  # not ready, or Ctrl-C while waiting: never leave the server behind
            self.stop()
            raise

    def _wait_ready(self) -> None:
        deadline = time.monotonic() + self.config.startup_timeout_s
        while time.monotonic() < deadline:
            assert self.process is not None
            if self.process.poll() is not None:
                raise RemakeError(f"llama.cpp server exited with code {self.process.returncode} while starting: "
                                  f"{self.log_tail()}")
            if self.ready():
                return
            time.sleep(0.2)
        raise RemakeError(f"llama.cpp server not ready after {self.config.startup_timeout_s:.0f} s: "
                          f"{self.log_tail() or 'no output'}")

    def ready(self) -> bool:
        try:
            with urllib.request.urlopen(f"{self.base_url}/models", timeout=2) as response:
                return response.status == 200 and "data" in json.loads(response.read())
        except (urllib.error.URLError, ConnectionError, TimeoutError, ValueError):
            return False

    def log_tail(self, lines: int = 3) -> str:
        self._log.seek(0)
        text = self._log.read().decode("utf-8", errors="replace").strip().splitlines()
        return " | ".join(text[-lines:])

    def wait(self) -> int:
        """Block until the server exits (e.g. `remake serve` waiting for Ctrl-C)."""
        assert self.process is not None
        return self.process.wait()

    def stop(self) -> None:
        """SIGTERM to the server's process group, SIGKILL if it does not exit in time. Idempotent."""
        process, self.process = self.process, None
        if process is None:
            return
        if process.poll() is None:
            _signal_group(process, signal.SIGTERM)
            try:
                process.wait(timeout=self.config.stop_timeout_s)
            except subprocess.TimeoutExpired:
                _signal_group(process, signal.SIGKILL)
                process.wait()
        self._log.close()


def serve_model(model: str, port: int = 8080, host: str = "127.0.0.1", n_ctx: int = 4096,
                n_threads: int | None = None) -> LlamaServer:
    """`remake serve`'s server: an embedded alias or a .gguf file, with logprobs on (a judge on this server
    reads its confidence, not only a word). Bad settings are one-line errors before anything starts."""
    from remake.models.registry import gguf_path

    if not 0 <= port <= 65535:
        raise RemakeError(f"--port {port}: give a port in 0..65535 (0 picks a free one)")
    if n_ctx < 16 or (n_threads is not None and n_threads < 1):
        raise RemakeError("--n-ctx must be >= 16 and --n-threads >= 1")
    local = model.endswith(".gguf")
    return LlamaServer(ServerConfig(gguf=Path(model) if local else gguf_path(model), port=port, host=host, n_ctx=n_ctx,
                                    n_threads=n_threads, model_alias=Path(model).stem if local else model, logprobs=True))


def _signal_group(process: subprocess.Popen[bytes], sig: int) -> None:
    try:
        os.killpg(process.pid, sig)  # start_new_session made the server its own group leader
    except ProcessLookupError:
        pass  # exited between poll() and the signal


def _die_with_parent() -> None:
    """In the child before exec: ask Linux to SIGKILL the server when its parent dies, even by SIGKILL.
    Not SIGTERM: uvicorn then shuts down gracefully, waiting for a generation in flight (minutes for a
    1.5B model on CPU) while orphaned; with no parent left there is no one to shut down gracefully for."""
    if sys.platform.startswith("linux"):
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)


def _free_port(host: str) -> int:
    with socket.socket() as probe:
        probe.bind((host, 0))
        return probe.getsockname()[1]


def _port_in_use(host: str, port: int) -> bool:
    with socket.socket() as probe:
        probe.settimeout(0.5)
        return probe.connect_ex((host, port)) == 0


@contextmanager
def embedded_server(model: str, n_ctx: int = 4096, n_threads: int | None = None) -> Iterator[LlamaServer]:
    """An embedded model (alias) behind a fresh llama.cpp server on a free port, served as `model`;
    `.base_url` is the OpenAI-compatible endpoint. Stopped on exit, Ctrl-C included."""
    from remake.models.registry import gguf_path

    with LlamaServer(ServerConfig(gguf=gguf_path(model), port=0, n_ctx=n_ctx, n_threads=n_threads,
                                  model_alias=model)) as server:
        yield server
