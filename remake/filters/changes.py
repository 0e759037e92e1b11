"""Change judge: the judge model is asked about each change the rewrite made, not about two whole texts.

A small model comparing two whole problems misses a changed scope ("every workday" → "every day": P(DIFFERENT)
0.01-0.26 on such rewrites), because the two texts are nearly the same. The word diff between original and
rewrite is known, so each changed sentence is shown on its own: the original sentence, what the rewrite says
in its place, and the words that changed; the model answers YES (the change alters the math: what is
counted, a rate or its base, a time span, a comparison, who does what, the order of events, a condition, or
what is asked) or NO (the same meaning in other words, or a hint). Added sentences (a hint, a preamble) and
removed ones are asked about as such. Where the backend returns logprobs, P(YES) is read at the verdict's
first token; the rewrite is rejected when the largest P(YES) over its changes reaches a threshold
calibrated per judge model (`CHANGE_THRESHOLDS`, `--change-threshold`); without logprobs a YES rejects.

Cost: one short call per changed sentence (`max_calls`, which the chain announces); a rewrite
whose changes are only case or punctuation needs none. Replies and probabilities are stored in the check
(`change_output`, `change_p_yes`) so that a re-filter reuses them."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from typing import Any

from remake.filters.base import FilterContext
from remake.filters.config import FilterConfig
from remake.filters.judge import MAX_NEW_TOKENS, TOP_LOGPROBS, Judge, word_probability
from remake.filters.verdict import Candidate, check, reusable
from remake.filters.words import tokens

SYSTEM = "You check one edit of a math word problem. You answer YES if the edit changes the math, NO if it does not."
CHANGED = ("Original sentence:\n{before}\n\nRewritten sentence:\n{after}\n\nWords changed: {words}\n\n"
           "Does this edit change the math of the problem: what is counted, a rate or what it is per, a time span, "
           "a comparison (more / times / less), who does what, the order of events, a condition, or what is "
           "asked? Rewording with the same meaning is not a change. Reply with one word: YES or NO.")
ADDED = ("Problem:\n{context}\n\nA rewrite of it adds this text:\n{after}\n\n"
         "Does the added text change the math of the problem (a new fact, a changed condition, a different "
         "question), rather than only rewording, a hint on how to solve it, or an introduction? "
         "Reply with one word: YES or NO.")
REMOVED = ("Problem:\n{context}\n\nA rewrite of it leaves out this text:\n{before}\n\n"
           "Does leaving it out change the math of the problem (a fact or condition lost)? Reply with one word: "
           "YES or NO.")
VERDICT = re.compile(r"\b(YES|NO)\b")
# Max P(YES) over a rewrite's changes at or above which a judge model rejects, chosen per judge model on the
# hand-labelled sets (benchmarks/bench_filters.py --change-judge hard: `change_threshold_sweep` in
# benchmarks/results/filters.json). None is listed: for qwen2.5-coder-1.5b no threshold rejects one more
# unfaithful rewrite of the hard set than the rest of the chain does, and every threshold below 0.8 rejects
# faithful ones (P(YES) 0.6-0.75 on nearly every edit, faithful or not), so the filter is off by default.
CHANGE_THRESHOLDS: dict[str, float] = {}
DEFAULT_THRESHOLD = 0.5
TYPICAL_CHANGES = 2  # changed sentences per rewrite, for a plan (1.6 on average on the hard set)


@dataclass(frozen=True)
class Change:
    """One changed sentence: the original's words there, the rewrite's, and the words that differ."""

    before: str
    after: str
    words: str

    def prompt(self, context: str) -> str:
        if not self.before:
            return ADDED.format(context=context, after=self.after)
        if not self.after:
            return REMOVED.format(context=context, before=self.before)
        return CHANGED.format(before=self.before, after=self.after, words=self.words)


def _sentences(marks: list[re.Match]) -> list[int]:
    """For each token, the index of its sentence (sentences end after . ? ! or a line break)."""
    out, current = [], 0
    for i, mark in enumerate(marks):
        out.append(current)
        if mark.group(0) in ".?!" and (i + 1 == len(marks) or not marks[i + 1].group(0)[:1].isdigit()):
            current += 1
    return out


def _within(sentences: list[int], at: int) -> set[int]:
    """The sentence an insertion at token `at` falls inside of; none when it falls between sentences."""
    inside = 0 < at < len(sentences) and sentences[at - 1] == sentences[at]
    return {sentences[at]} if inside else set()


def _text(source: str, marks: list[re.Match], indexes: list[int]) -> str:
    return source[marks[min(indexes)].start():marks[max(indexes)].end()].strip() if indexes else ""


def changes(original: str, rewrite: str) -> list[Change]:
    """The rewrite's changes, one per changed sentence of the original (plus sentences only the rewrite
    has, or only the original): the word diff grouped by the sentences its edits touch."""
    a, b = tokens(original), tokens(rewrite)
    sa, sb = _sentences(a), _sentences(b)
    matcher = difflib.SequenceMatcher(a=[t.group(0).lower() for t in a], b=[t.group(0).lower() for t in b],
                                      autojunk=False)
    groups: list[tuple[set[int], set[int], list[str]]] = []  # original sentences, rewrite sentences, edits
    for op, a0, a1, b0, b1 in matcher.get_opcodes():
        words_a = [t.group(0) for t in a[a0:a1] if t.group(0)[:1].isalnum() or t.group(0)[:1] in "$%"]
        words_b = [t.group(0) for t in b[b0:b1] if t.group(0)[:1].isalnum() or t.group(0)[:1] in "$%"]
        if op == "equal" or not (words_a or words_b):
            continue  # punctuation only
        left = {sa[i] for i in range(a0, a1)} or _within(sa, a0)
        right = {sb[i] for i in range(b0, b1)} or _within(sb, b0)
        edit = f'"{" ".join(words_a)}" -> "{" ".join(words_b)}"'
        joined = [g for g in groups if g[0] & left or g[1] & right]
        merged = (left.union(*(g[0] for g in joined)), right.union(*(g[1] for g in joined)),
                  [e for g in joined for e in g[2]] + [edit])
        groups = [g for g in groups if g not in joined] + [merged]
    out = []
    for left, right, edits in groups:
        before = _text(original, a, [i for i, s in enumerate(sa) if s in left])
        after = _text(rewrite, b, [i for i, s in enumerate(sb) if s in right])
        out.append(Change(before, after, "; ".join(edits)))
    return out


def read_yes(reply: str) -> str | None:
    match = VERDICT.search(reply.upper())
    return match.group(1) if match else None


def p_yes(top_logprobs: list[dict[str, float]] | None) -> float | None:
    return word_probability(top_logprobs, "YES", "NO")


def change_threshold(name: str | None, configured: float | None) -> float:
    return configured if configured is not None else CHANGE_THRESHOLDS.get(name or "", DEFAULT_THRESHOLD)


class ChangeJudgeFilter:
    name = "changes"

    def __init__(self, context: FilterContext):
        self.judge: Judge | None = context.judge
        self.enabled = context.config.change_judge
        self.threshold = context.config.change_threshold

    @staticmethod
    def planned_calls(config: FilterConfig) -> int:
        return TYPICAL_CHANGES if config.change_judge else 0

    def max_calls(self, candidate: Candidate) -> int:
        """One per changed sentence."""
        return len(changes(candidate.question, candidate.rewrite)) if self.enabled and self.judge is not None else 0

    def check(self, candidates: list[Candidate], stored: list[dict | None],
              rejected: list[bool]) -> list[dict[str, Any]]:
        if not self.enabled:
            return [check(None, None, "change judge is off") for _ in candidates]
        reused = [reusable(previous, "judge", self.judge) for previous in stored]
        found = [changes(c.question, c.rewrite) for c in candidates]
        replies: list[list[str] | None] = [previous.get("change_output") for previous in reused]
        scores: list[list[float | None]] = [previous.get("change_p_yes") or [] for previous in reused]
        names: list[str | None] = [(previous or {}).get("judge") for previous in stored]
        ask = [i for i, reply in enumerate(replies) if reply is None and not rejected[i] and found[i]]
        if ask and self.judge is not None:
            prompts = [change.prompt(candidates[i].question.strip()) for i in ask for change in found[i]]
            answers = iter(self.judge.ask(SYSTEM, prompts, MAX_NEW_TOKENS, TOP_LOGPROBS))
            for i in ask:
                got = [next(answers) for _ in found[i]]
                replies[i], names[i] = [reply.text for reply in got], self.judge.name
                scores[i] = [p_yes(reply.top_logprobs) for reply in got]
        return [self._decide(c, f, r, s, n, bad)
                for c, f, r, s, n, bad in zip(candidates, found, replies, scores, names, rejected)]

    def _decide(self, candidate: Candidate, found: list[Change], replies: list[str] | None,
                scores: list[float | None], name: str | None, rejected: bool) -> dict[str, Any]:
        if not found:
            return check(True, 1.0, "no change beyond case and punctuation", changes=[])
        if replies is None:
            why = "already rejected by cheaper filters" if rejected and self.judge else "no judge model available"
            return check(None, None, f"not run: {why}")
        extra: dict[str, Any] = {"judge": name, "changes": [change.words for change in found],
                                 "change_output": replies, "change_p_yes": scores}
        threshold = change_threshold(name, self.threshold)
        verdicts = [p >= threshold if p is not None else (read_yes(reply) == "YES" if read_yes(reply) else None)
                    for p, reply in zip(scores, replies)]
        known = [p for p in scores if p is not None]
        score = round(1 - max(known), 4) if known else None
        extra["change_threshold"] = threshold
        if any(verdicts):
            worst = max(range(len(found)), key=lambda k: (verdicts[k] is True, scores[k] or 0.0))
            p = f" (P(YES) {scores[worst]:.2f} >= {threshold})" if scores[worst] is not None else ""
            return check(False, score, f"{name} judges that an edit changes the math: {found[worst].words}{p}", **extra)
        if None in verdicts:
            return check(None, score, f"{name} gave no YES/NO verdict on an edit: inconclusive", **extra)
        return check(True, score, f"{name} judges that none of {len(found)} edits changes the math", **extra)
