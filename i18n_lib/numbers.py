"""Decimal, percent, currency, compact and scientific numbers, and strict number parsing."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import replace
from decimal import Decimal
from functools import lru_cache
from typing import Literal, TypeVar

from babel import Locale
from babel import numbers as babel_numbers

from i18n_lib._cldr_extra import cldr_value
from i18n_lib._locale import LocaleArg, to_locale
from i18n_lib._number_render import (
    CompiledNumber,
    compile_number,
    digit_table,
    resolve_numbering_system,
)
from i18n_lib.plurals import plural_category

__all__ = [
    "CurrencyFormatType",
    "Number",
    "currency_digits",
    "currency_symbol",
    "format_compact",
    "format_currency",
    "format_decimal",
    "format_percent",
    "format_scientific",
    "parse_number",
]

Number = int | float | Decimal
CurrencyFormatType = Literal["standard", "accounting", "name", "code", "narrow"]

_BIDI_MARKS = dict.fromkeys(map(ord, "\u200e\u200f\u061c"), None)
_SPACES = " \xa0\u202f"
_MINUS_SIGNS = "-\u2212"
_NATIVE_SYSTEMS = (
    "arab", "arabext", "beng", "deva", "gujr", "guru", "khmr", "knda", "laoo", "mlym", "mymr",
    "orya", "tamldec", "telu", "thai", "tibt", "fullwide",
)  # fmt: skip


# Compiled patterns for calls without options, in plain dicts (cheaper than lru_cache's
# key of every argument); bounded, since callers may pass many Locale objects.
_DEFAULT_DECIMAL: dict[LocaleArg, CompiledNumber] = {}
_DEFAULT_PERCENT: dict[LocaleArg, CompiledNumber] = {}
_DEFAULT_CURRENCY: dict[tuple[LocaleArg, str], CompiledNumber] = {}
_DEFAULTS_LIMIT = 4096
_K = TypeVar("_K")


def _remember(cache: dict[_K, CompiledNumber], key: _K, value: CompiledNumber) -> CompiledNumber:
    if len(cache) < _DEFAULTS_LIMIT:
        cache[key] = value
    return value


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


@lru_cache(maxsize=4096)
def _decimal_pattern(
    locale: LocaleArg, format: str | None, numbering_system: str, quantize: bool
) -> CompiledNumber:
    loc = to_locale(locale)
    system = resolve_numbering_system(loc, numbering_system)
    pattern = format or _default_pattern(loc, system, "decimal", loc.decimal_formats[None])
    return compile_number(loc, pattern, numbering_system, quantize=quantize)


@lru_cache(maxsize=4096)
def _percent_pattern(
    locale: LocaleArg, format: str | None, numbering_system: str, quantize: bool
) -> CompiledNumber:
    loc = to_locale(locale)
    system = resolve_numbering_system(loc, numbering_system)
    pattern = format or _default_pattern(loc, system, "percent", loc.percent_formats[None])
    compiled = compile_number(loc, pattern, numbering_system, quantize=quantize)
    if system == "latn":  # Babel keeps the pattern's '%' for Latin digits; so do we
        return compiled
    try:
        sign = str(loc.number_symbols[system]["percentSign"])
    except KeyError:
        sign = str(loc.number_symbols["latn"]["percentSign"])
    prefixes = tuple(p.replace("%", sign) for p in compiled.prefixes)
    suffixes = tuple(s.replace("%", sign) for s in compiled.suffixes)
    return replace(
        compiled, prefixes=(prefixes[0], prefixes[1]), suffixes=(suffixes[0], suffixes[1])
    )


def currency_digits(currency: str) -> int:
    """Return CLDR's number of display decimals for ``currency`` (Babel's answer).

    >>> currency_digits('JPY'), currency_digits('BHD'), currency_digits('EUR')
    (0, 3, 2)
    """
    return babel_numbers.get_currency_precision(currency)


def currency_symbol(currency: str, locale: LocaleArg, *, narrow: bool = False) -> str:
    """Return the symbol of ``currency`` in ``locale``; ``narrow`` gives CLDR's narrow one.

    Babel has no narrow symbols: ours are read from CLDR (``_cldr_extra.json``), falling
    back to the symbol where CLDR has none (``fr``: ``$``; ``ar-EG``: ``US$``).

    >>> currency_symbol('USD', 'en-CA'), currency_symbol('USD', 'en-CA', narrow=True)
    ('US$', '$')
    """
    loc = to_locale(locale)
    symbol = str(loc.currency_symbols.get(currency, currency))
    if narrow:
        return cldr_value(loc, f"narrow.{currency}") or symbol
    return symbol


@lru_cache(maxsize=4096)
def _currency_pattern(
    locale: LocaleArg,
    currency: str,
    format: str | None,
    format_type: str,
    numbering_system: str,
    use_currency_digits: bool,
    spacing: bool,
) -> CompiledNumber:
    loc = to_locale(locale)
    if format_type == "code":
        symbol = currency
    else:
        symbol = currency_symbol(currency, loc, narrow=format_type == "narrow")
    system = resolve_numbering_system(loc, numbering_system)
    kind = "accounting" if format_type == "accounting" else "currency"
    if format is None and not spacing:  # Babel's output: its pattern, no alpha variant
        format = loc.currency_formats[kind if kind == "accounting" else "standard"].pattern
    pattern = format or _currency_default(loc, system, kind, symbol)
    parsed = babel_numbers.parse_pattern(pattern)
    digits = currency_digits(currency) if use_currency_digits else parsed.frac_prec[0]
    compiled = compile_number(
        loc, parsed, numbering_system, currency=(symbol, digits), currency_spacing=spacing
    )
    if not use_currency_digits:
        compiled = replace(compiled, max_frac=parsed.frac_prec[1])
    if format is None and spacing:
        babel_kind = "accounting" if kind == "accounting" else "standard"
        plain = _default_pattern(loc, system, kind, loc.currency_formats[babel_kind])
        special = compile_number(loc, plain, numbering_system, currency=(symbol, digits))
        if (special.prefixes, special.suffixes) != (compiled.prefixes, compiled.suffixes):
            affixes = (special.prefixes, special.suffixes)
            compiled = replace(compiled, special_affixes=affixes)
    return compiled


@lru_cache(maxsize=4096)
def _currency_name_parts(locale: LocaleArg, currency: str, category: str) -> tuple[str, str]:
    loc = to_locale(locale)
    unit_patterns = loc._data["currency_unit_patterns"]
    pattern = unit_patterns.get(category) or unit_patterns["other"]
    names = loc._data["currency_names_plural"].get(currency, {})
    name = names.get(category) or names.get("other") or loc.currencies.get(currency, currency)
    return str(pattern), str(name)


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
    if format is None and numbering_system == "default" and decimal_quantization:
        compiled = _DEFAULT_DECIMAL.get(locale)
        if compiled is None:
            compiled = _remember(
                _DEFAULT_DECIMAL, locale, _decimal_pattern(locale, None, "default", True)
            )
    else:
        compiled = _decimal_pattern(locale, format, numbering_system, decimal_quantization)
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
    if format is None and numbering_system == "default" and decimal_quantization:
        compiled = _DEFAULT_PERCENT.get(locale)
        if compiled is None:
            compiled = _remember(
                _DEFAULT_PERCENT, locale, _percent_pattern(locale, None, "default", True)
            )
    else:
        compiled = _percent_pattern(locale, format, numbering_system, decimal_quantization)
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
    defaults = format is None and format_type == "standard" and numbering_system == "default"
    if defaults and currency_digits and currency_spacing:
        key = (locale, currency)
        compiled = _DEFAULT_CURRENCY.get(key)
        if compiled is None:
            compiled = _currency_pattern(locale, currency, None, "standard", "default", True, True)
            _remember(_DEFAULT_CURRENCY, key, compiled)
        return compiled.render(number, group_separator)
    if format_type == "name":
        return _format_currency_name(
            number, currency, locale, format, currency_digits, group_separator, numbering_system
        )
    compiled = _currency_pattern(
        locale, currency, format, format_type, numbering_system, currency_digits, currency_spacing
    )
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
    loc = to_locale(locale)
    compiled = _currency_pattern(
        locale, currency, format or loc.decimal_formats[None].pattern, "standard",
        numbering_system, use_digits, False,
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


@lru_cache(maxsize=1024)
def _compact_table(
    locale: LocaleArg, format_type: str
) -> tuple[tuple[int, int, dict[str, str]], ...]:
    """(magnitude, divisor exponent, {plural category: pattern}) from the largest down."""
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
    ``1,5 Millionen``; Babel: ``1 Millionen``), and ``'long'`` falls back to ``'short'`` where CLDR
    has no long forms (ja, ko, zh, yue).

    >>> format_compact(1234, 'en'), format_compact(1234567, 'en', format_type='long')
    ('1K', '1 million')
    >>> format_compact(1234, 'en', fraction_digits=1), format_compact(0.5, 'en')
    ('1.2K', '0')
    >>> format_compact(12345, 'fa')
    '۱۲\xa0هزار'
    >>> format_compact(1000000, 'de', format_type='long'), format_compact(123456789, 'ja')
    ('1 Million', '1億')
    """
    value = number if isinstance(number, Decimal) else Decimal(str(number))
    decimals = _decimal_pattern(
        locale, "#,##0." + "#" * fraction_digits if fraction_digits else "#,##0",
        numbering_system, True,
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
        category = plural_category(f"{shown.normalize():f}", locale)
        pattern = patterns.get(category) or patterns["other"]
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


@lru_cache(maxsize=64)
def _to_ascii_table() -> dict[int, int]:
    table: dict[int, int] = {}
    for system in _NATIVE_SYSTEMS:
        native = digit_table(system)
        assert native is not None
        table.update({ord(char): ascii_code for ascii_code, char in native.items()})
    return table


_NumberParser = Callable[[str], Decimal]
_PARSERS: dict[LocaleArg, _NumberParser] = {}
_PARSER_LIMIT = 1024


def _number_parser(locale: LocaleArg) -> _NumberParser:
    """The cached strict parser of ``locale`` (what :func:`parse_number` calls)."""
    parser = _PARSERS.get(locale)
    if parser is None:
        parser = _compile_parser(to_locale(locale))
        if len(_PARSERS) < _PARSER_LIMIT:
            _PARSERS[locale] = parser
    return parser


def _compile_parser(loc: Locale) -> _NumberParser:
    system = resolve_numbering_system(loc, "default")
    decimal = babel_numbers.get_decimal_symbol(loc, numbering_system=system)
    group = babel_numbers.get_group_symbol(loc, numbering_system=system)
    decimal = cldr_value(loc, f"sym.{system}.decimal") or decimal
    group = cldr_value(loc, f"sym.{system}.group") or group
    decimal, group = decimal.translate(_BIDI_MARKS), group.translate(_BIDI_MARKS)
    groups = _SPACES if group in _SPACES else group
    # Amounts may use the currency's own symbols (fr-CH: 1 234,5 but 1 234.50 CHF).
    money_decimal = cldr_value(loc, f"sym.{system}.currencyDecimal") or decimal
    money_group = cldr_value(loc, f"sym.{system}.currencyGroup") or group
    if money_group not in groups and money_group != decimal and money_group != money_decimal:
        groups += money_group
    decimals = decimal if money_decimal in groups else decimal + money_decimal
    group_class = "[" + re.escape(groups) + "]"
    primary, secondary = loc.decimal_formats[None].grouping
    grouped = rf"\d{{1,{secondary}}}(?:{group_class}\d{{{secondary}}})*{group_class}\d{{{primary}}}"
    sign = "[" + re.escape(_MINUS_SIGNS) + "+]"
    # Grouped digits first: most formatted numbers have a group symbol (same matches).
    decimal_class = "[" + re.escape(decimals) + "]"
    fullmatch = re.compile(rf"({sign}?)({grouped}|\d+)(?:{decimal_class}(\d+))?").fullmatch
    to_ascii = _to_ascii_table()
    name = str(loc)

    def parse(text: str) -> Decimal:
        # Bidi marks and native digits are not ASCII: plain ASCII text skips both tables.
        cleaned = (
            text.strip()
            if text.isascii()
            else text.translate(_BIDI_MARKS).strip().translate(to_ascii)
        )
        match = fullmatch(cleaned)
        if match is None:
            raise ValueError(f"{text!r} is not a number in {name}")
        sign, integer, fraction = match.groups()
        for symbol in groups:  # str.replace is several times cheaper than str.translate
            integer = integer.replace(symbol, "")
        number = "-" + integer if sign and sign != "+" else integer
        return Decimal(number + "." + fraction if fraction else number)

    return parse


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
    return _number_parser(locale)(text)
