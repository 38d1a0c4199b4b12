"""The calendar a locale writes dates in (Gregorian, Buddhist, Persian) and its arithmetic.

ICU formats a date in the calendar the locale's region prefers (CLDR's
``calendarPreferenceData``: Buddhist for TH, Persian for IR and AF) unless the tag asks for
another with ``-u-ca-``. Calendars other than these three fall back to the Gregorian one.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from typing import Any

from babel import Locale
from babel.core import get_global

from i18n_lib._cldr_extra import cldr_value

__all__ = [
    "CalendarFields",
    "calendar_era",
    "calendar_fields",
    "calendar_months",
    "calendar_pattern",
    "locale_calendar",
    "persian_from_gregorian",
]

#: Year, month and day of a date in a calendar, from anything with ``toordinal()``.
CalendarFields = Callable[[Any], tuple[int, int, int]]

_SUPPORTED = frozenset({"gregorian", "buddhist", "persian"})
_CA_ALIASES = {"gregory": "gregorian"}  # BCP 47 -u-ca- values → CLDR calendar names

# ICU's Persian calendar (persncal.cpp): the 33-year arithmetic cycle, epoch 622-03-19 (JD).
_PERSIAN_EPOCH = 1948320
_PERSIAN_MONTH_START = (0, 31, 62, 93, 124, 155, 186, 216, 246, 276, 306, 336)
_JULIAN_DAY_OF_ORDINAL_0 = 1721425  # date(1, 1, 1).toordinal() == 1 is Julian day 1721426


def persian_from_gregorian(ordinal: int) -> tuple[int, int, int]:
    """The Persian (solar Hijri) year, month and day of a proleptic Gregorian ordinal.

    >>> import datetime
    >>> persian_from_gregorian(datetime.date(2024, 1, 2).toordinal())
    (1402, 10, 12)
    >>> persian_from_gregorian(datetime.date(2024, 3, 20).toordinal())
    (1403, 1, 1)
    """
    days = ordinal + _JULIAN_DAY_OF_ORDINAL_0 - _PERSIAN_EPOCH
    year = 1 + (33 * days + 3) // 12053
    first_day = 365 * (year - 1) + (8 * year + 21) // 33
    day_of_year = days - first_day
    month = day_of_year // 31 if day_of_year < 216 else (day_of_year - 6) // 30
    return year, month + 1, day_of_year - _PERSIAN_MONTH_START[month] + 1


@lru_cache(maxsize=4096)
def _persian_by_ordinal(ordinal: int) -> tuple[int, int, int]:
    return persian_from_gregorian(ordinal)


def _persian(value: Any) -> tuple[int, int, int]:
    return _persian_by_ordinal(value.toordinal())


def _buddhist(value: Any) -> tuple[int, int, int]:
    return value.year + 543, value.month, value.day


_FIELDS: dict[str, CalendarFields] = {"buddhist": _buddhist, "persian": _persian}


def _likely_region(locale: Locale) -> str | None:
    if locale.territory:
        return str(locale.territory)
    likely: Any = get_global("likely_subtags")
    keys = [f"{locale.language}_{locale.script}"] if locale.script else []
    for key in [*keys, str(locale.language)]:
        if key in likely:
            return str(likely[key]).split("_")[-1]
    return None


def locale_calendar(locale: Locale) -> str:
    """The CLDR calendar ``locale`` writes dates in: its ``-u-ca-`` keyword, else its region's.

    >>> from i18n_lib._locale import to_locale
    >>> [locale_calendar(to_locale(tag)) for tag in ('th', 'fa', 'de', 'th-u-ca-gregory')]
    ['buddhist', 'persian', 'gregorian', 'gregorian']
    """
    keywords: dict[str, str] = locale._data.get("i18n_lib_extensions") or {}
    asked = keywords.get("ca")
    if asked:
        calendar = _CA_ALIASES.get(asked, asked)
        return calendar if calendar in _SUPPORTED else "gregorian"
    region = _likely_region(locale)
    preferred = cldr_value(locale, f"capref.{region}") if region else None
    if preferred is not None and preferred in _SUPPORTED:
        return preferred
    return "gregorian"


def calendar_fields(calendar: str) -> CalendarFields | None:
    """The function giving a date's year, month and day in ``calendar``; None for Gregorian."""
    return _FIELDS.get(calendar)


def calendar_pattern(locale: Locale, calendar: str, width: str) -> str | None:
    """The calendar's named date pattern (``'short'`` … ``'full'``), or None for Gregorian:
    the locale's own for the calendar, else its generic one (CLDR's root aliases every
    non-Gregorian calendar's patterns to the requested locale's generic calendar).

    >>> from i18n_lib._locale import to_locale
    >>> calendar_pattern(to_locale('fa'), 'persian', 'full')
    'y MMMM d, EEEE'
    >>> calendar_pattern(to_locale('en-u-ca-persian'), 'persian', 'long')
    'MMMM d, y G'
    """
    if calendar == "gregorian":
        return None
    own = cldr_value(locale, f"ca.{calendar}.date.{width}")
    return own if own is not None else cldr_value(locale, f"ca.generic.date.{width}")


def calendar_era(locale: Locale, calendar: str, width: str) -> str | None:
    """The era name (``'abbreviated'``, ``'wide'``, ``'narrow'``), or None for Gregorian."""
    if calendar == "gregorian":
        return None
    return cldr_value(locale, f"ca.{calendar}.era.{width}")


def calendar_months(locale: Locale, calendar: str, context: str, width: str) -> dict[int, str]:
    """Month names by number for calendars with months of their own (Persian); else empty."""
    joined = cldr_value(locale, f"ca.{calendar}.months.{context}.{width}")
    if joined is None:
        return {}
    return dict(enumerate(joined.split("|"), start=1))
