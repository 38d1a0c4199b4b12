"""Format dates, times, intervals and relative times per locale as ICU does, from CLDR data.

Dates are written in the calendar the locale's region prefers (Buddhist in th, Persian in
fa and ps) or the one ``-u-ca-`` names; see docs/i18n_lib.md, "How dates reach ICU's answers".
"""

from __future__ import annotations

import datetime
from functools import lru_cache
from typing import Any
from zoneinfo import ZoneInfo

from babel.dates import PATTERN_CHAR_ORDER, get_period_id

from i18n_lib._dates_locale import LocaleDates, locale_dates
from i18n_lib._locale import LocaleArg

__all__ = [
    "LocaleDates",
    "TzArg",
    "format_date",
    "format_datetime",
    "format_interval",
    "format_relative",
    "format_skeleton",
    "format_time",
    "get_timezone",
    "locale_dates",
]

UTC = datetime.UTC

#: A time zone: a ``tzinfo`` (``zoneinfo.ZoneInfo`` is best) or an IANA name.
TzArg = datetime.tzinfo | str | None

_RELATIVE_UNITS: tuple[tuple[str, int], ...] = (
    ("year", 3600 * 24 * 365),
    ("month", 3600 * 24 * 30),
    ("week", 3600 * 24 * 7),
    ("day", 3600 * 24),
    ("hour", 3600),
    ("minute", 60),
    ("second", 1),
)
_RELATIVE_THRESHOLD = 0.85


@lru_cache(maxsize=512)
def _zone_by_name(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (KeyError, ValueError, OSError) as exc:  # ZoneInfoNotFoundError is a KeyError
        raise LookupError(f"unknown time zone {name!r}") from exc


def get_timezone(zone: TzArg) -> datetime.tzinfo | None:
    """Return ``zone`` as a ``tzinfo``: names become cached ``ZoneInfo`` objects.

    >>> get_timezone('Europe/Berlin')
    zoneinfo.ZoneInfo(key='Europe/Berlin')
    >>> get_timezone(None) is None
    True
    >>> get_timezone('Mars/Olympus')
    Traceback (most recent call last):
        ...
    LookupError: unknown time zone 'Mars/Olympus'
    """
    if zone is None or isinstance(zone, datetime.tzinfo):
        return zone
    return _zone_by_name(zone)


def _aware(value: datetime.datetime, tzinfo: datetime.tzinfo | None) -> datetime.datetime:
    """Attach UTC to naive datetimes (as Babel does), then convert to ``tzinfo``."""
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    if tzinfo is not None:
        value = value.astimezone(tzinfo)
    return value


def _instant(value: Any, tzinfo: datetime.tzinfo | None) -> Any:
    """Turn a date, time, datetime or timestamp into the value the pattern fields read."""
    if isinstance(value, datetime.datetime):
        return _aware(value, tzinfo)
    if isinstance(value, datetime.date):
        # A calendar date has no instant: it stays on its day in any zone (Babel shifts it).
        return datetime.datetime.combine(value, datetime.time(), tzinfo or UTC)
    if isinstance(value, datetime.time):
        return _aware(datetime.datetime.combine(datetime.date.today(), value), tzinfo)
    if isinstance(value, int | float):
        return _aware(datetime.datetime.fromtimestamp(value, UTC), tzinfo)
    raise TypeError(f"cannot format {type(value).__name__} as a date or time")


def format_date(value: datetime.date, locale: LocaleArg, *, format: str = "medium") -> str:
    """Format a date with the locale's ``'short'|'medium'|'long'|'full'`` or a custom pattern.

    A datetime is formatted by its own calendar date, without any time zone conversion.

    >>> from datetime import date
    >>> format_date(date(2007, 4, 1), 'en-US')
    'Apr 1, 2007'
    >>> format_date(date(2007, 4, 1), 'de_DE', format='full')
    'Sonntag, 1. April 2007'
    >>> format_date(date(2007, 4, 1), 'en', format="EEE, MMM d, ''yy")
    "Sun, Apr 1, '07"
    """
    if isinstance(value, datetime.datetime):
        value = value.date()
    dates = locale_dates(locale)
    compiled = dates.dates.get(format) or dates.date(format)
    return compiled.apply(value)


def format_time(
    value: datetime.time | datetime.datetime,
    locale: LocaleArg,
    *,
    format: str = "medium",
    tzinfo: TzArg = None,
) -> str:
    """Format a time of day; a datetime is first converted to ``tzinfo`` (naive means UTC).

    A bare ``time`` is not converted (it has no date to know the offset): ``tzinfo`` only
    names its zone. Zone names of a datetime follow the converted local date, where Babel
    looks at the date before conversion (it may pick the wrong daylight-saving variant
    around midnight).

    >>> from datetime import datetime, time
    >>> format_time(time(15, 30), 'en-US')
    '3:30:00\\u202fPM'
    >>> format_time(time(15, 30), 'de', format='short')
    '15:30'
    >>> format_time(datetime(2024, 7, 1, 13, 5), 'fr-FR', format='full', tzinfo='Europe/Paris')
    '15:05:00 heure d’été d’Europe centrale'
    """
    zone = get_timezone(tzinfo)
    if isinstance(value, datetime.datetime):
        shown: Any = _aware(value, zone)
    elif value.tzinfo is None or zone is not None:
        shown = value.replace(tzinfo=zone or UTC)
    else:
        shown = value
    return locale_dates(locale).time(format).apply(shown)


def format_datetime(
    value: datetime.datetime | datetime.date | float,
    locale: LocaleArg,
    *,
    format: str = "medium",
    tzinfo: TzArg = None,
) -> str:
    """Format a date and time, converted to ``tzinfo``; naive datetimes are taken as UTC.

    Every width joins date and time with CLDR's "atTime" pattern where the locale has one,
    as ICU does (Babel joins them with the plain pattern: ``'1 avril 2007, 17:30:00'``,
    ``'2. jan. 2024 15.04'`` where ICU writes ``'2. jan. 2024, 15.04'``).

    >>> from datetime import datetime
    >>> format_datetime(datetime(2007, 4, 1, 15, 30), 'en-US')
    'Apr 1, 2007, 3:30:00\\u202fPM'
    >>> format_datetime(datetime(2007, 4, 1, 15, 30), 'fr_FR', format='full',
    ...                 tzinfo='Europe/Paris')
    'dimanche 1 avril 2007 à 17:30:00 heure d’été d’Europe centrale'
    >>> format_datetime(datetime(2007, 4, 1, 15, 30), 'en',
    ...                 format="yyyy.MM.dd G 'at' HH:mm:ss zzz", tzinfo='US/Eastern')
    '2007.04.01 AD at 11:30:00 EDT'
    >>> format_datetime(datetime(2024, 1, 2, 15, 4), 'th', format='short')
    '2/1/67 15:04'
    """
    zone = (
        tzinfo if tzinfo is None or isinstance(tzinfo, datetime.tzinfo) else _zone_by_name(tzinfo)
    )
    if isinstance(value, datetime.datetime):  # _aware(value, zone), inlined: the common case
        if value.tzinfo is None:
            value = value.replace(tzinfo=UTC)
        shown = value if zone is None else value.astimezone(zone)
    else:
        shown = _instant(value, zone)
    dates = locale_dates(locale)
    compiled = dates.datetimes.get(format) or dates.datetime(format)
    return compiled.apply(shown)


def format_skeleton(
    skeleton: str,
    value: datetime.datetime | datetime.date | datetime.time,
    locale: LocaleArg,
    *,
    tzinfo: TzArg = None,
) -> str:
    """Format with the locale's pattern for a CLDR skeleton (closest match when missing).

    Raises ``KeyError`` when the locale has no pattern close to the skeleton. Unlike
    Babel, a ``date`` is not shifted by ``tzinfo`` (a calendar day has no time zone).

    >>> from datetime import datetime
    >>> format_skeleton('yMMMd', datetime(2007, 4, 1, 15, 30), 'en')
    'Apr 1, 2007'
    >>> format_skeleton('MMMEd', datetime(2007, 4, 1, 15, 30), 'fr')
    'dim. 1 avr.'
    >>> format_skeleton('yMMd', datetime(2007, 4, 1), 'fi')
    '1.4.2007'
    """
    return locale_dates(locale).skeleton(skeleton).apply(_instant(value, get_timezone(tzinfo)))


def _differs(first: Any, second: Any, field: str, dates: LocaleDates) -> bool:
    if field == "y":
        return bool(first.year != second.year)
    if field == "M":
        return bool(first.month != second.month)
    if field == "d":
        return bool(first.day != second.day)
    if field in "Hh":
        return bool(first.hour != second.hour)
    if field == "m":
        return bool(first.minute != second.minute)
    if field == "a":
        return bool((first.hour >= 12) != (second.hour >= 12))
    if field == "B":
        locale = dates.locale
        return bool(get_period_id(first, locale=locale) != get_period_id(second, locale=locale))
    return False  # 'G': every Python date is in the same era


def _fallback_interval(
    start: Any, end: Any, skeleton: str | None, zone: datetime.tzinfo | None, dates: LocaleDates
) -> str:
    locale = dates.locale

    def render(value: Any) -> str:
        if skeleton is not None and dates.has_skeleton(skeleton):
            return format_skeleton(skeleton, value, locale, tzinfo=zone)
        if _is_date(start) and _is_date(end):
            return format_date(value, locale)
        if _is_time(start) and _is_time(end):
            return format_time(value, locale, tzinfo=zone)
        return format_datetime(value, locale, tzinfo=zone)  # "atTime" glue, as ICU

    first, last = render(start), render(end)
    if first == last:
        return first
    return dates.interval_fallback().replace("{0}", first).replace("{1}", last)


def _is_date(value: Any) -> bool:
    return isinstance(value, datetime.date) and not isinstance(value, datetime.datetime)


def _is_time(value: Any) -> bool:
    return isinstance(value, datetime.time)


def format_interval(
    start: datetime.datetime | datetime.date | datetime.time,
    end: datetime.datetime | datetime.date | datetime.time,
    locale: LocaleArg,
    *,
    skeleton: str | None = None,
    tzinfo: TzArg = None,
) -> str:
    """Format the interval from ``start`` to ``end`` following CLDR's interval formats.

    Intervals whose greatest difference is the era (``G``) or the day period (``B``) work
    here; Babel raises ``NotImplementedError`` for them.

    >>> from datetime import date, time
    >>> format_interval(date(2016, 1, 15), date(2016, 1, 17), 'fi', skeleton='yMd')
    '15.–17.1.2016'
    >>> format_interval(time(5, 12), time(16, 16), 'en-US', skeleton='hm')
    '5:12\\u202fAM\\u2009–\\u20094:16\\u202fPM'
    >>> format_interval(date(2016, 1, 15), date(2016, 1, 17), 'de', skeleton='xxx')
    '15.01.2016\\u2009–\\u200917.01.2016'
    """
    dates = locale_dates(locale)
    zone = get_timezone(tzinfo)
    resolved = dates.interval_skeleton(skeleton)
    if resolved is None:
        return _fallback_interval(start, end, None, zone, dates)
    if start == end:
        return format_skeleton(resolved, start, dates.locale, tzinfo=zone)
    first, last = _instant(start, zone), _instant(end, zone)
    fields = dates.interval_fields(resolved)
    for field in PATTERN_CHAR_ORDER:
        if field in fields and _differs(first, last, field, dates):
            start_part, end_part = dates.interval_parts(resolved, field)
            return start_part.apply(first) + end_part.apply(last)
    return _fallback_interval(start, end, resolved, zone, dates)


def _seconds_between(value: datetime.timedelta | datetime.datetime, now: Any) -> int:
    if isinstance(value, datetime.timedelta):
        delta = value
    else:
        moment = now if now is not None else datetime.datetime.now(UTC)
        delta = _aware(value, None) - _aware(moment, None)
    return int(delta.days * 86400 + delta.seconds)


def format_relative(
    value: datetime.timedelta | datetime.datetime,
    locale: LocaleArg,
    *,
    now: datetime.datetime | None = None,
) -> str:
    """Say how far ``value`` is from now: "in 3 days", "3 hours ago", "yesterday", "now".

    ``value`` is a timedelta (positive is the future) or a datetime compared with ``now``
    (default: the current time; naive datetimes are taken as UTC). The unit and rounding
    are Babel's ``format_timedelta(..., add_direction=True)``; on top, CLDR's named forms are
    used where the locale has them: ±1 and ±2 days ("tomorrow", "übermorgen") and a zero
    delta ("now", where Babel says "in 0 seconds"). Days are durations (24 hours), not
    calendar days.

    >>> from datetime import datetime, timedelta
    >>> format_relative(timedelta(days=3), 'en')
    'in 3 days'
    >>> format_relative(timedelta(hours=-3), 'en')
    '3 hours ago'
    >>> format_relative(timedelta(days=-1), 'en')
    'yesterday'
    >>> format_relative(timedelta(days=2), 'de')
    'übermorgen'
    >>> format_relative(datetime(2024, 1, 1, 12), 'fr', now=datetime(2024, 1, 1, 12, 0, 20))
    'il y a 20 secondes'
    >>> format_relative(timedelta(0), 'ja')
    '今'
    """
    seconds = _seconds_between(value, now)
    dates = locale_dates(locale)
    names = dates.relative_names()
    if seconds == 0 and "now" in names:
        return names["now"]
    for unit, unit_seconds in _RELATIVE_UNITS:
        amount = abs(seconds) / unit_seconds
        if amount >= _RELATIVE_THRESHOLD or unit == "second":
            count = round(max(1.0, amount) if unit == "second" and amount > 0 else amount)
            if unit == "day":
                named = names.get(str(count if seconds >= 0 else -count))
                if named:
                    return named
            future, past = dates.relative_patterns(unit)
            patterns = future if seconds >= 0 else past
            category = dates.plural(count)
            return (patterns.get(category) or patterns["other"]).replace("{0}", str(count))
    raise AssertionError("unreachable: the last unit always matches")
