"""Tests for i18n_lib.plurals: operands, categories, ranges."""

from __future__ import annotations

from decimal import Decimal

import pytest
from babel import Locale

from i18n_lib.plurals import (
    plural_categories,
    plural_category,
    plural_operands,
    plural_range_category,
)


def test_operands_of_integers_and_decimals() -> None:
    assert plural_operands(-5) == (5, 5, 0, 0, 0, 0, 0)
    assert plural_operands(Decimal("2.30")) == (Decimal("2.3"), 2, 2, 1, 30, 3, 0)
    assert plural_operands(1.5).f == 5


def test_operands_of_compact_notation() -> None:
    assert plural_operands("1.5c6").n == 1_500_000
    assert plural_operands("1.5c6").e == 6


@pytest.mark.parametrize("bad", ["abc", "nan", float("inf")])
def test_operands_reject_non_numbers(bad: object) -> None:
    with pytest.raises(ValueError):
        plural_operands(bad)  # type: ignore[arg-type]


def test_visible_fraction_digits_change_the_category() -> None:
    assert plural_category("1", "en") == "one"
    assert plural_category("1.00", "en") == "other"


def test_polish_and_arabic_categories() -> None:
    assert [plural_category(n, "pl") for n in (1, 3, 5, 22, 25)] == [
        "one",
        "few",
        "many",
        "few",
        "many",
    ]
    assert [plural_category(n, Locale("ar")) for n in (0, 2, 103, 111)] == [
        "zero",
        "two",
        "few",
        "many",
    ]


def test_regional_locale_uses_its_own_rules_then_its_language() -> None:
    assert plural_category("1c6", "pt-PT") == "many"
    assert plural_category(0, "pt-BR") == "one"
    assert plural_category(0, "pt-PT") == "other"


def test_ordinals() -> None:
    assert [plural_category(n, "en", ordinal=True) for n in (1, 2, 3, 4, 11, 22)] == [
        "one",
        "two",
        "few",
        "other",
        "other",
        "two",
    ]


def test_unknown_language_falls_back_to_root_rules() -> None:
    assert plural_category(1, "qaa") == "other"
    assert plural_categories("qaa") == ("other",)


def test_plural_ranges() -> None:
    assert plural_range_category(1, 5, "ru") == "many"
    assert plural_range_category(1, 2, "de") == "other"
    assert plural_range_category(1, 2, "ka") == "one"
    assert plural_range_category(0, 1, "ka") == "other"
