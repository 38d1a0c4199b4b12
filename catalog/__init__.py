r"""Strings and their files: parse, diff and render string resource files byte-exactly.

>>> import catalog
>>> doc = catalog.load("fr.lproj/Localizable.strings", b'"hello" = "Bonjour";\n')
>>> doc.format, doc.get("hello").value
('ios-strings', 'Bonjour')
>>> doc.set("bye", "Au revoir")
>>> doc.dump()
b'"hello" = "Bonjour";\n"bye" = "Au revoir";\n'
"""

from __future__ import annotations

from catalog import qa
from catalog._load import load, load_as, new_target
from catalog.base import MAX_BYTES, MAX_ENTRIES, PLURAL_CATEGORIES, Document, Entry, FormatError
from catalog.detect import FORMATS, detect_format
from catalog.diff import CatalogDiff, diff
from catalog.locales import (
    android_values_dir,
    ios_lproj,
    posix_locale,
    target_path,
    validate_locale,
)

__all__ = [
    "FORMATS",
    "MAX_BYTES",
    "MAX_ENTRIES",
    "PLURAL_CATEGORIES",
    "CatalogDiff",
    "Document",
    "Entry",
    "FormatError",
    "android_values_dir",
    "detect_format",
    "diff",
    "ios_lproj",
    "load",
    "load_as",
    "new_target",
    "posix_locale",
    "qa",
    "target_path",
    "validate_locale",
]
