"""Formatting per locale on Babel: locales, plurals, numbers, money, dates, units, lists,
names, addresses."""

from __future__ import annotations

from i18n_lib._locale import (
    LocaleArg,
    locale_tag,
    to_locale,
)
from i18n_lib.addresses import (
    AddressTemplate,
    format_address,
    normalize_address,
    validate_address,
)
from i18n_lib.dates import (
    TzArg,
    format_date,
    format_datetime,
    format_interval,
    format_relative,
    format_skeleton,
    format_time,
    get_timezone,
)
from i18n_lib.formatter import (
    LocaleFormatter,
)
from i18n_lib.lists import (
    ListStyle,
    format_list,
)
from i18n_lib.locales import (
    LanguageTag,
    add_likely_subtags,
    fallback_chain,
    negotiate_locale,
    parse_accept_language,
    parse_tag,
    remove_likely_subtags,
)
from i18n_lib.money import (
    CurrencyMismatchError,
    Money,
    MoneyStyle,
    format_money,
    minor_unit_digits,
    parse_money,
)
from i18n_lib.names import (
    PersonName,
    format_person_name,
    person_names_cldr_version,
)
from i18n_lib.numbers import (
    CurrencyFormatType,
    Number,
    currency_digits,
    currency_symbol,
    format_compact,
    format_currency,
    format_decimal,
    format_percent,
    format_scientific,
    parse_number,
)
from i18n_lib.plurals import (
    PluralCategory,
    PluralOperands,
    plural_categories,
    plural_category,
    plural_operands,
    plural_range_category,
)
from i18n_lib.units import (
    MeasurementSystem,
    UnitLength,
    convert_unit,
    format_unit,
    get_measurement_system,
    resolve_unit,
)

__all__ = [
    "AddressTemplate",
    "CurrencyFormatType",
    "CurrencyMismatchError",
    "LanguageTag",
    "ListStyle",
    "LocaleArg",
    "LocaleFormatter",
    "MeasurementSystem",
    "Money",
    "MoneyStyle",
    "Number",
    "PersonName",
    "PluralCategory",
    "PluralOperands",
    "TzArg",
    "UnitLength",
    "add_likely_subtags",
    "convert_unit",
    "currency_digits",
    "currency_symbol",
    "fallback_chain",
    "format_address",
    "format_compact",
    "format_currency",
    "format_date",
    "format_datetime",
    "format_decimal",
    "format_interval",
    "format_list",
    "format_money",
    "format_percent",
    "format_person_name",
    "format_relative",
    "format_scientific",
    "format_skeleton",
    "format_time",
    "format_unit",
    "get_measurement_system",
    "get_timezone",
    "locale_tag",
    "minor_unit_digits",
    "negotiate_locale",
    "normalize_address",
    "parse_accept_language",
    "parse_money",
    "parse_number",
    "parse_tag",
    "person_names_cldr_version",
    "plural_categories",
    "plural_category",
    "plural_operands",
    "plural_range_category",
    "remove_likely_subtags",
    "resolve_unit",
    "to_locale",
    "validate_address",
]
