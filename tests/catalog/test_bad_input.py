"""Bad input for every format: always a FormatError, with a line where there is one."""

from __future__ import annotations

import contextlib
import plistlib

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import catalog
from catalog import MAX_BYTES, FormatError

ANDROID = "res/values/strings.xml"
STRINGS = "en.lproj/Localizable.strings"
STRINGSDICT = "en.lproj/Localizable.stringsdict"

BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
]>
<resources><string name="a">&lol3;</string></resources>
"""
EXTERNAL_ENTITY = b"""<?xml version="1.0"?>
<!DOCTYPE r [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<resources><string name="a">&xxe;</string></resources>
"""
PLIST_HEAD = (
    b'<?xml version="1.0" encoding="UTF-8"?>\n'
    b'<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" '
    b'"http://www.apple.com/DTDs/PropertyList-1.0.dtd">\n'
)


@pytest.mark.parametrize(
    ("path", "data", "line", "message"),
    [
        (ANDROID, b'<resources>\n  <string name="a">A\n</resources>', 3, "malformed XML"),
        (ANDROID, BILLION_LAUGHS, 2, "DOCTYPE"),
        (ANDROID, EXTERNAL_ENTITY, 2, "DOCTYPE"),
        (
            ANDROID,
            b'<resources>\n<string name="a">&undefined;</string></resources>',
            2,
            "malformed",
        ),
        (ANDROID, b'<resources>\n<string name="a">\xff\xfe</string></resources>', 2, "utf-8"),
        (
            ANDROID,
            b'<resources>\n<string name="a">A</string>\n<string name="a">B</string>\n</resources>',
            3,
            "duplicate",
        ),
        (ANDROID, b"", 1, "Document is empty"),
        (STRINGS, b'"a" = "\xc3";\n', 1, "utf-8"),
        (STRINGS, b'"a" = "A";\n"b" = "B"\n', 2, "ends in the middle"),
        (STRINGSDICT, PLIST_HEAD + b"<plist><dict><key>a</key></plist>", 3, "malformed XML"),
        (STRINGSDICT, PLIST_HEAD + b"<plist><array/></plist>", 3, "one <dict>"),
        (STRINGSDICT, b'<!DOCTYPE plist SYSTEM "http://evil.example/x.dtd"><plist/>', 1, "DOCTYPE"),
    ],
)
def test_bad_files_raise_format_error_with_a_line(
    path: str, data: bytes, line: int | None, message: str
) -> None:
    with pytest.raises(FormatError, match=message) as caught:
        catalog.load(path, data)
    assert caught.value.path == path
    assert caught.value.line == line
    assert str(caught.value).startswith(path + (f":{line}" if line else ""))


PO = "locale/fr/LC_MESSAGES/django.po"
JSON = "locales/en.json"
ARB = "lib/l10n/app_en.arb"
XLIFF = "Localizable.xliff"
PO_UTF8 = b'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
PO_ASCII = PO_UTF8.replace(b"UTF-8", b"ASCII")
PLURAL = (
    b"<key>k</key><dict><key>NSStringLocalizedFormatKey</key><string>%#@n@</string>"
    b"<key>n</key><dict><key>NSStringFormatSpecTypeKey</key><string>NSStringPluralRuleType"
    b"</string><key>other</key><string>x</string></dict></dict>\n"
)
XLIFF_HEAD = (
    b'<?xml version="1.0" encoding="UTF-8"?>\n'
    b'<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">\n'
    b'<file original="a" source-language="en" target-language="fr" datatype="plaintext">\n'
    b"<body>\n"
)
XLIFF_TAIL = b"</body>\n</file>\n</xliff>\n"

# (case, path, data) -> the whole message, "path:line[:column]: why", exactly.
EXACT = [
    ("PO bytes that break the declared UTF-8", PO, PO_UTF8 + b'msgid "a"\nmsgstr "\xff\xfe"\n',
     f"{PO}:6:9: invalid utf-8 byte sequence (invalid start byte); save the file as UTF-8"),
    ("PO message defined twice", PO,
     PO_UTF8 + b'msgid "a"\nmsgstr "x"\n\nmsgid "a"\nmsgstr "y"\n',
     f"{PO}:8: message 'a' is defined twice (first on line 5)"),
    ("PO unterminated string", PO, PO_UTF8 + b'msgid "a"\nmsgstr "x\n',
     f'{PO}:6: malformed string after msgstr: expected "..." with escaped quotes'),
    ("JSON key both dotted and nested", JSON,
     b'{\n  "a.b": "x",\n  "a": {\n    "b": "y"\n  }\n}\n',
     f"{JSON}:4: key 'a.b' is defined twice (as a dotted key and as nested objects)"),
    ("JSON repeated key", JSON, b'{\n  "a": "x",\n  "a": "y"\n}\n',
     f"{JSON}:3:3: duplicate key 'a' with a different value (first defined on line 2);"
     " keep one of them"),
    ("JSON missing value", JSON, b'{\n  "a": "x",\n  "b": \n}\n',
     f"{JSON}:4:1: unexpected character '}}', expected a value"),
    ("ARB repeated key", ARB, b'{\n  "a": "x",\n  "a": "y"\n}\n',
     f"{ARB}:3:3: duplicate key 'a' with a different value (first defined on line 2);"
     " keep one of them"),
    ("stringsdict duplicate key", STRINGSDICT,
     PLIST_HEAD + b'<plist version="1.0">\n<dict>\n' + PLURAL + PLURAL + b"</dict>\n</plist>\n",
     f"{STRINGSDICT}:6: duplicate key 'k'"),
    (".strings duplicate key", STRINGS, b'"a" = "A";\n"a" = "B";\n',
     f"{STRINGS}:2: duplicate key 'a' (first on line 1)"),
    ("XLIFF closing tag mismatch", XLIFF,
     XLIFF_HEAD + b'<trans-unit id="a">\n<source>x</target>\n</trans-unit>\n' + XLIFF_TAIL,
     f"{XLIFF}:6:19: malformed XML: Opening and ending tag mismatch: source line 6 and target"),
    ("Android misspelt closing tag", ANDROID,
     b'<resources>\n<string name="a">A</strng>\n</resources>\n',
     f"{ANDROID}:2:27: malformed XML: Opening and ending tag mismatch: string line 2 and strng"),
    ("Android wrong closing root", ANDROID,
     b'<resources>\n<string name="a">A</string>\n</resource>\n',
     f"{ANDROID}:3:12: malformed XML: Opening and ending tag mismatch: resources line 1 and"
     " resource"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("path", "data", "expected"), [r[1:] for r in EXACT], ids=[r[0] for r in EXACT]
)
def test_bad_files_name_their_line_and_reason_exactly(
    path: str, data: bytes, expected: str
) -> None:
    with pytest.raises(FormatError) as caught:
        catalog.load(path, data).entries()
    assert str(caught.value) == expected
    assert (caught.value.path, caught.value.line) == (path, int(expected.split(":")[1]))


def test_po_bytes_outside_a_declared_single_byte_charset_are_refused() -> None:
    # A decode with errors="replace" would turn the bytes into U+FFFD and load the file.
    with pytest.raises(FormatError) as caught:
        catalog.load(PO, PO_ASCII + b'msgid "a"\nmsgstr "\xc3\xa9"\n').entries()
    assert str(caught.value) == (
        f"{PO}:6: bytes do not match the declared charset ascii (ordinal not in range(128))"
    )


def test_po_bytes_outside_a_declared_single_byte_charset_name_their_line() -> None:
    with pytest.raises(FormatError) as caught:
        catalog.load(PO, PO_ASCII + b'msgid "a"\nmsgstr "\xc3\xa9"\n')
    assert caught.value.line == 6


def test_an_xliff_unit_without_source_is_refused_on_its_line() -> None:
    data = XLIFF_HEAD + b'<trans-unit id="a">\n<target>x</target>\n</trans-unit>\n' + XLIFF_TAIL
    with pytest.raises(FormatError, match="source") as caught:
        catalog.load(XLIFF, data).entries()
    assert caught.value.line == 5


@pytest.mark.parametrize("path", [ANDROID, STRINGS, STRINGSDICT])
def test_files_over_the_size_cap_are_refused_before_parsing(path: str) -> None:
    with pytest.raises(FormatError, match="over the"):
        catalog.load(path, b" " * (MAX_BYTES + 1))


def test_entry_count_cap(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("catalog.formats.android.MAX_ENTRIES", 3)
    monkeypatch.setattr("catalog.formats.ios_strings.MAX_ENTRIES", 3)
    body = "".join(f'<string name="k{n}">v</string>\n' for n in range(4))
    with pytest.raises(FormatError, match="more than 3 entries"):
        catalog.load(ANDROID, f"<resources>\n{body}</resources>".encode())
    with pytest.raises(FormatError, match="more than 3 entries"):
        catalog.load(STRINGS, "".join(f'"k{n}" = "v";\n' for n in range(4)).encode())


def test_corrupt_binary_plist_is_a_format_error() -> None:
    good = plistlib.dumps({"a": "b"}, fmt=plistlib.FMT_BINARY)
    with pytest.raises(FormatError, match="binary plist"):
        catalog.load(STRINGS, good[:-5])
    with pytest.raises(FormatError, match="dictionary of strings"):
        catalog.load(STRINGS, plistlib.dumps({"a": 1}, fmt=plistlib.FMT_BINARY))


def test_unknown_file_kind_is_a_format_error() -> None:
    with pytest.raises(FormatError, match="cannot tell"):
        catalog.load("notes.txt", b"hello")


VALID = {
    ANDROID: b'<?xml version="1.0" encoding="utf-8"?>\n<resources>\n  <!-- c -->\n'
    b'  <string name="a">A \\"q\\" <b>b</b></string>\n'
    b'  <plurals name="p"><item quantity="one">1</item><item quantity="other">n</item>'
    b"</plurals>\n</resources>\n",
    STRINGS: b'/* c */\n"a" = "A \\"q\\"";\nb = "B";\n',
    STRINGSDICT: PLIST_HEAD + b"<plist><dict><key>k</key><dict>"
    b"<key>NSStringLocalizedFormatKey</key><string>%#@n@</string><key>n</key><dict>"
    b"<key>NSStringFormatSpecTypeKey</key><string>NSStringPluralRuleType</string>"
    b"<key>other</key><string>x</string></dict></dict></dict></plist>\n",
}


@st.composite
def mutated(draw: st.DrawFn) -> tuple[str, bytes]:
    path = draw(st.sampled_from(sorted(VALID)))
    data = bytearray(VALID[path])
    for _ in range(draw(st.integers(1, 4))):
        position = draw(st.integers(0, len(data)))
        action = draw(st.sampled_from(["insert", "delete", "replace"]))
        chunk = draw(st.binary(min_size=1, max_size=3) | st.sampled_from([b"<", b'"', b"&", b"\\"]))
        if action == "insert":
            data[position:position] = chunk
        elif action == "delete":
            del data[position : position + len(chunk)]
        else:
            data[position : position + len(chunk)] = chunk
    return path, bytes(data)


@settings(max_examples=300, deadline=None)
@given(mutated())
def test_mutated_files_load_or_raise_format_error(case: tuple[str, bytes]) -> None:
    path, data = case
    try:
        document = catalog.load(path, data)
    except FormatError:
        return
    document.entries()
    assert document.dump() == data


@settings(max_examples=100, deadline=None)
@given(st.sampled_from(sorted(VALID)), st.binary(max_size=200))
def test_random_bytes_load_or_raise_format_error(path: str, data: bytes) -> None:
    with contextlib.suppress(FormatError):
        catalog.load(path, data).entries()
