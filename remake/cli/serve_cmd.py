"""`remake serve MODEL`: serve an embedded model (or any GGUF file) over an OpenAI-compatible HTTP API
with llama.cpp, until Ctrl-C or SIGTERM; then use it as the editor with --editor-base-url."""

from __future__ import annotations

import argparse
import signal
from types import FrameType

import remake


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("model", metavar="MODEL", help="an embedded model alias (e.g. smollm2-135m) or a .gguf file")
    parser.add_argument("--port", type=int, default=8080, help="listen port (default 8080; 0 picks a free one)")
    parser.add_argument("--host", default="127.0.0.1", help="listen address (default 127.0.0.1)")
    parser.add_argument("--n-ctx", type=int, default=4096, help="context size in tokens (default 4096)")
    parser.add_argument("--n-threads", type=int, help="CPU threads (default: every core this process may use)")


def _interrupt(signum: int, frame: FrameType | None) -> None:
    raise KeyboardInterrupt  # SIGTERM stops the server the same way Ctrl-C does


def run(args: argparse.Namespace) -> int:
    server = remake.serve(args.model, port=args.port, host=args.host, n_ctx=args.n_ctx, n_threads=args.n_threads)
    signal.signal(signal.SIGTERM, _interrupt)
    with server:
        assert server.process is not None
        print(f"serving {server.config.model_alias} at {server.base_url} (pid {server.process.pid}); "
              f"use --editor-base-url {server.base_url}; Ctrl-C to stop", flush=True)
        try:
            code = server.wait()
        except KeyboardInterrupt:
            print("stopping the server", flush=True)
            return 0
    print(f"the server exited with code {code}", flush=True)
    return 1
