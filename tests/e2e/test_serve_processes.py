"""remake.llm.llama_server and `remake serve`: a real llama.cpp server on 127.0.0.1 with the embedded SmolLM2 GGUF,
ready when /v1/models answers, and gone after a normal exit, Ctrl-C, or a hard kill of its parent."""

from __future__ import annotations

import json
import os
import re
import signal
import socket
import subprocess
import sys
import urllib.request

import pytest
from processes import gone, interruptible

from remake.llm.llama_server import LlamaServer, ServerConfig
from remake.models.registry import gguf_path

GGUF = gguf_path("smollm2-135m")


def test_context_manager_serves_then_stops():
    with LlamaServer(ServerConfig(gguf=GGUF, port=0, n_ctx=256, n_threads=1, model_alias="tiny")) as server:
        pid = server.process.pid
        with urllib.request.urlopen(f"{server.base_url}/models", timeout=5) as response:
            assert json.loads(response.read())["data"][0]["id"] == "tiny"
        port = server.port
    assert gone(pid)
    with socket.socket() as probe:
        assert probe.connect_ex(("127.0.0.1", port)) != 0


def start_cli() -> tuple[subprocess.Popen, int, str]:
    process = subprocess.Popen([sys.executable, "-m", "remake", "serve", "smollm2-135m", "--port", "0",
                                "--n-ctx", "256", "--n-threads", "1"], stdout=subprocess.PIPE, text=True,
                               preexec_fn=interruptible)
    line = process.stdout.readline()
    found = re.search(r"at (\S+) \(pid (\d+)\)", line)
    assert found, line
    return process, int(found.group(2)), found.group(1)


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM])
def test_cli_stops_the_server_on_ctrl_c_and_sigterm(sig):
    process, server_pid, url = start_cli()
    with urllib.request.urlopen(f"{url}/models", timeout=5) as response:
        assert response.status == 200
    process.send_signal(sig)
    assert process.wait(timeout=30) == 0
    assert gone(server_pid)


def test_server_dies_with_a_killed_parent():
    process, server_pid, _ = start_cli()
    os.kill(process.pid, signal.SIGKILL)  # no cleanup code runs: the kernel's parent-death signal must act
    process.wait(timeout=10)
    assert gone(server_pid)
