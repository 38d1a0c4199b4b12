"""Hostile input: crashes that were not a FormatError, safety checks on the wrong text,
and declared encodings that disagree with the bytes. Every case loads, or raises a
FormatError with a clear message (path, line where there is one)."""

from __future__ import annotations

import plistlib
import sys

import pytest

import catalog
from catalog import FormatError

XLIFF = "fr.xlf"
PO = "fr.po"
ANDROID = "res/values/strings.xml"
NOT_TEXT_CODECS = ["zlib", "rot13", "hex", "base64", "punycode", "undefined", "idna", "utf-7"]


def xliff(units: bytes, declaration: bytes = b"") -> bytes:
    return (
        declaration + b'<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">'
        b'<file original="f" source-language="en" target-language="fr" datatype="plaintext">'
        b"<body>\n" + units + b"\n</body></file></xliff>\n"
    )


def po(charset: bytes, body: bytes = b'msgid "a"\nmsgstr "x"\n') -> bytes:
    header = b'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=' + charset + b'\\n"\n\n'
    return header + body


def plural_po(rule: bytes) -> bytes:
    return (
        b'msgid ""\nmsgstr ""\n"Language: fr\\n"\n"Plural-Forms: nplurals=2; plural='
        + rule
        + b';\\n"\n\nmsgid "a"\nmsgid_plural "b"\nmsgstr[0] "x"\nmsgstr[1] "y"\n'
    )


@pytest.mark.parametrize("rule", [b"n/0", b"n%0", b"(n%10)/(n%1)"])
def test_a_plural_rule_that_divides_by_zero_falls_back_to_cldr(rule: bytes) -> None:
    document = catalog.load(PO, plural_po(rule))
    assert document.get("a") == catalog.Entry(
        "a", {"one": "x", "other": "y"}, line=6, kind="plural"
    )


@pytest.mark.parametrize("codec", NOT_TEXT_CODECS)
def test_a_po_charset_naming_a_non_text_codec_is_refused(codec: str) -> None:
    with pytest.raises(FormatError) as caught:
        catalog.load(PO, po(codec.encode()))
    assert str(caught.value) == (
        f"{PO}: encoding {codec!r} is not a text encoding this format can use"
    )


@pytest.mark.parametrize("path", [XLIFF, ANDROID, "en.lproj/L.stringsdict"])
@pytest.mark.parametrize("codec", [*NOT_TEXT_CODECS, "utf-16", "no-such-codec"])
def test_an_xml_encoding_naming_a_non_text_codec_is_refused(path: str, codec: str) -> None:
    data = b'<?xml version="1.0" encoding="' + codec.encode() + b'"?>\n<resources/>\n'
    with pytest.raises(FormatError) as caught:
        catalog.load(path, data)
    assert str(caught.value) == f"{path}:1: unknown or unusable encoding {codec!r} declared"


def test_a_doctype_hidden_by_utf7_is_not_read_past() -> None:
    hidden = b"+ADw-!DOCTYPE x +AFs-+ADw-!ENTITY e +ACI-boom+ACI-+AD4-+AF0-+AD4-\n"
    data = xliff(
        b'<trans-unit id="a"><source>&amp;e;</source></trans-unit>',
        b'<?xml version="1.0" encoding="UTF-7"?>\n' + hidden,
    )
    with pytest.raises(FormatError, match=r"^fr\.xlf:1: unknown or unusable encoding 'utf-7'"):
        catalog.load(XLIFF, data)


def test_the_doctype_check_reads_what_the_parser_reads_in_a_legacy_encoding() -> None:
    data = xliff(b"", b'<?xml version="1.0" encoding="ISO-8859-1"?>\n<!DOCTYPE x []>\n')
    with pytest.raises(
        FormatError, match=r"^fr\.xlf:2: DOCTYPE and entity declarations are not allowed"
    ):
        catalog.load(XLIFF, data)


COMMENTED = (
    b'<!-- <trans-unit id="ghost"><source>s</source><target>t</target></trans-unit> -->\n'
    b'<trans-unit id="a"><source>s</source><!-- <target>not this</target> --></trans-unit>\n'
    b'<trans-unit id="b"><source>s</source><target><![CDATA[<target>x</target>]]></target>'
    b"</trans-unit>"
)


def test_xliff_units_and_targets_inside_comments_or_cdata_are_text() -> None:
    document = catalog.load(XLIFF, xliff(COMMENTED))
    assert [(entry.key, entry.value) for entry in document.entries()] == [
        ("b", "<target>x</target>")
    ]
    document.set("a", "A")  # the scan runs: no phantom unit, no bare ValueError
    document.set("b", "B")
    reread = catalog.load(XLIFF, document.dump())
    assert [(entry.key, entry.value) for entry in reread.entries()] == [("a", "A"), ("b", "B")]
    assert b'id="ghost"' in document.dump()


def test_a_binary_plist_nested_too_deeply_is_a_format_error_in_our_words() -> None:
    nested: list[object] = []
    inner = nested
    for _ in range(3000):
        inner.append([])
        inner = inner[0]  # type: ignore[assignment]
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(10_000)
    try:
        data = plistlib.dumps({"a": nested}, fmt=plistlib.FMT_BINARY)
    finally:
        sys.setrecursionlimit(limit)
    with pytest.raises(FormatError) as caught:
        catalog.load("en.lproj/L.strings", data)
    assert str(caught.value) == (
        "en.lproj/L.strings: malformed binary plist: objects nested too deeply"
    )


UTF8_UNDER_LATIN1 = [
    (
        XLIFF,
        xliff(
            '<trans-unit id="a"><source>s</source><target>é</target></trans-unit>'.encode(),
            b'<?xml version="1.0" encoding="ISO-8859-1"?>\n',
        ),
    ),
    (
        ANDROID,
        b'<?xml version="1.0" encoding="latin-1"?>\n'
        + '<resources><string name="a">é</string></resources>'.encode(),
    ),
    (PO, po(b"ISO-8859-1", 'msgid "a"\nmsgstr "é"\n'.encode())),
]


@pytest.mark.parametrize(("path", "data"), UTF8_UNDER_LATIN1)
def test_utf8_bytes_under_a_latin1_declaration_are_refused(path: str, data: bytes) -> None:
    with pytest.raises(
        FormatError,
        match=r"declares encoding '(iso-8859-1|latin-1)' but its bytes are UTF-8; declare UTF-8",
    ):
        catalog.load(path, data)


@pytest.mark.parametrize(("path", "data"), UTF8_UNDER_LATIN1)
def test_latin1_bytes_under_a_latin1_declaration_read_and_write_back(
    path: str, data: bytes
) -> None:
    legacy = data.decode("utf-8").encode("latin-1")
    document = catalog.load(path, legacy)
    assert [entry.value for entry in document.entries()] == ["é"]
    value = "ü" if path == PO else "ü €"  # XML writes € as a character reference
    document.set("a", value)
    dumped = document.dump()
    assert dumped.isascii() is False and b"\xfc" in dumped  # written in the declared encoding
    reread = catalog.load(path, dumped).get("a")
    assert reread is not None and reread.value == value
