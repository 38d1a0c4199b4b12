"""Apple .strings: encodings, comments, escapes, edits and binary plists."""

from __future__ import annotations

import codecs
import plistlib
from pathlib import Path
from typing import Any

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

import catalog
from catalog import FormatError
from catalog._text import decode
from catalog.formats._strings_text import escape, unescape
from tests.catalog.strings_reference import ReferenceError, reference_entries

SOURCE = """/* Greeting on the home screen */
"greeting" = "Hello, %@!";

// Button title
"ok" = "OK";
unquoted_key = "Value with \\"quotes\\" and \\\\ backslash";
"multi" = "Line one
Line two";
"escapes" = "Tab\\tNew\\nU\\U00e9";
"""
PATH = "App/en.lproj/Localizable.strings"


def load(data: bytes, path: str = PATH) -> catalog.Document:
    return catalog.load(path, data)


def test_reads_keys_values_and_comments() -> None:
    document = load(SOURCE.encode())
    assert document.format == "ios-strings"
    assert document.keys() == ["greeting", "ok", "unquoted_key", "multi", "escapes"]
    greeting = document.get("greeting")
    assert greeting is not None
    assert (greeting.value, greeting.comment, greeting.line) == (
        "Hello, %@!",
        "Greeting on the home screen",
        2,
    )
    assert document.get("ok").comment == "Button title"  # type: ignore[union-attr]
    assert document.get("unquoted_key").value == 'Value with "quotes" and \\ backslash'  # type: ignore[union-attr]
    assert document.get("multi").value == "Line one\nLine two"  # type: ignore[union-attr]
    assert document.get("escapes").value == "Tab\tNew\nUé"  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("codec", "bom"),
    [
        ("utf-8", b""),
        ("utf-8", codecs.BOM_UTF8),
        ("utf-16-le", codecs.BOM_UTF16_LE),
        ("utf-16-be", codecs.BOM_UTF16_BE),
        ("utf-16-le", b""),
        ("utf-16-be", b""),
    ],
)
def test_encodings_are_sniffed_and_kept(codec: str, bom: bytes) -> None:
    data = bom + SOURCE.replace("\n", "\r\n").encode(codec)
    document = load(data)
    assert document.dump() == data
    assert document.get("greeting").value == "Hello, %@!"  # type: ignore[union-attr]
    document.set("ok", "D'accord")
    document.set("new", "Nouveau")
    out = document.dump()
    assert out.startswith(bom)
    text = out[len(bom) :].decode(codec)
    assert '"ok" = "D\'accord";\r\n' in text
    assert text.endswith('"new" = "Nouveau";\r\n')


def test_edit_changes_only_the_value() -> None:
    document = load(SOURCE.encode())
    document.set("unquoted_key", 'New "one"')
    assert document.dump().decode() == SOURCE.replace(
        'unquoted_key = "Value with \\"quotes\\" and \\\\ backslash";',
        'unquoted_key = "New \\"one\\"";',
    )


def test_blank_line_style_is_followed_for_new_entries() -> None:
    data = b'"a" = "A";\n\n"b" = "B";\n\n"c" = "C";\n'
    document = load(data)
    document.set("d", "D", comment="Fourth")
    assert document.dump() == data + b'\n/* Fourth */\n"d" = "D";\n'


def test_file_without_final_newline_keeps_it_that_way() -> None:
    document = load(b'"a" = "A";')
    document.set("b", "B")
    assert document.dump() == b'"a" = "A";\n"b" = "B";'


def test_remove_takes_the_attached_comment() -> None:
    document = load(SOURCE.encode())
    document.remove("greeting")
    assert document.dump().decode().startswith('\n// Button title\n"ok"')


def test_empty_file_and_skeleton() -> None:
    document = load(b"")
    assert document.entries() == []
    target = catalog.new_target(load(codecs.BOM_UTF16_LE + SOURCE.encode("utf-16-le")), "fr")
    assert target.path == "App/fr.lproj/Localizable.strings"
    target.set("ok", "OK")
    assert target.dump() == codecs.BOM_UTF16_LE + '"ok" = "OK";\n'.encode("utf-16-le")


def test_binary_plist_is_read_only() -> None:
    data = plistlib.dumps({"hello": "Bonjour"}, fmt=plistlib.FMT_BINARY)
    document = load(data)
    assert [(e.key, e.value) for e in document.entries()] == [("hello", "Bonjour")]
    assert document.dump() == data
    with pytest.raises(FormatError, match="read-only"):
        document.set("hello", "Salut")


@pytest.mark.parametrize(
    ("data", "line", "message"),
    [
        (b'"a" = "A"\n"b" = "B";', 2, "missing ';'"),
        (b'"a" = "A;\n', 1, "unterminated"),
        (b'/* open\n"a" = "A";', 1, "unclosed"),
        (b'"a" "A";', 1, "expected '='"),
        (b'"a" = "A";\n"a" = "B";', 2, "duplicate key"),
        (b'"a" = ', 1, "ends in the middle"),
    ],
)
def test_syntax_errors_have_lines(data: bytes, line: int, message: str) -> None:
    with pytest.raises(FormatError, match=message) as caught:
        load(data)
    assert caught.value.line == line


strings_text = st.text(st.characters(blacklist_categories=("Cs",)), max_size=60)


@given(strings_text)
def test_unescape_inverts_escape(value: str) -> None:
    assert unescape(escape(value)) == value


@given(strings_text)
def test_escape_is_canonical(value: str) -> None:
    escaped = escape(value)
    assert escape(unescape(escaped)) == escaped


@given(strings_text, strings_text)
def test_any_key_and_value_survive_a_file_round_trip(key: str, value: str) -> None:
    document = load(b'"first" = "1";\n')
    if key == "first":
        return
    document.set(key, value)
    reread = load(document.dump())
    assert reread.get(key).value == value  # type: ignore[union-attr]


def test_shorthand_entry_is_rewritten_as_a_pair() -> None:
    document = load(b'"a" = "A";\n"Cancel";\n"b" = "B";\n')
    assert document.get("Cancel").value == "Cancel"  # type: ignore[union-attr]
    document.set("Cancel", "Annuler")
    assert document.dump() == b'"a" = "A";\n"Cancel" = "Annuler";\n"b" = "B";\n'


edit_keys = st.sampled_from(["greeting", "ok", "multi", "new_a", "new b"])
operations = st.lists(
    st.one_of(
        st.tuples(st.just("set"), edit_keys, strings_text),
        st.tuples(st.just("remove"), edit_keys),
    ),
    max_size=8,
)


@settings(max_examples=150, deadline=None)
@given(operations)
def test_any_edit_sequence_reads_back_as_the_model(ops: list[tuple[Any, ...]]) -> None:
    document = load(SOURCE.encode())
    model = {entry.key: entry.value for entry in document.entries()}
    for op in ops:
        if op[0] == "set":
            document.set(op[1], op[2])
            model[op[1]] = op[2]
        elif op[1] in model:
            document.remove(op[1])
            del model[op[1]]
    reread = load(document.dump())
    assert {entry.key: entry.value for entry in reread.entries()} == model


_PIECES = st.sampled_from(
    [
        '"k" = "v";', '"k2"="v \\"q\\" \\n \\U00e9 \\101";', '"dup" = "a";', '"dup" = "b";',
        "bare = word;", '"short";', '"k3" /* c */ = "v";', "/* block\n comment */", "// line",
        "\n", "\n\n", "\r\n", "\r", " ", "\t", '"k4" =\n "multi\nline";', ";", "/* open",
        '"open', '"k5" = "v5"', "=",
    ]
)  # fmt: skip


def _read_both(text: str) -> tuple[object, object]:
    """What the reader and the reference oracle make of a text (entries, or an error)."""
    try:
        read: object = [
            (e.key, e.value, e.comment, e.line)
            for e in catalog.load("a.strings", text.encode()).entries()
        ]
    except FormatError:
        read = "error"
    try:
        reference: object = reference_entries(text)
    except ReferenceError:
        reference = "error"
    return read, reference


@settings(max_examples=300, deadline=None)
@given(st.lists(_PIECES, max_size=12))
@example(["// line", '"k" = "v";'])  # a line comment swallows the rest of its line
@example(["/* block\n comment */", "bare = word;", "/* block\n comment */", '"k" = "v";'])
@example(['"k" = "v";', " ", "// line", "\n", '"k2"="v";'])  # the first pair's comment
@example(['"k" = "v";', "/* block\n comment */", "\n", '"k2"="v";'])  # the second's
def test_the_reader_equals_the_reference_reader(pieces: list[str]) -> None:
    read, reference = _read_both("".join(pieces))
    assert read == reference


STRINGS_CORPUS = sorted(
    (Path(__file__).resolve().parents[2] / ".." / "shared" / "corpora").glob("**/*.strings")
)


@pytest.mark.skipif(not STRINGS_CORPUS, reason="shared corpora not found next to the repo")
def test_corpus_reads_as_the_reference_reads() -> None:
    differing = []
    for path in STRINGS_CORPUS:
        data = path.read_bytes()
        if data.startswith(b"bplist00"):
            continue
        read, reference = _read_both(decode(str(path), data, allow_utf16=True)[0])
        if read != reference:
            differing.append(str(path))
    assert differing == []
