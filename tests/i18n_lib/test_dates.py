"""Tests for i18n_lib.dates: Babel's output over a grid of values and locales, and our additions."""

from __future__ import annotations

import datetime
import json
import re
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from babel import Locale
from babel import dates as _babel_dates
from babel.localedata import locale_identifiers

from i18n_lib import dates
from i18n_lib._cldr_extra import cldr_value
from i18n_lib._dates_calendar import locale_calendar, persian_from_gregorian
from i18n_lib._dates_locale import named_relative_forms
from i18n_lib._dates_relative_build import build_relative_names
from i18n_lib._dates_zone import (
    cldr_zone_id,
    localized_gmt_short,
    short_gmt,
    short_specific_name,
)
from i18n_lib._locale import to_locale
from i18n_lib._number_render import digit_table, resolve_numbering_system


class _BabelAsIcu:
    """Babel's date functions with the corrections i18n_lib makes toward ICU applied to
    their output: the "atTime" glue of every width, ICU's short zone names, the locale's
    default digits, and TR35's short localized GMT format (``GMT+1``) where Babel falls back
    to an ISO offset for a short zone name (``z``)."""

    def __getattr__(self, name: str) -> Any:
        function = _BABEL_FUNCTIONS.get(name) or getattr(_babel_dates, name)
        if name == "format_timedelta":
            return function
        if name == "format_interval":
            function = self._babel_interval

        def call(*args: Any, **kwargs: Any) -> Any:
            locale = to_locale(kwargs["locale"])
            text = function(*args, **kwargs)
            at = cldr_value(locale, f"at.{args[1]}") if name == "format_datetime" else None
            if at is not None and args[1] in ("short", "medium", "long", "full"):  # ICU's glue
                time = _babel_dates.format_time(*args, **kwargs)
                shown = _babel_dates._ensure_datetime_tzinfo(
                    _babel_dates._get_datetime(args[0]), kwargs.get("tzinfo")
                )
                date = _babel_dates.format_date(shown, args[1], locale=locale)
                text = at.replace("'", "").replace("{0}", time).replace("{1}", date)
            if name in ("format_time", "format_datetime") and args[1] == "long":
                text = _short_zone_as_icu(text, args[0], kwargs.get("tzinfo"), locale)
            if not any(isinstance(arg, str) and "Z" in arg for arg in args):
                text = _ISO_OFFSET.sub(lambda m: short_gmt(locale, m[0]), text)
            table = digit_table(resolve_numbering_system(locale, "default"))
            return text if table is None else text.translate(table)

        return call

    def _babel_interval(self, *args: Any, **kwargs: Any) -> Any:
        # ICU's interval fallback joins date-times with the "atTime" glue too: run Babel's
        # format_interval with its format_datetime corrected the same way.
        original = _babel_dates.format_datetime

        def fallback_datetime(*values: Any, **options: Any) -> Any:
            if len(values) == 1 and set(options) == {"tzinfo", "locale"}:  # the fallback's call
                return self.format_datetime(values[0], "medium", **options)
            return original(*values, **options)  # format_skeleton's, with a pattern

        _babel_dates.format_datetime = fallback_datetime  # type: ignore[assignment]
        try:
            return _babel_dates.format_interval(*args, **kwargs)
        finally:
            _babel_dates.format_datetime = original  # type: ignore[assignment]


_BABEL_FUNCTIONS = {"format_datetime": _babel_dates.format_datetime}


def _short_zone_as_icu(text: str, value: Any, zone: Any, locale: Locale) -> str:
    """Put ICU's short zone name (CLDR's approved names, else ``GMT+1``) where Babel wrote
    its own (its data holds drafts such as ``fr`` ``HNE``, and it falls back to the long
    name where CLDR says ``∅∅∅``); the names are checked against ICU in the tests below."""
    if not isinstance(zone, ZoneInfo) or not isinstance(value, datetime.datetime):
        return text
    shown = _babel_dates._ensure_datetime_tzinfo(value, zone)
    babel_name = _babel_dates.get_timezone_name(shown, "short", locale=locale)
    icu_name = short_specific_name(locale, cldr_zone_id(zone.key), bool(shown.dst()))
    icu_name = icu_name or localized_gmt_short(locale, shown.utcoffset() or datetime.timedelta())
    head, found, tail = text.rpartition(babel_name)
    return head + icu_name + tail if found else text


_ISO_OFFSET = re.compile(r"(?<=[\s([])[+-]\d{4}(?![\d:-])|^[+-]\d{4}(?=\s)")
babel_dates = _BabelAsIcu()

# Every 9th Babel locale: ~120 locales across scripts, regions and scripts-with-regions.
LOCALES = [*sorted(locale_identifiers())[::9], "en_US", "de_DE", "ja_JP", "ar_EG", "zh_Hant_TW"]
VALUES = [
    datetime.datetime(2024, 3, 5, 14, 7, 9, 123456),
    datetime.datetime(1999, 12, 31, 23, 59, 59),
    datetime.datetime(2024, 10, 27, 0, 30),
    datetime.datetime(2000, 1, 1, 0, 0),
]
ZONES = [None, datetime.UTC, ZoneInfo("Europe/Berlin"), ZoneInfo("America/New_York")]
FORMATS = ["short", "medium", "long", "full"]
SKELETONS = ["yMMMd", "yMd", "MMMEd", "Hm", "hm", "yQQQ", "Ehm", "GyMMMEd", "yMMMM", "Bhms", "yw"]


def _gregorian(locales: list[str]) -> list[str]:
    """The locales writing dates in the Gregorian calendar, the only one Babel has."""
    return [locale for locale in locales if locale_calendar(to_locale(locale)) == "gregorian"]


@pytest.mark.parametrize("locale", LOCALES)
def test_date_time_and_datetime_match_babel(locale: str) -> None:
    # Babel writes every date in the Gregorian calendar: dates of locales whose region
    # prefers another (sdh_IR: Persian) are checked against ICU in the tests below.
    gregorian = locale_calendar(to_locale(locale)) == "gregorian"
    for value in VALUES:
        for fmt in FORMATS:
            if gregorian:
                ours = dates.format_date(value.date(), locale, format=fmt)
                assert ours == babel_dates.format_date(value.date(), fmt, locale=to_locale(locale))
            assert dates.format_time(value.time(), locale, format=fmt) == babel_dates.format_time(
                value.time(), fmt, locale=to_locale(locale)
            )
            for zone in ZONES:
                ours = dates.format_datetime(value, locale, format=fmt, tzinfo=zone)
                if gregorian:
                    assert ours == babel_dates.format_datetime(
                        value, fmt, tzinfo=zone, locale=to_locale(locale)
                    )
                ours = dates.format_time(value, locale, format=fmt, tzinfo=zone)
                assert ours == babel_dates.format_time(
                    value, fmt, tzinfo=zone, locale=to_locale(locale)
                )


def _babel_skeleton(
    skeleton: str, value: datetime.datetime, zone: datetime.tzinfo | None, locale: str
) -> str:
    try:
        return babel_dates.format_skeleton(skeleton, value, zone, locale=to_locale(locale))
    except (KeyError, ValueError) as exc:
        return type(exc).__name__


def _our_skeleton(
    skeleton: str, value: datetime.datetime, zone: datetime.tzinfo | None, locale: str
) -> str:
    try:
        return dates.format_skeleton(skeleton, value, locale, tzinfo=zone)
    except (KeyError, ValueError) as exc:
        return type(exc).__name__


@pytest.mark.parametrize("locale", _gregorian(LOCALES[::2]))
def test_skeletons_match_babel(locale: str) -> None:
    for value in VALUES:
        for skeleton in SKELETONS:
            for zone in ZONES[::2]:
                expected = _babel_skeleton(skeleton, value, zone, locale)
                assert _our_skeleton(skeleton, value, zone, locale) == expected


@pytest.mark.parametrize(
    "pattern",
    [
        "yyyy-MM-dd'T'HH:mm:ss.SSS",
        "EEEE d MMMM y G",
        "hh 'o''clock' a, zzzz",
        "QQQQ y",
        "w/W D F e",
        "LLLL yy",
        "K:mm a vvvv",
        "xxx XXX ZZZZ O",
        "'100%' h",
    ],
)
def test_custom_patterns_match_babel(pattern: str) -> None:
    for locale in ["en", "fr_CA", "ru", "ja", "fi"]:
        for value in VALUES:
            # Babel cannot name Asia/Kolkata (its data says Asia/Calcutta); i18n_lib can.
            aware = value.replace(tzinfo=ZoneInfo("Asia/Calcutta"))
            expected = babel_dates.format_datetime(aware, pattern, locale=to_locale(locale))
            assert dates.format_datetime(aware, locale, format=pattern) == expected


def test_locale_object_and_hyphen_tag_give_the_same_text() -> None:
    value = datetime.date(2024, 3, 5)
    expected = babel_dates.format_date(value, "long", locale="pt_BR")
    assert dates.format_date(value, Locale.parse("pt_BR"), format="long") == expected
    assert dates.format_date(value, "pt-BR", format="long") == expected


def test_timezone_names_are_accepted_as_strings() -> None:
    value = datetime.datetime(2024, 7, 1, 12, 0)
    berlin = dates.format_datetime(value, "de", format="full", tzinfo="Europe/Berlin")
    assert berlin == babel_dates.format_datetime(
        value, "full", tzinfo=ZoneInfo("Europe/Berlin"), locale="de"
    )
    with pytest.raises(LookupError):
        dates.format_datetime(value, "de", tzinfo="Nowhere/Atlantis")


def test_invalid_pattern_length_is_rejected_like_babel() -> None:
    with pytest.raises(ValueError, match="Invalid length"):
        dates.format_date(datetime.date(2024, 3, 5), "en", format="ddd")


INTERVALS: list[tuple[Any, Any, str | None]] = [
    (datetime.date(2016, 1, 15), datetime.date(2016, 1, 17), "yMd"),
    (datetime.date(2016, 1, 15), datetime.date(2016, 3, 17), "yMMMd"),
    (datetime.date(2016, 1, 15), datetime.date(2017, 3, 17), "yMMMd"),
    (datetime.time(5, 12), datetime.time(16, 16), "hm"),
    (datetime.time(12, 12), datetime.time(16, 16), "Hm"),
    (datetime.time(16, 18), datetime.time(16, 18), "Hm"),
    (datetime.date(2015, 1, 1), datetime.date(2017, 1, 1), "wzq"),
    (datetime.datetime(2024, 3, 5, 9), datetime.datetime(2024, 3, 5, 17, 30), "yMMMdjm"),
    (datetime.datetime(2024, 3, 5, 9), datetime.datetime(2024, 3, 6, 9), None),
]


@pytest.mark.parametrize("locale", _gregorian(LOCALES[::3]))
def test_intervals_match_babel(locale: str) -> None:
    for start, end, skeleton in INTERVALS:
        try:
            expected = babel_dates.format_interval(start, end, skeleton, locale=to_locale(locale))
        except NotImplementedError:
            continue  # Babel cannot extract 'G'/'B' differences; see the test below
        assert dates.format_interval(start, end, locale, skeleton=skeleton) == expected


def test_interval_by_day_period_works_where_babel_raises() -> None:
    start, end = datetime.time(9, 0), datetime.time(15, 0)
    with pytest.raises(NotImplementedError):
        babel_dates.format_interval(start, end, "Bh", locale="en")
    assert dates.format_interval(start, end, "en", skeleton="Bh") == (
        "9 in the morning\u2009–\u20093 in the afternoon"
    )


@pytest.mark.parametrize("locale", LOCALES[::2])
def test_relative_matches_babel_timedelta_outside_named_forms(locale: str) -> None:
    for seconds in [
        1,
        59,
        61,
        3600 * 3,
        3600 * 20,
        86400 * 3,  # "in 3 days": ±1 and ±2 days have CLDR names
        86400 * 20,
        86400 * 200,
        86400 * 800,
    ]:
        for sign in (1, -1):
            delta = datetime.timedelta(seconds=sign * seconds)
            expected = babel_dates.format_timedelta(
                delta, add_direction=True, locale=to_locale(locale)
            )
            assert dates.format_relative(delta, locale) == expected


def test_relative_uses_cldr_named_days_and_now() -> None:
    assert dates.format_relative(datetime.timedelta(days=-1), "en") == "yesterday"
    assert dates.format_relative(datetime.timedelta(hours=23), "en") == "tomorrow"
    assert dates.format_relative(datetime.timedelta(days=-2), "de") == "vorgestern"
    assert dates.format_relative(datetime.timedelta(days=2), "en") == "in 2 days"  # no name in en
    assert dates.format_relative(datetime.timedelta(days=-1), "es-MX") == "ayer"
    assert dates.format_relative(datetime.timedelta(0), "fr") == "maintenant"
    assert dates.format_relative(datetime.timedelta(days=1), "zh_Hant_TW") == "明天"


def test_relative_compares_datetimes_with_now_and_treats_naive_as_utc() -> None:
    now = datetime.datetime(2024, 3, 5, 12, 0, tzinfo=datetime.UTC)
    naive_past = datetime.datetime(2024, 3, 5, 9, 0)
    assert dates.format_relative(naive_past, "en", now=now) == "3 hours ago"
    berlin = datetime.datetime(2024, 3, 8, 13, 0, tzinfo=ZoneInfo("Europe/Berlin"))
    assert dates.format_relative(berlin, "en", now=now) == "in 3 days"


def test_relative_names_builder_keeps_what_differs_from_the_language(tmp_path: Path) -> None:
    main = tmp_path / "main"
    fields = {
        "day": {"relative-type--1": "gestern", "relative-type-1": "morgen"},
        "second": {"relative-type-0": "jetzt"},
    }
    for cldr_id in ("de", "de-AT"):
        folder = main / cldr_id
        folder.mkdir(parents=True)
        payload = {"main": {cldr_id: {"dates": {"fields": fields}}}}
        (folder / "dateFields.json").write_text(json.dumps(payload), "utf-8")
    names = build_relative_names(main)
    assert names["de"] == {"-1": "gestern", "1": "morgen", "now": "jetzt"}
    assert "de_AT" not in names  # equal to its language: left out
    assert "de_CH" not in names


def test_every_babel_locale_has_named_relative_forms() -> None:
    for identifier in locale_identifiers():
        names = named_relative_forms(identifier)
        assert {"-1", "1", "now"} <= set(names), identifier


def test_time_zone_name_follows_the_converted_date() -> None:
    # 02:00 UTC on 10 March 2024 is 21:00 on 9 March in New York, still standard time.
    value = datetime.datetime(2024, 3, 10, 2, 0)
    ours = dates.format_time(value, "en", format="full", tzinfo="America/New_York")
    assert ours == "9:00:00\u202fPM Eastern Standard Time"
    babel = babel_dates.format_time(value, "full", tzinfo=ZoneInfo("America/New_York"), locale="en")
    assert babel == "9:00:00\u202fPM Eastern Daylight Time"  # date before conversion


def test_plain_dates_are_not_shifted_by_the_time_zone() -> None:
    day = datetime.date(2024, 3, 5)
    assert dates.format_skeleton("yMMMd", day, "en", tzinfo="America/New_York") == "Mar 5, 2024"
    shifted = babel_dates.format_skeleton("yMMMd", day, ZoneInfo("America/New_York"), locale="en")
    assert shifted == "Mar 4, 2024"


# ICU 78's answers (Node's Intl), each checked by bench/icu_grid.py's process.
PERSIAN_DATES = [
    (datetime.date(1900, 1, 1), (1278, 10, 11)),
    (datetime.date(1979, 2, 11), (1357, 11, 22)),
    (datetime.date(2000, 2, 29), (1378, 12, 10)),
    (datetime.date(2024, 3, 19), (1402, 12, 29)),
    (datetime.date(2024, 3, 20), (1403, 1, 1)),
    (datetime.date(2025, 3, 20), (1403, 12, 30)),  # 1403 is a leap year
    (datetime.date(2025, 3, 21), (1404, 1, 1)),
    (datetime.date(2050, 12, 31), (1429, 10, 10)),
    (datetime.date(2100, 3, 21), (1479, 1, 1)),
]


@pytest.mark.parametrize(("gregorian", "persian"), PERSIAN_DATES)
def test_persian_calendar_arithmetic_gives_icus_dates(
    gregorian: datetime.date, persian: tuple[int, int, int]
) -> None:
    assert persian_from_gregorian(gregorian.toordinal()) == persian


@pytest.mark.parametrize(
    ("locale", "calendar"),
    [("th", "buddhist"), ("th-TH", "buddhist"), ("fa", "persian"), ("ps", "persian"),
     ("fa-AF", "persian"), ("ckb-IR", "persian"), ("ar-SA", "gregorian"), ("de", "gregorian"),
     ("th-u-ca-gregory", "gregorian"), ("de-u-ca-persian", "persian"),
     ("fa-u-ca-islamic", "gregorian")],
)  # fmt: skip
def test_locale_calendar_follows_region_preference_and_ca_keyword(
    locale: str, calendar: str
) -> None:
    assert locale_calendar(to_locale(locale)) == calendar


NEW_YEAR_2024 = datetime.datetime(2024, 1, 2, 15, 4, tzinfo=datetime.UTC)


@pytest.mark.parametrize(
    ("locale", "format", "expected"),
    [
        ("th", "short", "2/1/67"),
        ("th", "full", "วันอังคารที่ 2 มกราคม พ.ศ. 2567"),
        ("th-u-ca-gregory", "long", "2 มกราคม ค.ศ. 2024"),
        ("fa", "medium", "۱۲ دی ۱۴۰۲"),
        ("fa", "full", "۱۴۰۲ دی ۱۲, سه\u200cشنبه"),
        ("fa-u-ca-gregory", "long", "۲ ژانویهٔ ۲۰۲۴"),
        ("fa-AF", "full", "۱۴۰۲ جدی ۱۲, سه\u200cشنبه"),
        ("ps", "short", "AP ۱۴۰۲/۱۰/۱۲"),
        # -u-ca- in a locale without the calendar's patterns: its generic ones, as ICU
        ("en-u-ca-persian", "full", "Tuesday, Dey 12, 1402 AP"),
        ("de-u-ca-buddhist", "short", "02.01.67 BE"),
        ("ja-u-ca-persian", "long", "AP1402年10月12日"),
    ],
)
def test_dates_in_the_locales_calendar_as_icu(locale: str, format: str, expected: str) -> None:
    assert dates.format_date(NEW_YEAR_2024.date(), locale, format=format) == expected


def test_date_times_in_the_locales_calendar_join_with_the_gregorian_glue_as_icu() -> None:
    assert dates.format_datetime(NEW_YEAR_2024, "fa", format="medium") == "۱۲ دی ۱۴۰۲، ۱۵:۰۴:۰۰"
    assert (
        dates.format_datetime(NEW_YEAR_2024, "th", format="long")
        == "2 มกราคม 2567 เวลา 15 นาฬิกา 04 นาที 00 วินาที UTC"
    )


@pytest.mark.parametrize(
    ("locale", "format", "expected"),
    [
        ("da", "short", "02.01.2024, 15.04"),
        ("da", "medium", "2. jan. 2024, 15.04.00"),
        ("fi", "short", "2.1.2024 klo 15.04"),
        ("id", "short", "02/01/24, 15.04"),
        ("de", "short", "02.01.24, 15:04"),
    ],
)
def test_short_and_medium_date_times_join_with_the_at_time_glue_as_icu(
    locale: str, format: str, expected: str
) -> None:
    assert dates.format_datetime(NEW_YEAR_2024, locale, format=format) == expected


@pytest.mark.parametrize(
    ("locale", "zone", "expected"),
    [
        ("fr", "UTC", "15:04:00 UTC"),  # Babel: TU (a draft name)
        ("fr", "America/New_York", "10:04:00 UTC−5"),  # Babel: HNE (fr-CA's, a draft in fr)
        ("fr-CA", "America/New_York", "10 h 04 min 00 s HNE"),
        ("fr", "Europe/Kyiv", "17:04:00 UTC+2"),  # Babel: EEST
        ("en", "America/New_York", "10:04:00\u202fAM EST"),
        ("en-GB", "America/New_York", "10:04:00 GMT-5"),  # Babel: Eastern Standard Time
        ("en-IN", "Asia/Kolkata", "8:34:00\u202fpm IST"),
        ("es-MX", "Europe/Berlin", "4:04:00\u202fp.m. GMT+1"),  # Babel: the long name
        ("de", "Europe/Berlin", "16:04:00 MEZ"),
        ("he", "America/New_York", "10:04:00 GMT-5\u200e"),  # one LRM, as ICU
        ("en", "Asia/Tehran", "6:34:00\u202fPM GMT+3:30"),
    ],
)
def test_short_zone_names_as_icu(locale: str, zone: str, expected: str) -> None:
    value = datetime.datetime(2024, 1, 2, 15, 4, tzinfo=datetime.UTC)
    assert dates.format_time(value, locale, format="long", tzinfo=zone) == expected


@pytest.mark.parametrize(
    ("locale", "expected"),
    [
        ("da", "2. jan. 2024, 15.04.00-5. jan. 2024, 09.30.00"),
        ("fi", "2.1.2024 klo 15.04.00–5.1.2024 klo 9.30.00"),
    ],
)
def test_interval_fallback_joins_date_times_with_the_at_time_glue_as_icu(
    locale: str, expected: str
) -> None:
    start = datetime.datetime(2024, 1, 2, 15, 4)
    assert dates.format_interval(start, datetime.datetime(2024, 1, 5, 9, 30), locale) == expected
