"""Loading a catalog by detected format, and creating an empty target-locale document."""

from __future__ import annotations

from typing import cast

from catalog._text import check_size
from catalog.base import Document, FormatError
from catalog.detect import detect_format, format_module
from catalog.locales import target_path as locale_target_path
from catalog.locales import validate_locale

__all__ = ["load", "load_as", "new_target"]


def load_as(format: str, path: str, data: bytes) -> Document:
    """Parse ``data`` as the named format."""
    _check_bytes(path, data)
    parse = format_module(format).parse
    document = parse(path, bytes(data))
    return cast(Document, document)


def _check_bytes(path: str, data: object) -> None:
    """Bytes under the size cap, checked before any format work (detection included)."""
    if not isinstance(data, bytes | bytearray):
        raise TypeError(f"catalog data must be bytes, not {type(data).__name__}")
    check_size(path, bytes(data) if isinstance(data, bytearray) else data)


def load(path: str, data: bytes) -> Document:
    """Parse a catalog file, its format detected from the path and content.

    Raises FormatError on a file that cannot be read as its format.
    """
    _check_bytes(path, data)
    return load_as(detect_format(path, bytes(data)), path, data)


def new_target(source: Document, locale: str, target_path: str | None = None) -> Document:
    """An empty document for ``locale`` in the source's format and style.

    The path defaults to the platform convention (see :func:`catalog.locales.target_path`).
    """
    locale = validate_locale(locale)
    path = target_path or locale_target_path(source.path, source.format, locale)
    data = source.skeleton(locale)
    try:
        target = load_as(source.format, path, data)
    except FormatError as error:  # a skeleton that does not parse is our bug, not the user's
        raise RuntimeError(f"skeleton of {source.format} did not parse: {error}") from error
    target.adopt_layout(source)
    return target
