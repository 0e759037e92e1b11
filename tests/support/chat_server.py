"""A real HTTP server on 127.0.0.1 that speaks the OpenAI chat-completions protocol (GET /v1/models,
POST /v1/chat/completions) and injects faults: used by the editor's fault tests and its benchmark.

Modes: "good" (a well-formed textgrad reply: feedback, or an <IMPROVED_VARIABLE> block for update
requests), "notags" (plain text only), "429", "500", "slow" (sleeps `slow_s` before a good reply),
"401". `script` lists modes for the next requests, then `mode` applies. Every request is recorded.
`verdict`: (text, {token: probability}) answers every request with that one-token reply, and, when the
request asks for logprobs, with the alternatives in OpenAI's `logprobs.content[].top_logprobs` shape
(unless `send_logprobs` is off, as servers that ignore the parameter do). `respond`: a function of
the request's messages that gives the reply's text (a model that writes programs, say)."""

from __future__ import annotations

import json
import math
import re
import threading
import time
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

GUIDANCE = "Hint: first work out each given quantity, then combine them step by step."
FEEDBACK = "The answer skipped a step: the question could ask the reader to find each quantity first."
VARIABLE = re.compile(r"<VARIABLE>(.*?)</VARIABLE>", re.S)


class ChatServer:
    def __init__(self, mode: str = "good", delay_s: float = 0.0, slow_s: float = 2.0):
        self.mode = mode
        self.delay_s = delay_s    # latency added to every reply (the benchmark's latency-bound endpoint)
        self.slow_s = slow_s
        self.script: list[str] = []
        self.verdict: tuple[str, dict[str, float]] | None = None
        self.send_logprobs = True
        self.respond: Callable[[list[dict[str, str]]], str] | None = None
        self.requests: list[dict[str, Any]] = []
        self._lock = threading.Lock()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self))
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}/v1"

    def __enter__(self) -> ChatServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()

    def next_mode(self, body: dict[str, Any]) -> str:
        with self._lock:
            self.requests.append(body)
            return self.script.pop(0) if self.script else self.mode

    def reset(self, mode: str = "good", script: list[str] | None = None) -> None:
        with self._lock:
            self.mode, self.script, self.requests = mode, list(script or []), []


def good_reply(messages: list[dict[str, str]]) -> str:
    system = next((m["content"] for m in messages if m["role"] == "system"), "")
    prompt = messages[-1]["content"]
    if "<IMPROVED_VARIABLE>" not in system:
        return FEEDBACK
    found = VARIABLE.search(prompt)
    current = found.group(1).strip() if found else "the question"
    return f"<IMPROVED_VARIABLE>{current} {GUIDANCE}</IMPROVED_VARIABLE>"


def _handler(state: ChatServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: object) -> None:  # keep test output quiet
            pass

        def _send(self, code: int, payload: dict[str, Any], headers: dict[str, str] | None = None) -> None:
            data = json.dumps(payload).encode()
            self.send_response(code)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            for name, value in (headers or {}).items():
                self.send_header(name, value)
            self.end_headers()
            try:
                self.wfile.write(data)
            except (BrokenPipeError, ConnectionResetError):  # the client timed out and left
                pass

        def do_GET(self) -> None:
            if state.mode == "401":
                self._send(401, {"error": {"message": "invalid api key", "type": "invalid_request_error"}})
            elif self.path.rstrip("/") == "/v1/models":
                self._send(200, {"object": "list", "data": [{"id": "stub", "object": "model", "owned_by": "tests"}]})
            else:
                self._send(404, {"error": {"message": "not found"}})

        def do_POST(self) -> None:
            body = json.loads(self.rfile.read(int(self.headers.get("Content-Length", 0))) or b"{}")
            if not self.path.startswith("/v1/"):  # as vLLM and llama.cpp answer a base URL without /v1
                self._send(404, {"detail": "Not Found"})
                return
            mode = state.next_mode(body)
            time.sleep(state.delay_s + (state.slow_s if mode == "slow" else 0.0))
            if mode in ("429", "500", "401"):
                self._send(int(mode), {"error": {"message": f"injected {mode}", "type": "server_error"}},
                           {"Retry-After": "0"} if mode == "429" else None)
                return
            messages = body["messages"]
            text = "Here is a better question, without any tags." if mode == "notags" else good_reply(messages)
            if state.respond is not None:
                text = state.respond(messages)
            logprobs = None
            if state.verdict is not None:
                text, alternatives = state.verdict
                if body.get("logprobs") and state.send_logprobs:
                    top = [{"token": token, "logprob": math.log(p), "bytes": list(token.encode())}
                           for token, p in list(alternatives.items())[: body.get("top_logprobs") or 1]]
                    logprobs = {"content": [{"token": text, "logprob": math.log(alternatives[text]),
                                             "bytes": list(text.encode()), "top_logprobs": top}]}
            prompt_words = sum(len(m["content"].split()) for m in messages)
            self._send(200, {
                "id": "chatcmpl-stub", "object": "chat.completion", "created": int(time.time()),
                "model": body.get("model", "stub"),
                "choices": [{"index": 0, "finish_reason": "stop", "logprobs": logprobs,
                             "message": {"role": "assistant", "content": text}}],
                "usage": {"prompt_tokens": prompt_words, "completion_tokens": len(text.split()),
                          "total_tokens": prompt_words + len(text.split())},
            })

    return Handler
