"""Embedding similarity (sentence-transformers) between original and rewrite, twice: over the whole
texts, and over what they ask (the question sentences), so that a rewrite keeping the story but
asking for a different quantity is caught even when the texts as a whole stay close."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from remake.errors import RemakeError
from remake.filters.base import Check, FilterContext
from remake.filters.config import encoder_path
from remake.filters.verdict import Candidate, check

SENTENCE = re.compile(r"(?:[^.?!\n]|\.(?=\d))+[.?!]*")  # "1.5 hours" and "$2.50" stay in one sentence
ASKING = re.compile(r"^\s*(?:how|what|which|who|whom|when|where|why|calculate|find|determine|compute|"
                    r"work out|figure out)\b", re.IGNORECASE)


@lru_cache(maxsize=2)
def load_encoder(name: str) -> Any:
    """One SentenceTransformer per model name and process (loading takes seconds)."""
    from sentence_transformers import SentenceTransformer

    try:
        return SentenceTransformer(encoder_path(name), device="cpu")
    except (OSError, ValueError) as exc:
        raise RemakeError(f"cannot load embedding model {name!r}: {str(exc).splitlines()[0]} "
                          "(give a sentence-transformers id or a local model folder)") from None


def asked_parts(text: str) -> list[str]:
    """The sentences that ask something: those ending in '?' or opening like a question or a
    command ("Calculate ..."); the whole text when none does."""
    sentences = [s.strip() for s in SENTENCE.findall(text) if s.strip()]
    asking = [s for s in sentences if s.endswith("?") or ASKING.match(s)]
    return asking or [text.strip()]


def question(text: str) -> str:
    """The last sentence that asks (not a hint after it: "Compute the amount for one pig before anything else.")."""
    parts = asked_parts(text)
    return next((part for part in reversed(parts) if part.strip().endswith("?")), parts[-1])


class SimilarityFilter:
    name = "similarity"

    def __init__(self, context: FilterContext):
        self.model = context.config.embedding_model
        self.min_similarity = context.config.min_similarity
        self.min_ask_similarity = context.config.min_ask_similarity

    def max_calls(self, candidate: Candidate) -> int:
        return 0  # an embedding model in process, no call

    def _embed(self, texts: list[str]) -> Any:
        return load_encoder(self.model).encode(texts, normalize_embeddings=True, convert_to_tensor=True,
                                               batch_size=64, show_progress_bar=False)

    def check(self, candidates: list[Candidate], stored: list[Check | None] | None = None,
              rejected: list[bool] | None = None) -> list[Check]:
        """Every candidate is embedded (cheap), rejected or not."""
        if not candidates:
            return []
        originals = self._embed([c.question for c in candidates])
        rewrites = self._embed([c.rewrite for c in candidates])
        whole = (originals * rewrites).sum(dim=1).tolist()
        return [self._judge(score, ask) for score, ask in zip(whole, self._ask_scores(candidates))]

    def _ask_scores(self, candidates: list[Candidate]) -> list[float]:
        """Per candidate: how well the original's question sentence is matched by the rewrite's best
        asking sentence (a hint phrased as a question does not hide the real one)."""
        originals = [" ".join(asked_parts(c.question)[-1:]) for c in candidates]
        parts = [asked_parts(c.rewrite) for c in candidates]
        flat = [part for group in parts for part in group]
        asked, offered = self._embed(originals), self._embed(flat)
        scores, start = [], 0
        for index, group in enumerate(parts):
            block = offered[start:start + len(group)]
            scores.append(float((block @ asked[index]).max()))
            start += len(group)
        return scores

    def _judge(self, score: float, ask: float) -> dict[str, Any]:
        extra = {"ask_score": round(ask, 4), "model": self.model}
        if score < self.min_similarity:
            return check(False, round(score, 4), f"similarity {score:.3f} below min_similarity={self.min_similarity}", **extra)
        if ask < self.min_ask_similarity:
            return check(False, round(score, 4), f"what the rewrite asks differs from the original (similarity "
                                                 f"{ask:.3f} below min_ask_similarity={self.min_ask_similarity})", **extra)
        return check(True, round(score, 4), f"similarity {score:.3f}, question similarity {ask:.3f}", **extra)
