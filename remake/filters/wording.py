"""Wording that binds the whole problem, read without a model: day and time ranges ("from Monday to
Friday"), how often ("every other day") and a shift to the next day, inclusion ("including the driver" /
"in addition to the driver"), a thing said of one item ("one shirt" -> "the shirts"), negation ("unpaid"
-> "paid", "do not take" -> "skip"), words turned into their opposites ("full" -> "empty", "empty seats" ->
"taken seats"), a trip made both ways in one text only ("to the lake" -> "to the lake and back") and the state
a capacity is said of ("holds 600 liters when full" -> "holds 600 liters now"). Part of the scope filter
(remake.filters.scope)."""

from __future__ import annotations

import difflib
import re
from collections import Counter

from remake.filters.number_words import MEASURE, SHARE_OF, UNITS
from remake.filters.similarity import ASKING, SENTENCE, question
from remake.filters.words import DAY_NAMES, NOT_THE_FIRST, UNIT, clause_start, is_content, lower_words, stem

DAY = (f"{DAY_NAMES}|january|february|march|april|may|june|july|"
       r"august|september|october|november|december|noon|midnight|"
       r"\d[\d:]*(?: ?[ap]\.?m\.?| in the (?:morning|afternoon|evening)| at night)?")
RANGE = re.compile(rf"\b(?:from|between) (?:{DAY})\b.{{0,12}}?\b(?:to|through|until|till|and) (?:{DAY})\b|"
                   rf"\b(?:{DAY}) (?:through|thru|to|until|till) (?:{DAY})\b")
# "resting after each lap except the last" / "after every lap but the final one"
EXCEPTION = re.compile(r"\b(?:except|excluding|but (?:the|not|for) (?:last|final|first)|other than the)\b")
EXCEPTED = re.compile(EXCEPTION.pattern + r"|\b(?:apart from|besides|other than|save for|not counting|excluding)\b|"
                      rf"\bbut (?:\w+ ){{0,3}}on (?:{DAY_NAMES})s?\b")  # "except on Sundays" -> "but six on Sundays"
# what is left of an amount ("packs the rest into bags" -> "packs all of them"), and any way to say it
REMAINDER = re.compile(r"\b(?:the rest|the remaining|the remainder|what remains|what is left|what's left|"
                       r"those left|the leftover)\b")
REMAINS = re.compile(rf"\b(?:rest|remain\w*|left|leftovers?|still|others?|else|{NOT_THE_FIRST})\b")  # "everyone else"
LEFT_OUT = re.compile(r"\b(?:not counting|not including|excluding|exclusive of)\b")
INCLUSION = {
    "inclusive": re.compile(r"\b(?:including|includes|included|counting)\b(?<!not counting)"),
    "exclusive": re.compile(r"\b(?:in addition to|besides|not counting|not including|excluding|apart from|"
                            r"other than|except|plus)\b"),
}


# said as often in both texts: how often something recurs ("every other day" = "on alternate days" is not
# "every day"), and a shift to another day ("arrives at 1:45 p.m. the next day")
TIMES = rf"(?:day|week|month|year|morning|afternoon|evening|night|hour|minute|weekend|weekday|workday|time|{DAY_NAMES})s?"
COUNTED_PHRASES = {
    "every other": re.compile(rf"\bevery (?:other|second|third|fourth|\d+(?:st|nd|rd|th)) {TIMES}\b|"
                              rf"\balternate {TIMES}\b"),  # "every other student" is "the rest"
    # after a time or a number ("arrives at 1:45 p.m. the next day"), not in a hint's "... others the next day"
    "ago": re.compile(r"\bago\b"),  # "in 6 years" -> "6 years ago"
    # the kind of number a puzzle counts: "three consecutive even numbers" is not "three consecutive numbers"
    "even or odd": re.compile(r"\b(?:even|odd)(?= (?:\w+ )?(?:numbers?|integers?|digits?)\b)"),
    "the next day": re.compile(r"(?:\d|[ap]\.m\.)[^\w.?!]+(?:\w+[^\w.?!]+){0,2}(?<!every )(?<!each )(?:on )?(?:the )?"
                               r"(?:next|following) (?:day|morning|evening|night)\b|\bovernight\b"),
}


# a trip both ways: said in one text and not the other, the distance counts twice or once
BOTH_WAYS = re.compile(r"\b(?:and back|round[- ]trips?|each way|both ways|in each direction|"
                       r"return (?:trip|journey)|(?:(?:drive|ride|walk|fly|swim|run|bike|cycle)(?:s|ed|ing)?|trip|route|"
                       r"way|returns?|returned|returning) (?:back|home)|"
                       # "comes home the same way", "returns the same way", "to work and then home again"
                       r"(?:back|home|returns?|returned|returning) (?:the )?same (?:way|route)|then (?:back )?home|"
                       r"home again|"
                       r"(?:returns?|returned|returning|comes back|came back) (?:at|by|on foot)|"  # "returns at 60 mph"
                       # the way back given as a leg of its own: "12 km to the park and then 12 km home"
                       r"(?:and|then) (?:then )?\d[\d,.]* ?(?:[a-z]+ )?(?:back|home))\b")


ONLY = re.compile(r"\bonly\b")
ROUND_TRIP_PRICE = re.compile(r"\b(?:round[- ]trip|return) (?:\w+ )?(?:ticket|fare|flight|pass)(?:es|s)?\b")
# who shares: "with her 3 friends" counts her too, "among her 3 friends" does not ("between herself and her 3
# friends" does)
SHARED_WITH = re.compile(r"\b(?:share|shares|shared|split|splits|divide|divides|divided)\b[^.?!]*?\b(with|among|"
                         r"amongst|between) (herself and |himself and |themselves and )?(?:his|her|their|my|its) ")


def _sharers(text: str) -> str | None:
    """Whether a share's sharer is one of those it is shared by: "with her friends" (herself included)."""
    found = SHARED_WITH.search(text)
    if not found:
        return None
    return "by the sharer and them" if found.group(1) == "with" or found.group(2) else "among them only"


# how two movers head relative to each other: toward each other, apart, or one after the other
HEADINGS = {
    "toward each other": re.compile(r"\btowards? (?:each other|one another)\b|\bhead-on\b"),
    "away from each other": re.compile(r"\baway from (?:each other|one another)\b|\bin opposite directions\b"),
    "in the same direction": re.compile(r"\bin the same direction\b|\bcatch(?:es)? up\b|\bovertakes?\b"),
}


def wording_changes(original: str, rewrite: str) -> list[str]:
    """Ranges, exceptions, what remains, inclusion words, one-item phrases, negations and opposites, over the
    whole texts."""
    problems = []
    before, after = original.lower(), rewrite.lower()
    for name, pattern, kept in (("range", RANGE, RANGE), ("exception", EXCEPTION, EXCEPTED),
                                ("remainder", REMAINDER, REMAINS)):
        if pattern.search(before) and not kept.search(after):
            problems.append(f"the {name} {pattern.search(before).group(0)!r} is gone")
    if (new := EXCEPTION.search(after)) and not EXCEPTED.search(before) and _unnamed(after[new.end():], before):
        problems.append(f"the exception {new.group(0)!r} is new")  # "from Monday to Friday" -> "..., except Wednesday"
        # (not "with a one-hour lunch break" -> "except during his lunch break")
    was = {name: p.search(before) for name, p in INCLUSION.items()}
    now = {name: p.search(after) for name, p in INCLUSION.items()}
    gone = [m.group(0) for name, m in was.items() if m and not now[name]]
    new = [m.group(0) for name, m in now.items() if m and not was[name]]
    if gone and new:
        problems.append(f"inclusion flipped: {', '.join(gone)!r} -> {', '.join(new)!r}")
    if (left_out := LEFT_OUT.search(after)) and not any(was.values()) and not EXCEPTED.search(before):
        problems.append(f"{left_out.group(0)!r} is new")  # "stops for a 30-minute break" -> "not counting a break"
    for name, pattern in COUNTED_PHRASES.items():
        was_said, now_said = len(pattern.findall(before)), len(pattern.findall(after))
        if was_said != now_said:
            problems.append(f"{name!r} said {was_said} times in the original, {now_said} in the rewrite")
    if re.search(r"\bboth\b", before) and len(ONLY.findall(after)) > len(ONLY.findall(before)):
        problems.append("'only' added where the groups overlap")  # "18 play soccer ... 5 play both" -> "only soccer"
    heading = [{name for name, pattern in HEADINGS.items() if pattern.search(text)} for text in (before, after)]
    if heading[0] and heading[1] - heading[0] and not heading[0] & heading[1]:
        problems.append(f"moving {', '.join(sorted(heading[1]))} instead of {', '.join(sorted(heading[0]))}")
    if bool(ROUND_TRIP_PRICE.search(before)) != bool(ROUND_TRIP_PRICE.search(after)):  # "a bus ticket costs $2.50"
        problems.append(f"a price for a round trip in the {'original' if ROUND_TRIP_PRICE.search(before) else 'rewrite'} "
                        "only")  # -> "a round-trip bus ticket costs $2.50"
    sharers = [_sharers(text) for text in (before, after)]
    if sharers[0] and sharers[1] and sharers[0] != sharers[1]:
        problems.append(f"shared {sharers[1]} instead of {sharers[0]}")
    if bool(BOTH_WAYS.search(before)) != bool(BOTH_WAYS.search(after)):
        problems.append(f"a trip both ways is said in the {'original' if BOTH_WAYS.search(before) else 'rewrite'} only")
    problems += [f"{x!r} and {y!r} swapped places" for x, y in _swaps(original, rewrite)]
    problems += _singular_changes(original, rewrite) + _negation_flips(original, rewrite) \
        + _state_changes(original, rewrite) + _ordinals_gained(original, rewrite)
    flips = _opposite_flips(original, rewrite) \
        or _opposite_flips(question(original), question(rewrite), ACTIONS) \
        or _opposite_flips(_given(original), _given(rewrite), OCCUPANCY)  # "did it win" -> "did it lose"; "3/5
    # of the seats are taken ... how many are empty" -> "3/5 are empty ... how many are empty"
    return problems + [f"a word became its opposite: {flip}" for flip in flips]


# a container's state ("3/4 full", "when full"): a fraction before it makes it another state
STATE = re.compile(r"\b((?:half|quarters?|thirds?|\d+/\d+|\d+%)[- ])?(full|empty)\b")
CONDITION = re.compile(r"\b(?:when|if|once) (?:it is |it's |they are )?((?:\w+[- ])?(?:full|empty))\b")
CAPACITY = re.compile(rf"\b(?:capacity|can hold|holds up to|at most|maximum)\b|"
                      rf"\d\s*-\s*(?:{MEASURE.pattern}) [a-z]+")  # "a 90-liter tank": its capacity
HOLDS = re.compile(r"\b(?:hold|holds|held|capacity)\b")  # a container's measure ("5 chairs are empty" is none)


def _states(text: str) -> Counter[tuple[bool, str]]:
    return Counter((bool(m.group(1)), m.group(2)) for m in STATE.finditer(text))


def _state_changes(original: str, rewrite: str) -> list[str]:
    """The state a capacity is said of, in the statements: gone ("holds 600 liters when full" -> "holds 600
    liters now"; a capacity said so keeps it), or added as a condition ("holds 80 gallons" -> "holds 80
    gallons when half full")."""
    if not HOLDS.search(original.lower()):
        return []
    statements = [" ".join(s for s in SENTENCE.findall(text) if not s.strip().endswith("?")).lower()
                  for text in (original, rewrite)]
    before, after = _states(statements[0]), _states(rewrite.lower())
    gone = [("part " if partial else "") + state for partial, state in before if after[partial, state] < before[partial, state]]
    added = [m.group(1) for m in CONDITION.finditer(statements[1]) if not before[next(iter(_states(m.group(1))))]]
    if gone and not CAPACITY.search(rewrite.lower()):
        return [f"the state {gone[0]!r} is gone"]
    return [f"a condition {added[0]!r} is added"] if added else []


ORDINALS = {"first": "first", "second": "second", "third": "third", "fourth": "fourth", "fifth": "fifth",
            "last": "last", "final": "last"}
PICKING = frozenset("the a an his her its their our my your this that".split())


def _ordinal_word(found: re.Match) -> str:
    return ["first", "second", "third", "fourth", "fifth"][int(found.group(1)) - 1]


def _ordinals(text: str) -> Counter[str]:
    """The ordinals that pick one of a series after a determiner ("the last row", "the second game's", "a second
    time"), not those before a number ("the first 200": a count), a fraction's ("one fifth", "a third of", "a
    third cup"), an adverb ("Ken first spends", "First he hands") nor the unit ("30 seconds", "a second")."""
    words = [w for w in lower_words(re.sub(r"\b([1-5])(?:st|nd|rd|th)\b", _ordinal_word, text)) if w != "-"] + [""]
    # "one-third"; "the 4th night" is "the fourth night"
    return Counter(ORDINALS[w] for i, w in enumerate(words[:-1]) if w in ORDINALS
                   and i and words[i - 1] in PICKING  # "the last row"; not "Ken first spends", "one fifth"
                   and is_content(words[i + 1]) and words[i + 1] not in UNITS  # not "the first 200"
                   and not (words[i - 1] in ("a", "an") and (UNIT.fullmatch(words[i + 1])  # "a third cup"
                                                               or words[i + 1] in SHARE_OF)))  # "a third full"


def _given(text: str) -> str:
    """The statements before the question (a hint after it may name "the first puzzle")."""
    sentences = [sentence.strip() for sentence in SENTENCE.findall(text)]
    asked = next((i for i, sentence in enumerate(sentences) if sentence.endswith("?") or ASKING.match(sentence)),
                 len(sentences))
    return " ".join(sentences[:asked])


def _unnamed(said: str, original: str) -> bool:
    """Whether the first content words of `said` (up to three, in its clause) are all new to the original text."""
    named = {stem(w) for w in lower_words(original)}
    words = lower_words(said)
    words = words[:next((i for i, w in enumerate(words) if w in ".,;?!"), len(words))]
    return not any(stem(w) in named for w in [w for w in words if is_content(w)][:3])


def _elliptic_ordinals(text: str) -> Counter[str]:
    """Ordinals that pick one of a series with its noun left out: "buy one, get the second at half price"."""
    words = lower_words(text) + [""]
    return Counter(ORDINALS[w] for i, w in enumerate(words[:-1]) if w in ORDINALS and i and words[i - 1] == "the"
                   and not is_content(words[i + 1]) and words[i + 1] not in UNITS and not words[i + 1][:1].isdigit())


def _ordinals_gained(original: str, rewrite: str) -> list[str]:
    """One of a series picked where the original picked none or another: "1/5 of the plants" -> "1/5 of the
    plants in the last row", "twice the second game's" -> "twice the first game's", "$40 per hour" -> "$40 per
    hour after the first hour"; in the statements)."""
    before, after = _ordinals(_given(original)), _ordinals(_given(rewrite))
    before["second"] += lower_words(_given(original)).count("another")  # "another puzzle" -> "a second puzzle"
    before.update(_elliptic_ordinals(_given(original)))  # "get the second at half price" -> "the second shirt"
    gained = [word for word in after if after[word] > before[word]]
    return [f"{gained[0]!r} picked in the rewrite only"] if gained else []


ONE = frozenset({"one", "a", "an", "single", "1", "each", "every", "per"})  # said of one thing, or of each
# "non-refundable" is three tokens; "skip yoga" is "not take yoga"
NEGATION = frozenset({"not", "no", "never", "without", "n't", "non", "neither", "nor", "skip", "skips", "skipped",
                      "skipping", "fail", "fails", "failed"})


def _counted(text: str) -> set[str]:
    """Stems of the nouns the text's numbers count ("3 shirts" -> shirt)."""
    words = lower_words(text)
    return {stem(words[i + 1]) for i, w in enumerate(words[:-1]) if re.match(r"\$?\d", w) and is_content(words[i + 1])}


def _singles(words: list[str], nouns: set[str], strict: bool) -> Counter[str]:
    """How often each counted noun is said of one thing: "one shirt", "one of the boxes" (strict), or
    also "a shirt", "a single shirt", "each shirt"."""
    markers = {"one"} if strict else ONE
    found: Counter[str] = Counter()
    for i in range(1, len(words)):
        if stem(words[i]) not in nouns:
            continue
        before = words[max(0, i - 3):i]
        if words[i - 1] in markers or before[-2:] in ([m, "single"] for m in markers) \
                or (len(before) == 3 and before[0] in markers and before[1:] == ["of", "the"]):
            found[stem(words[i])] += 1
    return found


def _singular_changes(original: str, rewrite: str) -> list[str]:
    """"twice as much as one shirt" -> "as the shirts"; "3/4 of the seats" -> "of the seats in one row":
    a "one X" said fewer times (or a new one said more times) than the original says X of one thing."""
    nouns = _counted(original) | _counted(rewrite)
    before, after = lower_words(original), lower_words(rewrite)
    kept_before, kept_after = _singles(before, nouns, strict=False), _singles(after, nouns, strict=False)
    gone = [n for n in _singles(before, nouns, strict=True) if kept_after[n] < kept_before[n]]
    new = [n for n in _singles(after, nouns, strict=True) if kept_after[n] > kept_before[n]]
    return [f"'one {noun}' {how}" for how, found in (("is gone", gone), ("is new", new)) for noun in sorted(found)]


def _polarity(words: list[str]) -> tuple[Counter[str], Counter[str]]:
    """Per content stem: how often it is said negated ("unpaid", "not paid", "no lunch") and plainly."""
    negated: Counter[str] = Counter()
    plain: Counter[str] = Counter()
    for i, word in enumerate(words):
        if not is_content(word) or word in NEGATION:
            continue
        if word.startswith(("un", "non")) and len(word) > 5:
            negated[stem(word[3:] if word.startswith("non") else word[2:])] += 1
        elif any(w in NEGATION for w in _clause_tail(words[max(0, i - 2):i])) \
                or words[max(0, i - 2):i] == ["other", "than"]:  # "who do not, half walk": no; "other than red"
            negated[stem(word)] += 1
        else:
            plain[stem(word)] += 1
    return negated, plain


def _clause_tail(words: list[str]) -> list[str]:
    """The words after the last punctuation mark: a negation does not reach past a comma."""
    return words[clause_start(words):]


# words and their opposites (inflections listed): one said in the original only, the other in the rewrite only
OPPOSITES = [("full", "empty"), ("empty vacant unoccupied", "taken occupied filled"),
             ("fill fills filled filling", "drain drains drained draining empty empties emptied"),
             ("buy buys bought buying", "sell sells sold selling"), ("win wins won winning", "lose loses lost losing"),
             ("gain gains gained", "lose loses lost"), ("add adds added adding", "remove removes removed removing"),
             ("arrive arrives arrived", "leave leaves left"), ("borrow borrows borrowed", "lend lends lent"),
             ("deposit deposits deposited", "withdraw withdraws withdrew withdrawn"), ("profit", "loss"),
             ("open opens opened", "close closes closed"), ("first", "last"), ("before until", "after"),
             ("increase increases increased", "decrease decreases decreased"), ("entire whole", "half"),
             ("inside indoors", "outside outdoors"), ("north northbound northward", "south southbound southward"),
             ("east eastbound eastward", "west westbound westward"), ("upstream uphill", "downstream downhill"),
             ("rise rises rose rising climb climbs climbed", "drop drops dropped dropping fall falls fell falling"),
             ("faulty defective broken damaged", "good working intact undamaged")]
# pairs that cannot trade places by a change of viewpoint: one agent's "sold" is another's "bought", but a
# pipe that fills does not drain from any side, so a word of these said more often by as many times as its
# opposite is said fewer is a change even where the original says both
ONE_SIDED = [pair for pair in OPPOSITES if pair[0].split()[0] in ("full", "fill", "add", "deposit", "increase", "inside",
                                                                   "north", "east", "upstream", "rise")]
# a seat's state, said in the statements and asked from the other side ("3/5 are taken ... how many are empty")
OCCUPANCY = [("empty vacant unoccupied", "taken occupied")]
# the opposites a question may be turned to by itself ("what fraction did it win" -> "... lose"); a state is
# often asked from the other side ("to fill the empty tank" -> "until the tank is full")
ACTIONS = [pair for pair in OPPOSITES if pair[0].split()[0] in ("buy", "win", "gain", "add", "arrive", "borrow",
                                                                 "deposit", "profit", "increase")]


# one side of an opposite said another way: "the day before" is "the previous day", "the day after" "the next day"
SAID_AS = {"previous": "before", "preceding": "before", "next": "after", "following": "after"}


def _said_as(words: list[str]) -> list[str]:
    """The words with "previous", "next", ... said as "before", "after"; not "each following day", a series like
    "each day after that"."""
    return [w if words[i - 1:i] in (["each"], ["every"]) else SAID_AS.get(w, w) for i, w in enumerate(words)]


def _unasked(words: list[str]) -> list[str]:
    """The words without "after" opening a question: "after how many weeks will it reach 30 cm" asks "how many
    weeks until"; nor "after that" ("... 40 pages a day after that" is "then 40 pages a day")."""
    return [w for i, w in enumerate(words) if not (w == "after" and words[i + 1:i + 2] in (["how"], ["that"]))]


def _measures_unhalved(words: list[str]) -> list[str]:
    """The words without the "half" of a measure: "half an hour", "half a mile" is 0.5 of a unit, not the
    opposite of "the whole trip"."""
    return [w for i, w in enumerate(words) if not (w == "half" and words[i + 1:i + 2] in (["a"], ["an"])
                                                   and UNIT.fullmatch(words[i + 2] if i + 2 < len(words) else ""))]


def _opposite_flips(original: str, rewrite: str, pairs: list[tuple[str, str]] = OPPOSITES) -> list[str]:
    """"3/4 full" -> "3/4 empty", "bought" -> "sold": a word said less often, and its opposite, never in the
    original, now said (and not negated: "empty" -> "not taken" says the same); or, where the original says
    both, one side of a one-sided pair said as many times more as the other fewer ("one north, the other south"
    -> "one north, the other north"; "it is filled ... fill the empty tank" -> "another drains ... the empty tank")."""
    before, after = (Counter(_said_as(_measures_unhalved(_unasked(lower_words(text))))) for text in (original, rewrite))
    negated, _ = _polarity(lower_words(rewrite))
    flips = []
    for one, other in pairs:
        for x, y in ((one.split(), other.split()), (other.split(), one.split())):
            fewer = [w for w in x if after[w] < before[w]]
            fell = sum(before[w] - after[w] for w in x)
            traded = (one, other) in ONE_SIDED and fell > 0 and sum(after[v] - before[v] for v in y) == fell
            new = [w for w in y if after[w] > before[w] and (traded or not any(before[v] for v in y))
                   and not negated[stem(w)]]
            if fewer and new:
                flips.append(f"{fewer[0]!r} -> {new[0]!r}")
    return flips


# words that say "each one" alike: "each week ... every day" -> "every week ... each day" is no swap
QUANTIFIERS = frozenset({"each", "every", "per", "any", "all"})


PARTICLES = [{"on", "off"}, {"in", "out"}, {"up", "down"}]  # "50 get off and 30 get on" -> "50 get on and 30 get off"


def _swaps(original: str, rewrite: str) -> list[tuple[str, str]]:
    """Two words or numbers that traded places ("15 work part-time, the rest full-time" -> "15 work full-time, the
    rest part-time"; "2 cups of flour for every 3 cups of milk ... 9 cups of milk" -> "... of flour"; "$18 for the
    first 40 hours and $27 after" -> "$27 ... and $18 after"): the word-aligned texts put y where x was and x
    where y was."""
    before, after = lower_words(original), lower_words(rewrite)
    replaced = set()
    for op, a0, a1, b0, b1 in difflib.SequenceMatcher(a=before, b=after, autojunk=False).get_opcodes():
        if op == "replace" and a1 - a0 == b1 - b0:
            replaced |= {(x, y) for x, y in zip(before[a0:a1], after[b0:b1])
                         if x != y and not {x, y} & QUANTIFIERS and (is_content(x) and is_content(y)
                                                                     or (_numeral(x) and _numeral(y))
                                                                     or {x, y} in PARTICLES)}
    return sorted((x, y) for x, y in replaced if (y, x) in replaced and x < y)


def _numeral(word: str) -> bool:
    """"$18", "40", "2.5": two of these trading places swap the roles of two numbers."""
    return bool(re.fullmatch(r"\$?\d[\d,.]*%?", word))


def _negation_flips(original: str, rewrite: str) -> list[str]:
    """A word said negated in one text and only plainly in the other ("unpaid" -> "paid")."""
    (neg_a, plain_a), (neg_b, plain_b) = _polarity(lower_words(original)), _polarity(lower_words(rewrite))
    flips = [w for w in neg_a if not neg_b[w] and plain_b[w] > plain_a[w]]
    flips += [w for w in neg_b if not neg_a[w] and plain_a[w] > plain_b[w]]
    # "what fraction are not red" -> "... not blue", each a kind both texts name (not "neither white nor black" ->
    # "neither color")
    moved = sorted(w for w in neg_a if not neg_b[w] and plain_b[w]), sorted(w for w in neg_b if not neg_a[w] and plain_a[w])
    if all(moved) and not flips:
        return [f"the negation moved from '{moved[0][0]}' to '{moved[1][0]}'"]
    return [f"'{word}' negated in one text only" for word in sorted(set(flips))]
