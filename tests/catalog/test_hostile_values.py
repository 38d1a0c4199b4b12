"""Hostile input, edits that corrupt and values a format cannot hold: whatever ``set``
accepts reads back exactly, in every format and position; anything else is a ValueError
at ``set`` naming the key and the character (vendor output reaches ``set``: it is the
last line before a broken commit)."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import catalog

PLIST_HEAD = (
    b'<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN"'
    b' "http://www.apple.com/DTDs/PropertyList-1.0.dtd">\n<plist version="1.0">\n<dict>\n'
)
XLIFF_UNIT = (
    b'<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">\n'
    b'<file original="f" source-language="en" target-language="fr" datatype="plaintext">\n'
    b'<body>\n<trans-unit id="a">\n<source>x</source>\n<target>y</target>\n</trans-unit>\n'
    b"</body>\n</file>\n</xliff>\n"
)


def po(charset: bytes) -> bytes:
    return (
        b'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=' + charset + b'\\n"\n\n'
        b'msgid "a"\nmsgstr "x"\n'
    )


#: name -> (path, bytes, key of an existing string entry)
FILES: dict[str, tuple[str, bytes, str]] = {
    "android": (
        "res/values/strings.xml",
        b'<resources>\n    <string name="a">x</string>\n</resources>\n',
        "a",
    ),
    "android CDATA": (
        "res/values/strings.xml",
        b'<resources>\n    <string name="a"><![CDATA[<b>x</b>]]></string>\n</resources>\n',
        "a",
    ),
    "android latin-1": (
        "res/values/strings.xml",
        b'<?xml version="1.0" encoding="ISO-8859-1"?>\n<resources>\n'
        b'    <string name="a">caf\xe9</string>\n</resources>\n',
        "a",
    ),
    "ios-strings": ("en.lproj/L.strings", b'"a" = "x";\n', "a"),
    "ios-strings UTF-16": ("en.lproj/L.strings", '"a" = "x";\n'.encode("utf-16"), "a"),
    "ios-stringsdict": (
        "en.lproj/L.stringsdict",
        PLIST_HEAD + b"\t<key>a</key>\n\t<string>x</string>\n</dict>\n</plist>\n",
        "a",
    ),
    "ios-stringsdict <string/>": (
        "en.lproj/L.stringsdict",
        PLIST_HEAD + b"\t<key>a</key>\n\t<string/>\n</dict>\n</plist>\n",
        "a",
    ),
    "json": ("en.json", b'{"a": "x"}\n', "a"),
    "arb": ("app_en.arb", b'{"@@locale": "en", "a": "x"}\n', "a"),
    "po UTF-8": ("fr.po", po(b"UTF-8"), "a"),
    "po ISO-8859-1": ("fr.po", po(b"ISO-8859-1"), "a"),
    "xliff": ("fr.xlf", b'<?xml version="1.0" encoding="UTF-8"?>\n' + XLIFF_UNIT, "a"),
    "xliff ISO-8859-1": (
        "fr.xlf",
        b'<?xml version="1.0" encoding="ISO-8859-1"?>\n' + XLIFF_UNIT,
        "a",
    ),
}

#: what vendors and pull requests send: markup, escapes, quotes, CDATA ends, controls,
#: noncharacters, lone surrogates, characters outside Latin-1, odd line breaks
HOSTILE = st.lists(
    st.sampled_from(
        [
            *"ab &<>]\"'\\\n\t @?%{}-!/=;#~",
            "]]>",
            "<b>",
            "</b>",
            "<![CDATA[",
            "<!--",
            "-->",
            "&amp;",
            "\\u0041",
            "\x00",
            "\x01",
            "\x0b",
            "\x1f",
            "\x7f",
            "\x85",
            "\u2028",
            "\ufeff",
            "\ufffe",
            "\uffff",
            "\U0001fffe",
            "\ud800",
            "\udfff",
            "é",
            "€",
            "😀",
            "\r",
        ]
    ),
    max_size=12,
).map("".join)


def _outcome(name: str, key: str, value: str, after: str | None = None) -> str:
    """'read back', or the ValueError ``set`` raised; anything else fails the test."""
    path, data, _ = FILES[name]
    document = catalog.load(path, data)
    try:
        document.set(key, value, after=after)
    except ValueError as error:
        message = str(error)
        assert repr(key) in message, message
        return "refused"
    dumped = document.dump()
    entry = catalog.load(path, dumped).get(key)
    assert entry is not None, dumped
    assert entry.value == value, (value, entry.value, dumped)
    return "read back"


@pytest.mark.slow
@pytest.mark.parametrize("name", list(FILES))
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(value=HOSTILE)
def test_whatever_set_accepts_reads_back_exactly(name: str, value: str) -> None:
    existing = FILES[name][2]
    _outcome(name, existing, value)
    _outcome(name, "added_key", value)
    _outcome(name, "added_after", value, after=existing)


#: (file, value, expected): the issue's findings and the characters each format refuses
CASES = [
    ("android CDATA", "a & b", "read back"),
    ("android CDATA", "a < b", "read back"),
    ("android CDATA", "x ]]> y", "read back"),
    ("android CDATA", "<b>bold</b> & more", "read back"),
    ("android CDATA", "a &amp; b", "read back"),
    ("ios-stringsdict <string/>", "hello", "read back"),
    ("android", "a\x00b", "read back"),  # written as \u0000, as aapt reads it
    ("ios-stringsdict", "a\x00b", "refused"),
    ("ios-stringsdict", "a\x0bb", "refused"),
    ("ios-stringsdict", "a\ufffeb", "refused"),
    ("xliff", "a\x01b", "refused"),
    ("xliff", "a\uffffb", "refused"),
    ("xliff ISO-8859-1", "€ 😀", "read back"),  # as character references
    ("po ISO-8859-1", "€", "refused"),
    ("po ISO-8859-1", "café", "read back"),
    ("json", "\ud800", "refused"),
    ("arb", "\udfff", "refused"),
    ("po UTF-8", "\ud800", "refused"),
    ("ios-strings", "\ud800", "refused"),
]


@pytest.mark.parametrize(("name", "value", "expected"), CASES)
def test_each_finding_reads_back_or_is_refused_at_set(name: str, value: str, expected: str) -> None:
    key = FILES[name][2]
    assert _outcome(name, key, value) == expected
    assert _outcome(name, "added_key", value) == expected


def test_a_refusal_names_the_key_and_the_character() -> None:
    path, data, _ = FILES["xliff"]
    with pytest.raises(ValueError, match=r"^value of 'a' contains U\+0001, which XML cannot hold$"):
        catalog.load(path, data).set("a", "x\x01")
    path, data, _ = FILES["po ISO-8859-1"]
    with pytest.raises(
        ValueError,
        match=r"^value of 'a' contains U\+20AC, which the file's encoding iso8859-1 cannot hold$",
    ):
        catalog.load(path, data).set("a", "5 €")


def test_the_android_cdata_value_stays_in_cdata() -> None:
    path, data, _ = FILES["android CDATA"]
    document = catalog.load(path, data)
    document.set("a", "a & <i>b</i>")
    assert b"<![CDATA[a & <i>b</i>]]>" in document.dump()


def test_a_po_message_cannot_be_the_header() -> None:
    path, data, _ = FILES["po UTF-8"]
    with pytest.raises(ValueError, match=r"non-empty msgid \(the empty msgid is the header\): ''"):
        catalog.load(path, data).set("", "x")
