"""Any OpenAI-compatible endpoint (OpenAI, vLLM, llama.cpp's server, Ollama, LM Studio) through the
`openai` client, with its exceptions classified into CallErrors."""

from __future__ import annotations

import os
from typing import Any

from remake.errors import RemakeError, first_line
from remake.llm.types import CallError, Completion, Endpoint

OPENAI_URL = "https://api.openai.com/v1"
PLACEHOLDER_KEY = "not-needed"  # local servers ignore the key; the openai client insists on one


class OpenAIBackend:
    def __init__(self, config: Endpoint):
        from openai import OpenAI

        self.model = config.model
        self.endpoint = (config.base_url or OPENAI_URL).rstrip("/")
        self.sampling = {"temperature": config.temperature, "max_tokens": config.max_new_tokens}
        self._key_env = config.api_key_env
        self._has_key = bool(os.environ.get(config.api_key_env))
        # max_retries=0: remake retries itself, so that every retry is counted and logged
        self._client = OpenAI(base_url=self.endpoint, api_key=os.environ.get(config.api_key_env) or PLACEHOLDER_KEY,
                              timeout=config.timeout_s, max_retries=0)

    def check(self) -> None:
        """Fail fast, one line: no key for the hosted API, endpoint down, key rejected."""
        import openai

        if _needs_key(self.endpoint) and not self._has_key:
            raise RemakeError(f"editor model '{self.model}' needs an API key: set ${self._key_env}, "
                              "or pass --editor-base-url for a local OpenAI-compatible server")
        try:
            self._client.with_options(timeout=min(self._client.timeout, 10.0)).models.list()
        except openai.AuthenticationError:
            raise RemakeError(f"editor endpoint {self.endpoint} rejected the key in ${self._key_env}: "
                              "set a valid key") from None
        except openai.APIConnectionError as exc:
            raise RemakeError(f"editor endpoint {self.endpoint} is unreachable ({_root_cause(exc)}): start the "
                              "server (e.g. `remake serve smollm2-135m --port 8080`) or fix --editor-base-url") from None
        except openai.NotFoundError:
            self._check_chat()  # some compatible servers do not list models; chat completions may still work
        except openai.APIStatusError as exc:
            raise RemakeError(f"editor endpoint {self.endpoint} answered HTTP {exc.status_code} to GET /models: "
                              "check --editor-base-url") from None

    def _check_chat(self) -> None:
        """One 1-token chat request: a server that answers 404 to it too is not at this URL (usually a
        missing /v1), and every editor call would fail after the whole training."""
        import openai

        try:
            self._client.with_options(timeout=min(self._client.timeout, 30.0)).chat.completions.create(
                model=self.model, messages=[{"role": "user", "content": "Say OK."}], max_tokens=1)
        except openai.NotFoundError:
            hint = (f"OpenAI-compatible servers answer under /v1: use --editor-base-url {self.endpoint}/v1"
                    if not self.endpoint.endswith("/v1") else "check --editor-base-url and --editor-model")
            raise RemakeError(f"editor endpoint {self.endpoint} answered HTTP 404 to GET /models and POST "
                              f"/chat/completions: {hint}") from None
        except openai.APIError:
            pass  # anything else (a model name the server maps, a rate limit) shows in the calls themselves

    def complete(self, system: str, prompt: str, top_logprobs: int = 0) -> Completion:
        import openai

        messages = [{"role": "system", "content": system}] if system else []
        messages.append({"role": "user", "content": prompt})
        scored = {"logprobs": True, "top_logprobs": top_logprobs} if top_logprobs > 0 else {}
        try:
            response = self._client.chat.completions.create(model=self.model, messages=messages, **self.sampling,
                                                            **scored)
        except openai.APIError as exc:
            raise classify(exc) from None
        if not response.choices:
            raise CallError("empty_response", "the endpoint returned no choices", retryable=False)
        usage = response.usage
        choice = response.choices[0]
        return Completion(text=choice.message.content or "",
                          tokens_in=usage.prompt_tokens if usage else 0,
                          tokens_out=usage.completion_tokens if usage else 0,
                          top_logprobs=_top_logprobs(choice) if top_logprobs > 0 else None)

    def models(self) -> list[str]:
        """The model ids the server lists."""
        import openai

        try:
            return [entry.id for entry in self._client.models.list()]
        except openai.APIError as exc:
            raise classify(exc) from None

    def post(self, path: str, body: dict[str, Any]) -> None:
        """POST a JSON body to a non-chat route of the same server (e.g. vLLM's load_lora_adapter)."""
        import httpx
        import openai

        try:
            self._client.post(path, cast_to=httpx.Response, body=body)
        except openai.APIError as exc:
            raise classify(exc) from None

    def close(self) -> None:
        self._client.close()


def _top_logprobs(choice: Any) -> list[dict[str, float]] | None:
    """Per generated token, its alternatives (token -> log probability); None when the server sent none
    (some OpenAI-compatible servers ignore `logprobs`)."""
    content = getattr(choice.logprobs, "content", None) if choice.logprobs is not None else None
    if not content:
        return None
    return [{alt.token: float(alt.logprob) for alt in (entry.top_logprobs or [])} or {entry.token: float(entry.logprob)}
            for entry in content]


def _needs_key(endpoint: str) -> bool:
    return endpoint == OPENAI_URL


def classify(exc: Exception) -> CallError:
    """Map the openai client's exceptions to a failure kind and whether retrying may help."""
    import openai

    if isinstance(exc, openai.APITimeoutError):  # a subclass of APIConnectionError: test it first
        return CallError("timeout", "request timed out", retryable=True)
    if isinstance(exc, openai.APIConnectionError):
        return CallError("connection", f"connection failed ({_root_cause(exc)})", retryable=True)
    if isinstance(exc, openai.APIStatusError):
        code = exc.status_code
        if code == 429:
            return CallError("rate_limited", "HTTP 429 (rate limited)", retryable=True,
                             retry_after=_retry_after(exc.response.headers.get("retry-after")))
        if code >= 500:
            return CallError("server_error", f"HTTP {code} (server error)", retryable=True)
        return CallError(f"http_{code}", f"HTTP {code}: {first_line(str(exc))}", retryable=False)
    return CallError("api_error", first_line(str(exc)), retryable=False)


def _retry_after(value: str | None) -> float | None:
    try:
        return float(value) if value is not None else None
    except ValueError:  # an HTTP date instead of seconds: fall back to our own backoff
        return None


def _root_cause(exc: BaseException) -> str:
    while exc.__cause__ is not None:
        exc = exc.__cause__
    return first_line(str(exc)) or type(exc).__name__



