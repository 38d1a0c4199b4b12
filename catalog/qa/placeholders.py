"""Placeholder extraction per syntax: printf, Python, ICU, i18next, Android xliff:g, markup.

>>> [p.text for p in extract_placeholders("Hi %1$s, you have {count} new <b>messages</b>")]
['%1$s', '{count}', '<b>', '</b>']
>>> [p.key for p in extract_placeholders("{n, plural, one {# file} other {# files}}", ["icu"])]
['{n, plural}']
"""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

__all__ = ["SYNTAXES", "Placeholder", "extract_placeholders"]


@dataclass(frozen=True)
class Placeholder:
    """A placeholder found in a text; ``key`` is what must survive translation."""

    syntax: str
    text: str
    start: int
    end: int
    key: str


_Finder = Callable[[str], Iterable[Placeholder]]


def _regex_finder(syntax: str, pattern: str, key: Callable[[re.Match[str]], str]) -> _Finder:
    compiled = re.compile(pattern, re.DOTALL)

    def find(text: str) -> list[Placeholder]:  # a list, not a generator: one frame per text
        return [
            Placeholder(syntax, match.group(0), match.start(), match.end(), key(match))
            for match in compiled.finditer(text)
        ]

    return find


def _whole(match: re.Match[str]) -> str:
    return match.group(0)


_PRINTF = (
    r"%(?:\d+\$)?[-+#0']*(?:\d+|\*)?(?:\.(?:\d+|\*))?"
    r"(?:hh|h|ll|l|L|q|j|z|t)?[diouxXeEfFgGaAcsSp@]"
)
_STRINGSDICT = r"%#@[A-Za-z_]\w*@"
_PYTHON_PERCENT = r"%\([A-Za-z_]\w*\)[-+#0 ]*\d*(?:\.\d+)?[diouxXeEfFgGcrsa]"
_BRACE = r"\{[A-Za-z_0-9][\w.]*(?:\[\w+\])*(?:![rsa])?(?::[^{}]*)?\}"
# Each pattern matches in time linear in the text: no part of one can run past the next
# opening of another match (a brace, a tag), and repeats are possessive. (The earlier
# ``\{\{-?\s*[^{}]+?\s*\}\}`` matched the same texts in cubic time; ``.*?`` and attributes
# that could hold ``<`` made xliff:g and tags quadratic.)
_I18NEXT = r"\{\{[^{}]++\}\}"
_XLIFF_G = r"<xliff:g\b[^<>]*+>[^<]*+(?:<(?!/?xliff:g\b)[^<]*+)*+</xliff:g>|<xliff:g\b[^<>]*/>"
_TAG = (
    r"</?[A-Za-z][\w:.-]*+"
    r"(?:\s++[^\s=/<>\"']++(?:\s*+=\s*+(?:\"[^\"<]*+\"|'[^'<]*+'))?)*+\s*+/?>"
)
_TAG_NAME = re.compile(r"</?([^\s/>]+)")


def _tag_key(match: re.Match[str]) -> str:
    text = match.group(0)
    name = _TAG_NAME.match(text)
    assert name is not None
    if text.endswith("/>"):
        return f"<{name.group(1)}/>"
    return f"</{name.group(1)}>" if text.startswith("</") else f"<{name.group(1)}>"


def _i18next_key(match: re.Match[str]) -> str:
    inner = match.group(0)[2:-2].strip().lstrip("-").strip()
    return "{{" + inner.split(",")[0].strip() + "}}"


_ICU_MARKS = re.compile(r"[{}']")


def _icu(text: str) -> Iterator[Placeholder]:
    """Top-level ICU arguments ``{name}``, ``{name, type}``, ``{name, plural, ...}``."""
    if "{" not in text:
        return
    depth = 0
    start = -1
    quoted = False
    for mark in _ICU_MARKS.finditer(text):  # only braces and quotes matter: skip to them
        index, char = mark.start(), mark.group()
        if char == "'" and text[index + 1 : index + 2] in ("{", "}", "'"):
            quoted = not quoted
            continue
        if quoted:
            continue
        if char == "{":
            if depth == 0:
                start = index
            depth += 1
        elif char == "}" and depth:
            depth -= 1
            if depth == 0:
                body = text[start + 1 : index]
                parts = [part.strip() for part in body.split(",", 2)]
                if re.fullmatch(r"[A-Za-z_0-9][\w.]*", parts[0]) and not body.startswith("{"):
                    key = "{" + ", ".join(parts[:2]) + "}"
                    yield Placeholder("icu", text[start : index + 1], start, index + 1, key)


#: Syntax name -> finder, in priority order (earlier wins where matches overlap).
SYNTAXES: dict[str, _Finder] = {
    "android-xliff": _regex_finder("android-xliff", _XLIFF_G, _whole),
    "i18next": _regex_finder("i18next", _I18NEXT, _i18next_key),
    "icu": _icu,
    "python-percent": _regex_finder("python-percent", _PYTHON_PERCENT, _whole),
    "python-brace": _regex_finder("python-brace", _BRACE, _whole),
    "stringsdict": _regex_finder("stringsdict", _STRINGSDICT, _whole),
    "printf": _regex_finder("printf", r"%%|" + _PRINTF, _whole),
    "markup": _regex_finder("markup", _TAG, _tag_key),
}


#: Text every match of each syntax contains: a text without it skips the syntax's scan.
_TRIGGERS = {
    "android-xliff": "<xliff:g",
    "i18next": "{{",
    "icu": "{",
    "python-percent": "%(",
    "python-brace": "{",
    "stringsdict": "%#@",
    "printf": "%",
    "markup": "<",
}


def extract_placeholders(text: str, syntaxes: Iterable[str] | None = None) -> list[Placeholder]:
    """Placeholders of ``text`` in order; overlapping matches go to the earlier syntax."""
    names = _ALL if syntaxes is None else _ordered(tuple(syntaxes))
    taken: list[Placeholder] = []  # disjoint, by start (so their ends are in order too)
    for _name, trigger, finder in names:
        if trigger not in text:  # every match of the syntax holds this text
            continue
        if not taken:  # nothing to overlap: a syntax's own matches are disjoint and in order
            taken = [found for found in finder(text) if found.text != "%%"]
            continue
        starts = [placeholder.start for placeholder in taken]
        kept = [
            found
            for found in finder(text)
            if found.text != "%%" and not _overlaps(taken, starts, found)
        ]
        if kept:  # a syntax's own matches do not overlap: two sorted runs, merged in C
            taken = sorted(taken + kept, key=_start)
    return taken


_Syntax = tuple[str, str, _Finder]  # name, trigger character, finder
_ALL: tuple[_Syntax, ...] = tuple((name, _TRIGGERS[name], SYNTAXES[name]) for name in SYNTAXES)


@functools.lru_cache(maxsize=64)
def _ordered(names: tuple[str, ...]) -> tuple[_Syntax, ...]:
    """The named syntaxes in priority order (each set of names is checked once)."""
    unknown = [name for name in names if name not in SYNTAXES]
    if unknown:
        raise ValueError(f"unknown placeholder syntaxes {unknown}; known: {list(SYNTAXES)}")
    return tuple(syntax for syntax in _ALL if syntax[0] in names)


def _start(placeholder: Placeholder) -> int:
    return placeholder.start


def _overlaps(taken: list[Placeholder], starts: list[int], found: Placeholder) -> bool:
    """Whether ``found`` overlaps one of ``taken`` (disjoint, sorted): only the last one
    starting before ``found`` ends can (a binary search, not a scan of them all)."""
    index = bisect.bisect_left(starts, found.end) - 1
    return index >= 0 and taken[index].end > found.start
