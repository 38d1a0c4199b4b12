"""Tests for i18n_lib.money: ISO minor units, arithmetic, formatting, strict parsing."""

from __future__ import annotations

from decimal import ROUND_DOWN, Decimal

import pytest

from i18n_lib.money import (
    CurrencyMismatchError,
    Money,
    format_money,
    local_currency,
    minor_unit_digits,
    parse_money,
)
from i18n_lib.numbers import currency_digits

ISO_DIFFERS = [
    "IQD",
    "AFN",
    "ALL",
    "IRR",
    "KPW",
    "LAK",
    "LBP",
    "MGA",
    "MMK",
    "RSD",
    "SOS",
    "SYP",
    "YER",
]


@pytest.mark.parametrize("code", ISO_DIFFERS)
def test_minor_units_follow_iso_not_cldr(code: str) -> None:
    assert minor_unit_digits(code) > currency_digits(code)
    money = Money.from_minor_units(123456, code)
    assert money.to_minor_units() == 123456


def test_minor_units_round_trip_for_common_currencies() -> None:
    for code, units, amount in [("USD", 199, "1.99"), ("JPY", 199, "199"), ("KWD", 1999, "1.999")]:
        money = Money.from_minor_units(units, code)
        assert money.amount == Decimal(amount)
        assert money.to_minor_units() == units


def test_to_minor_units_refuses_to_round() -> None:
    with pytest.raises(ValueError):
        Money("1.005", "USD").to_minor_units()


def test_construction_validates() -> None:
    with pytest.raises(ValueError):
        Money(1, "XYZ")
    with pytest.raises(TypeError):
        Money(1.5, "USD")  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        Money("NaN", "USD")


def test_arithmetic_in_one_currency() -> None:
    total = sum([Money("1.10", "EUR"), Money("2.20", "EUR")], 0)
    assert total == Money("3.30", "EUR")
    assert Money("2", "EUR") * 3 == 3 * Money("2", "EUR") == Money("6", "EUR")
    assert -Money("1", "EUR") == Money("-1", "EUR")
    assert Money("1", "EUR") < Money("2", "EUR")


def test_mixing_currencies_is_refused() -> None:
    with pytest.raises(CurrencyMismatchError):
        Money("1", "EUR") - Money("1", "USD")
    with pytest.raises(CurrencyMismatchError):
        assert Money("1", "EUR") < Money("2", "USD")
    with pytest.raises(TypeError):
        Money("1", "EUR") + 1  # type: ignore[operator]


def test_conversion_with_explicit_rounding() -> None:
    assert Money("10", "EUR").convert("USD", "1.08555") == Money("10.86", "USD")
    assert Money("10", "EUR").convert("USD", "1.08555", rounding=ROUND_DOWN) == Money(
        "10.85", "USD"
    )


def test_format_money_styles() -> None:
    money = Money("1234.5", "CHF")
    assert format_money(money, "en") == "CHF\xa01,234.50"
    assert format_money(money, "de-CH") == "CHF\xa01’234.50"
    assert format_money(Money("3", "USD"), "en-CA", "narrow") == "$3.00"
    assert format_money(Money("1", "EUR"), "en", "name") == "1.00 euros"


@pytest.mark.parametrize(
    ("text", "locale", "expected"),
    [
        ("1.234,56\xa0€", "de-DE", Money("1234.56", "EUR")),
        ("1 234,56 €", "fr-FR", Money("1234.56", "EUR")),
        ("$1,234.56", "en-US", Money("1234.56", "USD")),
        ("US$5.00", "en-CA", Money("5.00", "USD")),
        ("EUR 3.50", "en", Money("3.50", "EUR")),
        ("-£2.00", "en-GB", Money("-2.00", "GBP")),
    ],
)
def test_parse_money(text: str, locale: str, expected: Money) -> None:
    assert parse_money(text, locale) == expected


def test_parse_money_round_trips_format() -> None:
    for locale in ["en-US", "de-DE", "ja-JP", "fr-CH", "hi-IN"]:
        money = Money("-1234567.89", "EUR")
        assert parse_money(format_money(money, locale), locale) == money


@pytest.mark.parametrize(
    ("text", "locale", "currency"),
    [
        ("1,234.56 €", "de-DE", None),
        ("1234", "en", None),
        ("EUR 3.50", "en", "USD"),
        ("€ abc", "en", None),
    ],
)
def test_parse_money_is_strict(text: str, locale: str, currency: str | None) -> None:
    with pytest.raises(ValueError):
        parse_money(text, locale, currency)


@pytest.mark.parametrize(
    ("tag", "currency"),
    [
        # each as ICU 78's NumberFormat.createCurrencyInstance formats for the tag
        ("de-CH", "CHF"),
        ("de-CH-u-cu-eur", "EUR"),
        ("en-US-u-hc-h23-cu-jpy", "JPY"),
        ("ja", None),
        ("es-419", None),
    ],
)
def test_local_currency_takes_the_cu_keyword_then_the_region(
    tag: str, currency: str | None
) -> None:
    assert local_currency(tag) == currency


def test_local_currency_refuses_an_unknown_cu_keyword() -> None:
    with pytest.raises(ValueError, match="unknown currency 'xyz' in the locale tag 'en-u-cu-xyz'"):
        local_currency("en-u-cu-xyz")


def test_a_cu_keyword_decides_which_dollar_a_bare_symbol_is() -> None:
    assert parse_money("$5.00", "en-u-cu-cad") == Money("5.00", "CAD")
    assert parse_money("$5.00", "en-u-cu-aud") == Money("5.00", "AUD")
    assert parse_money("$5.00", "en-US") == Money("5.00", "USD")
