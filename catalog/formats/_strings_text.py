r"""Quoted-string escaping of Apple ``.strings`` files (old-style property lists).

>>> unescape(r'Say \"hi\"\nnow \U00e9')
'Say "hi"\nnow é'
>>> escape('Say "hi"\nnow')
'Say \\"hi\\"\\nnow'
"""

from __future__ import annotations

import re

__all__ = ["escape", "unescape"]

_ESCAPE = re.compile(r"\\(?:[Uu]([0-9A-Fa-f]{4})|([0-7]{1,3})|(.)|$)", re.DOTALL)
_SIMPLE = {"n": "\n", "t": "\t", "r": "\r", "a": "\a", "b": "\b", "f": "\f", "v": "\v"}
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _replace(match: re.Match[str]) -> str:
    hex_code, octal, char = match.groups()
    if hex_code is not None:
        return chr(int(hex_code, 16))
    if octal is not None:
        return chr(int(octal, 8))
    if char is None:
        return ""
    return _SIMPLE.get(char, char)


def unescape(raw: str) -> str:
    """The text of a quoted string's content (between the quotes)."""
    return _ESCAPE.sub(_replace, raw) if "\\" in raw else raw


def escape(text: str) -> str:
    """Quoted-string content that reads back as ``text``."""
    escaped = (
        text.replace("\\", "\\\\")
        .replace('"', '\\"')
        .replace("\n", "\\n")
        .replace("\r", "\\r")
        .replace("\t", "\\t")
    )
    return _CONTROL.sub(lambda m: f"\\U{ord(m.group(0)):04x}", escaped)
