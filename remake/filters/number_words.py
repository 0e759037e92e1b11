"""Numbers written as words, read as a reader reads them: compound cardinals ("one hundred twenty",
"two thousand and five"), fractions ("one quarter", "two-thirds", "a fifth"), mixed numbers ("one and a
half", "two and three quarters"), dozens ("two dozen", "half a dozen"), percentages ("fifty percent")
and the multiplicative words ("twice", "triple", "half"). An editor that writes "120" as "one hundred
twenty" keeps the number; a reader of the words one at a time would see 100 and 20 and miss 120.

`spoken_numbers` returns each such phrase once, longest reading first, with its exact values and the
looser readings that only count for matching (the 2 and 3 of "two-thirds", the factor 2 of "half")."""

from __future__ import annotations

import re
from dataclasses import dataclass

from remake.filters.words import AUXILIARIES

UNITS = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven",
         "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen"]
TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
        "ninety": 90}
SCALES = {"thousand": 1000, "million": 10**6, "billion": 10**9}
# what a fraction may be of without "of" ("a third cup of flour"); any other noun after "a third" makes it
# an ordinal ("a third try")
MEASURE = re.compile(r"(?:cup|teaspoon|tablespoon|pound|ounce|gallon|liter|litre|quart|pint|mile|kilometer|km|meter|"
                     r"foot|feet|inch|yard|hour|minute|second|day|week|month|year|dozen|kilogram|gram|milliliter|millilitre|"
                     r"ml|kg|lb|oz|cm|mm)s?")
# words after which "a third" is a share, not an ordinal: "a third of", "a third full", "a third as many"
SHARE_OF = frozenset("of and full empty done finished complete completed filled gone as more less".split()) \
    | AUXILIARIES | frozenset("on in at by for to from during before after up upfront now".split())
# "a tenth is taken off", "sells a third on Monday", "pays a fifth up front": a share (an ordinal is followed by
# its noun)
# denominators of a fraction; only after a numerator ("two-thirds", "a third"), never alone ("the third day")
DENOMINATORS = {"half": 2, "halves": 2, "third": 3, "thirds": 3, "quarter": 4, "quarters": 4, "fourth": 4,
                "fourths": 4, "fifth": 5, "fifths": 5, "sixth": 6, "sixths": 6, "seventh": 7, "sevenths": 7,
                "eighth": 8, "eighths": 8, "ninth": 9, "ninths": 9, "tenth": 10, "tenths": 10,
                "twentieth": 20, "twentieths": 20, "twelfth": 12,
                "twelfths": 12, "hundredth": 100, "hundredths": 100}
# multiplicative words standing alone: exact readings, then loose readings (the factor they imply)
MULTIPLIERS: dict[str, tuple[tuple[float, ...], tuple[float, ...]]] = {
    **{word: ((2,), ()) for word in ("twice", "double", "doubled", "doubles", "doubling")},
    **{word: ((3,), ()) for word in ("triple", "tripled", "triples", "thrice")},
    **{word: ((4,), ()) for word in ("quadruple", "quadrupled")},
    **{word: ((0.5,), (2,)) for word in ("half", "halved", "halves", "halve")},
    **{word: ((0.25,), (4,)) for word in ("quarter", "quarters")},
    **{word: ((12,), ()) for word in ("dozen", "dozens")},
}
WORD = re.compile(r"[A-Za-z]+")
GAP = re.compile(r"[\s-]*")  # what may stand between the words of one number ("twenty-five", "one  hundred")
PERCENT = re.compile(r"\s*(?:%|percent\b|per\s?cent\b)", re.IGNORECASE)


@dataclass(frozen=True)
class Spoken:
    """One number phrase: where it is, its exact values, its loose readings, and whether it is a bare
    number word that may be a pronoun or a count of known things ("one", "the two of them")."""

    start: int
    end: int
    values: frozenset[float]
    loose: frozenset[float]
    bare: bool
    half: tuple[int, int] | None = None  # where " and a half" of "an hour and a half" stands, after the unit


def _unit_value(word: str) -> int | None:
    return UNITS.index(word) if word in UNITS else TENS.get(word)


class _Words:
    """The words of a text with their spans, and the number phrases read from them."""

    def __init__(self, text: str):
        self.text = text
        self.words = [(m.group(0).lower(), m.start(), m.end()) for m in WORD.finditer(text)]

    def adjacent(self, i: int) -> bool:
        """Whether word i+1 follows word i with only spaces or a hyphen between."""
        return i + 1 < len(self.words) and bool(GAP.fullmatch(self.text[self.words[i][2]:self.words[i + 1][1]]))

    def word(self, i: int) -> str:
        return self.words[i][0] if i < len(self.words) else ""

    def cardinal(self, i: int) -> tuple[float, int] | None:
        """The cardinal starting at word i ("one hundred and twenty-five thousand"): value and the index
        after it; "a" counts as one only before "hundred", "thousand" or "dozen"."""
        total, group, j, last = 0.0, 0.0, i, ""
        if self.word(i) in ("a", "an") and self.adjacent(i) and self.word(i + 1) in ("hundred", *SCALES):
            group, j, last = 1.0, i + 1, "unit"
        while j < len(self.words):
            word = self.word(j)
            if j > i and not self.adjacent(j - 1):
                break
            value = _unit_value(word)
            if value is not None and (last in ("", "hundred", "scale") or (last == "tens" and value < 10 and value > 0)):
                group += value
                last = "tens" if word in TENS else "unit"
            elif word == "hundred" and last in ("unit", "tens") and group % 100 and group < 100:
                group *= 100
                last = "hundred"
            elif word in SCALES and last in ("unit", "tens", "hundred"):
                total += group * SCALES[word]
                group, last = 0.0, "scale"
            elif word == "and" and last in ("hundred", "scale") and _unit_value(self.word(j + 1)) is not None:
                last = "hundred" if last == "hundred" else "scale"
            else:
                break
            j += 1
        if last == "":
            return None
        return total + group, j

    def count(self, i: int) -> tuple[float, int] | None:
        """A count starting at word i: "a"/"an" as one, or a cardinal; its value and the index after it."""
        if self.word(i) in ("a", "an"):
            return 1.0, i + 1
        return self.cardinal(i)

    def fraction(self, i: int) -> tuple[float, float, int] | None:
        """A fraction starting at word i ("two-thirds", "a quarter", "one half"): value, denominator, end."""
        read = self.count(i)
        if read is None:
            return None
        numerator, j = read
        if j > i and not self.adjacent(j - 1):
            return None
        denominator = DENOMINATORS.get(self.word(j))
        if denominator is None or (numerator != 1 and self.word(j) in ("half", "quarter", "third", "fifth")):
            return None
        if self.word(i) in ("a", "an") and self.ordinal(j):
            return None
        return numerator / denominator, float(denominator), j + 1

    def ordinal(self, j: int) -> bool:
        """"a fourth bottle", "a third try": an ordinal before a thing, not a fraction ("a fourth of the
        bottle", "a third cup of flour" are fractions)."""
        following = self.word(j + 1)
        return self.word(j) not in ("half", "quarter") and following.isalpha() and following not in SHARE_OF \
            and self.adjacent(j) and not MEASURE.fullmatch(following)

    def read(self, i: int) -> tuple[frozenset[float], frozenset[float], int, bool] | None:
        """The longest number phrase starting at word i: (values, loose, index after, bare)."""
        whole = self.cardinal(i)
        part = self.fraction(i)
        if whole is not None and self.word(whole[1]) == "and" and self.adjacent(whole[1] - 1):
            mixed = self.fraction(whole[1] + 1) if self.adjacent(whole[1]) else None
            if mixed is not None:  # "one and a half", "two and three quarters"
                return (frozenset({whole[0] + mixed[0]}), frozenset({whole[0], mixed[0], mixed[1]}), mixed[2], False)
        if part is not None and (whole is None or part[2] > whole[1]):
            loose = {part[1]} | ({part[0] * part[1]} if self.word(i) not in ("a", "an") else set())
            return frozenset({part[0]}), frozenset(loose), part[2], False
        if whole is not None:
            value, end = whole
            if self.word(end) in ("dozen", "dozens") and self.adjacent(end - 1):  # "two dozen"
                return frozenset({value * 12}), frozenset({value, 12.0}), end + 1, False
            return frozenset({value}), frozenset(), end, end - i == 1 and self.word(i) in UNITS
        word = self.word(i)
        if [self.word(k) for k in range(i, i + 4)] == ["time", "and", "a", "half"]:  # overtime: 1.5 times the rate
            return frozenset({1.5}), frozenset({0.5}), i + 4, False
        if word == "half" and self.word(i + 1) in ("a", "an") and self.word(i + 2) == "dozen":  # "half a dozen"
            return frozenset({6.0}), frozenset({0.5, 2.0, 12.0}), i + 3, False
        if word in MULTIPLIERS:
            exact, extra = MULTIPLIERS[word]
            return frozenset(exact), frozenset(extra), i + 1, False
        return None

    def measure_and_a_half(self, i: int) -> tuple[float, int] | None:
        """"an hour and a half", "two miles and a half": the count before a unit that "and a half" follows;
        its value and the index of "and"."""
        read = self.count(i)
        if read is None:
            return None
        count, j = read
        if not self.adjacent(j - 1) or not MEASURE.fullmatch(self.word(j)) or \
                [self.word(k) for k in range(j + 1, j + 4)] != ["and", "a", "half"]:
            return None
        return count + 0.5, j + 1


def in_digits(text: str) -> str:
    """`text` with its number phrases written in digits ("one hundred twenty" -> "120", "two-thirds" ->
    "2/3", "one and a half" -> "1.5"); the word "one" alone (often a pronoun) and the multiplicative words
    ("twice", "half") stay as they are, since they are words of the problem, not a number's spelling."""
    out, end = [], 0
    for spoken in spoken_numbers(text):
        words = text[spoken.start:spoken.end]
        if spoken.bare and words.lower() == "one" or words.lower() in MULTIPLIERS or words.lower() == "time and a half":
            continue
        out.append(text[end:spoken.start] + _digits(spoken, words))
        end = spoken.end
        if spoken.half:  # "an hour and a half" -> "1.5 hours"
            unit = text[spoken.end:spoken.half[0]]
            out.append(unit if unit.endswith("s") else unit + "s")
            end = spoken.half[1]
    return "".join(out) + text[end:]


def _digits(spoken: Spoken, words: str) -> str:
    if PERCENT.search(words):
        return f"{max(spoken.values):g}%"
    value = min(spoken.values)
    if value == int(value):
        return str(int(value))
    for denominator in sorted(spoken.loose):
        if denominator > 1 and abs(value * denominator - round(value * denominator)) < 1e-9 and value < 1:
            return f"{round(value * denominator)}/{int(denominator)}"
    return f"{value:g}"


def spoken_numbers(text: str) -> list[Spoken]:
    """Every number phrase written in words in `text`, in order, none overlapping."""
    words = _Words(text)
    found: list[Spoken] = []
    i = 0
    while i < len(words.words):
        half = words.measure_and_a_half(i)
        if half is not None:  # the number is the count before the unit; its unit stays right after it
            value, conjunction = half
            count_end = words.words[conjunction - 2][2]
            found.append(Spoken(words.words[i][1], count_end, frozenset({value}), frozenset({value - 0.5, 0.5, 2.0}),
                                False, (words.words[conjunction - 1][2], words.words[conjunction + 2][2])))
            i = conjunction + 3
            continue
        read = words.read(i)
        if read is None:
            i += 1
            continue
        values, loose, end, bare = read
        start, stop = words.words[i][1], words.words[end - 1][2]
        percent = PERCENT.match(text, stop)
        if percent:  # "fifty percent" = 50 and 0.5
            values, stop, bare = values | {v / 100 for v in values}, percent.end(), False
        found.append(Spoken(start, stop, values, loose, bare))
        i = end
    return found
