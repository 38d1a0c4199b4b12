"""Format detection from a file's path and, where the path is ambiguous, its content."""

from __future__ import annotations

import importlib
import json
import re
from pathlib import PurePosixPath
from types import ModuleType
from typing import TYPE_CHECKING

from catalog._text import check_size
from catalog.base import FormatError

if TYPE_CHECKING:  # the format modules are imported on first use
    from catalog.formats._json_fast import Preread

__all__ = ["FORMATS", "detect_format", "format_module", "sniff_format"]

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
        return "json" if data is None else _json_or_arb(path, data)[0]
    raise FormatError(
        "cannot tell the catalog format from the file name; expected one of "
        "res/values*/*.xml, .strings, .stringsdict, .json, .arb, .po, .pot, .xlf, .xliff",
        path=path,
    )


def sniff_format(path: str, data: bytes) -> tuple[str, Preread | None]:
    """Like :func:`detect_format`, plus a JSON file's decoded read when detection made one.

    Telling ARB from JSON needs the top-level keys; the parser reuses that read.
    """
    if PurePosixPath(path.replace("\\", "/")).suffix.lower() == ".json":
        return _json_or_arb(path, data)
    return detect_format(path, data), None


# A JSON string starting with "@" (written plainly or escaped), in UTF-8 or ASCII bytes.
_AT_STRING = re.compile(rb'"(?:@|\\u0040)')
_WIDE_JSON = (b"\xff\xfe", b"\xfe\xff")


def _json_or_arb(path: str, data: bytes) -> tuple[str, Preread | None]:
    """'arb' when a top-level key is ``@@locale`` or an ``@key`` holds an object."""
    check_size(path, data)  # before anything reads the whole file
    narrow = b"\x00" not in data[:4] and not data.startswith(_WIDE_JSON)
    if narrow and _AT_STRING.search(data) is None:  # no key can start with "@"
        return "json", None
    from catalog.formats._json_fast import Pairs, preread

    try:
        read = preread(path, data)
    except FormatError:
        read = None
    if read is None or read.root is None:  # let the plain reader decide, as it always has
        return ("arb" if _looks_like_arb(data) else "json"), None
    is_arb = any(
        key == "@@locale" or (key.startswith("@") and isinstance(value, Pairs))
        for key, value in read.root
    )
    return ("arb" if is_arb else "json"), read


def _looks_like_android(data: bytes | None) -> bool:
    return data is not None and b"<resources" in data[:4096]


def _looks_like_arb(data: bytes) -> bool:
    try:
        parsed = json.loads(data)
    except (ValueError, RecursionError):
        return False
    if not isinstance(parsed, dict):
        return False
    return any(
        key == "@@locale" or (key.startswith("@") and isinstance(value, dict))
        for key, value in parsed.items()
    )
