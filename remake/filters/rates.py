"""What a rate is per: the noun after "per", "each", "every", "a" ("$4 a pack", "every workday", "each of the 6
tables"), a rate adjective ("daily"), a price before its noun ("three $4 notebooks"), named days taken as the
group they make. Read by the scope filter (remake.filters.scope)."""

from __future__ import annotations

import re
from collections import Counter

from remake.filters.number_words import TENS, UNITS
from remake.filters.similarity import SENTENCE
from remake.filters.words import CONNECTIVES, DAY_NAMES, DAY_SETS, UNIT, UNIT_NOUNS, is_content, lower_words, stem

# "$300 for a whole year" is $300 a year
WHOLE = ("whole", "full", "entire", "single")
RATE = re.compile(rf"\b(?:per|each|every|any|apiece|singly|individually|hourly|daily|weekly|monthly|yearly|annually|"
                  rf"nightly|mph|kph|kmh|mpg)\b|"
                  rf"\ban? (?:(?:{'|'.join(WHOLE)}) )?(?:{UNIT_NOUNS})s?\b")
DEMONSTRATIVE = (["the"], ["those"], ["these"], ["their"], ["its"], ["his"], ["her"], ["our"], ["a"])
# rate adjectives and the noun they are per ("a monthly fee of $25" = "$25 a month")
RATE_ADJECTIVES = {"hourly": "hour", "daily": "day", "nightly": "night", "weekly": "week", "monthly": "month",
                   "yearly": "year", "annually": "year", "annual": "year", "mph": "hour", "kph": "hour", "kmh": "hour",
                   "mpg": "gallon"}
# what may stand before a clause's subject ("... . Each plant", ", and every tree")
CLAUSE_OPENERS = frozenset({".", "?", "!", ";", ",", "and"})
# "on weekdays", "on Saturdays": every such day
DAYS = r"(?:mon|tues|wednes|thurs|fri|satur|sun|week|weekend|work)days?|weekends"
# "each weekend day" is per day, as is "each Saturday and each Sunday"; not "every weekend"
NAMED_DAY = re.compile(rf"(?:{DAY_NAMES})s?")
# what a rate's noun may be said with and still be per that noun: "each extra GB", "every additional hour"
ADDED = ("extra", "additional", "further", "more")
# words that count what follows them as a number would: "a pair of $50 bills" is two
COUNT_NOUNS = ("pair", "couple", "dozen", "both")
DAY_GROUPS = {"day": DAY_SETS["weekend"], "weekday": DAY_SETS["weekday"]}
DAY_PARTS = ("morning", "afternoon", "evening", "night")
# "6 km each time" is per occasion of what the problem does: "per outing", "per session" say the same
OCCASIONS = frozenset("time occasion outing trip visit session ride lesson game run class practice workout shift round "
                      "turn sitting meeting show performance".split())
# occasions that name the same thing: "40 students each trip" = "40 students on every run"
TRIPS = frozenset({"trip", "run", "ride", "journey"})
# "every other day", "every third week": how often, compared by the wording filter (remake.filters.wording)
SKIPPING = frozenset({"other", "second", "third", "fourth", "alternate"})


def priced_per(after: list[str]) -> bool:
    """A price followed by "a"/"an" and a noun is per that noun: "$25 a pair", "$3 a bag"."""
    return after[:1] in (["a"], ["an"]) and len(after) > 1 and after[1].isalpha() and is_content(after[1])


def priced_item(words: list[str], first: int, last: int, numbers: set[int]) -> bool:
    """A price between a count and its noun is per that noun: "three $4 notebooks", "a pair of $50 bills"."""
    following = words[last + 1] if last + 1 < len(words) else ""
    counted = first - 1 in numbers or words[first - 1:first] in ([w] for w in COUNT_NOUNS) \
        or (words[first - 1:first] == ["of"] and words[first - 2:first - 1] in ([w] for w in COUNT_NOUNS))
    return counted and following.isalpha() and is_content(following) and following not in CONNECTIVES


PRICE_VERBS = frozenset("for costs cost is are sells sell sold goes go at priced".split())


def priced_before(words: list[str], first: int) -> str | None:
    """The thing a price is for, said before it: "sells each bag for $5", "every ticket costs $8" -> bag, ticket."""
    for k in range(max(0, first - 5), first - 1):
        noun = words[k + 1]
        if words[k] in ("each", "every", "per") and noun.isalpha() and is_content(noun) and noun not in PRICE_VERBS \
                and all(w in PRICE_VERBS for w in words[k + 2:first]):
            return stem(noun)
    return None


def per_compound(words: list[str], last: int) -> str | None:
    """"eight-hour days", "8-hour shifts": so many units per each of the things named (plural: "a 30-page
    report" is one report's length, said as such)."""
    hyphen, unit, noun = (words[last + 1:last + 4] + ["", "", ""])[:3]
    if hyphen == "-" and UNIT.fullmatch(unit) and noun.isalpha() and is_content(noun) and stem(noun) != noun:
        return stem(noun)
    return None


def group_priced(words: list[str], first: int) -> str | None:
    """The group a price is for when it follows its size: "packs of 6 for $4" -> pack."""
    if first >= 4 and words[first - 1] in ("for", "at", "costs", "cost") and re.match(r"\d", words[first - 2]) \
            and words[first - 3] == "of" and words[first - 4].isalpha() and is_content(words[first - 4]):
        return stem(words[first - 4])
    return None


def counted_base(words: list[str]) -> str | None:
    """A rate per so many units: "every 5 years", "per two hours" -> "5 year", "2 hour"."""
    count, unit = (words + ["", ""])[:2]
    value = int(count) if count.isdigit() else UNITS.index(count) if count in UNITS[2:] else None
    return f"{value} {stem(unit)}" if value is not None and UNIT.fullmatch(unit) else None


def on_days(words: list[str]) -> str | None:
    """The day that "on" and a plural day name make a rate per: "on weekdays", "on Saturdays" (not "on Monday");
    "on weekend days" is per day, as "each weekend day" is (not per weekend). `words`: up to three."""
    said = words[1] if words[:1] == ["on"] and len(words) > 1 else ""
    if said in ("weekend", "week") and words[2:3] == ["days"]:
        return "day" if said == "weekend" else "weekday"
    return stem(said) if re.fullmatch(DAYS, said) and said.endswith("s") else None


def base_after(after: list[str], beyond: list[str], before: str | None,
               money: bool = False) -> tuple[str | None, bool]:
    """The noun of the first rate after a number: "$4 a pack" -> pack, "$20 per hour" -> hour, "each
    week", "every other day" -> day, "per square meter" -> meter; a trailing "each" distributes over the
    noun before the number ("12 rows of 20 seats each" -> row, "pens for $4 each" -> pen); None when
    there is no rate. `beyond`: the words after the window, where a rate's noun may end. Also whether the
    noun was said after the rate word (not inferred from a trailing "each")."""
    words = after + beyond
    for i, word in enumerate(after):
        if i == to_each(after):
            nouns = [w for w in words[i + 2:i + 4] if w.isalpha() and is_content(w)]
            if nouns:
                return stem(nouns[0]), True  # "9 to a row": nine per row
        if word in ("per", "each", "every", "a", "an") and (counted := counted_base(words[i + 1:i + 3])):
            return counted, True  # "30 cm every 5 years": per five years
        if word in ("per", "each", "every", "a", "an"):
            start = noun_start(words, i)
            said = [w.removesuffix("'s") for w in words[start:start + 2]]  # "of each week's earnings": per week
            nouns = [w for w in said if w.isalpha() and is_content(w)]
            if not nouns or said[:1] != nouns[:1]:
                return (before if word == "each" else None), False  # "20 seats each."
            units = [w for w in nouns if UNIT.fullmatch(w)]
            if word in ("a", "an") and not units and not (money and i == 0):
                continue  # "a van": not a rate; "$25 a pair" is one
            if not units and len(nouns) == 2 and nouns[0].endswith(("ed", "ing")):
                return stem(nouns[1]), True  # "each printed photo": per photo
            return _which_days(stem(units[-1] if units else nouns[0]), words[start + 1:start + 4]), True
        if days := on_days(words[i:i + 3]):
            return days, True  # "five on Saturdays": per Saturday
        if word in ("apiece", "singly", "individually"):  # "or singly for $2"
            return before, False
        if word in RATE_ADJECTIVES:
            return RATE_ADJECTIVES[word], True  # "12 liters daily" is per day
        if RATE.fullmatch(word):
            return None, False
    return None, False


def _which_days(noun: str, after: list[str]) -> str:
    """"a day during the week" is per weekday: the days a "day" rate is said of."""
    return "weekday" if noun == "day" and (after == ["during", "the", "week"] or after[:2] in (["on", "weekdays"],
                                                                                             ["on", "workdays"])) \
        else noun


def each_one(words: list[str], i: int) -> bool:
    """"every one of them", "each one of the boxes": the members of a group, not a rate per "one"."""
    return words[i] in ("each", "every") and words[i + 1:i + 3] == ["one", "of"]


def noun_start(words: list[str], i: int) -> int:
    """Where the noun of the rate word at `i` starts: "in each of those hours" reads as "in each hour", "for each
    of the 200 miles" as "for each mile", "in each of the garden's six rows" as "in each row"."""
    if words[i] not in ("each", "every") or words[i + 1:i + 2] != ["of"] or words[i + 2:i + 3] not in DEMONSTRATIVE:
        return i + 1
    at = i + 3
    while at < len(words) and (words[at].endswith("'s") or re.match(r"\d", words[at]) or words[at] in UNITS
                               or words[at] in TENS):
        at += 1  # "the garden's", "6", "six"
    return at


DISTANCE = re.compile(r"(?:mile|kilometer|kilometre|km|meter|metre|foot|feet|yard|block)s?")


def to_each(after: list[str]) -> int | None:
    """Where "to a"/"to each" makes a rate right after a number or its noun ("9 to a row", "6 eggs to a
    carton"; not "3 children go to a show", nor a distance to a place: "18 km to a lake", but "5280 feet to a
    mile" is one)."""
    for i in (0, 1):
        if after[i:i + 1] == ["to"] and after[i + 1:i + 2] in (["a"], ["an"], ["each"]) and (i == 0 or is_content(after[0])):
            place = i == 1 and DISTANCE.fullmatch(after[0]) and not UNIT.fullmatch(after[i + 2] if i + 2 < len(after) else "")
            return None if place else i
    return None


FLOATING = [[w] for w in ("that", "which", "who", "they", "we", "you", "both")]  # "each" after its noun's pronoun


def rate_bases(text: str) -> Counter[str]:
    """The nouns that rates are per: "per minute", "every workday", "each weekend day", "$4 a pack"; in the
    statements only (a question may say "in a week" or "each week" alike)."""
    words = lower_words(" ".join(s for s in SENTENCE.findall(text) if not s.strip().endswith("?")))
    bases: Counter[str] = Counter()
    listed = -1  # where "and" may add a day to "on Saturdays": "on Saturdays and Sundays"
    for i, word in enumerate(words):
        if word in RATE_ADJECTIVES:
            bases[RATE_ADJECTIVES[word]] += 1
            continue
        if days := on_days(words[i:i + 3] if i != listed else ["on", *words[i + 1:i + 3]]):
            bases[days] += 1  # "6 hours on weekdays": every weekday
            listed = i + 2
            continue
        if word not in ("per", "each", "every", "a", "an") or (word == "each" and words[i - 1:i] in FLOATING):
            continue  # "3 shelves that each held 25 books": each shelf held them, no rate per "held"
        if word in ("per", "each", "every") and (counted := counted_base(words[i + 1:i + 3])):
            bases[counted] += 1  # "every 5 years" is not "every year"
            continue
        start = noun_start(words, i)
        start += words[start:start + 1] in ([w] for w in ADDED) \
            or (word in ("a", "an") and words[start:start + 1] in ([w] for w in WHOLE))  # "$8 for each extra GB",
        # "$300 for a whole year": per GB, per year
        following = [w for w in words[start:start + 2] if w.isalpha()]
        if following[:1] and following[0] in SKIPPING:
            continue  # "every other day" is how often, not a rate per day
        if not following or following[0] != words[start] or not is_content(following[0]) or each_one(words, i):
            continue  # "each of", "150 pages each.", "every one of them"
        two_words = word not in ("a", "an") and len(following) > 1 and UNIT.fullmatch(following[1])
        head = following[1] if two_words else following[0]  # "each weekend day"; not "a worker packs"
        if two_words and re.fullmatch(DAYS, following[0]) and stem(following[1]) != "day":
            head = f"{stem(following[0])} {following[1]}"  # "each weekday morning" is not "each morning"
        before = words[max(0, i - 4):i]
        before = before[max((k + 1 for k, w in enumerate(before) if w in ".?!"), default=0):]
        # in its own sentence: "3 dogs. Each dog"; "fifteen dollars an hour"
        after_number = any(re.match(r"\$?\d", w) or w in UNITS or w in TENS for w in before) \
            and words[i - 1] not in CLAUSE_OPENERS  # "2 pencils and each boy brings 3": a clause's subject
        if word != "per" and not UNIT.fullmatch(head) and not (word in ("each", "every") and after_number):
            continue  # "each hen lays", "every plant yields", "a van": not a rate; "$0.10 for each text" is one
        if word in ("a", "an") and not after_number:
            continue  # "a week" is a rate only after a number: "$450 a week", not "in a week"
        bases[_which_days(stem(head), words[start + 1:start + 4])] += 1
        bases.update(_days_listed(words, start + 1) if NAMED_DAY.fullmatch(head) else ())
    return bases


def same_base(one: str | None, other: str | None) -> bool:
    """Whether two rates are per the same noun: "each time" is per any occasion ("per outing"), a trip per run."""
    return one == other or (one in OCCASIONS and other in OCCASIONS and "time" in (one, other)) \
        or {one, other} <= TRIPS


def occasions_matched(lost: Counter[str], gained: Counter[str]) -> tuple[Counter[str], Counter[str]]:
    """The rates lost and gained without a rate per "time" lost against one per another occasion gained (and
    the other way round): "6 km each time" -> "6 km per outing" keeps the rate."""
    lost, gained = Counter(lost), Counter(gained)
    for one, other in ((lost, gained), (gained, lost)):
        while one["time"] > 0 and (said := next((n for n in sorted(OCCASIONS - {"time"}) if other[n] > 0), None)):
            one["time"] -= 1
            other[said] -= 1
    while (trip := next((n for n in sorted(TRIPS) if lost[n] > 0), None)) \
            and (run := next((n for n in sorted(TRIPS) if gained[n] > 0), None)):  # "each trip" -> "every run"
        lost[trip] -= 1
        gained[run] -= 1
    return +lost, +gained


def _days_listed(words: list[str], at: int) -> list[str]:
    """The named days listed after the first one a rate is per: "each Saturday and Sunday" is per Sunday too."""
    days = []
    while at + 1 < len(words) and words[at] in ("and", "or", ",") and NAMED_DAY.fullmatch(words[at + 1]):
        days.append(stem(words[at + 1]))
        at += 2
    return days


def distributed(text: str) -> Counter[str]:
    """The nouns "each" and "every" distribute over as a clause's subject: "Each plant produces 5" -> plant
    (not "5 km each day", a rate, nor "the twins each found 20")."""
    words = lower_words(text)
    found: Counter[str] = Counter()
    for i, word in enumerate(words):
        if word not in ("each", "every") or each_one(words, i) or (i and words[i - 1] not in CLAUSE_OPENERS):
            continue
        start = noun_start(words, i)
        if start > i + 1:  # "each of the Garcia twins": the plural is the head
            start = next((k for k in range(start, min(start + 3, len(words))) if stem(words[k]) != words[k]), start)
        if start < len(words) and words[start].isalpha() and is_content(words[start]) \
                and not UNIT.fullmatch(words[start]):  # "every liter sells for $2" is a rate: rate_bases
            found[stem(words[start])] += 1
    return found


def day_groups(bases: Counter[str]) -> Counter[str]:
    """Rates per named days said as the group they make: "each Saturday and each Sunday" is "each weekend
    day" (per day), Monday to Friday each is "every weekday"."""
    for group, days in DAY_GROUPS.items():
        while all(bases[day] for day in days):
            bases.subtract(days)
            bases[group] += 1
    return +bases
