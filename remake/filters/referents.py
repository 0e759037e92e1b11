"""Referents kept: no number of the original loses, in the rewrite, words that said what it counts.

The quantities filter asks whether every number is still there; a rewrite can keep the number and cut
what it counts. "a total of 150 teaspoons of sugar and cups of water" → "a total of 150 teaspoons of
sugar" keeps 150 and every other number, yet 150 now counts sugar alone and the answer changes from 98
to 150 (a real rewrite the offline editor made, that every other filter passed). So the texts are
aligned word by word (difflib), and a *pure deletion* (words removed, nothing put in their place) that
cuts a conjunct or qualifier ("and ...", "or ...", "of ...") from the noun phrase right after a number
(at most `referent_words` words on) rejects when a content word it removed is not said again in the
rewrite's sentence with that number. Rewording (a replacement, not a deletion), reordering, added hints
and a unit left implicit ("21 years old" → "21") do not trigger it: on the hand-written calibration set
it rejects none of the 84 faithful rewrites.

A modifier cut from a noun the rewrite keeps narrows or widens what is counted even far from any number:
"half of the fiction books" → "half of the books", "every other day" → "every day". A pure deletion of one
or two content words right after a determiner, possessive or number and before a kept content word
rejects when the rewrite says the cut word fewer times than the original (so a modifier moved elsewhere,
"fill the empty tank" → "an empty tank ... until full", passes); words that do not restrict a set
("total", "whole", "entire", ...) are let go. Adding a modifier is not checked: faithful rewrites often
clarify ("the patients" → "the new patients"), measured on the four labelled sets.

What it cannot see: a referent replaced by another word ("sugar" → "salt": the quantities or judge may),
a changed relation ("4 less than" → "4 more than"), a condition dropped far from any number. Measured
on the calibration and real-rewrite sets by benchmarks/bench_filters.py."""

from __future__ import annotations

import difflib
import re
from collections import Counter

from remake.filters.base import Check, FilterContext, PerCandidate
from remake.filters.numbers import Quantity, matched, quantities
from remake.filters.verdict import Candidate, check
from remake.filters.words import DAY_SETS, REMAINDER, days_named, is_content, stem, tokens

# where the phrase that names what a number counts ends
PHRASE_END = re.compile(r"^(?:[,;:.?!()]|if|when|while|then|but|so|because|after|before|how|what|which|who|"
                        r"calculate|find|each|per|every|later|also|afterwards|it|them)$", re.IGNORECASE)  # "and later
# marks it down": a clause of its own, not what the number counts
CONNECTORS = frozenset({"of", "and", "or"})
# words after which the next content words modify a noun ("the fiction books", "every other day")
DETERMINERS = frozenset("the a an his her their its my our your each every this that these those".split())
# modifiers that restrict nothing: cutting them keeps the set counted ("the total cost" -> "the cost")
NON_RESTRICTIVE = frozenset("total whole entire overall combined same exact very just only also still".split())
MAX_MODIFIER_WORDS = 2
SAME = frozenset({"equal", "same", "identical"})
CHANGED = re.compile(r"\b(?:raised|reduced|increased|decreased|discounted|higher|lower)\b")  # a price after a change
ALIKE = SAME | frozenset({"price", "cost", "size", "amount", "value", "length", "weight", "width", "height"})


def _sentence_stems(tokens: list[re.Match], index: int) -> set[str]:
    """Stems of the words of the sentence holding token `index` (sentences end at . ? ! but not inside 0.8)."""
    ends = {i for i, token in enumerate(tokens) if token.group(0) in ".?!"}
    start = max((i for i in ends if i < index), default=-1) + 1
    stop = min((i for i in ends if i >= index), default=len(tokens))
    return {stem(token.group(0)) for token in tokens[start:stop] if token.group(0)[:1].isalpha()}


def _owner(tokens: list[re.Match], at: int, numbers: dict[int, Quantity], max_words: int) -> Quantity | None:
    """The quantity whose noun phrase token `at` is in: at most `max_words` words after it, and only content
    words and "of"/"and"/"or" between ("150 teaspoons of sugar and cups of water"; "39 minutes to get" ends
    at "to")."""
    for back in range(1, max_words + 1):
        index = at - back
        if index < 0:
            return None
        if index in numbers:
            return numbers[index]
        word = tokens[index].group(0)
        if PHRASE_END.match(word) or not (is_content(word) or word.lower() in CONNECTORS):
            return None
    return None


def _cut(source: str, target: str, words: bool, max_words: int, anywhere: bool = False) -> dict[str, list[str]]:
    """Per number of `source`: the content words of a conjunct or qualifier after it that `target` leaves
    out (a pure deletion from source to target) and does not say again in its sentence with that number
    (`anywhere`: nowhere in `target`)."""
    original, rewrite = tokens(source), tokens(target)
    by_start = {q.start: q for q in quantities(source, words) if q.kind == "quantity"}
    numbers = {i: by_start[t.start()] for i, t in enumerate(original) if t.start() in by_start}
    rewrite_quantities = quantities(target, words)
    matcher = difflib.SequenceMatcher(a=[t.group(0).lower() for t in original],
                                      b=[t.group(0).lower() for t in rewrite], autojunk=False)
    changed: dict[str, list[str]] = {}
    for op, a0, a1, b0, _ in matcher.get_opcodes():
        if op != "delete":
            continue
        # a cut conjunct or qualifier ("and cups of water", "of sugar"), the phrase's head kept; a whole
        # unit dropped ("21 years old" -> "21") leaves the number's meaning to the context, and is let be
        first = original[a0].group(0).lower()
        owner = _owner(original, a0, numbers, max_words) if first in CONNECTORS else None
        cut = [t.group(0) for t in original[a0:a1]]
        end = next((k for k in range(1, len(cut)) if PHRASE_END.match(cut[k])), len(cut))
        removed = [word for word in cut[:end] if is_content(word)]  # "... book so far": the phrase ends at "so"
        if owner is None or not removed:
            continue
        places = [q for q in rewrite_quantities if matched(owner, [q])]
        indexes = [i for i, t in enumerate(rewrite) for q in places if t.start() <= q.start < t.end()]
        if anywhere:  # "25 m" says meter: "of a 25-meter pool" adds nothing
            said = {stem(t.group(0)) for t in rewrite if t.group(0)[:1].isalpha()} \
                | ({"meter"} if re.search(r"\d\s*m\b", target.lower()) else set())
        else:
            said = set().union(*(_sentence_stems(rewrite, i) for i in indexes)) if indexes else _sentence_stems(rewrite, b0)
        if CHANGED.search(" ".join(said)):
            said = said | {"new"}  # "20% of the new price" -> "the raised price is cut by 20%"
        lost = [word for word in removed if stem(word) not in said]
        if anywhere and lost and {stem(w) for w in lost} <= ALIKE and {stem(w) for w in lost} & SAME:
            continue  # "2 ties of equal price": all alike, which "each tie" said
        if lost:
            changed.setdefault(owner.text, []).extend(lost)
    return changed


def _dropped_modifiers(source: str, target: str) -> list[str]:
    """Modifiers that `target` cuts from a noun it keeps and says fewer times than `source`: "of the fiction
    books" -> "of the books" gives ["the fiction books lost fiction"]."""
    original, rewrite = [t.group(0) for t in tokens(source)], [t.group(0) for t in tokens(target)]
    before, after = Counter(stem(w) for w in original), Counter(stem(w) for w in rewrite)
    matcher = difflib.SequenceMatcher(a=[w.lower() for w in original], b=[w.lower() for w in rewrite],
                                      autojunk=False)
    dropped = []
    # "the remaining shirts" -> "the shirts still in stock": the remainder said as often in other words
    remainders = len(re.findall(REMAINDER, target.lower())) >= len(re.findall(REMAINDER, source.lower()))
    named = days_named(target.lower())  # "each weekend day" -> "on Saturday and Sunday ... each day"
    for op, a0, a1, _, _ in matcher.get_opcodes():
        if op != "delete" or a1 - a0 > MAX_MODIFIER_WORDS or a0 == 0 or a1 == len(original):
            continue
        cut, left, head = original[a0:a1], original[a0 - 1].lower(), original[a1]
        if not (left in DETERMINERS or left[:1].isdigit()) or not is_content(head) \
                or (left in ("a", "an") and a0 == 1):  # "A movie theater sells" -> "A theater": no set narrowed
            continue
        if left[:1].isdigit() and re.search(rf"\d\s+{re.escape(' '.join(cut).lower())}\b", target.lower()):
            continue  # the verb said once for both: "18 play soccer and 12 play basketball" -> "... and 12 basketball"
        if all(is_content(w) and w.lower() not in NON_RESTRICTIVE for w in cut) and \
                any(after[stem(w)] < before[stem(w)] and not (re.fullmatch(REMAINDER, w.lower()) and remainders)
                    and not named.issuperset(DAY_SETS.get(stem(w.lower()), ("",))) for w in cut):
            dropped.append(f"'{' '.join(original[a0 - 1:a1 + 1])}' lost {' '.join(cut)!r}")
    return dropped


def check_referents(candidate: Candidate, words: bool, max_words: int) -> Check:
    """Cut from a number of the original ("150 teaspoons of sugar and cups of water" -> "150 teaspoons of
    sugar"), or added to a number of the rewrite ("46 hours" -> "46 hours of overtime", unless the original
    says it elsewhere: "14 kilograms" -> "14 kilograms of feed" of a feeding problem): either way the number
    counts something else."""
    cut = _cut(candidate.question, candidate.rewrite, words, max_words)
    added = _cut(candidate.rewrite, candidate.question, words, max_words, anywhere=True)  # not a restatement
    count = len(quantities(candidate.question, words)) or 1
    score = max(0.0, 1.0 - (len(cut) + len(added)) / count)
    said = [f"{number} lost {', '.join(lost)}" for number, lost in cut.items()]
    said += [f"{number} gained {', '.join(new)}" for number, new in added.items()]
    modifiers = _dropped_modifiers(candidate.question, candidate.rewrite)
    said += modifiers
    score = max(0.0, score - len(modifiers) / count)
    if said:
        return check(False, score, f"words that said what is counted were changed: {'; '.join(said)}",
                     changed=cut, added=added, modifiers=modifiers)
    return check(True, score, "no number lost or gained what it counts", changed={}, added={}, modifiers=[])


class ReferentsFilter(PerCandidate):
    name = "referents"

    def __init__(self, context: FilterContext):
        self.words = context.recipe.filters.quantity_words
        self.max_words = context.config.referent_words
        self.enabled = context.config.referent_words > 0

    def check_one(self, candidate: Candidate) -> Check:
        if not self.enabled:
            return check(None, None, "referent check is off")
        return check_referents(candidate, self.words, self.max_words)
