"""Fast read of ``.strings`` text: one regular expression over the usual layout.

Most files are comments and ``"key" = "value";`` pairs. One compiled expression reads
them in a tight loop, without the token list and offsets the editing scanner keeps.
Anything else (bare words, the ``"key";`` shorthand, comments inside a pair, lone
carriage returns, repeated keys, too many entries, junk) returns None, and the token
scanner reads the file and reports any error with its line and column.

>>> text = '/* Greeting */\\n"hi" = "Hi \\\\"you\\\\"";\\n\\n"bye"="Bye";\\n'
>>> [(e.key, e.value, e.comment, e.line) for e in read_fast(text, 10).values()]
[('hi', 'Hi "you"', 'Greeting', 2), ('bye', 'Bye', None, 4)]
"""

from __future__ import annotations

import re

from catalog.base import Entry
from catalog.formats._strings_text import unescape

__all__ = ["read_fast"]

_COMMENT = r"(?>/\*.*?\*/|//[^\r\n]*)"  # atomic: a comment ends where the tokenizer ends it
#: a quoted string's content, unrolled and possessive: one step per run of plain characters,
#: no backtracking state per character (``(?:[^"\\]|\\.)*`` kept one per character: 1.8 GB
#: for a 9 MB value)
QUOTED = r'[^"\\]*+(?:\\.[^"\\]*+)*+'
_PAIR = re.compile(
    rf"""\s*+(?:(?P<comment>{_COMMENT})\s*+)*+
    "(?P<key>{QUOTED})"\s*=\s*"(?P<value>{QUOTED})"\s*;""",
    re.VERBOSE | re.DOTALL,
)
_TAIL = re.compile(rf"\s*+(?:(?:{_COMMENT})\s*+)*+", re.DOTALL)


def _comment_text(raw: str) -> str:
    return raw[2:-2].strip() if raw.startswith("/*") else raw[2:].strip()


def read_fast(text: str, max_entries: int) -> dict[str, Entry] | None:
    """Entries by key in file order, or None when the token scanner must read the file."""
    if text.count("\r") != text.count("\r\n"):
        return None  # lone carriage returns count as line breaks: the scanner knows
    entries: dict[str, Entry] = {}
    position = 0
    line, counted = 1, 0
    length = len(text)
    while position < length:
        # anchored at the end of the previous pair (a search would retry from every
        # offset of a text that does not match: quadratic on a file of comments)
        match = _PAIR.match(text, position)
        if match is None:
            break
        position = match.end()
        start = match.start("key") - 1
        line += text.count("\n", counted, start)
        counted = start
        key = unescape(match["key"])
        if key in entries or len(entries) >= max_entries:
            return None
        comment = match["comment"]
        if comment is not None and text.count("\n", match.end("comment"), start) > 1:
            comment = None  # a blank line apart: a section heading, not this entry's
        entries[key] = Entry(
            key,
            unescape(match["value"]),
            _comment_text(comment) if comment is not None else None,
            None,
            None,
            True,
            line,
        )
    tail = _TAIL.match(text, position)
    if tail is None or tail.end() != len(text):
        return None
    return entries
