"""What the question asks, read without a model: the group of its verb (save, earn, spend, left, ...), the
noun or unit it counts ("how many kilometers" -> "how many meters"), the time it asks about
(remake.filters.asked_when) and the person ("how old is Tom" -> "how old is his son"). Part of the scope filter
(remake.filters.scope)."""

from __future__ import annotations

import re

from remake.filters.asked_part import part_changes
from remake.filters.asked_when import when_changes
from remake.filters.number_words import MEASURE
from remake.filters.similarity import asked_parts, question
from remake.filters.words import AUXILIARIES, DIMENSIONS, UNIT, UNIT_NOUNS, is_content, stem

# what a question may ask for; a rewrite asking in another group asks for another quantity
ASKED = {
    "save": r"\b(?:save|saves|saved|saving|savings|put away|puts away)\b",
    "earn": r"\b(?:earn|earns|earned|earning|earnings|income|wage|wages|make|makes|made|making|sales|revenue|"
            r"takings)\b",  # "sales in dollars" is what was made
    "profit": r"\b(?:profit|profits|net gain|net income)\b",  # what is earned less what is spent
    "spend": r"\b(?:spend|spends|spent|spending|pay|pays|paid|paying|payment|cost|costs|price|"
             r"(?:sell|sells|sold) for)\b",  # "what does the jacket sell for" asks its price
    "left": r"\b(?:left|remain|remains|remaining|the rest|still have|still has|still needs?|leftover|keep|keeps|kept|take-home|"
            r"take home|takes home|(?:is|are) (?:still )?(?:in|inside) (?:the|it|her|his|their))\b|"  # what she
    # keeps of her pay is what is left of it; "how much water is in the tank after a day" is what is left
            r"\b(?:much|what|the|in|his|her|their|any) change\b(?! (?:in|of)\b)",  # the money back is what is left
    "sell": r"\b(?:sell|sells|sold)\b(?! for\b| in\b)|\b(?:selling|sales?)\b",  # "sold in 1.5-liter bottles": how it
    # comes, not a sale
    "buy": r"\b(?:buy|buys|bought|buying|purchase|purchases|purchased)\b",
    "give": r"\b(?:give|gives|gave|given|giving|donate|donates|donated|hand|hands|handed)\b",
    "eat": r"\b(?:eat|eats|ate|eaten|eating)\b",
    "height": r"\b(?:tall|taller|height)\b", "grow": r"\b(?:grow|grows|grew|grown|growth)\b",  # "how tall will it be"
    # -> "how much will it have grown"
    "lose": r"\b(?:leak|leaks|leaked|leaking|drain|drains|drained|spill|spills|spilled|evaporates?|evaporated|"
            r"lose|loses|lost)\b",  # "how much has leaked out" asks what is gone, not what is left
    "need": r"\b(?:need|needs|needed|require|requires|required)\b",
    "discard": r"\b(?:throw away|throws away|thrown away|threw away|discard|discards|discarded|waste|wasted)\b",
    "average": r"\b(?:average|mean)\b",
    "total": r"\b(?:total|altogether|in all|combined|sum|together)\b",
    "perimeter": r"\bperimeter\b", "volume": r"\bvolume\b|\bcubic\b",  # one figure, three measures, said by
    "area": r"\barea\b|\bsquare (?:meter|metre|foot|feet|yard|inch|mile|kilometer|centimeter|km|cm|m|ft)s?\b",  # unit
    "compare": r"\bhow (?:many|much) (?:more|fewer|less|farther|further|older|younger|taller|heavier|bigger|cheaper)\b|"
               r"\bdifference\b|\b(?:more|fewer|less) (?:\w+ ){0,2}than\b|"
               r"\bby how (?:many|much)\b",  # "by how many votes did the zoo win"; "how much farther" (not "longer":
    # "how much longer until it is full" asks the time left)
}
DURATION_ASKED = re.compile(r"\bhow long\b|\bhow much (?:\w+ )?time\b|"
                            r"\bhow many (?:\w+ )?(?:seconds|minutes|hours|days|weeks|months|years)\b|"
                            r"^\W*when\b|\bwhen (?:will|would|does|do|did|is|are|was|were|can|could)\b|\bwhat time\b|"
                            r"\bhow soon\b")  # not "how many day staff", nor "does it hold when full"
AMOUNT_ASKED = re.compile(r"\bhow (?:many|much)\b")
LENGTH_ASKED = re.compile(r"\b(?:long|length|far|distance)\b")
# pay as a noun after its owner or period is what is earned ("what is her pay for the week")
EARNED_PAY = re.compile(r"\b(his|her|their|my|your|its|weekly|monthly|daily|hourly|total|gross|net|take-home) pay\b")
# a target reached as a state ("until it has 210 liters") or as an amount added ("until 210 liters have been added")
HOLDS_TARGET = r"\b(?:has|have|holds|hold|contains|contain|reach|reaches|is at)\s+\$?{}"
ADDED_TARGET = r"\$?{}\s+(?:\w+\s+){{0,2}}(?:have been|has been|are|is)?\s*(?:added|saved|collected|poured in|put in)\b|" \
               r"\b(?:saved|added|collected|earned)\s+(?:another\s+|an extra\s+|a further\s+)?\$?{}"
# how many are needed rounds up, how many can be filled rounds down: "how many boxes are needed to pack 100
# bottles" (13) -> "how many boxes can be filled completely" (12)
AT_LEAST = re.compile(r"\b(?:need|needs|needed|require|requires|required|necessary|at least|minimum|fewest)\b")
AT_MOST = re.compile(r"\b(?:completely|fully)\b|\bhow many (?:full|whole|complete)\b|\b(?:can|could) (?:\w+ ){0,2}"
                     r"(?:fill|filled|made|make|complete|completed|packed|pack)\b")
CAPPED = re.compile(r"\bno more (?:\w+ )?than (?:\w+ )?(?:needs?|needed|wants?)\b")
FULL = re.compile(r"\b(?:is|are|becomes|gets) full\b|\bfill (?:it|them|the \w+)\b")
MORE_AMOUNT = re.compile(r"\b\d[\d,.]* more\b")
AVERAGE_RATE = re.compile(r"\baverage (?:speed|rate|pace|price|cost)\b")
MEAN_OF = re.compile(r"\b(?:average|mean) of (?:the |its |their |his |her )?(?:\w+ )?(?:speeds|rates|paces|prices|costs)\b")
# an area's or volume's unit (not "square tiles")
SQUARED = re.compile(r"\b(square|cubic|sq)\.? (?=(?:meter|metre|m|cm|mm|km|feet|foot|ft|inch|inches|in|yard|yd|mile|"
                     r"kilometer|centimeter|millimeter|unit)s?\b)")
# a preposition ends what is asked ("what is her total over two weeks"); a generic noun or a comparison names no
# thing or unit ("how many more cookies" asks for cookies)
PREPOSITIONS = frozenset("over in on at for during after before from to with by of per".split())
GENERIC = frozenset("total amount number sum count value figure score more fewer less extra additional net overall".split())
# what a faithful question keeps in some words: a saving or profit is a difference, never said otherwise
KEPT_ASKED = frozenset({"save", "profit"})
HOW_MANY = re.compile(r"\b(?:how many|how much|what number of|number of)\s+((?:\w+\s+){0,1}\w+)", re.IGNORECASE)
# "what is its perimeter", "what is the total cost": the noun after what is asked
WHAT_IS = re.compile(r"\bwhat (?:is|are|was|were|will be) (?:the|its|his|her|their|your) ((?:\w+\s+){0,1}\w+)")
PRICED = re.compile(r"\bhow much (?:does|do|did|will|would) (?:a|an|one|each|the|a single) (\w+) cost\b")  # "one piece"
MEASURED = re.compile(r"\bhow (?:many|much) \w+ of (\w+)")  # "how many liters of juice" -> juice
PEOPLE = frozenset("son daughter brother sister father mother dad mom wife husband friend cousin uncle aunt "
                   "grandmother grandfather grandma grandpa boss teacher neighbor neighbour".split())
MONEY = frozenset({"dollar", "cent", "euro", "pound", "money"})
# a share asked where the whole was ("how much is left over" -> "how much does each friend get back"), and a
# time before something ("how much did she pay" -> "how much did she pay before the refund")
SHARE = re.compile(r"\b(?:does|do|did|will|would|can|could|should|must) each\b|\beach (?:one|person)\b|"
                   r"\bis each (?:\w+ )?(?:payment|installment|share|part|portion)\b|"  # "how much is each monthly payment"
                   r"\bper (?:person|head)\b|\bapiece\b|\b(?:for|on|in|to|from) each \w+\s*\?")  # "... for each wall?"
# a part of what was asked ("the last 3 hours", "the first three hours"), or the whole of it
PART_OF = re.compile(r"\b(?:first|last|final) (?:\d+|two|three|four|five|six|seven|eight|nine|ten)\b")
WHOLE = re.compile(r"\b(?:whole|entire)\b")
# a question that asks for part of something: "how many more days", "how many are left" ("how many kilograms
# does she harvest" -> "what is the whole harvest" asks the same)
PARTIAL = re.compile(r"\b(?:more|left|remain\w*|rest|still|after)\b|\bthe (?:first|last)\b")  # not "will it last"
# one leg of a trip: "how long does the ride home take" asks less than "how long does the trip take"
LEG = re.compile(r"\b(?:(?:ride|drive|walk|trip|way|journey|flight|run|swim) (?:home|back|there)|"
                 r"(?:return|outbound) (?:trip|journey|leg|ride|drive|flight)|the return)\b")
# a question about several people ("how much do they save together")
GROUP = re.compile(r"\b(?:they|them|their|both|we|us|our|everyone|everybody)\b|"
                   r"\bthe (?:two|three|four|five|six)\b(?! (?:of \w+ )?(?:\w+ )?(?:one|thing|item)s?\b)")  # "do the three have"
# a period's amount asked: "how much will he pay each month" (where the question asked the total)
EACH_PERIOD = re.compile(r"\b(?:each|per|every) (hour|day|week|month|year)\b")
# the verb after a question's auxiliary and one-word subject: "how many meters does it climb" -> climb
ASKED_VERB = re.compile(r"\b(?:does|do|did|will|would|can|could) (?:(?:the|his|her|its|their) )?\w+ (\w+)")
IF_CLAUSE = re.compile(r"(?:\bif|(?<=\w )(?:when|once))\b[^,?]*(?:,|(?=\?))")  # a condition, not what is asked
IN_UNIT = re.compile(rf"\bin ((?:{UNIT_NOUNS})s?|dollars|cents|kilometers|meters|minutes|hours)\b", re.IGNORECASE)

def asked_changes(original: str, rewrite: str) -> list[str]:
    """What the question asks: its verb group and the noun or unit it counts."""
    asked, offered = asked_parts(original)[-1].lower(), " ".join(asked_parts(rewrite)).lower()
    asked, offered = (EARNED_PAY.sub(r"\1 earnings", text) for text in (asked, offered))  # "her pay" is earned
    groups = [{name for name, pattern in ASKED.items() if re.search(pattern, IF_CLAUSE.sub(" ", text))}
              for text in (asked, offered)]  # "if Lucy needs 20 apples, how much must she spend": she spends
    problems = []
    lost, gained = groups[0] - groups[1], groups[1] - groups[0]
    # a total asked for what is paid or earned ("how much does she pay" -> "what is her total bill") asks the same
    # a difference asked where the original asked an amount ("how many does Kate have" -> "how many more")
    differs = "compare" in gained and re.search(ASKED["compare"], asked_parts(rewrite)[-1].lower())
    if (lost or differs) and gained and not (gained == {"total"} and lost <= {"spend", "earn", "need"}) \
            and not (gained == {"buy"} and lost == {"need"}):  # "how many bottles do they need" -> "must they buy"
        problems.append(f"asks '{', '.join(sorted(gained))}' instead of '{', '.join(sorted(lost)) or 'an amount'}'")
    elif _first_group(asked) in lost & KEPT_ASKED and not gained and not DURATION_ASKED.search(asked):
        # "how much is saved by paying yearly" -> "how much does a year cost when paying yearly": a difference
        # asked no more, though the other verb was in the question already
        problems.append(f"no longer asks '{_first_group(asked)}'")
    elif "average" in gained and not re.search(ASKED["average"], original.lower()):
        problems.append("asks an average the problem never names")  # "over the weekend" -> "each day on average"
    elif "compare" in lost and re.search(r"\bthan\b|\bdifference\b", asked):
        # "how many more voted for the zoo than for the museum" -> "how many voted for the zoo" (not "how many
        # more evenings" -> "how many additional evenings")
        problems.append("asks an amount instead of a difference")
    now_asked = question(rewrite).lower()  # the rewrite's question sentence, read once
    problems += when_changes(original, asked, offered, now_asked) + _person_asked(original, rewrite) \
        + _turned_round(asked, now_asked) + _money_asked(asked, now_asked) \
        + _extent_asked(asked, now_asked) + _duration_asked(asked, now_asked) + part_changes(original, asked, now_asked) \
        + _target_asked(asked, offered) + _measure_asked(asked, now_asked) \
        + _rounding_asked(asked, now_asked) + _mean_of_rates(asked, now_asked) + _priced_asked(original, asked, now_asked) \
        + _condition_set_aside(asked, now_asked)
    if "total" in lost and not gained:
        problems += _one_of_them(original, rewrite) + _each_period(asked, now_asked)
    if "total" in gained and not lost:
        problems += _all_of_them(original, rewrite)
    nouns = [asked_nouns(text) for text in (asked, offered)]
    units = {noun for noun in _heads(asked) if UNIT.fullmatch(noun) or noun in MONEY}  # not "evening members"
    # "how many kilometers" -> "how many meters"; a noun made of the unit says it ("miles" -> "mileage")
    # "how many liters are left" -> "how much water remains": a mass asked without its unit, named by the problem
    mass = "how much" in offered and not any(UNIT.fullmatch(noun) or noun in MONEY for noun in nouns[1]) \
        and nouns[1] & _stems(original.lower()) and {stem(w) for w in MEASURED.findall(asked)} <= _stems(offered)
    if units and mass:
        return problems
    # "how many meters does it climb" -> "what is its net climb": the asked verb, named as a noun, is the measure
    verbs = {stem(verb) for verb in ASKED_VERB.findall(asked)}
    things = {noun for noun in nouns[1] if not _names_asking(noun)} - verbs
    if units and things:  # (not "what were its sales", which names what is asked by its verb)
        if not any(noun.startswith(unit) or {noun, unit} <= MONEY for noun in things for unit in units):
            problems.append(f"asks for {', '.join(sorted(nouns[1]))} instead of {', '.join(sorted(units))}")
    elif nouns[0] and not nouns[0] & _stems(offered) and not (nouns[0] <= {"area", "volume"} and SQUARED.search(offered)):
        # (an area asked by its unit: "what is its area" -> "how many square meters does it cover")
        # "how many seats are empty" -> "how many passengers are on the bus": another thing the problem
        # names is counted (a unit, a measure or a synonym of the asked thing is let be)
        # a container the problem counts is a thing, not a unit: "how many more cookies" -> "how many more boxes"
        containers = {stem(w) for w in re.findall(r"\b\d[\d,.]*\s+([a-z]+)", original.lower())
                      if not MEASURE.fullmatch(stem(w)) and not any(stem(w) in units for units in DIMENSIONS)} \
            | {stem(w) for pair in re.findall(r"\b([a-z]+) of \d|\binto (?:a |an |the )?([a-z]+)", original.lower())
               for w in pair if w}
        # "pieces of 4 m", "cut into pieces" are counted
        others = {noun for noun in nouns[1] if (not UNIT.fullmatch(noun) or noun in containers) and noun not in MONEY
                  and not _names_asking(noun)} & _stems(original.lower()) - verbs
        if others:
            problems.append(f"asks about {', '.join(sorted(others))} instead of {', '.join(sorted(nouns[0]))}")
    return problems


def _names_asking(noun: str) -> bool:
    """Whether a noun names what is asked by its verb ("sales", "savings"), not a thing counted."""
    return any(re.search(pattern, noun) for pattern in ASKED.values())


def _first_group(asked: str) -> str | None:
    """The group of the first asking verb: "how much is saved by paying yearly" asks what is saved."""
    found = [(match.start(), name) for name, pattern in ASKED.items() if (match := re.search(pattern, asked))]
    return min(found)[1] if found else None


def _persons(question: str) -> set[str]:
    """Who a question is about: a name (a capitalised word past the first) or a kin or role noun."""
    said = re.findall(r"[A-Za-z]+(?:'s)?", question)
    # "how old is Ben's son": the son is asked about, not Ben
    words = [w.removesuffix("'s") for i, w in enumerate(said)
             if not (w.endswith("'s") and i + 1 < len(said) and stem(said[i + 1].lower()) in PEOPLE)]
    return {w.lower() for i, w in enumerate(words) if (i and w[0].isupper() and w != "I") or stem(w.lower()) in PEOPLE}


def _person_asked(original: str, rewrite: str) -> list[str]:
    """The question now asks about another person of the problem: "how old is Tom" -> "how old is his son"."""
    before, after = _persons(asked_parts(original)[-1]), _persons(asked_parts(rewrite)[-1])
    named = {w.lower().removesuffix("'s") for w in re.findall(r"[A-Za-z]+(?:'s)?", original)}
    others = (after - before) & named
    if before - after and others:
        return [f"asks about {', '.join(sorted(others))} instead of {', '.join(sorted(before - after))}"]
    return []


def _target_asked(asked: str, offered: str) -> list[str]:
    """A target asked as a state, now as an amount added, or the other way round: "how many minutes until it
    has 210 liters" -> "until 210 liters have been added" (what it had at the start no longer counts)."""
    for number in re.findall(r"\d[\d,.]*\d|\d", asked):
        held = [bool(re.search(HOLDS_TARGET.format(re.escape(number)), text)) for text in (asked, offered)]
        added = [bool(re.search(ADDED_TARGET.format(re.escape(number), re.escape(number)), text))
                 for text in (asked, offered)]
        if (held[0] and added[1] and not added[0] and not held[1]) or (added[0] and held[1] and not held[0]
                                                                      and not added[1]):
            return [f"asks for {number} {'added' if added[1] else 'held'} instead of "
                    f"{'held' if added[1] else 'added'}"]
    if FULL.search(asked) and not FULL.search(offered) and (more := MORE_AMOUNT.search(offered)) \
            and not MORE_AMOUNT.search(asked):  # "until it is full" -> "until 80 more liters are in it"
        return [f"asks until {more.group(0)!r} instead of until it is full"]
    return []


def _mean_of_rates(asked: str, offered: str) -> list[str]:
    """The mean of the rates asked where the whole trip's average rate was: "what is its average speed" -> "what is
    the average of its two speeds" (an average speed weighs each speed by its time)."""
    if AVERAGE_RATE.search(asked) and MEAN_OF.search(offered) and not MEAN_OF.search(asked):
        return ["asks the mean of the rates instead of the average rate"]
    return []


def _measure_asked(asked: str, offered: str) -> list[str]:
    """An area or volume asked where a length was: "how many meters of fence" -> "how many square meters"."""
    said = [set(SQUARED.findall(_from_asking(text))) for text in (asked, offered)]
    new = said[1] - said[0] if not re.search(r"\b(?:area|volume|surface)\b", asked) else set()  # "what is the area"
    return [f"asks for {', '.join(sorted(new))} units instead of plain ones"] if new else []


def _from_asking(question: str) -> str:
    """The question from its asking word on: "if a liter covers 10 square meters, how many liters ..." asks no
    square unit."""
    asking = re.search(r"\b(?:how|what)\b", question)
    return question[asking.start():] if asking else question


def _rounding_asked(asked: str, offered: str) -> list[str]:
    """How many can be completed (rounded down) asked where the question asked how many are needed (rounded up),
    or the other way round."""
    for need, can, what in ((asked, offered, "how many can be completed instead of how many are needed"),
                            (offered, asked, "how many are needed instead of how many can be completed")):
        if AT_LEAST.search(need) and not AT_LEAST.search(can) and AT_MOST.search(can) and not AT_MOST.search(need):
            return [f"asks {what}"]
    if CAPPED.search(offered) and not CAPPED.search(asked):  # "whole bags" -> "whole bags and no more than she needs"
        return ["asks for no more than is needed (rounded down)"]
    return []


def _duration_asked(asked: str, offered: str) -> list[str]:
    """A time asked, now an amount: "how long does it take to collect 300 liters" -> "how much water leaks out
    while it collects 300 liters" (a length asked as "how many meters long" is the same)."""
    if DURATION_ASKED.search(asked) and not DURATION_ASKED.search(offered) and AMOUNT_ASKED.search(offered) \
            and not LENGTH_ASKED.search(offered):
        return ["asks an amount instead of a time"]
    return []


def _extent_asked(asked: str, offered: str) -> list[str]:
    """How much of it the question asks about: each one's share where it asked the whole or the other way round,
    a part ("the last 3 hours") or the whole ("the whole book") where it asked neither."""
    if SHARE.search(offered) and not re.search(r"\b(?:each|per|apiece|every)\b", asked):
        return ["asks for each one's share instead of the whole"]
    if SHARE.search(asked) and not re.search(r"\b(?:each|per|apiece|every)\b|\b(?:does|do) (?:one|a single) \w+ cost\b",
                                             offered):  # "how much does each tie cost" = "what does one tie cost"
        return ["asks for the whole instead of each one's share"]  # "does each friend get" -> "in all"
    if PART_OF.search(offered) and not PART_OF.search(asked):
        return [f"asks about {PART_OF.search(offered).group(0)!r} only"]  # "the whole trip" -> "the last 3 hours"
    if bool(LEG.search(offered)) != bool(LEG.search(asked)):
        return ["asks about one leg of the trip instead of the whole" if LEG.search(offered) else
                "asks about the whole trip instead of one leg"]
    if WHOLE.search(offered) and not WHOLE.search(asked) and not re.search(ASKED["total"], asked) \
            and PARTIAL.search(asked):
        return [f"asks about the {WHOLE.search(offered).group(0)}"]  # "how many more days" -> "the whole book"
    return []


def _one_of_them(original: str, rewrite: str) -> list[str]:
    """The question asked for several people's total and asks about one of them: "how much do they save
    together" -> "how much does her brother save"."""
    asked, offered = asked_parts(original)[-1], question(rewrite)
    named = {w.lower().removesuffix("'s") for w in re.findall(r"[A-Za-z]+(?:'s)?", original)}
    one = _persons(offered) & named
    if GROUP.search(asked.lower()) and len(one) == 1 and not GROUP.search(offered.lower()):
        return [f"asks about {next(iter(one))} alone instead of them all"]
    return []


def _priced_asked(original: str, asked: str, offered: str) -> list[str]:
    """The price of another thing the problem names asked: "how much does one piece cost" -> "one pack"."""
    before, after = ({stem(w) for w in PRICED.findall(text)} for text in (asked, offered))
    others = (after - before) & _stems(original.lower())
    if before and others and not before & after:
        return [f"asks the price of a {', '.join(sorted(others))} instead of a {', '.join(sorted(before))}"]
    return []


# a condition of the problem set aside by the question: "how much would 4 nights cost without the offer"
SET_ASIDE = re.compile(r"\b(?:without|ignoring|excluding|not counting|apart from) (?:the|any|its|his|her|their|this|"
                       r"that) \w+")


def _condition_set_aside(asked: str, offered: str) -> list[str]:
    found = SET_ASIDE.search(offered)
    return [f"asks {found.group(0)!r}, setting aside what the problem gives"] if found and not SET_ASIDE.search(asked) \
        else []


def _all_of_them(original: str, rewrite: str) -> list[str]:
    """The question asked about one person and asks for them all together: "how many stickers does Grace have"
    -> "how many stickers do the three have together"."""
    asked, offered = asked_parts(original)[-1], question(rewrite)
    named = {w.lower().removesuffix("'s") for w in re.findall(r"[A-Za-z]+(?:'s)?", original)}
    one = _persons(asked) & named
    if len(one) == 1 and not GROUP.search(asked.lower()) and not _persons(offered) & one and GROUP.search(offered.lower()):
        return [f"asks about them all instead of {next(iter(one))} alone"]
    return []


def _each_period(asked: str, offered: str) -> list[str]:
    """A total asked as each period's amount: "how much rent will he pay in total next year" -> "each month next
    year"."""
    period = EACH_PERIOD.search(offered)
    if period and not re.search(r"\b(?:each|per|apiece|every)\b", asked):
        return [f"asks for each {period.group(1)}'s amount instead of the total"]
    return []


def _turned_round(asked: str, offered: str) -> list[str]:
    """The question turned round: what it asked is now given and what was given is asked ("how many eggs for
    40 pancakes" -> "how many pancakes with 40 eggs")."""
    before, after = ({head for head in _heads(text) if head not in MONEY} for text in (asked, offered))
    counted = {stem(noun) for noun in re.findall(r"\b\d[\d,.]*\s+([a-z]+)", asked + " " + offered)}  # "40 pancakes"
    before, after = before & counted, after & counted
    if before and after and not before & after and before & _stems(offered) and after & _stems(asked):
        return [f"asks for {', '.join(sorted(after))}, given {', '.join(sorted(before))}: the question turned round"]
    return []


def _money_asked(asked: str, offered: str) -> list[str]:
    """A count asked now asked as money: "how many chocolates does each friend get" -> "how much do they cost"; or
    money asked as a count ("how much does gas cost" -> "how many gallons of gas does it use")."""
    paid = ASKED["spend"] + "|" + ASKED["earn"] + r"|\bmoney\b"
    for one, other, said in ((asked, offered, "money instead of {}"), (offered, asked, "{} instead of money")):
        counted = {stem(noun) for noun in re.findall(r"\bhow many (\w+)", one)} - MONEY
        if counted and "how many" not in other and re.search(r"\bhow much\b", other) and re.search(paid, other) \
                and not re.search(paid, one):
            return [f"asks for {said.format(', '.join(sorted(counted)))}"]
    return []


def _stems(text: str) -> set[str]:
    return {stem(word) for word in re.findall(r"[a-z]+", text)}


def _heads(question: str) -> set[str]:
    """The nouns asked for, without their modifiers: "how many evening members" -> member."""
    found = set()
    for nouns in _asked_words(question):
        # after a plural noun, the next word is the verb: "how many students ride bikes" asks for students
        plural = len(nouns) > 1 and stem(nouns[0]) != nouns[0]
        found |= {stem(nouns[0] if plural else nouns[-1])} if nouns else set()
    return found | {stem(match.group(1)) for match in IN_UNIT.finditer(question)}


def _asked_words(question: str) -> list[list[str]]:
    """The content words after "how many" / "what is the", none where a verb comes first ("how many does Kim
    have": the thing counted is left unsaid)."""
    said = [match.group(1).split() for pattern in (HOW_MANY, WHAT_IS) for match in pattern.finditer(question)]
    # a word past the first that says the asked action is a verb, not the noun: "how many liters remain"
    said = [words[:1] + [w for w in words[1:] if not any(re.fullmatch(p, w) for p in ASKED.values())]
            for words in said]
    said = [words[:next((i for i, w in enumerate(words) if w in PREPOSITIONS), len(words))] for words in said]
    return [[word for word in words if is_content(word) and word not in AUXILIARIES | GENERIC] for words in said
            if words and words[0] not in AUXILIARIES]


def asked_nouns(question: str) -> set[str]:
    found = {stem(word) for words in _asked_words(question) for word in words}
    return found | {stem(match.group(1)) for match in IN_UNIT.finditer(question)}
