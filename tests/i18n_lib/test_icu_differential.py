"""i18n_lib against ICU (Node's Intl, ICU 78): a fast sample of bench/icu_grid.py's grid.

One ``node`` process answers every case (node is on CI's machine image). Each assert names
the function, locale and value, with both answers.
"""

from __future__ import annotations

import datetime
import importlib.util
import shutil
import sys
from decimal import Decimal
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

import i18n_lib as L

_GRID_PATH = Path(__file__).resolve().parents[2] / "bench" / "icu_grid.py"


def _grid() -> ModuleType:
    spec = importlib.util.spec_from_file_location("icu_grid", _GRID_PATH)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("icu_grid", module)
    spec.loader.exec_module(module)
    return module


grid = _grid()

# Locales the issue names, one per script family and numbering system.
SAMPLE = ["ar-EG", "fa", "de-CH", "fr-CH", "es-MX", "ja", "he", "en-US-u-hc-h23", "sh", "sv"]
# Functions where the sample agrees with ICU in every case (or the case is a documented
# CLDR 47 → 48 difference); the grid prints the rest.
EXACT = ("decimal", "percent", "compact", "unit", "plural", "list", "currency-accounting")

# Known, explained differences left in the sample (none now: fr-CH's long compact "mille"
# for 1 234 is CLDR's explicit "1" form, which format_compact reads).
KNOWN: set[tuple[str, str, str]] = set()

MOMENT = datetime.datetime(2024, 3, 31, 1, 30, tzinfo=datetime.UTC)  # Europe's DST change


def _ms(moment: datetime.datetime) -> int:
    return int(moment.timestamp() * 1000)


def _issue_cases() -> list[Any]:
    """The reproductions in issue 14, each as (label, ours, ICU request)."""
    Case = grid.Case
    num = "num"
    cases = [
        (
            "de-CH accounting 0",
            lambda: L.format_currency(0, "USD", "de-CH", format_type="accounting"),
            (
                num,
                "de-CH",
                0,
                {"style": "currency", "currency": "USD", "currencySign": "accounting"},
            ),
        ),
        (
            "bn percent",
            lambda: L.format_percent(1234.5678, "bn"),
            (num, "bn", 1234.5678, {"style": "percent"}),
        ),
        (
            "fa currency",
            lambda: L.format_currency(1, "USD", "fa"),
            (num, "fa", 1, {"style": "currency", "currency": "USD"}),
        ),
        (
            "ar-EG accounting",
            lambda: L.format_currency(-5, "USD", "ar-EG", format_type="accounting"),
            (
                num,
                "ar-EG",
                -5,
                {"style": "currency", "currency": "USD", "currencySign": "accounting"},
            ),
        ),
        (
            "fr narrow USD",
            lambda: L.format_currency(1, "USD", "fr", format_type="narrow"),
            (
                num,
                "fr",
                1,
                {"style": "currency", "currency": "USD", "currencyDisplay": "narrowSymbol"},
            ),
        ),
        (
            "es-MX narrow EUR",
            lambda: L.format_currency(1, "EUR", "es-MX", format_type="narrow"),
            (
                num,
                "es-MX",
                1,
                {"style": "currency", "currency": "EUR", "currencyDisplay": "narrowSymbol"},
            ),
        ),
        (
            "id narrow INR",
            lambda: L.format_currency(1, "INR", "id", format_type="narrow"),
            (
                num,
                "id",
                1,
                {"style": "currency", "currency": "INR", "currencyDisplay": "narrowSymbol"},
            ),
        ),
        (
            "fr-CH currency",
            lambda: L.format_currency(1234.5, "CHF", "fr-CH"),
            (num, "fr-CH", 1234.5, {"style": "currency", "currency": "CHF"}),
        ),
        ("sv minus", lambda: L.format_decimal(-5, "sv"), (num, "sv", -5, {})),
        ("es grouping", lambda: L.format_decimal(1234, "es"), (num, "es", 1234, {})),
        (
            "en NaN currency",
            lambda: L.format_currency(float("nan"), "USD", "en"),
            (num, "en", "NaN", {"style": "currency", "currency": "USD"}),
        ),
        (
            "en inf unit",
            lambda: L.format_unit(float("inf"), "kilometer", "en"),
            (num, "en", "Infinity", {"style": "unit", "unit": "kilometer", "unitDisplay": "long"}),
        ),
        (
            "30 digits",
            lambda: L.format_decimal(Decimal("123456789012345678901234567890"), "en"),
            (num, "en", "123456789012345678901234567890", {}),
        ),
        (
            "de compact long",
            lambda: L.format_compact(1000000, "de", format_type="long"),
            (
                num,
                "de",
                1000000,
                {"notation": "compact", "compactDisplay": "long", "maximumFractionDigits": 0},
            ),
        ),
        (
            "ja compact long",
            lambda: L.format_compact(123456789, "ja", format_type="long"),
            (
                num,
                "ja",
                123456789,
                {"notation": "compact", "compactDisplay": "long", "maximumFractionDigits": 0},
            ),
        ),
        (
            "de-u-nu-arab",
            lambda: L.format_decimal(1234.5, "de-u-nu-arab"),
            (num, "de-u-nu-arab", 1234.5, {}),
        ),
        (
            "de-u-nu-arab percent (root's arab pattern and symbols)",
            lambda: L.format_percent(-0.12, "de-u-nu-arab"),
            (num, "de-u-nu-arab", -0.12, {"style": "percent"}),
        ),
        (
            "de-u-nu-arab currency",
            lambda: L.format_currency(-7, "USD", "de-u-nu-arab"),
            (num, "de-u-nu-arab", -7, {"style": "currency", "currency": "USD"}),
        ),
        (
            "de-u-nu-beng (the locale's Latin symbols)",
            lambda: L.format_decimal(-1234.5, "de-u-nu-beng"),
            (num, "de-u-nu-beng", -1234.5, {}),
        ),
        (
            "ps USD symbol (CLDR's, not Babel's)",
            lambda: L.format_currency(1, "USD", "ps"),
            (num, "ps", 1, {"style": "currency", "currency": "USD"}),
        ),
        (
            "fr compact long explicit 1",
            lambda: L.format_compact(1234, "fr", format_type="long"),
            (
                num,
                "fr",
                1234,
                {"notation": "compact", "compactDisplay": "long", "maximumFractionDigits": 0},
            ),
        ),
        (
            "ar-EG long date",
            lambda: L.format_date(MOMENT.date(), "ar-EG", format="long"),
            ("dt", "ar-EG", _ms(MOMENT), {"dateStyle": "long", "timeZone": "UTC"}),
        ),
        (
            "en at-time",
            lambda: L.format_datetime(MOMENT, "en", format="long", tzinfo="Europe/Berlin"),
            (
                "dt",
                "en",
                _ms(MOMENT),
                {"dateStyle": "long", "timeStyle": "long", "timeZone": "Europe/Berlin"},
            ),
        ),
        (
            "GMT+2",
            lambda: L.format_time(MOMENT, "en", format="long", tzinfo="Europe/Kyiv"),
            ("dt", "en", _ms(MOMENT), {"timeStyle": "long", "timeZone": "Europe/Kyiv"}),
        ),
        (
            "Asia/Kolkata",
            lambda: L.format_time(MOMENT, "en", format="full", tzinfo="Asia/Kolkata"),
            ("dt", "en", _ms(MOMENT), {"timeStyle": "full", "timeZone": "Asia/Kolkata"}),
        ),
        (
            "hc h23",
            lambda: L.format_time(MOMENT, "en-US-u-hc-h23", format="short", tzinfo="UTC"),
            ("dt", "en-US-u-hc-h23", _ms(MOMENT), {"timeStyle": "short", "timeZone": "UTC"}),
        ),
        (
            "es y→e",
            lambda: L.format_list(["Juan", "Inés"], "es"),
            ("list", "es", ["Juan", "Inés"], {"type": "conjunction"}),
        ),
        (
            "es o→u",
            lambda: L.format_list(["siete", "ocho"], "es", style="or"),
            ("list", "es", ["siete", "ocho"], {"type": "disjunction"}),
        ),
        (
            "he ו-",
            lambda: L.format_list(["תפוח", "Apple"], "he"),
            ("list", "he", ["תפוח", "Apple"], {"type": "conjunction"}),
        ),
        (
            "sh alias",
            lambda: L.format_date(MOMENT.date(), "sh", format="long"),
            ("dt", "sh", _ms(MOMENT), {"dateStyle": "long", "timeZone": "UTC"}),
        ),
    ]
    return [Case("issue", "", label, ours, request) for label, ours, request in cases]


@pytest.fixture(scope="module")
def node() -> str:
    binary = shutil.which("node")
    assert binary is not None, "node is needed: ICU's answers come from Node's Intl"
    return binary


def test_issue_reproductions_give_icus_answers(node: str) -> None:
    cases = _issue_cases()
    answers = grid.icu_answers(cases, node)
    wrong = [
        (case.label, grid.our_answer(case), icu)
        for case, icu in zip(cases, answers, strict=True)
        if grid.fold(grid.our_answer(case)) != grid.fold(icu)
    ]
    assert wrong == []


def test_sample_agrees_with_icu(node: str) -> None:
    cases = [c for c in grid.build_cases(SAMPLE) if c.function.startswith(EXACT)]
    assert len(cases) > 1400
    rows = grid.compare(cases, grid.icu_answers(cases, node))
    wrong = [
        (case.function, case.locale, case.label, ours, icu)
        for case, ours, icu, verdict in rows
        if verdict == "differ" and (case.function, case.locale, case.label) not in KNOWN
    ]
    assert wrong == []


# Dates, times and date-times: the calendars (th Buddhist; fa, ps Persian), the "atTime"
# glue of every width (da, fi), short zone names (fr, en-GB, es-MX, he), digits (ar-EG).
DATE_SAMPLE = ["th", "fa", "ps", "da", "fi", "fr", "en-GB", "es-MX", "he", "ar-EG", "ja", "ko"]


def test_date_sample_agrees_with_icu(node: str) -> None:
    cases = [c for c in grid.build_cases(DATE_SAMPLE) if c.function in ("date", "time", "datetime")]
    assert len(cases) == len(DATE_SAMPLE) * (8 + 120 + 120)
    rows = grid.compare(cases, grid.icu_answers(cases, node))
    wrong = [
        (case.function, case.locale, case.label, ours, icu)
        for case, ours, icu, verdict in rows
        if verdict == "differ"
    ]
    assert wrong == []


def test_fold_ignores_only_spaces_and_minus_signs() -> None:
    assert grid.fold("\u22121\u202f234\xa0€") == "-1 234 €"
    assert grid.fold("1,5") != grid.fold("1.5")
