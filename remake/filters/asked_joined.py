"""Things the question joins with "and", read without a model: "how many minutes does she spend on science" ->
"... on math and science" asks about two things the problem names where it asked about one (or the other way
round). Part of the asked-quantity check (remake.filters.asked)."""

from __future__ import annotations

import re

from remake.filters.similarity import SENTENCE
from remake.filters.words import is_content, lower_words, stem

JOINED = re.compile(r"\b([a-z]+) and ([a-z]+)\b(?! of\b)")  # not "teaspoons of sugar and cups of water"
ASKING = re.compile(r"\b(?:how|what|which|find|calculate)\b")


def _from_asking(question: str) -> str:
    """The question from its asking word on: "if $360 is split between Sam and Ella, what is Ella's share" asks
    about Ella."""
    found = ASKING.search(question)
    return question[found.start():] if found else question


def _joined(text: str) -> set[tuple[str, str]]:
    return {(stem(one), stem(two)) for one, two in JOINED.findall(text) if is_content(one) and is_content(two)}


def joined_changes(original: str, asked: str, now_asked: str) -> list[str]:
    """One of two joined things the problem names added to the question or dropped from it, the other kept.
    `asked`, `now_asked`: the original's and the rewrite's questions, lower-cased."""
    named = {stem(w) for s in SENTENCE.findall(original) if not s.strip().endswith("?") for w in lower_words(s)}
    problems = []
    asked, now_asked = _from_asking(asked), _from_asking(now_asked)
    for pairs, other, said in ((_joined(now_asked), asked, "asks about {} and {} instead of {}"),
                               (_joined(asked), now_asked, "no longer asks about {} and {}, only {}")):
        words = {stem(w) for w in lower_words(other)}
        for one, two in pairs:
            if (one in words) != (two in words) and {one, two} <= named:
                problems.append(said.format(one, two, one if one in words else two))
    return problems[:1]
