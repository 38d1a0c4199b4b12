"""Per-locale date data compiled once: named formats, skeletons, intervals, relative forms."""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Any, TypeVar

from babel import Locale
from babel.dates import get_datetime_format, match_skeleton

from i18n_lib._cldr_extra import cldr_value
from i18n_lib._dates_calendar import calendar_pattern, locale_calendar
from i18n_lib._dates_pattern import CompiledPattern, compile_pattern, splice
from i18n_lib._locale import LocaleArg, to_locale
from i18n_lib._units_plural import plural_rule

__all__ = ["LocaleDates", "locale_dates", "named_relative_forms"]

PREDEFINED = frozenset({"short", "medium", "long", "full"})


@lru_cache(maxsize=1)
def _relative_names() -> dict[str, dict[str, str]]:
    text = (Path(__file__).parent / "_dates_relative.json").read_text("utf-8")
    locales: dict[str, dict[str, str]] = json.loads(text)["locales"]
    return locales


def named_relative_forms(identifier: str) -> dict[str, str]:
    """CLDR's named relative forms of a Babel locale id (stored only where not the language's).

    >>> named_relative_forms('de_AT')['-2']
    'vorgestern'
    """
    names = _relative_names()
    return names.get(identifier) or names.get(identifier.split("_")[0], {})


# Callers may pass patterns and skeletons of their own: keep the caches bounded.
_CACHE_LIMIT = 1024
_V = TypeVar("_V")


def _remember(cache: dict[Any, _V], key: Any, value: _V) -> _V:
    if len(cache) < _CACHE_LIMIT:
        cache[key] = value
    return value


def _plain(mapping: Any) -> dict[str, str]:
    return {key: mapping[key] for key in mapping}


class LocaleDates:
    """Compiled date/time patterns and lookups for one locale, filled on first use."""

    def __init__(self, locale: Locale) -> None:
        self.locale = locale
        #: Compiled date, time and datetime patterns by format name or pattern, as far as
        #: compiled yet (read these first, then call the method of the same kind).
        self.dates: dict[str, CompiledPattern] = {}
        self.times: dict[str, CompiledPattern] = {}
        self.datetimes: dict[str, CompiledPattern] = {}
        self._custom: dict[str, CompiledPattern] = {}
        self._skeletons: dict[str, CompiledPattern] = {}
        self._interval_skeletons: dict[str | None, str | None] = {}
        self._interval_parts: dict[tuple[str, str], tuple[CompiledPattern, CompiledPattern]] = {}
        self._relative: dict[str, tuple[dict[str, str], dict[str, str]]] = {}
        self._relative_names: dict[str, str] | None = None
        self._plural = plural_rule(locale)
        #: The calendar dates are written in (``'gregorian'``, ``'buddhist'``, ``'persian'``).
        self.calendar = locale_calendar(locale)

    def custom(self, pattern: str) -> CompiledPattern:
        """The compiled form of a custom CLDR pattern."""
        compiled = self._custom.get(pattern)
        if compiled is None:
            compiled = _remember(self._custom, pattern, compile_pattern(pattern, self.locale))
        return compiled

    def date(self, format: str) -> CompiledPattern:
        """The date pattern for a format name or a custom pattern."""
        compiled = self.dates.get(format)
        if compiled is None:
            if format in PREDEFINED:
                pattern = calendar_pattern(self.locale, self.calendar, format) or str(
                    self.locale.date_formats[format].pattern
                )
            else:
                pattern = format
            compiled = _remember(self.dates, format, self.custom(pattern))
        return compiled

    def time(self, format: str) -> CompiledPattern:
        """The time pattern for a format name or a custom pattern."""
        compiled = self.times.get(format)
        if compiled is None:
            pattern = self.locale.time_formats[format].pattern if format in PREDEFINED else format
            compiled = _remember(self.times, format, self.custom(pattern))
        return compiled

    def datetime(self, format: str) -> CompiledPattern:
        """The date-and-time pattern: the locale's glue around date and time, or a custom one."""
        compiled = self.datetimes.get(format)
        if compiled is None:
            if format in PREDEFINED:
                glue = str(get_datetime_format(format, self.locale))  # type: ignore[arg-type]
                # ICU (75+) joins every width with CLDR's "atTime" pattern where the locale
                # has one ("{1} 'at' {0}", "{1}, {0}"); the plain glue is its fallback.
                glue = cldr_value(self.locale, f"at.{format}") or glue
                compiled = splice(glue, self.time(format), self.date(format), self.locale)
            else:
                compiled = self.custom(format)
            _remember(self.datetimes, format, compiled)
        return compiled

    def skeleton(self, skeleton: str) -> CompiledPattern:
        """The pattern for a skeleton, matched fuzzily as Babel does; KeyError when none fits."""
        compiled = self._skeletons.get(skeleton)
        if compiled is None:
            skeletons = self.locale.datetime_skeletons
            matched = skeleton if skeleton in skeletons else match_skeleton(skeleton, skeletons)
            if matched is None:
                raise KeyError(f"no pattern for skeleton {skeleton!r} in {self.locale}")
            pattern = skeletons[matched].pattern
            compiled = _remember(self._skeletons, skeleton, self.custom(pattern))
        return compiled

    def has_skeleton(self, skeleton: str | None) -> bool:
        """Whether the locale defines ``skeleton`` exactly."""
        return skeleton in self.locale.datetime_skeletons

    def interval_skeleton(self, skeleton: str | None) -> str | None:
        """The interval skeleton the locale has for ``skeleton`` (closest match), or None."""
        if skeleton in self._interval_skeletons:
            return self._interval_skeletons[skeleton]
        formats = self.locale.interval_formats
        resolved: str | None = None
        if skeleton and skeleton in formats:
            resolved = skeleton
        elif skeleton:
            resolved = match_skeleton(skeleton, formats)
        _remember(self._interval_skeletons, skeleton, resolved)
        return resolved

    def interval_fields(self, skeleton: str) -> frozenset[str]:
        """The greatest-difference fields the locale has interval patterns for."""
        return frozenset(self.locale.interval_formats[skeleton])

    def interval_parts(self, skeleton: str, field: str) -> tuple[CompiledPattern, CompiledPattern]:
        """The start and end halves of the interval pattern for ``skeleton`` and ``field``."""
        key = (skeleton, field)
        parts = self._interval_parts.get(key)
        if parts is None:
            start, end = self.locale.interval_formats[skeleton][field]
            parts = self._interval_parts[key] = (self.custom(start), self.custom(end))
        return parts

    def interval_fallback(self) -> str:
        """The locale's fallback interval glue (``{0} – {1}``)."""
        return str(self.locale.interval_formats.get(None, "{0}-{1}"))

    def relative_patterns(self, unit: str) -> tuple[dict[str, str], dict[str, str]]:
        """Future and past patterns by plural category for a unit, as Babel's format_timedelta."""
        patterns = self._relative.get(unit)
        if patterns is None:
            fields = self.locale._data["date_fields"]
            unit_fields = fields.get(f"{unit}-long") or fields[unit]
            patterns = (_plain(unit_fields["future"]), _plain(unit_fields["past"]))
            self._relative[unit] = patterns
        return patterns

    def relative_names(self) -> dict[str, str]:
        """CLDR's named relative forms: day offsets ``'-2'``..``'2'`` and ``'now'``."""
        if self._relative_names is None:
            self._relative_names = named_relative_forms(str(self.locale))
        return self._relative_names

    def plural(self, count: int) -> str:
        """The plural category of a whole number."""
        return self._plural(str(count))


@lru_cache(maxsize=512)
def locale_dates(locale: LocaleArg) -> LocaleDates:
    """The cached :class:`LocaleDates` of ``locale`` (a Locale or a tag such as ``'de-CH'``)."""
    return LocaleDates(to_locale(locale))
