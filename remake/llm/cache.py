"""On-disk cache of editor calls. The key is a SHA-256 over everything that decides a response: model,
endpoint, every sampling parameter, system prompt and prompt (textgrad's own caches key on the prompt
only, or on Python's per-process `hash`). One JSON file per entry, written atomically, so concurrent
workers and processes can share a cache folder."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from remake.files import read_json, write_json

KEY_VERSION = 1


def cache_key(model: str, endpoint: str, sampling: dict[str, Any], system: str, prompt: str) -> str:
    payload = {"v": KEY_VERSION, "model": model, "endpoint": endpoint, "sampling": sampling,
               "system": system, "prompt": prompt}
    canonical = json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class CachedResponse:
    text: str
    tokens_in: int
    tokens_out: int
    top_logprobs: list[dict[str, float]] | None = None


class EditorCache:
    def __init__(self, root: Path):
        self.root = Path(root)

    def _path(self, key: str) -> Path:
        return self.root / key[:2] / f"{key}.json"

    def get(self, key: str) -> CachedResponse | None:
        path = self._path(key)
        if not path.is_file():
            return None
        row = read_json(path)
        return CachedResponse(row["text"], row["tokens_in"], row["tokens_out"], row.get("top_logprobs"))

    def put(self, key: str, response: CachedResponse, meta: dict[str, Any]) -> None:
        scored = {"top_logprobs": response.top_logprobs} if response.top_logprobs is not None else {}
        write_json(self._path(key), {"text": response.text, "tokens_in": response.tokens_in,
                                     "tokens_out": response.tokens_out, **scored, **meta})


def history(root: Path, model: str, limit: int = 5000) -> tuple[int, int, int] | None:
    """(calls, tokens in, tokens out) of up to `limit` cached calls of `model`, or None without any."""
    calls = tokens_in = tokens_out = 0
    for path in sorted(Path(root).glob("*/*.json"))[:limit * 4]:
        row = read_json(path)
        if row.get("model") != model:
            continue
        calls, tokens_in, tokens_out = calls + 1, tokens_in + row["tokens_in"], tokens_out + row["tokens_out"]
        if calls >= limit:
            break
    return (calls, tokens_in, tokens_out) if calls else None
