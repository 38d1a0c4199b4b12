"""The one reader of ``.strings`` text: entries, their editing spans and errors in one pass.

One regular expression is matched at the reading position: a whole usual pair
(``"key" = "value";``) while an entry may start, else one token (a comment, a quoted or
bare string, ``=`` or ``;``, or the character no token starts with: an error). A small
state machine assembles pairs from tokens where the usual layout does not hold (bare
words, the ``"key";`` shorthand, comments inside a pair). Each pair is recorded as an
entry and as a span of the editing engine as soon as it is read.

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
# Every alternative starts after possessive whitespace; ``junk`` takes the one character no
# token starts with, so a match at the reading position always exists until only
# whitespace is left (no search ahead: linear on a file of comments).
_TOKENS = rf"""
    | (?P<block>/\*.*?\*/)
    | (?P<line>//[^\r\n]*+)
    | "(?P<quoted>{QUOTED})"
    | (?P<bare>(?:(?!/[*/])[A-Za-z0-9_.$:/+-])++)
    | (?P<punct>[=;])
    | (?P<junk>.)
"""
_PAIR = rf'(?P<pair>"(?P<key>{QUOTED})"\s*+=\s*+"(?P<value>{QUOTED})"\s*+;)'
_ENTRY_OR_TOKEN = re.compile(rf"\s*+(?:{_PAIR}{_TOKENS})", re.VERBOSE | re.DOTALL)
_TOKEN = re.compile(rf"\s*+(?:(?!){_TOKENS})", re.VERBOSE | re.DOTALL)
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
    #: pairs separated from the previous one by a blank line, and pairs after a first one
    spaced: int
    gaps: int


def _comment_text(raw: str) -> str:
    return raw[2:-2].strip() if raw.startswith("/*") else raw[2:].strip()


class _Reader:
    """The state of one read: pairs so far, the pending comment, the line count."""

    def __init__(self, path: str, text: str, max_entries: int) -> None:
        self.path = path
        self.text = text
        self.max_entries = max_entries
        self.entries: dict[str, Entry] = {}
        self.values: dict[str, ValueSpan] = {}
        self.splicer = Splicer(text)
        self.line, self.counted = 1, 0  # line number of offset ``counted``
        self.has_cr = "\r" in text  # once: asked per pair it would cost the text each time
        self.previous_end = 0  # end of the previous pair's span (its lines)
        self.previous_pair_end = -1  # just past the previous pair's ';'
        self.spaced = 0
        self.gaps = 0

    def error(self, message: str, offset: int) -> FormatError:
        column = offset - line_start(self.text, offset) + 1
        return FormatError(
            message, path=self.path, line=line_number(self.text, offset), column=column
        )

    def line_of(self, offset: int) -> int:
        """1-based line of ``offset`` (offsets asked for in increasing order)."""
        text, counted = self.text, self.counted
        if self.has_cr:  # a lone carriage return ends a line too
            self.line += (
                text.count("\n", counted, offset)
                + text.count("\r", counted, offset)
                - text.count("\r\n", counted, offset)
            )
        else:
            self.line += text.count("\n", counted, offset)
        self.counted = offset
        return self.line

    def junk(self, offset: int) -> FormatError:
        text = self.text
        if text.startswith("/*", offset):
            return self.error("unclosed /* comment", offset)
        if text.startswith('"', offset):
            return self.error("unterminated quoted string", offset)
        return self.error(f"unexpected character {text[offset]!r}", offset)

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
        if key in self.entries:  # later definitions win in Foundation; refuse instead
            raise FormatError(
                f"duplicate key {key!r} (first on line {self.entries[key].line})",
                path=self.path,
                line=self.line_of(pair_start),
            )
        if len(self.entries) >= self.max_entries:
            raise self.error(f"more than {self.max_entries:,} entries", pair_start)
        note: str | None = None
        starts_line = pair_start == 0 or text[pair_start - 1] in "\r\n"
        if starts_line and text[pair_end : pair_end + 1] in ("\n", "\r"):
            # the usual line: what whole_lines gives, without looking around
            start, end = pair_start, pair_end + (2 if text.startswith("\r\n", pair_end) else 1)
        else:
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
                note = _comment_text(comment.group(kind))
                prefix = blank_prefix(text, comment_start)
                if prefix is not None:
                    lead = min(comment_start - len(prefix), start)
        if self.previous_pair_end >= 0:
            self.gaps += 1
            if text.count("\n", self.previous_pair_end, pair_start) >= 2:
                self.spaced += 1
        self.splicer.add_span(key, start, end, lead=lead)
        self.entries[key] = build_entry(
            key, value, note, None, None, True, self.line_of(pair_start), "string"
        )
        self.values[key] = value_span
        self.previous_end = end
        self.previous_pair_end = pair_end

    def run(self) -> StringsRead:
        text = self.text
        position = 0
        comment: re.Match[str] | None = None
        # a pair being assembled from tokens: its key token, value token, '=' seen
        key_token: re.Match[str] | None = None
        value_token: re.Match[str] | None = None
        last: re.Match[str] | None = None  # the last token of the pair being assembled
        equals = False
        while True:
            pattern = _ENTRY_OR_TOKEN if key_token is None else _TOKEN
            match = pattern.match(text, position)
            if match is None:  # only whitespace is left
                break
            position = match.end()
            kind = match.lastgroup
            if kind == "pair":
                self.add(
                    unescape(match["key"]),
                    unescape(match["value"]),
                    comment,
                    (match.start("pair"), position),
                    ValueSpan(match.start("pair"), match.start("value"), match.end("value"), True),
                )
                comment = None
                continue
            if kind in _COMMENTS:
                if key_token is None:
                    comment = match
                continue  # comments inside a pair are skipped
            if kind == "junk":
                raise self.junk(match.start("junk"))
            assert kind is not None
            token_start = _start(match)
            if key_token is None:  # a key
                if kind not in _STRINGS:
                    found = match.group(kind)
                    raise self.error(f"expected a quoted key, found {found!r}", token_start)
                key_token = last = match
                continue
            key = _string(key_token)
            if value_token is None and not equals:  # after the key: '=' or ';'
                if match.group(kind) == ";":
                    start = _start(key_token)
                    span = ValueSpan(start, -1, -1, key_token.lastgroup == "quoted")
                    self.add(key, key, comment, (start, position), span)
                    comment, key_token, last = None, None, None
                    continue
                if match.group(kind) != "=":
                    raise self.error(f"expected '=' after key {key!r}", token_start)
                equals, last = True, match
                continue
            if value_token is None:  # after '=': the value
                if kind not in _STRINGS:
                    found = match.group(kind)
                    raise self.error(f"expected a quoted value, found {found!r}", token_start)
                value_token = last = match
                continue
            if match.group(kind) != ";":  # after the value: ';'
                raise self.error(f"missing ';' after the value of {key!r}", token_start)
            start = _start(key_token)
            quoted = value_token.lastgroup == "quoted"
            group = "quoted" if quoted else "bare"
            span = ValueSpan(start, value_token.start(group), value_token.end(group), quoted)
            self.add(key, _string(value_token), comment, (start, position), span)
            comment, key_token, value_token, last, equals = None, None, None, None, False
        if last is not None:
            raise self.error("file ends in the middle of an entry", last.end())
        return StringsRead(self.entries, self.values, self.splicer, self.spaced, self.gaps)


def _start(token: re.Match[str]) -> int:
    """Where a token begins (a quoted string's opening quote)."""
    kind = token.lastgroup or ""
    return token.start(kind) - (kind == "quoted")


def _string(token: re.Match[str]) -> str:
    if token.lastgroup == "quoted":
        return unescape(token["quoted"])
    return token["bare"]


def read_strings(path: str, text: str, max_entries: int) -> StringsRead:
    """Read a decoded ``.strings`` text; FormatError (line and column) on bad syntax or
    more than ``max_entries`` pairs."""
    return _Reader(path, text, max_entries).run()
