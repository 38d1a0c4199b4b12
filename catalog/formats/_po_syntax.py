r"""gettext PO string syntax: C escapes, and keyword lines wrapped the way msgcat wraps them.

>>> unescape(r'Tab\there \"quoted\"\n')
'Tab\there "quoted"\n'
>>> escape('a "b"\n')
'a \\"b\\"\\n'
>>> field_lines("msgstr", "short")
['msgstr "short"']
"""

from __future__ import annotations

import re

__all__ = ["WRAP_WIDTH", "escape", "field_lines", "unescape"]

#: msgcat's default: no line longer than 79 columns.
WRAP_WIDTH = 79

#: The C escapes a letter names (a backslash before the letter), letter -> character.
_SIMPLE = dict(zip("ntrvbfa\\\"'?", "\n\t\r\v\b\f\a\\\"'?", strict=True))
_ESCAPE_SEQUENCE = re.compile(r"\\(?:([ntrvbfa\\\"'?])|([0-7]{1,3})|x([0-9a-fA-F]{1,2}))")
#: What escape writes: a backslash and the letter for every character but ' and ?
_TO_ESCAPE = {char: "\\" + letter for letter, char in _SIMPLE.items() if letter not in "'?"}
_NEEDS_ESCAPE = re.compile(r'[\\"\n\t\r\v\b\f\a]')


def _unescape_one(match: re.Match[str]) -> str:
    simple, octal, hexa = match.groups()
    if simple is not None:
        return _SIMPLE[simple]
    return chr(int(octal, 8) if octal is not None else int(hexa, 16))


# A backslash followed by anything but n, " or t (including another backslash).
_UNCOMMON_ESCAPE = re.compile(r'\\[^n"t]')


def unescape(text: str) -> str:
    r"""Decode the C escapes of a PO string's content (without its quotes).

    >>> unescape(r'say \"hi\"\n\tnow'), unescape(r'\\n \101 \x41')
    ('say "hi"\n\tnow', '\\n A A')
    """
    if "\\" not in text:
        return text
    if _UNCOMMON_ESCAPE.search(text) is None:
        # every backslash starts one of these three escapes: replacing them in turn
        # cannot make a new one (no backslash is added), and is faster than a
        # Python call per escape
        return text.replace("\\n", "\n").replace('\\"', '"').replace("\\t", "\t")
    return _ESCAPE_SEQUENCE.sub(_unescape_one, text)


def escape(text: str) -> str:
    """Encode a string as the content of a PO string literal."""
    if _NEEDS_ESCAPE.search(text) is None:  # the usual text: nothing to escape
        return text
    return _NEEDS_ESCAPE.sub(_escaped, text)


def _escaped(match: re.Match[str]) -> str:
    return _TO_ESCAPE[match.group()]


def _chunks(text: str, room: int) -> list[str]:
    """Escaped pieces of ``text``: broken after each newline, then at spaces to fit ``room``."""
    pieces: list[str] = []
    for line in re.split(r"(?<=\n)", text):
        if not line:
            continue
        escaped = escape(line)
        while room > 0 and len(escaped) > room:
            cut = escaped.rfind(" ", 0, room)
            if cut <= 0:
                break
            pieces.append(escaped[: cut + 1])
            escaped = escaped[cut + 1 :]
        pieces.append(escaped)
    return pieces


def field_lines(keyword: str, text: str, *, prefix: str = "", width: int = WRAP_WIDTH) -> list[str]:
    """Lines of ``keyword "text"``, one line when it fits, else msgcat's multi-line form.

    ``width`` 0 means no wrapping at spaces (``msgcat --no-wrap``); lines still break
    after an embedded newline.

    >>> field_lines("msgid", "one\\ntwo")
    ['msgid ""', '"one\\\\n"', '"two"']
    """
    single = f'{prefix}{keyword} "{escape(text)}"'
    if (width == 0 or len(single) <= width) and "\n" not in text.rstrip("\n"):
        return [single]
    pieces = _chunks(text, width - len(prefix) - 2 if width else 0)
    return [f'{prefix}{keyword} ""', *(f'{prefix}"{piece}"' for piece in pieces)]
