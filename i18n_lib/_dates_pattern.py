"""Compile CLDR date/time patterns once per locale into fast renderers, in the locale's calendar."""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable
from functools import lru_cache
from typing import Any
from zoneinfo import ZoneInfo

from babel import Locale
from babel.core import get_global
from babel.dates import PATTERN_CHARS, DateTimeFormat, tokenize_pattern

from i18n_lib._dates_calendar import (
    calendar_era,
    calendar_fields,
    calendar_months,
    locale_calendar,
)
from i18n_lib._dates_zone import cldr_zone_id, localized_gmt_short, short_gmt, short_specific_name
from i18n_lib._number_render import digit_table, resolve_numbering_system

__all__ = ["CompiledPattern", "compile_pattern", "splice"]

# A renderer turns a date, time or datetime into text.
Renderer = Callable[[Any], str]
Token = tuple[str, Any]

_WIDTHS = {3: "abbreviated", 4: "wide", 5: "narrow"}
_DAY_WIDTHS = {3: "abbreviated", 4: "wide", 5: "narrow", 6: "short"}
_ZONE_CACHE_LIMIT = 4096
_TWO_DIGITS = tuple(f"{number:02d}" for number in range(100))
_GLUE_SLOTS = re.compile(r"(\{[01]\})")


class CompiledPattern:
    """A parsed pattern turned into one generated function of the value."""

    __slots__ = ("apply", "pattern", "tokens")

    def __init__(self, pattern: str, tokens: list[Token], apply: Renderer) -> None:
        self.pattern = pattern
        self.tokens = tokens
        #: Render a date, time or aware datetime with this pattern.
        self.apply = apply


class _Source:
    """The body of a generated f-string: every piece is an expression over ``v``.

    Pattern text (literals, names) only ever enters the namespace as values, never the
    source, so any pattern a caller passes is safe to compile.
    """

    def __init__(self, calendar: str = "gregorian") -> None:
        self.pieces: list[str] = []
        self.namespace: dict[str, Any] = {}
        #: The calendar the date fields are written in; ``c`` holds its (year, month, day).
        self.calendar = calendar
        self.uses_calendar = False

    def bind(self, value: Any) -> str:
        name = f"_{len(self.namespace)}"
        self.namespace[name] = value
        return name

    def add(self, expression: str) -> None:
        self.pieces.append("{" + expression + "}")

    def date_part(self, expression: str) -> str:
        """``expression`` over the Gregorian ``v.year``/``v.month``/``v.day``, rewritten to
        read the calendar's year, month and day (``c``) when the calendar is another."""
        if self.calendar == "gregorian":
            return expression
        rewritten = expression.replace("v.year", "c[0]").replace("v.month", "c[1]")
        rewritten = rewritten.replace("v.day", "c[2]")
        self.uses_calendar = self.uses_calendar or rewritten != expression
        return rewritten

    def literal(self, text: str) -> None:
        if text:
            self.add(self.bind(text))

    def function(self) -> Renderer:
        if not self.pieces:
            return lambda value: ""
        # One generated function per pattern: a single f-string, no per-field calls.
        prelude = ""
        if self.uses_calendar:  # the calendar's year, month and day, computed once
            prelude = f"    c = {self.bind(calendar_fields(self.calendar))}(v)\n"
        source = "def render(v):\n" + prelude + "    return f'" + "".join(self.pieces) + "'\n"
        exec(source, self.namespace)
        render: Renderer = self.namespace["render"]
        return render


def _names(mapping: Any) -> dict[Any, str]:
    # Locale data dicts resolve CLDR aliases on item access: copy through it once.
    return {key: mapping[key] for key in mapping}


def _add_padded(source: _Source, expression: str, width: int, *, below_100: bool) -> None:
    """Add a numeric field as Babel's ``'%0*d'`` renders it: ASCII digits zero padded to
    ``width``. A width of 1 is plain ``str`` and two-digit fields read a table, both much
    cheaper than an f-string format spec."""
    if width == 1:
        source.add(expression)
    elif width == 2 and below_100:
        source.add(f"{source.bind(_TWO_DIGITS)}[{expression}]")
    else:
        source.add(f"{expression}:0{width}d")


def _period_names(locale: Locale, width: int) -> tuple[str, str]:
    texts = []
    for period in ("am", "pm"):
        for name_width in (_WIDTHS[max(3, width)], "wide", "narrow", "abbreviated"):
            names = locale.day_periods["format"][name_width]
            if period in names:
                texts.append(str(names[period]))
                break
        else:
            raise ValueError(f"Could not format period {period} in {locale}")
    return texts[0], texts[1]


def _babel_field(locale: Locale, name: str, value: Any) -> str:
    return str(DateTimeFormat(value, locale)[name])


def _day_period(locale: Locale, name: str) -> Renderer:
    @lru_cache(maxsize=1440)
    def by_time(hour: int, minute: int, second: int) -> str:
        return _babel_field(locale, name, datetime.time(hour, minute, second))

    return lambda value: by_time(value.hour, value.minute, value.second)


def _zone_key(char: str, value: Any) -> tuple[Any, ...] | None:
    """What the zone field's text depends on, or None when it cannot be keyed safely."""
    tzinfo = value.tzinfo
    if type(tzinfo) is ZoneInfo:
        zone: Any = tzinfo.key
    elif type(tzinfo) is datetime.timezone:
        zone = tzinfo
    else:
        return None
    if char in "vV":
        return (zone,)
    if not isinstance(value, datetime.datetime):
        return None  # Babel names a bare time's zone by today's date
    return (zone, value.utcoffset(), bool(value.dst()))


def _renamed_zone_name(locale: Locale, name: str, cldr_id: str, value: Any) -> str | None:
    """The zone's own or metazone name under CLDR's id (Babel maps the id the other way)."""
    width = "long" if len(name) == 4 else "short"
    kind = "generic" if name[0] == "v" else ("daylight" if value.dst() else "standard")
    own = locale.time_zones.get(cldr_id, {}).get(width, {})
    if kind in own:
        return str(own[kind])
    metazone = get_global("meta_zones").get(cldr_id)
    names = locale.meta_zones.get(metazone, {}).get(width, {}) if metazone else {}
    return str(names[kind]) if kind in names else None


def _zone_text(locale: Locale, name: str, value: Any) -> str:
    tzinfo = getattr(value, "tzinfo", None)
    if type(tzinfo) is ZoneInfo and isinstance(value, datetime.datetime):
        cldr_id = cldr_zone_id(tzinfo.key)  # Asia/Kolkata is Asia/Calcutta in CLDR
        if name in ("z", "zz", "zzz"):
            short = short_specific_name(locale, cldr_id, bool(value.dst()))
            return short or localized_gmt_short(locale, value.utcoffset() or datetime.timedelta())
        if cldr_id != tzinfo.key and name[0] in "zv":
            named = _renamed_zone_name(locale, name, cldr_id, value)
            if named is not None:
                return named
    text = _babel_field(locale, name, value)
    if name in ("z", "zz", "zzz"):
        text = short_gmt(locale, text)
    return text


def _zone(locale: Locale, name: str) -> Renderer:
    cache: dict[tuple[Any, ...], str] = {}
    char = name[0]

    def render(value: Any) -> str:
        key = _zone_key(char, value)
        if key is None:
            return _zone_text(locale, name, value)
        text = cache.get(key)
        if text is None:
            text = _zone_text(locale, name, value)
            if len(cache) < _ZONE_CACHE_LIMIT:
                cache[key] = text
        return text

    return render


def _delegate(locale: Locale, name: str) -> Renderer:
    # Fields rare in CLDR data (week numbers, day of year, local weekday) keep Babel's code.
    return lambda value: _babel_field(locale, name, value)


def _add_text_field(source: _Source, locale: Locale, char: str, width: int) -> bool:
    """Add a field rendered from locale names; False when ``char`` is not one of those."""
    if char in "ML" and width > 2:
        context = "format" if char == "M" else "stand-alone"
        months = calendar_months(locale, source.calendar, context, _WIDTHS[width])
        names = source.bind(months or _names(locale.months[context][_WIDTHS[width]]))
        source.add(f"{names}[{source.date_part('v.month')}]")
    elif char in "Qq" and width > 2:
        context = "format" if char == "Q" else "stand-alone"
        names = source.bind(_names(locale.quarters[context][_WIDTHS[width]]))
        source.add(f"{names}[{source.date_part('(v.month - 1) // 3 + 1')}]")
    elif char in "Ec" and (width >= 3 or char == "E"):
        context = "stand-alone" if char == "c" else "format"
        names = source.bind(_names(locale.days[context][_DAY_WIDTHS[max(3, width)]]))
        source.add(f"{names}[v.weekday()]")
    elif char == "a":
        am, pm = _period_names(locale, width)
        source.add(f"({source.bind(pm)} if v.hour >= 12 else {source.bind(am)})")
    elif char == "G":
        # Python dates are all in the common era (and the Buddhist and Persian calendars
        # have one era each): the era text is fixed per locale and calendar.
        era_width = _WIDTHS[max(3, width)]
        era = calendar_era(locale, source.calendar, era_width)
        source.literal(era if era is not None else str(locale.eras[era_width][1]))
    else:
        return False
    return True


_NUMERIC = {
    "y": "v.year",
    "u": "v.year",
    "M": "v.month",
    "L": "v.month",
    "d": "v.day",
    "H": "v.hour",
    "h": "(v.hour % 12 or 12)",
    "K": "(v.hour % 12)",
    "k": "(v.hour or 24)",
    "m": "v.minute",
    "s": "v.second",
    "Q": "((v.month - 1) // 3 + 1)",
    "q": "((v.month - 1) // 3 + 1)",
}


def _add_field(source: _Source, locale: Locale, char: str, width: int) -> None:
    if char in "yu" and width == 2:
        # Babel keeps the last two digits
        _add_padded(source, source.date_part("(v.year % 100)"), 2, below_100=True)
    elif char in _NUMERIC and (width <= 2 or char not in "MLQq"):
        expression = source.date_part(_NUMERIC[char])
        _add_padded(source, expression, width, below_100=char not in "yu")
    elif char == "S":
        scaled = f"int(round(v.microsecond / 1000000, {width}) * {10**width})"
        _add_padded(source, scaled, width, below_100=False)  # may round up to 10**width
    elif _add_text_field(source, locale, char, width):
        pass
    elif char in "bB":
        source.add(f"{source.bind(_day_period(locale, char * width))}(v)")
    elif char in "zZOvVxX":
        source.add(f"{source.bind(_zone(locale, char * width))}(v)")
    else:
        source.add(f"{source.bind(_delegate(locale, char * width))}(v)")


def _compile_tokens(pattern: str, tokens: list[Token], locale: Locale) -> CompiledPattern:
    source = _Source(locale_calendar(locale))
    for kind, token in tokens:
        if kind == "chars":
            source.literal(str(token))
            continue
        char, width = token
        allowed = PATTERN_CHARS[char]
        if allowed and width not in allowed:
            raise ValueError(f"Invalid length for field: {char * width!r}")
        _add_field(source, locale, char, width)
    render = source.function()
    # ICU writes dates in the locale's default digits (٢ يناير ٢٠٢٤ in ar-EG); names and
    # literals have no ASCII digits, so translating the whole text changes only numbers.
    digits = digit_table(resolve_numbering_system(locale, "default"))
    if digits is not None:
        latin = render
        render = lambda value: latin(value).translate(digits)  # noqa: E731
    return CompiledPattern(pattern, tokens, render)


def compile_pattern(pattern: str, locale: Locale) -> CompiledPattern:
    """Compile ``pattern`` for ``locale``; raise ``ValueError`` on invalid field lengths.

    >>> compile_pattern("EEE, d MMM y", Locale.parse("en")).apply(datetime.date(2024, 3, 5))
    'Tue, 5 Mar 2024'
    >>> compile_pattern("hh 'o''clock' a", Locale.parse("en")).apply(datetime.time(15, 30))
    "03 o'clock PM"
    """
    return _compile_tokens(pattern, tokenize_pattern(pattern), locale)


def splice(
    glue: str, time: CompiledPattern, date: CompiledPattern, locale: Locale
) -> CompiledPattern:
    """Join a time and a date pattern through a CLDR glue pattern (``{0}`` time, ``{1}`` date).

    Quotes are dropped from the glue as Babel does.

    >>> en = Locale.parse("en")
    >>> time, date = compile_pattern("h:mm a", en), compile_pattern("MMM d", en)
    >>> splice("{1} 'at' {0}", time, date, en).apply(datetime.datetime(2024, 3, 5, 14, 7))
    'Mar 5 at 2:07 PM'
    """
    tokens: list[Token] = []
    for part in _GLUE_SLOTS.split(glue.replace("'", "")):
        if part in ("{0}", "{1}"):
            tokens.extend(time.tokens if part == "{0}" else date.tokens)
        elif part:
            tokens.append(("chars", part))
    return _compile_tokens(glue, tokens, locale)
