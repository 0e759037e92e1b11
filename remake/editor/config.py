"""What the editor is asked to do and what it reports: its configuration, one rewrite job, and one
rewrite attempt (the row the harvest records for every question it sent to the editor)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from remake.data import Sample
from remake.env import cache_dir
from remake.errors import RemakeError

# (sample, candidate RAW question) -> (teacher output, correct?). Provided by the harvest; thread-safe.
TeacherProbe = Callable[[Sample, str], tuple[str, bool]]

LOCAL_ENGINES = ("llama.cpp", "transformers")
STATUSES = ("rewritten", "still_wrong", "unchanged", "failed", "budget")


@dataclass(frozen=True)
class EditorConfig:
    """Validated once on construction. `model` is an embedded alias unless `base_url` is given or the
    name is not embedded: then an OpenAI-compatible API model. An embedded alias runs behind a llama.cpp
    server the editor starts and stops (`local_engine` "llama.cpp") or in process ("transformers")."""

    model: str = "qwen2.5-coder-1.5b"
    base_url: str | None = None
    local_engine: str = "llama.cpp"
    api_key_env: str = "OPENAI_API_KEY"
    max_iterations: int = 3
    concurrency: int = 4
    max_calls: int | None = None
    max_tokens: int | None = None
    use_cache: bool = True
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
        checks = [(self.max_iterations >= 1, "--editor-iterations must be >= 1"),
                  (self.concurrency >= 1, "--editor-concurrency must be >= 1"),
                  (self.max_calls is None or self.max_calls >= 0, "--max-editor-calls must be >= 0"),
                  (self.max_tokens is None or self.max_tokens >= 0, "--max-editor-tokens must be >= 0"),
                  (self.temperature >= 0, "editor temperature must be >= 0"),
                  (self.max_new_tokens >= 1, "editor max_new_tokens must be >= 1"),
                  (self.timeout_s > 0, "editor timeout must be > 0 seconds"),
                  (self.retries >= 0 and self.tag_retries >= 0, "editor retries must be >= 0"),
                  (self.feedback_chars >= 200, "feedback_chars must be >= 200"),
                  (self.local_engine in LOCAL_ENGINES, f"--editor-local-engine must be one of {', '.join(LOCAL_ENGINES)}")]
        for ok, message in checks:
            if not ok:
                raise RemakeError(f"editor option: {message}")
        for model, price in (self.prices or {}).items():
            if len(price) != 2 or any(not isinstance(p, (int, float)) or p < 0 for p in price):
                raise RemakeError(f"editor price for '{model}' must be [USD per 1M input, USD per 1M output]")

    @property
    def cache_root(self) -> Path:
        return self.cache_dir or cache_dir() / "editor"


@dataclass(frozen=True)
class RewriteJob:
    sample: Sample
    question: str           # the RAW question (the source field, before the recipe's template)
    teacher_answer: str     # the teacher's wrong output on `question`


@dataclass
class RewriteAttempt:
    """Status: "rewritten" (the teacher answers the last candidate correctly), "still_wrong" (the teacher
    still fails the last candidate after the iterations), "unchanged" (the editor returned the question as
    it was; `rewrite` is the last changed candidate, if any), "failed" (an editor call or
    the reply's format failed; `failure` names the kind), "budget" (the editor budget ran out).
    `calls`, tokens and cost count new editor requests only; `cached_calls` those served from cache.
    `teacher_answers` holds the answer before rewriting, then one per candidate."""

    sample_id: str
    original_question: str
    rewrite: str | None
    iterations: int
    teacher_answers: list[str]
    teacher_correct: bool
    status: str
    reason: str
    feedback: str
    calls: int
    cached_calls: int
    tokens_in: int
    tokens_out: int
    cost: float
    editor_model: str
    retries: int = 0
    latency_s: float = 0.0
    failure: str = ""       # the failure kind when status is "failed" (timeout, rate_limited, no_tags, ...)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)
