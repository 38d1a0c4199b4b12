"""Differential grid: i18n_lib against ICU (Node's ``Intl``), agreement per function and locale.

Run: ``.venv/bin/python bench/icu_grid.py`` (``--show N`` prints N disagreements per
function, ``--locales a,b`` narrows the grid, ``--locales all`` widens it to every Babel
locale ICU has). Every case goes to ONE ``node`` process as
JSON on stdin; the answers come back as JSON on stdout. Spacing characters (U+00A0,
U+202F, space) and minus signs (U+2212, ``-``) are folded before comparing, as the issue
asks. Cases whose difference is explained by CLDR 47 (Babel's data) → 48 (ICU 78's data)
are listed in ``CLDR_48`` and counted apart (see docs/i18n_lib.md).

The module is also imported by ``tests/i18n_lib/test_icu_differential.py`` (a small sample)
and by ``bench/i18n_lib.py`` (its output check).
"""

from __future__ import annotations

import argparse
import datetime
import json
import re
import shutil
import subprocess
import sys
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

_ROOT = Path(__file__).resolve().parents[1]
if str(_ROOT) not in sys.path:
    sys.path.insert(0, str(_ROOT))

import i18n_lib  # noqa: E402

# Issue 14's locales first, then a spread over scripts, regions and numbering systems.
LOCALES = [
    "ar-EG", "fa", "bn", "mr", "ne", "my", "ps", "de-CH", "fr-CH", "es-MX", "es-419", "fr",
    "es", "id", "ja", "ko", "zh", "yue", "he", "de", "sh", "ars", "iw", "in", "no",
    "de-u-nu-arab", "en-US-u-hc-h23", "en-US", "en-GB", "en-IN", "fr-CA", "it", "pt-BR",
    "pt-PT", "nl", "sv", "da", "fi", "pl", "cs", "hu", "ro", "bg", "el", "ru", "uk", "tr",
    "ar", "ar-MA", "hi", "ta", "th", "vi", "ms", "zh-Hant-TW", "hr", "sr", "lt", "et",
    "ca", "sw", "fil", "ur", "km",
]  # fmt: skip
NUMBERS: list[Any] = [0, 1, -7, 1234.5, -1234.567, 0.125, 1234567.891, Decimal("19.99")]
SPECIAL: list[Any] = [
    float("nan"),
    float("inf"),
    float("-inf"),
    Decimal("123456789012345678901234567890"),
]
COMPACT: list[Any] = [999, 1234, 1500000, 1000000, 2000000, 123456789, 0.5]
CURRENCIES = ["USD", "EUR", "JPY", "INR", "CHF"]
CURRENCY_STYLES = {
    "standard": {"currencyDisplay": "symbol"},
    "accounting": {"currencySign": "accounting"},
    "code": {"currencyDisplay": "code"},
    "name": {"currencyDisplay": "name"},
    "narrow": {"currencyDisplay": "narrowSymbol"},
}
UNITS = [("kilometer", "long"), ("kilometer", "short"), ("celsius", "short"), ("hour", "long")]
UNIT_VALUES: list[Any] = [1, 2.5, 1234, float("inf")]
ZONES = ["UTC", "Europe/Berlin", "America/New_York", "Asia/Kolkata", "Europe/Kyiv", "Asia/Tehran"]
# Around the 2024 DST changes of Europe and the US, and a plain winter afternoon.
INSTANTS = [
    datetime.datetime(2024, 1, 2, 15, 4, tzinfo=datetime.UTC),
    datetime.datetime(2024, 3, 31, 0, 30, tzinfo=datetime.UTC),
    datetime.datetime(2024, 3, 31, 1, 30, tzinfo=datetime.UTC),
    datetime.datetime(2024, 11, 3, 5, 30, tzinfo=datetime.UTC),
    datetime.datetime(2024, 11, 3, 6, 30, tzinfo=datetime.UTC),
]
STYLES = ["short", "medium", "long", "full"]
LISTS = [["a", "b"], ["Ana", "Juan", "Inés"], ["uno", "ocho"], ["Yo", "hijos"], ["x", "y", "z"]]
PLURALS: list[Any] = [0, 1, 2, 3, 5, 11, 21, 101, 1.5]

# Differences the data version explains (CLDR 47 in Babel, 48 in ICU 78), each checked by
# diffing cldr-json 47.0.0 against 48.0.0: a function prefix, the locales, and a regular
# expression ICU's answer matches. Listed in docs/i18n_lib.md.
CLDR_48: list[tuple[str, tuple[str, ...], str]] = [
    # dateTimeFormats-atTime: "{1} 'a' 'las' {0}" (es), "{1} रोजी {0} वाजता" (mr)
    ("datetime", ("es", "es-MX", "es-419"), " a las "),
    ("datetime", ("mr",), "वाजता"),
    # yue dayPeriods am, pm: 上午 → 上晝, 下午 → 下晝
    ("time", ("yue",), "[上下]晝"),
    ("datetime", ("yue",), "[上下]晝"),
    # ja metazone America_Eastern long: アメリカ東部 → 米国東部
    ("time", ("ja",), "米国東部"),
    ("datetime", ("ja",), "米国東部"),
    # bn month 1 (format wide): জানুয়ারী → জানুয়ারি
    ("date", ("bn",), "জানুয়ারি"),
    # ps: generic (so Persian) date long/full "د G y د MMMM d" → "G y MMMM d[, EEEE]";
    # dateTimeFormats-atTime long/full "{1} {0}" → "{1} په {0}"
    ("date", ("ps",), "^AP [۰-۹]+ \\S+ [۰-۹]+(,|$| په )"),
    # compact decimals: en-GB 0K → 0k, 0M → 0m; it 1000 short "0" → "0K"; en-IN long lakh/crore
    ("compact-short", ("en-GB",), r"\d[km]$"),
    ("compact", ("it",), "K$"),
    ("compact-long", ("en-IN",), "lakh|crore"),
    # de-CH group symbol ’ → '
    ("", ("de-CH",), "'"),
    # currencyFormats standard/accounting-alphaNextToNumber: bn "#,##,##0.00 ¤", km "#,##0.00 ¤",
    # fa "‎¤ #,##0.00"
    ("currency", ("bn", "km"), r"\xa0[A-Z]{3}$|\xa0[A-Z]+\$$"),
    ("currency", ("fa",), "^\u200e[A-Z]"),
    # currencyFormats alphaNextToNumber: en-IN, hi, ta "¤ #,##0.00" → "¤ #,##,##0.00";
    # tr accounting "#,##0.00 ¤;(…)" → "¤ #,##0.00;(…)"; ps accounting gains "(…)" negatives;
    # fa negatives "‎-‎¤" (LRM around the minus)
    ("currency", ("en-IN", "hi", "ta"), r"\d\d,\d\d,\d\d\d"),
    ("currency-accounting", ("tr",), r"^\(?[A-Z]{3}\xa0"),
    ("currency-accounting", ("ps",), r"^\([A-Z]{3}"),
    ("currency", ("fa",), "^\u200e[−-]\u200e[A-Z]"),
    # bn, km currency symbol JPY: "JP¥" as the alphaNextToNumber pattern places it
    ("currency", ("bn", "km"), "\xa0JP¥$"),
    # listPatterns (cldr-misc 46.1 → 48): ne start/middle "{0}, {1}"
    ("list-standard", ("ne",), r"^\w+, "),
    # units (cldr-units 46.1 → 48): bn hour "ঘণ্টা", ta long abbreviations, ta "°C"
    ("unit", ("bn",), "ঘণ্টা"),
    ("unit-long", ("ta",), r"ம\.$"),
    ("unit-short", ("ta",), "°C$"),
]

_SPACES = str.maketrans({"\xa0": " ", "\u202f": " ", "\u2212": "-"})

_NODE = r"""
const cases = JSON.parse(require('fs').readFileSync(0, 'utf8'));
const cache = new Map();
function get(key, make) {
  let v = cache.get(key);
  if (!v) { v = make(); cache.set(key, v); }
  return v;
}
const out = cases.map(([kind, loc, value, opts]) => {
  try {
    const key = kind + '|' + loc + '|' + JSON.stringify(opts);
    // ICU4C rounds half-even; ECMA-402 defaults to halfExpand: ask for ICU's own default.
    const numberOpts = {roundingMode: 'halfEven', ...opts};
    if (kind === 'num') return get(key, () => new Intl.NumberFormat(loc, numberOpts)).format(value);
    const date = new Date(value);
    if (kind === 'dt') return get(key, () => new Intl.DateTimeFormat(loc, opts)).format(date);
    if (kind === 'list') return get(key, () => new Intl.ListFormat(loc, opts)).format(value);
    if (kind === 'plural') return get(key, () => new Intl.PluralRules(loc, opts)).select(value);
    return 'ERROR: kind ' + kind;
  } catch (e) { return 'ERROR: ' + e.message; }
});
process.stdout.write(JSON.stringify(out));
"""


@dataclass(frozen=True)
class Case:
    """One call: the function's name, the locale, ours as a thunk, ICU's as a Node request."""

    function: str
    locale: str
    label: str
    ours: Callable[[], str] = field(compare=False, repr=False)
    icu: tuple[str, str, Any, dict[str, Any]] = field(compare=False, repr=False)


def _js_number(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, float) and value != value:
        return "NaN"
    if isinstance(value, float) and value in (float("inf"), float("-inf")):
        return "Infinity" if value > 0 else "-Infinity"
    return value


def _number_cases(loc: str) -> Iterable[Case]:
    L = i18n_lib
    for v in NUMBERS + SPECIAL:
        n = _js_number(v)
        yield Case("decimal", loc, repr(v), lambda v=v: L.format_decimal(v, loc),
                   ("num", loc, n, {}))  # fmt: skip
        yield Case("percent", loc, repr(v), lambda v=v: L.format_percent(v, loc),
                   ("num", loc, n, {"style": "percent"}))  # fmt: skip
    for v in NUMBERS + SPECIAL[:2]:
        n = _js_number(v)
        for cur in CURRENCIES:
            for style, opts in CURRENCY_STYLES.items():
                yield Case(
                    f"currency-{style}", loc, f"{v!r} {cur}",
                    lambda v=v, cur=cur, style=style: L.format_currency(
                        v, cur, loc, format_type=style  # type: ignore[arg-type]
                    ),
                    ("num", loc, n, {"style": "currency", "currency": cur, **opts}),
                )  # fmt: skip
    for v in COMPACT:
        for length in ("short", "long"):
            for digits in (0, 1):
                yield Case(
                    f"compact-{length}", loc, f"{v!r} fd={digits}",
                    lambda v=v, length=length, digits=digits: L.format_compact(
                        v, loc, format_type=length, fraction_digits=digits  # type: ignore[arg-type]
                    ),
                    ("num", loc, v, {"notation": "compact", "compactDisplay": length,
                                     "maximumFractionDigits": digits}),
                )  # fmt: skip
    for unit, length in UNITS:
        for v in UNIT_VALUES:
            yield Case(
                f"unit-{length}", loc, f"{v!r} {unit}",
                lambda v=v, unit=unit, length=length: L.format_unit(
                    v, unit, loc, length=length  # type: ignore[arg-type]
                ),
                ("num", loc, _js_number(v), {"style": "unit", "unit": unit, "unitDisplay": length}),
            )  # fmt: skip


def _date_cases(loc: str) -> Iterable[Case]:
    L = i18n_lib
    for style in STYLES:
        for instant in INSTANTS[:1] + INSTANTS[3:4]:
            ms = int(instant.timestamp() * 1000)
            yield Case("date", loc, f"{style} {instant:%F}",
                       lambda i=instant, s=style: L.format_date(i.date(), loc, format=s),
                       ("dt", loc, ms, {"dateStyle": style, "timeZone": "UTC"}))  # fmt: skip
        for zone in ZONES:
            for instant in INSTANTS:
                ms = int(instant.timestamp() * 1000)
                label = f"{style} {instant:%FT%H:%M} {zone}"
                yield Case("time", loc, label,
                           lambda i=instant, s=style, z=zone: L.format_time(
                               i, loc, format=s, tzinfo=ZoneInfo(z)),
                           ("dt", loc, ms, {"timeStyle": style, "timeZone": zone}))  # fmt: skip
                yield Case("datetime", loc, label,
                           lambda i=instant, s=style, z=zone: L.format_datetime(
                               i, loc, format=s, tzinfo=ZoneInfo(z)),
                           ("dt", loc, ms, {"dateStyle": style, "timeStyle": style,
                                            "timeZone": zone}))  # fmt: skip


def _other_cases(loc: str) -> Iterable[Case]:
    L = i18n_lib
    for items in LISTS:
        for style, kind in (("standard", "conjunction"), ("or", "disjunction")):
            yield Case(f"list-{style}", loc, "/".join(items),
                       lambda items=items, style=style: L.format_list(
                           items, loc, style=style),  # type: ignore[arg-type]
                       ("list", loc, items, {"type": kind}))  # fmt: skip
    for v in PLURALS:
        for ordinal in (False, True):
            yield Case("plural-ordinal" if ordinal else "plural", loc, repr(v),
                       lambda v=v, o=ordinal: L.plural_category(v, loc, ordinal=o),
                       ("plural", loc, v, {"type": "ordinal" if ordinal else "cardinal"}),
            )  # fmt: skip


def build_cases(locales: Iterable[str] = LOCALES) -> list[Case]:
    """Every case of the grid for ``locales``."""
    cases: list[Case] = []
    for loc in locales:
        cases += _number_cases(loc)
        cases += _date_cases(loc)
        cases += _other_cases(loc)
    return cases


def icu_answers(cases: list[Case], node: str | None = None) -> list[str]:
    """ICU's answers for ``cases``, from one ``node`` process fed all of them as JSON."""
    binary = node or shutil.which("node")
    if binary is None:
        raise RuntimeError("node is not installed: ICU's answers come from Node's Intl")
    result = subprocess.run(
        [binary, "-e", _NODE], input=json.dumps([c.icu for c in cases]),
        capture_output=True, text=True, check=True, timeout=600,
    )  # fmt: skip
    answers: list[str] = json.loads(result.stdout)
    return answers


def icu_locales(node: str | None = None) -> list[str]:
    """Every Babel locale that ICU has under its own tag (ICU drops none to a fallback)."""
    from babel.localedata import locale_identifiers

    tags = [name.replace("_", "-") for name in sorted(locale_identifiers()) if name != "root"]
    script = (
        "const t = JSON.parse(require('fs').readFileSync(0, 'utf8'));"
        "process.stdout.write(JSON.stringify(t.map(l => {"
        " try { return new Intl.DateTimeFormat(l).resolvedOptions().locale; }"
        " catch (e) { return ''; } })));"
    )
    result = subprocess.run(
        [node or shutil.which("node") or "node", "-e", script], input=json.dumps(tags),
        capture_output=True, text=True, check=True, timeout=600,
    )  # fmt: skip
    resolved: list[str] = json.loads(result.stdout)
    return [tag for tag, icu in zip(tags, resolved, strict=True) if icu == tag]


def our_answer(case: Case) -> str:
    """Our answer, or ``ERROR: <type>: <message>`` where we raise."""
    try:
        return case.ours()
    except Exception as exc:  # a raise is a disagreement to count, not a crash
        return f"ERROR: {type(exc).__name__}: {exc}"


def fold(text: str) -> str:
    """Fold the spacing characters and minus signs the issue says not to count."""
    return text.translate(_SPACES)


def cldr_48(case: Case, icu: str) -> bool:
    """Whether the difference is one the CLDR 47 → 48 data change explains."""
    return any(
        case.function.startswith(prefix) and case.locale in locales and re.search(regex, icu)
        for prefix, locales, regex in CLDR_48
    )


def compare(cases: list[Case], answers: list[str]) -> list[tuple[Case, str, str, str]]:
    """Each case with ours, ICU's and its verdict: ``same``, ``cldr48`` or ``differ``."""
    rows = []
    for case, icu in zip(cases, answers, strict=True):
        ours = our_answer(case)
        if fold(ours) == fold(icu):
            verdict = "same"
        elif cldr_48(case, icu):
            verdict = "cldr48"
        else:
            verdict = "differ"
        rows.append((case, ours, icu, verdict))
    return rows


def _table(rows: list[tuple[Case, str, str, str]], key: Callable[[Case], str]) -> list[str]:
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    for case, _, _, verdict in rows:
        counts[key(case)][verdict] += 1
    lines = ["| | same | CLDR 48 | differ | agreement |", "|---|---|---|---|---|"]
    for name, c in counts.items():
        counted = c["same"] + c["differ"]
        agreement = f"{100 * c['same'] / counted:.1f} %" if counted else "–"
        lines.append(f"| {name} | {c['same']} | {c['cldr48']} | {c['differ']} | {agreement} |")
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--locales", help="comma-separated locales (default: the grid's; 'all': every Babel "
        "locale ICU has, ~890)"
    )  # fmt: skip
    parser.add_argument("--show", type=int, default=0, help="disagreements to print per function")
    parser.add_argument("--function", help="only this function (prefix)")
    args = parser.parse_args(argv)
    if args.locales == "all":
        locales = icu_locales()
    else:
        locales = args.locales.split(",") if args.locales else LOCALES
    cases = build_cases(locales)
    if args.function:
        cases = [c for c in cases if c.function.startswith(args.function)]
    rows = compare(cases, icu_answers(cases))
    version = subprocess.run(
        ["node", "-p", "process.versions.icu + ' / CLDR ' + process.versions.cldr"],
        capture_output=True, text=True, check=True,
    ).stdout.strip()  # fmt: skip
    print(f"{len(locales)} locales, {len(cases)} cases; ICU {version}\n")
    print("\n".join(_table(rows, lambda c: c.function)))
    print()
    worst = _table(rows, lambda c: c.locale)
    print("\n".join(worst))
    total = Counter(verdict for *_, verdict in rows)
    counted = total["same"] + total["differ"]
    print(
        f"\nall: {total['same']} / {counted} = {100 * total['same'] / counted:.2f} % "
        f"({total['cldr48']} set aside as CLDR 47 → 48)"
    )
    if args.show:
        shown: Counter[str] = Counter()
        for case, ours, icu, verdict in rows:
            if verdict == "differ" and shown[case.function] < args.show:
                shown[case.function] += 1
                print(f"{case.function} {case.locale} {case.label}: ours {ours!r} ICU {icu!r}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
