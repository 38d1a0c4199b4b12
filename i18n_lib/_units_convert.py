"""Exact conversion factors between common units and each measurement system's preferred units."""

from __future__ import annotations

from fractions import Fraction

__all__ = ["DIMENSIONS", "LINEAR_FACTORS", "SYSTEM_TARGETS", "TEMPERATURE_OFFSETS"]

# Factors to the dimension's base unit, exact by definition (international yard and pound
# of 1959, US liquid gallon of 231 in³, imperial gallon of 4.54609 L).
_INCH = Fraction("0.0254")
_POUND = Fraction("0.45359237")
_GALLON = Fraction(231) * _INCH**3 * 1000  # liters
_IMPERIAL_GALLON = Fraction("4.54609")

LINEAR_FACTORS: dict[str, Fraction] = {
    # length, to meters
    "kilometer": Fraction(1000), "meter": Fraction(1), "decimeter": Fraction(1, 10),
    "centimeter": Fraction(1, 100), "millimeter": Fraction(1, 1000),
    "micrometer": Fraction(1, 10**6), "nanometer": Fraction(1, 10**9),
    "mile": 63360 * _INCH, "yard": 36 * _INCH, "foot": 12 * _INCH, "inch": _INCH,
    "nautical-mile": Fraction(1852), "mile-scandinavian": Fraction(10000),
    # mass, to kilograms
    "tonne": Fraction(1000), "kilogram": Fraction(1), "gram": Fraction(1, 1000),
    "milligram": Fraction(1, 10**6), "microgram": Fraction(1, 10**9),
    "ton": 2000 * _POUND, "stone": 14 * _POUND, "pound": _POUND, "ounce": _POUND / 16,
    # volume, to liters
    "cubic-meter": Fraction(1000), "hectoliter": Fraction(100), "liter": Fraction(1),
    "deciliter": Fraction(1, 10), "centiliter": Fraction(1, 100),
    "milliliter": Fraction(1, 1000), "cubic-centimeter": Fraction(1, 1000),
    "gallon": _GALLON, "quart": _GALLON / 4, "pint": _GALLON / 8, "cup": _GALLON / 16,
    "fluid-ounce": _GALLON / 128, "tablespoon": _GALLON / 256, "teaspoon": _GALLON / 768,
    "gallon-imperial": _IMPERIAL_GALLON, "quart-imperial": _IMPERIAL_GALLON / 4,
    "fluid-ounce-imperial": _IMPERIAL_GALLON / 160,
    "cubic-foot": (12 * _INCH) ** 3 * 1000, "cubic-inch": _INCH**3 * 1000,
    # speed, to meters per second
    "meter-per-second": Fraction(1), "kilometer-per-hour": Fraction(1000, 3600),
    "mile-per-hour": 63360 * _INCH / 3600, "knot": Fraction(1852, 3600),
}  # fmt: skip

# Temperatures: kelvin = (value + offset) * scale.
TEMPERATURE_OFFSETS: dict[str, tuple[Fraction, Fraction]] = {
    "kelvin": (Fraction(0), Fraction(1)),
    "celsius": (Fraction("273.15"), Fraction(1)),
    "fahrenheit": (Fraction("459.67"), Fraction(5, 9)),
}

_LENGTHS = [
    "kilometer", "meter", "decimeter", "centimeter", "millimeter", "micrometer", "nanometer",
    "mile", "yard", "foot", "inch", "nautical-mile", "mile-scandinavian",
]  # fmt: skip
_MASSES = [
    "tonne", "kilogram", "gram", "milligram", "microgram", "ton", "stone", "pound", "ounce",
]  # fmt: skip
_SPEEDS = ["meter-per-second", "kilometer-per-hour", "mile-per-hour", "knot"]

#: The dimension of each convertible unit (short CLDR id).
DIMENSIONS: dict[str, str] = {}
DIMENSIONS.update(dict.fromkeys(_LENGTHS, "length"))
DIMENSIONS.update(dict.fromkeys(_MASSES, "mass"))
DIMENSIONS.update(dict.fromkeys(_SPEEDS, "speed"))
DIMENSIONS.update(dict.fromkeys(TEMPERATURE_OFFSETS, "temperature"))
DIMENSIONS.update({unit: "volume" for unit in LINEAR_FACTORS if unit not in DIMENSIONS})

_TO_METRIC = {
    "mile": "kilometer", "yard": "meter", "foot": "meter", "inch": "centimeter",
    "ton": "tonne", "stone": "kilogram", "pound": "kilogram", "ounce": "gram",
    "gallon": "liter", "gallon-imperial": "liter", "quart": "liter", "quart-imperial": "liter",
    "pint": "liter", "cup": "milliliter", "fluid-ounce": "milliliter",
    "fluid-ounce-imperial": "milliliter", "tablespoon": "milliliter", "teaspoon": "milliliter",
    "cubic-foot": "cubic-meter", "cubic-inch": "cubic-centimeter",
    "fahrenheit": "celsius", "mile-per-hour": "kilometer-per-hour",
}  # fmt: skip

# Larger, medium and small units map to their US counterparts (CLDR unitPreferenceData,
# "default" usage; volumes by "fluid" usage).
_TO_US = {
    "kilometer": "mile", "meter": "foot", "decimeter": "inch", "centimeter": "inch",
    "millimeter": "inch", "tonne": "ton", "kilogram": "pound", "gram": "ounce",
    "stone": "pound", "cubic-meter": "cubic-foot", "cubic-centimeter": "cubic-inch",
    "hectoliter": "gallon", "liter": "gallon", "deciliter": "cup", "centiliter": "fluid-ounce",
    "milliliter": "fluid-ounce", "gallon-imperial": "gallon", "quart-imperial": "quart",
    "fluid-ounce-imperial": "fluid-ounce", "celsius": "fahrenheit",
    "kilometer-per-hour": "mile-per-hour",
}  # fmt: skip

# The UK mix: road distances and speeds in miles, everything else metric.
_TO_UK = {
    **{
        unit: target for unit, target in _TO_METRIC.items() if unit not in ("mile", "mile-per-hour")
    },
    "kilometer": "mile",
    "kilometer-per-hour": "mile-per-hour",
}

SYSTEM_TARGETS: dict[str, dict[str, str]] = {"metric": _TO_METRIC, "US": _TO_US, "UK": _TO_UK}
