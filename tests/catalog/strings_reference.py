"""A deliberately simple ``.strings`` reader, the oracle the real reader is tested against.

It tokenizes the whole text first, then assembles pairs from the token list, with none of
the real reader's shortcuts (no whole-pair expression, no spans). Its rule for comments
is written out independently: the comment right before a pair (at most one line break
between them) is the pair's, unless it sits after the previous pair's ``;`` on that
pair's line, alone up to the line's end (then it is the previous pair's own note).
"""

from __future__ import annotations

import re

from catalog.formats._strings_reader import QUOTED
from catalog.formats._strings_text import unescape

__all__ = ["ReferenceError", "reference_entries"]

_TOKEN = re.compile(
    r"""(?P<space>\s+)
    | (?P<block>/\*.*?\*/)
    | (?P<line>//[^\r\n]*)
    | "(?P<quoted>{QUOTED})"
    | (?P<bare>(?:(?!/[*/])[A-Za-z0-9_.$:/+-])++)
    | (?P<punct>[=;])
    """.replace("{QUOTED}", QUOTED),
    re.VERBOSE | re.DOTALL,
)
_COMMENTS = ("block", "line")


class ReferenceError(Exception):
    """The reference refuses the text."""


def _tokens(text: str) -> list[re.Match[str]]:
    found, position = [], 0
    while position < len(text):
        match = _TOKEN.match(text, position)
        if match is None:
            raise ReferenceError(f"bad token at {position}")
        if match.lastgroup != "space":
            found.append(match)
        position = match.end()
    return found


def _string(token: re.Match[str]) -> str:
    if token.lastgroup == "quoted":
        return unescape(token.group("quoted"))
    if token.lastgroup == "bare":
        return token.group("bare")
    raise ReferenceError(f"expected a string at {token.start()}")


def _line(text: str, offset: int) -> int:
    head = text[:offset]
    return head.count("\n") + head.count("\r") - head.count("\r\n") + 1


def _owned_by_previous(text: str, comment: re.Match[str], previous_end: int | None) -> bool:
    """A comment on one line after the previous pair's ';' (blanks or one-line comments
    between), nothing after it on that line (the previous pair starting its own line is
    checked by the caller)."""
    if previous_end is None:
        return False
    between = text[previous_end : comment.start()]
    after = re.match(r"[ \t\f\v]*(?:\r\n|\n|\r|\Z)", text[comment.end() :])
    one_line = not any(char in comment.group(0) for char in "\r\n")
    only_comments = re.fullmatch(r"(?:[ \t\f\v]|/\*[^\r\n]*?\*/)*", between) is not None
    return only_comments and one_line and after is not None


def reference_entries(text: str) -> list[tuple[str, str, str | None, int]]:
    """(key, value, comment, line) of every pair in order; ReferenceError on bad input or a
    repeated key."""
    tokens = _tokens(text)
    pairs: list[tuple[str, str, str | None, int]] = []
    comment: re.Match[str] | None = None
    previous_end: int | None = None
    previous_starts_line = False
    index = 0

    def following(at: int) -> int:
        while at < len(tokens) and tokens[at].lastgroup in _COMMENTS:
            at += 1
        if at >= len(tokens):
            raise ReferenceError("file ends in the middle of an entry")
        return at

    while index < len(tokens):
        token = tokens[index]
        if token.lastgroup in _COMMENTS:
            comment = token
            index += 1
            continue
        key = _string(token)
        after_key = following(index + 1)
        if tokens[after_key].group(0) == ";":
            value, end = key, tokens[after_key].end()
            index = after_key + 1
        elif tokens[after_key].group(0) == "=":
            value_at = following(after_key + 1)
            value = _string(tokens[value_at])
            end_at = following(value_at + 1)
            if tokens[end_at].group(0) != ";":
                raise ReferenceError("missing ';'")
            end = tokens[end_at].end()
            index = end_at + 1
        else:
            raise ReferenceError("expected '='")
        note = None
        if (
            comment is not None
            and text[comment.end() : token.start()].count("\n") <= 1
            and not (previous_starts_line and _owned_by_previous(text, comment, previous_end))
        ):
            raw = comment.group(0)
            note = raw[2:-2].strip() if raw.startswith("/*") else raw[2:].strip()
        if any(key == pair[0] for pair in pairs):
            raise ReferenceError(f"duplicate key {key!r}")
        pairs.append((key, value, note, _line(text, token.start())))
        before = text[: token.start()].rstrip(" \t\f\v")
        previous_starts_line = before == "" or before[-1] in "\r\n"
        previous_end = end
        comment = None
    return pairs
