"""Android strings.xml: reading entries and editing them in place."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

import catalog
from catalog import FormatError
from catalog.base import sort_plural
from catalog.formats._android_text import unescape_decoded

SOURCE = b"""<?xml version="1.0" encoding="utf-8"?>
<resources xmlns:tools="http://schemas.android.com/tools"
    xmlns:xliff="urn:oasis:names:tc:xliff:document:1.2">
    <!-- Section: main screen -->

    <!-- Title of the main screen [CHAR LIMIT=20] -->
    <string name="title">Hello, world</string>
    <string name="app_name" translatable="false">Demo</string>
    <string name="quoted">"  spaced  "</string>
    <string name="escapes">It\\'s \\"fine\\"\\nNext\\tline \\@ \\u00e9</string>
    <string name="cdata"><![CDATA[<b>Bold</b> & more]]></string>
    <string name="welcome">Hi <xliff:g id="name" example="Bob">%1$s</xliff:g>!</string>
    <string name="tooling" tools:ignore="MissingTranslation">Tool</string>
    <string name="limited" maxLength="5">Short</string>
    <plurals name="files">
        <item quantity="one">%d file</item>
        <item quantity="other">%d files</item>
    </plurals>
    <string-array name="planets">
        <item>Mercury</item>
        <item>Venus</item>
    </string-array>
    <integer name="not_a_string">3</integer>
</resources>
"""
PATH = "app/src/main/res/values/strings.xml"


def load(data: bytes = SOURCE) -> catalog.Document:
    return catalog.load(PATH, data)


def test_reads_every_kind_of_entry() -> None:
    document = load()
    assert document.format == "android"
    assert document.keys() == [
        "title", "app_name", "quoted", "escapes", "cdata", "welcome", "tooling", "limited",
        "files", "planets",
    ]  # fmt: skip
    assert document.get("not_a_string") is None


def test_comment_immediately_before_is_context_and_char_limit_is_max_length() -> None:
    title = load().get("title")
    assert title is not None
    assert title.comment == "Title of the main screen [CHAR LIMIT=20]"
    assert title.max_length == 20
    assert title.line == 7
    assert load().get("app_name").comment is None  # type: ignore[union-attr]


def test_translatable_false_and_max_length_attribute() -> None:
    document = load()
    assert document.get("app_name").translatable is False  # type: ignore[union-attr]
    assert document.get("title").translatable is True  # type: ignore[union-attr]
    assert document.get("limited").max_length == 5  # type: ignore[union-attr]


def test_android_escapes_and_quotes_are_decoded() -> None:
    document = load()
    assert document.get("quoted").value == "  spaced  "  # type: ignore[union-attr]
    assert document.get("escapes").value == 'It\'s "fine"\nNext\tline @ é'  # type: ignore[union-attr]


def test_cdata_and_xliff_markup_are_kept_as_text() -> None:
    document = load()
    assert document.get("cdata").value == "<b>Bold</b> & more"  # type: ignore[union-attr]
    welcome = document.get("welcome")
    assert welcome is not None
    assert welcome.value == 'Hi <xliff:g id="name" example="Bob">%1$s</xliff:g>!'


def test_plurals_and_arrays() -> None:
    document = load()
    files = document.get("files")
    planets = document.get("planets")
    assert files is not None and planets is not None
    assert (files.kind, files.value) == ("plural", {"one": "%d file", "other": "%d files"})
    assert (planets.kind, planets.value) == ("array", {"0": "Mercury", "1": "Venus"})


def test_setting_a_string_changes_only_its_value() -> None:
    document = load()
    document.set("title", "Bonjour & <salut>")
    expected = SOURCE.replace(
        b'<string name="title">Hello, world</string>',
        b'<string name="title">Bonjour &amp; &lt;salut></string>',
    )
    assert document.dump() == expected


def test_setting_keeps_tools_attributes_and_cdata_wrapper() -> None:
    document = load()
    document.set("tooling", "Outil")
    document.set("cdata", "<i>Gras</i>")
    out = document.dump()
    assert b'<string name="tooling" tools:ignore="MissingTranslation">Outil</string>' in out
    assert b'<string name="cdata"><![CDATA[<i>Gras</i>]]></string>' in out


def test_setting_plural_adds_and_removes_forms_in_cldr_order() -> None:
    document = load()
    document.set("files", {"one": "%d plik", "few": "%d pliki", "many": "%d plików"})
    out = document.dump().decode()
    assert (
        '    <plurals name="files">\n'
        '        <item quantity="one">%d plik</item>\n'
        '        <item quantity="few">%d pliki</item>\n'
        '        <item quantity="many">%d plików</item>\n'
        "    </plurals>\n"
    ) in out
    reread = catalog.load(PATH, out.encode())
    assert reread.get("files").value == {"one": "%d plik", "few": "%d pliki", "many": "%d plików"}  # type: ignore[union-attr]


def test_new_entries_are_appended_in_the_file_style() -> None:
    document = load()
    document.set("new_one", "  padded")
    document.set("new_plural", {"one": "%d cat", "other": "%d cats"}, comment="Pets")
    out = document.dump().decode()
    # the <integer> is not an entry: new entries follow the last entry
    assert (
        "    </string-array>\n"
        '    <string name="new_one">"  padded"</string>\n'
        "    <!-- Pets -->\n"
        '    <plurals name="new_plural">\n'
    ) in out
    reread = catalog.load(PATH, out.encode())
    assert reread.get("new_one").value == "  padded"  # type: ignore[union-attr]
    assert reread.get("new_plural").comment == "Pets"  # type: ignore[union-attr]


def test_set_after_anchor_and_remove_with_its_comment() -> None:
    document = load()
    document.set("subtitle", "Sub", after="title")
    document.remove("title")
    out = document.dump().decode()
    assert "Title of the main screen" not in out
    assert "<!-- Section: main screen -->\n\n" in out
    assert out.index('name="subtitle"') < out.index('name="app_name"')
    with pytest.raises(KeyError):
        document.remove("title")


def test_crlf_and_tabs_are_kept_for_new_entries() -> None:
    data = b'<resources>\r\n\t<string name="a">A</string>\r\n</resources>\r\n'
    document = load(data)
    document.set("b", "B")
    assert document.dump() == (
        b'<resources>\r\n\t<string name="a">A</string>\r\n\t<string name="b">B</string>\r\n'
        b"</resources>\r\n"
    )


def test_skeleton_is_an_empty_resources_file_that_accepts_entries() -> None:
    source = load()
    target = catalog.new_target(source, "fr-CA")
    assert target.path == "app/src/main/res/values-fr-rCA/strings.xml"
    assert target.entries() == []
    target.set("title", "Bonjour")
    out = target.dump().decode()
    assert out.startswith('<?xml version="1.0" encoding="utf-8"?>\n<resources')
    assert '\n    <string name="title">Bonjour</string>\n</resources>\n' in out


def test_invalid_resource_name_is_refused() -> None:
    with pytest.raises(ValueError):
        load().set('bad" name', "x")


def test_wrong_root_element_is_a_format_error() -> None:
    with pytest.raises(FormatError, match="expected <resources>") as caught:
        catalog.load(PATH, b"<?xml version='1.0'?>\n<resource></resource>")
    assert caught.value.line == 2


keys = st.sampled_from(["title", "files", "planets", "new_a", "new_b", "new_c"])
texts = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\ufffe\uffff"))
values = st.one_of(
    texts,
    st.dictionaries(
        st.sampled_from(["zero", "one", "two", "few", "many", "other"]), texts, min_size=1
    ).map(sort_plural),
    st.lists(texts, min_size=1, max_size=4).map(
        lambda items: {str(i): t for i, t in enumerate(items)}
    ),
)
operations = st.lists(
    st.one_of(st.tuples(st.just("set"), keys, values), st.tuples(st.just("remove"), keys)),
    max_size=8,
)


@settings(max_examples=150, deadline=None)
@given(operations)
def test_any_edit_sequence_reads_back_as_the_model(ops: list[tuple[Any, ...]]) -> None:
    document = load()
    model = {entry.key: entry.value for entry in document.entries()}
    for op in ops:
        if op[0] == "set":
            document.set(op[1], op[2])
            model[op[1]] = op[2]
        elif op[1] in model:
            document.remove(op[1])
            del model[op[1]]
        else:
            with pytest.raises(KeyError):
                document.remove(op[1])
    reread = catalog.load(PATH, document.dump())
    assert {entry.key: entry.value for entry in reread.entries()} == model
    assert reread.keys() == document.keys()


def test_markup_is_kept_only_when_the_file_declares_its_namespace() -> None:
    value = 'Salut <xliff:g id="name">%1$s</xliff:g> !'
    declared = load()
    declared.set("welcome", value)
    assert f'<string name="welcome">{value}</string>'.encode() in declared.dump()
    undeclared = load(b'<resources>\n    <string name="welcome">Hi</string>\n</resources>\n')
    undeclared.set("welcome", value)
    assert b"&lt;xliff:g" in undeclared.dump()
    assert catalog.load(PATH, undeclared.dump()).get("welcome").value == value  # type: ignore[union-attr]


def test_legacy_encoding_is_kept_and_unencodable_characters_become_references() -> None:
    text = (
        '<?xml version="1.0" encoding="ISO-8859-1"?>\n'
        '<resources>\n  <string name="a">Déjà</string>\n</resources>\n'
    )
    data = text.encode("latin-1")
    document = load(data)
    assert document.get("a").value == "Déjà"  # type: ignore[union-attr]
    document.set("a", "Été → hiver")
    assert document.dump() == data.replace(
        "Déjà".encode("latin-1"), "Été &#8594; hiver".encode("latin-1")
    )
    assert catalog.load(PATH, document.dump()).get("a").value == "Été → hiver"  # type: ignore[union-attr]


def test_values_no_file_can_hold_are_refused() -> None:
    with pytest.raises(ValueError, match="lone surrogate"):
        load().set("title", "bad \ud800")


PLAIN = SOURCE.replace(
    b'    <string name="cdata"><![CDATA[<b>Bold</b> & more]]></string>\n', b""
).replace(
    b'    <string name="welcome">Hi <xliff:g id="name" example="Bob">%1$s</xliff:g>!</string>\n',
    b"",
)
LAYOUTS = [
    SOURCE,
    PLAIN,
    PLAIN.replace(b"\n", b"\r\n"),
    PLAIN.replace(b"Hello, world", b"&lt;b&gt; &amp;lt; &#150; &#x41; &quot;q&quot;  x \\u0041"),
    PLAIN.replace(b"Hello, world", b" &lt;b&gt; &amp;lt; &#x41;&#10;\\n &quot;q  &quot;  x \\"),
    PLAIN.replace(b"<!-- Title", b"<!-- Title\n\n"),
    PLAIN.replace(b'-->\n    <string name="title">', b'-->\n\n\n<string name="title">'),
    PLAIN.replace(b'<string name="title">', b'<string\n    name="title">'),
    PLAIN.replace(b"<item>Venus</item>", b"<item>Ve<!-- c -->nus</item><!-- x -->"),
    PLAIN.replace(b'name="app_name"', b'name="a&#9;b"'),
    PLAIN.replace(b"<integer", b"<?pi x?><integer"),
    PLAIN.replace(b'maxLength="5"', b'tools:maxLength=" 7 "'),
]


#: (key, (value, comment, line, max_length)) read from each layout above
LAYOUT_READS: list[tuple[str, tuple[Any, str | None, int, int | None]]] = [
    ("welcome", ('Hi <xliff:g id="name" example="Bob">%1$s</xliff:g>!', None, 12, None)),
    ("quoted", ("  spaced  ", None, 9, None)),
    ("escapes", ('It\'s "fine"\nNext\tline @ \u00e9', None, 10, None)),
    ("title", ("<b> &lt; \x96 A q x A", "Title of the main screen [CHAR LIMIT=20]", 7, 20)),
    ("title", ("<b> &lt; A \n q   x", "Title of the main screen [CHAR LIMIT=20]", 7, 20)),
    ("title", ("Hello, world", "Title\n\n of the main screen [CHAR LIMIT=20]", 9, 20)),
    ("title", ("Hello, world", None, 9, None)),
    ("title", ("Hello, world", "Title of the main screen [CHAR LIMIT=20]", 7, 20)),
    ("planets", ({"0": "Mercury", "1": "Venus"}, None, 17, None)),
    ("a\tb", ("Demo", None, 8, None)),
    ("app_name", ("Demo", None, 8, None)),
    ("limited", ("Short", None, 12, 7)),
]


@pytest.mark.parametrize(("data", "read"), list(zip(LAYOUTS, LAYOUT_READS, strict=True)))
def test_layouts_read_exactly_and_edit_in_place(
    data: bytes, read: tuple[str, tuple[Any, str | None, int, int | None]]
) -> None:
    key, expected = read
    document = load(data)
    entry = document.get(key)
    assert entry is not None
    assert (entry.value, entry.comment, entry.line, entry.max_length) == expected
    assert document.dump() == data
    before = document.entries()
    document.set("title", "Edited")
    again = load(document.dump())
    assert again.get("title").value == "Edited"  # type: ignore[union-attr]
    assert [e for e in again.entries() if e.key != "title"] == [
        e for e in before if e.key != "title"
    ]


#: XML text without markup: what a ``<string>`` holding text only may contain
text_content = st.text(
    st.characters(blacklist_categories=("Cs",), blacklist_characters="<&\x00\ufffe\uffff").filter(
        lambda c: c in "\t\n\r" or ord(c) >= 0x20
    ),
    max_size=40,
) | st.sampled_from(["a  b", " a", "a ", "\\'x\\'", '"q"', "a\\nb", "\\u0041", "@x", "a\u00a0b"])
#: The ways a string holding text only is laid out: alone on its line (LF, CRLF, tab),
#: with other attributes, under a comment, with others on its line
STRING_LAYOUTS = [
    '<resources>\n    <string name="k">{}</string>\n</resources>\n',
    '<resources>\r\n\t<string name="k" >{}</string>\r\n</resources>',
    '<resources>\n  <string translatable="true" name="k">{}</string>  \n</resources>\n',
    '<resources>\n    <!-- c -->\n    <string name="k">{}</string>\n</resources>\n',
    '<resources><string name="j">x</string><string name="k">{}</string></resources>',
]


@settings(max_examples=300, deadline=None)
@given(text_content, st.sampled_from(STRING_LAYOUTS))
def test_a_string_reads_what_lxml_reads_and_set_reads_back(content: str, layout: str) -> None:
    raw = content.replace("\r", "&#13;")  # a CR in text would be read as a line break
    data = layout.format(raw).encode()
    document = load(data)
    element = etree.fromstring(data).find("string[@name='k']")
    assert element is not None
    value = unescape_decoded(element.text or "")
    assert document.get("k").value == value  # type: ignore[union-attr]
    assert document.dump() == data
    document.set("k", value + "!")
    document.set("new", value)
    again = load(document.dump())
    assert (again.get("k").value, again.get("new").value) == (value + "!", value)  # type: ignore[union-attr]
