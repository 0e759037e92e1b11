"""Secret scrubbing for everything remake writes or prints: run directories, release manifests, dataset
cards, call logs and error messages.

A key is secret when one of its words (split on `_`, `-`, `.` and camelCase) names a credential
— so `api_key`, `hfToken` and `OPENAI_API_KEY` are scrubbed while `max_new_tokens` and `tokens_in`
(counts, not credentials) are kept. Values that look like API keys are redacted wherever they appear,
also inside free text such as the reproduce command, and so is every URL's query values and fragment."""

from __future__ import annotations

import re
from typing import Any

REDACTED = "<redacted>"
SECRET_WORDS = frozenset({"key", "apikey", "token", "secret", "password", "passwd", "credential",
                          "credentials", "auth", "authorization", "bearer"})
# OpenAI/Anthropic-style `sk-...`, Hugging Face `hf_...`, and `Bearer <token>` values.
SECRET_VALUE = re.compile(r"\b(?:sk-[A-Za-z0-9_\-]{8,}|hf_[A-Za-z0-9]{8,})|(?<=Bearer )\S+")
# `scheme://user:password@host` in URLs.
URL_USERINFO = re.compile(r"(?<=://)[^/@\s]+@")
# `?api_key=VALUE&...` outside a URL (a URL's whole query and fragment are redacted: see _url)
QUERY_PARAM = re.compile(r"(?<=[?&])([^=&#\s]+)=([^&#\s]*)")
# a URL: scheme, then up to a space, quote or bracket that ends it in prose, JSON or HTML
URL = re.compile(r"\b[A-Za-z][A-Za-z0-9+.\-]*://(?:<redacted>|[^\s'\"<>`])+")  # scrubbing twice changes nothing
# `--api-key VALUE` / `--hf-token=VALUE` in a command line.
SECRET_FLAG = re.compile(r"(--?[A-Za-z][\w\-]*)(=|\s+)(?!-)(\"[^\"]*\"|'[^']*'|\S+)")


def key_words(key: str) -> list[str]:
    spaced = re.sub(r"([a-z0-9])([A-Z])", r"\1 \2", key)
    return [word for word in re.split(r"[\s_\-.]+", spaced.lower()) if word]


def is_secret_key(key: str) -> bool:
    words = key_words(key)
    if words and words[-1] == "env":  # `api_key_env` names the variable that holds a key, not the key
        return False
    joined = "".join(words)
    return any(word in SECRET_WORDS for word in words) or joined.endswith("apikey")


def scrub_text(text: str) -> str:
    def flag(match: re.Match[str]) -> str:
        name, sep, value = match.groups()
        return f"{name}{sep}{REDACTED}" if is_secret_key(name.lstrip("-")) else match.group(0)

    def query(match: re.Match[str]) -> str:
        name, value = match.groups()
        return f"{name}={REDACTED}" if value and is_secret_key(name) else match.group(0)

    text = URL_USERINFO.sub(f"{REDACTED}@", URL.sub(_url, SECRET_FLAG.sub(flag, text)))
    return SECRET_VALUE.sub(REDACTED, QUERY_PARAM.sub(query, text))


def _url(match: re.Match[str]) -> str:
    """Every query value and the fragment of a URL: gateways name their keys freely (`code=`, `sig=`,
    `pwd=`, `#access_token=`), so no name is trusted; parameter names stay, to say what was there."""
    url, _, fragment = match.group(0).partition("#")
    base, mark, query = url.partition("?")
    if mark:
        params = (name + (f"={REDACTED}" if sep else "") if sep or not name else REDACTED
                  for name, sep, _ in (part.partition("=") for part in query.split("&")))
        base = f"{base}?{'&'.join(params)}"
    return f"{base}#{REDACTED}" if fragment else base


def has_secret(text: str) -> bool:
    return scrub_text(text) != text


def scrub(value: Any) -> Any:
    """A copy of a JSON-like value with secret keys' values and secret-looking strings redacted."""
    if isinstance(value, dict):
        return {key: (REDACTED if is_secret_key(str(key)) and item not in (None, "") else scrub(item))
                for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [scrub(item) for item in value]
    if isinstance(value, str):
        return scrub_text(value)
    return value
