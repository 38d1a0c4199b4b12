"""Text operations behind person-name modifiers: graphemes, initials, monograms, capitals."""

from __future__ import annotations

import unicodedata
from functools import lru_cache

__all__ = ["all_caps", "first_grapheme", "initial_cap", "initials", "monogram"]

_ZWJ = "\u200d"
_JOINERS = frozenset("\u200c\u200d")  # ZWNJ and ZWJ extend graphemes and words
# Word-break MidLetter and MidNumLet characters: a word goes on across them (Gal·la, O'Neil).
_MID_WORD = frozenset(
    "'.:·\u0387\u05f4\u2018\u2019\u2024\u2027\ufe13\ufe52\ufe55\uff07\uff0e\uff1a"
)
# Ideographs and kana: each character is a word of its own for initials (雅婷 → 雅.婷.).
_IDEOGRAPHIC_WORD_RANGES = ((0x3040, 0x30FF), (0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF),
                            (0x20000, 0x3FFFF))  # fmt: skip
# Indic_Conjunct_Break=Linker viramas (Unicode 15.1 rule GB9c): a virama followed by a
# consonant of the same script continues the grapheme cluster (क्ष is one cluster).
_LINKERS = {"\u094d": "Deva", "\u09cd": "Beng", "\u0acd": "Gujr", "\u0b4d": "Orya",
            "\u0c4d": "Telu", "\u0d4d": "Mlym"}  # fmt: skip
_SCRIPT_BLOCKS = {"Deva": 0x0900, "Beng": 0x0980, "Gujr": 0x0A80, "Orya": 0x0B00,
                  "Telu": 0x0C00, "Mlym": 0x0D00}  # fmt: skip
_SPACING_MARK_EXTRAS = frozenset("\u0e33\u0eb3")  # Thai/Lao SARA AM are SpacingMark (GB9a)
# Spacing marks that UAX #29 leaves out of SpacingMark: they start a new cluster (ဟာ → ဟ).
_NOT_SPACING_MARKS = frozenset(
    "\u102b\u102c\u1038\u1062\u1063\u1064\u1067\u1068\u1069\u106a\u106b\u106c\u106d"
    "\u1083\u1087\u1088\u1089\u108a\u108b\u108c\u108f\u109a\u109b\u109c"
    "\u1a61\u1a63\u1a64\uaa7b\uaa7d\U00011720\U00011721"
)


def _extends(previous: str, char: str) -> bool:
    category = unicodedata.category(char)
    if char in _NOT_SPACING_MARKS:
        return False
    if category in ("Mn", "Mc", "Me") or char in _JOINERS or char in _SPACING_MARK_EXTRAS:
        return True
    if 0x1F3FB <= ord(char) <= 0x1F3FF:  # emoji skin-tone modifiers
        return True
    script = _LINKERS.get(previous)
    if script is not None and category == "Lo":
        block = _SCRIPT_BLOCKS[script]
        return block <= ord(char) < block + 0x80
    return False


def first_grapheme(text: str) -> str:
    """The first extended grapheme cluster of ``text`` (combining marks, conjuncts, ZWJ).

    >>> first_grapheme('क्षमा')
    'क्ष'
    >>> first_grapheme('e\u0301tienne')
    'e\u0301'
    """
    if not text:
        return ""
    end = 1
    while end < len(text) and _extends(text[end - 1], text[end]):
        end += 1
    if end < len(text) and text[end - 1] == _ZWJ:
        end += 1
    return text[:end]


def _is_word_char(char: str) -> bool:
    return unicodedata.category(char)[0] in "LMN" or char in _JOINERS


def _is_ideograph(char: str) -> bool:
    code = ord(char)
    return code >= 0x3040 and any(low <= code <= high for low, high in _IDEOGRAPHIC_WORD_RANGES)


def _words(text: str) -> list[str]:
    """Split like a word break iterator: letter runs (across ``·``, ``'``…), spaces, others."""
    pieces: list[str] = []
    index = 0
    while index < len(text):
        end = index + 1
        if _is_word_char(text[index]) and not _is_ideograph(text[index]):
            while end < len(text) and not _is_ideograph(text[end]):
                if _is_word_char(text[end]):
                    end += 1
                elif text[end] in _MID_WORD and _is_inner(text, end + 1):
                    end += 2
                else:
                    break
        pieces.append(text[index:end])
        index = end
    return pieces


def _is_inner(text: str, index: int) -> bool:
    return index < len(text) and _is_word_char(text[index]) and not _is_ideograph(text[index])


@lru_cache(maxsize=4096)
def initials(text: str, initial: str, sequence: str, *, retain: bool = False) -> str:
    """Initials of each word, e.g. ``Mary Beth`` → ``M. B.`` with ``{0}.`` and ``{0} {1}``.

    With ``retain``, punctuation between words is kept instead of the sequence pattern
    (``Jean-Luc`` → ``J.-L.``).

    >>> initials('Mary Beth', '{0}.', '{0} {1}')
    'M. B.'
    >>> initials('Jean-Luc', '{0}.', '{0} {1}', retain=True)
    'J.-L.'
    """
    result: str | None = None
    separator = ""
    for word in _words(text):
        if unicodedata.category(word[0]).startswith("L"):
            letter = initial.replace("{0}", first_grapheme(word))
            if result is None:
                result = letter
            elif retain:
                result = result + separator + letter
            else:
                result = sequence.replace("{0}", result, 1).replace("{1}", letter, 1)
            separator = ""
        elif word[0].isspace():
            separator += word[0]
        else:
            separator += word
    return result or ""


def monogram(text: str) -> str:
    """The first grapheme cluster, as used in monograms.

    >>> monogram('Ada')
    'A'
    """
    return first_grapheme(text)


_GREEK_ACCENTS = frozenset("\u0301\u0300\u0342\u0313\u0314\u0345\u0308")


def all_caps(text: str, language: str) -> str:
    """Uppercase with the language's special cases (Turkic dotted i, Greek without accents).

    >>> all_caps('istanbul', 'tr')
    'İSTANBUL'
    >>> all_caps('Ελένη', 'el')
    'ΕΛΕΝΗ'
    """
    if language in ("tr", "az"):
        text = text.replace("i", "İ")
    upper = text.upper()
    if language == "el":
        decomposed = unicodedata.normalize("NFD", upper)
        upper = unicodedata.normalize(
            "NFC", "".join(c for c in decomposed if c not in _GREEK_ACCENTS)
        )
    return upper


def initial_cap(text: str, language: str) -> str:
    """Titlecase the first cased letter of the whole string, leaving the rest as is.

    >>> initial_cap('van den', 'nl')
    'Van den'
    """
    for index, char in enumerate(text):
        if char.isalpha():
            if language == "nl" and text[index : index + 2].lower() == "ij":
                return text[:index] + "IJ" + text[index + 2 :]
            titled = "İ" if char == "i" and language in ("tr", "az") else char.title()
            return text[:index] + titled + text[index + 1 :]
    return text
