"""Money: exact amounts in ISO 4217 minor units, safe arithmetic, formatting and strict parsing."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import ROUND_HALF_EVEN, Decimal
from functools import lru_cache
from typing import Literal

from babel.core import get_global
from babel.numbers import get_territory_currencies

from i18n_lib._locale import LocaleArg, locale_extensions, to_locale
from i18n_lib.numbers import currency_digits, currency_symbol, format_currency, parse_number

__all__ = [
    "CurrencyMismatchError",
    "Money",
    "MoneyStyle",
    "format_money",
    "local_currency",
    "minor_unit_digits",
    "parse_money",
]

MoneyStyle = Literal["standard", "accounting", "name", "code", "narrow"]

# ISO 4217 minor units where they differ from CLDR's display digits (Babel's answer):
# CLDR shows these without decimals, but amounts are kept and exchanged in ISO minor units.
_ISO_MINOR_UNITS_OVERRIDES = {
    "IQD": 3, "AFN": 2, "ALL": 2, "IRR": 2, "KPW": 2, "LAK": 2, "LBP": 2, "MGA": 2,
    "MMK": 2, "RSD": 2, "SOS": 2, "SYP": 2, "YER": 2,
}  # fmt: skip
_CODE = re.compile(r"[A-Z]{3}")


class CurrencyMismatchError(ValueError):
    """Raised when an operation mixes two currencies."""


def minor_unit_digits(currency: str) -> int:
    """Return the ISO 4217 minor-unit digits of ``currency`` (not CLDR's display digits).

    >>> minor_unit_digits('USD'), minor_unit_digits('JPY'), minor_unit_digits('BHD')
    (2, 0, 3)
    >>> minor_unit_digits('IQD')  # CLDR (and Babel) display 0 digits
    3
    """
    return _ISO_MINOR_UNITS_OVERRIDES.get(currency, currency_digits(currency))


def _is_known(code: str) -> bool:
    return code in get_global("all_currencies")


@dataclass(frozen=True, slots=True)
class Money:
    """An exact ``amount`` of an ISO 4217 ``currency``; arithmetic refuses to mix currencies.

    >>> Money('19.99', 'eur') + Money('0.01', 'EUR')
    Money(amount=Decimal('20.00'), currency='EUR')
    >>> Money.from_minor_units(12345, 'USD').amount
    Decimal('123.45')
    >>> Money('1.5', 'USD') + Money(1, 'EUR')
    Traceback (most recent call last):
    ...
    i18n_lib.money.CurrencyMismatchError: cannot combine USD and EUR
    """

    amount: Decimal
    currency: str

    def __init__(self, amount: Decimal | int | str, currency: str) -> None:
        if isinstance(amount, float):
            raise TypeError("use Decimal, int or str for money, not float")
        code = currency.upper()
        if not _CODE.fullmatch(code) or not _is_known(code):
            raise ValueError(f"unknown currency {currency!r}")
        object.__setattr__(self, "amount", Decimal(amount))
        object.__setattr__(self, "currency", code)
        if not self.amount.is_finite():
            raise ValueError("money amounts are finite")

    @classmethod
    def from_minor_units(cls, units: int, currency: str) -> Money:
        """Build from an integer count of ISO 4217 minor units (cents, fils, …).

        >>> Money.from_minor_units(1234, 'IQD')
        Money(amount=Decimal('1.234'), currency='IQD')
        """
        code = currency.upper()
        return cls(Decimal(units).scaleb(-minor_unit_digits(code)), code)

    def to_minor_units(self) -> int:
        """Return the amount as an integer of ISO 4217 minor units; refuses to round.

        >>> Money('123.45', 'USD').to_minor_units()
        12345
        """
        scaled = self.amount.scaleb(minor_unit_digits(self.currency))
        if scaled != scaled.to_integral_value():
            raise ValueError(f"{self.amount} {self.currency} has sub-minor-unit digits")
        return int(scaled)

    def round(self, rounding: str = ROUND_HALF_EVEN) -> Money:
        """Round to the currency's ISO minor units with an explicit ``decimal`` rounding mode.

        >>> Money('2.675', 'USD').round().amount
        Decimal('2.68')
        """
        quantum = Decimal(1).scaleb(-minor_unit_digits(self.currency))
        return Money(self.amount.quantize(quantum, rounding=rounding), self.currency)

    def convert(
        self, currency: str, rate: Decimal | int | str, *, rounding: str = ROUND_HALF_EVEN
    ) -> Money:
        """Convert with a caller-given ``rate`` (units of ``currency`` per unit of this one),
        rounded to the target's minor units.

        >>> Money('10.00', 'USD').convert('JPY', '151.237')
        Money(amount=Decimal('1512'), currency='JPY')
        """
        return Money(self.amount * Decimal(rate), currency).round(rounding)

    def _same(self, other: object) -> Money:
        if not isinstance(other, Money):
            raise TypeError(f"cannot combine Money with {type(other).__name__}")
        if other.currency != self.currency:
            raise CurrencyMismatchError(f"cannot combine {self.currency} and {other.currency}")
        return other

    def __add__(self, other: Money) -> Money:
        return Money(self.amount + self._same(other).amount, self.currency)

    def __radd__(self, other: int) -> Money:
        if other == 0:  # lets sum() start from 0
            return self
        return NotImplemented

    def __sub__(self, other: Money) -> Money:
        return Money(self.amount - self._same(other).amount, self.currency)

    def __mul__(self, factor: Decimal | int) -> Money:
        if isinstance(factor, Money | float):
            return NotImplemented
        return Money(self.amount * factor, self.currency)

    __rmul__ = __mul__

    def __neg__(self) -> Money:
        return Money(-self.amount, self.currency)

    def __lt__(self, other: Money) -> bool:
        return self.amount < self._same(other).amount

    def __le__(self, other: Money) -> bool:
        return self.amount <= self._same(other).amount

    def __gt__(self, other: Money) -> bool:
        return self.amount > self._same(other).amount

    def __ge__(self, other: Money) -> bool:
        return self.amount >= self._same(other).amount


def format_money(
    money: Money,
    locale: LocaleArg,
    style: MoneyStyle = "standard",
    *,
    numbering_system: str = "default",
) -> str:
    """Format ``money`` in ``locale`` with ICU currency spacing (CLDR display digits).

    >>> format_money(Money('1.5', 'CHF'), 'en')
    'CHF\\xa01.50'
    >>> format_money(Money('-5', 'USD'), 'en-US', 'accounting')
    '($5.00)'
    >>> format_money(Money('1234.5', 'EUR'), 'fr-FR', 'code')
    '1\\u202f234,50\\xa0EUR'
    >>> format_money(Money('2', 'GBP'), 'en', 'name')
    '2.00 British pounds'
    """
    return format_currency(
        money.amount,
        money.currency,
        locale,
        format_type=style,
        numbering_system=numbering_system,
    )


@lru_cache(maxsize=512)
def local_currency(locale: LocaleArg) -> str | None:
    """The currency of ``locale``, as ICU's default currency for it: the BCP 47 ``-u-cu-``
    keyword if the tag has one, else the current tender of its region; None when the tag
    names no region (ICU formats ``¤``/``XXX`` there) or the region has no tender.

    >>> local_currency('de-CH'), local_currency('de-CH-u-cu-eur'), local_currency('ja')
    ('CHF', 'EUR', None)
    """
    keyword = locale_extensions(locale).get("cu")
    if keyword is not None:
        code = keyword.upper()
        if not _is_known(code):
            raise ValueError(f"unknown currency {keyword!r} in the locale tag {locale!r}")
        return code
    region = to_locale(locale).territory
    tender = get_territory_currencies(region) if region else []
    return tender[0] if tender else None


@lru_cache(maxsize=512)
def _symbols_of(locale: LocaleArg) -> dict[str, str]:
    """Map every currency symbol and narrow symbol of ``locale`` to its code, the locale's
    own currency (its ``-u-cu-`` keyword or region's) winning when a symbol (``$``) is
    shared."""
    loc = to_locale(locale)
    own = get_territory_currencies(loc.territory) if loc.territory else []
    local = local_currency(locale)
    if local is not None:
        own = [local, *own]
    table: dict[str, str] = {}
    for code in list(loc.currency_symbols):
        for symbol in {currency_symbol(code, loc), currency_symbol(code, loc, narrow=True)}:
            if symbol != code and (symbol not in table or code in own):
                table[symbol] = code
    return table


def _strip_currency(text: str, locale: LocaleArg, currency: str | None) -> tuple[str, str]:
    codes = _CODE.findall(text)
    if codes:
        found = codes[0]
        return text.replace(found, "", 1), found
    candidates = _symbols_of(locale)
    if currency is not None:
        loc = to_locale(locale)
        wanted = {currency_symbol(currency, loc), currency_symbol(currency, loc, narrow=True)}
        candidates = {**candidates, **dict.fromkeys(wanted, currency)}
    for symbol in sorted(candidates, key=len, reverse=True):
        if symbol in text and (currency is None or candidates[symbol] == currency):
            return text.replace(symbol, "", 1), candidates[symbol]
    raise ValueError(f"no currency symbol or code in {text!r}")


def parse_money(text: str, locale: LocaleArg, currency: str | None = None) -> Money:
    """Parse an amount with its currency symbol or code, strictly (see ``parse_number``).

    ``currency`` names the expected currency: a different code in the text is an error.
    Accounting parentheses mean a negative amount.

    >>> parse_money('1.234,56 €', 'de-DE')
    Money(amount=Decimal('1234.56'), currency='EUR')
    >>> parse_money('CHF 1,234.50', 'en')
    Money(amount=Decimal('1234.50'), currency='CHF')
    >>> parse_money('($5.00)', 'en-US')
    Money(amount=Decimal('-5.00'), currency='USD')
    >>> parse_money('1,234.56 €', 'de-DE')
    Traceback (most recent call last):
    ...
    ValueError: '1,234.56' is not a number in de_DE
    """
    expected = currency.upper() if currency else None
    rest, found = _strip_currency(text, locale, expected)
    if expected is not None and found != expected:
        raise ValueError(f"expected {expected}, found {found} in {text!r}")
    rest = rest.strip(" \xa0\u202f\u200e\u200f")
    negative = rest.startswith("(") and rest.endswith(")")
    if negative:
        rest = rest[1:-1].strip(" \xa0\u202f")
    amount = parse_number(rest, locale)
    return Money(-amount if negative else amount, found)
