"""Bad input for Android and iOS files: always a FormatError, with a line where there is one."""

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
