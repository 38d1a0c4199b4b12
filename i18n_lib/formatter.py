"""``LocaleFormatter``: every i18n_lib formatter bound to one locale and time zone."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from typing import Any

from i18n_lib import addresses, dates, lists, locales, money, names, numbers, plurals, units
from i18n_lib._locale import LocaleArg, locale_tag, to_locale

__all__ = ["LocaleFormatter"]


class LocaleFormatter:
    """Format values for one locale (and time zone).

    Method names are the module functions' names; the bound locale and time zone are filled
    in. Calls without options render with the domains' public compiled objects
    (:func:`numbers.number_format`, :func:`lists.list_joiner`, :func:`units.unit_formatter`,
    :func:`dates.locale_dates`),
    found in each domain's one cache: the facade keeps no cache of its own.

    >>> fmt = LocaleFormatter('de-DE', tz='Europe/Berlin')
    >>> fmt.format_decimal(1234.5), fmt.format_currency(9.5, 'EUR')
    ('1.234,5', '9,50\\xa0€')
    >>> fmt.format_datetime(datetime.datetime(2024, 1, 2, 15, 4, tzinfo=datetime.UTC))
    '02.01.2024, 16:04:00'
    >>> fmt.format_list(['a', 'b', 'c']), fmt.plural_category(1)
    ('a, b und c', 'one')
    """

    def __init__(self, locale: LocaleArg, tz: str | datetime.tzinfo | None = None) -> None:
        self.locale = to_locale(locale)
        self.tag = locale_tag(self.locale)
        # Module caches hash their locale argument: a str hashes in C, a Locale in Python.
        self._id = locale if isinstance(locale, str) else str(self.locale)
        self.tz = dates.get_timezone(tz) if tz is not None else None
        self._decimal = numbers.number_format(self._id)
        self._percent = numbers.number_format(self._id, "percent")
        self._dates = dates.locale_dates(self.locale)

    def __repr__(self) -> str:
        return f"LocaleFormatter({self.tag!r}, tz={self.tz!s})"

    # numbers
    def format_decimal(self, number: numbers.Number | str, **options: Any) -> str:
        """Format a decimal number (see :func:`i18n_lib.format_decimal`)."""
        if options:
            return numbers.format_decimal(number, self._id, **options)
        return self._decimal.render(number, True)

    def format_percent(self, number: numbers.Number | str, **options: Any) -> str:
        """Format a percentage (see :func:`i18n_lib.format_percent`)."""
        if options:
            return numbers.format_percent(number, self._id, **options)
        return self._percent.render(number, True)

    def format_currency(self, number: numbers.Number | str, currency: str, **options: Any) -> str:
        """Format an amount of ``currency`` (see :func:`i18n_lib.format_currency`)."""
        if options:
            return numbers.format_currency(number, currency, self._id, **options)
        return numbers.number_format(self._id, "currency", currency).render(number, True)

    def format_compact(self, number: numbers.Number, **options: Any) -> str:
        """Format a number compactly (see :func:`i18n_lib.format_compact`)."""
        return numbers.format_compact(number, self._id, **options)

    def format_scientific(self, number: numbers.Number | str, **options: Any) -> str:
        """Format in scientific notation (see :func:`i18n_lib.format_scientific`)."""
        return numbers.format_scientific(number, self._id, **options)

    def parse_number(self, text: str) -> Decimal:
        """Parse a number strictly (see :func:`i18n_lib.parse_number`)."""
        return self._decimal.parse(text)

    # money
    def format_money(self, value: money.Money, style: money.MoneyStyle = "standard") -> str:
        """Format :class:`i18n_lib.Money` (see :func:`i18n_lib.format_money`)."""
        if style == "standard":
            return self.format_currency(value.amount, value.currency)
        return money.format_money(value, self._id, style)

    def parse_money(self, text: str, currency: str | None = None) -> money.Money:
        """Parse an amount with its currency (see :func:`i18n_lib.parse_money`)."""
        return money.parse_money(text, self._id, currency)

    # lists and plurals
    def format_list(self, items: Sequence[str], style: lists.ListStyle = "standard") -> str:
        """Join items (see :func:`i18n_lib.format_list`)."""
        return lists.list_joiner(self._id, style)(items)

    def plural_category(self, number: numbers.Number | str, *, ordinal: bool = False) -> str:
        """Return the plural category (see :func:`i18n_lib.plural_category`)."""
        return plurals.plural_category(number, self._id, ordinal=ordinal)

    def plural_range_category(self, start: numbers.Number | str, end: numbers.Number | str) -> str:
        """Return the plural category of a range (see :func:`i18n_lib.plural_range_category`)."""
        return plurals.plural_range_category(start, end, self._id)

    # locales
    def fallback_chain(self) -> list[str]:
        """Return this locale's CLDR fallback chain (see :func:`i18n_lib.fallback_chain`)."""
        return locales.fallback_chain(self._id)

    def negotiate(self, available: Iterable[str], default: str | None = None) -> str | None:
        """Pick the best of ``available`` for this locale (see :func:`negotiate_locale`)."""
        return locales.negotiate_locale([self.tag], available, default)

    # dates and times
    def format_date(self, value: datetime.date, format: str = "medium") -> str:
        """Format a date (see :func:`i18n_lib.format_date`)."""
        if isinstance(value, datetime.datetime):
            value = value.date()
        compiled = self._dates.dates.get(format) or self._dates.date(format)
        return compiled.apply(value)

    def format_time(self, value: Any, format: str = "medium") -> str:
        """Format a time in the bound zone (see :func:`i18n_lib.format_time`)."""
        return dates.format_time(value, self._id, format=format, tzinfo=self.tz)

    def format_datetime(self, value: Any, format: str = "medium") -> str:
        """Format a datetime in the bound zone (see :func:`i18n_lib.format_datetime`)."""
        if isinstance(value, datetime.datetime):  # as dates.format_datetime does
            if value.tzinfo is None:
                value = value.replace(tzinfo=datetime.UTC)
            shown = value if self.tz is None else value.astimezone(self.tz)
        else:  # timestamps and times: the function's own conversion
            return dates.format_datetime(value, self._id, format=format, tzinfo=self.tz)
        compiled = self._dates.datetimes.get(format) or self._dates.datetime(format)
        return compiled.apply(shown)

    def format_skeleton(self, skeleton: str, value: Any) -> str:
        """Format with a CLDR skeleton such as ``yMMMd`` (see :func:`format_skeleton`)."""
        return dates.format_skeleton(skeleton, value, self._id, tzinfo=self.tz)

    def format_interval(self, start: Any, end: Any, skeleton: str | None = None) -> str:
        """Format a date/time interval (see :func:`i18n_lib.format_interval`)."""
        return dates.format_interval(start, end, self._id, skeleton=skeleton, tzinfo=self.tz)

    def format_relative(self, value: Any, now: datetime.datetime | None = None) -> str:
        """Format a time relative to now (see :func:`i18n_lib.format_relative`)."""
        return dates.format_relative(value, self._id, now=now)

    # person names
    def format_person_name(
        self, fields: Mapping[str, str] | names.PersonName, **options: Any
    ) -> str:
        """Format a person's name (see :func:`i18n_lib.format_person_name`)."""
        return names.format_person_name(fields, self._id, **options)

    # units
    def format_unit(self, value: numbers.Number, unit: str, **options: Any) -> str:
        """Format a measure (see :func:`i18n_lib.format_unit`)."""
        if options:
            return units.format_unit(value, unit, self._id, **options)
        return units.unit_formatter(self._id, unit).format(value)

    def measurement_system(self) -> str:
        """Return the locale's measurement system (see :func:`get_measurement_system`)."""
        return units.get_measurement_system(self._id)

    # addresses
    def format_address(self, address: Mapping[str, str], *, latin: bool = False) -> str:
        """Format a postal address for this reader (see :func:`i18n_lib.format_address`)."""
        return addresses.format_address(address, self._id, latin=latin)
