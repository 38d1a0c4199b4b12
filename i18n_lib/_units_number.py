"""The locale's standard decimal format, compiled once, for numbers shown next to units."""

from __future__ import annotations

from decimal import Decimal
from functools import lru_cache

from babel import Locale

from i18n_lib._locale import to_locale
from i18n_lib._number_render import compile_number

__all__ = ["DecimalFormat", "decimal_format", "resolve_numbering_system"]

Number = int | float | Decimal


def resolve_numbering_system(locale: Locale, numbering_system: str) -> str:
    """The concrete numbering system: ``'default'`` becomes the locale's own."""
    if numbering_system == "default":
        return str(locale.default_numbering_system)
    return numbering_system


class DecimalFormat:
    """Format numbers as :func:`i18n_lib.format_decimal` does (ICU's symbols, digits and
    grouping); ``format`` also returns the visible number in ASCII, which is what CLDR
    plural rules must read ("1.0004" shown as "1" is singular)."""

    def __init__(self, locale: Locale, numbering_system: str) -> None:
        from i18n_lib.numbers import _decimal_pattern  # numbers imports plurals, not units

        self.locale = locale
        self.system = resolve_numbering_system(locale, numbering_system)
        self.text = _decimal_pattern(locale, None, numbering_system, True)
        low, high = self.text.min_frac, self.text.max_frac
        shown = "0." + "0" * low + "#" * (high - low) if high else "0"
        self.visible = compile_number(to_locale("en"), shown, "latn")

    def format(self, value: Number) -> tuple[str, str]:
        """Return the text and the visible absolute number (ASCII, ``.`` decimal point)."""
        return self.text.render(value, True), self.visible.render(value, False).lstrip("-")


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
