"""Format detection from path and content, and the lazy format registry."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

import catalog
from catalog import FormatError
from catalog.detect import FORMATS, detect_format, format_module, sniff_format


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
    ("data", "expected", "reads"),
    [
        (b'{"a": "b"}', "json", False),  # no string starts with "@": nothing to read
        (b'{"a": "mail @me", "b": "@home"}', "json", True),
        (b'{"\\u0040@locale": "fr", "a": "b"}', "arb", True),
        (b'{"@@locale": "fr", "a": "b"}', "arb", True),
        (b'{"a": {"@b": {}}}', "json", True),  # only top-level @keys make ARB
        (b'{"@a": {}, "x": NaN}', "arb", False),  # json.loads' own reading decides
        (b'\xef\xbb\xbf{"@a": {"description": "d"}, "a": "b"}', "arb", True),
        ('{"@a": {}, "a": "b"}'.encode("utf-16"), "arb", True),
    ],
)
def test_sniff_format_hands_its_json_read_on(data: bytes, expected: str, reads: bool) -> None:
    format_name, read = sniff_format("l10n/app.json", data)
    assert format_name == expected == detect_format("l10n/app.json", data)
    assert (read is not None) is reads
    if read is not None:
        document = catalog.load("l10n/app.json", data)
        assert document.format == expected
        assert document.dump() == data


def test_sniff_format_of_other_paths_is_detect_format() -> None:
    assert sniff_format("fr.lproj/a.strings", b'"a" = "b";') == ("ios-strings", None)
