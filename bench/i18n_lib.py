"""Benchmark i18n_lib against Babel: same output first (values x 50 locales), then µs per call.

Run: ``.venv/bin/python bench/i18n_lib.py`` (``--repeats``, ``--min-time`` to change the
timing). Both sides get the locale as a string (``'de_DE'``), as a service passing the
user's locale would; "facade" is the same call on a ``LocaleFormatter`` bound once.

Time is the CPU time of the benchmark's thread (``time.thread_time``), not the wall clock:
on the shared 2-core host other jobs take the CPU for long stretches (at load average 7-9
the wall-clock µs per call of the same code swung 2-5x within a minute; its CPU time, within
~10 %). Each row is timed by looping over its (value, locale) pairs enough times to take at
least ``--min-time`` seconds per sample, with the garbage collector off; the sides are interleaved
(ours, facade, Babel, ours, ...) for ``--repeats`` rounds, so each side runs at least
repeats x min-time seconds (1 s by default), and the best (minimum) time per call of each side
is reported, the figure least disturbed by other processes on the machine. On a shared
2-core host the speed of both sides flips between two levels as neighbours come and go:
many short interleaved samples catch both sides at the quiet level far more reliably than a
few long ones (measured: ratios from 20 x 0.05 s repeat within ~5 %, from 5 x 0.2 s they
swung by up to ~30 %).
"""

from __future__ import annotations

import argparse
import datetime
import gc
import importlib
import os
import platform
import sys
import time
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import babel
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

sys.path.insert(0, str(_HERE))
import icu_grid  # noqa: E402

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
UNIT = "length-kilometer"

Call = Callable[[Any, str], Any]
Row = tuple[Call, Call, list[Any] | None]


def _units() -> Any:
    try:
        return importlib.import_module("i18n_lib.units")
    except ImportError:
        return None


def cases() -> dict[str, Row]:
    """Map each row to (ours, babel, inputs); both take (input, locale string)."""
    rows: dict[str, Row] = {
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
            lambda v, loc: units.format_unit(v, UNIT, loc),
            lambda v, loc: babel_units.format_unit(v, UNIT, locale=loc),
            VALUES[:5],
        )
    return rows


def _ms(value: Any) -> int:
    if isinstance(value, datetime.datetime):
        return int(value.timestamp() * 1000)
    return int(
        datetime.datetime(value.year, value.month, value.day, tzinfo=datetime.UTC).timestamp()
        * 1000
    )


def icu_request(name: str, value: Any, locale: str) -> tuple[str, str, Any, dict[str, Any]]:
    """The Node ``Intl`` call that gives ICU's answer for the row (see bench/icu_grid.py)."""
    tag = locale.replace("_", "-")
    number = icu_grid._js_number(value)
    requests: dict[str, tuple[str, str, Any, dict[str, Any]]] = {
        "currency": ("num", tag, number, {"style": "currency", "currency": "EUR"}),
        "decimal": ("num", tag, number, {}),
        "percent": ("num", tag, number, {"style": "percent"}),
        "unit": ("num", tag, number, {"style": "unit", "unit": "kilometer", "unitDisplay": "long"}),
        "list": ("list", tag, value, {"type": "conjunction"}),
    }
    if name == "date":
        return ("dt", tag, _ms(value), {"dateStyle": "medium", "timeZone": "UTC"})
    if name == "datetime+tz":
        options = {"dateStyle": "medium", "timeStyle": "medium", "timeZone": ZONE.key}
        return ("dt", tag, _ms(value), options)
    return requests[name]


def facade_call(name: str, formatters: dict[str, LocaleFormatter]) -> Call:
    """The row's call on the locale's bound formatter (one lambda deep, as the functions)."""
    f = formatters
    calls: dict[str, Call] = {
        "currency": lambda v, loc: f[loc].format_currency(v, "EUR"),
        "decimal": lambda v, loc: f[loc].format_decimal(v),
        "percent": lambda v, loc: f[loc].format_percent(v),
        "date": lambda v, loc: f[loc].format_date(v),
        "datetime+tz": lambda v, loc: f[loc].format_datetime(v),
        "list": lambda v, loc: f[loc].format_list(v),
        "parse": lambda v, loc: str(f[loc].parse_number(v)),
        "unit": lambda v, loc: f[loc].format_unit(v, UNIT),
    }
    return calls[name]


def _inputs(inputs: list[Any] | None, locale: str) -> list[Any]:
    if inputs is not None:
        return inputs
    return [i18n_lib.format_decimal(v, locale) for v in VALUES]


def _outcome(function: Call, value: Any, locale: str) -> str:
    try:
        return str(function(value, locale))
    except Exception as exc:  # both sides failing alike counts as the same answer
        return f"error {type(exc).__name__}"


def _both_work(ours: Call, theirs: Call, value: Any, locale: str) -> bool:
    return not any(_outcome(f, value, locale).startswith("error ") for f in (ours, theirs))


class Outcome:
    """How one row's outputs compare with ICU's over the grid."""

    def __init__(self) -> None:
        self.same = self.cldr48 = self.other = 0


def check_all(rows: dict[str, Row], formatters: dict[str, LocaleFormatter]) -> dict[str, Outcome]:
    """Compare every row's outputs with ICU's (one node process for all), spacing and minus
    signs folded as in bench/icu_grid.py; the facade must equal the function. Parsing is
    checked as a round trip of our own formatting (ICU's Intl has no parser)."""
    outcomes = {name: Outcome() for name in rows}
    asked: list[tuple[str, str, Any, str]] = []
    requests = []
    for name, (ours, _, inputs) in rows.items():
        facade = facade_call(name, formatters)
        for locale in LOCALES:
            for value in _inputs(inputs, locale):
                mine, bound = _outcome(ours, value, locale), _outcome(facade, value, locale)
                if bound != mine:
                    outcomes[name].other += 1
                    print(f"  facade differs {name} {locale} {value!r}: {bound!r} vs {mine!r}")
                elif name == "parse":
                    shown = i18n_lib.format_decimal(Decimal(mine), locale)
                    good = shown == value
                    outcomes[name].same += good
                    outcomes[name].other += not good
                else:
                    asked.append((name, locale, value, mine))
                    requests.append(icu_request(name, value, locale))
    cases = [
        icu_grid.Case(name, locale.replace("_", "-"), repr(value), lambda: "", request)
        for (name, locale, value, _), request in zip(asked, requests, strict=True)
    ]
    answers = icu_grid.icu_answers(cases)
    for (name, locale, value, mine), case, icu in zip(asked, cases, answers, strict=True):
        if icu_grid.fold(mine) == icu_grid.fold(icu):
            outcomes[name].same += 1
        elif icu_grid.cldr_48(case, icu):
            outcomes[name].cldr48 += 1
        else:
            outcomes[name].other += 1
            if outcomes[name].other <= 3:
                print(f"  differs {name} {locale} {value!r}: {mine!r} vs ICU {icu!r}")
    return outcomes


def _seconds(function: Call, pairs: list[tuple[Any, str]], loops: int) -> float:
    start = time.thread_time()
    for _ in range(loops):
        for value, locale in pairs:
            function(value, locale)
    return time.thread_time() - start


def _loops_for(function: Call, pairs: list[tuple[Any, str]], min_time: float) -> int:
    """Loops over ``pairs`` that take at least ``min_time`` seconds (after warming caches)."""
    loops = 1
    while True:
        elapsed = _seconds(function, pairs, loops)
        if elapsed >= min_time:
            return loops
        loops = max(loops * 2, int(loops * min_time / max(elapsed, 1e-9) * 1.1))


def best_per_call_us(
    functions: list[Call], pairs: list[tuple[Any, str]], repeats: int, min_time: float
) -> list[float]:
    """Best µs per call of each function over interleaved repeats."""
    loops = [_loops_for(function, pairs, min_time) for function in functions]
    best = [float("inf")] * len(functions)
    gc_was_enabled = gc.isenabled()
    gc.disable()
    try:
        for _ in range(repeats):
            for index, function in enumerate(functions):
                elapsed = _seconds(function, pairs, loops[index])
                best[index] = min(best[index], elapsed / (loops[index] * len(pairs)))
    finally:
        if gc_was_enabled:
            gc.enable()
    return [seconds * 1e6 for seconds in best]


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=20, help="interleaved rounds")
    parser.add_argument("--min-time", type=float, default=0.05, help="seconds per sample")
    parser.add_argument("--rows", nargs="*", help="only these rows (default: all)")
    return parser.parse_args()


def main() -> None:
    arguments = _arguments()
    # Latin-digit locales, so that Babel's default (Latin digits) is the right answer.
    for locale in LOCALES:
        assert Locale.parse(locale).default_numbering_system == "latn", locale
    load = " ".join(f"{figure:.2f}" for figure in os.getloadavg())
    print(
        f"Python {platform.python_version()}, Babel {babel.__version__}, load average {load}; "
        f"best of {arguments.repeats} interleaved rounds of >= {arguments.min_time} s of thread "
        "CPU time per side"
    )
    rows = {
        name: row for name, row in cases().items() if not arguments.rows or name in arguments.rows
    }
    formatters = {loc: LocaleFormatter(loc, tz=ZONE) for loc in LOCALES}
    print(f"checking output against ICU (Node's Intl) over {len(LOCALES)} locales ...")
    outcomes = check_all(rows, formatters)
    print(
        f"{'call':12} {'ICU':>5} {'CLDR48':>7} {'other':>5} "
        f"{'ours µs':>8} {'facade µs':>9} {'Babel µs':>8} {'Babel/ours':>10} {'Babel/facade':>12}"
    )
    for name, (ours, theirs, inputs) in rows.items():
        pairs = [
            (v, loc)
            for loc in LOCALES
            for v in _inputs(inputs, loc)
            if _both_work(ours, theirs, v, loc)
        ]
        mine, facade, ref = best_per_call_us(
            [ours, facade_call(name, formatters), theirs],
            pairs,
            arguments.repeats,
            arguments.min_time,
        )
        o = outcomes[name]
        print(
            f"{name:12} {o.same:5} {o.cldr48:7} {o.other:5} {mine:8.2f}"
            f" {facade:9.2f} {ref:8.2f} {ref / mine:9.1f}x {ref / facade:11.1f}x"
        )
    print("ICU = same as ICU 78 (spaces and minus signs folded); CLDR48 = explained by the data")


if __name__ == "__main__":
    main()
