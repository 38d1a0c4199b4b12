"""Android string escaping: unit cases and property-based round trips."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

import catalog
from catalog.formats._android_text import escape, unescape

# Text an Android string can hold: any XML character (surrogates excluded).
xml_text = st.text(
    st.characters(blacklist_categories=("Cs",), blacklist_characters="\ufffe\uffff"),
    max_size=60,
)
# ...mixed with the fragments that matter to Android and XML escaping.
tricky_text = st.lists(
    st.one_of(
        xml_text,
        st.sampled_from(
            ["<b>", "</b>", '<xliff:g id="n">', "</xliff:g>", "<br/>", "\\", '"', "'", " ", "  ",
             "@", "?", "&", "&amp;", "<", ">", "]]>", "\n", "\t", "<![CDATA[x]]>", "<!-- c -->",
             "\\u0041", "%1$s"]
        ),
    ),
    max_size=12,
).map("".join)  # fmt: skip


def test_unescape_follows_aapt_rules() -> None:
    assert unescape(r"It\'s") == "It's"
    assert unescape(r"\@string/x \?attr") == "@string/x ?attr"
    assert unescape("a   b\n   c") == "a b c"
    assert unescape('"a   b"') == "a   b"
    assert unescape("  trimmed  ") == "trimmed"
    assert unescape(" a") == unescape("a ") == "a"
    assert unescape(r"\u0041\n") == "A\n"
    assert unescape("a &amp; b &lt;c&gt;") == "a & b <c>"


def test_escape_quotes_leading_and_trailing_spaces() -> None:
    assert escape(" x") == '" x"'
    assert escape("a  b") == '"a  b"'
    assert escape("a b") == "a b"


def test_escape_keeps_balanced_markup_and_escapes_the_rest() -> None:
    assert escape("<b>Hi</b> & bye") == "<b>Hi</b> &amp; bye"
    assert escape("1 < 2") == "1 &lt; 2"
    assert escape("<b>open") == "&lt;b>open"


@given(tricky_text)
def test_unescape_inverts_escape(value: str) -> None:
    assert unescape(escape(value)) == value


@given(tricky_text)
def test_escape_is_canonical(value: str) -> None:
    escaped = escape(value)
    assert escape(unescape(escaped)) == escaped


@given(tricky_text)
def test_any_value_survives_a_file_round_trip(value: str) -> None:
    document = catalog.load("res/values/strings.xml", b"<resources>\n</resources>\n")
    document.set("key", value)
    reread = catalog.load("res/values/strings.xml", document.dump())
    assert reread.get("key").value == value  # type: ignore[union-attr]
