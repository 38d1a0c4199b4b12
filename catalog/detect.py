"""Format detection from a file's path and, where the path is ambiguous, its content."""

from __future__ import annotations

import importlib
import json
from pathlib import PurePosixPath
from types import ModuleType

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
        return "arb" if data is not None and _looks_like_arb(data) else "json"
    raise FormatError(
        "cannot tell the catalog format from the file name; expected one of "
        "res/values*/*.xml, .strings, .stringsdict, .json, .arb, .po, .pot, .xlf, .xliff",
        path=path,
    )


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
