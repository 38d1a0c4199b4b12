"""XLIFF 1.2: source/target units, inline markup, notes, edits and hardened parsing."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from catalog import FormatError
from catalog.formats import xliff

TRANSLATION = b"""<?xml version="1.0" encoding="UTF-8"?>
<xliff xmlns="urn:oasis:names:tc:xliff:document:1.2" version="1.2">
  <file original="app.strings" source-language="en" target-language="fr" datatype="plaintext">
    <body>
      <trans-unit id="hello" maxwidth="20" size-unit="char">
        <source>Hello &amp; welcome</source>
        <target state="needs-translation">Bonjour</target>
        <note>Greeting on the home screen</note>
      </trans-unit>
      <trans-unit id="tap">
        <source>Tap <g id="1">here</g> to <x id="2"/> go</source>
      </trans-unit>
      <trans-unit id="internal" translate="no">
        <source>ID</source>
        <target>ID</target>
      </trans-unit>
    </body>
  </file>
</xliff>
"""

SOURCE_ONLY = b"""<xliff version="1.2"><file original="a" source-language="en"><body>
<trans-unit id="a"><source>A</source></trans-unit>
</body></file></xliff>
"""


def test_translation_entries_are_units_with_a_target() -> None:
    doc = xliff.parse("fr.xliff", TRANSLATION)
    assert doc.keys() == ["hello", "internal"]
    hello = doc.get("hello")
    assert hello is not None
    assert (hello.value, hello.comment, hello.max_length, hello.line) == (
        "Bonjour",
        "Greeting on the home screen",
        20,
        5,
    )
    assert doc.get("internal").translatable is False  # type: ignore[union-attr]
    assert doc.source_text("tap") == 'Tap <g id="1">here</g> to <x id="2"/> go'
    assert doc.source_text("hello") == "Hello & welcome"


def test_source_only_file_entries_are_sources() -> None:
    doc = xliff.parse("en.xlf", SOURCE_ONLY)
    assert [(e.key, e.value) for e in doc.entries()] == [("a", "A")]
    doc.set("a", "A & B")
    assert b"<source>A &amp; B</source>" in doc.dump()


def test_adding_a_target_inserts_one_line_after_the_source() -> None:
    doc = xliff.parse("fr.xliff", TRANSLATION)
    doc.set("tap", 'Touchez <g id="1">ici</g> pour <x id="2"/> aller')
    expected = TRANSLATION.replace(
        b'<x id="2"/> go</source>\n',
        b'<x id="2"/> go</source>\n        <target>Touchez <g id="1">ici</g> pour '
        b'<x id="2"/> aller</target>\n',
    )
    assert doc.dump() == expected


def test_replacing_a_target_marks_it_translated() -> None:
    doc = xliff.parse("fr.xliff", TRANSLATION)
    doc.set("hello", "Salut <b>")
    assert doc.dump() == TRANSLATION.replace(
        b'<target state="needs-translation">Bonjour</target>',
        b'<target state="translated">Salut &lt;b&gt;</target>',
    )
    assert xliff.parse("fr.xliff", doc.dump()).get("hello").value == "Salut <b>"  # type: ignore[union-attr]


def test_new_unit_copies_sibling_indentation_and_note() -> None:
    doc = xliff.parse("fr.xliff", TRANSLATION)
    doc.set("new", "Nouveau", comment="Added")
    assert doc.dump() == TRANSLATION.replace(
        b"      </trans-unit>\n    </body>",
        b'      </trans-unit>\n      <trans-unit id="new">\n        <source>Nouveau</source>\n'
        b"        <target>Nouveau</target>\n        <note>Added</note>\n"
        b"      </trans-unit>\n    </body>",
    )


def test_a_new_unit_set_again_is_rewritten_in_place_with_its_note() -> None:
    doc = xliff.parse("fr.xliff", TRANSLATION)
    doc.set("new", "Nouveau", comment="Added", after="hello")
    doc.set("new", "Neuf")
    expected = xliff.parse("fr.xliff", TRANSLATION)
    expected.set("new", "Neuf", comment="Added", after="hello")
    assert doc.dump() == expected.dump()
    assert doc.get("new") == ("new", "Neuf", "Added", None, None, True, None, "string")


def test_remove_drops_the_target_line_of_a_translation() -> None:
    doc = xliff.parse("fr.xliff", TRANSLATION)
    doc.remove("hello")
    assert doc.dump() == TRANSLATION.replace(
        b'        <target state="needs-translation">Bonjour</target>\n', b""
    )
    assert doc.get("hello") is None
    with pytest.raises(KeyError):
        doc.remove("tap")


def test_skeleton_strips_targets_and_sets_the_language() -> None:
    skeleton = xliff.parse("fr.xliff", TRANSLATION).skeleton("de-CH")
    assert b"<target" not in skeleton
    assert b'target-language="de-CH"' in skeleton
    doc = xliff.parse("de.xliff", skeleton)
    assert doc.entries() == []
    assert doc.source_text("hello") == "Hello & welcome"
    doc.set("hello", "Hallo")
    assert doc.get("hello").value == "Hallo"  # type: ignore[union-attr]


BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]>
<xliff version="1.2"><file><body><trans-unit id="a"><source>&lol2;</source>
</trans-unit></body></file></xliff>
"""
EXTERNAL_ENTITY = b"""<?xml version="1.0"?>
<!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<xliff version="1.2"><file><body><trans-unit id="a"><source>&xxe;</source>
</trans-unit></body></file></xliff>
"""


@pytest.mark.parametrize(
    ("data", "message", "line"),
    [
        (BILLION_LAUGHS, "DOCTYPE and entity declarations are not allowed", 2),
        (EXTERNAL_ENTITY, "DOCTYPE and entity declarations are not allowed", 2),
        (b"<xliff><file>\n<body></file></xliff>", "malformed XML", 2),
        (b"<xliff><file><body>&undefined;</body></file></xliff>", "malformed XML", 1),
        (
            b"<xliff><file><body>\n<trans-unit><source>a</source></trans-unit></body></file></xliff>",
            "without an id",
            2,
        ),
        (
            b'<xliff><file><body><trans-unit id="a"><source>a</source></trans-unit>\n'
            b'<trans-unit id="a"><source>b</source></trans-unit></body></file></xliff>',
            "used twice",
            2,
        ),
        (
            b'<xliff><file><body>\n<trans-unit id="a"><source>a</source></trans-unit>\n'
            b'<trans-unit id="b">\n<target>b</target></trans-unit></body></file></xliff>',
            "trans-unit 'b' has no <source>",
            3,
        ),
        (
            b'<xliff><file><body>\n\n<trans-unit id="a"/></body></file></xliff>',
            "trans-unit 'a' has no <source>",
            3,
        ),
        (
            b'<xliff><file><body>\n<trans-unit id="a"><source>a</source>\n'
            b'<trans-unit id="b"><source>b</source></trans-unit></trans-unit>'
            b"</body></file></xliff>",
            "trans-unit inside another trans-unit",
            3,
        ),
    ],
)
def test_bad_xliff_raises_format_error(data: bytes, message: str, line: int) -> None:
    with pytest.raises(FormatError, match=message) as caught:
        xliff.parse("fr.xliff", data)
    assert caught.value.line == line


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=["Cs", "Cc"]) | st.sampled_from("\n\t")))
def test_any_text_round_trips_through_set(text: str) -> None:
    doc = xliff.parse("fr.xliff", TRANSLATION)
    doc.set("hello", text)
    assert xliff.parse("fr.xliff", doc.dump()).get("hello").value == text  # type: ignore[union-attr]


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=200))
def test_arbitrary_bytes_never_raise_anything_but_format_error(data: bytes) -> None:
    try:
        doc = xliff.parse("fr.xliff", data)
    except FormatError:
        return
    assert doc.dump() == data


def test_alt_trans_proposals_are_not_the_units_target() -> None:
    data = (
        b'<xliff version="1.2"><file target-language="fr"><body>\n'
        b'<trans-unit id="a"><source>A</source><note>n</note>\n'
        b"<alt-trans><source>A</source><target>Proposal</target><note>m</note></alt-trans>\n"
        b"</trans-unit>\n</body></file></xliff>"
    )
    doc = xliff.parse("fr.xlf", data)
    assert doc.keys() == []
    doc.set("a", "Vrai")
    reread = xliff.parse("fr.xlf", doc.dump())
    assert reread.get("a").value == "Vrai"  # type: ignore[union-attr]
    assert reread.get("a").comment == "n"  # type: ignore[union-attr]
    assert b"<target>Proposal</target>" in doc.dump()


def test_unit_id_is_the_id_attribute_not_xml_id() -> None:
    data = (
        b'<xliff version="1.2"><file><body>\n'
        b'<trans-unit xml:id="other" id="a&amp;b"><source>A</source></trans-unit>\n'
        b"</body></file></xliff>"
    )
    doc = xliff.parse("en.xlf", data)
    assert doc.keys() == ["a&b"]


#: (file, entries as (key, value, comment, context, max_length, translatable, line))
READ_CASES = [
    (
        TRANSLATION,
        [
            ("hello", "Bonjour", "Greeting on the home screen", None, 20, True, 5),
            ("internal", "ID", None, None, None, False, 13),
        ],
    ),
    (SOURCE_ONLY, [("a", "A", None, None, None, True, 2)]),
    (
        b'<xliff><file><body><trans-unit id="r" resname="a\tb" maxwidth="9"><source>S</source>'
        b"<note>one</note><note> </note><note>two &lt;3</note></trans-unit></body></file></xliff>",
        [("r", "S", "one\ntwo <3", "a\tb", 9, True, 1)],
    ),
    # character references by XML's rule (html.unescape reads &#150; as an en dash)
    (
        b'<xliff><file><body><trans-unit id="c"><source>&#150; &#x41;</source></trans-unit>'
        b"</body></file></xliff>",
        [("c", "\x96 A", None, None, None, True, 1)],
    ),
    (
        b'<xliff><file><body><trans-unit id="c"><source><![CDATA[<b>]]> x</source></trans-unit>'
        b"<!-- c --></body></file></xliff>",
        [("c", "<b> x", None, None, None, True, 1)],
    ),
    (
        b'<xliff><file target-language="de"><body>\r\n<trans-unit id="a"><source>A</source>'
        b'</trans-unit>\r\n<trans-unit id="b"><source>B</source><target/></trans-unit>\r\n'
        b"</body></file></xliff>",
        [("b", "", None, None, None, True, 3)],
    ),
    # units in a prefixed namespace are not read (kept verbatim)
    (
        b'<x:xliff xmlns:x="urn:oasis:names:tc:xliff:document:1.2"><x:file><x:body>'
        b'<x:trans-unit id="p"><x:source>P</x:source></x:trans-unit></x:body></x:file></x:xliff>',
        [],
    ),
    # unit lines: start tags over several lines; a quoted ">" in an attribute
    (
        b'<xliff><file><body>\n<trans-unit\n id="a"\n><source>A</source></trans-unit>\n'
        b'<trans-unit id="c"\n  resname="r>s"><source>C</source><note>translate it</note>'
        b'</trans-unit>\n<trans-unit id="f" maxwidth="\xc2\xb2"><source>F</source>'
        b"</trans-unit></body></file></xliff>",
        [
            ("a", "A", None, None, None, True, 2),
            ("c", "C", "translate it", "r>s", None, True, 5),
            ("f", "F", None, None, None, True, 7),
        ],
    ),
    (
        b'<xliff><file><body>\n<trans-unit id="a"><source>A</source></trans-unit>\n'
        b'<trans-unit id="b" translate="no"><source>B</source></trans-unit></body></file></xliff>',
        [("a", "A", None, None, None, True, 2), ("b", "B", None, None, None, False, 3)],
    ),
    # UTF-16
    (
        '<xliff><file><body>\n\n<trans-unit id="\u00e9"><source>\u00e9</source></trans-unit>'
        "</body></file></xliff>".encode("utf-16"),
        [("\u00e9", "\u00e9", None, None, None, True, 3)],
    ),
]


@pytest.mark.parametrize(("data", "expected"), READ_CASES)
def test_entries_are_read_with_every_field(data: bytes, expected: list[tuple[object, ...]]) -> None:
    document = xliff.parse("a.xliff", data)
    assert [tuple(entry)[:7] for entry in document.entries()] == expected
    assert document.dump() == data


def test_unit_lines_are_where_start_tags_begin() -> None:
    data = (
        b'<xliff><file><body>\n<trans-unit id="a"><source>A</source><note>translate</note>'
        b'</trans-unit>\n\n<trans-unit\n  id="b" translate="no"><source>B</source>'
        b"</trans-unit></body></file></xliff>"
    ).decode()
    data = data.replace("<body>", "<body>" + "\n" * 70_000)
    entries = xliff.parse("a.xlf", data.encode("utf-16")).entries()
    assert [(e.key, e.line, e.translatable) for e in entries] == [
        ("a", 70_002, True),
        ("b", 70_004, False),
    ]


def test_a_doctype_spelled_in_any_case_anywhere_is_refused() -> None:
    data = TRANSLATION.replace(b"<body>", b"<body><!-- <!doctype x> -->", 1)
    with pytest.raises(FormatError, match=r"(?i)doctype"):
        xliff.parse("fr.xlf", data)


def test_question_and_exclamation_marks_in_text_are_text() -> None:
    data = TRANSLATION.replace(b"Bonjour", b"Bonjour ! ?&amp;#33;", 1)
    doc = xliff.parse("fr.xlf", data)
    assert doc.get("hello").value == "Bonjour ! ?&#33;"
    edited = xliff.parse("fr.xlf", data)
    edited.set("internal", "ID!")
    assert [e for e in edited.entries() if e.key == "hello"] == [doc.get("hello")]


def test_latin1_text_that_would_read_as_utf8_is_written_as_character_references() -> None:
    data = b'<?xml version="1.0" encoding="ISO-8859-1"?>\n' + SOURCE_ONLY.replace(
        b"<file ", b'<file target-language="fr" '
    ).replace(b"</source>", b"</source><target>y</target>")
    doc = xliff.parse("fr.xlf", data)
    doc.set("a", "\u00e9\x85\x85")  # its latin-1 bytes, e9 85 85, are UTF-8 for U+E145
    doc.set("b", "\u00e9")
    dumped = doc.dump()
    assert b"<target>&#233;&#133;&#133;</target>" in dumped
    assert b"<target>\xe9</target>" in dumped
    reread = xliff.parse("fr.xlf", dumped)
    assert [(e.key, e.value) for e in reread.entries()] == [
        ("a", "\u00e9\x85\x85"),
        ("b", "\u00e9"),
    ]


#: one unit (id "k", source "S & s", target "T", notes "n1" and "n2") laid out otherwise
LAYOUTS = [
    '<trans-unit id="k"><source>S &amp; s</source><target>T</target><note>n1</note>'
    "<note>n2</note></trans-unit>",
    "<trans-unit xml:space='preserve' id='k'>\n  <source>S &amp; s</source>\n"
    "  <target state='new'>T</target>\n  <note>n1</note>\n  <note/>\n  <note>n2</note>\n"
    "</trans-unit>",
    '<trans-unit id="k"><note>n1</note><!-- <target>x</target> --><source>S <![CDATA[&]]> s'
    '</source><context-group><context context-type="x">c</context></context-group>'
    "<?pi <note>?><target>T</target><note>n2</note>"
    "<alt-trans><source>A</source><target>B</target><note>m</note></alt-trans></trans-unit>",
]


@pytest.mark.parametrize("unit", LAYOUTS)
def test_a_unit_reads_the_same_however_it_is_laid_out(unit: str) -> None:
    data = f'<xliff version="1.2"><file target-language="fr"><body>\n{unit}\n</body></file></xliff>'
    doc = xliff.parse("fr.xlf", data.encode())
    assert [tuple(entry)[:3] for entry in doc.entries()] == [("k", "T", "n1\nn2")]
    assert doc.source_text("k") == "S & s"
    doc.set("k", "U <b>")
    doc.set("j", "J", after="k")
    reread = xliff.parse("fr.xlf", doc.dump())
    assert [(entry.key, entry.value) for entry in reread.entries()] == [("k", "U <b>"), ("j", "J")]
    assert reread.get("k").comment == "n1\nn2"  # type: ignore[union-attr]
