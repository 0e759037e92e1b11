"""How much of the problem the question asks about, read without a model: one of the parts the problem tells
apart ("how far does she ride in total" -> "... uphill"), what happens on one side of an event it names ("...
after the break"), one of the containers it counts ("how many red markers are there" -> "... in a box"), or one
of two things joined with "and" added or dropped ("how many minutes on science" -> "on math and science"). Part
of the asked-quantity check (remake.filters.asked)."""

from __future__ import annotations

import re

from remake.filters.similarity import SENTENCE
from remake.filters.words import is_content, lower_words, stem

# the parts a problem tells apart by a word ("uphill at 12 km/h ... downhill at 24 km/h")
PARTS = frozenset("uphill downhill upstream downstream upstairs downstairs inbound outbound indoors outdoors "
                  "morning afternoon evening weekday weekdays weekend weekends".split())
SIDE_OF_EVENT = re.compile(r"\b(?:before|after|during) (?:the|his|her|their|its) ([a-z]+)\b")
AMOUNT_ASKED = re.compile(r"\bhow (?:many|much)\b")
# one of the things a problem counts, asked about at the question's end: "... are in a box?"
ONE_OF = re.compile(r"\b(?:in|on|from|per) (?:a|one|each|every|a single) ([a-z]+)\s*\?")
TIMES = re.compile(r"(?:second|minute|hour|day|night|week|weekend|month|year)s?")
JOINED = re.compile(r"\b([a-z]+) and ([a-z]+)\b(?! of\b)")  # not "teaspoons of sugar and cups of water"
ASKING = re.compile(r"\b(?:how|what|which|find|calculate)\b")


def part_changes(original: str, asked: str, offered: str) -> list[str]:
    """`asked`, `offered`: the original's and the rewrite's questions, lower-cased."""
    return _part_asked(original, asked, offered) or _one_of_counted(original, asked, offered) \
        or _joined_changes(original, asked, offered)


def _statement_words(original: str) -> set[str]:
    return {w for s in SENTENCE.findall(original.lower()) if not s.strip().endswith("?") for w in re.findall(r"[a-z]+", s)}


def _part_asked(original: str, asked: str, offered: str) -> list[str]:
    """The question asks about one of the parts the problem tells apart, where it asked about none: "how far does
    she ride in total" -> "how far does she ride uphill"."""
    said = _statement_words(original)
    parts = (PARTS & said & set(re.findall(r"[a-z]+", offered))) - set(re.findall(r"[a-z]+", asked))
    if parts:
        return [f"asks about the {', '.join(sorted(parts))} part only"]
    # "how many boxes does she pack in total" -> "... after the break", a break the problem names
    sides = [m.group(0) for m in SIDE_OF_EVENT.finditer(offered) if m.group(1) in said and m.group(0) not in asked]
    return [f"asks about what happens {sides[0]!r} only"] if sides and AMOUNT_ASKED.search(offered) else []


def _one_of_counted(original: str, asked: str, offered: str) -> list[str]:
    """One of the things the problem counts asked about where the question asked about them all: "a school orders 8
    boxes ... how many red markers are there" -> "how many red markers are in a box" (not "in a week")."""
    counted = {stem(w) for w in re.findall(r"\b\d[\d,]*\s+([a-z]+)", original.lower())}
    was_asked = {stem(w) for w in lower_words(asked)}
    for found in ONE_OF.finditer(offered):
        noun = stem(found.group(1))
        if noun in counted and not TIMES.fullmatch(noun) and noun not in was_asked:
            return [f"asks about one {noun} instead of them all"]
    return []


def _from_asking(question: str) -> str:
    """The question from its asking word on: "if $360 is split between Sam and Ella, what is Ella's share" asks
    about Ella."""
    found = ASKING.search(question)
    return question[found.start():] if found else question


def _joined(text: str) -> set[tuple[str, str]]:
    return {(stem(one), stem(two)) for one, two in JOINED.findall(text) if is_content(one) and is_content(two)}


def _joined_changes(original: str, asked: str, now_asked: str) -> list[str]:
    """One of two joined things the problem names added to the question or dropped from it, the other kept."""
    named = {stem(w) for w in _statement_words(original)}
    asked, now_asked = _from_asking(asked), _from_asking(now_asked)
    for pairs, other, said in ((_joined(now_asked), asked, "asks about {} and {} instead of {}"),
                               (_joined(asked), now_asked, "no longer asks about {} and {}, only {}")):
        words = {stem(w) for w in lower_words(other)}
        for one, two in pairs:
            if (one in words) != (two in words) and {one, two} <= named:
                return [said.format(one, two, one if one in words else two)]
    return []
