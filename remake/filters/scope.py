"""Scope kept: the words that bind each number, and what the problem asks, survive the rewrite.

A rewrite can keep every number and still change the problem: "15 pages per minute ... 4 reports that
are 150 pages each" → "4 reports totaling 150 pages"; "18 km per hour for 2 hours" → "18 km in 2 hours";
"twice as far" → "two miles farther"; "from Monday to Friday" → "on Monday and on Friday"; "including the
driver" → "in addition to the driver"; "how much does he save" → "how much does he earn". Each of these
changes a closed class of binding words, so they are checked without a model:

- **around each number** (its clause, a few words either side): the classes rate (per, each, every,
  "a week" after a number, "a 20-minute walk"), multiplier (times, twice, double), up/down comparison (more,
  older, farther, "over 200", "beyond the first 200" / less, fewer, younger), remainder (remaining, the rest,
  left; not "and the rest are girls", which names a group), time of day (a.m. / p.m.) and a share's change
  (rise: "marked up by 25%", "rises 5%"; fall: "25% off", "a 10% discount"; said either way: "up by" =
  "higher") must be kept; a multiplier, comparison or total (in total, altogether, between them) may not be
  added, nor a price for a group ("packs of 6 for $4") be made a price each, an amount they share be paid by
  each, a total be made a difference ("together 48" -> "48 more"), or the same number be put in another unit
  of its kind ("4 weeks" -> "4 days"); what each one does may not be said of them together;
- **rate bases** (remake.filters.rates): the noun a rate is per ("per gallon", "every workday", "on weekdays",
  "three $4 notebooks") may not be replaced by another ("on weekdays" -> "on Mondays"; "each Saturday and
  each Sunday" is "each weekend day", "every weekend" is not; "each time" is "per outing"; "every year" is not
  "every 5 years"); a count may not become a percent;
- **roles**: a number may not take over the noun another number counted (3 pounds of apples and 2 of
  pears → 2 pounds of apples and 3 of pears; "3 liters ... from 2 jars" → "from 2 liters");
- **whole text** (remake.filters.wording): a range of days, months or times ("from Monday to Friday",
  "Monday through Friday") and the inclusion words (including, counting / in addition to, not counting, apart from) must be kept;
- **the asked quantity** (remake.filters.asked): the verb of what is asked (save, earn, spend, left, sell,
  ...), a total for a comparison ("together" -> "how many more"), a figure's measure (perimeter, area,
  volume) may not be swapped for another, nor the unit or noun after "how many" / "what is the" for
  another thing the problem names ("how many seats are empty" -> "how many passengers"), a time for an
  amount ("how long until" -> "how much water"), a saving for a cost;
- **how often and when** (remake.filters.wording): "every other day" and a shift to "the next day" are
  said as often in both texts; a total may not become a rate ("9 absent in total" -> "from each class"),
  nor a remainder be added next to a number ("has read 100 pages" -> "has 100 pages left").

A faithful paraphrase may add a rate word ("3 boxes, each with 5 pens"), drop "a total of", or reorder
a sentence. What it cannot see: a change with no binding word ("one shirt" → "the shirts"), an order of
steps swapped, a condition added in plain words: those are the change judge's (remake.filters.changes)."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from itertools import permutations

from remake.filters.asked import ASKED, asked_changes, asked_nouns
from remake.filters.base import Check, FilterContext, PerCandidate
from remake.filters.bound import BASE_QUALIFIERS, COMPARISONS, TOTAL, Bound, bound_numbers
from remake.filters.number_words import MEASURE
from remake.filters.numbers import matched, money, percent, quantities, same_share
from remake.filters.rates import DAY_GROUPS, DAY_PARTS, day_groups, distributed, occasions_matched, rate_bases, same_base
from remake.filters.relations import mirrored, relation_changes
from remake.filters.similarity import SENTENCE, asked_parts
from remake.filters.verdict import Candidate, check
from remake.filters.wording import wording_changes
from remake.filters.words import DIMENSIONS, is_content, lower_words, stem

GROUPS = frozenset({"dozen", "pair", "couple", "score"})  # a count of groups, not of things
CONTAINERS = frozenset("pack packet box bag bottle jar crate case carton basket tray can tin bundle".split())
WHOLE_BASES = frozenset({"total", "whole", "entire", "full", "overall"})
KEPT = ("multiplier", "up", "down", "remainder", "a.m.", "p.m.", "rise", "fall")
# a share's change said either way: "rises by 5%" = "5% higher", "25% off" = "25% less" (kept, never "added":
# "marks up a $40 jacket by 25%" -> "a $40 jacket is marked up 25%")
SAID_ALIKE = {"rise": "up", "up": "rise", "fall": "down", "down": "fall"}
# added: only a comparison where the text compared nothing ("half as many" -> "half as many more"; not
# "12 years apart ... younger" -> "12 years older"), a time of day, and a remainder ("has read 100 pages" ->
# "has 100 pages left"; no faithful rewrite of the five labelled sets adds one next to a number), and an
# exception ("3/5 are filled" -> "all but 3/5 are filled"; one lost may be said further on: "but the final one")
NOT_ADDED = ("multiplier", "up", "down", "a.m.", "p.m.", "remainder", "except")

def _fit(number: Bound, place: Bound) -> tuple[int, int, int, int, int]:
    """How well a place of the rewrite keeps a number's binding words (more is better)."""
    return (bool(place.quantity.values & number.quantity.values),  # "half" before "two" (half's loose 2)
            len(place.classes & number.classes) - len(place.classes ^ number.classes),
            place.noun == number.noun, not number.rate_after or place.sentence_rate,
            money(place.quantity) == money(number.quantity))


def _paired(original: list[Bound], rewrite: list[Bound]) -> list[tuple[Bound, Bound]]:
    """Each number of the original with the place of the rewrite that states it and keeps most of its binding
    words. A number stated more than once in both is paired one to one, the best pairing over all ("under 12
    ... all under 12" -> "over 12 ... all under 12" loses "under" once); a place is shared only where the
    rewrite states the number fewer times (that is the quantities filter's)."""
    groups: dict[tuple[int, ...], list[Bound]] = defaultdict(list)
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


def _on_counted_days(number: Bound, place: Bound, rewrite: list[Bound]) -> bool:
    """"45 minutes a day, 6 days a week" said "Six days each week she spends 45 minutes": an amount in a
    sentence that counts the days it is done on, per week, is per one of those days."""
    return bool(number.rate_base) and not place.total and any(
        other is not place and other.sentence == place.sentence and other.noun == number.rate_base and other.rate_after
        for other in rewrite)


def number_changes(original: list[Bound], rewrite: list[Bound], asked: set[str] = frozenset(),
                   named: set[str] = frozenset(), turned: bool = False) -> list[str]:
    """Binding words each number of the original lost or gained in the rewrite, swapped roles, and a bare
    number given a noun other than the one asked about ("came up with 14" -> "came up with 14 pebbles"
    in a problem asking how many coins)."""
    problems = []
    pairs = _paired(original, rewrite)
    levels = _levels(original)
    counted = {n.noun for n in original} | {n.holder for n in original}  # "120 cookies ... in boxes of 8"
    for number, place in pairs:
        # a remainder said anywhere in the number's sentence keeps it: "of the money still left, he spends a quarter"
        kept = place.classes | {SAID_ALIKE[name] for name in place.classes if name in SAID_ALIKE} \
            | ({"up"} if "again" in place.classes or place.sentence_adds or place.sentence_beyond else set()) \
            | ({"remainder"} if place.sentence_remainder else set())
        lost = [name for name in KEPT if name in number.classes and name not in kept]
        gained = [name for name in NOT_ADDED if name in place.classes and name not in number.classes | {"again"}
                  and SAID_ALIKE.get(name) not in number.classes
                  and (name not in COMPARISONS or not number.text_compares)
                  and not (name == "up" and _added(number, place))
                  and not (name == "remainder" and place.asked_remainder)]  # "how much is in it" -> "how much remains"
        if percent(number.quantity) != percent(place.quantity) and not same_share(number.quantity, place.quantity):
            (lost if percent(number.quantity) else gained).append("percent")  # "30 of the shirts" -> "30%"
        if number.rate_after and not place.sentence_rate and not place.holder and not place.of_rate \
                and not _on_counted_days(number, place, rewrite):  # "packs of 25": 25 per pack
            lost.append("rate")  # "150 pages each" -> "totaling 150 pages"
        elif number.explicit_base and place.rate_after and not same_base(place.rate_base, number.rate_base) \
                and place.rate_base not in DAY_GROUPS.get(number.rate_base or "", ()) \
                and number.rate_base not in DAY_GROUPS.get(place.rate_base or "", ()) \
                and (place.explicit_base or number.rate_base not in {o.noun for o in rewrite if o.sentence == place.sentence}):
            # the days checked by _days; a trailing "each" may be per any noun its sentence counts ("Forty
            # students go on a trip priced at $25 each")
            lost.append(f"'per {number.rate_base}'")  # "$4 a pack" -> "$4 each" (a pen)
        if number.base and place.base and place.base != number.base and place.base in named | BASE_QUALIFIERS \
                and not {number.base, place.base} <= WHOLE_BASES:  # "on the total" = "off the whole bill"
            lost.append(f"'of the {number.base}'")  # "half of the girls" -> "half of the students"; "of its
            # value" -> "of its original value"
        if number.fraction and "remainder" in place.classes and "remainder" not in number.classes:
            gained.append("remainder")  # "half of them" -> "half of the remaining": another base
        if (number.total or number.once or number.over_period or (number.for_count and not number.holder)) \
                and place.rate_after and not place.total and not number.rate_after:
            gained.append("rate")  # "9 absent in total" -> "9 absent from each class": a total made a rate; "250 g
            # for 10 servings" -> "250 g per serving" (not "packs of 6 for $4" -> "6 in each pack")
        said_total = place.clause_total and not place.asked_total and (  # not "what is the total for 3 nights?"
            number.sentence_rate and not place.sentence_rate or number.classes & {"up", "down", "multiplier"})
        if not number.sentence_total and not number.over_period and (place.total or said_total):
            gained.append("total")  # "each hen lays 5 eggs" -> "the hens lay 5 eggs between them"; "each dog
            # eats 2 cups in the morning" -> "together the dogs eat 2 cups in the morning"
        if number.total and not place.total and (place.classes - number.classes) & {"up", "down"}:
            problems.append(f"{number.quantity.text} is a difference instead of a total")  # "together 48" -> "48 more"
        elif number.total and not (number.fraction or number.opens or number.total_noun) \
                and not (place.total or place.clause_total or place.sentence_total):
            lost.append("total")  # "together they have 60 books" -> "Sara has 60 books" (not "25% off the total",
            # "a coupon for $2 off her total", "Two boats leave together")
        if turned and place.classes & {"up", "down"}:  # a comparison said from the other side: older -> younger
            lost, gained = [n for n in lost if n not in ("up", "down")], [n for n in gained if n not in ("up", "down")]
        problems += _limit_flipped(number, place)
        if number.monetary != place.monetary:  # "apples at 4 for $3" -> "at 3 for $4"
            problems.append(f"{number.quantity.text} is {'a count' if number.monetary else 'money'} in the rewrite")
        if number.holder and not place.holder and place.next_noun == number.holder:  # "groups of 5" -> "5 groups"
            problems.append(f"{number.quantity.text} counts the {number.holder}s instead of the size of each")
        elif place.holder and not number.holder and number.next_noun == place.holder:
            problems.append(f"{number.quantity.text} is the size of each {place.holder} instead of their count")
        was, now = _counted(number), _counted(place)
        if was and now and was != now and {was, now} in levels and now != place.rate_base:  # "fourteen to a row"
            problems.append(f"{number.quantity.text} counts {now}s instead of {was}s")  # "9 seats" -> "9 rows"
        elif _retargeted(number, place, original, rewrite) or _unit_made_thing(number, place, named):
            # "from 2 jars" -> "from 2 liters"; "for 2 km" -> "for 2 laps"
            problems.append(f"{number.quantity.text} counts {place.next_noun}s instead of {number.next_noun}s")
        elif number.next_noun != place.next_noun and any({number.next_noun, place.next_noun} <= units
                                                         for units in DIMENSIONS):  # "in 4 weeks" -> "in 4 days"
            problems.append(f"{number.quantity.text} is in {place.next_noun}s instead of {number.next_noun}s")
        elif place.next_noun in GROUPS and number.next_noun not in GROUPS:  # "180 eggs" -> "180 dozen"
            problems.append(f"{number.quantity.text} counts {place.next_noun}s instead of {number.next_noun or 'ones'}")
        elif _packed(number, place):  # "15 notebooks" -> "15 packs of notebooks", or the other way round
            problems.append(f"{number.quantity.text} counts {place.next_noun}s instead of {number.next_noun}s")
        if number.each_noun and place.each_noun and place.each_noun != number.each_noun \
                and place.each_noun in counted:  # "each cookie" where "120 cookies" are counted
            problems.append(f"{number.quantity.text} is for each {place.each_noun} instead of each {number.each_noun}")
        if place.past_number and not number.past_number:
            problems.append(f"{number.quantity.text} now counts what lies past another number")  # "46 hours" ->
            # "46 hours over 40"
        if place.each_of and not number.each_of and not number.text_distributes and not number.rate_after:
            problems.append(f"{number.quantity.text} is now 'each of' them")  # "a recipe for 4 people uses 300 g" ->
            # "300 g for each of 4 people"
        if _each_for_shared(number, place):  # "they split a $9 salad equally" -> "each pays $9 for a salad"
            each, shared = "each one's", "shared by them"
            now_shared = "shared" in place.classes
            problems.append(f"{number.quantity.text} is {shared if now_shared else each} in the rewrite, "
                            f"{each if now_shared else shared} in the original")
        if lost or gained:
            said = [f"lost {', '.join(lost)}"] * bool(lost) + [f"gained {', '.join(gained)}"] * bool(gained)
            problems.append(f"{number.quantity.text} {' and '.join(said)} words")
        if number.bare and not number.container and not money(number.quantity) and not percent(number.quantity) \
                and place.next_noun and asked \
                and place.next_noun not in asked | number.nearby | {"ratio", "proportion"}:  # "in a 3 to 5 ratio"
            problems.append(f"{number.quantity.text} now counts {place.next_noun}, not {', '.join(sorted(asked))}")
    for (one, one_place), (two, two_place) in ((a, b) for i, a in enumerate(pairs) for b in pairs[i + 1:]):
        if one.noun and two.noun and one.noun != two.noun and one_place.noun == two.noun \
                and two_place.noun == one.noun:
            problems.append(f"{one.quantity.text} and {two.quantity.text} swapped what they count "
                            f"({one.noun}, {two.noun})")
    return problems


def _counted(number: Bound) -> str | None:
    """What a number counts: "8 boxes of pencils" counts boxes (its noun is what they hold)."""
    return number.holds[0] if number.holds else number.noun


def _limit_flipped(number: Bound, place: Bound) -> list[str]:
    """A number past which something applies made one up to which it does, or the other way round: "each text
    over 200" -> "each text up to 200"."""
    if number.beyond and place.within and not place.beyond:
        return [f"{number.quantity.text} is a limit up to which it applies instead of past which"]
    if place.beyond and number.within and not number.beyond:
        return [f"{number.quantity.text} is a limit past which it applies instead of up to which"]
    return []


def _once_a_day(lost: list[str], gained: list[str]) -> bool:
    """Rate bases that say the same once a day: "every morning ... every evening" -> "each day ... in the morning
    ... in the evening"."""
    said = {*lost, *gained}
    return "day" in said and said <= {"day", *DAY_PARTS}


def _added(number: Bound, place: Bound) -> bool:
    """A number added to something in the original, said with "more" in the rewrite: "adds 3 books" -> "puts 3 more
    books", "another 3 hours" -> "3 more hours", "half his age plus 3 years" -> "3 years older than half his age"
    (not "3 more than Ana": a comparison)."""
    return ("again" in number.classes or number.sentence_adds) and (not place.than or place.than_amount)


def _each_for_shared(number: Bound, place: Bound) -> bool:
    """An amount shared by several that each one pays in the rewrite, or the other way round."""
    one, other = ("shared" in number.classes, "shared" in place.classes)
    return (one and not other and (place.each_before or place.each_sentence) and not place.shared_apart) \
        or (other and not one and number.each_before and not number.shared_apart)


def _retargeted(number: Bound, place: Bound, original: list[Bound], rewrite: list[Bound]) -> bool:
    """A number that now measures in the unit another number of the original measured, its own noun counted by
    none of the rewrite's numbers: "3 liters ... from 2 jars" -> "from 2 liters"."""
    others = {other.next_noun for other in original if other is not number}
    return bool(number.next_noun and place.next_noun and MEASURE.fullmatch(place.next_noun)
                and not MEASURE.fullmatch(number.next_noun) and place.next_noun in others
                and number.next_noun not in {other.next_noun for other in rewrite})


def _packed(number: Bound, place: Bound) -> bool:
    """The same things counted one by one in one text and by their packs in the other."""
    was, now = number.next_noun, place.next_noun
    return bool(was and now and was != now and (was in CONTAINERS) != (now in CONTAINERS) and number.noun == place.noun)


def _unit_made_thing(number: Bound, place: Bound, named: set[str]) -> bool:
    """A measure in a unit now a count of a thing the problem names: "400 seconds for 2 km" -> "for 2 laps"."""
    return bool(number.next_noun and place.next_noun and number.next_noun != place.next_noun
                and MEASURE.fullmatch(number.next_noun) and not MEASURE.fullmatch(place.next_noun)
                and place.next_noun in named)


def _levels(numbers: list[Bound]) -> list[set[str]]:
    """The things the original counts that hold one another: "12 rows of seats", "12 markers in each box", "36
    chairs in rows of 6"."""
    held = [set(n.holds) for n in numbers if n.holds]
    held += [{n.holder, o.noun} for n in numbers if n.holder for o in numbers
             if o is not n and o.sentence == n.sentence and o.noun and o.noun == o.next_noun != n.holder]
    return held + [{n.noun, n.rate_base} for n in numbers if n.noun and n.explicit_base and n.rate_base
                   and n.rate_base != n.noun and not MEASURE.fullmatch(n.rate_base)]


def text_changes(original: str, rewrite: str) -> list[str]:
    """The whole texts' wording (remake.filters.wording), and rate bases: "per gallon" -> "per mile"."""
    problems = wording_changes(original, rewrite) + relation_changes(original, rewrite)
    before, after = day_groups(rate_bases(original)), day_groups(rate_bases(rewrite))
    # a base counts as lost (gained) when the rewrite says it not at all, or two or more times fewer (more); once
    # fewer is a restatement: "$18 an hour ... $27 an hour for every hour after" -> "$18 hourly ... $27 for each
    # extra hour" (each number's own base is checked above)
    lost, gained = occasions_matched(+(before - after) - Counter(set(after)), +(after - before) - Counter(set(before)))
    if lost and gained and not _once_a_day(lost, gained):
        problems.append(f"a rate is per {', '.join(gained)} instead of per {', '.join(lost)}")
    # "each plant produces 5" -> "each row produces 5", where rows are counted too
    named = {stem(word) for word in lower_words(original)}
    before, after = distributed(original), distributed(rewrite)
    gone, new = before - after, {noun for noun in after - before if noun in named}
    if gone and new and not (lost and gained):
        problems.append(f"'each {', '.join(sorted(new))}' instead of 'each {', '.join(sorted(gone))}'")
    problems += _share_verbs_changed(original, rewrite)
    # "Each employee works 8 hours" -> "Together the employees work 8 hours"
    collective = sorted(noun for noun in gone if _together(rewrite, noun) and not _together(original, noun))
    if collective:
        problems.append(f"what each {', '.join(collective)} does is said of them together")
    return problems


# what a share of an amount may be said to be done with: "saves 25% of his earnings" -> "spends 25%" is another
# share of them (not "sells" / "buys": one side's sale is the other's purchase)
SHARE_VERBS = ("save", "spend", "give", "eat")


def _share_verbs(text: str) -> dict[float, set[str]]:
    """Each share the statements give (a percent or a fraction), with the verb groups of its sentence."""
    found: dict[float, set[str]] = defaultdict(set)
    for sentence in SENTENCE.findall(text):
        if sentence.strip().endswith("?"):
            continue
        groups = {name for name in SHARE_VERBS if re.search(ASKED[name], sentence.lower())}
        for quantity in quantities(sentence):
            if quantity.kind == "quantity" and (percent(quantity) or max(quantity.values) < 1):
                found[min(quantity.values)] |= groups
    return found


def _share_verbs_changed(original: str, rewrite: str) -> list[str]:
    """A share now said of another action: "He saves 25% of his earnings" -> "He spends 25% of his earnings"."""
    before, after = _share_verbs(original), _share_verbs(rewrite)
    return [f"the share {value:g} is what is {', '.join(sorted(after[value]))}, not {', '.join(sorted(before[value]))}"
            for value in sorted(before.keys() & after.keys())
            if before[value] and after[value] and not before[value] & after[value]]


def _together(text: str, noun: str) -> bool:
    """Whether a statement about the noun says it in total ("together the employees work")."""
    return any(TOTAL.search(sentence.lower()) and noun in {stem(w) for w in lower_words(sentence)}
               for sentence in SENTENCE.findall(text) if not sentence.strip().endswith("?"))


def check_scope(candidate: Candidate, words: bool) -> Check:
    asked = asked_nouns(asked_parts(candidate.question)[-1].lower())
    named = {stem(word) for word in lower_words(candidate.question) if is_content(word)}  # what the problem names
    turned = mirrored(candidate.question, candidate.rewrite)
    problems = (number_changes(bound_numbers(candidate.question, words), bound_numbers(candidate.rewrite, words), asked, named,
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
