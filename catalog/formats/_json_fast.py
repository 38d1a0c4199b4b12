"""Fast read path for JSON catalogs: the C ``json`` parser plus string-token positions.

Reading a file needs values and the line of each key, not spans; the span tree
(``_json_tree``) is built only when a document is edited. Anything unusual (duplicate
keys, NaN, deep nesting, a syntax error) returns None, and the caller falls back to the
span parser, which reports the problem with its line and column.

>>> root = fast_load('{"a": {"b": "x"}, "c": [1, "y"]}')
>>> root
[('a', [('b', 'x')]), ('c', [1, 'y'])]
>>> isinstance(root[0][1], Pairs)
True
"""

from __future__ import annotations

import itertools
import json
import re
from bisect import bisect_right
from collections import Counter
from itertools import compress, repeat
from operator import gt, itemgetter
from typing import NamedTuple

from catalog._text import TextInfo, decode
from catalog.formats._json_tree import MAX_DEPTH

__all__ = ["KeyTokens", "Pairs", "Preread", "canonical", "count_keys", "fast_load", "preread"]

# A string literal, and the colon after it when it is a key.
_STRING_TOKEN = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"([ \t\n\r]*:)?', re.DOTALL)
# One match per line: group 1 is the colon of a key that starts the line, else empty (a
# one-character group, as CPython does not allocate those). Possessive quantifiers: no
# part can give characters back to a later one, so the engine keeps no backtrack points.
# A line starting with a quote starts a string literal, which ends on that line. A key is
# read up to its first quote, which must not follow a backslash: an escaped quote, or a
# key ending in an escaped backslash, leaves the key uncounted (the count then differs,
# and the lines come from the scan of every string literal). ``[^"]`` (one excluded
# character) is read much faster than a set like ``[^"\\\n]``.
_LINE_KEYS = re.compile(r'^(?:[ \t\r]*+"[^"]*+(?<!\\)"[ \t\r]*+(:))?+[^\n]*+', re.M)


_NONE_REPEATED: frozenset[str] = frozenset()
_first = itemgetter(0)


class Pairs(list[tuple[str, object]]):
    """A JSON object as its (key, value) pairs in file order.

    ``repeated`` holds the keys that occur more than once (each time with an equal value,
    else the read fails): readers skip the repeats, which the span tree keeps in sync on
    edits.
    """

    # Slots, not a __dict__ per object, and no __init__: ``json`` makes thousands, and
    # ``fast_load`` sets both attributes on every one of them.
    __slots__ = ("keys_inside", "repeated")
    #: object keys inside (its own and nested ones)
    keys_inside: int
    repeated: frozenset[str]

    @property
    def duplicates(self) -> bool:
        """Whether a key repeats."""
        return bool(self.repeated)


def canonical(value: object) -> str:
    """A value's JSON text in one spelling, to compare repeated keys (1 and true differ)."""
    return json.dumps(value, ensure_ascii=False)


class _Unusual(Exception):
    pass


def _repeated_keys(pairs: Pairs, last: dict[str, object]) -> frozenset[str]:
    """The keys of an object that repeat; _Unusual unless every repeat is equal.

    ``last`` is ``dict(pairs)``: each key's last value, which every other must equal.

    Counting and filtering run in C (``Counter``, ``compress``); only the members with a
    repeated key are compared in Python.
    """
    counts = Counter(map(_first, pairs))
    repeated = frozenset(compress(counts, map(gt, counts.values(), repeat(1))))
    for key, value in compress(pairs, map(repeated.__contains__, map(_first, pairs))):
        kept = last[key]
        if value is not kept and canonical(value) != canonical(kept):
            raise _Unusual  # a real conflict: the span parser reports where
    return repeated


def _no_constants(name: str) -> object:
    raise _Unusual  # NaN / Infinity are not JSON


def _check(value: list[object] | Pairs, depth: int) -> int:
    """Depth and repeated keys of a container and what it holds (_Unusual if refused).

    Returns the number of object keys inside, which each object remembers.
    """
    if depth > MAX_DEPTH:
        raise _Unusual
    if value.__class__ is Pairs:
        count = len(value)
        # most objects hold one or two keys: compare those without building a dict
        if count == 2:
            last = dict(value) if value[0][0] == value[1][0] else None
        else:
            last = dict(value) if count > 2 else None
            if last is not None and len(last) == count:
                last = None
        value.repeated = _NONE_REPEATED if last is None else _repeated_keys(value, last)
        for _, item in value:
            if item.__class__ is not str and isinstance(item, list):
                count += _check(item, depth + 1)
        value.keys_inside = count
        return count
    count = 0
    for item in value:
        if isinstance(item, list):
            count += _check(item, depth + 1)
    return count


def fast_load(text: str) -> Pairs | None:
    """The top-level object as nested Pairs, or None when the span parser must decide."""
    try:
        # Pairs as the hook is called from C; repeats and depth are checked afterwards
        root = json.loads(text, object_pairs_hook=Pairs, parse_constant=_no_constants)
        if not isinstance(root, Pairs):
            return None
        _check(root, 1)
    except (_Unusual, ValueError, RecursionError):
        return None
    return root


class Preread(NamedTuple):
    """A JSON file decoded and read by ``json`` once, to hand from detection to the parser."""

    text: str
    info: TextInfo
    root: Pairs | None


def preread(path: str, data: bytes) -> Preread:
    """Decode and read ``data`` (FormatError on an invalid encoding or size)."""
    text, info = decode(path, data)
    return Preread(text, info, fast_load(text))


class KeyTokens:
    """The line of each object key, and a count of keys passed, kept in step by a walk.

    Keys are numbered in document order: the walk's ``index``-th key is on line
    ``lines[index]``. When every key starts its line (the usual layout), the lines come
    from one pass over the lines; otherwise from a scan of every string literal.
    """

    def __init__(self, text: str, total: int) -> None:
        """``total``: the number of object keys in ``text``, repeats included."""
        #: 1-based line of each key, in document order
        self.lines = _line_start_keys(text, total) or _key_lines(text)
        #: number of object keys the walk has passed
        self.index = 0

    def skip_value(self, value: object) -> None:
        """Count the keys inside a value."""
        if value.__class__ is not str:
            self.index += count_keys(value)


def count_keys(value: object) -> int:
    """Number of object keys inside a value (0 for a string or scalar)."""
    if isinstance(value, Pairs):
        if value.keys_inside >= 0:
            return value.keys_inside
        return len(value) + sum(count_keys(item) for _, item in value if isinstance(item, list))
    if isinstance(value, list):
        return sum(count_keys(item) for item in value if isinstance(item, list))
    return 0


def _line_start_keys(text: str, total: int) -> list[int] | None:
    """Lines of all keys when each starts its line, else None.

    A line never starts inside a string (JSON strings hold no raw newline), and a string
    followed by ``:`` is a key, so every match is a key; when there are ``total`` matches
    they are all the keys, in order.
    """
    lines = list(itertools.compress(itertools.count(1), _LINE_KEYS.findall(text)))
    return lines if len(lines) == total else None


def _key_lines(text: str) -> list[int]:
    newlines = [match.start() for match in re.finditer("\n", text)]
    return [
        bisect_right(newlines, match.start() - 1) + 1
        for match in _STRING_TOKEN.finditer(text)
        if match.group(1)
    ]
