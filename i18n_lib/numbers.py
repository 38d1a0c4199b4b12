"""Decimal, percent, currency, compact and scientific numbers, and strict number parsing."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Hashable
from dataclasses import replace
from decimal import Decimal
from typing import Any, Literal, TypeVar, cast

from babel import Locale
from babel import numbers as babel_numbers

from i18n_lib._cldr_extra import cldr_value
from i18n_lib._locale import LocaleArg, to_locale
from i18n_lib._number_render import (
    NumberFormat,
    compile_number,
    digit_table,
    resolve_numbering_system,
)
from i18n_lib.plurals import plural_category

__all__ = [
    "CurrencyFormatType",
    "Number",
    "NumberFormat",
    "NumberStyle",
    "currency_digits",
    "currency_symbol",
    "format_compact",
    "format_currency",
    "format_decimal",
    "format_percent",
    "format_scientific",
    "number_format",
    "parse_number",
]

Number = int | float | Decimal
CurrencyFormatType = Literal["standard", "accounting", "name", "code", "narrow"]
#: What :func:`number_format` compiles: a plain number, a percentage, or an amount of a
#: currency with its symbol (``currency``), accounting negatives, ISO code or narrow symbol.
NumberStyle = Literal["decimal", "percent", "currency", "accounting", "code", "narrow"]

# The one cache of this module: compiled formats, compact tables and currency names, keyed
# by everything that changes the output (the caller's locale argument as given: a str
# hashes in C; a format with every option at its default is keyed by (locale, style,
# currency) alone). Bounded: callers may pass many Locale objects or patterns of their own.
# Format keys are 3- or 8-tuples; the others are tagged tuples of lengths 4 and 5, so that
# no two kinds of entry can share a key.
_CACHE: dict[Hashable, Any] = {}
_CACHE_LIMIT = 8192
_T = TypeVar("_T")


def _memo(key: Hashable, build: Callable[[], _T]) -> _T:
    found = _CACHE.get(key)
    if found is None:
        found = build()
        if len(_CACHE) < _CACHE_LIMIT:
            _CACHE[key] = found
    return cast(_T, found)


def number_format(
    locale: LocaleArg,
    style: NumberStyle = "decimal",
    currency: str | None = None,
    *,
    format: str | None = None,
    numbering_system: str = "default",
    decimal_quantization: bool = True,
    currency_digits: bool = True,
    currency_spacing: bool = True,
) -> NumberFormat:
    """The compiled format of ``style`` in ``locale``, built once and kept: what
    :func:`format_decimal`, :func:`format_percent`, :func:`format_currency`,
    :func:`format_compact`, :func:`parse_number` and :class:`i18n_lib.LocaleFormatter` use
    (:func:`format_scientific` is Babel's).

    The options are those of :func:`format_decimal`, :func:`format_percent` and
    :func:`format_currency` (``style`` is the currency's ``format_type``, ``'currency'``
    for ``'standard'``); ``currency`` is required for the currency styles.

    >>> number_format('de-CH').render(-1234.5, True)
    '-1’234.5'
    >>> number_format('de-CH', 'currency', 'CHF').render(-1234.5, True)
    'CHF-1’234.50'
    >>> number_format('fr').parse('1 234,5')
    Decimal('1234.5')
    """
    if (
        format is None and numbering_system == "default" and decimal_quantization
        and currency_digits and currency_spacing
    ):  # fmt: skip
        key: tuple[object, ...] = (locale, style, currency)  # the defaults: a cheaper key
    else:
        key = (locale, style, currency, format, numbering_system, decimal_quantization,
               currency_digits, currency_spacing)  # fmt: skip
    found: NumberFormat | None = _CACHE.get(key)
    if found is not None:
        return found
    compiled = _compile(
        locale, style, currency, format, numbering_system, decimal_quantization,
        currency_digits, currency_spacing,
    )  # fmt: skip
    if len(_CACHE) < _CACHE_LIMIT:
        _CACHE[key] = compiled
    return compiled


def _compile(
    locale: LocaleArg,
    style: str,
    currency: str | None,
    format: str | None,
    numbering_system: str,
    quantize: bool,
    use_currency_digits: bool,
    spacing: bool,
) -> NumberFormat:
    loc = to_locale(locale)
    system = resolve_numbering_system(loc, numbering_system)
    if style == "decimal":
        pattern = format or _default_pattern(loc, system, "decimal", loc.decimal_formats[None])
        return compile_number(loc, pattern, numbering_system, quantize=quantize)
    if style == "percent":
        pattern = format or _default_pattern(loc, system, "percent", loc.percent_formats[None])
        return compile_number(loc, pattern, numbering_system, quantize=quantize)
    if currency is None or style not in ("currency", "accounting", "code", "narrow"):
        raise ValueError(f"unknown number style {style!r} (or no currency given)")
    return _compile_currency(loc, system, currency, format, style, use_currency_digits, spacing)


def _default_pattern(loc: Locale, system: str, kind: str, babel_pattern: object) -> str:
    """CLDR's pattern of ``kind`` for the numbering system (Babel has only the Latin ones)."""
    found = cldr_value(loc, f"pat.{system}.{kind}") or cldr_value(loc, f"pat.latn.{kind}")
    return found or str(getattr(babel_pattern, "pattern", babel_pattern))


def _currency_default(loc: Locale, system: str, kind: str, symbol: str) -> str:
    """The currency pattern; its ``alphaNextToNumber`` variant where a letter of the symbol
    would touch the digits (``USD 1.00`` in es-MX, as ICU does)."""
    babel_kind = "accounting" if kind == "accounting" else "standard"
    pattern = _default_pattern(loc, system, kind, loc.currency_formats[babel_kind])
    positive = pattern.split(";")[0]
    at = positive.find("¤")
    before = positive[at + 1 : at + 2] in ("#", "0")  # ¤ right before the digits
    after = at > 0 and positive[at - 1] in ("#", "0")  # ¤ right after them
    edge = symbol[-1] if before else symbol[0]
    if (before or after) and unicodedata.category(edge)[0] not in "SZ":
        return cldr_value(loc, f"pat.{system}.{kind}-alpha") or pattern
    return pattern


def currency_digits(currency: str) -> int:
    """Return CLDR's number of display decimals for ``currency`` (Babel's answer).

    >>> currency_digits('JPY'), currency_digits('BHD'), currency_digits('EUR')
    (0, 3, 2)
    """
    return babel_numbers.get_currency_precision(currency)


def currency_symbol(currency: str, locale: LocaleArg, *, narrow: bool = False) -> str:
    """Return the symbol of ``currency`` in ``locale``; ``narrow`` gives CLDR's narrow one.

    Symbols are read from CLDR (``_cldr_extra.json``): Babel has no narrow symbols, and
    its symbols differ from CLDR's in 140 locales (``ps``: ``US$`` for ``$``). A narrow
    symbol falls back to the symbol where CLDR has none (``fr``: ``$``; ``ar-EG``: ``US$``).

    >>> currency_symbol('USD', 'en-CA'), currency_symbol('USD', 'en-CA', narrow=True)
    ('US$', '$')
    """
    loc = to_locale(locale)
    # CLDR's symbol (Babel's differs in 140 locales: ps USD 'US$' where CLDR and ICU say '$').
    symbol = cldr_value(loc, f"cur.{currency}") or str(loc.currency_symbols.get(currency, currency))
    if narrow:
        return cldr_value(loc, f"narrow.{currency}") or symbol
    return symbol


def _compile_currency(
    loc: Locale,
    system: str,
    currency: str,
    format: str | None,
    style: str,
    use_currency_digits: bool,
    spacing: bool,
) -> NumberFormat:
    if style == "code":
        symbol = currency
    else:
        symbol = currency_symbol(currency, loc, narrow=style == "narrow")
    kind = "accounting" if style == "accounting" else "currency"
    if format is None and not spacing:  # Babel's output: its pattern, no alpha variant
        format = loc.currency_formats[kind if kind == "accounting" else "standard"].pattern
    pattern = format or _currency_default(loc, system, kind, symbol)
    parsed = babel_numbers.parse_pattern(pattern)
    digits = currency_digits(currency) if use_currency_digits else parsed.frac_prec[0]
    compiled = compile_number(
        loc, parsed, system, currency=(symbol, digits), currency_spacing=spacing
    )
    if not use_currency_digits:
        compiled = replace(compiled, max_frac=parsed.frac_prec[1])
    if format is None and spacing:
        babel_kind = "accounting" if kind == "accounting" else "standard"
        plain = _default_pattern(loc, system, kind, loc.currency_formats[babel_kind])
        special = compile_number(loc, plain, system, currency=(symbol, digits))
        if (special.prefixes, special.suffixes) != (compiled.prefixes, compiled.suffixes):
            affixes = (special.prefixes, special.suffixes)
            compiled = replace(compiled, special_affixes=affixes)
    return compiled


def _currency_name_parts(locale: LocaleArg, currency: str, category: str) -> tuple[str, str]:
    """The currency-name pattern (``{0} {1}``) and the currency's name for ``category``."""

    def build() -> tuple[str, str]:
        loc = to_locale(locale)
        unit_patterns = loc._data["currency_unit_patterns"]
        pattern = unit_patterns.get(category) or unit_patterns["other"]
        names = loc._data["currency_names_plural"].get(currency, {})
        name = names.get(category) or names.get("other") or loc.currencies.get(currency, currency)
        return str(pattern), str(name)

    return _memo(("currency-name", locale, currency, category), build)


def format_decimal(
    number: Number | str,
    locale: LocaleArg,
    *,
    format: str | None = None,
    decimal_quantization: bool = True,
    group_separator: bool = True,
    numbering_system: str = "default",
) -> str:
    """Format a decimal number, as Babel does, in the locale's own digits by default.

    Babel formats with Latin digits unless told otherwise; we follow the locale's default
    numbering system (pass ``numbering_system='latn'`` for Babel's output).

    >>> format_decimal(1234.5, 'en-US')
    '1,234.5'
    >>> format_decimal(1234.5, 'de_DE')
    '1.234,5'
    >>> format_decimal(1234.5, 'ar-EG')
    '١٬٢٣٤٫٥'
    >>> format_decimal(1234.5, 'ar-EG', numbering_system='latn')
    '1,234.5'
    >>> format_decimal(1234567, 'hi-IN')
    '12,34,567'
    """
    compiled: NumberFormat | None = (
        _CACHE.get((locale, "decimal", None))
        if format is None and numbering_system == "default" and decimal_quantization
        else None
    )
    if compiled is None:
        compiled = number_format(
            locale, "decimal", format=format, numbering_system=numbering_system,
            decimal_quantization=decimal_quantization,
        )  # fmt: skip
    return compiled.render(number, group_separator)


def format_percent(
    number: Number | str,
    locale: LocaleArg,
    *,
    format: str | None = None,
    decimal_quantization: bool = True,
    group_separator: bool = True,
    numbering_system: str = "default",
) -> str:
    """Format a ratio as a percentage (``0.25`` is 25 %).

    >>> format_percent(0.25, 'en'), format_percent(0.25, 'fr-FR')
    ('25%', '25\\xa0%')
    >>> format_percent(0.255, 'en', format='#,##0.0%')
    '25.5%'
    """
    compiled: NumberFormat | None = (
        _CACHE.get((locale, "percent", None))
        if format is None and numbering_system == "default" and decimal_quantization
        else None
    )
    if compiled is None:
        compiled = number_format(
            locale, "percent", format=format, numbering_system=numbering_system,
            decimal_quantization=decimal_quantization,
        )  # fmt: skip
    return compiled.render(number, group_separator)


def format_currency(
    number: Number | str,
    currency: str,
    locale: LocaleArg,
    *,
    format: str | None = None,
    format_type: CurrencyFormatType = "standard",
    currency_digits: bool = True,
    currency_spacing: bool = True,
    group_separator: bool = True,
    numbering_system: str = "default",
) -> str:
    """Format an amount of ``currency`` (CLDR display digits, locale's symbol and pattern).

    Unlike Babel, a symbol made of letters gets ICU's currency spacing (a no-break space
    before the digits, ``CHF 1.50`` where Babel prints ``CHF1.50``); pass
    ``currency_spacing=False`` for Babel's output. ``format_type`` may also be ``'code'``
    (ISO code as symbol) and ``'narrow'`` (``$`` for ``US$``), which Babel lacks.

    >>> format_currency(1234.5, 'USD', 'en-US')
    '$1,234.50'
    >>> format_currency(1234.5, 'EUR', 'de-DE')
    '1.234,50\\xa0€'
    >>> format_currency(1.5, 'CHF', 'en')
    'CHF\\xa01.50'
    >>> format_currency(-3, 'USD', 'en', format_type='accounting')
    '($3.00)'
    >>> format_currency(2, 'USD', 'en', format_type='name')
    '2.00 US dollars'
    >>> format_currency(1, 'EUR', 'en', format_type='name')  # Babel: '1.00 euro'
    '1.00 euros'
    >>> format_currency(1000, 'JPY', 'en', format_type='code')
    'JPY\\xa01,000'
    """
    if format_type == "standard":
        style: NumberStyle = "currency"
    elif format_type == "name":
        return _format_currency_name(
            number, currency, locale, format, currency_digits, group_separator, numbering_system
        )
    else:
        style = format_type
    compiled: NumberFormat | None = (
        _CACHE.get((locale, style, currency))
        if format is None and numbering_system == "default" and currency_digits
        and currency_spacing
        else None
    )  # fmt: skip
    if compiled is None:
        compiled = number_format(
            locale, style, currency, format=format, numbering_system=numbering_system,
            currency_digits=currency_digits, currency_spacing=currency_spacing,
        )  # fmt: skip
    return compiled.render(number, group_separator)


def _format_currency_name(
    number: Number | str,
    currency: str,
    locale: LocaleArg,
    format: str | None,
    use_digits: bool,
    group_separator: bool,
    numbering_system: str,
) -> str:
    if format is None:
        format = to_locale(locale).decimal_formats[None].pattern
    compiled = number_format(
        locale, "currency", currency, format=format, numbering_system=numbering_system,
        currency_digits=use_digits, currency_spacing=False,
    )  # fmt: skip
    # Babel picks the plural of the raw number ("1.00 euro"); CLDR wants the visible one.
    value = Decimal(str(number))
    if value.is_finite():
        shown = value.quantize(Decimal(1).scaleb(-compiled.max_frac))
        category = plural_category(str(shown), locale)
    else:  # NaN and infinity take the "other" form, as in ICU
        category = "other"
    pattern, name = _currency_name_parts(locale, currency, category)
    return pattern.format(compiled.render(number, group_separator), name)


_CompactTable = tuple[tuple[int, int, dict[str, str]], ...]


def _compact_table(locale: LocaleArg, format_type: str) -> _CompactTable:
    """(magnitude, divisor exponent, {plural category: pattern}) from the largest down."""
    key = ("compact", locale, format_type, None, None)
    return _memo(key, lambda: _build_compact(locale, format_type))


def _build_compact(locale: LocaleArg, format_type: str) -> _CompactTable:
    loc = to_locale(locale)
    formats = loc.compact_decimal_formats
    # CLDR's long compact forms fall back to the short ones (ja, ko, zh, yue have no long).
    table = formats.get(format_type) or formats["short"]
    rows: dict[int, dict[str, str]] = {}
    for category in table:
        for magnitude, pattern in table[category].items():
            positive = str(pattern.pattern).split(";")[0]
            rows.setdefault(int(magnitude), {})[category] = positive
    result = []
    for magnitude, patterns in sorted(rows.items(), reverse=True):
        other = patterns["other"]
        zeros = max((len(run) for run in re.findall("0+", other)), default=0)
        # A bare "0" means no compact form at this size (ja 1234 stays 1234).
        exponent = len(str(magnitude)) - zeros if zeros and other != "0" else 0
        result.append((magnitude, exponent, patterns))
    return tuple(result)


def format_compact(
    number: Number,
    locale: LocaleArg,
    *,
    format_type: Literal["short", "long"] = "short",
    fraction_digits: int = 0,
    numbering_system: str = "default",
) -> str:
    """Format a number in compact form (``1.2K``, ``1.2 million``), in the locale's digits.

    As ICU: the number is rounded (half-even) to at most ``fraction_digits`` decimals at
    every size, the plural form is chosen from the number shown (``1 Million``,
    ``1,5 Millionen``; Babel: ``1 Millionen``), CLDR's explicit forms for a number shown as
    exactly 0 or 1 win (``fr``: ``mille``), and ``'long'`` falls back to ``'short'`` where
    CLDR has no long forms (ja, ko, zh, yue).

    >>> format_compact(1234, 'en'), format_compact(1234567, 'en', format_type='long')
    ('1K', '1 million')
    >>> format_compact(1234, 'en', fraction_digits=1), format_compact(0.5, 'en')
    ('1.2K', '0')
    >>> format_compact(12345, 'fa')
    '۱۲\xa0هزار'
    >>> format_compact(1000000, 'de', format_type='long'), format_compact(123456789, 'ja')
    ('1 Million', '1億')
    >>> [format_compact(n, 'fr', format_type='long') for n in (1234, -1234, 2345)]
    ['mille', '-1 millier', '2 mille']
    """
    value = number if isinstance(number, Decimal) else Decimal(str(number))
    decimals = number_format(
        locale, format="#,##0." + "#" * fraction_digits if fraction_digits else "#,##0",
        numbering_system=numbering_system,
    )  # fmt: skip
    if not value.is_finite():
        return decimals.render(value, True)
    quantum = Decimal(1).scaleb(-fraction_digits)
    negative, size = value.is_signed(), abs(value)
    for magnitude, exponent, patterns in _compact_table(locale, format_type):
        if size < magnitude:
            continue
        if not exponent:  # a "0" pattern: the number as it is
            break
        shown = (size.scaleb(-exponent)).quantize(quantum)
        # ICU reads the plural from the number shown ("1 Million", "1,5 Millionen").
        visible = f"{shown.normalize():f}"
        # CLDR's explicit-value forms come first (fr: 1000 is "mille", not "1 millier"); they
        # match the signed number, as in ICU (-1000 is "-1 millier").
        pattern = None if negative else patterns.get(visible)
        pattern = pattern or patterns.get(plural_category(visible, locale)) or patterns["other"]
        # ICU groups compact numbers only from five integer digits (minimumGrouping 2).
        text = decimals.render(-shown if negative else shown, shown >= 10000)
        return _compact_join(pattern, text)
    return decimals.render(value.quantize(quantum), size >= 10000)  # ICU: "0" for 0.5


def _compact_join(pattern: str, number_text: str) -> str:
    """Put ``number_text`` where the pattern's run of zeros is (quotes unquoted)."""
    start = pattern.find("0")
    if start < 0:  # "mille": the number is in the word
        return pattern.replace("'", "")
    end = start
    while end < len(pattern) and pattern[end] == "0":
        end += 1
    before, after = pattern[:start].replace("'", ""), pattern[end:].replace("'", "")
    return before + number_text + after


def format_scientific(
    number: Number | str,
    locale: LocaleArg,
    *,
    format: str | None = None,
    numbering_system: str = "default",
) -> str:
    """Format a number in scientific notation, in the locale's digits.

    >>> format_scientific(12345, 'en'), format_scientific(0.00012, 'en', format='0.00E0')
    ('1.2345E4', '1.20E-4')
    """
    loc = to_locale(locale)
    system = resolve_numbering_system(loc, numbering_system)
    text = babel_numbers.format_scientific(
        number, format=format, locale=loc, numbering_system=system
    )
    return _to_digits(text, system)


def _to_digits(text: str, system: str) -> str:
    table = digit_table(system)
    return text if table is None else text.translate(table)


def parse_number(text: str, locale: LocaleArg) -> Decimal:
    """Parse a number written the ``locale``'s way, strictly, into a ``Decimal``.

    Accepts the locale's decimal and group symbols (a normal space, NBSP or narrow NBSP
    where the group symbol is a space), groups of the pattern's sizes, Latin or native
    digits and a leading ``-``/``−``/``+``. Rejects anything else, so ``1,234.56`` in German
    is an error rather than Babel's lenient 1.23456.

    >>> parse_number('1.234,56', 'de-DE')
    Decimal('1234.56')
    >>> parse_number('1 234,5', 'fr')
    Decimal('1234.5')
    >>> parse_number('١٬٢٣٤٫٥', 'ar-EG')
    Decimal('1234.5')
    >>> parse_number('1,234.56', 'de-DE')
    Traceback (most recent call last):
    ...
    ValueError: '1,234.56' is not a number in de_DE
    """
    compiled: NumberFormat | None = _CACHE.get((locale, "decimal", None))
    if compiled is None:
        compiled = number_format(locale)
    return compiled.parse(text)
