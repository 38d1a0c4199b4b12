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

import json
import re
from collections import Counter

from catalog.formats._json_tree import MAX_DEPTH

__all__ = ["Pairs", "StringTokens", "canonical", "fast_load"]

_STRING_TOKEN = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"', re.DOTALL)


class Pairs(list[tuple[str, object]]):
    """A JSON object as its (key, value) pairs in file order.

    ``duplicates`` is true when a key repeats (with an equal value, else the read fails):
    readers then skip the repeats, which the span tree keeps in sync on edits.
    """

    duplicates = False


def canonical(value: object) -> str:
    """A value's JSON text in one spelling, to compare repeated keys (1 and true differ)."""
    return json.dumps(value, ensure_ascii=False)


class _Unusual(Exception):
    pass


def _pairs(items: list[tuple[str, object]]) -> Pairs:
    pairs = Pairs(items)
    if len({key for key, _ in items}) != len(items):
        counts = Counter(key for key, _ in items)
        first: dict[str, str] = {}
        for key, value in items:
            if counts[key] > 1:
                text = canonical(value)
                if first.setdefault(key, text) != text:
                    raise _Unusual  # a real conflict: the span parser reports where
        pairs.duplicates = True
    return pairs


def _no_constants(name: str) -> object:
    raise _Unusual  # NaN / Infinity are not JSON


def _depth_ok(value: object, depth: int = 1) -> bool:
    if depth > MAX_DEPTH:
        return False
    if isinstance(value, Pairs):
        return all(_depth_ok(item, depth + 1) for _, item in value if isinstance(item, list))
    if isinstance(value, list):
        return all(_depth_ok(item, depth + 1) for item in value if isinstance(item, list))
    return True


def fast_load(text: str) -> Pairs | None:
    """The top-level object as nested Pairs, or None when the span parser must decide."""
    try:
        root = json.loads(text, object_pairs_hook=_pairs, parse_constant=_no_constants)
    except (_Unusual, ValueError, RecursionError):
        return None
    if not isinstance(root, Pairs) or not _depth_ok(root):
        return None
    return root


class StringTokens:
    """Counts string literals in step with a walk; their offsets are found when first asked."""

    def __init__(self, text: str) -> None:
        self.text = text
        #: number of string literals (keys and string values) the walk has passed
        self.index = 0
        self._starts: list[int] | None = None

    def start(self, index: int) -> int:
        """Offset of the ``index``-th string literal of the text."""
        if self._starts is None:
            self._starts = [match.start() for match in _STRING_TOKEN.finditer(self.text)]
        return self._starts[index]

    def skip_value(self, value: object) -> None:
        """Count the string literals of a value."""
        self.index += 1 if isinstance(value, str) else _count_strings(value)


def _count_strings(value: object) -> int:
    if isinstance(value, str):
        return 1
    if isinstance(value, Pairs):
        return sum(1 + _count_strings(item) for _, item in value)
    if isinstance(value, list):
        return sum(_count_strings(item) for item in value)
    return 0
