"""Each number of a problem text with what binds it: the classes of words around it (rate, multiplier,
comparison, remainder, time of day), whether a rate follows it and what the rate is per, the noun it counts,
a share's base, a container's size, and its sentence's rate and total words. What the scope filter
(remake.filters.scope) compares between an original and its rewrite."""

from __future__ import annotations

import re

from remake.filters.number_words import DENOMINATORS, MEASURE, MULTIPLIERS
from remake.filters.numbers import Quantity, money, percent, quantities
from remake.filters.rates import (
    OCCASIONS,
    RATE,
    base_after,
    group_priced,
    on_days,
    per_compound,
    priced_before,
    priced_item,
    priced_per,
    to_each,
)
from remake.filters.shares import share_base
from remake.filters.words import CLAUSE_END, COMPLEMENT, CONNECTIVES, REMAINDER, UNIT, clause_start, is_content, stem, tokens

BEFORE, AFTER = 3, 5  # words either side of a number that bind it, within its clause and up to another number
# a share of the original, initial or whole amount is a share of another base than "of its value"
BASE_QUALIFIERS = frozenset({"original", "initial", "starting", "first", "whole", "full", "total", "old", "former",
                             "previous"})
TOTAL = re.compile(r"\b(?:total|totals|totaling|totalling|totaled|altogether|combined|in all|(?<!distance )between them|"
                   r"add(?:s|ed)? up to|sums? to|summed to|the sum of|"
                   r"together|overall)\b")
TOTAL_NOUN = re.compile(r"\b(?:the|her|his|their|its|your|my|our|a) total\b(?! (?:of|number|amount|cost)\b)")
# classes of binding words, read in the lower-cased words around a number: lost or gained, the number's
# meaning changed ("3 times as many" -> "3 more", "1 p.m." -> "1 a.m.")
CLASSES = {
    "multiplier": r"\b(?:times|twice|double|doubles|doubled|triple|triples|tripled|thrice|quadruple|quadrupled)\b",
    "up": r"\b(?:more(?! of\b)|older|taller|longer|farther|further|heavier|bigger|larger|greater|higher|faster|above|"
          r"at least|minimum|no less than|(?:\w+'s|his|her|their|my|your) senior|senior (?:by|to)|pricier|costlier|"
          r"dearer)\b",  # "her senior by 5 years", not "each senior pays"
    "down": r"\b(?:less|fewer|younger|shorter|lighter|smaller|lower|cheaper|slower|under|below|at most|"
            r"no more than|maximum|(?:\w+'s|his|her|their|my|your) junior|junior (?:by|to))\b",
    # "6 more get on" = "another 6 board": an up word for "up"; "30 more of the shirts" adds to a count
    "again": r"\b(?:another|extra|additional|more of|next)\b",  # "for the next 3 hours" = "for 3 more hours"
    # "the rest", not "a 30-second rest"
    "remainder": REMAINDER,
    # a cost shared by several, not paid by each: "they split a $9 salad equally"
    "shared": r"\b(?:split|splits|share|shares|shared|sharing|divide|divides|divided|equally|evenly)\b",
    # what is not the share: "all but 3/5 of the seats are filled" leaves 3/5 empty
    "except": r"\b(?:all but|all except|except|excepting|but the (?:last|final|first)|apart from|save for)\b",
    "a.m.": r"(?<!\w)(?:a\.m\.|am)(?!\w)",
    "p.m.": r"(?<!\w)(?:p\.m\.|pm)(?!\w)",
}
# comparison words that bind the number right before them ("3 more hours", "5 fewer")
COMPARING = frozenset({"more", "fewer", "less", "extra", "additional"})
ADDS = re.compile(r"\b(?:add|adds|added|plus)\b")
# a change by a share: "marked up by 25%", "rises by 5%", "a 10% discount", "25% off" (the share's, not the price's)
CHANGED_BY = {"rise": re.compile(r"\b(?:(?:goes|go|went|gone) up|up by|marks? up|marked up|rises?|rose|risen|raises?|"
                                 r"raised|increases?|increased|grows?|grew|growth|gains?|gained|appreciates?|"
                                 r"appreciated|profit|markup)\b"),
              "fall": re.compile(r"\b(?:(?:goes|go|went|gone) down|down by|marks? down|marked down|discount|discounted|"
                                 r"off|falls?|fell|drops?|dropped(?! off)|cuts?(?! into)|decreases?|decreased|reduced|"
                                 r"reduction|loses?|lost|depreciates?|depreciated)\b")}
CLOCK_AM, CLOCK_PM = re.compile(r"in the morning\b"), re.compile(r"in the (?:afternoon|evening)\b|at night\b")
MONEY_WORDS = frozenset({"dollar", "dollars", "cent", "cents", "euro", "euros"})
ONCE = re.compile(r"\b(?:one - time|one time|once|single)\b")
# "3/7 are boys and the rest are girls": the rest named as another group, no share taken of a remainder
PARTITION = re.compile(r"\b(?:and|but|while) (?:all )?the (?:rest|remainder|others|remaining)\b")
# "over 200", "beyond the first 200": a count past which something applies (not "over 3 days", "the past year",
# "hands over three $100 bills")
PAST = frozenset({"over", "beyond", "past", "after"})
PASSED = [["over"], ["beyond"], ["past"], ["above"]]
# what lies past a number said after it: "the first 100 texts are free and each text beyond them costs 10 cents"
BEYOND_THEM = re.compile(r"\b(?:beyond|past|after|over) (?:them|that|those|this|it)\b")
# a number up to which something applies: "each text up to 200" ("the first 100 texts" may be what is free)
WITHIN_LIMIT = re.compile(r"\b(?:up to|at most|no more than|within|under|below)$")
SPREAD = frozenset("equal even installment installments payment payments part parts portion portions monthly weekly "
                   "daily yearly".split())
HANDED = frozenset("hand hands handed handing turn turns turned give gives gave pass passes passed take takes took "
                   "bring brings brought send sends sent the for".split())
DURATION = re.compile(r"(?:second|minute|hour|day|night|morning|afternoon|evening|week|weekend|weekday|workday|month|"
                      r"year)s?")
# "350 texts in a month": the period; "18 km to a lake": a place; "two-thirds of a cup": a share's measure; not rates
WITHIN = re.compile(r"\b(?:in|within|of|to|from|into|onto|toward|towards|near) an? \w+")
ASKS_REMAINDER = re.compile(r"\bhow (?:many|much) (?:\w+ ){0,2}(?:remain|remains|is left|are left|is still|are still)\b")
# comparison words just before a number are that number's, not the one before it
LEADS = re.compile(r"\b(?:at least|at most|no more than|no less than|more than|less than|fewer than|up to|over|under|"
                   r"above|below|a minimum of|a maximum of|(?:marked |marks |mark )?(?:up|down)(?: by)?)$")  # "marked up 50%"
COMPARISONS = ("multiplier", "up", "down")
DISTRIBUTES = re.compile(r"\b(?:each|every|per|apiece)\b")
DISTRIBUTIVE = frozenset({"each", "every", "all", "both", "any", "some", "most", "many", "few", "none"})
# the question's comparison, not the number's after it: "how much more does 4 liters cost in small bottles"
ASKED_COMPARISON = re.compile(r"\b(?:much|many) (?:more|less|fewer)(?= (?:does|do|did|will|would|is|are|was|were)\b)")

class Bound:
    """A number of one text with what binds it: the classes of words around it, whether a rate follows it
    ("15 pages per minute", "$12 each"), the noun it counts, and its sentence's rate and total words."""

    def __init__(self, quantity: Quantity, words: list[str], first: int, last: int, numbers: set[int]):
        self.quantity = quantity
        begin, end = self._span(words, first, last, numbers)
        # "spends $90 altogether on 3 shirts": the total word right after another number is that number's
        window = words[begin + (begin - 1 in numbers and bool(TOTAL.fullmatch(words[begin]))):end + 1]
        next_number = next((i for i in range(last + 1, min(len(words), last + 4)) if i in numbers), None)
        if end + 1 in numbers and words[end + 1] != "one":  # "$12 more than one shirt": the 12's "more"
            window = LEADS.sub("", " ".join(window)).split()  # "$40 a month for at least 6": "at least" is the 6's
        if words[first - 1:first] == ["than"] and any(i in numbers for i in range(first - 5, first - 1)):
            window = words[first:end + 1]  # "3 years older than half of his age": the comparison is the 3's
        said = ASKED_COMPARISON.sub(" ", PARTITION.sub(" ", " ".join(window)))
        if _added_more(words, first, last, window):
            said = re.sub(r"\bmore\b", "another", said, count=1)
        # a clock's "a.m." is the number's just before it: in "from 8 a.m. to 2 p.m." the 2 is not a.m.
        just_after = " ".join(words[last + 1:last + 3])
        self.classes = {name for name, pattern in CLASSES.items()
                        if re.search(pattern, just_after if name in ("a.m.", "p.m.") else said)}
        share = percent(quantity) or (0 < min(quantity.values, default=1.0) < 1 and quantity.text[:1].isalpha())
        if share:  # "up by 25%", "25% off", "a 10% discount", "down by a quarter" (not "grows 0.5 m")
            near = " ".join(words[begin:first] + _share_tail(words, last, numbers))
            self.classes |= {name for name, pattern in CHANGED_BY.items() if pattern.search(near)}
        multiplier = re.fullmatch(CLASSES["multiplier"] + "|time and a half", quantity.text.lower())
        if multiplier or words[last + 1:last + 3] in (["to", "one"], ["to", "1"]):
            self.classes.add("multiplier")  # "twice" is a multiplier, "two" is not; "three to one" is one
        if words[first - 1:first] in ([":"], ["at"], ["from"], ["until"], ["till"], ["by"]):
            # "9:15 in the morning", "from 8 in the morning" are a.m.; not "40 in the morning"
            clock = " ".join(words[last + 1:last + 4])
            self.classes |= {name for name, pattern in (("a.m.", CLOCK_AM), ("p.m.", CLOCK_PM)) if pattern.match(clock)}
        self.classes |= _compared_by(words, first)  # "its length exceeds its width by 8 cm"
        shift = words[last + 1:last + 3]  # "3 hours later": not "a year later for 25% less"
        self.classes |= {name for name, word in (("up", "later"), ("down", "earlier")) if word in shift}
        # "each text over 200": what lies past the number; "6 hours after the first": past a first one
        self.beyond = _past(words, first, last) or _past_the_first(words, last)
        self.past_number = any(i + 1 in numbers and _same_count(words, last, i + 2) for i in range(last + 1, last + 4)
                               if words[i:i + 1] in PASSED)  # "46 hours over 40", not "240 cans over 4 weeks"
        self.than = "than" in window  # "3 more than Ana": a comparison, not an addition
        # "3 years older than half of his age": compared with an amount worked out, which the original may add to
        self.than_amount = self.than and any(i in numbers or words[i] in MULTIPLIERS
                                             for i in range(last + 1, min(len(words), last + 6))
                                             if "than" in words[last + 1:i])
        self.within = bool(WITHIN_LIMIT.search(" ".join(words[max(0, first - 3):first])))  # "up to 200"
        if self.beyond:
            self.classes.add("up")
        clause = self._around(words, first, last, numbers, reach=len(words))
        self.clause_total = bool(TOTAL.search(" ".join(clause)))
        # "three 12-hour shifts": the count's words are past the compound
        tail = last + 3 if last + 1 in numbers and per_compound(words, last + 1) else last
        after = words[tail + 1:tail + 1 + AFTER]
        after = after[:_clause(after)]
        cut = next((k for k, i in enumerate(range(tail + 1, tail + 1 + len(after))) if i in numbers), len(after))
        after = after[:cut]
        if any(i in numbers for i in range(tail + 1 + cut, tail + 3 + cut)):
            after = _unbound(after)  # the words just before the next number may be its
        priced = money(quantity)
        self.rate_after = bool(RATE.search(WITHIN.sub(" ", " ".join(after)))) or to_each(after) is not None \
            or any(on_days(after[i:i + 3]) for i in range(len(after))) \
            or (priced and (priced_per(after) or priced_item(words, first, last, numbers)))
        self.rate_base, self.explicit_base = base_after(after, words[tail + 1 + len(after):tail + 5 + len(after)],
                                                         _noun_before(words, first), priced)
        compound = per_compound(words, last)
        if compound:  # "three 12-hour shifts each week": 12 hours a shift
            self.rate_after, self.rate_base, self.explicit_base = True, compound, True
        group = group_priced(words, first) if priced and not self.explicit_base else None
        if group:
            self.rate_base, self.explicit_base = group, True  # "packs of 6 for $4": $4 a pack
        elif priced and not self.explicit_base and (item := priced_before(words, first)):
            self.rate_base, self.explicit_base = item, True  # "sells each bag for $5": $5 a bag
        # where a rate word would be this number's ("12-hour shifts each week": the shifts' rate, not the 12's)
        self.after = set(range(tail + 1, last + 4 if compound else tail + 1 + len(after)))
        # "8 per box": no noun of its own said (box is what it is per)
        self.noun = None if RATE.fullmatch(words[tail + 1] if tail + 1 < len(words) else "") else \
            next((stem(w) for w in words[tail + 1:tail + 4] if is_content(w) and not RATE.fullmatch(w)), None)
        if self.noun and UNIT.fullmatch(self.noun) and words[last + 2:last + 3] == ["of"]:
            self.noun = next((stem(w) for w in words[last + 3:last + 5] if is_content(w)), self.noun)  # 3 pounds of apples
        # "12 rows of seats", "18 boxes of markers": a thing and what each one holds (not "250 g of butter")
        outer, of, inner, beyond = (words[last + 1:last + 5] + ["", "", "", ""])[:4]
        inner = beyond if inner[:1].isdigit() else inner  # "three boxes of 12 pens"
        self.holds = (stem(outer), stem(inner)) if of == "of" and all(
            w.isalpha() and is_content(w) and not MEASURE.fullmatch(stem(w)) and len(w) > 2 for w in (outer, inner)) \
            else None
        self.bare = last + 1 >= len(words) or words[last + 1] in CLAUSE_END  # "came up with 14."
        # "bags of 8": the size of a container, which a rewrite may name ("bags that hold 8 cookies each")
        self.container = first >= 2 and words[first - 1] == "of" and is_content(words[first - 2]) \
            and words[first - 2] not in DISTRIBUTIVE  # not "each of 4 people"
        # "groups of 5" (not "a tax of 10%": a share, said "10% tax")
        self.holder = stem(words[first - 2]) if self.container and not priced and not percent(quantity) else None
        self.each_of = ["each", "of"] in (words[max(0, first - 2):first], words[max(0, first - 3):first - 1])
        # "for every 2 cakes" is per two, not each one
        self.per_group = words[first - 1:first] in (["every"], ["per"])
        self.text_distributes = False  # set by bound_numbers: "each", "per" anywhere in the text
        following, beyond = (words[tail + 1:tail + 3] + ["", ""])[:2]
        verb = beyond in ("a", "an", "the") or beyond[:1] in "$0123456789" and beyond != ""  # "200 costs an extra"
        self.next_noun = stem(following) if is_content(following) and following not in CONNECTIVES and not verb \
            else None
        self.nearby = {stem(w) for w in words[max(0, first - 2 * BEFORE):first]}  # "a dress for $60", "ratio of 63:90"
        start = max((i for i in range(first) if words[i] in ".?!"), default=-1) + 1
        stop = min((i for i in range(last, len(words)) if words[i] in ".?!"), default=len(words))
        sentence = " ".join(words[start:stop + 1])
        self.sentence = range(start, stop + 1)
        self.opens = first == start  # "Two boats leave together": the sentence's subject
        # "What is the total for staying 3 nights?": the total is what is asked, not said of the 3
        # "how many liters remain after one day?": a remainder the question asks, not one said of the number
        self.asked_remainder = sentence.endswith("?") and bool(ASKS_REMAINDER.search(sentence))
        self.asked_total = sentence.endswith("?") and bool(TOTAL.search(" ".join(words[start:first])))
        self.sentence_remainder = bool(re.search(CLASSES["remainder"], sentence) or re.search(COMPLEMENT, sentence))
        self.each_before = "each" in words[begin:first]  # "each pays $9": each one's amount
        # "sells each box for $5": the price is per box
        self.each_noun = next((stem(words[i + 1]) for i in range(begin, first - 1) if words[i] == "each"
                               and words[i + 1].isalpha() and is_content(words[i + 1])), None)
        self.each_sentence = words[start:start + 1] == ["each"]  # "Each of 6 friends pays $8 for pizza and a $12 tip"
        self.sentence_beyond = bool(BEYOND_THEM.search(sentence))  # "the first 100 free, 10 cents each beyond them"
        self.sentence_adds = bool(ADDS.search(sentence))  # "double her age, add four years": 4 more than twice
        self.sentence_rate = False  # set by bound_numbers: a rate word in the sentence that no other number owns
        self.of_rate = False  # set by bound_numbers: a share of the next number, which is a rate
        self.shared_apart = False  # set by bound_numbers: a sentence without numbers says they are shared
        self.sentence_total = bool(TOTAL.search(sentence))
        additive = _added_mores(words, numbers | set(range(first, last + 1)))
        compared = " ".join(w for i, w in enumerate(words) if i not in additive)
        self.text_compares = any(re.search(CLASSES[name], compared) for name in COMPARISONS)
        self.total = bool(TOTAL.search(" ".join(window))) and not sentence.endswith("?")
        self.total_noun = bool(TOTAL_NOUN.search(" ".join(window)))  # "$2 off her total": the bill, no sum
        near = words[max(0, first - 6):first]  # "a one-time cleaning fee of $25": not per night
        self.once = bool(ONCE.search(" ".join(near[clause_start(near):] + window)))
        # "240 cans in 4 weeks": a total over a period, not a rate; "4 for $3": a count, "$4": money
        self.over_period = next_number is not None and words[next_number - 1] in ("in", "over", "during", "within") \
            and not any(w in CLAUSE_END for w in words[last + 1:next_number])
        # "250 g of sugar for 10 servings", "4 for $5": an amount for a count, not a rate
        ahead = next((i for i in range(last + 1, min(len(words), last + 6)) if i in numbers), None)
        self.for_count = ahead is not None and words[ahead - 1] == "for" \
            and not any(w in CLAUSE_END for w in words[last + 1:ahead])
        self.monetary = priced or bool(set(words[last + 1:last + 3]) & MONEY_WORDS)  # "a twenty-dollar bill"
        self.fraction = 0 < min(quantity.values, default=1.0) < 1  # half, 3/4, 40%: a share of some base
        self.base = share_base(words, last) if self.fraction else None

    @staticmethod
    def _around(words: list[str], first: int, last: int, numbers: set[int], reach: int = 0) -> list[str]:
        """The words around a number, `BEFORE` before and `AFTER` after it (or `reach` either side), within
        its clause and up to another number."""
        start, stop = Bound._span(words, first, last, numbers, reach)
        return words[start:stop + 1]

    @staticmethod
    def _span(words: list[str], first: int, last: int, numbers: set[int], reach: int = 0) -> tuple[int, int]:
        start = first
        while start > 0 and first - start < (reach or BEFORE) and words[start - 1] not in CLAUSE_END \
                and start - 1 not in numbers:
            start -= 1
        if start - 1 in numbers and start < first and words[start] in COMPARING:
            start += 1  # "3 more hours at 80 km/h": the "more" is the 3's
        stop = last
        while stop + 1 < len(words) and stop - last < (reach or AFTER) and words[stop + 1] not in CLAUSE_END \
                and stop + 1 not in numbers:
            stop += 1
        return start, stop


def _share_tail(words: list[str], last: int, numbers: set[int]) -> list[str]:
    """The words after a share up to its clause's end: "25% off", "a fifth is taken off" (not "and then
    discounted 20%", the next share's)."""
    tail = []
    for i in range(last + 1, min(last + 4, len(words))):
        if i in numbers or words[i] in CLAUSE_END or words[i] in ("and", "then", "but"):
            break
        tail.append(words[i])
    return tail


def _same_count(words: list[str], last: int, following: int) -> bool:
    """Whether the number before `following` counts what the number ending at `last` counts, or nothing named."""
    said = words[following] if following < len(words) else ""
    return not is_content(said) or stem(said) == stem(words[last + 1] if last + 1 < len(words) else "")


def _unbound(words: list[str]) -> list[str]:
    """The words before the next number without those that bind it: "8 shirts and sells each for $25": the
    "each" is the price's, not the 8's."""
    while words and words[-1] in ("for", "at", "costs", "cost", "is", "was"):
        words = words[:-1]
    return words[:-1] if words and words[-1] in ("each", "every", "per") else words


def _added_more(words: list[str], first: int, last: int, window: list[str]) -> bool:
    """"... 25% of them before noon and 18 more after noon": "more" adds to what was said ("another 18"), it
    compares with nothing (no "than"; "Tom has 5 and Jerry has 3 more" compares: a verb before the 3)."""
    return words[last + 1:last + 2] == ["more"] and words[first - 1:first] in (["and"], ["then"]) \
        and "than" not in window and not _share_word(words[last])


def _share_word(word: str) -> bool:
    """The end of a share ("25%", "a third", "3/4"): "and 25% more" compares with what was said, it adds no
    count."""
    return word.endswith(("%", "percent")) or "/" in word or word in DENOMINATORS

# a difference given after "by": "its length exceeds its width by 8 cm", "she trails him by 3 points"
EXCEEDS = {"up": re.compile(r"\b(?:exceeds?|exceeded|surpass(?:es|ed)?|outnumbers?|outnumbered)\b"),
           "down": re.compile(r"\b(?:trails?|trailed|short of|falls? short|fell short)\b")}


def _compared_by(words: list[str], first: int) -> set[str]:
    if words[first - 1:first] != ["by"]:
        return set()
    before = words[max(0, first - 7):first - 1]
    before = before[clause_start(before):]
    return {name for name, pattern in EXCEEDS.items() if pattern.search(" ".join(before))}


def _added_mores(words: list[str], numbers: set[int]) -> set[int]:
    """Where "more" adds to what was said ("and 10 more on Tuesday"): these compare nothing."""
    return {i + 1 for i in numbers if words[i + 1:i + 2] == ["more"] and words[i - 1:i] in (["and"], ["then"])
            and "than" not in words[i + 2:i + 5] and not _share_word(words[i])}


def _past(words: list[str], first: int, last: int) -> bool:
    """A number past which something applies: "each text over 200", "hours beyond the first 40"."""
    at = first - 1 - 2 * (words[max(0, first - 2):first] == ["the", "first"])
    if at < 1 or words[at] not in PAST or words[at - 1] in HANDED or not is_content(words[at - 1]):
        return False  # "the past 2 weeks", "for over 3 hours", "hands over", "Over 6 mornings,"
    if words[at] == "after" and at == first - 1:
        return False  # "after 3 hours": a time, unless "after the first 200"
    # "over 5 days", "over five school days", "over 6 equal monthly installments": a span, not a count past which
    # something applies
    return not any(DURATION.fullmatch(word) or word in SPREAD or stem(word) in OCCASIONS
                   for word in words[last + 1:last + 3])  # "120 points over 6 games"


def _past_the_first(words: list[str], last: int) -> bool:
    """A count of what comes past a first one, said after the number: "parks 6 hours after the first", "3
    hours beyond the first 40" (not "reads 20 pages after the first chapter": a time)."""
    for at in range(last + 1, min(len(words), last + 4)):
        if words[at] in PAST | {"besides"} and words[at + 1:at + 3] in (["the", "first"], ["the", "initial"]):
            following = (words[at + 3:at + 4] + [""])[0]
            return not following.isalpha() or following in ("one", "ones") or stem(following) == stem(words[last + 1])
        if not words[at].isalpha() or not is_content(words[at]):
            return False
    return False


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


def bound_numbers(text: str, words: bool) -> list[Bound]:
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
    numbers = [Bound(q, lowered, first, last, taken - set(range(first, last + 1))) for q, first, last in spans]
    rates = {i for i, w in enumerate(lowered) if RATE.fullmatch(w)
             or (w in ("a", "an") and RATE.match(" ".join(lowered[i:i + 3])))}  # "a week", "a whole year"
    rates |= {last + 1 + at for _, _, last in spans if (at := to_each(lowered[last + 1:last + 5])) is not None}
    rates |= {i for i in range(len(lowered)) if on_days(lowered[i:i + 3])}  # "on weekdays": every weekday
    # "a 20-minute walk": the length of each one; "eight-hour days": so many hours per day
    rates |= {last + 1 for _, first, last in spans if lowered[last + 1:last + 2] == ["-"] and (
              lowered[first - 1:first] in (["a"], ["an"], ["each"], ["every"]) or per_compound(lowered, last))}
    rates |= {last + 1 for q, first, last in spans if money(q) and (priced_per(lowered[last + 1:last + 3])
                                                                     or priced_item(lowered, first, last, taken))}
    # "They share the whole amount evenly.": a sentence with no number of its own shares them all
    starts = [0] + [i + 1 for i, w in enumerate(lowered) if w in ".?!"]
    shared = any(re.search(CLASSES["shared"], " ".join(lowered[a:b])) and not taken & set(range(a, b))
                 for a, b in zip(starts, starts[1:] + [len(lowered)]))
    distributes = bool(DISTRIBUTES.search(" ".join(lowered)))
    for number, (_, _, last) in zip(numbers, spans):
        number.shared_apart = shared
        number.text_distributes = distributes and not number.per_group
        # "10% of the $400 he earns each week": a share of an amount per week is per week
        number.of_rate = lowered[last + 1:last + 2] == ["of"] and any(
            other.rate_after for other, (_, first, _) in zip(numbers, spans) if last + 2 <= first <= last + 3)
        # "2 servings of 40 g of cereal every day": the size's rate is the servings' too
        owned = set().union(*(other.after for other in numbers if other is not number
                              and not (other.holder and other.holder in (number.noun, number.next_noun)))) & rates
        number.sentence_rate = any(i in number.sentence and i not in owned for i in rates)
    return numbers
