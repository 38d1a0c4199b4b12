"""The one reader of ``.strings`` text: entries, their editing spans and errors in one pass.

One regular expression reads the text piece by piece: a whole pair (``"key" = "value";``,
bare words, the ``"key";`` shorthand and comments inside a pair included), or a comment
between pairs. Each pair is recorded as an entry and as a span of the editing engine as
soon as it is read. Where neither starts, the text is wrong: it is read again from there
token by token, only to name the first token out of place (and its line and column).

>>> read = read_strings("a.strings", '/* Greeting */\\n"hi" = "Hi";\\n\\n"bye"="Bye"; // b\\n', 9)
>>> [(e.key, e.value, e.comment, e.line) for e in read.entries.values()]
[('hi', 'Hi', 'Greeting', 2), ('bye', 'Bye', None, 4)]
>>> read.splicer.span("bye")
(29, 47)
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import NamedTuple

from catalog._splice import Splicer, blank_prefix, line_number, line_start, whole_lines
from catalog.base import Entry, FormatError, build_entry
from catalog.formats._strings_text import unescape

__all__ = ["QUOTED", "StringsRead", "ValueSpan", "read_strings"]

#: a quoted string's content, unrolled and possessive: one step per run of plain characters,
#: no backtracking state per character (``(?:[^"\\]|\\.)*`` kept one per character: 1.8 GB
#: for a 9 MB value)
QUOTED = r'[^"\\]*+(?:\\.[^"\\]*+)*+'
_BARE = r"(?:(?!/[*/])[A-Za-z0-9_.$:/+-])++"
_COMMENT = r"(?P<block>/\*.*?\*/)|(?P<line>//[^\r\n]*+)"
#: blanks and comments inside a pair (possessive: they are never given back)
_GAP = r"(?:\s++|/\*.*?\*/|//[^\r\n]*+)*+"
_PAIR = rf"""(?P<pair>(?:"(?P<key>{QUOTED})"|(?P<bare_key>{_BARE})){_GAP}
    (?:;|={_GAP}(?:"(?P<value>{QUOTED})"|(?P<bare_value>{_BARE})){_GAP};))"""
# Every alternative starts after possessive whitespace; ``junk`` takes the one character
# where no pair or comment starts, so each match starts where the previous one ended
# (no search ahead: linear on a file of comments) until only whitespace is left (``\Z``).
_PIECE = re.compile(rf"\s*+(?:{_PAIR}|{_COMMENT}|(?P<junk>.)|\Z)", re.VERBOSE | re.DOTALL)
#: one token, to name what is out of place where no pair reads
_TOKEN = re.compile(
    rf"""\s*+(?:{_COMMENT}|"(?P<quoted>{QUOTED})"|(?P<bare>{_BARE})|(?P<punct>[=;])|(?P<junk>.))""",
    re.VERBOSE | re.DOTALL,
)
_COMMENTS = ("block", "line")
_STRINGS = ("quoted", "bare")


class ValueSpan(NamedTuple):
    """Where a pair's key and value are written (``value_start`` -1 for ``"key";``)."""

    key_start: int
    value_start: int  # inside the quotes of a quoted value
    value_end: int
    quoted: bool


@dataclass(slots=True)
class StringsRead:
    """What reading a ``.strings`` text gives: entries, spans for edits, layout facts."""

    entries: dict[str, Entry]
    values: dict[str, ValueSpan]
    splicer: Splicer
    #: whether most pairs after the first are separated from the previous by a blank line
    spaced: bool


class _Reader:
    """The state of one read: pairs so far, where the previous one ended."""

    def __init__(self, path: str, text: str, max_entries: int) -> None:
        self.path = path
        self.text = text
        self.max_entries = max_entries
        self.line, self.counted = 1, 0  # the line number of offset ``counted``
        self.has_cr = "\r" in text  # once: asked per pair it would cost the text each time
        self.entries: dict[str, Entry] = {}
        self.values: dict[str, ValueSpan] = {}
        self.splicer = Splicer(text)
        self.previous_end = 0  # end of the previous pair's span (its lines)
        self.previous_pair_end = -1  # just past the previous pair's ';'
        self.spaced = 0
        self.gaps = 0

    def error(self, message: str, offset: int) -> FormatError:
        line, column = line_number(self.text, offset), offset - line_start(self.text, offset) + 1
        return FormatError(message, path=self.path, line=line, column=column)

    def line_of(self, offset: int) -> int:
        """1-based line of ``offset`` (offsets asked for in increasing order, none inside a
        CRLF): only the text since the last one asked for is counted."""
        text, counted = self.text, self.counted
        self.line += text.count("\n", counted, offset)
        if self.has_cr:  # a lone carriage return ends a line too
            self.line += text.count("\r", counted, offset) - text.count("\r\n", counted, offset)
        self.counted = offset
        return self.line

    def add(
        self,
        key: str,
        value: str,
        comment: re.Match[str] | None,
        span: tuple[int, int],
        value_span: ValueSpan,
    ) -> None:
        """Record one pair ``span`` = (key token start, end of ';') as entry and edit span."""
        text = self.text
        pair_start, pair_end = span
        line = self.line_of(pair_start)
        if key in self.entries:  # later definitions win in Foundation; refuse instead
            raise FormatError(
                f"duplicate key {key!r} (first on line {self.entries[key].line})",
                path=self.path,
                line=line,
            )
        if len(self.entries) >= self.max_entries:
            raise self.error(f"more than {self.max_entries:,} entries", pair_start)
        note: str | None = None
        start, end = whole_lines(text, pair_start, pair_end)
        lead = start
        # the comment right before the pair (a blank line apart it is a section heading;
        # on the previous pair's line after its ';' it is that pair's)
        if comment is not None:
            kind = comment.lastgroup or ""
            comment_start, comment_end = comment.span(kind)
            if (
                comment_start >= self.previous_end
                and text.count("\n", comment_end, pair_start) <= 1
            ):
                raw = comment.group(kind)
                note = raw[2:-2].strip() if kind == "block" else raw[2:].strip()
                prefix = blank_prefix(text, comment_start)
                if prefix is not None:
                    lead = min(comment_start - len(prefix), start)
        if self.previous_pair_end >= 0:
            self.gaps += 1
            if text.count("\n", self.previous_pair_end, pair_start) >= 2:
                self.spaced += 1
        self.splicer.add_span(key, start, end, lead=lead)
        self.entries[key] = build_entry(key, value, note, None, None, True, line, "string")
        self.values[key] = value_span
        self.previous_end = end
        self.previous_pair_end = pair_end

    def run(self) -> StringsRead:
        comment: re.Match[str] | None = None  # the latest comment since the last pair
        for match in _PIECE.finditer(self.text):
            kind = match.lastgroup
            if kind == "pair":
                key, bare_key, value, bare_value = match.group(
                    "key", "bare_key", "value", "bare_value"
                )
                start = match.start("pair")
                if value is None and bare_value is None:  # "key"; is "key" = "key";
                    span = ValueSpan(start, -1, -1, key is not None)
                else:
                    group = "value" if value is not None else "bare_value"
                    span = ValueSpan(start, match.start(group), match.end(group), group == "value")
                    value = unescape(value) if value is not None else bare_value
                key = unescape(key) if key is not None else bare_key
                self.add(key, key if value is None else value, comment, (start, match.end()), span)
                comment = None
            elif kind in _COMMENTS:
                comment = match
            elif kind == "junk":
                raise self.refuse(match.start("junk"))
        return StringsRead(self.entries, self.values, self.splicer, self.spaced * 2 > self.gaps)

    def refuse(self, position: int) -> FormatError:
        """The error for the text at ``position``, where no pair or comment starts: read
        token by token, the first one out of the order key, '=', value, ';'."""
        text = self.text
        expected = 0  # 0 a key, 1 '=', 2 a value, 3 ';'
        key = ""
        end = position  # of the last token that is not a comment
        while (token := _TOKEN.match(text, position)) is not None:
            kind = token.lastgroup or ""
            position = token.end()
            if kind in _COMMENTS:
                continue
            start = token.start(kind) - (kind == "quoted")  # a quoted string's quote
            found = token.group(kind)
            if kind == "junk" and text.startswith("/*", start):
                return self.error("unclosed /* comment", start)
            if kind == "junk" and found == '"':
                return self.error("unterminated quoted string", start)
            if kind == "junk":
                return self.error(f"unexpected character {found!r}", start)
            if expected in (0, 2) and kind not in _STRINGS:
                which = "key" if expected == 0 else "value"
                return self.error(f"expected a quoted {which}, found {found!r}", start)
            if expected == 1 and found != "=":
                return self.error(f"expected '=' after key {key!r}", start)
            if expected == 3 and found != ";":
                return self.error(f"missing ';' after the value of {key!r}", start)
            if expected == 0:
                key = unescape(found) if kind == "quoted" else found
            expected, end = expected + 1, position
        return self.error("file ends in the middle of an entry", end)


def read_strings(path: str, text: str, max_entries: int) -> StringsRead:
    """Read a decoded ``.strings`` text; FormatError (line and column) on bad syntax or
    more than ``max_entries`` pairs."""
    return _Reader(path, text, max_entries).run()
