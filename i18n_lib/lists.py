"""Lists joined the locale's way ("a, b, and c"; "a, b o c"), with patterns resolved once."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import Literal

from babel import Locale

from i18n_lib._locale import LocaleArg, to_locale

__all__ = ["ListJoiner", "ListStyle", "format_list", "list_joiner"]

ListStyle = Literal[
    "standard",
    "standard-short",
    "standard-narrow",
    "or",
    "or-short",
    "or-narrow",
    "unit",
    "unit-short",
    "unit-narrow",
]


# Babel's fallback order between styles (babel.lists._style_fallbacks), ending in standard.
_STYLE_FALLBACKS = {
    "standard-short": ("standard",),
    "standard-narrow": ("standard-short", "standard"),
    "or": ("standard",),
    "or-short": ("or", "standard"),
    "or-narrow": ("or-short", "or", "standard"),
    "unit": ("unit-short", "standard"),
    "unit-short": ("standard",),
    "unit-narrow": ("unit-short", "unit", "standard"),
}


def _style_data(locale: Locale, style: str) -> dict[str, str] | None:
    patterns = locale.list_patterns
    if style not in patterns:
        return None
    try:
        return {key: str(value) for key, value in patterns[style].items()}
    except KeyError:  # Babel's data has aliases to styles it does not carry
        return None


def _patterns(loc: Locale, style: str) -> tuple[str, str, str, str]:
    """The ``(two, start, middle, end)`` patterns of ``style``, each from the first style
    along the fallback chain that has it."""
    if style != "standard" and style not in _STYLE_FALLBACKS:
        raise ValueError(f"unknown list style {style!r}")
    chain = [
        data for s in (style, *_STYLE_FALLBACKS.get(style, ())) if (data := _style_data(loc, s))
    ]
    if not chain:
        raise ValueError(f"locale {loc} has no list style {style!r}")

    def part(name: str) -> str:
        return next((data[name] for data in chain if name in data), "")

    return part("2"), part("start"), part("middle"), part("end")


#: A list pattern compiled for one locale and style: ``joiner(items)`` joins them.
ListJoiner = Callable[[Sequence[str]], str]

# The one cache of this module, keyed by the caller's locale argument and the style.
_JOINERS: dict[tuple[LocaleArg, str], ListJoiner] = {}
_JOINER_LIMIT = 2048


def list_joiner(locale: LocaleArg, style: ListStyle = "standard") -> ListJoiner:
    """The compiled joiner of ``locale`` and ``style``: what :func:`format_list` and
    :class:`i18n_lib.LocaleFormatter` join with, built once and kept.

    >>> join = list_joiner('de')
    >>> join(['a', 'b', 'c']), join(['a'])
    ('a, b und c', 'a')
    """
    key = (locale, style)
    joiner = _JOINERS.get(key)
    if joiner is None:
        loc = to_locale(locale)
        patterns = _patterns(loc, style)
        joiner = _compile_joiner(*patterns)
        contextual = _CONTEXTUAL.get(loc.language)
        if contextual is not None:
            joiner = _contextual_joiner(joiner, patterns, contextual)
        if len(_JOINERS) < _JOINER_LIMIT:
            _JOINERS[key] = joiner
    return joiner


# ICU's contextual list joins (ListFormatter): Spanish "y" becomes "e" before an /i/
# sound and "o" becomes "u" before an /o/ sound; Hebrew "ו" takes a hyphen before a
# word not in Hebrew letters. (connector, replacement, what the last item matches)
_CONTEXTUAL: dict[str, tuple[tuple[str, str, re.Pattern[str]], ...]] = {
    "es": (
        (" y {1}", " e {1}", re.compile(r"(?i)(i|hi|hi[^ae].*|i.*)$")),
        (" o {1}", " u {1}", re.compile(r"(?i)((o|ho|8).*|11)$")),
    ),
    "he": ((" ו{1}", " ו-{1}", re.compile(r"[^\u0590-\u05ff].*$", re.S)),),
}


def _contextual_joiner(
    plain: ListJoiner,
    patterns: tuple[str, str, str, str],
    rules: tuple[tuple[str, str, re.Pattern[str]], ...],
) -> ListJoiner:
    alternatives: list[tuple[re.Pattern[str], ListJoiner]] = []
    two, start, middle, end = patterns
    for connector, replacement, matches in rules:
        if connector in two or connector in end:
            changed = _compile_joiner(
                two.replace(connector, replacement), start, middle,
                end.replace(connector, replacement),
            )  # fmt: skip
            alternatives.append((matches, changed))
    if not alternatives:
        return plain

    def join(items: Sequence[str]) -> str:
        if len(items) > 1:
            for matches, changed in alternatives:
                if matches.match(items[-1]):
                    return changed(items)
        return plain(items)

    return join


def _pieces(pattern: str) -> tuple[str, str, str] | None:
    """``(a, b, c)`` with ``pattern == a + '{0}' + b + '{1}' + c``, None if not that shape."""
    head, zero, rest = pattern.partition("{0}")
    middle, one, tail = rest.partition("{1}")
    if not (zero and one) or "{" in head + middle + tail or "}" in head + middle + tail:
        return None
    return head, middle, tail


def _compile_joiner(two: str, start: str, middle: str, end: str) -> ListJoiner:
    pieces = [_pieces(pattern) for pattern in (two, start, middle, end)]
    if any(p is None for p in pieces[1:]) or (two and pieces[0] is None):
        return lambda items: _join_by_format(items, two, start, middle, end)
    t0, t1, t2 = pieces[0] or ("", "", "")
    s0, s1, s2 = pieces[1] or ("", "", "")
    m0, m1, m2 = pieces[2] or ("", "", "")
    e0, e1, e2 = pieces[3] or ("", "", "")

    # Every CLDR list pattern reads "a{0}b{1}c": f-strings join as str.format would.
    def join(items: Sequence[str]) -> str:
        count = len(items)
        if count < 2:
            return items[0] if items else ""
        if count == 2 and two:
            return f"{t0}{items[0]}{t1}{items[1]}{t2}"
        result = f"{s0}{items[0]}{s1}{items[1]}{s2}"
        for item in items[2:-1]:
            result = f"{m0}{result}{m1}{item}{m2}"
        return f"{e0}{result}{e1}{items[-1]}{e2}"

    return join


def _join_by_format(items: Sequence[str], two: str, start: str, middle: str, end: str) -> str:
    if len(items) < 2:
        return items[0] if items else ""
    if len(items) == 2 and two:
        return two.format(items[0], items[1])
    result = start.format(items[0], items[1])
    for item in items[2:-1]:
        result = middle.format(result, item)
    return end.format(result, items[-1])


def format_list(items: Sequence[str], locale: LocaleArg, *, style: ListStyle = "standard") -> str:
    """Join ``items`` with the locale's list pattern for ``style``, as ICU does.

    Babel's output, plus ICU's contextual joins: Spanish ``y``/``o`` become ``e``/``u``
    before /i/ and /o/ sounds, Hebrew ``ו`` takes a hyphen before a non-Hebrew word.

    Where Babel's data for a style is partial or a dangling alias (Arabic ``unit-short``
    has no two-item pattern, so Babel repeats the last item; ``standard-narrow`` raises
    ``KeyError``), we fall back along CLDR's style chain instead.

    >>> format_list(['a', 'b', 'c'], 'en')
    'a, b, and c'
    >>> format_list(['a', 'b'], 'es', style='or')
    'a o b'
    >>> format_list(['Juan', 'Inés'], 'es'), format_list(['siete', 'ocho'], 'es', style='or')
    ('Juan e Inés', 'siete u ocho')
    >>> format_list(['תפוח', 'Apple'], 'he')
    'תפוח ו-Apple'
    >>> format_list(['3 ft', '7 in'], 'en', style='unit-narrow')
    '3 ft 7 in'
    >>> format_list([], 'en'), format_list(['solo'], 'ja')
    ('', 'solo')
    """
    joiner = _JOINERS.get((locale, style))
    if joiner is None:
        joiner = list_joiner(locale, style)
    return joiner(items)
