"""Format detection from path and content, and the lazy format registry."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

import catalog
from catalog import FormatError
from catalog.base import MAX_BYTES
from catalog.detect import FORMATS, detect_format, format_module


@pytest.mark.parametrize(
    ("path", "data", "expected"),
    [
        ("app/src/main/res/values/strings.xml", None, "android"),
        ("res/values-b+sr+Latn/strings.xml", None, "android"),
        ("some/other.xml", b"<?xml version='1.0'?>\n<resources/>", "android"),
        ("messages.xml", b'<xliff version="1.2">', "xliff"),
        ("Base.lproj/Main.strings", None, "ios-strings"),
        ("en.lproj/Localizable.stringsdict", None, "ios-stringsdict"),
        ("lib/l10n/app_en.arb", None, "arb"),
        ("locales/en.json", b'{"a": "b"}', "json"),
        ("locales/en.json", b'{"a": "b", "@a": {"description": "x"}}', "arb"),
        ("locales/en.json", b"not json", "json"),
        ("locale/fr/LC_MESSAGES/django.po", None, "po"),
        ("messages.pot", None, "po"),
        ("App.xliff", None, "xliff"),
        ("App.XLF", None, "xliff"),
    ],
)
def test_detect_format(path: str, data: bytes | None, expected: str) -> None:
    assert detect_format(path, data) == expected


def test_unknown_paths_are_a_format_error() -> None:
    with pytest.raises(FormatError, match="cannot tell"):
        detect_format("config/settings.xml", b"<settings/>")


def test_registry_names_every_format_module() -> None:
    assert set(FORMATS) == {
        "android",
        "ios-strings",
        "ios-stringsdict",
        "json",
        "arb",
        "po",
        "xliff",
    }
    for name in ("android", "ios-strings", "ios-stringsdict"):
        module = format_module(name)
        assert name == module.FORMAT
        assert callable(module.parse)
    with pytest.raises(ValueError, match="unknown catalog format"):
        format_module("docx")


def test_importing_catalog_does_not_import_format_modules() -> None:
    script = (
        "import sys, catalog; "
        "print(sorted(m for m in sys.modules if m.startswith('catalog.formats.')))"
    )
    root = Path(__file__).resolve().parents[2]
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=root, capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b'{"a": "b"}', "json"),
        (b'{"a": "mail @me", "b": "@home", "c": ["@x"]}', "json"),  # "@" in values only
        (b'{"\\u0040@locale": "fr", "a": "b"}', "arb"),
        (b'{"@@locale": "fr", "a": "b"}', "arb"),
        (b'{\n  "a": "b",\n  "@a": {"description": "x"}\n}', "arb"),
        (b'{"a": {"@b": {}}}', "json"),  # only top-level @keys make ARB
        (b'{"@a": "text"}', "json"),  # an @key must hold an object (or be @@locale)
        (b'{"@a": "text", "b": {"@c": {}}}', "json"),
        (b'{"b": "x", "@\\"a": {"description": "d"}, "a": "b"}', "arb"),  # an escape in the key
        (b'{"@a": {}, "x": }', "json"),  # unreadable: the JSON reader reports it
        (b'\xef\xbb\xbf{"@a": {"description": "d"}, "a": "b"}', "arb"),
        ('{"@a": {}, "a": "b"}'.encode("utf-16"), "arb"),
    ],
)
def test_json_or_arb_from_the_top_level_keys(data: bytes, expected: str) -> None:
    assert detect_format("l10n/app.json", data) == expected
    if expected == "arb":
        document = catalog.load("l10n/app.json", data)
        assert document.format == "arb"
        assert document.dump() == data


def test_a_file_detection_takes_for_arb_can_still_be_refused_by_the_reader() -> None:
    data = b'{"@a": {}, "x": NaN}'  # json.loads reads NaN; JSON and the reader do not
    assert detect_format("l10n/app.json", data) == "arb"
    with pytest.raises(FormatError, match="unexpected character 'N', expected a value") as caught:
        catalog.load("l10n/app.json", data)
    assert (caught.value.line, caught.value.column) == (1, 17)


def test_detection_refuses_an_oversize_json_file_before_reading_it() -> None:
    data = b'{"@@locale": "fr", "a": "' + b"x" * MAX_BYTES + b'"}'
    with pytest.raises(FormatError, match=r"over the 10,485,760-byte limit") as caught:
        detect_format("l10n/app.json", data)
    assert caught.value.path == "l10n/app.json"
