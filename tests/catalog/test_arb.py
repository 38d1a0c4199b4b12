"""Flutter ARB: metadata as comments, ICU messages kept whole, edits with metadata."""

from __future__ import annotations

import json
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from catalog import FormatError
from catalog.formats import arb

SOURCE = b"""{
  "@@locale": "en",
  "hello": "Hello {name}",
  "@hello": {
    "description": "Greets the user",
    "placeholders": {
      "name": {}
    }
  },
  "files": "{count, plural, =0{No files} one{1 file} other{{count} files}}",
  "@files": {
    "description": "File count"
  },
  "bare": "Bare"
}
"""


def test_entries_skip_metadata_and_take_descriptions() -> None:
    doc = arb.parse("app_en.arb", SOURCE)
    assert [(e.key, e.comment, e.line) for e in doc.entries()] == [
        ("hello", "Greets the user", 3),
        ("files", "File count", 10),
        ("bare", None, 14),
    ]
    assert doc.get("files").value.startswith("{count, plural,")  # type: ignore[union-attr]
    assert doc.locale == "en"


def test_new_entry_with_comment_gets_metadata_after_it() -> None:
    doc = arb.parse("app_en.arb", SOURCE)
    doc.set("bye", "Bye", comment="Farewell", after="hello")
    out = json.loads(doc.dump())
    assert list(out)[:5] == ["@@locale", "hello", "@hello", "bye", "@bye"]
    assert out["@bye"] == {"description": "Farewell"}


def test_a_new_entry_s_description_set_again_is_written_once_in_the_file_style() -> None:
    doc = arb.parse("app_en.arb", b'{\n\t"@@locale": "en",\n\t"a": "x"\n}\n')
    doc.set("b", "y", comment="first", after="a")
    doc.set("b", "z", comment="second \u00e9")
    assert doc.dump() == (
        b'{\n\t"@@locale": "en",\n\t"a": "x",\n\t"b": "z",\n'
        b'\t"@b": {\n\t\t"description": "second \xc3\xa9"\n\t}\n}\n'
    )
    again = arb.parse("app_en.arb", doc.dump())
    assert [(e.key, e.value, e.comment) for e in again.entries()] == [
        ("a", "x", None),
        ("b", "z", "second \u00e9"),
    ]


def test_metadata_read_whole_is_edited_in_place_and_kept_elsewhere() -> None:
    data = (
        b'{\n "a": "x",\n "@a": {"description": "d", "placeholders": {"n": {}}},\n'
        b' "b": "y",\n "@b": {\n  "description": "e",\n  "x": [1, 2.5e3, null]\n }\n}'
    )
    doc = arb.parse("app_en.arb", data)
    assert [(e.comment, e.line) for e in doc.entries()] == [("d", 2), ("e", 4)]
    doc.set("b", "y", comment="f")
    assert doc.dump() == data.replace(b'"e"', b'"f"')
    assert arb.parse("app_en.arb", doc.dump()).get("b").comment == "f"  # type: ignore[union-attr]


def test_updating_description_changes_only_that_line() -> None:
    doc = arb.parse("app_en.arb", SOURCE)
    doc.set("files", doc.get("files").value, comment="How many files")  # type: ignore[union-attr]
    assert doc.dump() == SOURCE.replace(b'"File count"', b'"How many files"')


def test_remove_drops_message_and_metadata() -> None:
    doc = arb.parse("app_en.arb", SOURCE)
    doc.remove("hello")
    assert list(json.loads(doc.dump())) == ["@@locale", "files", "@files", "bare"]


def test_plural_mapping_becomes_one_icu_message() -> None:
    doc = arb.parse("app_en.arb", SOURCE)
    doc.set("apples", {"one": "1 apple", "other": "{count} apples"})
    assert doc.get("apples").value == "{count, plural, one{1 apple} other{{count} apples}}"  # type: ignore[union-attr]


def test_skeleton_declares_the_locale_in_the_file_style() -> None:
    skeleton = arb.parse("app_en.arb", SOURCE).skeleton("pt-BR")
    assert skeleton == b'{\n  "@@locale": "pt_BR"\n}\n'
    assert arb.parse("app_pt_BR.arb", skeleton).entries() == []


def test_metadata_keys_cannot_be_set() -> None:
    with pytest.raises(ValueError, match="cannot start with '@'"):
        arb.parse("app_en.arb", SOURCE).set("@x", "y")


def test_duplicate_message_with_other_text_is_refused() -> None:
    with pytest.raises(FormatError, match="duplicate key 'a' with a different value") as caught:
        arb.parse("app_en.arb", b'{\n"a": "x",\n"a": "y"\n}')
    assert caught.value.line == 3


def test_a_repeat_differing_only_from_the_first_is_refused() -> None:
    with pytest.raises(FormatError, match="duplicate key 'a' with a different value") as caught:
        arb.parse("app_en.arb", b'{\n"a": "x",\n"a": "y",\n"a": "y"\n}')
    assert caught.value.line == 3


def test_conflicting_description_inside_metadata_is_refused() -> None:
    data = b'{\n"a": "x",\n"@a": {\n"description": "d",\n"description": "e"}\n}'
    with pytest.raises(FormatError, match="duplicate key 'description'") as caught:
        arb.parse("app_en.arb", data)
    assert caught.value.line == 5


def test_repeated_message_and_metadata_read_once_with_first_line() -> None:
    data = b'{\n"a": "x",\n"@a": {"description": "d"},\n"b": "y",\n"a": "x"\n}'
    doc = arb.parse("app_en.arb", data)
    assert [(e.key, e.value, e.comment, e.line) for e in doc.entries()] == [
        ("a", "x", "d", 2),
        ("b", "y", None, 4),
    ]


@settings(max_examples=80, deadline=None)
@given(
    operations=st.lists(
        st.tuples(
            st.sampled_from(["set", "comment", "add", "add_after", "remove"]),
            st.integers(min_value=0, max_value=20),
            st.text(max_size=5),
        ),
        max_size=8,
    )
)
def test_edit_sequences_agree_with_reparsing_the_output(
    operations: list[tuple[str, int, str]],
) -> None:
    doc = arb.parse("app_en.arb", SOURCE)
    for number, (operation, pick, text) in enumerate(operations):
        keys = doc.keys()
        key = keys[pick % len(keys)] if keys else None
        if operation == "set" and key is not None:
            doc.set(key, text)
        elif operation == "comment" and key is not None:
            doc.set(key, doc.get(key).value, comment=text)  # type: ignore[union-attr]
        elif operation == "add":
            doc.set(f"new{number}", text, comment=text or None)
        elif operation == "add_after" and key is not None:
            doc.set(f"after{number}", text, after=key)
        elif operation == "remove" and key is not None:
            doc.remove(key)
    reread = arb.parse("app_en.arb", doc.dump())
    assert [(e.key, e.value, e.comment) for e in doc.entries()] == [
        (e.key, e.value, e.comment) for e in reread.entries()
    ]


@pytest.mark.parametrize(
    ("metadata", "message"),
    [
        (b'{"d": NaN}', "app_en.arb:3:14: unexpected character 'N', expected a value"),
        (
            b'{"d": "a", "d": "b"}',
            "app_en.arb:3:19: duplicate key 'd' with a different value (first defined on "
            "line 3); keep one of them",
        ),
        (b'{"d": ' + b"[" * 70 + b"]" * 70 + b"}", "app_en.arb:3:76: nesting deeper than 64"),
        (b'{"d": "a\x01"}', "app_en.arb:3:16: invalid string: Invalid control character"),
        (b'{"d": 1,}', "app_en.arb:3:16: expected a quoted key"),
    ],
)
def test_metadata_the_c_scanner_would_read_otherwise_is_refused_with_its_place(
    metadata: bytes, message: str
) -> None:
    data = b'{\n "a": "x",\n "@a": ' + metadata + b"\n}"
    with pytest.raises(FormatError, match=re.escape(message)):
        arb.parse("app_en.arb", data)
