"""Tests for LocaleFormatter: bound calls give the module functions' answers."""

from __future__ import annotations

import datetime
from decimal import Decimal

import i18n_lib
from i18n_lib import LocaleFormatter, Money


def test_fast_paths_equal_the_module_functions() -> None:
    for tag in ["en-US", "de-CH", "ar-EG", "hi-IN", "ja"]:
        fmt = LocaleFormatter(tag)
        values: list[int | float | Decimal] = [0, -1234.5, Decimal("0.125"), 10**9]
        for value in values:
            assert fmt.format_decimal(value) == i18n_lib.format_decimal(value, tag)
            assert fmt.format_percent(value) == i18n_lib.format_percent(value, tag)
            assert fmt.format_currency(value, "CHF") == i18n_lib.format_currency(value, "CHF", tag)


def test_options_go_through_to_the_functions() -> None:
    fmt = LocaleFormatter("ar-EG")
    assert fmt.format_decimal(12, numbering_system="latn") == "12"
    assert fmt.format_currency(1, "USD", format_type="code").endswith("\xa0USD")


def test_money_lists_plurals_and_locales() -> None:
    fmt = LocaleFormatter("es-MX")
    assert fmt.format_money(Money("5", "MXN")) == "$5.00"
    assert fmt.parse_money("$5.00") == Money("5.00", "MXN")
    assert fmt.format_list(["a", "b"], style="or") == "a o b"
    assert fmt.plural_category(1) == "one"
    assert fmt.plural_range_category(1, 3) == "other"
    assert fmt.fallback_chain() == ["es-MX", "es-419", "es"]
    assert fmt.negotiate(["es", "es-419"]) == "es-419"
    assert fmt.parse_number("1,234.5") == Decimal("1234.5")


def test_dates_use_the_bound_zone() -> None:
    instant = datetime.datetime(2024, 7, 1, 12, 0, tzinfo=datetime.UTC)
    tokyo = LocaleFormatter("en-US", tz="Asia/Tokyo")
    assert tokyo.format_time(instant, "short") == i18n_lib.format_time(
        instant, "en-US", format="short", tzinfo="Asia/Tokyo"
    )
    assert tokyo.format_datetime(instant) != LocaleFormatter("en-US").format_datetime(instant)
    assert "Tokyo" in repr(tokyo)


def test_person_names_are_bound_too() -> None:
    fields = {"given": "Ada", "surname": "Lovelace"}
    fmt = LocaleFormatter("en")
    assert fmt.format_person_name(fields) == i18n_lib.format_person_name(fields, "en")


def test_units_are_bound_too() -> None:
    fmt = LocaleFormatter("en-US")
    for value in (3, 1, 2.5, Decimal("0.125")):
        for unit in ("kilometer", "length-kilometer", "celsius"):
            assert fmt.format_unit(value, unit) == i18n_lib.format_unit(value, unit, "en-US")
    assert fmt.format_unit(3, "kilometer", length="short") == "3 km"
    assert fmt.measurement_system() == "US"


def test_format_address_uses_the_bound_reader_locale() -> None:
    from i18n_lib import LocaleFormatter, format_address

    address = {
        "country_code": "US",
        "name": "Jane Roe",
        "street_address": "1600 Amphitheatre Pkwy",
        "city": "Mountain View",
        "country_area": "CA",
        "postal_code": "94043",
    }
    bound = LocaleFormatter("fr-FR").format_address(address)
    assert bound == format_address(address, "fr-FR")
    assert bound.splitlines()[-1] == "ÉTATS-UNIS"
