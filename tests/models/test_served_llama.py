"""--generate-base-url: teacher prompts and `remake eval` answered by a real llama.cpp server (the
embedded SmolLM2 GGUF) through the editor's client; vLLM's runtime LoRA loading, which llama.cpp lacks,
against a small server speaking vLLM's protocol (vLLM itself cannot run here)."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from remake.cli import main
from remake.data.recipe import load_recipe
from remake.data.samples import load_samples
from remake.errors import RemakeError
from remake.harvest.teacher import Teacher
from remake.llm.llama_server import LlamaServer, ServerConfig
from remake.llm.remote_generator import RemoteGenerator
from remake.models.registry import gguf_path

TURNS = [("You are a helpful assistant.", "What is 2 + 3?"), ("", "Name a colour.")]


@pytest.fixture(scope="module")
def llama():
    config = ServerConfig(gguf=gguf_path("smollm2-135m"), port=0, n_ctx=512, n_threads=1, model_alias="smollm2-135m")
    with LlamaServer(config) as server:
        yield server


def test_generation_in_order_and_greedy(llama):
    logs: list[str] = []
    served = RemoteGenerator(llama.base_url, max_new_tokens=12, log=logs.append)
    assert served.model == "smollm2-135m"  # the model the server lists
    first = served.generate(TURNS)
    assert len(first) == 2 and all(first) and first[0] != first[1]
    assert served.generate(TURNS[::-1]) == first[::-1]  # greedy, and answers come back in request order
    # llama.cpp has no runtime LoRA loading: the step is skipped, logged once, generation goes on
    assert served.load_adapter("epoch-1", Path("adapter")) is False and served.adapter is None
    assert served.load_adapter("epoch-2", Path("adapter")) is False and len(logs) == 1
    assert "cannot load LoRA adapters" in logs[0]
    assert served.generate(TURNS[:1]) == first[:1]
    served.close()


def test_teacher_answers_through_the_server(llama):
    recipe = load_recipe("gsm-symbolic")
    samples = load_samples(recipe, "train", limit=2)
    served = RemoteGenerator(llama.base_url, max_new_tokens=16, log=lambda line: None)
    teacher = Teacher(model=None, tokenizer=None, recipe=recipe, max_new_tokens=16, served=served)
    answers = teacher.answer(samples)
    assert len(answers) == 2 and all(isinstance(out, str) and out and correct in (True, False)
                                     for out, correct in answers)
    assert [out for out, _ in answers] == served.generate([(s.system, s.question) for s in samples])


def test_eval_command_with_generate_base_url(llama, tmp_path):
    out = tmp_path / "eval"
    code = main(["eval", "--model", "smollm2-135m", "--recipe", "gsm-symbolic", "--limit", "2",
                 "--generate-base-url", llama.base_url, "--out", str(out)])
    assert code == 0
    summary = json.loads((out / "summary.json").read_text())
    assert summary["n"] == 2 and summary["generate_base_url"] == llama.base_url
    rows = [json.loads(line) for line in (out / "predictions.jsonl").read_text().splitlines()]
    assert len(rows) == 2 and all(row["output"] for row in rows)


class VllmLike:
    """vLLM's routes as remake uses them: GET /v1/models, POST /v1/chat/completions (the reply names
    the model it was asked for), POST /v1/load_lora_adapter (400 for a path that does not exist)."""

    def __init__(self) -> None:
        self.adapters: dict[str, str] = {}
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: object) -> None:
                pass

            def _send(self, code: int, body: object) -> None:
                data = json.dumps(body).encode() if not isinstance(body, str) else body.encode()
                self.send_response(code)
                self.send_header("Content-Type", "application/json" if not isinstance(body, str) else "text/plain")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def do_GET(self) -> None:
                self._send(200, {"object": "list", "data": [{"id": "base", "object": "model", "owned_by": "vllm"},
                                                            *({"id": n, "object": "model", "owned_by": "vllm"}
                                                              for n in outer.adapters)]})

            def do_POST(self) -> None:
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                if self.path == "/v1/load_lora_adapter":
                    if not Path(body["lora_path"], "adapter_config.json").is_file():
                        return self._send(400, {"object": "error", "message": "No adapter found", "code": 400})
                    outer.adapters[body["lora_name"]] = body["lora_path"]
                    return self._send(200, f"Success: LoRA adapter '{body['lora_name']}' added successfully.")
                if body["model"] not in ("base", *outer.adapters):
                    return self._send(404, {"object": "error", "message": "model not found", "code": 404})
                self._send(200, {"id": "c", "object": "chat.completion", "created": 0, "model": body["model"],
                                 "choices": [{"index": 0, "finish_reason": "stop",
                                              "message": {"role": "assistant", "content": f"model={body['model']}"}}],
                                 "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2}})

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.base_url = f"http://127.0.0.1:{self.server.server_address[1]}/v1"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()


def test_adapter_loaded_through_vllm_endpoint(tmp_path):
    server = VllmLike()
    served = RemoteGenerator(server.base_url, max_new_tokens=4)
    assert served.generate(TURNS[:1]) == ["model=base"]
    with pytest.raises(RemakeError, match="refused adapter"):
        served.load_adapter("missing", tmp_path / "none")
    adapter = tmp_path / "epoch-1"
    adapter.mkdir()
    (adapter / "adapter_config.json").write_text("{}")
    assert served.load_adapter("remake-epoch-1", adapter)
    assert server.adapters == {"remake-epoch-1": str(adapter.resolve())}
    assert served.generate(TURNS) == ["model=remake-epoch-1"] * 2
    assert served.generate(TURNS[:1], base=True) == ["model=base"]  # the solver asks the base model
    server.server.shutdown()
