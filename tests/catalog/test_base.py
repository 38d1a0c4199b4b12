"""Core types: FormatError, Entry, plural ordering, and the public API surface."""

from __future__ import annotations

import pytest

import catalog
from catalog.base import Entry, FormatError, sort_plural


def test_format_error_reads_like_a_compiler_message() -> None:
    error = FormatError("unclosed tag <string>", path="res/values/strings.xml", line=12, column=5)
    assert str(error) == "res/values/strings.xml:12:5: unclosed tag <string>"
    assert (error.path, error.line, error.column) == ("res/values/strings.xml", 12, 5)
    assert isinstance(error, ValueError)
    assert str(FormatError("bad", line=3)) == "<input>:3: bad"


def test_sort_plural_uses_cldr_order() -> None:
    forms = {"other": "o", "many": "m", "zero": "z", "one": "1", "few": "f", "two": "2"}
    assert list(sort_plural(forms)) == ["zero", "one", "two", "few", "many", "other"]


def test_entry_texts_and_plural_flag() -> None:
    assert Entry("k", "v").texts() == ["v"]
    plural = Entry("k", {"one": "a", "other": "b"}, kind="plural")
    assert plural.is_plural and not Entry("k", "v").is_plural
    assert plural.texts() == ["a", "b"]


def test_public_api_is_pinned() -> None:
    assert sorted(catalog.__all__) == sorted(
        [
            "FORMATS", "MAX_BYTES", "MAX_ENTRIES", "PLURAL_CATEGORIES", "CatalogDiff", "Document",
            "Entry", "FormatError", "android_values_dir", "detect_format", "diff", "ios_lproj",
            "load", "load_as", "new_target", "posix_locale", "qa", "target_path",
            "validate_locale",
        ]
    )  # fmt: skip
    for name in catalog.__all__:
        assert hasattr(catalog, name)


def test_load_requires_bytes() -> None:
    with pytest.raises(TypeError):
        catalog.load("a.strings", "text")  # type: ignore[arg-type]
