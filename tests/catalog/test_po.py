"""gettext PO: messages, context, plurals via CLDR, fuzzy and obsolete entries, headers."""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path

import polib
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from catalog import FormatError
from catalog.formats import po
from catalog.formats._po_parse import STRINGS, joined_strings, parse_messages
from catalog.formats._po_syntax import (
    _ESCAPE_SEQUENCE,
    _unescape_one,
    escape,
    field_lines,
    unescape,
)
from tests.catalog.po_reference import reference_messages

CATALOG = b"""# French translations.
msgid ""
msgstr ""
"Language: fr\\n"
"Content-Type: text/plain; charset=UTF-8\\n"
"Plural-Forms: nplurals=2; plural=(n > 1);\\n"

#. Shown on the home page
#: app/views.py:12
msgid "Hello"
msgstr "Bonjour"

msgctxt "menu"
msgid "Open"
msgstr "Ouvrir"

#, fuzzy, python-format
#| msgid "%(n)s old file"
msgid "%(n)s file"
msgid_plural "%(n)s files"
msgstr[0] "%(n)s fichier"
msgstr[1] "%(n)s fichiers"

msgid "Untranslated"
msgstr ""

#~ msgid "Gone"
#~ msgstr "Parti"
"""


def test_entries_keys_values_and_comments() -> None:
    doc = po.parse("fr.po", CATALOG)
    assert doc.keys() == ["Hello", "menu\x04Open", "%(n)s file", "Untranslated"]
    hello = doc.get("Hello")
    assert hello is not None and (hello.value, hello.comment, hello.line) == (
        "Bonjour",
        "Shown on the home page",
        10,
    )
    assert doc.get("menu\x04Open").context == "menu"  # type: ignore[union-attr]
    assert doc.get("%(n)s file").value == {"one": "%(n)s fichier", "other": "%(n)s fichiers"}  # type: ignore[union-attr]
    assert doc.fuzzy_keys() == ["%(n)s file"]
    assert doc.get("Gone") is None


def test_template_values_are_source_texts() -> None:
    doc = po.parse("django.pot", CATALOG)
    assert doc.get("Hello").value == "Hello"  # type: ignore[union-attr]
    assert doc.get("%(n)s file").value == {"one": "%(n)s file", "other": "%(n)s files"}  # type: ignore[union-attr]


def test_setting_a_fuzzy_plural_clears_fuzzy_and_previous_msgid_only() -> None:
    doc = po.parse("fr.po", CATALOG)
    doc.set("%(n)s file", {"one": "%(n)s dossier", "other": "%(n)s dossiers"})
    expected = CATALOG.replace(
        b'#, fuzzy, python-format\n#| msgid "%(n)s old file"\n', b"#, python-format\n"
    )
    expected = expected.replace(b"fichier", b"dossier")
    assert doc.dump() == expected
    assert doc.fuzzy_keys() == []


#: Django's es_AR postgres catalog has this shape: three msgstr[N] under a two-form header.
EXTRA_FORMS = b"""msgid ""
msgstr ""
"Language: es_AR\\n"
"Content-Type: text/plain; charset=UTF-8\\n"
"Plural-Forms: nplurals=2; plural=(n != 1);\\n"

msgid "%(n)d item"
msgid_plural "%(n)d items"
msgstr[0] ""
"%(n)d \xc3\xadtem, "
"escrito a mano"
msgstr[1] "%(n)d \xc3\xadtems"
msgstr[2] ""
"%(n)d \xc3\xadtems "
"(tercera forma)"

msgid "Next"
msgstr "Siguiente"
"""


def test_an_edit_keeps_msgstr_forms_the_header_does_not_account_for() -> None:
    doc = po.parse("es_AR.po", EXTRA_FORMS)
    entry = doc.get("%(n)d item")
    assert entry is not None
    assert entry.value == {
        "one": "%(n)d \u00edtem, escrito a mano",
        "other": "%(n)d \u00edtems",
        "2": "%(n)d \u00edtems (tercera forma)",
    }
    doc.set("%(n)d item", {"one": "%(n)d \u00edtem, escrito a mano", "other": "%(n)d cosas"})
    # only msgstr[1] changed: msgstr[0] keeps its hand-made wrapping, msgstr[2] is kept whole
    assert doc.dump() == EXTRA_FORMS.replace(
        b'msgstr[1] "%(n)d \xc3\xadtems"', b'msgstr[1] "%(n)d cosas"'
    )
    reread = po.parse("es_AR.po", doc.dump()).get("%(n)d item")
    assert reread is not None and reread.value == {**entry.value, "other": "%(n)d cosas"}


def test_an_extra_msgstr_form_can_be_set_by_its_index() -> None:
    doc = po.parse("es_AR.po", EXTRA_FORMS)
    value = {"one": "uno", "other": "otros", "2": "tres"}
    doc.set("%(n)d item", value)
    out = doc.dump()
    assert b'msgstr[0] "uno"\nmsgstr[1] "otros"\nmsgstr[2] "tres"\n\nmsgid "Next"' in out
    assert po.parse("es_AR.po", out).get("%(n)d item").value == value  # type: ignore[union-attr]


def test_a_form_left_out_of_the_value_is_emptied_when_the_header_counts_it() -> None:
    doc = po.parse("es_AR.po", EXTRA_FORMS)
    doc.set("%(n)d item", {"other": "otros"})
    reread = po.parse("es_AR.po", doc.dump()).get("%(n)d item")
    assert reread is not None
    assert reread.value == {"one": "", "other": "otros", "2": "%(n)d \u00edtems (tercera forma)"}


def test_new_message_goes_before_obsolete_entries() -> None:
    doc = po.parse("fr.po", CATALOG)
    doc.set("ctx\x04New", "Nouveau", comment="A dev note")
    out = doc.dump()
    assert out == CATALOG.replace(
        b'msgstr ""\n\n#~',
        b'msgstr ""\n\n#. A dev note\nmsgctxt "ctx"\nmsgid "New"\nmsgstr "Nouveau"\n\n#~',
    )
    entry = po.parse("fr.po", out).get("ctx\x04New")
    assert entry is not None and (entry.value, entry.comment, entry.context) == (
        "Nouveau",
        "A dev note",
        "ctx",
    )


def test_remove_takes_the_message_and_its_separator() -> None:
    doc = po.parse("fr.po", CATALOG)
    doc.remove("menu\x04Open")
    assert doc.dump() == CATALOG.replace(b'msgctxt "menu"\nmsgid "Open"\nmsgstr "Ouvrir"\n\n', b"")


def test_long_translation_is_wrapped_like_msgcat() -> None:
    doc = po.parse("fr.po", CATALOG)
    text = (
        "Une phrase assez longue pour d\u00e9passer la largeur de "
        "soixante-dix-neuf colonnes, vraiment."
    )
    doc.set("Hello", text)
    lines = doc.dump().decode().split("\n")
    start = lines.index('msgid "Hello"') + 1
    assert lines[start] == 'msgstr ""'
    assert all(len(line) <= 79 for line in lines)
    assert po.parse("fr.po", doc.dump()).get("Hello").value == text  # type: ignore[union-attr]


def test_crlf_files_keep_crlf() -> None:
    data = CATALOG.replace(b"\n", b"\r\n")
    doc = po.parse("fr.po", data)
    assert doc.dump() == data
    doc.set("Brand new", "Tout neuf")
    assert b'\r\nmsgid "Brand new"\r\nmsgstr "Tout neuf"\r\n' in doc.dump()
    assert b"\n" not in doc.dump().replace(b"\r\n", b"")


@pytest.mark.parametrize(
    ("locale", "language", "plural_forms"),
    [
        ("pt-BR", "pt_BR", "nplurals=2; plural=(n > 1);"),
        ("ru", "ru", "nplurals=3;"),
        ("ja", "ja", "nplurals=1; plural=0;"),
        ("ar", "ar", "nplurals=6;"),
    ],
)
def test_skeleton_has_the_locale_header(locale: str, language: str, plural_forms: str) -> None:
    skeleton = po.parse("templates/django.pot", CATALOG).skeleton(locale)
    header = polib.pofile(skeleton.decode()).metadata
    assert header["Language"] == language
    assert header["Plural-Forms"].startswith(plural_forms)
    assert header["Content-Type"] == "text/plain; charset=UTF-8"
    assert all(len(line) <= 79 for line in skeleton.decode().split("\n"))
    doc = po.parse(f"{language}.po", skeleton)
    assert doc.keys() == po.parse("templates/django.pot", CATALOG).keys()
    assert all(text == "" for entry in doc.entries() for text in _texts(entry.value))
    doc.set("Hello", "Ol\u00e1")
    assert polib.pofile(doc.dump().decode()).find("Hello").msgstr == "Ol\u00e1"  # type: ignore[union-attr]


def _texts(value: str | Mapping[str, str]) -> list[str]:
    return [value] if isinstance(value, str) else list(value.values())


def test_skeleton_is_what_msginit_makes() -> None:
    skeleton = po.parse("fr.po", CATALOG).skeleton("ru").decode()
    # comments, references and msgid/msgid_plural lines are copied; fuzzy and #| are not
    assert '#. Shown on the home page\n#: app/views.py:12\nmsgid "Hello"\nmsgstr ""\n' in skeleton
    assert (
        '#, python-format\nmsgid "%(n)s file"\nmsgid_plural "%(n)s files"\n'
        'msgstr[0] ""\nmsgstr[1] ""\nmsgstr[2] ""\n'
    ) in skeleton
    assert "fuzzy" not in skeleton and "#|" not in skeleton and "#~" not in skeleton
    doc = po.parse("ru.po", skeleton.encode())
    doc.set("%(n)s file", {"one": "%(n)s \u0444\u0430\u0439\u043b", "few": "b", "many": "c"})
    entry = po.parse("ru.po", doc.dump()).get("%(n)s file")
    assert entry is not None and entry.value == {
        "one": "%(n)s \u0444\u0430\u0439\u043b",
        "few": "b",
        "many": "c",
    }


def test_russian_plural_indices_map_to_cldr_categories() -> None:
    data = (
        'msgid ""\nmsgstr ""\n"Language: ru\\n"\n"Plural-Forms: nplurals=3; plural=(n%10==1 && '
        'n%100!=11 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);\\n"\n\n'
        'msgid "file"\nmsgid_plural "files"\nmsgstr[0] "\u0444\u0430\u0439\u043b"\n'
        'msgstr[1] "\u0444\u0430\u0439\u043b\u0430"\n'
        'msgstr[2] "\u0444\u0430\u0439\u043b\u043e\u0432"\n'
    ).encode()
    doc = po.parse("ru.po", data)
    assert doc.plural_categories == ("one", "few", "many")
    assert list(doc.get("file").value) == ["one", "few", "many"]  # type: ignore[union-attr]


def test_latin1_charset_is_honoured() -> None:
    data = (
        'msgid ""\nmsgstr "Content-Type: text/plain; charset=ISO-8859-1\\n"\n\n'
        'msgid "a"\nmsgstr "\u00e9"\n'
    ).encode("latin-1")
    doc = po.parse("fr.po", data)
    assert doc.get("a").value == "\u00e9"  # type: ignore[union-attr]
    doc.set("a", "\u00e8")
    assert doc.dump().endswith('msgstr "\u00e8"\n'.encode("latin-1"))


@pytest.mark.parametrize(
    ("data", "message", "line"),
    [
        (b'msgid "a"\nmsgstr "b\n', "malformed string", 2),
        (b'msgid "a"\nmsgstr "b"\nmsgid "a"\nmsgstr "c"\n', "defined twice", 3),
        (b'msgid "a"\n', "without a msgstr", 1),
        (b'msgstr "a"\n', "msgstr without a msgid", 1),
        (b'msgid "a"\nmsgfoo "b"\n', "unexpected 'msgfoo'", 2),
        (b'msgid "a"\nmsgid_plural "b"\nmsgstr "c"\n', r"expected msgstr\[N\]", 3),
        (b'"orphan"\n', "outside a message", 1),
    ],
)
def test_bad_po_raises_format_error_with_line(data: bytes, message: str, line: int) -> None:
    with pytest.raises(FormatError, match=message) as caught:
        po.parse("fr.po", data)
    assert caught.value.line == line


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_c_escapes_round_trip(text: str) -> None:
    assert unescape(escape(text)) == text
    lines = field_lines("msgstr", text)
    assert "".join(unescape(line.split('"', 1)[1][:-1]) for line in lines) == text


ESCAPE_PIECES = st.sampled_from(
    ["\\", "n", "t", '"', "1", "7", "x", "F", "a", " ", "\r", "\n", "я", "?", "'"]
)


@settings(max_examples=500, deadline=None)
@given(st.lists(ESCAPE_PIECES, max_size=12).map("".join))
def test_unescape_shortcut_equals_the_general_decoder(text: str) -> None:
    # only \n, \" and \t escapes take str.replace; anything else the regular expression
    assert unescape(text) == _ESCAPE_SEQUENCE.sub(_unescape_one, text)


LITERAL_CONTENT = st.lists(
    st.sampled_from(["\\\\", "\\n", '\\"', "\\1", "\\12", "\\x4", "a", "1", " ", "я"]),
    max_size=5,
).map("".join)


@settings(max_examples=500, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(["", " ", "\t"]), LITERAL_CONTENT, st.sampled_from(["", " ", "\r"])
        ),
        min_size=1,
        max_size=4,
    )
)
def test_joined_strings_decodes_each_literal_on_its_own(
    lines: list[tuple[str, str, str]],
) -> None:
    strings = "\n".join(f'{lead}"{content}"{trail}' for lead, content, trail in lines)
    if re.fullmatch(STRINGS, strings) is None:
        return  # not what the readers pass (a blank before the first literal, a final CR)
    # "\1" then "2" is U+0001 then "2": each literal's escapes end with it
    assert joined_strings(strings) == "".join(unescape(content) for _, content, _ in lines)


@pytest.mark.parametrize(
    ("data", "values"),
    [  # the msgstr[N] of a plural message, in every layout the fast reader takes
        (
            b'msgid "a"\nmsgid_plural "as"\nmsgstr[0] ""\n"x\\n"\n"0"\nmsgstr[1]\t "x1" \n',
            {"one": "x\n0", "other": "x1"},
        ),
        (
            b'msgid "a"\r\nmsgid_plural "as"\r\nmsgstr[1] "b"\r\nmsgstr[0] "a" \r\n',
            {"one": "a", "other": "b"},
        ),
        (
            b'msgid "a"\nmsgid_plural "as"\nmsgstr[0] "msgstr[1] \\"x\\""\n',
            {"one": 'msgstr[1] "x"'},
        ),
    ],
)
def test_plural_forms_read_in_any_layout(data: bytes, values: dict[str, str]) -> None:
    header = b'msgid ""\nmsgstr "Language: fr\\nPlural-Forms: nplurals=2; plural=(n > 1);\\n"\n\n'
    entry = po.parse("fr.po", header + data).get("a")
    assert entry is not None and entry.value == values and entry.line == 4


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=["Cs"]), min_size=1))
def test_set_then_parse_returns_the_same_text(text: str) -> None:
    doc = po.parse("fr.po", CATALOG)
    doc.set("Hello", text)
    doc.set("New key", text)
    reread = po.parse("fr.po", doc.dump())
    assert reread.get("Hello").value == text  # type: ignore[union-attr]
    assert reread.get("New key").value == text  # type: ignore[union-attr]


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=200))
def test_arbitrary_bytes_never_raise_anything_but_format_error(data: bytes) -> None:
    try:
        doc = po.parse("fr.po", data)
    except FormatError:
        return
    assert doc.dump() == data


REGISTRY_PO = sorted((Path(__file__).resolve().parents[2] / "var" / "corpora").rglob("*.po"))


#: every field of a message, decoded: what the reader and the oracle must agree on
FIELDS = (
    "lead", "start", "keywords", "msgstr_start", "end", "line", "comments",
    "msgctxt", "msgid", "msgid_plural", "msgstr", "msgstr_plural", "has_msgid", "has_msgstr",
)  # fmt: skip


def _read_both(path: str, text: str) -> tuple[object, object]:
    """Every message field as the reader and as the line-by-line oracle read them (or the
    error each reports)."""
    results: list[object] = []
    for read in (parse_messages, reference_messages):
        try:
            messages = read(path, text)
            results.append([{name: getattr(m, name) for name in FIELDS} for m in messages])
        except FormatError as error:
            results.append(str(error))
    return results[0], results[1]


@pytest.mark.parametrize(
    "data",
    [
        CATALOG,
        CATALOG.replace(b"\n", b"\r\n"),
        CATALOG.rstrip(b"\n"),
        CATALOG.replace(b"\n\n", b"\n \n\n"),
        b'msgid "a"\nmsgstr ""\n"x"\n"y\\"z"\nmsgid "b"\nmsgstr "c"\n',
    ],
)
def test_the_reader_equals_the_line_oracle(data: bytes) -> None:
    read, reference = _read_both("fr.po", data.decode())
    assert isinstance(read, list) and read == reference


@pytest.mark.skipif(not REGISTRY_PO, reason="run scripts/fetch_corpora.sh")
def test_the_reader_equals_the_line_oracle_on_real_files() -> None:
    differing = []
    for path in REGISTRY_PO[::7]:
        read, reference = _read_both(str(path), path.read_text("utf-8"))
        if not isinstance(read, list) or read != reference:
            differing.append(str(path))
    assert not differing


PO_LINES = st.sampled_from(
    [
        "",
        "  ",
        "# translator",
        "#. extracted",
        "#: file.py:1",
        "#, fuzzy",
        '#| msgid "old"',
        '#~ msgid "gone"',
        'msgctxt "ctx"',
        'msgid "a"',
        'msgid "b\\n"',
        'msgid ""',
        'msgid_plural "as"',
        'msgstr "x"',
        'msgstr ""',
        'msgstr[0] "x0"',
        'msgstr[1] "x1"',
        '"continued \\"q\\""',
        '  "indented"',
        "\x0c",
        'msgstr[20] "x"',
        'msgid\t"tab" ',
        'msgid "a" x',
        '"open',
        "#",
    ]
)


@settings(max_examples=500, deadline=None)
@given(st.lists(PO_LINES, max_size=14), st.sampled_from(["\n", "\r\n"]), st.booleans())
@example(['msgid "a"', 'msgstr "x"', 'msgstr "y"', "", 'msgid "b"', 'msgstr ""'], "\n", True)
@example(['msgid "a"', 'msgstr "x"', "#. c", 'msgid "b"', 'msgstr ""', "\x0c"], "\r\n", False)
def test_the_reader_never_disagrees_with_the_line_oracle(
    lines: list[str], newline: str, final_newline: bool
) -> None:
    text = newline.join(lines) + (newline if final_newline and lines else "")
    read, reference = _read_both("fr.po", text)
    assert read == reference
