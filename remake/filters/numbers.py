"""Quantities in problem text: every number a question states, normalised so that surface changes
(`1,000` = `1000`, `$5` = `5`, `5.0` = `5`, `25%` = `0.25`, "twice" = 2) compare equal.

Each quantity has a kind:
- `quantity`: a number of the problem; must be kept by a rewrite, and may not be new in one;
- `label`: a step or list number ("Step 1", "1.", "2nd"): it names a reasoning step, not a value, so
  rewrites that add numbered hints are not rejected for it;
- `fact`: part of a *true* unit-conversion statement ("60 minutes in an hour", "12 eggs in a dozen"):
  it restates knowledge every solver needs, so it does not change the problem;
- `weak`: the word "one" (too often a pronoun: "one of them"), and a number word after a determiner
  ("the two of them", "their three dogs"), which counts entities the problem already has.
Only `quantity` counts as kept/new; every kind takes part in matching (its values are in the pool)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from remake.filters.number_words import Spoken, spoken_numbers
from remake.filters.words import stem

NUMBER = re.compile(
    r"(?<![\w.,])(?:(?P<cur>[$£€])\s?)?"
    r"(?:(?P<whole>\d+)\s+(?=\d+\s*/\s*\d))?"  # the 1 of a mixed number "1 1/2"
    r"(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+)"
    r"(?P<vulgar>[½¼¾⅓⅔⅕⅛])?"
    r"(?:\s*/\s*(?P<den>\d+(?:\.\d+)?))?"
    r"(?P<pct>\s*(?:%|percent\b|per\s?cent\b))?"
    r"(?P<ord>(?:st|nd|rd|th)\b)?"
    r"(?:\s+(?P<scale>hundred|thousand|million|billion)\b)?",
    re.IGNORECASE,
)
SCALES = {"hundred": 100, "thousand": 1000, "million": 10**6, "billion": 10**9}
VULGAR = {"½": 0.5, "¼": 0.25, "¾": 0.75, "⅓": 1 / 3, "⅔": 2 / 3, "⅕": 0.2, "⅛": 0.125}
LABEL_BEFORE = re.compile(r"(?:\b(?:step|hint|part|stage|phase|question|problem|no)\.?|#)\s*$", re.IGNORECASE)
LIST_NUMBER = re.compile(r"(?m)^\s*\(?(\d+)[.)]\s")
# true unit conversions: (smaller unit, larger unit) -> how many of the smaller in one larger
CONVERSIONS = {
    ("second", "minute"): 60, ("minute", "hour"): 60, ("hour", "day"): 24, ("day", "week"): 7,
    ("day", "year"): 365, ("week", "year"): 52, ("month", "year"): 12, ("year", "decade"): 10,
    ("year", "century"): 100, ("cent", "dollar"): 100, ("penny", "pound"): 100, ("cent", "euro"): 100,
    ("inch", "foot"): 12, ("foot", "yard"): 3, ("inch", "yard"): 36, ("foot", "mile"): 5280,
    ("ounce", "pound"): 16, ("centimeter", "meter"): 100, ("millimeter", "meter"): 1000,
    ("meter", "kilometer"): 1000, ("gram", "kilogram"): 1000, ("milliliter", "liter"): 1000,
    ("cup", "quart"): 4, ("pint", "quart"): 2, ("quart", "gallon"): 4, ("month", "quarter"): 3,
}
FACT_FORWARD = re.compile(r"(?P<n>[\w.]+)\s+(?P<small>[a-z]+)\s+(?:in|per|make|makes|make up)\s+"
                          r"(?:a|an|one|1|each|every)\s+(?P<big>[a-z]+)", re.IGNORECASE)
FACT_BACKWARD = re.compile(r"\b(?:a|an|one|1|each|every)\s+(?P<big>[a-z]+)\s+(?:has|have|is|equals|contains|=)\s+"
                           r"(?P<n>[\w.]+)\s+(?P<small>[a-z]+)", re.IGNORECASE)


@dataclass(frozen=True)
class Quantity:
    """One number in a text. `values`: exact readings (25% -> 25 and 0.25); `loose`: readings that
    only count for matching (the 1 and 2 of 1/2, the factor 2 of "half")."""

    text: str
    start: int
    end: int
    values: frozenset[float]
    loose: frozenset[float]
    kind: str = "quantity"


def _key(value: float) -> float:
    return round(float(value), 6)


def _unit(word: str) -> str:
    return stem(word)  # one spelling per unit, as every filter reads them: "km", "kilometres" -> kilometer


def _digit_quantity(match: re.Match, text: str) -> Quantity:
    number = float(match["num"].replace(",", ""))
    values = {number}
    loose: set[float] = set()
    if match["vulgar"]:  # "1½"
        loose, values = {number}, {number + VULGAR[match["vulgar"]]}
    if match["den"]:
        denominator = float(match["den"])
        values = {number / denominator} if denominator else {number}
        loose = {number, denominator}
    if match["whole"]:  # "1 1/2"
        loose |= {float(match["whole"])}
        values = {float(match["whole"]) + value for value in values}
    if match["scale"]:
        loose |= values
        values = {value * SCALES[match["scale"].lower()] for value in values}
    if match["pct"]:
        values |= {value / 100 for value in values}
    if re.match(r"\s*cents?\b", text[match.end():], re.IGNORECASE):
        values |= {value / 100 for value in values}
    kind = "label" if match["ord"] or LABEL_BEFORE.search(text[:match.start()]) else "quantity"
    start = match.start("whole") if match["whole"] else match.start("num")
    return Quantity(match.group(0).strip(), start, match.end(), frozenset(map(_key, values)),
                    frozenset(map(_key, loose | values)), kind)


DETERMINER_BEFORE = re.compile(r"\b(?:the|their|these|those|his|her|its|our|all)\s+$", re.IGNORECASE)


def _word_quantity(spoken: Spoken, text: str) -> Quantity:
    words = text[spoken.start:spoken.end]
    referring = spoken.bare and DETERMINER_BEFORE.search(text[:spoken.start])
    kind = "weak" if words.lower() == "one" or referring else "quantity"
    values = set(spoken.values)
    if re.match(r"\s*cents?\b", text[spoken.end:], re.IGNORECASE):
        values |= {value / 100 for value in values}  # "twenty cents" is $0.20
    return Quantity(words, spoken.start, spoken.end, frozenset(map(_key, values)),
                    frozenset(map(_key, values | spoken.loose)), kind)


def _fact_spans(text: str, quantities: list[Quantity]) -> list[tuple[int, int]]:
    """Spans of true unit-conversion statements ("7 days in a week", "a dozen has 12 eggs")."""
    spans = []
    for pattern in (FACT_FORWARD, FACT_BACKWARD):
        for match in pattern.finditer(text):
            stated = [q for q in quantities if match.start("n") <= q.start < match.end("n") + 1]
            small, big = _unit(match["small"]), _unit(match["big"])
            expected = 12 if big == "dozen" else CONVERSIONS.get((small, big))
            if expected is not None and stated and _key(expected) in stated[0].values:
                spans.append((match.start(), match.end()))
    return spans


def quantities(text: str, words: bool = True) -> list[Quantity]:
    """Every quantity in `text`, in order; number words and "twice"/"half"/... only when `words`."""
    found = [_digit_quantity(match, text) for match in NUMBER.finditer(text)]
    if words:
        found += [_word_quantity(spoken, text) for spoken in spoken_numbers(text)]
    found.sort(key=lambda q: q.start)
    lists = {int(match.start(1)) for match in LIST_NUMBER.finditer(text)}
    facts = _fact_spans(text, found)
    marked = []
    for quantity in found:
        kind = quantity.kind
        if quantity.start in lists:
            kind = "label"
        elif any(start <= quantity.start < end for start, end in facts):
            kind = "fact"
        marked.append(Quantity(quantity.text, quantity.start, quantity.end, quantity.values, quantity.loose, kind))
    return marked


# two said without the number: "a pair", "both", "one pipe ... and another"
PAIR = re.compile(r"\b(?:a|an|one|each|every|per) pair\b|\bboth\b|\bone \w+[^.?!]{0,60}\b(?:another|the other)\b",
                  re.IGNORECASE)


# numbers listed one after another: "78, 85, and 92"
LISTED = re.compile(r"\d[\d.]*(?:\s*,\s*(?:and\s+)?\d[\d.]*)+(?:,?\s+and\s+\d[\d.]*)?")


def paired(quantity: Quantity, text: str) -> bool:
    """A count said by what it counts: a 2 as a pair ("3 eggs for every 2 cakes" -> "for each pair of cakes, 3
    eggs"; "two pipes" -> "one pipe ... and another"), a small count as the numbers it lists ("scored 78, 85
    and 92 on three tests" -> "after tests of 78, 85, and 92")."""
    if _key(2) in quantity.values and PAIR.search(text):
        return True
    counts = {len(re.findall(r"\d[\d.]*", found.group(0))) for found in LISTED.finditer(text)}
    return any(_key(count) in quantity.values for count in counts if count >= 3)  # two listed may be a range


UNIT_SAID = re.compile(r"\b(?:a|an|one|per|each|every)\s+(?:whole\s+|full\s+|entire\s+)?([a-z]+)")  # "a whole year"


ORDINAL = re.compile(r"\b(?:a|an|the) (second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth) (?!of\b)[a-z]+")
ORDINAL_VALUES = {word: n for n, word in enumerate("second third fourth fifth sixth seventh eighth ninth tenth".split(), 2)}


def implied(quantity: Quantity, text: str, original: str) -> bool:
    """A number of `text` that the original says as a unit: "a week" -> "7 days", "an hour" -> "60
    minutes", "a dozen eggs" -> "12 eggs"; or as an ordinal: "a fourth test" -> "four tests". It restates,
    like a conversion fact, and changes nothing."""
    if any(_key(ORDINAL_VALUES[word]) in quantity.values for word in ORDINAL.findall(original.lower())):
        return True
    after = re.match(r"\s*([A-Za-z]+)", text[quantity.end:])
    if not after:
        return False
    small = _unit(after.group(1))
    for big in map(_unit, UNIT_SAID.findall(original.lower())):
        expected = 12 if big == "dozen" else CONVERSIONS.get((small, big))
        if expected is not None and _key(expected) in quantity.values:
            return True
    return False


def _unit_after(quantity: Quantity, text: str) -> str | None:
    after = re.match(r"[\s-]*(?:an?\s+)?([A-Za-z]+)", text[quantity.end:])  # "30-minute", "half an hour"
    return _unit(after.group(1)) if after else None


def units_made(text: str) -> set[str]:
    """The units `text` measures in, and the bigger unit each of its amounts makes exactly: "60 minutes" ->
    minute, hour; "7 days" -> day, week."""
    made = set()
    for quantity in quantities(text):
        unit = _unit_after(quantity, text)
        made |= {unit} if unit else set()
        made |= {big for (small, big), factor in CONVERSIONS.items() if small == unit and _key(factor) in quantity.values}
    return made


def said_as_one(quantity: Quantity, text: str, other_text: str) -> bool:
    """A 1 before a unit that the other text says with an article: "1 gallon every 30 miles" -> "a gallon per 30
    miles"."""
    unit = _unit_after(quantity, text)
    return _key(1) in quantity.values and unit is not None and any(
        _unit(word) == unit for word in re.findall(r"\b(?:a|an|one|per|each|every)\s+([A-Za-z]+)", other_text))


def converted(quantity: Quantity, text: str, others: list[Quantity], other_text: str) -> bool:
    """Whether `others` state `quantity` in another unit: "30 minutes" = "a half-hour", "2 kg" = "2,000 grams"."""
    unit = _unit_after(quantity, text)
    for other in others:
        other_unit = _unit_after(other, other_text)
        for small, big, many, one in ((quantity, other, unit, other_unit), (other, quantity, other_unit, unit)):
            factor = CONVERSIONS.get((many, one))
            if factor and any(_key(v * factor) in small.values for v in big.values):
                return True
    return False


def pool(found: list[Quantity]) -> frozenset[float]:
    """All values (exact and loose) that a list of quantities states, of every kind."""
    return frozenset().union(*(q.loose for q in found)) if found else frozenset()


def matched(quantity: Quantity, others: list[Quantity]) -> bool:
    """Whether `others` state `quantity` in some form: an exact reading of one side must be a
    reading of the other (so "half" matches "2" and "1/2", but "1/2" does not match "1/4")."""
    exact = frozenset().union(*(q.values for q in others)) if others else frozenset()
    return bool(quantity.values & pool(others) or quantity.loose & exact)


def unmatched(required: list[Quantity], others: list[Quantity]) -> list[Quantity]:
    """The quantities of `required` left over when each may use a *different* quantity of `others`
    (a maximum bipartite matching): a condition dropped from a rewrite ("10% of his money left") is
    missing even when its number still appears elsewhere ("10 bags")."""
    owner: dict[int, int] = {}                        # index in others -> index in required

    def assign(index: int, seen: set[int]) -> bool:   # Kuhn's augmenting path
        for other, candidate in enumerate(others):
            if other in seen or not matched(required[index], [candidate]):
                continue
            seen.add(other)
            if other not in owner or assign(owner[other], seen):
                owner[other] = index
                return True
        return False

    placed = {index for index in range(len(required)) if assign(index, set())}
    return [quantity for index, quantity in enumerate(required) if index not in placed]


def parse_number(text: str) -> float | None:
    """The single number a final answer states ("1,687.50", "$5", "21.0"), or None when it is not one."""
    match = NUMBER.fullmatch(text.strip())
    if not match:
        return None
    return min(_digit_quantity(match, text.strip()).values)


def percent(quantity: Quantity) -> bool:
    return bool(re.search(r"%|\bper ?cent\b", quantity.text.lower()))


def same_share(one: Quantity, other: Quantity) -> bool:
    """A percent and a fraction or decimal of the same share: "25%" and "a quarter"."""
    share, plain = (one, other) if percent(one) else (other, one)
    return min(share.values) in plain.values


def money(quantity: Quantity) -> bool:
    return quantity.text[:1] in "$£€"
