"""Decoding and encoding file bytes: size cap, BOM sniffing, encoding errors as FormatError."""

from __future__ import annotations

import codecs
from dataclasses import dataclass

from catalog.base import MAX_BYTES, FormatError

__all__ = ["TextInfo", "check_size", "check_value", "decode", "encode"]

_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


@dataclass(frozen=True)
class TextInfo:
    """How a text was stored: its encoding and whether it had a byte order mark."""

    encoding: str = "utf-8"
    bom: bytes = b""


def check_size(path: str, data: bytes) -> None:
    """Refuse files over the size cap."""
    if len(data) > MAX_BYTES:
        raise FormatError(
            f"file is {len(data):,} bytes, over the {MAX_BYTES:,}-byte limit", path=path
        )


def sniff(data: bytes, *, allow_utf16: bool = False) -> TextInfo:
    """Encoding from a BOM, or from NUL-byte patterns when UTF-16 is allowed (else UTF-8).

    >>> sniff(b"\\xef\\xbb\\xbfa")
    TextInfo(encoding='utf-8', bom=b'\\xef\\xbb\\xbf')
    >>> sniff('"a"'.encode("utf-16-le"), allow_utf16=True).encoding
    'utf-16-le'
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            if encoding.startswith("utf-32") and not allow_utf16:
                continue
            return TextInfo(encoding, bom)
    if allow_utf16 and len(data) >= 2:
        sample = data[:200]
        even_nuls = sample[0::2].count(0)
        odd_nuls = sample[1::2].count(0)
        half = len(sample) // 4
        if odd_nuls > half and even_nuls == 0:
            return TextInfo("utf-16-le")
        if even_nuls > half and odd_nuls == 0:
            return TextInfo("utf-16-be")
    return TextInfo("utf-8")


def decode(path: str, data: bytes, *, allow_utf16: bool = False) -> tuple[str, TextInfo]:
    """Decode file bytes (size-capped), reporting the line of any invalid byte."""
    check_size(path, data)
    info = sniff(data, allow_utf16=allow_utf16)
    body = data[len(info.bom) :]
    try:
        return body.decode(info.encoding), info
    except UnicodeDecodeError as error:
        good = body[: error.start].decode(info.encoding, errors="replace")
        line = good.count("\n") + 1
        column = len(good) - (good.rfind("\n") + 1) + 1
        raise FormatError(
            f"invalid {info.encoding} byte sequence ({error.reason}); "
            f"save the file as {info.encoding.upper()}",
            path=path,
            line=line,
            column=column,
        ) from None


def encode(text: str, info: TextInfo, *, errors: str = "strict") -> bytes:
    """Encode text back with its original encoding and BOM.

    XML formats pass ``errors="xmlcharrefreplace"`` so characters a legacy encoding
    (e.g. ISO-8859-1) cannot hold are written as character references.
    """
    return info.bom + text.encode(info.encoding, errors)


def check_value(key: str, value: object) -> None:
    """Refuse values no encoding can write (lone surrogates), naming the key.

    >>> check_value("k", "ok")
    >>> check_value("k", {"one": chr(0xD800)})
    Traceback (most recent call last):
    ...
    ValueError: value of 'k' contains a lone surrogate (U+D800), which no file can hold
    """
    texts = [value] if isinstance(value, str) else list(getattr(value, "values", list)())
    for text in [key, *texts]:
        for char in text:
            if 0xD800 <= ord(char) <= 0xDFFF:
                raise ValueError(
                    f"value of {key!r} contains a lone surrogate (U+{ord(char):04X}), "
                    "which no file can hold"
                )
