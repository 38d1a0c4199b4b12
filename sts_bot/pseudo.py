"""Pseudo-localization (pure): accented, longer, bracketed text, or right-to-left text.

Android's conventions: ``en-XA`` turns "Hello %s" into "[Ĥéļļö %s one two]" (every letter
accented, about 40% longer, bracketed, so truncation and hard-coded strings show), and
``ar-XB`` wraps every word in right-to-left overrides (so mirrored layouts show). Every
placeholder and markup tag that ``catalog.qa.extract_placeholders`` finds is kept as is.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping

from catalog.qa import extract_placeholders, plural_categories

__all__ = [
    "DEFAULT_PSEUDO_LOCALES",
    "EXPANSION",
    "pseudo_style",
    "pseudo_text",
    "pseudo_value",
]

#: ``translate pseudo`` without arguments: Android's two pseudo-locales.
DEFAULT_PSEUDO_LOCALES = ("en-XA", "ar-XB")
#: How much longer an accented pseudo string is than its source (German runs ~30% longer).
EXPANSION = 0.4
RTL_LANGUAGES = frozenset({"ar", "he", "fa", "ur", "ps", "sd", "ug", "yi", "dv", "ckb"})

_ACCENTED = str.maketrans(
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ",
    "àƀçđéƒĝĥîĵķļɱñöþǫŕšţûṽŵẋýžÀƁÇĐÉƑĜĤÎĴĶĻṀÑÖÞǪŔŠŢÛṼŴẊÝŽ",
)
_PADDING = ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten")
_ENTITY = re.compile(r"&(?:[A-Za-z][A-Za-z0-9]*|#[0-9]+|#x[0-9A-Fa-f]+);")
_WORD = re.compile(r"\S+")
RLM, RLO, PDF = "\u200f", "\u202e", "\u202c"


def pseudo_style(locale: str) -> str:
    """``bidi`` for a right-to-left language, ``accented`` otherwise.

    >>> pseudo_style("ar-XB"), pseudo_style("en-XA"), pseudo_style("he")
    ('bidi', 'accented', 'bidi')
    """
    return "bidi" if locale.split("-")[0].lower() in RTL_LANGUAGES else "accented"


def pseudo_text(text: str, style: str, max_length: int | None = None) -> str:
    """One text pseudo-localized, its placeholders, markup and entities untouched.

    >>> pseudo_text("Hello %s", "accented")
    '[Ĥéļļö %s one]'
    >>> pseudo_text("Hi <b>{name}</b>", "bidi") == (
    ...     "\u200f\u202eHi\u202c\u200f <b>{name}</b>")
    True
    >>> pseudo_text("", "accented")
    ''
    """
    if not text.strip():
        return text
    pieces = _split(text)
    if style == "bidi":
        return "".join(
            piece if kept else _WORD.sub(lambda m: f"{RLM}{RLO}{m.group()}{PDF}{RLM}", piece)
            for piece, kept in pieces
        )
    if style != "accented":
        raise ValueError(f"unknown pseudo-localization style {style!r}")
    body = "".join(piece if kept else piece.translate(_ACCENTED) for piece, kept in pieces)
    return _bracketed(body, len(text), max_length)


def pseudo_value(
    value: str | Mapping[str, str],
    locale: str,
    *,
    kind: str = "string",
    max_length: int | None = None,
) -> str | dict[str, str]:
    """A string, plural forms or array items pseudo-localized for ``locale``.

    Plural forms the locale needs but the source lacks are made from its ``other`` form.
    """
    style = pseudo_style(locale)
    if isinstance(value, str):
        return pseudo_text(value, style, max_length)
    forms = {form: pseudo_text(text, style, max_length) for form, text in value.items()}
    if kind == "plural":
        language = locale.split("-")[0]
        fallback = forms.get("other", next(iter(forms.values()), ""))
        for category in plural_categories(language):
            forms.setdefault(category, fallback)
    return forms


def _split(text: str) -> list[tuple[str, bool]]:
    """``text`` as (piece, kept) runs: placeholders, markup and entities are kept."""
    spans = [(p.start, p.end) for p in extract_placeholders(text)]
    spans += [
        (m.start(), m.end())
        for m in _ENTITY.finditer(text)
        if not any(m.start() < end and start < m.end() for start, end in spans)
    ]
    pieces: list[tuple[str, bool]] = []
    at = 0
    for start, end in sorted(spans):
        if start > at:
            pieces.append((text[at:start], False))
        pieces.append((text[start:end], True))
        at = end
    if at < len(text):
        pieces.append((text[at:], False))
    return pieces


def _bracketed(body: str, source_length: int, max_length: int | None) -> str:
    """``[body pad]`` about ``EXPANSION`` longer than the source, never over ``max_length``."""
    wanted = math.ceil(source_length * (1 + EXPANSION))
    padding: list[str] = []
    index = 0
    while len(body) + 2 + sum(len(w) + 1 for w in padding) < wanted:
        padding.append(_PADDING[index % len(_PADDING)])
        index += 1
    result = "[" + " ".join([body, *padding]) + "]"
    if max_length is not None and len(result) > max_length:
        result = "[" + body + "]" if len(body) + 2 <= max_length else body
    return result
