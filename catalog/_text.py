"""Decoding and encoding file bytes: size cap, BOM sniffing, encoding errors as FormatError."""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

from catalog.base import MAX_BYTES, FormatError

__all__ = [
    "TextInfo",
    "check_not_utf8",
    "check_size",
    "check_value",
    "decode",
    "encode",
    "text_codec",
]

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


#: Characters XML 1.0 cannot hold, even as a character reference (its ``Char`` production).
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_SURROGATE = re.compile("[\ud800-\udfff]")


def check_value(
    key: str,
    value: object,
    *,
    comment: str | None = None,
    xml: bool = False,
    encoding: str | None = None,
) -> None:
    """Refuse, naming the key and the character, text the file cannot hold and read back:
    lone surrogates (no encoding writes them), characters outside XML 1.0 (``xml``: NUL,
    C0 controls, U+FFFE/U+FFFF) and characters ``encoding`` cannot write. Linear in the text.

    >>> check_value("k", "ok")
    >>> check_value("k", {"one": chr(0xD800)})
    Traceback (most recent call last):
    ...
    ValueError: value of 'k' contains a lone surrogate (U+D800), which no file can hold
    >>> check_value("k", "a\\x00b".encode().decode("unicode_escape"), xml=True)
    Traceback (most recent call last):
    ...
    ValueError: value of 'k' contains U+0000, which XML cannot hold
    >>> check_value("k", "€", encoding="iso8859-1")
    Traceback (most recent call last):
    ...
    ValueError: value of 'k' contains U+20AC, which the file's encoding iso8859-1 cannot hold
    """
    texts = [value] if isinstance(value, str) else list(getattr(value, "values", list)())
    texts = [key, *texts, *([comment] if comment else [])]
    for text in texts:
        if not isinstance(text, str):
            raise ValueError(f"value of {key!r} must be text, not {type(text).__name__}")
        found = _SURROGATE.search(text)
        if found is not None:
            raise ValueError(
                f"value of {key!r} contains a lone surrogate (U+{ord(found.group()):04X}), "
                "which no file can hold"
            )
        if xml:
            found = _NOT_XML.search(text)
            if found is not None:
                raise ValueError(
                    f"value of {key!r} contains U+{ord(found.group()):04X}, which XML cannot hold"
                )
        if encoding is not None:
            try:
                text.encode(encoding)
            except UnicodeEncodeError as error:
                char = ord(text[error.start])
                raise ValueError(
                    f"value of {key!r} contains U+{char:04X}, which the file's encoding "
                    f"{encoding} cannot hold"
                ) from None


def check_not_utf8(path: str, data: bytes, declared: str) -> None:
    """Refuse bytes declared in a legacy encoding that are UTF-8 beyond ASCII (they would
    read, and be written back, as mojibake). Real legacy text almost never decodes as UTF-8.
    """
    if data.isascii() or codecs.lookup(declared).name == "ascii":
        return  # nothing to mistake (ASCII's own decoding error names the byte)
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return
    raise FormatError(
        f"the file declares encoding {declared!r} but its bytes are UTF-8; "
        "declare UTF-8 (or save the file in the declared encoding)",
        path=path,
    )


_ASCII = bytes(range(128))


def text_codec(name: str, *, path: str, line: int | None = None) -> str:
    """The codec for a declared charset or XML encoding, when it is an ASCII-compatible
    text encoding (every ASCII byte is that character, both ways); else FormatError.

    Refused by that rule: codecs that are not text encodings (``zlib``, ``base64``,
    ``hex``, ``rot13``, ``undefined``), stateful or transforming ones (``utf-7``, ``idna``,
    ``punycode``), and UTF-16/32 or EBCDIC declared without the bytes to match.

    >>> text_codec("ISO-8859-1", path="a.po")
    'iso8859-1'
    >>> text_codec("zlib", path="a.po")
    Traceback (most recent call last):
    ...
    catalog.base.FormatError: a.po: encoding 'zlib' is not a text encoding this format can use
    """
    try:
        info = codecs.lookup(name)
        usable = getattr(info, "_is_text_encoding", True) and (
            _ASCII.decode(info.name) == _ASCII.decode("ascii")
            and _ASCII.decode("ascii").encode(info.name) == _ASCII
        )
    except (LookupError, UnicodeError, ValueError, TypeError):
        usable = False
    if not usable:
        raise FormatError(
            f"encoding {name!r} is not a text encoding this format can use", path=path, line=line
        )
    return info.name
