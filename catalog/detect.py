"""Format detection from a file's path and, where the path is ambiguous, its content."""

from __future__ import annotations

import importlib
import json
import re
from pathlib import PurePosixPath
from types import ModuleType

from catalog._text import check_size, decode
from catalog.base import FormatError

__all__ = ["FORMATS", "detect_format", "format_module"]

#: Format name -> module implementing it (imported on first use). Each module exposes
#: ``FORMAT: str`` and ``parse(path: str, data: bytes) -> Document``.
FORMATS: dict[str, str] = {
    "android": "catalog.formats.android",
    "ios-strings": "catalog.formats.ios_strings",
    "ios-stringsdict": "catalog.formats.ios_stringsdict",
    "json": "catalog.formats.json_kv",
    "arb": "catalog.formats.arb",
    "po": "catalog.formats.po",
    "xliff": "catalog.formats.xliff",
}

_BY_SUFFIX = {
    ".strings": "ios-strings",
    ".stringsdict": "ios-stringsdict",
    ".arb": "arb",
    ".po": "po",
    ".pot": "po",
    ".xlf": "xliff",
    ".xliff": "xliff",
}


def format_module(name: str) -> ModuleType:
    """The module implementing format ``name``; ValueError for an unknown name."""
    try:
        module_path = FORMATS[name]
    except KeyError:
        known = ", ".join(sorted(FORMATS))
        raise ValueError(f"unknown catalog format {name!r} (known: {known})") from None
    return importlib.import_module(module_path)


def detect_format(path: str, data: bytes | None = None) -> str:
    """Format name of a file, from its path and, where needed, its content.

    >>> detect_format("app/src/main/res/values-fr/strings.xml")
    'android'
    >>> detect_format("fr.lproj/Localizable.strings")
    'ios-strings'
    >>> detect_format("locales/en.json", b'{"hello": "Hello"}')
    'json'
    >>> detect_format("l10n/app_en.json", b'{"@@locale": "en", "hi": "Hi"}')
    'arb'
    """
    pure = PurePosixPath(path.replace("\\", "/"))
    suffix = pure.suffix.lower()
    if suffix in _BY_SUFFIX:
        return _BY_SUFFIX[suffix]
    if suffix == ".xml":
        if pure.parent.name.startswith("values") or _looks_like_android(data):
            return "android"
        if data is not None and b"<xliff" in data[:4096]:
            return "xliff"
    if suffix == ".json":
        return "json" if data is None else _json_or_arb(path, data)
    raise FormatError(
        "cannot tell the catalog format from the file name; expected one of "
        "res/values*/*.xml, .strings, .stringsdict, .json, .arb, .po, .pot, .xlf, .xliff",
        path=path,
    )


# After a quote and "@" (written plainly or escaped): what could make a file ARB, at any
# depth: a key starting with "@@", or with "@" and holding an object.
_ARB_KEY_REST = re.compile(
    rb'(?:@|\\u0040)(?:@|\\u0040|[^"\\]*+(?:\\.[^"\\]*+)*+"[ \t\n\r]*+:[ \t\n\r]*+\{)',
    re.DOTALL,
)
_AT_QUOTES = (b'"@', b'"\\u0040')
_MAX_AT_QUOTES = 64
_MAX_BLANKS = 256
_WIDE_JSON = (b"\xff\xfe", b"\xfe\xff")


def _json_or_arb(path: str, data: bytes) -> str:
    """'arb' when a top-level key is ``@@locale`` or an ``@key`` holds an object.

    Cheap for the usual file: one search of the bytes for an ``@@`` key or an ``@key``
    holding an object; only a file that has one is read by ``json`` (in C, after the
    size cap) to see whether it is at the top level. The format's reader reads the file
    after that, on its own.
    """
    check_size(path, data)  # before anything reads the whole file
    narrow = b"\x00" not in data[:4] and not data.startswith(_WIDE_JSON)
    if narrow and not _may_be_arb(data):
        return "json"
    try:
        text = decode(path, data)[0]
    except FormatError:
        return "json"  # the JSON reader reports the bad bytes
    return "arb" if _top_level_arb(text) else "json"


def _may_be_arb(data: bytes) -> bool:
    """Whether UTF-8 or ASCII bytes may hold an object key that makes the file ARB.

    Quotes followed by "@" are found with ``bytes.find``; one opens a key when "{" or ","
    and whitespace precede it. Inside a string a quote never does (it would end the
    string, or follow a backslash), so no key's text is scanned twice. Past a few dozen
    such quotes, or a long run of whitespace, the answer is "maybe" (``json`` decides).
    """
    seen = 0
    for needle in _AT_QUOTES:
        at = data.find(needle)
        while at >= 0:
            seen += 1
            if seen > _MAX_AT_QUOTES:
                return True
            before, stop = at - 1, max(at - _MAX_BLANKS, 0) - 1
            while before > stop and data[before] in b" \t\n\r":
                before -= 1
            if before == stop and stop >= 0:
                return True
            if before >= 0 and data[before] in b"{," and _ARB_KEY_REST.match(data, at + 1):
                return True
            at = data.find(needle, at + 1)
    return False


class _Object:
    """What ``json`` makes of an object while detection reads a file (its members apart)."""

    __slots__ = ()


_OBJECT = _Object()


def _top_level_arb(text: str) -> bool:
    """Whether the top-level object has ``@@locale`` or an ``@key`` holding an object."""
    objects: list[list[tuple[str, object]]] = []

    def keep_last(pairs: list[tuple[str, object]]) -> _Object:
        objects[:] = [pairs]  # the top-level object is the last one read
        return _OBJECT

    try:
        parsed = json.loads(text, object_pairs_hook=keep_last)
    except (ValueError, RecursionError):
        return False
    if parsed is not _OBJECT:
        return False
    return any(
        key == "@@locale" or (key.startswith("@") and value is _OBJECT) for key, value in objects[0]
    )


def _looks_like_android(data: bytes | None) -> bool:
    return data is not None and b"<resources" in data[:4096]
