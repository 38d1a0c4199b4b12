"""Splitting messages into translatable text and code kept verbatim."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tms.stub.placeholders import Code, IcuChoice, Text, code_tokens, parse, render


@pytest.mark.parametrize(
    ("message", "tokens"),
    [
        ("%s and %1$d and %@ and %lld and %.2f", ["%s", "%1$d", "%@", "%lld", "%.2f"]),
        ("100%% sure, %(name)s", ["%%", "%(name)s"]),
        ("{name} and {count, number, integer}", ["{name}", "{count, number, integer}"]),
        ("{{user}} and {{ count }}", ["{{user}}", "{{ count }}"]),
        ('<xliff:g id="n">%1$s</xliff:g>!', ['<xliff:g id="n">%1$s</xliff:g>']),
        ('<a href="/x">go</a><br/>&amp;', ['<a href="/x">', "</a>", "<br/>", "&amp;"]),
        ("5 < 6 and {unclosed", []),
    ],
)
def test_code_tokens_of_each_syntax(message: str, tokens: list[str]) -> None:
    assert code_tokens(message) == tokens


def test_icu_plural_is_parsed_with_hash_as_code() -> None:
    (node,) = parse("{n, plural, offset:1 =0 {none} one {# item} other {# items}}")
    assert isinstance(node, IcuChoice)
    assert node.offset == "1"
    assert [selector for selector, _ in node.options] == ["=0", "one", "other"]
    assert dict(node.options)["one"] == (Code("#"), Text(" item"))
    assert render((node,)) == "{n, plural, offset:1 =0 {none} one {# item} other {# items}}"


def test_nested_select_inside_plural_keeps_hash() -> None:
    message = "{n, plural, other {{g, select, male {his #} other {their #}}}}"
    assert code_tokens(message) == ["{n, plural}", "{g, select}", "#", "#"]
    assert render(parse(message)) == message


def test_hash_outside_a_plural_is_text() -> None:
    assert parse("Issue #4") == (Text("Issue #4"),)


@given(st.text(alphabet=st.characters(blacklist_characters="{}")))
def test_render_gives_back_any_message_without_icu_choices(message: str) -> None:
    assert render(parse(message)) == message
