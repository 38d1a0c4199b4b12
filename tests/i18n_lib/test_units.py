"""Tests for i18n_lib.units: Babel's output over a grid, conversions, measurement systems."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest
from babel import Locale
from babel import numbers as babel_numbers
from babel import units as babel_units
from babel.localedata import locale_identifiers

from i18n_lib import units
from i18n_lib.numbers import format_decimal

LOCALES = [*sorted(locale_identifiers())[::15], "en_US", "de_DE", "ar_EG", "hi_IN", "pl_PL"]
VALUES: list[int | float | Decimal] = [
    0, 1, 2, 3, 5, 11, 21, 22, 100, 1234, 1234567, -3,
    12.5, 0.5, 1.5, -0.25, 2.345, 2.3456, 0.1, 1e6, 1000000.123,
    Decimal("1234.5678"), Decimal("0.25"),
]  # fmt: skip
UNITS = ["kilometer", "length-meter", "mile", "mass-kilogram", "pound", "liter", "celsius",
         "kilometer-per-hour", "duration-hour", "digital-gigabyte", "concentr-percent"]  # fmt: skip
LENGTHS: list[units.UnitLength] = ["long", "short", "narrow"]


def _babel_has_pattern(locale: str, unit: str, length: str, value: float | Decimal) -> bool:
    """Babel prints "<value> <unit id>" when CLDR's long-to-short alias is needed."""
    loc = Locale.parse(locale)
    patterns = loc._data["unit_patterns"][babel_units._find_unit_pattern(unit, loc)]
    return length in patterns and loc.plural_form(value) in patterns[length]


def _native_digits(text: str, locale: str) -> str:
    system = Locale.parse(locale).default_numbering_system
    zero = {"arab": 0x0660, "arabext": 0x06F0, "deva": 0x0966, "beng": 0x09E6}.get(system)
    return text if zero is None else text.translate({48 + i: chr(zero + i) for i in range(10)})


def _icu_number(text: str, value: float | Decimal, locale: str, system: str) -> str:
    """Babel's unit text with the number as format_decimal writes it (ICU's minus sign,
    bidi marks and minimumGroupingDigits, which Babel ignores)."""
    theirs = babel_numbers.format_decimal(value, locale=locale, numbering_system=system)
    ours = format_decimal(value, locale, numbering_system=system)
    return text.replace(theirs, ours, 1)


@pytest.mark.parametrize("locale", LOCALES)
def test_format_unit_matches_babel(locale: str) -> None:
    compared = 0
    for unit in UNITS:
        for length in LENGTHS:
            for value in VALUES:
                if not _babel_has_pattern(locale, unit, length, value):
                    continue
                expected = _icu_number(
                    babel_units.format_unit(value, unit, length, locale=locale),
                    value, locale, "latn",
                )  # fmt: skip
                ours = units.format_unit(
                    value, unit, locale, length=length, numbering_system="latn"
                )
                assert ours == expected, (unit, length, value)
                compared += 1
    assert compared > len(UNITS) * len(VALUES) // 2


@pytest.mark.parametrize("locale", ["ar_EG", "fa", "hi_IN", "bn", "mr", "en"])
def test_default_digits_are_the_locales_own(locale: str) -> None:
    for value in VALUES:
        if not _babel_has_pattern(locale, "kilogram", "long", value):
            continue
        babel_default = babel_units.format_unit(
            value, "kilogram", locale=locale, numbering_system="default"
        )
        system = Locale.parse(locale).default_numbering_system
        babel_default = _icu_number(babel_default, value, locale, system)
        assert units.format_unit(value, "kilogram", locale) == _native_digits(babel_default, locale)


def test_plural_follows_the_displayed_number() -> None:
    # Babel picks the plural from the raw value: "1 kilometers" for 1.0004 shown as "1".
    assert units.format_unit(1.0004, "kilometer", "en") == "1 kilometer"
    assert units.format_unit(Decimal("1.00"), "kilometer", "en") == "1 kilometer"
    assert units.format_unit(1.5, "kilometer", "en") == "1.5 kilometers"
    assert units.format_unit(22, "kilometer", "pl") == "22 kilometry"


def test_long_length_falls_back_to_short_as_cldr_aliases_it() -> None:
    assert babel_units.format_unit(3, "kilometer", "long", locale="aa") == "3 kilometer"
    assert units.format_unit(3, "kilometer", "aa") == "3 km"


def test_unit_ids_resolve_like_babel_for_every_short_id() -> None:
    english = Locale.parse("en")
    for long_id in english._data["unit_patterns"]:
        short = long_id.partition("-")[2]
        assert units.resolve_unit(short) == babel_units._find_unit_pattern(short, english)
        assert units.resolve_unit(long_id) == long_id


def test_unknown_units_and_lengths_raise_value_error() -> None:
    with pytest.raises(ValueError, match="unknown unit"):
        units.format_unit(1, "horse", "en")
    with pytest.raises(ValueError, match="unknown unit length"):
        units.format_unit(1, "meter", "en", length="tiny")  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("value", "source", "target", "expected"),
    [
        (Decimal(1), "mile", "kilometer", Decimal("1.609344")),
        (Decimal(1), "inch", "centimeter", Decimal("2.54")),
        (Decimal(1), "pound", "gram", Decimal("453.59237")),
        (Decimal(1), "gallon", "liter", Decimal("3.785411784")),
        (Decimal(1), "gallon-imperial", "liter", Decimal("4.54609")),
        (Decimal(1), "fluid-ounce", "milliliter", Decimal("29.5735295625")),
        (Decimal(60), "mile-per-hour", "meter-per-second", Decimal("26.8224")),
        (Decimal(36), "kilometer-per-hour", "meter-per-second", Decimal(10)),
        (Decimal(-40), "celsius", "fahrenheit", Decimal(-40)),
        (Decimal(0), "celsius", "kelvin", Decimal("273.15")),
        (Decimal(32), "fahrenheit", "celsius", Decimal(0)),
        (Decimal(1), "stone", "pound", Decimal(14)),
        (Decimal(1), "length-kilometer", "length-meter", Decimal(1000)),
    ],
)
def test_convert_unit_is_exact(value: Decimal, source: str, target: str, expected: Decimal) -> None:
    result = units.convert_unit(value, source, target)
    assert isinstance(result, Decimal)
    assert result == expected


def test_convert_unit_round_trips_and_keeps_floats() -> None:
    miles = units.convert_unit(Decimal(10), "kilometer", "mile")
    assert isinstance(miles, Decimal)
    assert abs(Fraction(miles) - Fraction(10000, 1609344) * 1000) < Fraction(1, 10**20)
    back = units.convert_unit(miles, "mile", "kilometer")
    assert isinstance(back, Decimal)
    assert abs(back - Decimal(10)) < Decimal("1e-20")
    as_float = units.convert_unit(98.6, "fahrenheit", "celsius")
    assert isinstance(as_float, float)
    assert as_float == pytest.approx(37.0)


def test_convert_unit_refuses_other_dimensions_and_unknown_units() -> None:
    with pytest.raises(ValueError, match="cannot convert length"):
        units.convert_unit(1, "meter", "kilogram")
    with pytest.raises(ValueError, match="cannot convert temperature"):
        units.convert_unit(1, "celsius", "kilometer-per-hour")
    with pytest.raises(ValueError):
        units.convert_unit(1, "meter", "parsec-per-hour")


@pytest.mark.parametrize(
    ("locale", "system"),
    [("en-US", "US"), ("en", "US"), ("es-US", "US"), ("en-LR", "US"), ("en-GB", "UK"),
     ("my", "UK"), ("de", "metric"), ("en-001", "metric"), ("fr-CA", "metric"),
     ("en-PR", "metric"), ("zh-Hant", "metric"), ("ja_JP", "metric")],
)  # fmt: skip
def test_measurement_system_of_the_region(locale: str, system: str) -> None:
    assert units.get_measurement_system(locale) == system


@pytest.mark.parametrize(
    ("value", "unit", "locale", "expected"),
    [
        (10, "kilometer", "en-US", "6.214 mi"),
        (20, "celsius", "en-US", "68°F"),
        (2, "kilogram", "en-US", "4.409 lb"),
        (1, "liter", "en-US", "0.264 gal"),
        (100, "kilometer-per-hour", "en-US", "62.137 mph"),
        (100, "kilometer-per-hour", "en-GB", "62.137 mph"),
        (10, "kilometer", "en-GB", "6.214 mi"),
        (2, "kilogram", "en-GB", "2 kg"),
        (68, "fahrenheit", "en-GB", "20°C"),
        (10, "mile", "de-DE", "16,093 km"),
        (68, "fahrenheit", "de-DE", "20 °C"),
        (20, "celsius", "en-PR", "68°F"),  # metric region, but temperatures in Fahrenheit
        (3, "hour", "en-US", "3 hr"),  # no counterpart: unchanged
    ],
)
def test_locale_measurement_system_converts_first(
    value: int, unit: str, locale: str, expected: str
) -> None:
    got = units.format_unit(value, unit, locale, length="short", measurement_system="locale")
    assert got == expected


def test_explicit_measurement_system() -> None:
    assert units.format_unit(5, "mile", "en-US", measurement_system="metric") == (
        "8.047 kilometers"
    )
    assert units.format_unit(1, "liter", "fr", measurement_system="US") == "0,264 gallon"
    with pytest.raises(ValueError, match="unknown measurement system"):
        units.format_unit(1, "liter", "fr", measurement_system="imperial")  # type: ignore[arg-type]


def test_locale_object_is_accepted() -> None:
    assert units.format_unit(3, "meter", Locale.parse("de")) == "3 Meter"
