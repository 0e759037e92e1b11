"""A word-level diff of original and rewrite as HTML: deletions in <del>, insertions in <ins>."""

from __future__ import annotations

import difflib
import html
import re

TOKEN = re.compile(r"\s+|\w+|[^\w\s]")


def word_diff(original: str, rewrite: str) -> str:
    """The rewrite with its changes marked against the original (whitespace kept as is)."""
    a, b = TOKEN.findall(original), TOKEN.findall(rewrite)
    parts = []
    for op, a0, a1, b0, b1 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if op == "equal":
            parts.append(html.escape("".join(b[b0:b1])))
            continue
        if op in ("delete", "replace"):
            parts.append(f"<del>{html.escape(''.join(a[a0:a1]))}</del>")
        if op in ("insert", "replace"):
            parts.append(f"<ins>{html.escape(''.join(b[b0:b1]))}</ins>")
    return "".join(parts)
