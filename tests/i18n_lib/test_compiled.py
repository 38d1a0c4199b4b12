"""The public compiled objects (number_format, list_joiner, unit_formatter, locale_dates)
and the facade."""

from __future__ import annotations

import ast
import importlib
from decimal import Decimal
from pathlib import Path

import pytest

import i18n_lib
from i18n_lib import (
    LocaleFormatter,
    NumberFormat,
    UnitFormatter,
    list_joiner,
    number_format,
    unit_formatter,
)

FORMATTER_SOURCE = Path(i18n_lib.__file__).with_name("formatter.py")


def test_number_format_is_built_once_per_key() -> None:
    first = number_format("de-CH", "currency", "CHF")
    assert isinstance(first, NumberFormat)
    assert number_format("de-CH", "currency", "CHF") is first
    assert number_format("de-CH", "currency", "EUR") is not first
    assert number_format("de-CH", "accounting", "CHF") is not first
    assert number_format("de-CH", "currency", "CHF", currency_spacing=False) is not first
    assert number_format("de-CH", numbering_system="latn") is not number_format("de-CH")


def test_number_format_renders_what_the_functions_write() -> None:
    for tag in ["en", "de-CH", "ar-EG", "fr-CH", "hi"]:
        for value in [0, -1234.5, Decimal("19.99"), 10**9]:
            assert number_format(tag).render(value, True) == i18n_lib.format_decimal(value, tag)
            percent = number_format(tag, "percent").render(value, True)
            assert percent == i18n_lib.format_percent(value, tag)
            for style, format_type in [("currency", "standard"), ("accounting", "accounting")]:
                amount = number_format(tag, style, "CHF").render(value, True)
                assert amount == i18n_lib.format_currency(
                    value, "CHF", tag, format_type=format_type
                )


def test_number_format_parses_the_locales_numbers() -> None:
    assert number_format("de-DE").parse("1.234,5") == Decimal("1234.5")
    assert number_format("ar-EG").parse("١٬٢٣٤٫٥") == Decimal("1234.5")
    with pytest.raises(ValueError, match=r"^'1,234.5' is not a number in de_DE$"):
        number_format("de-DE").parse("1,234.5")


def test_number_format_refuses_unknown_styles() -> None:
    with pytest.raises(
        ValueError, match=r"^unknown number style 'bogus' \(or no currency given\)$"
    ):
        number_format("en", "bogus")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match=r"^unknown number style 'currency' \(or no currency"):
        number_format("en", "currency")


def test_list_joiner_is_built_once_per_key() -> None:
    join = list_joiner("es", "or")
    assert list_joiner("es", "or") is join
    assert list_joiner("es") is not join
    assert join(["siete", "ocho"]) == "siete u ocho"
    assert join(["a", "b", "c"]) == i18n_lib.format_list(["a", "b", "c"], "es", style="or")
    with pytest.raises(ValueError, match=r"^unknown list style 'bogus'$"):
        list_joiner("es", "bogus")  # type: ignore[arg-type]


def test_unit_formatter_is_built_once_per_key() -> None:
    formatter = unit_formatter("pl", "kilometer")
    assert isinstance(formatter, UnitFormatter)
    assert unit_formatter("pl", "kilometer") is formatter
    assert unit_formatter("pl", "kilometer", "short") is not formatter
    for value in [1, 2, 5, 22, 1.5, Decimal("1.0004")]:
        assert formatter.format(value) == i18n_lib.format_unit(value, "kilometer", "pl")
    with pytest.raises(ValueError, match=r"^unknown unit 'furlongs-per-fortnight'$"):
        unit_formatter("pl", "furlongs-per-fortnight")


def _domain_names_used(source: str) -> set[tuple[str, str]]:
    """``(module, attribute)`` for every ``numbers.x``-style access in ``source``."""
    tree = ast.parse(source)
    return {
        (node.value.id, node.attr)
        for node in ast.walk(tree)
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name)
    }


def test_the_facade_uses_only_public_names_of_the_domains() -> None:
    source = FORMATTER_SOURCE.read_text(encoding="utf-8")
    used = _domain_names_used(source)
    for module_name in ("numbers", "lists", "units", "money", "plurals", "locales", "dates"):
        module = importlib.import_module(f"i18n_lib.{module_name}")
        private = {
            attr for name, attr in used if name == module_name and attr not in module.__all__
        }
        assert private == set(), module_name
    imported = {
        node.module
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.ImportFrom) and node.module
    }
    # private modules: only the shared locale argument helper, no domain's internals
    assert {m for m in imported if m.startswith("i18n_lib._")} == {"i18n_lib._locale"}


def test_the_facade_keeps_no_cache_of_its_own() -> None:
    fmt = LocaleFormatter("de-CH")
    for currency in ["CHF", "EUR", "USD"]:
        fmt.format_currency(1, currency)
    fmt.format_list(["a", "b"], style="or")
    fmt.format_unit(3, "kilometer")
    assert not [name for name, value in vars(fmt).items() if isinstance(value, dict)]
    assert fmt.format_currency(1, "CHF") == i18n_lib.format_currency(1, "CHF", "de-CH")
