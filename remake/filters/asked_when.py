"""When the question asks about, read without a model: the days ("over the weekend" -> "on Sunday"), the
period ("in a week" -> "in a day"), now or later or before ("how old is Ella now" -> "then"), one day of
several ("in total over 6 days" -> "on the 6th day") and which week, month or year ("sold last week" -> "this
week"). Part of the asked-quantity check (remake.filters.asked)."""

from __future__ import annotations

import re

from remake.filters.numbers import units_made
from remake.filters.words import DAY_NAMED, DAY_NAMES, stem

# one day of several asked ("on the 6th day", "on day 6", "in the 3rd year") where the question asked about them all
ONE_DAY = re.compile(r"\b(?:on|in|during) (?:the )?(\d+(?:st|nd|rd|th)|first|second|third|fourth|fifth|sixth|seventh|"
                     r"last|final) (?:day|week|month|year)\b|\bon day (\d+)\b")
SPAN_TO = re.compile(rf"\b(?:through|thru|until|till|up to|to|by)\s+({DAY_NAMES})\b")  # the days up to one
# when the question asks about: now, or a later time the problem names ("how old is Ella now" -> "how old will
# Ella be then"); "will" alone says neither ("how much will she pay")
NOW = re.compile(r"\b(?<!from )now\b|\bcurrent(?:ly)?\b|\btoday\b|\bat present\b")
EARLIER = re.compile(r"\bbefore\s*\?|\b(?:at first|originally|initially|to begin with|at the start)\b")
BORN = re.compile(r"\bwhen (?:\w+ ){1,2}(?:was|were) born\b")  # "how old was Lucy when Ben was born"
LATER = re.compile(r"\bthen\s*\?|\bfrom now\b|\bin (?:\d+|[a-z]+) (?:more )?years?\b|\blater\b|\bat that (?:time|point)\b")
BEFORE = re.compile(r"\b(?:before|prior to) (?:the|a|an|his|her|their|its|any) \w+\s*(?:[?.,]|$)")  # an event
PRESENT, FUTURE = re.compile(r"\b(?:does|do|is|are|has|have)\b"), re.compile(r"\b(?:will|would|be|'ll)\b")
WHEN_SAID = re.compile(r"\b(?:after|in|by|within|when|until|then|later|from|once|if)\b")  # "what is it worth after 2 years"
UNTIL = re.compile(r"\b(?:before|until|till|prior to)\b")  # "how long until it is full" asks no earlier time
# the period a question asks about ("in a week", "per day", "weekly"); not a converted one ("in 7 days")
PERIOD = re.compile(r"\b(?:in|per|each|every|a|an|one|over|during|for) (?:a |an |one |single |whole )?"
                    r"(hour|day|week|weekend|month|year)s?\b|\b(hourly|daily|weekly|monthly|yearly|annual)\b")
MANY_PERIODS = re.compile(r"\b(?:in|over|for|during) (\d+|two|three|four|five|six|seven|eight|nine|ten) "
                          r"(hour|day|week|weekend|month|year)s\b")
ADVERBS = {"hourly": "hour", "daily": "day", "weekly": "week", "monthly": "month", "yearly": "year", "annual": "year"}
COMPARED = re.compile(r"\b(?:more|fewer|less|than|exceeds?|higher|lower|difference|compared)\b")  # two days compared
ALL_DAYS = re.compile(r"\b(?:both days|all \w+ days|each day|altogether|in total|in all|combined|together)\b")
# a part of the day asked about, and the whole day ("in the afternoon" -> "in the whole day")
PART = re.compile(r"\b(?:in|on|during) the (morning|afternoon|evening|night)\b")
WHOLE_DAY = re.compile(r"\b(?:whole|entire|all) day\b|\bin total\b|\baltogether\b|\bin all\b|\bthat day\b")


def _days_asked(original: str, asked: str, offered: str) -> list[str]:
    """The question now asks about some of the days the problem names, not all, where it asked about none:
    "how much over the weekend" -> "how much on Sunday" ("on Saturday and Sunday" is the weekend)."""
    named = set(DAY_NAMED.findall(original.lower()))
    now = set(DAY_NAMED.findall(offered)) & named
    if now and not set(DAY_NAMED.findall(asked)) and now != named:
        return [f"asks about {', '.join(sorted(now))} only"]
    spans = [set(SPAN_TO.findall(text)) for text in (asked, offered)]  # "on Thursday" -> "through Thursday"
    if spans[0] != spans[1] and (spans[0] | spans[1]) & set(DAY_NAMED.findall(asked)) & set(DAY_NAMED.findall(offered)):
        return [f"asks about the days up to {', '.join(sorted(spans[0] ^ spans[1]))} instead of that day only"
                if spans[1] - spans[0] else f"asks about {', '.join(sorted(spans[0] - spans[1]))} only"]
    was = set(DAY_NAMED.findall(asked))  # "how many on Tuesday" -> "how many on both days"
    if was and not set(DAY_NAMED.findall(offered)) & was and ALL_DAYS.search(offered):
        return [f"asks about all the days instead of {', '.join(sorted(was))}"]
    if was and (days := set(DAY_NAMED.findall(offered))) and days != was \
            and not any(COMPARED.search(text) for text in (asked, offered)):  # "on Fridays" -> "on Mondays and Fridays"
        return [f"asks about {', '.join(sorted(days))} instead of {', '.join(sorted(was))}"]
    part = set(PART.findall(asked))  # "how far in the afternoon" -> "in the whole day"
    if part and not set(PART.findall(offered)) & part and WHOLE_DAY.search(offered):
        return [f"asks about the whole day instead of the {', '.join(sorted(part))}"]
    return []


def _time_asked(asked: str, offered: str) -> list[str]:
    """The question asked about now and asks about a later time, or the other way round; or asks about the time
    before something where it did not."""
    frames = [{name for name, pattern in (("now", NOW), ("later", LATER), ("before", EARLIER)) if pattern.search(text)}
              for text in (asked, offered)]
    if len(frames[0]) == 1 and len(frames[1]) == 1 and frames[0] != frames[1]:
        return [f"asks about {next(iter(frames[1]))} instead of {next(iter(frames[0]))}"]
    if not frames[0] and frames[1] == {"later"} and PRESENT.search(asked) and not FUTURE.search(asked) \
            and not WHEN_SAID.search(asked):
        return ["asks about later instead of now"]  # "how many does Jack have" -> "how many will Jack have then"
    if BORN.search(offered) and not BORN.search(asked):
        return [f"asks about the time {BORN.search(offered).group(0)!r}"]
    if BEFORE.search(offered) and not UNTIL.search(asked):
        return ["asks about the time before something"]
    return []


def _one_day_asked(asked: str, offered: str) -> list[str]:
    """One day of several asked where the question asked about them all: "in total over 6 days" -> "on the
    6th day"."""
    found, was = ONE_DAY.search(offered), ONE_DAY.search(asked)
    if found and not was:
        return [f"asks about {found.group(0)!r} only"]
    if found and was and _ordinal(found) != _ordinal(was):  # "in the first year" -> "in the second year"
        return [f"asks about {found.group(0)!r} instead of {was.group(0)!r}"]
    return []


ORDINAL_WORDS = "first second third fourth fifth sixth seventh".split()


def _ordinal(found: re.Match) -> str:
    said = found.group(1) or found.group(2)
    return str(ORDINAL_WORDS.index(said) + 1) if said in ORDINAL_WORDS else re.sub(r"\D", "", said) or said


def periods(text: str) -> set[str]:
    """The periods a question asks about: "in a week" -> week, "daily" -> day."""
    return {ADVERBS.get(adverb, adverb) if adverb else unit for unit, adverb in PERIOD.findall(text)}


def _period_asked(asked: str, offered: str) -> list[str]:
    """The question asks about another period: "how many toys in a week" -> "in a day"."""
    before, after = periods(asked), periods(offered)
    if before and after and not before & after:
        return [f"asks about a {', '.join(sorted(after))} instead of a {', '.join(sorted(before))}"]
    many = [f"{count} {unit}s" for count, unit in MANY_PERIODS.findall(offered) if unit in before - after]
    return [f"asks about {many[0]} instead of a {many[0].split()[1][:-1]}"] if many else []  # "in a week" -> "in 5 weeks"


# which one of a series of periods is meant, counted from now: "last week", "this year", "next month"
RELATIVE = re.compile(r"\b(this|current|last|previous|past|next|following|coming) (day|week|weekend|month|year|"
                      r"season|term|semester|summer|winter|spring|fall|autumn)\b|\b(yesterday|today|tomorrow)\b")
SAID_ALIKE = {"current": "this", "previous": "last", "past": "last", "following": "next", "coming": "next",
              "yesterday": "last day", "today": "this day", "tomorrow": "next day"}


def _relative(text: str) -> set[str]:
    return {SAID_ALIKE.get(day, day) if day else f"{SAID_ALIKE.get(which, which)} {period}"
            for which, period, day in RELATIVE.findall(text)}


def _relative_asked(asked: str, offered: str) -> list[str]:
    """Another period of a series asked: "how many did it sell last week" -> "this week" (the given and the asked
    swapped: "sold 240 this week, 20% more than last week" -> "sold 240 last week ... this week")."""
    before, after = _relative(asked), _relative(offered)
    if before and after and not before & after:
        return [f"asks about {', '.join(sorted(after))} instead of {', '.join(sorted(before))}"]
    return []


PER_HOUR = re.compile(r"\b(?:km|mi|m)/hr?\b|\bmph\b|\bkph\b")  # "walks at 5 km/h" names an hour
DAY_SAID = re.compile(rf"\b(?:{DAY_NAMES}|morning|afternoon|evening|night|daily|today|tomorrow|yesterday)s?\b")


def _period_unnamed(original: str, offered: str) -> list[str]:
    """A period asked about that the original never names nor makes of its amounts: "how long to type a 1,500-word
    essay" -> "to type 1,500 words a day for a week" ("in 60 minutes" -> "in an hour" names it; "every morning"
    names a day)."""
    text = original.lower()
    named = {stem(word) for word in re.findall(r"[a-z]+", text)} | periods(text) | units_made(text) \
        | ({"day"} if DAY_SAID.search(text) else set()) | ({"hour"} if PER_HOUR.search(text) else set())
    unnamed = periods(offered) - named
    return [f"asks about a {', '.join(sorted(unnamed))} the original never names"] if unnamed else []


def when_changes(original: str, asked: str, offered: str, now_asked: str) -> list[str]:
    """What the rewrite's question (`offered`, all its asking parts; `now_asked`, its question sentence) asks
    about another time than the original's (`asked`)."""
    return _days_asked(original, asked, offered) + _period_asked(asked, offered) + _time_asked(asked, now_asked) \
        + _one_day_asked(asked, now_asked) + _relative_asked(asked, now_asked) + _period_unnamed(original, now_asked)
