"""Benchmark i18n_lib against Babel: same output first (values x 50 locales), then µs per call.

Run: ``.venv/bin/python bench/i18n_lib.py``. Both sides get the locale as a string
(``'de_DE'``), as a service passing the user's locale would; "facade" is the same call on a
``LocaleFormatter`` bound once.
"""

from __future__ import annotations

import datetime
import importlib
import sys
import time
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from babel import Locale
from babel import dates as babel_dates
from babel import lists as babel_lists
from babel import numbers as babel_numbers

# This file is named like the package: drop bench/ from the path so the package is found.
_HERE = Path(__file__).resolve().parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != _HERE]
sys.path.insert(0, str(_HERE.parent))

import i18n_lib  # noqa: E402
from i18n_lib import LocaleFormatter  # noqa: E402

LOCALES = [
    "en_US", "en_GB", "en_IN", "de_DE", "de_CH", "fr_FR", "fr_CA", "es_ES", "es_MX", "it_IT",
    "pt_BR", "pt_PT", "nl_NL", "sv_SE", "da_DK", "nb_NO", "fi_FI", "pl_PL", "cs_CZ", "sk_SK",
    "hu_HU", "ro_RO", "bg_BG", "el_GR", "ru_RU", "uk_UA", "tr_TR", "he_IL", "ar_MA", "hi_IN",
    "ta_IN", "th_TH", "vi_VN", "id_ID", "ms_MY", "ja_JP", "ko_KR", "zh_Hans_CN", "zh_Hant_TW",
    "hr_HR", "sl_SI", "sr_Latn_RS", "lt_LT", "lv_LV", "et_EE", "ca_ES", "eu_ES", "gl_ES",
    "sw_KE", "fil_PH",
]  # fmt: skip
VALUES: list[Any] = [0, 1, -7, 1234.5, -1234.567, 0.125, 2.675, 1234567.891, Decimal("19.99")]
ZONE = ZoneInfo("America/New_York")
INSTANT = datetime.datetime(2024, 3, 10, 6, 30, tzinfo=datetime.UTC)
DAY = datetime.date(2024, 2, 29)
ITEMS = ["apples", "pears", "plums"]
ROUNDS = 3


def _units() -> Any:
    try:
        return importlib.import_module("i18n_lib.units")
    except ImportError:
        return None


def cases() -> dict[str, tuple[Callable[[Any, str], str], Callable[[Any, str], str], list[Any]]]:
    """Map each row to (ours, babel, inputs); both take (input, locale string)."""
    rows: dict[str, Any] = {
        "currency": (
            lambda v, loc: i18n_lib.format_currency(v, "EUR", loc),
            lambda v, loc: babel_numbers.format_currency(v, "EUR", locale=loc),
            VALUES,
        ),
        "decimal": (
            lambda v, loc: i18n_lib.format_decimal(v, loc),
            lambda v, loc: babel_numbers.format_decimal(v, locale=loc),
            VALUES,
        ),
        "percent": (
            lambda v, loc: i18n_lib.format_percent(v, loc),
            lambda v, loc: babel_numbers.format_percent(v, locale=loc),
            VALUES,
        ),
        "date": (
            lambda v, loc: i18n_lib.format_date(v, loc),
            lambda v, loc: babel_dates.format_date(v, locale=loc),
            [DAY, datetime.date(1999, 12, 31)],
        ),
        "datetime+tz": (
            lambda v, loc: i18n_lib.format_datetime(v, loc, tzinfo=ZONE),
            lambda v, loc: babel_dates.format_datetime(v, locale=loc, tzinfo=ZONE),
            [INSTANT, INSTANT.replace(month=11, day=3)],
        ),
        "list": (
            lambda v, loc: i18n_lib.format_list(v, loc),
            lambda v, loc: babel_lists.format_list(v, locale=loc),
            [ITEMS, ITEMS[:2]],
        ),
        "parse": (
            lambda v, loc: str(i18n_lib.parse_number(v, loc)),
            lambda v, loc: str(babel_numbers.parse_decimal(v, locale=loc, strict=True)),
            None,  # filled per locale with the locale's own formatting of VALUES
        ),
    }
    units = _units()
    if units is not None:
        from babel import units as babel_units

        rows["unit"] = (
            lambda v, loc: units.format_unit(v, "length-kilometer", loc),
            lambda v, loc: babel_units.format_unit(v, "length-kilometer", locale=loc),
            VALUES[:5],
        )
    return rows


def _inputs(name: str, inputs: list[Any] | None, locale: str) -> list[Any]:
    if inputs is not None:
        return inputs
    return [babel_numbers.format_decimal(v, locale=locale) for v in VALUES]


def _spacing_only(ours: str, theirs: str) -> bool:
    """True when ours is Babel's plus ICU currency spacing (a NBSP by the symbol)."""
    return ours.replace("\xa0", "") == theirs.replace("\xa0", "") and ours.count("\xa0") == (
        theirs.count("\xa0") + 1
    )


def _outcome(function: Callable[[Any, str], str], value: Any, locale: str) -> str:
    try:
        return function(value, locale)
    except Exception as exc:  # both sides failing alike counts as the same answer
        return f"error {type(exc).__name__}"


def _both_work(ours: Any, theirs: Any, value: Any, locale: str) -> bool:
    return not any(_outcome(f, value, locale).startswith("error ") for f in (ours, theirs))


def check(rows: dict[str, Any]) -> dict[str, tuple[int, int, int]]:
    """Compare outputs; return (identical, deliberate currency-spacing diffs, other diffs)."""
    report = {}
    for name, (ours, theirs, inputs) in rows.items():
        same = spacing = other = 0
        for locale in LOCALES:
            for value in _inputs(name, inputs, locale):
                mine, ref = _outcome(ours, value, locale), _outcome(theirs, value, locale)
                if mine == ref:
                    same += 1
                elif name == "currency" and _spacing_only(mine, ref):
                    spacing += 1
                else:
                    other += 1
                    if other <= 3:
                        print(f"  differs {name} {locale} {value!r}: {mine!r} vs Babel {ref!r}")
        report[name] = (same, spacing, other)
    return report


def per_call_us(function: Callable[[Any, str], Any], pairs: list[tuple[Any, str]]) -> float:
    best = float("inf")
    for _ in range(ROUNDS):
        start = time.perf_counter()
        for value, locale in pairs:
            function(value, locale)
        best = min(best, time.perf_counter() - start)
    return best / len(pairs) * 1e6


def facade_call(name: str, formatters: dict[str, LocaleFormatter]) -> Callable[[Any, str], Any]:
    methods: dict[str, Callable[[LocaleFormatter, Any], Any]] = {
        "currency": lambda f, v: f.format_currency(v, "EUR"),
        "decimal": lambda f, v: f.format_decimal(v),
        "percent": lambda f, v: f.format_percent(v),
        "date": lambda f, v: f.format_date(v),
        "datetime+tz": lambda f, v: f.format_datetime(v),
        "list": lambda f, v: f.format_list(v),
        "parse": lambda f, v: f.parse_number(v),
    }
    method = methods.get(name)
    if method is None:
        return lambda v, loc: None
    return lambda v, loc: method(formatters[loc], v)


def main() -> None:
    # Latin-digit locales, so that Babel's default (Latin digits) is the right answer.
    for locale in LOCALES:
        assert Locale.parse(locale).default_numbering_system == "latn", locale
    rows = cases()
    print(f"checking output over {len(LOCALES)} locales ...")
    report = check(rows)
    formatters = {loc: LocaleFormatter(loc, tz=ZONE) for loc in LOCALES}
    header = f"{'call':12} {'same':>6} {'spacing':>7} {'other':>5} {'ours µs':>8} "
    print(header + f"{'facade µs':>9} {'Babel µs':>8} {'Babel/ours':>10} {'Babel/facade':>12}")
    for name, (ours, theirs, inputs) in rows.items():
        pairs = [
            (v, loc)
            for loc in LOCALES
            for v in _inputs(name, inputs, loc)
            if _both_work(ours, theirs, v, loc)
        ]
        for function in (ours, theirs):  # warm caches on both sides
            per_call_us(function, pairs)
        mine, ref = per_call_us(ours, pairs), per_call_us(theirs, pairs)
        facade = per_call_us(facade_call(name, formatters), pairs) if name != "unit" else mine
        same, spacing, other = report[name]
        print(
            f"{name:12} {same:6} {spacing:7} {other:5} {mine:8.2f} {facade:9.2f} {ref:8.2f}"
            f" {ref / mine:9.1f}x {ref / facade:11.1f}x"
        )
    print("spacing = deliberate: ICU currency spacing (CHF 1.50) where Babel prints CHF1.50")


if __name__ == "__main__":
    main()
