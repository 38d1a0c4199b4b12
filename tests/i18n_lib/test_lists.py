"""Tests for i18n_lib.lists: parity with Babel across styles and lengths."""

from __future__ import annotations

import pytest
from babel import Locale
from babel.lists import format_list as babel_format_list

from i18n_lib.lists import ListStyle, _compile_joiner, _join_by_format, _patterns, format_list

STYLES: list[ListStyle] = ["standard", "or", "unit", "unit-short", "standard-narrow"]


@pytest.mark.parametrize("locale", ["en", "de", "ja", "fr-CA", "es-MX", "zh-Hant"])
def test_matches_babel_for_every_length_and_style(locale: str) -> None:
    words = ["uno", "dos", "tres", "cuatro", "cinco"]
    for style in STYLES:
        for count in range(len(words) + 1):
            got = format_list(words[:count], locale, style=style)
            try:
                expected = babel_format_list(
                    words[:count],
                    style=style,  # type: ignore[arg-type]
                    locale=locale.replace("-", "_"),
                )
            except KeyError:  # Babel fails on styles the locale only partly defines
                assert all(word in got for word in words[:count])
                continue
            assert got == expected


def test_accepts_locale_objects_and_tuples() -> None:
    assert format_list(("x", "y"), Locale("de")) == "x und y"


def test_unknown_style_is_an_error() -> None:
    with pytest.raises(ValueError):
        format_list(["a", "b"], "en", style="bogus")  # type: ignore[arg-type]


def test_partial_styles_fall_back_where_babel_breaks() -> None:
    assert format_list(["a", "b"], "ar", style="unit-short") == "a وb"  # Babel repeats b
    assert format_list(["a", "b", "c"], "ar", style="standard-narrow") == "a وb وc"


def test_joiner_matches_str_format_for_every_locale() -> None:
    from babel import localedata

    words = ["uno", "dos", "tres", "cuatro"]
    for identifier in localedata.locale_identifiers()[::7]:
        patterns = _patterns(Locale.parse(identifier), "standard")
        join = _compile_joiner(*patterns)
        for count in range(len(words) + 1):
            assert join(words[:count]) == _join_by_format(words[:count], *patterns), identifier


def test_patterns_not_in_cldr_shape_are_joined_by_format() -> None:
    patterns = ("{1} & {0}", "{0}, {1}", "{0}; {1}", "{1} <- {0}")
    join = _compile_joiner(*patterns)
    assert join(["a", "b"]) == "b & a"
    assert join(["a", "b", "c", "d"]) == "d <- a, b; c"
