"""Locale tags services pass: BCP 47 -u- keywords and CLDR's language aliases."""

from __future__ import annotations

import datetime

import pytest
from babel import Locale

import i18n_lib as L
from i18n_lib._locale import locale_extensions, to_locale

MOMENT = datetime.datetime(2024, 1, 2, 15, 4, tzinfo=datetime.UTC)


@pytest.mark.parametrize(
    ("tag", "expected"),
    [
        ("sh", Locale("sr", script="Latn")),
        ("sh-ME", Locale("sr", territory="ME", script="Latn")),
        ("iw", Locale("he")),
        ("iw-IL", Locale("he", territory="IL")),
        ("in", Locale("id")),
        ("ars", Locale("ar", territory="SA")),
        ("tl", Locale("fil")),
        ("no", Locale("no")),
    ],
)
def test_aliases_are_canonicalised(tag: str, expected: Locale) -> None:
    assert to_locale(tag) == expected


def test_numbering_system_keyword() -> None:
    assert L.format_decimal(1234.5, "de-u-nu-arab") == "١٬٢٣٤٫٥"
    assert L.format_decimal(1234.5, "ar-EG-u-nu-latn") == "1,234.5"
    assert L.format_date(MOMENT.date(), "de-u-nu-arab", format="short") == "٠٢.٠١.٢٤"
    # The keyword is part of the locale's identity: no cache mixes the two.
    assert L.format_decimal(1234.5, "de") == "1.234,5"
    assert to_locale("de-u-nu-arab") != to_locale("de")


def test_hour_cycle_keyword() -> None:
    assert L.format_time(MOMENT, "en-US-u-hc-h23", format="short") == "15:04"
    assert L.format_time(MOMENT, "en-US", format="short") == "3:04\u202fPM"
    assert L.format_time(MOMENT, "de-u-hc-h12", format="short") == "3:04 PM"
    assert L.LocaleFormatter("en-US-u-hc-h23").format_time(MOMENT.time(), "short") == "15:04"


def test_keywords_are_kept_and_others_ignored() -> None:
    assert locale_extensions("de-CH-u-cu-eur-nu-latn") == {"cu": "eur", "nu": "latn"}
    assert locale_extensions("en-US-x-private") == {}
    assert to_locale("en-US-t-de") == Locale("en", territory="US")


def test_unknown_locale_is_still_an_error() -> None:
    with pytest.raises(ValueError, match="unknown locale 'qq-u-nu-arab'"):
        to_locale("qq-u-nu-arab")
