"""EditorConfig: which LLM rewrites questions, how it is reached, and the editor's budget and retries."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from remake.env import cache_dir
from remake.errors import RemakeError
from remake.llm.calls import CallPolicy
from remake.llm.prices import load_prices_table, read_prices_file
from remake.llm.registry import BACKENDS
from remake.llm.retry import RetryPolicy
from remake.llm.types import Endpoint
from remake.options import coerce, option, url_problem

LOCAL_ENGINES = ("llama.cpp", "transformers")


@dataclass(frozen=True)
class EditorConfig:
    """Validated once on construction. `model` is an embedded alias unless `base_url` is given or the
    name is not embedded: then an OpenAI-compatible API model. An embedded alias runs behind a llama.cpp
    server the editor starts and stops (`local_engine` "llama.cpp") or in process ("transformers")."""

    model: str = option("qwen2.5-coder-1.5b", flag="--editor-model",
                        help="an embedded alias is served by llama.cpp (started and stopped by remake); any other "
                             "name is an OpenAI-compatible API model (e.g. gpt-4o with $OPENAI_API_KEY)")
    base_url: str | None = option(None, flag="--editor-base-url",
                                  help="OpenAI-compatible endpoint, e.g. http://127.0.0.1:8080/v1 (vLLM, llama.cpp's "
                                       "server, Ollama, LM Studio)")
    local_engine: str = option("llama.cpp", flag="--editor-local-engine", choices=LOCAL_ENGINES,
                               help="how an embedded editor runs: llama.cpp's server or transformers in process")
    backend: str | None = option(None, flag="--editor-backend", metavar="NAME",
                                 help="a registered model backend by name (remake.llm.registry.register_backend); "
                                      "unset: llama.cpp or transformers for an embedded alias, else the "
                                      "OpenAI-compatible API")
    api_key_env: str = "OPENAI_API_KEY"
    max_iterations: int = option(3, flag="--editor-iterations",
                                 help="TextGrad steps per question at most; stops early once the teacher answers "
                                      "correctly (default 3, the paper's)")
    repairs: int = option(1, flag="--editor-repairs",
                          help="times per step a draft the cheap faithfulness filters refuse goes back to the "
                               "editor with the reason (one call each; the teacher never sees a refused draft)")
    concurrency: int = option(4, flag="--editor-concurrency", help="questions rewritten at once")
    max_calls: int | None = option(None, flag="--max-editor-calls",
                                   help="stop the symbolic phase after this many editor requests")
    max_tokens: int | None = option(None, flag="--max-editor-tokens",
                                    help="stop the symbolic phase after this many tokens (in + out)")
    use_cache: bool = option(True, flag="--no-cache", help="neither read nor write the editor's call cache")
    max_cost: float | None = option(None, flag="--max-editor-cost", metavar="USD",
                                    help="stop the symbolic phase before a call could take the spend on the editor, "
                                         "judge and solver past this many US dollars")
    prices_file: Path | None = option(None, flag="--editor-prices", metavar="FILE.json",
                                      help='prices for cost accounting: {"MODEL": [USD per 1M input, USD per 1M '
                                           'output]}')
    cache_dir: Path | None = None
    temperature: float = 0.0
    max_new_tokens: int = 512
    timeout_s: float = 120.0
    retries: int = 3
    prices: dict[str, tuple[float, float]] | None = None
    backoff_s: float = 1.0          # first retry delay; doubles each retry, capped at max_backoff_s
    max_backoff_s: float = 30.0
    tag_retries: int = 1            # re-asks (with a format reminder) when <IMPROVED_VARIABLE> is missing
    feedback_chars: int = 6000      # cap on accumulated feedback sent for a system-prompt rewrite (textgrad #179)

    def __post_init__(self) -> None:
        coerce(self)
        if self.prices is None and self.prices_file is not None:
            object.__setattr__(self, "prices", read_prices_file(self.prices_file))
        bad_url = url_problem(self.base_url, "--editor-base-url")
        checks = [(self.max_iterations >= 1, "--editor-iterations must be >= 1"),
                  (self.concurrency >= 1, "--editor-concurrency must be >= 1"),
                  (self.repairs >= 0, "--editor-repairs must be >= 0"),
                  (self.max_calls is None or self.max_calls >= 0, "--max-editor-calls must be >= 0"),
                  (self.max_tokens is None or self.max_tokens >= 0, "--max-editor-tokens must be >= 0"),
                  (self.max_cost is None or self.max_cost >= 0, "--max-editor-cost must be >= 0 (US dollars)"),
                  (self.temperature >= 0, "editor temperature must be >= 0"),
                  (self.max_new_tokens >= 1, "editor max_new_tokens must be >= 1"),
                  (self.timeout_s > 0, "editor timeout must be > 0 seconds"),
                  (self.retries >= 0 and self.tag_retries >= 0, "editor retries must be >= 0"),
                  (self.feedback_chars >= 200, "feedback_chars must be >= 200"),
                  (self.local_engine in LOCAL_ENGINES, f"--editor-local-engine must be one of {', '.join(LOCAL_ENGINES)}"),
                  (bad_url is None, str(bad_url))]
        for ok, message in checks:
            if not ok:
                raise RemakeError(f"editor option: {message}")
        if self.backend is not None and self.backend not in BACKENDS:
            raise BACKENDS.unknown(self.backend)
        for model, price in (self.prices or {}).items():
            if len(price) != 2 or any(not isinstance(p, (int, float)) or p < 0 for p in price):
                raise RemakeError(f"editor price for '{model}' must be [USD per 1M input, USD per 1M output]")

    @property
    def cache_root(self) -> Path:
        return self.cache_dir or cache_dir() / "editor"

    def endpoint(self) -> Endpoint:
        return Endpoint(model=self.model, base_url=self.base_url, local_engine=self.local_engine,
                        backend=self.backend, api_key_env=self.api_key_env, temperature=self.temperature,
                        max_new_tokens=self.max_new_tokens, timeout_s=self.timeout_s)

    def call_policy(self) -> CallPolicy:
        """Retries, cache and prices of every call on the editor's model (the judge's and solver's too)."""
        price = load_prices_table(self).price(self.model)
        return CallPolicy(retry=RetryPolicy(self.retries, self.backoff_s, self.max_backoff_s),
                          cache_root=self.cache_root if self.use_cache else None,
                          prices={self.model: price} if price else None)
