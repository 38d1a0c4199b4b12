"""Pin i18n_lib's public names: everything modules export is importable from the package."""

from __future__ import annotations

import importlib

import i18n_lib

PUBLIC_MODULES = [
    "locales",
    "plurals",
    "numbers",
    "money",
    "lists",
    "dates",
    "names",
    "units",
    "addresses",
    "formatter",
]

EXPECTED = {
    # locales
    "LanguageTag", "add_likely_subtags", "fallback_chain", "negotiate_locale",
    "parse_accept_language", "parse_tag", "remove_likely_subtags",
    # locale coercion
    "LocaleArg", "locale_tag", "to_locale",
    # plurals
    "PluralCategory", "PluralOperands", "plural_categories", "plural_category",
    "plural_operands", "plural_range_category",
    # numbers
    "CurrencyFormatType", "Number", "currency_digits", "currency_symbol", "format_compact",
    "format_currency", "format_decimal", "format_percent", "format_scientific", "parse_number",
    "NumberFormat", "NumberStyle", "number_format",
    # money
    "CurrencyMismatchError", "Money", "MoneyStyle", "format_money", "local_currency",
    "minor_unit_digits", "parse_money",
    # lists
    "ListStyle", "format_list", "ListJoiner", "list_joiner",
    # dates
    "TzArg", "format_date", "format_datetime", "format_interval", "format_relative",
    "format_skeleton", "format_time", "get_timezone", "LocaleDates", "locale_dates",
    # names
    "PersonName", "format_person_name", "person_names_cldr_version",
    # units
    "MeasurementSystem", "UnitLength", "convert_unit", "format_unit", "get_measurement_system",
    "resolve_unit", "UnitFormatter", "unit_formatter",
    # addresses
    "AddressTemplate", "format_address", "normalize_address", "validate_address",
    # facade
    "LocaleFormatter",
}  # fmt: skip


def test_all_is_pinned() -> None:
    assert set(i18n_lib.__all__) == EXPECTED
    assert len(i18n_lib.__all__) == len(EXPECTED)


def test_every_module_export_is_the_same_object_at_the_top() -> None:
    for name in PUBLIC_MODULES:
        module = importlib.import_module(f"i18n_lib.{name}")
        for public in module.__all__:
            assert public in i18n_lib.__all__, f"{name}.{public} not re-exported"
            assert getattr(i18n_lib, public) is getattr(module, public)


def test_every_name_in_all_exists() -> None:
    for public in i18n_lib.__all__:
        assert hasattr(i18n_lib, public), public
