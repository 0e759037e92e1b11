"""remake.llm.llama_server's settings: threads default to every usable core; a port in use and a missing model
file are one-line errors."""

from __future__ import annotations

import os
import socket

import pytest

from remake.errors import RemakeError
from remake.llm.llama_server import LlamaServer, ServerConfig, usable_cores
from remake.models.registry import gguf_path

GGUF = gguf_path("smollm2-135m")


def test_server_threads_default_to_every_usable_core():
    """llama.cpp's default generates on half the cores (one of two on the CI machines)."""
    def threads(config: ServerConfig) -> tuple[str, str]:
        command = config.command(8080)
        return command[command.index("--n_threads") + 1], command[command.index("--n_threads_batch") + 1]

    cores = str(usable_cores())
    assert cores == str(len(os.sched_getaffinity(0)))  # Linux (CI): the process's affinity
    assert threads(ServerConfig(gguf=GGUF)) == (cores, cores)
    assert threads(ServerConfig(gguf=GGUF, n_threads=1)) == ("1", "1")


def test_port_in_use_and_missing_file(tmp_path):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        with pytest.raises(RemakeError, match=f"port {port} .* is in use"):
            LlamaServer(ServerConfig(gguf=GGUF, port=port)).start()
    with pytest.raises(RemakeError, match="does not exist"):
        LlamaServer(ServerConfig(gguf=tmp_path / "none.gguf", port=0)).start()
