"""`remake serve MODEL`: serve an embedded model (or any GGUF file) over an OpenAI-compatible HTTP API
with llama.cpp, until Ctrl-C or SIGTERM; then use it as the editor with --editor-base-url."""

from __future__ import annotations

import argparse
import signal
from pathlib import Path
from types import FrameType

from remake.errors import RemakeError
from remake.llm.llama_server import LlamaServer, ServerConfig
from remake.models.registry import gguf_path


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("model", metavar="MODEL", help="an embedded model alias (e.g. smollm2-135m) or a .gguf file")
    parser.add_argument("--port", type=int, default=8080, help="listen port (default 8080; 0 picks a free one)")
    parser.add_argument("--host", default="127.0.0.1", help="listen address (default 127.0.0.1)")
    parser.add_argument("--n-ctx", type=int, default=4096, help="context size in tokens (default 4096)")
    parser.add_argument("--n-threads", type=int, help="CPU threads (default: every core this process may use)")


def _interrupt(signum: int, frame: FrameType | None) -> None:
    raise KeyboardInterrupt  # SIGTERM stops the server the same way Ctrl-C does


def run(args: argparse.Namespace) -> int:
    if not 0 <= args.port <= 65535:
        raise RemakeError(f"--port {args.port}: give a port in 0..65535 (0 picks a free one)")
    if args.n_ctx < 16 or (args.n_threads is not None and args.n_threads < 1):
        raise RemakeError("--n-ctx must be >= 16 and --n-threads >= 1")
    gguf = Path(args.model) if args.model.endswith(".gguf") else gguf_path(args.model)
    config = ServerConfig(gguf=gguf, port=args.port, host=args.host, n_ctx=args.n_ctx, n_threads=args.n_threads,
                          model_alias=Path(args.model).stem if args.model.endswith(".gguf") else args.model,
                          logprobs=True)  # so that a judge on this server reads its confidence, not only a word
    signal.signal(signal.SIGTERM, _interrupt)
    with LlamaServer(config) as server:
        assert server.process is not None
        print(f"serving {config.model_alias} at {server.base_url} (pid {server.process.pid}); "
              f"use --editor-base-url {server.base_url}; Ctrl-C to stop", flush=True)
        try:
            code = server.wait()
        except KeyboardInterrupt:
            print("stopping the server", flush=True)
            return 0
    print(f"the server exited with code {code}", flush=True)
    return 1
