"""Words of problem text, as the word-level filters (referents, scope) read them: tokens, stems, and
which words carry content."""

from __future__ import annotations

import re
import unicodedata

# "a.m." and "p.m." are one token, so that their dots do not end a sentence; a number keeps its thousands
# commas ("1,200"), not the comma after it ("€14, a pair": the clause ends there)
TOKEN = re.compile(r"(?i:[ap]\.m\.)|[A-Za-z\u00C0-\u024F]+(?:'[a-z]+)?|\$?\d(?:\d|,(?=\d))*(?:\.\d+)?%?|[^\sA-Za-z\d]")
STOPWORDS = frozenset("""a an the of and or to in on at for with by from as is are was were be been it its they them
their he she his her we our you your i my this that these those there here some any all than then also""".split())


# one spelling per unit: British "-re" and the usual abbreviations ("25 m pool" aside: "m" stays ambiguous)
SPELLINGS = {"litre": "liter", "metre": "meter", "kilometre": "kilometer", "centimetre": "centimeter",
             "millimetre": "millimeter", "millilitre": "milliliter", "km": "kilometer", "cm": "centimeter",
             "mm": "millimeter", "ml": "milliliter", "kg": "kilogram", "kilo": "kilogram", "lb": "pound",
             "lbs": "pound", "oz": "ounce", "hr": "hour", "hrs": "hour", "min": "minute", "mins": "minute",
             "sec": "second", "secs": "second", "gb": "gigabyte", "mb": "megabyte", "tb": "terabyte", "feet": "foot",
             "pence": "penny"}

# units that measure the same thing: the same number in another of them is another quantity ("4 weeks" -> "4 days")
DIMENSIONS = (frozenset("second minute hour day week month year".split()),
              frozenset("millimeter centimeter meter kilometer inch foot yard mile".split()),
              frozenset("gram kilogram pound ounce ton".split()),
              frozenset("milliliter liter gallon quart pint cup".split()),
              frozenset("megabyte gigabyte terabyte".split()))

# words that open a clause, not a noun ("8 if", "14 when")
AUXILIARIES = frozenset("do does did will can would could should may might must is are was were be".split())
CONNECTIVES = frozenset("if when how what which who whom after before then but so because while until".split())


def stem(word: str) -> str:
    """A crude plural/-ful stem, one spelling per unit: "cups" and "cupfuls" -> "cup", "boxes" -> "box",
    "classes" -> "class", "litres" and "liters" -> "liter", "km" -> "kilometer"."""
    word = unicodedata.normalize("NFKD", word.lower()).encode("ascii", "ignore").decode()
    return SPELLINGS.get(word) or SPELLINGS.get(_plural_stem(word)) or _plural_stem(word)


# plurals in -oes whose singular ends in -o ("shoes", "canoes" keep their e)
O_PLURALS = frozenset("tomatoes potatoes mangoes heroes echoes volcanoes mosquitoes dominoes cargoes zeroes".split())


def _plural_stem(word: str) -> str:
    if word in O_PLURALS:
        return word[:-2]
    if word.endswith("ie") and len(word) >= 5:  # "cookie" as "cookies" -> cooky; not "pie", "tie"
        return word[:-2] + "y"
    for suffix in ("fuls", "ful", "ies"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)] + ("y" if suffix == "ies" else "")
    if re.search(r"(?:ss|x|z|ch|sh)es$", word) and len(word) >= 5:
        return word[:-2]
    if word.endswith("s") and not word.endswith("ss") and len(word) >= 4:
        return word[:-1]
    return word


def tokens(text: str) -> list[re.Match]:
    return list(TOKEN.finditer(text))


def is_content(word: str) -> bool:
    return word[:1].isalpha() and word.lower() not in STOPWORDS


def lower_words(text: str) -> list[str]:
    return [t.group(0).lower() for t in tokens(text)]


# the part of an amount still there ("the rest", not "a 30-second rest"), read by scope and referents
REMAINDER = (r"\b(?:remaining|remains|remained|remain|the rest|remainder|left|leftover|leftovers|"
             r"still (?:has|have|had|needs?|needed|holds|in stock|available|unsold|there)|unsold)\b")
# the rest said as the others: keeps a remainder the original said, but adds none ("40% are boys and the others
# girls" names the girls, it takes no share of a remainder; "of the students who do not, half walk")
NOT_THE_FIRST = r"(?:who|that|which) (?:do|does|did|are|is|were|was) not"  # "of the cars that are not red"
COMPLEMENT = rf"\b(?:every(?:one|body) else|all the others|the others|{NOT_THE_FIRST})\b"


DAY_NAMES = "monday|tuesday|wednesday|thursday|friday|saturday|sunday"
# the days a group of days is: "each weekend day" is "on Saturday and Sunday", "weekdays" Monday to Friday
DAY_SETS = {"weekend": ("saturday", "sunday"),
            **dict.fromkeys(("weekday", "workday"), ("monday", "tuesday", "wednesday", "thursday", "friday"))}
DAY_SPAN = re.compile(rf"\b({DAY_NAMES}) (?:to|through|thru|until|till|-) ({DAY_NAMES})\b")
DAY_NAMED = re.compile(rf"\b({DAY_NAMES})s?\b")


def days_named(text: str) -> set[str]:
    """The week's days a lowercase text names, a span counted whole: "Monday to Friday" names five."""
    week = DAY_NAMES.split("|")
    named = set(DAY_NAMED.findall(text))
    for first, last in DAY_SPAN.findall(text):
        named.update(week[week.index(first):week.index(last) + 1])
    return named


CLAUSE_END = frozenset(",;:.?!")


def clause_start(words: list[str]) -> int:
    """Where the last clause of `words` starts: after its last punctuation mark."""
    return max((i + 1 for i, w in enumerate(words) if w in CLAUSE_END), default=0)


# nouns a rate can be per, and units a number can count in
UNIT_NOUNS = ("second|minute|hour|day|night|morning|evening|week|weekend|weekday|workday|month|year|lap|pound|"
              "kilogram|kilo|kg|gram|ounce|oz|gallon|liter|litre|milliliter|millilitre|ml|quart|cup|mile|kilometer|kilometre|km|"
              "meter|metre|centimeter|centimetre|cm|foot|inch|yard|pack|monday|tuesday|wednesday|thursday|friday|saturday|sunday|"
              "box|bag|bottle|jar|dozen|piece|person|ticket|ride|lesson|visit|session|game|page|item|unit")
UNIT = re.compile(rf"(?:{UNIT_NOUNS})s?")
