"""What a share is of, read without a model: "half of the girls" -> girl, "a 10% discount on the new price" ->
price. Part of what the scope filter reads about each number (remake.filters.bound)."""

from __future__ import annotations

import re

from remake.filters.rates import RATE_ADJECTIVES
from remake.filters.words import REMAINDER, is_content, stem

WH = ("what", "which", "who", "whom", "whose", "how")  # "15% of what it was worth" names no base
# what a share of a price is called: "a 10% discount on the new price", "a 20% tip on the bill"
PRICE_SHARES = frozenset("discount discounts tax tip markup commission increase raise rise cut deposit".split())
SHARE_DETERMINERS = ("the", "a", "an", "his", "her", "their", "its", "my", "our", "your", "each", "every", "this",
                     "that")


def share_base(words: list[str], last: int) -> str | None:
    """What a share is of: "half of the girls" -> girl, "40% of his savings" -> saving, "1/3 of the
    remaining apples" -> apple; None unless "of", a determiner at most and a noun follow it at once ("half
    of a 166 piece puzzle", "half of it", "40% of the rest" name no noun)."""
    of = last + 1 + (words[last + 1:last + 2] in ([w] for w in PRICE_SHARES))  # "a 10% discount on the new price"
    if words[of:of + 1] not in (["of"], ["on"], ["off"]) or (of == last + 1 and words[of] == "on"):  # "20% off the"
        return None
    at = of + 1 + (words[of + 1:of + 2] in ([w] for w in SHARE_DETERMINERS))
    while at < len(words) and (re.fullmatch(REMAINDER, words[at]) and words[at] != "rest"
                               or words[at].endswith("'s") or words[at] in RATE_ADJECTIVES):
        at += 1  # "the remaining apples": the apples; "his weekly pay", "each week's earnings": the pay
    head = words[at] if at < len(words) else ""
    return stem(head) if head.isalpha() and is_content(head) and head not in ("rest", *WH) else None
