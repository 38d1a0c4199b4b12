"""Apple .stringsdict plural rules: reading, editing forms, new entries, skeletons."""

from __future__ import annotations

import plistlib
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import catalog
from catalog import FormatError
from catalog.base import PLURAL_CATEGORIES, sort_plural
from catalog.formats import ios_stringsdict

HEAD = """<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">
<plist version="1.0">
<dict>
"""
SOURCE = (
    HEAD
    + """\t<key>files</key>
\t<dict>
\t\t<key>NSStringLocalizedFormatKey</key>
\t\t<string>You have %#@count@ &amp; more</string>
\t\t<key>count</key>
\t\t<dict>
\t\t\t<key>NSStringFormatSpecTypeKey</key>
\t\t\t<string>NSStringPluralRuleType</string>
\t\t\t<key>NSStringFormatValueTypeKey</key>
\t\t\t<string>d</string>
\t\t\t<key>one</key>
\t\t\t<string>%d file</string>
\t\t\t<key>other</key>
\t\t\t<string>%d files</string>
\t\t</dict>
\t</dict>
\t<key>pair</key>
\t<dict>
\t\t<key>NSStringLocalizedFormatKey</key>
\t\t<string>%#@a@ %#@b@</string>
\t</dict>
\t<key>plain</key>
\t<string>Plain</string>
</dict>
</plist>
"""
)
PATH = "App/en.lproj/Localizable.stringsdict"


def load(text: str = SOURCE) -> catalog.Document:
    return catalog.load(PATH, text.encode())


def test_one_variable_rule_is_a_plural_of_whole_sentences() -> None:
    files = load().get("files")
    assert files is not None
    assert files.kind == "plural"
    assert files.value == {"one": "You have %d file & more", "other": "You have %d files & more"}
    assert files.line == 5


def test_several_variables_are_kept_verbatim_and_not_translatable() -> None:
    pair = load().get("pair")
    assert pair is not None
    assert (pair.value, pair.translatable, pair.kind) == ("%#@a@ %#@b@", False, "string")
    assert load().get("plain").value == "Plain"  # type: ignore[union-attr]


def test_editing_forms_that_keep_the_sentence_changes_only_form_lines() -> None:
    document = load()
    document.set(
        "files",
        {"one": "You have %d plik & more", "few": "You have %d pliki & more",
         "other": "You have %d plików & more"},
    )  # fmt: skip
    expected = SOURCE.replace(
        "\t\t\t<string>%d file</string>\n",
        "\t\t\t<string>%d plik</string>\n\t\t\t<key>few</key>\n\t\t\t<string>%d pliki</string>\n",
    ).replace("<string>%d files</string>", "<string>%d plików</string>")
    assert document.dump().decode() == expected


def test_forms_with_a_different_sentence_rewrite_the_format_key() -> None:
    document = load()
    document.set("files", {"one": "Un fichier", "other": "%d fichiers"})
    out = document.dump().decode()
    assert "<string>%#@count@</string>" in out
    reread = catalog.load(PATH, out.encode())
    assert reread.get("files").value == {"one": "Un fichier", "other": "%d fichiers"}  # type: ignore[union-attr]


def test_new_plural_entry_uses_the_file_indentation() -> None:
    document = load()
    document.set("items", {"one": "%ld item", "other": "%ld items"})
    out = document.dump().decode()
    assert out.endswith(
        "\t<string>Plain</string>\n"
        "\t<key>items</key>\n"
        "\t<dict>\n"
        "\t\t<key>NSStringLocalizedFormatKey</key>\n"
        "\t\t<string>%#@count@</string>\n"
        "\t\t<key>count</key>\n"
        "\t\t<dict>\n"
        "\t\t\t<key>NSStringFormatSpecTypeKey</key>\n"
        "\t\t\t<string>NSStringPluralRuleType</string>\n"
        "\t\t\t<key>NSStringFormatValueTypeKey</key>\n"
        "\t\t\t<string>ld</string>\n"
        "\t\t\t<key>one</key>\n"
        "\t\t\t<string>%ld item</string>\n"
        "\t\t\t<key>other</key>\n"
        "\t\t\t<string>%ld items</string>\n"
        "\t\t</dict>\n"
        "\t</dict>\n"
        "</dict>\n"
        "</plist>\n"
    )


def test_skeleton_keeps_the_plist_head_and_accepts_entries() -> None:
    target = catalog.new_target(load(), "zh-Hans")
    assert target.path == "App/zh-Hans.lproj/Localizable.stringsdict"
    assert target.dump().decode() == HEAD + "</dict>\n</plist>\n"
    target.set("files", {"other": "%d 个文件"})
    reread = catalog.load(target.path, target.dump())
    assert reread.get("files").value == {"other": "%d 个文件"}  # type: ignore[union-attr]


def test_remove() -> None:
    document = load()
    document.remove("pair")
    assert "<key>pair</key>" not in document.dump().decode()
    assert document.keys() == ["files", "plain"]


def test_other_doctypes_are_refused() -> None:
    evil = SOURCE.replace(
        '"http://www.apple.com/DTDs/PropertyList-1.0.dtd">',
        '"http://www.apple.com/DTDs/PropertyList-1.0.dtd" [<!ENTITY x "y">]>',
    )
    with pytest.raises(FormatError, match="DOCTYPE"):
        load(evil)


texts = st.text(
    st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\ufffe\uffff")
)
forms = st.dictionaries(
    st.sampled_from(["zero", "one", "two", "few", "many", "other"]), texts, min_size=1
)
operations = st.lists(
    st.one_of(
        st.tuples(
            st.just("set"), st.sampled_from(["files", "plain", "new"]), st.one_of(texts, forms)
        ),
        st.tuples(st.just("remove"), st.sampled_from(["files", "pair", "plain", "new"])),
    ),
    max_size=6,
)


@settings(max_examples=150, deadline=None)
@given(operations)
def test_any_edit_sequence_reads_back_as_the_model(ops: list[tuple[Any, ...]]) -> None:
    document = load()
    model = {entry.key: entry.value for entry in document.entries()}
    for op in ops:
        if op[0] == "set":
            document.set(op[1], op[2])
            model[op[1]] = op[2] if isinstance(op[2], str) else sort_plural(op[2])
        elif op[1] in model:
            document.remove(op[1])
            del model[op[1]]
    reread = catalog.load(PATH, document.dump())
    assert {entry.key: entry.value for entry in reread.entries()} == model


LAYOUTS = [
    SOURCE,
    SOURCE.replace("\n", "\r\n"),
    SOURCE.replace("<string>Plain</string>", "<string>a <b>bold</b> &#150;</string>"),
    SOURCE.replace("<key>plain</key>", "<key\n>plain</key>"),
    SOURCE.replace("<string>%d file</string>", "<string><![CDATA[<1>]]> %d<!-- c --></string>"),
    SOURCE.replace("<key>other</key>", "<!-- other --><key>other</key><key>x</key>"),
    SOURCE.replace(
        "<key>plain</key>\n\t<string>", "<key>plain</key>\n\t<integer>1</integer><string>"
    ),
    HEAD + "<key>a</key><string>&#x1F600; &lt;</string><key>n</key><integer>2</integer>\n"
    "</dict>\n</plist>\n",
]


FILES = {"one": "You have %d file & more", "other": "You have %d files & more"}
#: (key, value, line) of each layout's entries: the reading every layout above must give
LAYOUT_READS: list[list[tuple[str, Any, int]]] = [
    [("files", FILES, 5), ("pair", "%#@a@ %#@b@", 21), ("plain", "Plain", 26)],
    [("files", FILES, 5), ("pair", "%#@a@ %#@b@", 21), ("plain", "Plain", 26)],
    [("files", FILES, 5), ("pair", "%#@a@ %#@b@", 21), ("plain", "a <b>bold</b> \x96", 26)],
    [("files", FILES, 5), ("pair", "%#@a@ %#@b@", 21), ("plain", "Plain", 26)],
    [
        ("files", {**FILES, "one": "You have <1> %d<!-- c --> & more"}, 5),
        ("pair", "%#@a@ %#@b@", 21),
        ("plain", "Plain", 26),
    ],
    [("files", {"one": FILES["one"]}, 5), ("pair", "%#@a@ %#@b@", 21), ("plain", "Plain", 26)],
    [("files", FILES, 5), ("pair", "%#@a@ %#@b@", 21)],
    [("a", "\U0001f600 <", 5)],
]


@pytest.mark.parametrize(("text", "expected"), list(zip(LAYOUTS, LAYOUT_READS, strict=True)))
def test_layouts_read_exactly_and_edit_in_place(
    text: str, expected: list[tuple[str, Any, int]]
) -> None:
    document = load(text)
    assert [(e.key, e.value, e.line) for e in document.entries()] == expected
    assert document.dump() == text.encode()
    key = expected[0][0]
    new_value: Any = "Edited" if isinstance(expected[0][1], str) else {"other": "%d edited"}
    document.set(key, new_value)
    again = load(document.dump().decode())
    assert again.get(key).value == new_value  # type: ignore[union-attr]
    assert [(e.key, e.value) for e in again.entries()][1:] == [(k, v) for k, v, _ in expected[1:]]


def test_key_tags_with_whitespace_and_character_references_read_like_the_scan() -> None:
    data = (
        b'<?xml version="1.0" encoding="UTF-8"?>\n<plist version="1.0">\n<dict>\n'
        b"<key>a</key>\n<string>A&#33;</string>\n<key\n>b</key>\n<string>B</string>\n"
        b"</dict>\n</plist>\n"
    )
    doc = ios_stringsdict.parse("Localizable.stringsdict", data)
    assert [(e.key, e.value, e.line) for e in doc.entries()] == [("a", "A!", 4), ("b", "B", 6)]


RULE = """<?xml version="1.0" encoding="UTF-8"?>
<plist version="1.0">
<dict>
\t<key>k</key>
\t<dict>
\t\t<key>NSStringLocalizedFormatKey</key>
\t\t<string>{format}</string>
\t\t<key>n</key>
\t\t<dict>{extra}
\t\t\t<key>NSStringFormatSpecTypeKey</key>
\t\t\t<string>NSStringPluralRuleType</string>
{forms}\t\t</dict>
\t</dict>
</dict>
</plist>
"""
form_keys = st.lists(
    st.sampled_from(["zero", "one", "two", "few", "many", "other", "&#111;ne", "x", "o&amp;"]),
    max_size=7,
)
plain = st.text(st.characters(whitelist_categories=("L", "N", "Zs")), max_size=8)
#: how a form's text is written: as it is, with a reference, in CDATA
written = st.sampled_from(["{}", "{}&amp;&#x41;", "<![CDATA[{}<&>]]>"])
#: what may stand between the variable dict's start tag and its first key
extras = st.sampled_from(["", "<!-- c -->", "\n<?pi x?>", "<![CDATA[ ]]>"])


@settings(max_examples=300, deadline=None)
@given(form_keys, st.lists(st.tuples(plain, written), min_size=7, max_size=7), plain, plain, extras)
def test_rules_read_as_plistlib_reads_them_and_set_reads_back(
    keys: list[str], texts: list[tuple[str, str]], before: str, after: str, extra: str
) -> None:
    forms = "".join(
        f"\t\t\t<key>{key}</key>\n\t\t\t<string>{pattern.format(text)}</string>\n"
        for key, (text, pattern) in zip(keys, texts, strict=False)
    )
    data = RULE.format(format=f"{before}%#@n@{after}", forms=forms, extra=extra).encode()
    reference = plistlib.loads(data)["k"]
    variable = reference["n"]
    expected = {c: before + variable[c] + after for c in PLURAL_CATEGORIES if c in variable}
    document = catalog.load(PATH, data)
    entry = document.get("k")
    assert entry is not None
    assert (entry.value, entry.kind, entry.line) == (expected, "plural", 4)
    assert document.dump() == data
    document.set("k", {"one": f"{before}1{after}", "other": "2 & <b>"})
    reread = catalog.load(PATH, document.dump())
    assert reread.get("k").value == {"one": f"{before}1{after}", "other": "2 & <b>"}  # type: ignore[union-attr]
