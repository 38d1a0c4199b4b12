"""The locale's standard decimal format, compiled once, for numbers shown next to units."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from functools import lru_cache

from babel import Locale
from babel.numbers import format_decimal, get_decimal_symbol, get_group_symbol

__all__ = ["DecimalFormat", "decimal_format", "resolve_numbering_system"]

Number = int | float | Decimal

# Zero digit of each numbering system a CLDR locale uses by default (digits are consecutive).
_ZERO_DIGITS = {
    "adlm": 0x1E950, "arab": 0x0660, "arabext": 0x06F0, "beng": 0x09E6, "cakm": 0x11136,
    "deva": 0x0966, "hmnp": 0x1E140, "mtei": 0xABF0, "mymr": 0x1040, "nkoo": 0x07C0,
    "olck": 0x1C50, "tibt": 0x0F20,
}  # fmt: skip


def resolve_numbering_system(locale: Locale, numbering_system: str) -> str:
    """The concrete numbering system: ``'default'`` becomes the locale's own."""
    if numbering_system == "default":
        return str(locale.default_numbering_system)
    return numbering_system


class DecimalFormat:
    """Format numbers as Babel's ``format_decimal`` with the locale's standard pattern.

    Digits follow the numbering system (Babel keeps ASCII digits even when it uses the
    system's symbols). ``format`` also returns the visible number in ASCII, which is what
    CLDR plural rules must read ("1.0004" shown as "1" is singular).
    """

    def __init__(self, locale: Locale, numbering_system: str) -> None:
        self.locale = locale
        self.system = resolve_numbering_system(locale, numbering_system)
        pattern = locale.decimal_formats[None]
        self.primary, self.secondary = pattern.grouping
        self.min_frac, max_frac = pattern.frac_prec
        self.quantum = Decimal(1).scaleb(-max_frac)
        self.max_frac = max_frac
        self.simple = (
            not pattern.exp_prec
            and "@" not in pattern.pattern
            and pattern.scale == 0
            and pattern.int_prec[0] == 1
        )
        self.prefixes, self.suffixes = pattern.prefix, pattern.suffix
        self.group = get_group_symbol(locale, numbering_system=self.system)
        self.decimal = get_decimal_symbol(locale, numbering_system=self.system)
        zero = _ZERO_DIGITS.get(self.system)
        self.digits = None if zero is None else {48 + i: chr(zero + i) for i in range(10)}

    def _grouped(self, integer: str) -> str:
        size = self.primary
        if len(integer) <= size:
            return integer
        groups = [integer[-size:]]
        integer = integer[:-size]
        size = self.secondary
        while len(integer) > size:
            groups.append(integer[-size:])
            integer = integer[:-size]
        groups.append(integer)
        return self.group.join(reversed(groups))

    def _babel(self, value: Number) -> tuple[str, str]:
        text = format_decimal(value, locale=self.locale, numbering_system=self.system)
        visible = format_decimal(value, format="0.###", locale="en").lstrip("-")
        return self._native(text), visible

    def _native(self, text: str) -> str:
        return text if self.digits is None else text.translate(self.digits)

    def _short_float(self, value: float) -> bool:
        text = repr(value)
        return "e" not in text and "n" not in text and len(text.partition(".")[2]) <= self.max_frac

    def format(self, value: Number) -> tuple[str, str]:
        """Return the text and the visible absolute number (ASCII, ``.`` decimal point)."""
        if type(value) is int and self.simple:
            negative = value < 0
            visible = str(-value if negative else value)
            text = self._grouped(visible)
        elif type(value) is float and self.simple and self._short_float(value):
            # repr() is the shortest exact decimal of the float, as Babel's Decimal(str(x)):
            # with no more digits than the pattern keeps, nothing needs rounding.
            negative = value < 0 or (value == 0 and str(value)[0] == "-")
            integer, _, fraction = repr(abs(value)).partition(".")
            fraction = fraction.rstrip("0")
            if len(fraction) < self.min_frac:
                fraction += "0" * (self.min_frac - len(fraction))
            visible = f"{integer}.{fraction}" if fraction else integer
            text = self._grouped(integer)
            if fraction:
                text += self.decimal + fraction
        else:
            number = value if isinstance(value, Decimal) else Decimal(str(value))
            if not self.simple or not number.is_finite():
                return self._babel(value)
            negative = number.is_signed()
            try:
                rounded = abs(number).quantize(self.quantum)
            except InvalidOperation:  # more digits than the decimal context holds
                return self._babel(value)
            integer, _, fraction = f"{rounded:f}".partition(".")
            fraction = fraction.rstrip("0")
            if len(fraction) < self.min_frac:
                fraction += "0" * (self.min_frac - len(fraction))
            visible = f"{integer}.{fraction}" if fraction else integer
            text = self._grouped(integer)
            if fraction and self.max_frac:
                text += self.decimal + fraction
        text = self.prefixes[negative] + text + self.suffixes[negative]
        return self._native(text), visible


@lru_cache(maxsize=1024)
def decimal_format(locale: Locale, numbering_system: str) -> DecimalFormat:
    """The cached :class:`DecimalFormat` of a locale and numbering system.

    >>> decimal_format(Locale.parse('de_CH'), 'default').format(-1234.5678)
    ('-1’234.568', '1234.568')
    >>> decimal_format(Locale.parse('ar_EG'), 'default').format(1234.5)
    ('١٬٢٣٤٫٥', '1234.5')
    >>> decimal_format(Locale.parse('hi'), 'latn').format(1234567)
    ('12,34,567', '1234567')
    """
    return DecimalFormat(locale, numbering_system)
