"""Lists joined the locale's way ("a, b, and c"; "a, b o c"), with patterns resolved once."""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from typing import Literal

from babel import Locale

from i18n_lib._locale import LocaleArg, to_locale

__all__ = ["ListStyle", "format_list"]

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


@lru_cache(maxsize=2048)
def _patterns(locale: LocaleArg, style: str) -> tuple[str, str, str, str]:
    loc = to_locale(locale)
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


def format_list(items: Sequence[str], locale: LocaleArg, *, style: ListStyle = "standard") -> str:
    """Join ``items`` with the locale's list pattern for ``style`` (Babel's output).

    Where Babel's data for a style is partial or a dangling alias (Arabic ``unit-short``
    has no two-item pattern, so Babel repeats the last item; ``standard-narrow`` raises
    ``KeyError``), we fall back along CLDR's style chain instead.

    >>> format_list(['a', 'b', 'c'], 'en')
    'a, b, and c'
    >>> format_list(['a', 'b'], 'es', style='or')
    'a o b'
    >>> format_list(['3 ft', '7 in'], 'en', style='unit-narrow')
    '3 ft 7 in'
    >>> format_list([], 'en'), format_list(['solo'], 'ja')
    ('', 'solo')
    """
    if len(items) < 2:
        return items[0] if items else ""
    two, start, middle, end = _patterns(locale, style)
    if len(items) == 2 and two:
        return two.format(items[0], items[1])
    result = start.format(items[0], items[1])
    for item in items[2:-1]:
        result = middle.format(result, item)
    return end.format(result, items[-1])
