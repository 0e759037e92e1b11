"""Which way the problem's relations run, read without a model: who is compared with whom, which step comes
first, and which part of a group the question is about. Part of the scope filter (remake.filters.scope).

A rewrite can keep every number and every binding word and still turn a relation around:

- **a comparison's direction**: "Tom is twice as old as his sister" -> "Tom's sister is twice as old as he
  is": the thing compared becomes the thing it is compared with;
- **the order of steps**: "sells a quarter of them and then buys 10 more" -> "buys 10 more and then sells a
  quarter of them": a share taken before or after a change is a share of another amount;
- **the part asked about**: "how many desks are in the open classrooms" -> "... in the school's classrooms":
  the word that picks the part of a group the question counts (said only in the question) is gone;
- **who holds which number**: "Tom and Ana have 18 and 24 stickers respectively" -> "24 and 18";
- **which kind is asked**: "how many good toys" -> "how many faulty toys", where the problem says some are faulty;
- **which kind a number counts**: "12 red balls and 8 blue balls. If 4 red balls are removed" -> "if 4 blue
  balls are removed": a number now counts the kind another number of the original counted.

A faithful restatement may say a comparison without "as"/"than" ("Tom's age is double hers"), tell the steps
in order without "then", or keep the qualifier anywhere ("the classrooms that are still open")."""

from __future__ import annotations

import re

from remake.filters.number_words import UNITS
from remake.filters.numbers import Quantity, matched, quantities
from remake.filters.similarity import SENTENCE, asked_parts
from remake.filters.words import AUXILIARIES, is_content, lower_words, stem

COMPARED = re.compile(r"\b(?:times|twice|double|triple|half|more|less|fewer|older|younger|taller|shorter|longer|"
                      r"heavier|lighter|bigger|smaller|faster|slower|farther|further|cheaper)\b")
JOINED = frozenset("and but while whereas so".split())  # ", and Lucy owns twice as many": a clause of its own
PRONOUNS = frozenset("he she it they him her them we us you i his hers its theirs who which that".split())
POSSESSIVE = frozenset("his her its their my our your".split())
THEN = re.compile(r"\b(?:and then|then|after that|afterwards|later)\b")
# words that pick a part of a group without naming a number ("the open classrooms", "the red ones")
RESPECTIVELY = re.compile(r"\brespectively\b", re.IGNORECASE)
HOW_MANY_KIND = re.compile(r"\bhow many ([a-z]+) ([a-z]+)")
NOT_QUALIFIERS = frozenset("many much more less few fewer total whole entire same other each every all".split())


def relation_changes(original: str, rewrite: str) -> list[str]:
    return _comparisons_reversed(original, rewrite) + _comparisons_retargeted(original, rewrite) \
        + _transfers_reversed(original, rewrite) + _respectively_swapped(original, rewrite) \
        + _steps_reversed(original, rewrite) \
        + _qualifiers_dropped(original, rewrite) + _kind_dropped(original, rewrite) + _kind_swapped(original, rewrite) \
        + _kinds_traded(original, rewrite) + _measure_renamed(original, rewrite) + _ratio_turned(original, rewrite) \
        + _ratio_terms_swapped(original, rewrite) + _compared_made_base(original, rewrite) \
        + _running_made_fixed(original, rewrite)


def _comparisons(text: str) -> list[tuple[str, str, str | None]]:
    """(comparing word, subject, object) of each clause that compares with "as"/"than": "Tom is twice as old as his
    sister" -> (twice, tom, sister); "A is younger than B" = "B is older than A", so only the same
    word is compared. The subject is the first noun of the comparison's clause ("Ken owns 14, and
    Lucy owns twice as many" -> lucy), a possessive names its noun ("Tom's sister" -> sister), a name after a
    kin noun is who it is ("her cousin Max" -> max); a pronoun object is None."""
    found = []
    for sentence in SENTENCE.findall(text):
        words = lower_words(sentence)
        names = {w.lower() for w in re.findall(r"(?<!^)\b[A-Z][a-z]+\b", sentence.strip())}
        # "twice as many as Carl, and Carl has 15 more than Dan"; "Cy has 9 and Ben has three times as many"
        cuts = [0] + [i + 1 for i, w in enumerate(words[:-1]) if w == ";" or (w == "," and words[i + 1] in JOINED)
                      or (w in JOINED and words[i + 1] in names and words[i + 2:i + 3] not in (["combined"], ["together"]))]
        for begin, end in zip(cuts, cuts[1:] + [len(words)]):
            found += _clause_comparison(words[begin:end], names)
    return found


def _clause_comparison(words: list[str], names: set[str]) -> list[tuple[str, str, str | None]]:
    at = next((i for i, w in enumerate(words) if COMPARED.fullmatch(w)), None)
    if at is None:
        return []
    joins = [i for i in range(at + 1, len(words)) if words[i] in ("as", "than")]
    subject = next((_named(words, i, names) for i in range(at) if is_content(words[i])
                    and not words[i].endswith("'s") and words[i] not in PRONOUNS and not words[i][:1].isdigit()), None)
    relative = next((i for i in range(at - 1, 0, -1) if words[i] in ("who", "which")), None)
    said_of = [i for i in range(relative or 0) if is_content(words[i]) and words[i] not in PRONOUNS]
    if relative and said_of:  # "Kevin and his sister, who is 4 years younger than him": the sister is compared
        subject = _named(words, said_of[-1], names)
    if not joins or subject is None:
        return []
    after = words[joins[-1] + 1:]
    after = [w for i, w in enumerate(after) if (is_content(w) or w in PRONOUNS)
             and not (w in POSSESSIVE and i + 1 < len(after) and is_content(after[i + 1]))]  # "as his sister"
    target = None if not after or after[0] in PRONOUNS else _named(after, 0, names)
    return [(words[at], subject, target)]


def _named(words: list[str], at: int, names: set[str]) -> str:
    """The noun at `at`, or the name right after it ("cousin Max" -> max)."""
    following = words[at + 1] if at + 1 < len(words) else ""
    return following if following in names and words[at] not in names else stem(words[at].removesuffix("'s"))


OPPOSITE = {"older": "younger", "more": "fewer", "taller": "shorter", "longer": "shorter", "heavier": "lighter",
            "bigger": "smaller", "faster": "slower", "farther": "closer"}
OPPOSITE |= {b: a for a, b in OPPOSITE.items()} | {"less": "more"}


def mirrored(original: str, rewrite: str) -> bool:
    """A comparison said from the other side with the opposite word ("Jenna is 4 years older than her
    brother" -> "her brother is 4 years younger than she is"): the same fact."""
    return any(word in OPPOSITE and new_word == OPPOSITE[word] and new_subject == target
               for word, _, target in _comparisons(original) for new_word, new_subject, _ in _comparisons(rewrite))


def _comparisons_reversed(original: str, rewrite: str) -> list[str]:
    """A comparison (the same word) whose subject is now what the original compared it with."""
    before = _comparisons(original)
    subjects = {subject for _, subject, _ in before}
    return [f"the comparison of {subject} with {target} now runs the other way"
            for word, subject, target in before for new_word, new_subject, _ in _comparisons(rewrite)
            if target and new_word == word and new_subject == target and target not in subjects]


def _comparisons_retargeted(original: str, rewrite: str) -> list[str]:
    """A comparison (the same word, the same subject) now made with another thing the original names: "twice as
    many stamps as Carl" -> "twice as many stamps as Dan"."""
    before, after = _comparisons(original), _comparisons(rewrite)
    compared = {one for _, subject, target in before for one in (subject, target)}  # "as Dan": compared elsewhere
    return [f"{subject} is now compared with {new_target}, not {target}"
            for word, subject, target in before for new_word, new_subject, new_target in after
            if target and new_target and new_word == word and new_subject == subject and new_target != target
            and new_target in compared and (word, subject, target) not in after]


# "4 times as many chickens": the chickens are what is compared; "4 times as many as his chickens": what it is
# compared with
AS_MANY = r"\b(?:times|twice|half|double|triple|thrice) as (?:many|much) "
COMPARED_THING = re.compile(AS_MANY + r"(?!as\b)([a-z]+)")
COMPARED_WITH = re.compile(AS_MANY + r"as (?:the |his |her |their |its |my |our )?([a-z]+)")


def _compared_made_base(original: str, rewrite: str) -> list[str]:
    """What a multiple counts made what it is a multiple of, or the other way round: "36 cows and 4 times as many
    chickens" -> "36 cows, 4 times as many as his chickens"."""
    found = [[{stem(w) for w in pattern.findall(text.lower())} for pattern in (COMPARED_THING, COMPARED_WITH)]
             for text in (original, rewrite)]
    (thing, base), (new_thing, new_base) = found
    return [f"{noun} is what the multiple is of, not what it counts" for noun in sorted((thing & new_base) - new_thing)] \
        + [f"{noun} is what the multiple counts, not what it is of" for noun in sorted((base & new_thing) - new_base)]


# a comparison with the step before ("1 km more than the day before"), each step's own base
RUNNING = re.compile(r"\bthan (?:on |in )?(?:the|each) (?:\w+ )?(?:before|previous \w+|preceding \w+|prior \w+)\b|"
                     r"\bthan (?:the )?(?:last|previous) (?:one|time)\b|\bthan the (?:day|week|month|year|time) before\b|"
                     r"\bthan the \w+(?: just)? (?:above|below|before|behind) (?:it|them)\b")  # "than the one above it"


def _running_made_fixed(original: str, rewrite: str) -> list[str]:
    """A comparison with the step before made one with a fixed thing: "each day 1 km more than the day before" -> "1
    km more than on Monday" (the other way is often a restatement: "50 m less each hour after that" -> "50 m less
    than the hour before")."""
    if RUNNING.search(original.lower()) and not RUNNING.search(rewrite.lower()) and re.search(r"\bthan\b", rewrite.lower()):
        return ["compared with a fixed one instead of the one before"]
    return []


TRANSFERS = {"give": "give gives gave", "hand": "hand hands handed", "pay": "pay pays paid", "lend": "lend lends lent",
             "sell": "sell sells sold", "send": "send sends sent", "owe": "owe owes owed", "pass": "pass passes passed"}
TRANSFER_OF = {form: verb for verb, forms in TRANSFERS.items() for form in forms.split()}
TRANSFER = re.compile(rf"\b([A-Z][a-z]+) ({'|'.join(TRANSFER_OF)}) ([A-Z][a-z]+)\b")


def _transfers_reversed(original: str, rewrite: str) -> list[str]:
    """Who gives to whom, turned round: "If Jack gives Luke 12 cards" -> "If Luke gives Jack 12 cards"."""
    def transfers(text: str) -> set[tuple[str, str, str]]:
        return {(giver, TRANSFER_OF[verb], taker) for giver, verb, taker in TRANSFER.findall(text)}
    before, after = transfers(original), transfers(rewrite)
    return [f"{taker} now {verb}s to {giver}" for giver, verb, taker in before
            if (taker, verb, giver) in after and (giver, verb, taker) not in after]


def _steps(text: str) -> list[tuple[list, list]]:
    """Per sentence with "then": the quantities before it and after it."""
    steps = []
    for sentence in SENTENCE.findall(text):
        mark = THEN.search(sentence.lower())
        if mark:
            steps.append(([q for q in quantities(sentence[:mark.start()]) if q.kind == "quantity"],
                          [q for q in quantities(sentence[mark.end():]) if q.kind == "quantity"]))
    return steps


def _steps_reversed(original: str, rewrite: str) -> list[str]:
    """A step the original took before "then" now comes after it, and one it took after now comes before."""
    problems = []
    for first, second in _steps(original):
        for new_first, new_second in _steps(rewrite):
            moved = [q for q in first if matched(q, new_second) and not matched(q, new_first)]
            came = [q for q in second if matched(q, new_first) and not matched(q, new_second)]
            if moved and came:
                problems.append(f"the steps with {moved[0].text} and {came[0].text} are taken in the other order")
    return problems


def _qualifiers_dropped(original: str, rewrite: str) -> list[str]:
    """A word that picks the part of a group the question asks about ("the open classrooms"), said only in
    the question, absent from the whole rewrite while the group's noun is kept."""
    asked = lower_words(asked_parts(original)[-1])
    statements = {stem(w) for s in SENTENCE.findall(original) if not s.strip().endswith("?") for w in lower_words(s)}
    said = {stem(w) for w in lower_words(rewrite)}
    problems = []
    for i in range(1, len(asked) - 1):
        qualifier, noun = asked[i], asked[i + 1]
        if asked[i - 1] not in ("the", "those", "these") or not (is_content(qualifier) and is_content(noun)):
            continue
        # a number word says how many, the quantities filter's: "in the two hours" = "over both hours"
        if qualifier in NOT_QUALIFIERS or qualifier in UNITS or stem(qualifier) in statements or stem(noun) not in statements \
                or stem(noun) == noun:  # a part of a group: a plural ("the final price" picks no part)
            continue
        if stem(qualifier) not in said and stem(noun) in said:
            problems.append(f"the question no longer counts only the {qualifier} {noun}")
    return problems


def _kind_dropped(original: str, rewrite: str) -> list[str]:
    """The question counted one kind the problem names ("25 red, 20 green, and the rest blue ... how many blue
    candies are left") and now counts them all ("how many candies are left"): the kind gone from the question;
    or the other way round ("how many pens does she have" -> "how many blue pens")."""
    statements = [[stem(w) for w in lower_words(s)] for s in SENTENCE.findall(original) if not s.strip().endswith("?")]
    pairs = {(one, two) for words in statements for one, two in zip(words, words[1:])}  # "5 blue candies"
    return [f"the question no longer counts only the {kind} {noun}" for kind, noun in _kinds_asked(original, rewrite, pairs)] \
        + [f"the question counts only the {kind} {noun}" for kind, noun in _kinds_asked(rewrite, original, pairs)
           if any(other != stem(kind) and said == stem(noun) for other, said in pairs)]  # "square tiles" only: all


def _kinds_asked(one: str, other: str, pairs: set[tuple[str, str]]) -> list[tuple[str, str]]:
    """The kinds of a noun the question of `one` counts ("how many blue candies") that the question of `other`
    does not name, though it counts the noun."""
    offered = {stem(w) for part in asked_parts(other) for w in lower_words(part)}
    return [(kind, noun) for kind, noun in HOW_MANY_KIND.findall(asked_parts(one)[-1].lower())
            if is_content(kind) and kind not in NOT_QUALIFIERS and (stem(kind), stem(noun)) in pairs
            and stem(kind) not in offered and stem(noun) in offered]


def _holdings(text: str, names: list[str]) -> dict[str, Quantity]:
    """The number each name holds: zipped in order where a sentence says "respectively" ("Tom and Ana have 18
    and 24 stickers respectively"), else the first number after the name in its sentence, before another
    name ("Tom owns 18 stickers and Ana 24")."""
    held: dict[str, Quantity] = {}
    for sentence in SENTENCE.findall(text):
        numbers = [q for q in quantities(sentence) if q.kind == "quantity"]
        if RESPECTIVELY.search(sentence):
            said = [name for name in _names(sentence) if name in names]
            if len(said) == len(numbers):
                held.update(zip(said, numbers))
            continue
        places = sorted((m.start(), m.group(0)) for name in names for m in re.finditer(rf"\b{name}\b", sentence))
        for (at, name), (following, _) in zip(places, places[1:] + [(len(sentence), "")]):
            first = next((q for q in numbers if at < q.start < following), None)
            if first and name not in held:
                held[name] = first
    return held


def _names(sentence: str) -> list[str]:
    return [w for w in re.findall(r"\b[A-Z][a-z]+\b", sentence) if is_content(w.lower())]


def _respectively_swapped(original: str, rewrite: str) -> list[str]:
    """The numbers a "respectively" gives each name, given to another: "Tom and Ana have 18 and 24" -> "24 and 18"."""
    listed = next((s for s in SENTENCE.findall(original) if RESPECTIVELY.search(s)), None)
    if not listed:
        return []
    names = _names(listed)
    before, after = _holdings(original, names), _holdings(rewrite, names)
    return [f"{name} has {after[name].text} instead of {number.text}" for name, number in before.items()
            if name in after and not matched(number, [after[name]])]


def _kind_swapped(original: str, rewrite: str) -> list[str]:
    """The question counts another kind of the same thing, one the problem names: "how many good toys" -> "how
    many faulty toys" where some are faulty."""
    statements = {stem(w) for s in SENTENCE.findall(original) if not s.strip().endswith("?") for w in lower_words(s)}
    offered = " ".join(asked_parts(rewrite)).lower()
    said = {stem(w) for w in lower_words(offered)}
    return [f"asks about {new} {noun} instead of {kind} {noun}"
            for kind, noun in HOW_MANY_KIND.findall(asked_parts(original)[-1].lower())
            for new, thing in HOW_MANY_KIND.findall(offered)
            if stem(thing) == stem(noun) and new != kind and _qualifier(kind) and _qualifier(new)
            and stem(new) in statements and stem(kind) not in said]


def _qualifier(word: str) -> bool:
    """A word that picks a kind: "good", "faulty" (not a number, a plural noun or an auxiliary: "how many tulips
    bloom", "how many do bloom")."""
    return is_content(word) and word not in NOT_QUALIFIERS | AUXILIARIES and word not in UNITS and stem(word) == word


RATE_WORDS = frozenset({"each", "every", "per", "apiece"})


def _kinds(text: str) -> set[tuple[str, str, str]]:
    """(number, kind, noun) for each number followed by two words, "4 red balls", "4 of the red balls", or
    led by its group, "of the evening members, 20 take yoga"."""
    words = lower_words(text)
    found = set()
    for i, word in enumerate(words):
        if not re.match(r"\$?\d", word):
            continue
        at = i + 1 + 2 * (words[i + 1:i + 3] == ["of", "the"])
        if words[at:at + 1] in (["are"], ["were"]) and at + 1 < len(words) and words[at + 1].isalpha() \
                and is_content(words[at + 1]):
            found.add((word, stem(words[at + 1]), ""))  # "40% are boys": the kind the number counts
        for pair in (words[at:at + 2], words[i - 3:i - 1] if words[i - 5:i - 3] == ["of", "the"]
                     and words[i - 1:i] == [","] else []):
            if len(pair) == 2 and all(w.isalpha() and is_content(w) and w not in RATE_WORDS for w in pair):
                found.add((word, stem(pair[0]), stem(pair[1])))  # "3 km every" names no kind
    return found


def _kinds_traded(original: str, rewrite: str) -> list[str]:
    """A number whose kind is now another that the original names, of the same noun: "4 red balls" -> "4
    blue balls" where blue balls are counted too; "of the evening members, 20" -> "of the morning members"."""
    before, after = _kinds(original), _kinds(rewrite)
    named = {stem(word) for word in lower_words(original)}
    return [f"{number} now counts {f'{new} {noun}'.strip()}, not {f'{kind} {noun}'.strip()}"
            for number, kind, noun in before - after for same, new, thing in after - before
            if same == number and thing == noun and new != kind and new in named]


# what a figure's number may measure: "a perimeter of 48 m" is no "side of 48 m"
MEASURES = frozenset("perimeter side area radius diameter circumference length width height depth diagonal".split())
AROUND = re.compile(r"\d[\d.,]* ?[a-z]+ (?:all the way )?(?:a)?round\b(?! (?:the|a|an|his|her|its|their)\b)")  # "50 cm around"


def _measure_renamed(original: str, rewrite: str) -> list[str]:
    """A measure of a figure the text names no more, and another it did not name: "a square garden has
    a perimeter of 48 m" -> "... a side of 48 m" ("12 m long" -> "a length of 12 m" names no other)."""
    def named(text: str) -> set[str]:  # the whole text: "If the length is 39 yards, what is ..." gives a length
        return {stem(w) for w in lower_words(text)} & MEASURES | ({"perimeter"} if AROUND.search(text.lower()) else set())

    before, after = named(original), named(rewrite)
    lost, gained = before - after, after - before
    return [f"the {', '.join(sorted(gained))} is given instead of the {', '.join(sorted(lost))}"] if lost and gained else []


# the two things a ratio compares, in its order: "the ratio of boys to girls", "boys and girls in the ratio 3:2"
RATIO = re.compile(r"\bratio of (?:the )?([a-z]+) to (?:the )?([a-z]+)|\b([a-z]+) (?:and|to) ([a-z]+) (?:are |is )?in "
                   r"(?:a|the) ratio\b|\b([a-z]+)[- ]to[- ]([a-z]+) ratio\b")


def _ratio_turned(original: str, rewrite: str) -> list[str]:
    """A ratio whose two terms now come in the other order with the same numbers: "the ratio of boys to girls is
    3:2" -> "the ratio of girls to boys is 3:2"."""
    def terms(text: str) -> set[tuple[str, str]]:
        return {tuple(stem(g) for g in match.groups() if g) for match in RATIO.finditer(text.lower())}

    before, after = terms(original), terms(rewrite)
    return [f"the ratio of {a} to {b} is now of {b} to {a}" for a, b in sorted(before)
            if (b, a) in after and (a, b) not in after]


RATIO_NUMBERS = re.compile(r"\b(\d+) ?(?::|to) ?(\d+)\b")


def _ratio_shares(text: str) -> dict[str, str]:
    """The term of a ratio each of the two people it names gets, in order: "Sam and Ella share $360 in the ratio
    4:5" -> {sam: 4, ella: 5}."""
    for sentence in SENTENCE.findall(text):
        found = RATIO_NUMBERS.search(sentence) if "ratio" in sentence.lower() else None
        # names past the first word, which is one only before "and" ("Sam and Ella share", not "If $360 is split")
        said = sentence.strip()
        people = list(dict.fromkeys(match.group(0).lower() for match in re.finditer(r"\b[A-Z][a-z]+\b", said)
                                    if match.start() > 0 or said[match.end():].startswith(" and ")))
        if found and len(people) >= 2:
            return dict(zip(people[:2], found.groups()))
    return {}


def _ratio_terms_swapped(original: str, rewrite: str) -> list[str]:
    """A ratio's numbers given to the other person: "Sam and Ella share it in the ratio 4:5" -> "5:4"."""
    before, after = _ratio_shares(original), _ratio_shares(rewrite)
    return [f"{name} gets the ratio's {after[name]} instead of its {term}" for name, term in before.items()
            if name in after and after[name] != term][:1]
