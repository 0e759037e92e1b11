"""Scope kept: the words that bind each number, and what the problem asks, survive the rewrite.

A rewrite can keep every number and still change the problem: "15 pages per minute ... 4 reports that
are 150 pages each" → "4 reports totaling 150 pages"; "18 km per hour for 2 hours" → "18 km in 2 hours";
"twice as far" → "two miles farther"; "from Monday to Friday" → "on Monday and on Friday"; "including the
driver" → "in addition to the driver"; "how much does he save" → "how much does he earn". Each of these
changes a closed class of binding words, so they are checked without a model:

- **around each number** (its clause, a few words either side): the classes rate (per, each, every,
  "a week" after a number, "a 20-minute walk"), multiplier (times, twice, double), up/down comparison (more,
  older, farther, "over 200", "beyond the first 200" / less, fewer, younger), remainder (remaining, the rest,
  left; not "and the rest are girls", which names a group) and time of day (a.m. / p.m.) must be kept; a
  multiplier, comparison or total (in total, altogether, between them) may not be added, nor a price for a
  group ("packs of 6 for $4") be made a price each; what each one does may not be said of them together;
- **rate bases** (remake.filters.rates): the noun a rate is per ("per gallon", "every workday", "on weekdays",
  "three $4 notebooks") may not be replaced by another ("on weekdays" -> "on Mondays"; "each Saturday and
  each Sunday" is "each weekend day", "every weekend" is not); a count may not become a percent;
- **roles**: a number may not take over the noun another number counted (3 pounds of apples and 2 of
  pears → 2 pounds of apples and 3 of pears);
- **whole text** (remake.filters.wording): a range of days, months or times ("from Monday to Friday",
  "Monday through Friday") and the inclusion words (including, counting / in addition to, not counting, apart from) must be kept;
- **the asked quantity** (remake.filters.asked): the verb of what is asked (save, earn, spend, left, sell,
  ...), a total for a comparison ("together" -> "how many more"), a figure's measure (perimeter, area,
  volume) may not be swapped for another, nor the unit or noun after "how many" / "what is the" for
  another thing the problem names ("how many seats are empty" -> "how many passengers");
- **how often and when** (remake.filters.wording): "every other day" and a shift to "the next day" are
  said as often in both texts; a total may not become a rate ("9 absent in total" -> "from each class"),
  nor a remainder be added next to a number ("has read 100 pages" -> "has 100 pages left").

A faithful paraphrase may add a rate word ("3 boxes, each with 5 pens"), drop "a total of", or reorder
a sentence. What it cannot see: a change with no binding word ("one shirt" → "the shirts"), an order of
steps swapped, a condition added in plain words: those are the change judge's (remake.filters.changes)."""

from __future__ import annotations

import re
from collections import defaultdict
from itertools import permutations

from remake.filters.asked import asked_changes, asked_nouns
from remake.filters.base import Check, FilterContext, PerCandidate
from remake.filters.numbers import Quantity, matched, quantities
from remake.filters.rates import (
    DAY_GROUPS,
    RATE,
    base_after,
    day_groups,
    distributed,
    priced_item,
    priced_per,
    rate_bases,
    to_each,
)
from remake.filters.relations import mirrored, relation_changes
from remake.filters.similarity import SENTENCE, asked_parts
from remake.filters.verdict import Candidate, check
from remake.filters.wording import wording_changes
from remake.filters.words import COMPLEMENT, CONNECTIVES, REMAINDER, UNIT, is_content, lower_words, stem, tokens

BEFORE, AFTER = 3, 5  # words either side of a number that bind it, within its clause and up to another number
CLAUSE_END = frozenset(",;:.?!")
WH = ("what", "which", "who", "whom", "whose", "how")  # "15% of what it was worth" names no base
# a share of the original, initial or whole amount is a share of another base than "of its value"
BASE_QUALIFIERS = frozenset({"original", "initial", "starting", "first", "whole", "full", "total"})
TOTAL = re.compile(r"\b(?:total|totals|totaling|totalling|totaled|altogether|combined|in all|between them|"
                   r"together|overall)\b")
# classes of binding words, read in the lower-cased words around a number: lost or gained, the number's
# meaning changed ("3 times as many" -> "3 more", "1 p.m." -> "1 a.m.")
CLASSES = {
    "multiplier": r"\b(?:times|twice|double|doubled|triple|tripled|thrice|quadruple|quadrupled)\b",
    "up": r"\b(?:more(?! of\b)|older|taller|longer|farther|further|heavier|bigger|larger|greater|higher|faster|above|"
          r"at least|minimum|no less than)\b",
    "down": r"\b(?:less|fewer|younger|shorter|lighter|smaller|lower|cheaper|slower|under|below|at most|"
            r"no more than|maximum)\b",
    # "6 more get on" = "another 6 board": an up word for "up"; "30 more of the shirts" adds to a count
    "again": r"\b(?:another|extra|additional|more of)\b",
    # "the rest", not "a 30-second rest"
    "remainder": REMAINDER,
    "a.m.": r"(?<!\w)(?:a\.m\.|am)(?!\w)",
    "p.m.": r"(?<!\w)(?:p\.m\.|pm)(?!\w)",
}
# "3/7 are boys and the rest are girls": the rest named as another group, no share taken of a remainder
PARTITION = re.compile(r"\b(?:and|but|while) (?:all )?the (?:rest|remainder|others|remaining)\b")
# "over 200", "beyond the first 200": a count past which something applies (not "over 3 days", "the past year",
# "hands over three $100 bills")
PAST = frozenset({"over", "beyond", "past", "after"})
HANDED = frozenset("hand hands handed handing turn turns turned give gives gave pass passes passed take takes took "
                   "bring brings brought send sends sent the for".split())
DURATION = re.compile(r"(?:second|minute|hour|day|night|morning|afternoon|evening|week|weekend|weekday|workday|month|"
                      r"year)s?")
WITHIN = re.compile(r"\b(?:in|within) an? \w+")  # "350 texts in a month": the period, not a rate
# comparison words just before a number are that number's, not the one before it
LEADS = re.compile(r"\b(?:at least|at most|no more than|no less than|more than|less than|fewer than|up to|over|under|"
                   r"above|below|a minimum of|a maximum of)$")
COMPARISONS = ("multiplier", "up", "down")
KEPT = ("multiplier", "up", "down", "remainder", "a.m.", "p.m.")
# added: only a comparison where the text compared nothing ("half as many" -> "half as many more"; not
# "12 years apart ... younger" -> "12 years older"), a time of day, and a remainder ("has read 100 pages" ->
# "has 100 pages left"; no faithful rewrite of the five labelled sets adds one next to a number)
NOT_ADDED = ("multiplier", "up", "down", "a.m.", "p.m.", "remainder")

class _Number:
    """A number of one text with what binds it: the classes of words around it, whether a rate follows it
    ("15 pages per minute", "$12 each"), the noun it counts, and its sentence's rate and total words."""

    def __init__(self, quantity: Quantity, words: list[str], first: int, last: int, numbers: set[int]):
        self.quantity = quantity
        window = self._around(words, first, last, numbers)
        if self._span(words, first, last, numbers)[1] + 1 in numbers:
            window = LEADS.sub("", " ".join(window)).split()  # "$40 a month for at least 6": "at least" is the 6's
        said = PARTITION.sub(" ", " ".join(window))
        self.classes = {name for name, pattern in CLASSES.items() if re.search(pattern, said)}
        multiplier = re.fullmatch(CLASSES["multiplier"] + "|time and a half", quantity.text.lower())
        if multiplier or words[last + 1:last + 3] in (["to", "one"], ["to", "1"]):
            self.classes.add("multiplier")  # "twice" is a multiplier, "two" is not; "three to one" is one
        shift = words[last + 1:last + 3]  # "3 hours later": not "a year later for 25% less"
        self.classes |= {name for name, word in (("up", "later"), ("down", "earlier")) if word in shift}
        if _past(words, first, last):
            self.classes.add("up")
        clause = self._around(words, first, last, numbers, reach=len(words))
        self.clause_total = bool(TOTAL.search(" ".join(clause)))
        after = words[last + 1:last + 1 + AFTER]
        after = after[:_clause(after)]
        cut = next((k for k, i in enumerate(range(last + 1, last + 1 + len(after))) if i in numbers), len(after))
        after = after[:cut]
        if any(i in numbers for i in range(last + 1 + cut, last + 3 + cut)):
            after = _unbound(after)  # the words just before the next number may be its
        money = _money(quantity)
        self.rate_after = bool(RATE.search(WITHIN.sub(" ", " ".join(after)))) or to_each(after) is not None \
            or (money and (priced_per(after) or priced_item(words, first, last, numbers)))
        self.rate_base, self.explicit_base = base_after(after, words[last + 1 + len(after):last + 5 + len(after)],
                                                         _noun_before(words, first), money)
        group = _group_priced(words, first) if money and not self.explicit_base else None
        if group:
            self.rate_base, self.explicit_base = group, True  # "packs of 6 for $4": $4 a pack
        self.after = set(range(last + 1, last + 1 + len(after)))  # where a rate word would be this number's
        self.noun = next((stem(w) for w in words[last + 1:last + 4] if is_content(w) and not RATE.fullmatch(w)), None)
        if self.noun and UNIT.fullmatch(self.noun) and words[last + 2:last + 3] == ["of"]:
            self.noun = next((stem(w) for w in words[last + 3:last + 5] if is_content(w)), self.noun)  # 3 pounds of apples
        self.bare = last + 1 >= len(words) or words[last + 1] in CLAUSE_END  # "came up with 14."
        # "bags of 8": the size of a container, which a rewrite may name ("bags that hold 8 cookies each")
        self.container = first >= 2 and words[first - 1] == "of" and is_content(words[first - 2])
        self.holder = stem(words[first - 2]) if self.container and not _money(quantity) else None  # "groups of 5"
        following, beyond = (words[last + 1:last + 3] + ["", ""])[:2]
        verb = beyond in ("a", "an", "the") or beyond[:1] in "$0123456789" and beyond != ""  # "200 costs an extra"
        self.next_noun = stem(following) if is_content(following) and following not in CONNECTIVES and not verb \
            else None
        self.nearby = {stem(w) for w in words[max(0, first - 2 * BEFORE):first]}  # "a dress for $60", "ratio of 63:90"
        start = max((i for i in range(first) if words[i] in ".?!"), default=-1) + 1
        stop = min((i for i in range(last, len(words)) if words[i] in ".?!"), default=len(words))
        sentence = " ".join(words[start:stop + 1])
        self.sentence = range(start, stop + 1)
        self.sentence_remainder = bool(re.search(CLASSES["remainder"], sentence) or re.search(COMPLEMENT, sentence))
        self.sentence_rate = False  # set by _numbers: a rate word in the sentence that no other number owns
        self.sentence_total = bool(TOTAL.search(sentence))
        self.text_compares = any(re.search(CLASSES[name], " ".join(words)) for name in COMPARISONS)
        self.total = bool(TOTAL.search(" ".join(window))) and not sentence.endswith("?")
        self.fraction = 0 < min(quantity.values, default=1.0) < 1  # half, 3/4, 40%: a share of some base
        self.base = _share_base(words, last) if self.fraction else None

    @staticmethod
    def _around(words: list[str], first: int, last: int, numbers: set[int], reach: int = 0) -> list[str]:
        """The words around a number, `BEFORE` before and `AFTER` after it (or `reach` either side), within
        its clause and up to another number."""
        start, stop = _Number._span(words, first, last, numbers, reach)
        return words[start:stop + 1]

    @staticmethod
    def _span(words: list[str], first: int, last: int, numbers: set[int], reach: int = 0) -> tuple[int, int]:
        start = first
        while start > 0 and first - start < (reach or BEFORE) and words[start - 1] not in CLAUSE_END \
                and start - 1 not in numbers:
            start -= 1
        stop = last
        while stop + 1 < len(words) and stop - last < (reach or AFTER) and words[stop + 1] not in CLAUSE_END \
                and stop + 1 not in numbers:
            stop += 1
        return start, stop


def _unbound(words: list[str]) -> list[str]:
    """The words before the next number without those that bind it: "8 shirts and sells each for $25": the
    "each" is the price's, not the 8's."""
    while words and words[-1] in ("for", "at", "costs", "cost", "is", "was"):
        words = words[:-1]
    return words[:-1] if words and words[-1] in ("each", "every", "per") else words


def _past(words: list[str], first: int, last: int) -> bool:
    """A number past which something applies: "each text over 200", "hours beyond the first 40"."""
    at = first - 1 - 2 * (words[max(0, first - 3):first - 1] == ["the", "first"])
    if at < 1 or words[at] not in PAST or words[at - 1] in HANDED or not is_content(words[at - 1]):
        return False  # "the past 2 weeks", "for over 3 hours", "hands over", "Over 6 mornings,"
    if words[at] == "after" and at == first - 1:
        return False  # "after 3 hours": a time, unless "after the first 200"
    return last + 1 >= len(words) or not DURATION.fullmatch(words[last + 1])


def _group_priced(words: list[str], first: int) -> str | None:
    """The group a price is for when it follows its size: "packs of 6 for $4" -> pack."""
    if first >= 4 and words[first - 1] in ("for", "at", "costs", "cost") and re.match(r"\d", words[first - 2]) \
            and words[first - 3] == "of" and words[first - 4].isalpha() and is_content(words[first - 4]):
        return stem(words[first - 4])
    return None


def _share_base(words: list[str], last: int) -> str | None:
    """What a share is of: "half of the girls" -> girl, "40% of his savings" -> saving, "1/3 of the
    remaining apples" -> apple; None unless "of", a determiner at most and a noun follow it at once ("half
    of a 166 piece puzzle", "half of it", "40% of the rest" name no noun)."""
    if words[last + 1:last + 2] != ["of"]:
        return None
    at = last + 2 + (words[last + 2:last + 3] in (["the"], ["a"], ["an"], ["his"], ["her"], ["their"], ["its"]))
    while at < len(words) and re.fullmatch(CLASSES["remainder"], words[at]) and words[at] != "rest":
        at += 1  # "the remaining apples": the apples
    head = words[at] if at < len(words) else ""
    return stem(head) if head.isalpha() and is_content(head) and head not in ("rest", *WH) else None


def _noun_before(words: list[str], first: int) -> str | None:
    """The nearest content word before a number, within its clause ("12 rows of 20" -> row)."""
    for index in range(first - 1, max(-1, first - 2 * BEFORE), -1):
        if words[index] in CLAUSE_END or re.match(r"\$?\d", words[index]):
            return None
        if words[index].isalpha() and is_content(words[index]):
            return stem(words[index])
    return None


def _clause(words: list[str]) -> int:
    return next((i for i, w in enumerate(words) if w in CLAUSE_END), len(words))


def _numbers(text: str, words: bool) -> list[_Number]:
    marks = tokens(text)
    lowered = [t.group(0).lower() for t in marks]
    spans = []
    for quantity in quantities(text, words):
        if quantity.kind not in ("quantity", "weak"):
            continue
        inside = [i for i, t in enumerate(marks) if t.start() < quantity.end and t.end() > quantity.start]
        if inside:
            spans.append((quantity, inside[0], inside[-1]))
    taken = {i for _, first, last in spans for i in range(first, last + 1)}
    numbers = [_Number(q, lowered, first, last, taken - set(range(first, last + 1))) for q, first, last in spans]
    rates = {i for i, w in enumerate(lowered) if RATE.fullmatch(w)
             or (w in ("a", "an") and i + 1 < len(lowered) and UNIT.fullmatch(lowered[i + 1]))}
    rates |= {last + 1 + at for _, _, last in spans if (at := to_each(lowered[last + 1:last + 5])) is not None}
    # "a 20-minute walk": the length of each one
    rates |= {last + 1 for _, first, last in spans
              if lowered[last + 1:last + 2] == ["-"] and lowered[first - 1:first] in (["a"], ["an"], ["each"], ["every"])}
    rates |= {last + 1 for q, first, last in spans if _money(q) and (priced_per(lowered[last + 1:last + 3])
                                                                     or priced_item(lowered, first, last, taken))}
    for number in numbers:
        owned = set().union(*(other.after for other in numbers if other is not number)) & rates
        number.sentence_rate = any(i in number.sentence and i not in owned for i in rates)
    return numbers


def _percent(quantity: Quantity) -> bool:
    return bool(re.search(r"%|\bper ?cent\b", quantity.text.lower()))


def _same_share(one: Quantity, other: Quantity) -> bool:
    """A percent and a fraction or decimal of the same share: "25%" and "a quarter"."""
    share, plain = (one, other) if _percent(one) else (other, one)
    return min(share.values) in plain.values


def _money(quantity: Quantity) -> bool:
    return quantity.text[:1] in "$£€"


def _fit(number: _Number, place: _Number) -> tuple[int, int, int]:
    """How well a place of the rewrite keeps a number's binding words (more is better)."""
    return (len(place.classes & number.classes) - len(place.classes ^ number.classes),
            not number.rate_after or place.sentence_rate, _money(place.quantity) == _money(number.quantity))


def _paired(original: list[_Number], rewrite: list[_Number]) -> list[tuple[_Number, _Number]]:
    """Each number of the original with the place of the rewrite that states it and keeps most of its binding
    words. A number stated more than once in both is paired one to one, the best pairing over all ("under 12
    ... all under 12" -> "over 12 ... all under 12" loses "under" once); a place is shared only where the
    rewrite states the number fewer times (that is the quantities filter's)."""
    groups: dict[tuple[int, ...], list[_Number]] = defaultdict(list)
    for number in (n for n in original if n.quantity.kind == "quantity"):
        places = tuple(i for i, other in enumerate(rewrite) if matched(number.quantity, [other.quantity]))
        if places:  # a number gone is the quantities filter's
            groups[places].append(number)
    pairs = []
    for places, numbers in groups.items():
        if 1 < len(numbers) <= len(places) <= 6:
            best = max(permutations(places, len(numbers)), key=lambda order: tuple(map(sum, zip(
                *(_fit(n, rewrite[i]) for n, i in zip(numbers, order))))))
            pairs += [(n, rewrite[i]) for n, i in zip(numbers, best)]
        else:
            pairs += [(n, max((rewrite[i] for i in places), key=lambda o, n=n: _fit(n, o))) for n in numbers]
    return pairs


def number_changes(original: list[_Number], rewrite: list[_Number], asked: set[str] = frozenset(),
                   named: set[str] = frozenset(), turned: bool = False) -> list[str]:
    """Binding words each number of the original lost or gained in the rewrite, swapped roles, and a bare
    number given a noun other than the one asked about ("came up with 14" -> "came up with 14 pebbles"
    in a problem asking how many coins)."""
    problems = []
    pairs = _paired(original, rewrite)
    for number, place in pairs:
        # a remainder said anywhere in the number's sentence keeps it: "of the money still left, he spends a quarter"
        kept = place.classes | ({"up"} if "again" in place.classes else set()) \
            | ({"remainder"} if place.sentence_remainder else set())
        lost = [name for name in KEPT if name in number.classes and name not in kept]
        gained = [name for name in NOT_ADDED if name in place.classes and name not in number.classes | {"again"}
                  and (name not in COMPARISONS or not number.text_compares)]
        if _percent(number.quantity) != _percent(place.quantity) and not _same_share(number.quantity, place.quantity):
            (lost if _percent(number.quantity) else gained).append("percent")  # "30 of the shirts" -> "30%"
        if number.rate_after and not place.sentence_rate:
            lost.append("rate")  # "150 pages each" -> "totaling 150 pages"
        elif number.explicit_base and place.rate_after and place.rate_base != number.rate_base \
                and place.rate_base not in DAY_GROUPS.get(number.rate_base or "", ()) \
                and (place.explicit_base or number.rate_base not in {o.noun for o in rewrite if o.sentence == place.sentence}):
            # the days checked by _days; a trailing "each" may be per any noun its sentence counts ("Forty
            # students go on a trip priced at $25 each")
            lost.append(f"'per {number.rate_base}'")  # "$4 a pack" -> "$4 each" (a pen)
        if number.base and place.base and place.base != number.base and place.base in named | BASE_QUALIFIERS:
            lost.append(f"'of the {number.base}'")  # "half of the girls" -> "half of the students"; "of its
            # value" -> "of its original value"
        if number.fraction and "remainder" in place.classes and "remainder" not in number.classes:
            gained.append("remainder")  # "half of them" -> "half of the remaining": another base
        if number.total and place.rate_after and not place.total and not number.rate_after:
            gained.append("rate")  # "9 absent in total" -> "9 absent from each class": a total made a rate
        if not number.sentence_total and (place.total or (place.clause_total and number.sentence_rate
                                                           and not place.sentence_rate)
                                          or (place.clause_total and number.classes & {"up", "down", "multiplier"})):
            gained.append("total")  # "each hen lays 5 eggs" -> "the hens lay 5 eggs between them"; "each dog
            # eats 2 cups in the morning" -> "together the dogs eat 2 cups in the morning"
        if turned and place.classes & {"up", "down"}:  # a comparison said from the other side: older -> younger
            lost, gained = [n for n in lost if n not in ("up", "down")], [n for n in gained if n not in ("up", "down")]
        if number.holder and not place.holder and place.next_noun == number.holder:  # "groups of 5" -> "5 groups"
            problems.append(f"{number.quantity.text} counts the {number.holder}s instead of the size of each")
        elif place.holder and not number.holder and number.next_noun == place.holder:
            problems.append(f"{number.quantity.text} is the size of each {place.holder} instead of their count")
        if lost or gained:
            said = [f"lost {', '.join(lost)}"] * bool(lost) + [f"gained {', '.join(gained)}"] * bool(gained)
            problems.append(f"{number.quantity.text} {' and '.join(said)} words")
        if number.bare and not number.container and not _money(number.quantity) and place.next_noun and asked \
                and place.next_noun not in asked | number.nearby:
            problems.append(f"{number.quantity.text} now counts {place.next_noun}, not {', '.join(sorted(asked))}")
    for (one, one_place), (two, two_place) in ((a, b) for i, a in enumerate(pairs) for b in pairs[i + 1:]):
        if one.noun and two.noun and one.noun != two.noun and one_place.noun == two.noun \
                and two_place.noun == one.noun:
            problems.append(f"{one.quantity.text} and {two.quantity.text} swapped what they count "
                            f"({one.noun}, {two.noun})")
    return problems


def text_changes(original: str, rewrite: str) -> list[str]:
    """The whole texts' wording (remake.filters.wording), and rate bases: "per gallon" -> "per mile"."""
    problems = wording_changes(original, rewrite) + relation_changes(original, rewrite)
    before, after = day_groups(rate_bases(original)), day_groups(rate_bases(rewrite))
    lost, gained = before - after, after - before
    if lost and gained:
        problems.append(f"a rate is per {', '.join(gained)} instead of per {', '.join(lost)}")
    # "each plant produces 5" -> "each row produces 5", where rows are counted too
    named = {stem(word) for word in lower_words(original)}
    before, after = distributed(original), distributed(rewrite)
    gone, new = before - after, {noun for noun in after - before if noun in named}
    if gone and new and not (lost and gained):
        problems.append(f"'each {', '.join(sorted(new))}' instead of 'each {', '.join(sorted(gone))}'")
    # "Each employee works 8 hours" -> "Together the employees work 8 hours"
    collective = sorted(noun for noun in gone if _together(rewrite, noun) and not _together(original, noun))
    if collective:
        problems.append(f"what each {', '.join(collective)} does is said of them together")
    return problems


def _together(text: str, noun: str) -> bool:
    """Whether a statement about the noun says it in total ("together the employees work")."""
    return any(TOTAL.search(sentence.lower()) and noun in {stem(w) for w in lower_words(sentence)}
               for sentence in SENTENCE.findall(text) if not sentence.strip().endswith("?"))


def check_scope(candidate: Candidate, words: bool) -> Check:
    asked = asked_nouns(asked_parts(candidate.question)[-1].lower())
    named = {stem(word) for word in lower_words(candidate.question) if is_content(word)}  # what the problem names
    turned = mirrored(candidate.question, candidate.rewrite)
    problems = (number_changes(_numbers(candidate.question, words), _numbers(candidate.rewrite, words), asked, named,
                               turned)
                + text_changes(candidate.question, candidate.rewrite)
                + asked_changes(candidate.question, candidate.rewrite))
    if problems:
        return check(False, 0.0, f"the rewrite changes what binds the problem: {'; '.join(problems)}", changes=problems)
    return check(True, 1.0, "binding words and the asked quantity kept", changes=[])


class ScopeFilter(PerCandidate):
    name = "scope"

    def __init__(self, context: FilterContext):
        self.words = context.recipe.filters.quantity_words
        self.enabled = context.config.scope

    def check_one(self, candidate: Candidate) -> Check:
        if not self.enabled:
            return check(None, None, "scope check is off")
        return check_scope(candidate, self.words)
