"""Placeholder extraction per syntax."""

from __future__ import annotations

import pytest

from catalog.qa import extract_placeholders


def texts(text: str, syntaxes: list[str] | None = None) -> list[str]:
    return [p.text for p in extract_placeholders(text, syntaxes)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("%s and %d and %1$s and %2$@", ["%s", "%d", "%1$s", "%2$@"]),
        ("%lld and %.2f and %@", ["%lld", "%.2f", "%@"]),
        ("100%% sure, %-5d", ["%-5d"]),
        ("50% off", []),
    ],
)  # fmt: skip
def test_printf(text: str, expected: list[str]) -> None:
    assert texts(text, ["printf"]) == expected


def test_python_styles() -> None:
    assert texts("%(name)s has {count} and {0} and {user.name!r:>10}") == [
        "%(name)s", "{count}", "{0}", "{user.name!r:>10}",
    ]  # fmt: skip


def test_icu_arguments_and_plural_are_single_placeholders() -> None:
    found = extract_placeholders(
        "{name} has {count, plural, one {# file} other {# files}} on {d, date, short}", ["icu"]
    )
    assert [p.key for p in found] == ["{name}", "{count, plural}", "{d, date}"]


def test_i18next_double_braces_win_over_single() -> None:
    found = extract_placeholders("Hello {{ name }} and {{count, number}}")
    assert [(p.syntax, p.key) for p in found] == [("i18next", "{{name}}"), ("i18next", "{{count}}")]


def test_android_xliff_g_is_one_placeholder_and_markup_is_tags() -> None:
    found = extract_placeholders('Hi <xliff:g id="n">%1$s</xliff:g>, <b>go</b><br/>')
    assert [(p.syntax, p.key) for p in found] == [
        ("android-xliff", '<xliff:g id="n">%1$s</xliff:g>'),
        ("markup", "<b>"),
        ("markup", "</b>"),
        ("markup", "<br/>"),
    ]


def test_stringsdict_variables_are_not_printf() -> None:
    assert texts("You have %#@count@") == ["%#@count@"]


def test_unknown_syntax_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown placeholder syntaxes"):
        extract_placeholders("x", ["perl"])
