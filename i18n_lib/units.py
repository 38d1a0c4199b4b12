"""Format measurements per locale and convert them to the reader's measurement system."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from functools import lru_cache
from math import gcd
from typing import Literal

from babel import Locale
from babel.core import get_global
from babel.units import UnknownUnitError

from i18n_lib._locale import LocaleArg, to_locale
from i18n_lib._units_convert import (
    DIMENSIONS,
    LINEAR_FACTORS,
    SYSTEM_TARGETS,
    TEMPERATURE_OFFSETS,
)
from i18n_lib._units_plural import plural_rule
from i18n_lib.numbers import Number, NumberFormat, number_format

__all__ = [
    "MeasurementSystem",
    "UnitFormatter",
    "UnitLength",
    "convert_unit",
    "format_unit",
    "get_measurement_system",
    "resolve_unit",
    "unit_formatter",
]

MeasurementSystem = Literal["metric", "US", "UK"]
UnitLength = Literal["long", "short", "narrow"]

# CLDR 47 supplemental measurementData: territories off the metric system, and the
# territories whose temperatures differ from their system.
_SYSTEM_BY_TERRITORY: dict[str, MeasurementSystem] = {
    "GB": "UK",
    "LR": "US",
    "MM": "UK",
    "US": "US",
}
_TEMPERATURE_SYSTEM_BY_TERRITORY: dict[str, MeasurementSystem] = {
    "BS": "US", "BZ": "US", "KY": "US", "LR": "metric", "MM": "metric", "PR": "US", "PW": "US",
}  # fmt: skip


@lru_cache(maxsize=1)
def _long_ids() -> dict[str, str]:
    """Every unit id CLDR formats, short (``'kilometer'``) and long, to its long id."""
    index: dict[str, str] = {}
    for long_id in sorted(Locale.parse("en")._data["unit_patterns"], key=len):
        index.setdefault(long_id, long_id)
        index.setdefault(long_id.partition("-")[2], long_id)
    return index


def resolve_unit(unit: str) -> str:
    """Return the long CLDR id of ``unit`` (given short or long); ``ValueError`` if unknown.

    Babel sorts all its unit keys on every call with a short id; this looks up an index
    built once.

    >>> resolve_unit('kilometer')
    'length-kilometer'
    >>> resolve_unit('speed-mile-per-hour')
    'speed-mile-per-hour'
    >>> resolve_unit('furlongs-per-fortnight')
    Traceback (most recent call last):
        ...
    ValueError: unknown unit 'furlongs-per-fortnight'
    """
    long_id = _long_ids().get(unit)
    if long_id is None:
        raise ValueError(f"unknown unit {unit!r}")
    return long_id


def _short_id(unit: str) -> str:
    if unit in DIMENSIONS:
        return unit
    return resolve_unit(unit).partition("-")[2]


class UnitFormatter:
    """One unit compiled for one locale, length and numbering system: its plural patterns,
    the locale's number format and plural rule. Get it from :func:`unit_formatter`.

    The plural form is read from the number as shown (``1.0004`` shown as ``1`` is singular).
    """

    __slots__ = ("_plural", "_text", "_visible", "patterns")

    def __init__(self, locale: LocaleArg, long_id: str, length: str, numbering_system: str) -> None:
        loc = to_locale(locale)
        by_length = loc._data["unit_patterns"][long_id]
        if length not in ("long", "short", "narrow"):
            raise ValueError(f"unknown unit length {length!r}")
        # CLDR's root aliases the long and narrow lengths to short, pattern by pattern;
        # Babel ignores the alias and prints the bare unit id ("1 kilometer" in Afar).
        self.patterns: dict[str, str] = {}
        for source in ("short", length):
            patterns = by_length.get(source) or {}
            self.patterns.update((key, patterns[key]) for key in patterns if key != "per")
        if "other" not in self.patterns:
            raise UnknownUnitError(unit=f"{long_id}/{length}", locale=loc)
        self._text: NumberFormat = number_format(locale, numbering_system=numbering_system)
        low, high = self._text.min_frac, self._text.max_frac
        shown = "0." + "0" * low + "#" * (high - low) if high else "0"
        # The number as shown, in ASCII with a '.' decimal point: what plural rules read.
        self._visible = number_format("en", format=shown, numbering_system="latn")
        self._plural = plural_rule(loc)

    def format(self, value: Number) -> str:
        """Write ``value`` with the unit, in the plural form of the number shown.

        >>> unit_formatter('pl', 'kilometer').format(22)
        '22 kilometry'
        """
        text = self._text.render(value, True)
        visible = self._visible.render(value, False).lstrip("-")
        pattern = self.patterns.get(self._plural(visible)) or self.patterns["other"]
        return pattern.replace("{0}", text)


# The one cache of this module's formatters, keyed by everything that changes the output.
_FORMATTERS: dict[tuple[LocaleArg, str, str, str], UnitFormatter] = {}
_FORMATTER_LIMIT = 8192


def unit_formatter(
    locale: LocaleArg, unit: str, length: UnitLength = "long", numbering_system: str = "default"
) -> UnitFormatter:
    """The compiled :class:`UnitFormatter` of ``unit`` (short or long CLDR id) in ``locale``:
    what :func:`format_unit` and :class:`i18n_lib.LocaleFormatter` use, built once and kept.

    >>> unit_formatter('de', 'kilometer', 'short').format(1234.5)
    '1.234,5 km'
    """
    key = (locale, unit, length, numbering_system)
    formatter = _FORMATTERS.get(key)
    if formatter is None:
        formatter = UnitFormatter(locale, resolve_unit(unit), length, numbering_system)
        if len(_FORMATTERS) < _FORMATTER_LIMIT:
            _FORMATTERS[key] = formatter
    return formatter


@lru_cache(maxsize=1024)
def _territory(locale: LocaleArg) -> str:
    loc = to_locale(locale)
    if loc.territory:
        return str(loc.territory)
    likely = get_global("likely_subtags")
    for key in (f"{loc.language}_{loc.script}", loc.language):
        if key in likely:
            return str(likely[key]).split("_")[-1]
    return "001"


def get_measurement_system(locale: LocaleArg) -> MeasurementSystem:
    """The measurement system of the locale's region (CLDR ``measurementData``).

    A locale without a region uses its likely region (``en`` → US). Babel exposes only
    the display names of the systems, not which one a region uses.

    >>> get_measurement_system('en-US'), get_measurement_system('en-GB')
    ('US', 'UK')
    >>> get_measurement_system('de'), get_measurement_system('en'), get_measurement_system('es-419')
    ('metric', 'US', 'metric')
    """
    return _SYSTEM_BY_TERRITORY.get(_territory(locale), "metric")


def _system_for(locale: LocaleArg, dimension: str | None) -> MeasurementSystem:
    territory = _territory(locale)
    if dimension == "temperature" and territory in _TEMPERATURE_SYSTEM_BY_TERRITORY:
        return _TEMPERATURE_SYSTEM_BY_TERRITORY[territory]
    return _SYSTEM_BY_TERRITORY.get(territory, "metric")


@lru_cache(maxsize=1024)
def _affine(source: str, target: str) -> tuple[int, int, int]:
    """Integers ``p, q, r`` with ``target = (source * p + q) / r``, exactly."""
    if DIMENSIONS[source] == "temperature":
        source_offset, source_scale = TEMPERATURE_OFFSETS[source]
        target_offset, target_scale = TEMPERATURE_OFFSETS[target]
        slope = source_scale / target_scale
        intercept = source_offset * slope - target_offset
    else:
        slope, intercept = LINEAR_FACTORS[source] / LINEAR_FACTORS[target], Fraction(0)
    denominator = (
        slope.denominator * intercept.denominator // gcd(slope.denominator, intercept.denominator)
    )
    return (
        slope.numerator * (denominator // slope.denominator),
        intercept.numerator * (denominator // intercept.denominator),
        denominator,
    )


def convert_unit(value: Number, from_unit: str, to_unit: str) -> Number:
    """Convert between length, mass, volume, temperature or speed units with exact factors.

    Units are CLDR ids, short or long. The factors are exact fractions (international
    yard and pound, US and imperial gallons); ``int`` and ``Decimal`` values give a
    ``Decimal`` (exact when the result fits the decimal context's 28 digits), floats give a
    float. Different dimensions raise ``ValueError``.

    >>> from decimal import Decimal
    >>> convert_unit(Decimal('5'), 'mile', 'kilometer')
    Decimal('8.04672')
    >>> convert_unit(100, 'celsius', 'temperature-fahrenheit')
    Decimal('212')
    >>> convert_unit(1.0, 'gallon', 'liter')
    3.785411784
    >>> convert_unit(1, 'kilogram', 'liter')
    Traceback (most recent call last):
        ...
    ValueError: cannot convert mass (kilogram) to volume (liter)
    """
    source, target = _short_id(from_unit), _short_id(to_unit)
    source_dimension, target_dimension = DIMENSIONS.get(source), DIMENSIONS.get(target)
    if source_dimension is None or target_dimension is None:
        unknown = from_unit if source_dimension is None else to_unit
        raise ValueError(f"no conversion factors for unit {unknown!r}")
    if source_dimension != target_dimension:
        raise ValueError(
            f"cannot convert {source_dimension} ({source}) to {target_dimension} ({target})"
        )
    p, q, r = _affine(source, target)
    if isinstance(value, float):
        return (value * p + q) / r
    number = value if isinstance(value, Decimal) else Decimal(value)
    return (number * p + q) / r


@lru_cache(maxsize=4096)
def _target_unit(unit: str, system: str) -> str | None:
    short = _short_id(unit)
    return SYSTEM_TARGETS[system].get(short)


def format_unit(
    value: Number,
    unit: str,
    locale: LocaleArg,
    *,
    length: UnitLength = "long",
    measurement_system: MeasurementSystem | Literal["locale"] | None = None,
    numbering_system: str = "default",
) -> str:
    """Format a measurement, optionally converted to a measurement system first.

    ``unit`` is a CLDR unit id, short (``'kilometer'``) or long (``'length-kilometer'``).
    ``measurement_system=None`` formats the value as given; ``'locale'`` converts to the
    system of the locale's region (``en-US``: miles, °F, pounds, gallons, mph; ``en-GB``:
    miles and mph, otherwise metric; elsewhere metric), or name ``'metric'``, ``'US'`` or
    ``'UK'``. Units without a counterpart in the target system are left alone.

    Digits follow the locale's numbering system like :func:`i18n_lib.numbers.format_decimal`
    (pass ``numbering_system='latn'`` for Babel's ASCII digits). The plural form is chosen
    from the number as displayed, so ``1.0004`` shown as ``1`` reads "1 kilometer" (Babel
    says "1 kilometers").

    >>> format_unit(12, 'length-meter', 'ro-RO')
    '12 metri'
    >>> format_unit(15.5, 'mile', 'fi_FI')
    '15,5 mailia'
    >>> format_unit(10, 'kilometer', 'en-US', measurement_system='locale')
    '6.214 miles'
    >>> format_unit(20, 'celsius', 'en-US', length='short', measurement_system='locale')
    '68°F'
    >>> format_unit(100, 'kilometer-per-hour', 'en-GB', length='short', measurement_system='locale')
    '62.137 mph'
    >>> format_unit(1234.5, 'kilogram', 'ar-EG')
    '١٬٢٣٤٫٥ كيلوغرام'
    """
    if measurement_system is not None:
        short = _short_id(unit)
        if measurement_system == "locale":
            system = _system_for(locale, DIMENSIONS.get(short))
        elif measurement_system in SYSTEM_TARGETS:
            system = measurement_system
        else:
            raise ValueError(f"unknown measurement system {measurement_system!r}")
        target = _target_unit(short, system)
        if target is not None:
            value = convert_unit(value, short, target)
            unit = target
    formatter = _FORMATTERS.get((locale, unit, length, numbering_system))
    if formatter is None:
        formatter = unit_formatter(locale, unit, length, numbering_system)
    return formatter.format(value)
