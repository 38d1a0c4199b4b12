"""Compiled CLDR number patterns: render a number with everything per-locale resolved once."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_EVEN, Decimal, getcontext, localcontext
from functools import lru_cache

from babel import Locale, numbers
from babel.numbers import NumberPattern, parse_pattern

from i18n_lib._cldr_extra import cldr_value

__all__ = [
    "NumberFormat",
    "NumberParser",
    "compile_number",
    "compile_parser",
    "digit_table",
    "resolve_numbering_system",
]

_QUOTED = re.compile(r"'([^']*)'")
# Below the default Decimal precision (28) with room to spare: longer numbers take the
# Decimal path so that its precision limits apply as in Babel.
_SAFE_DIGITS = 20
_NEXT_DIGIT = {str(digit): str(digit + 1) for digit in range(9)}
_QUANTA = tuple(Decimal(1).scaleb(-digits) for digits in range(40))

# First code point of each decimal numbering system's digits 0-9 (CLDR numberingSystems.xml).
_ZERO_DIGIT = {
    "adlm": 0x1E950, "ahom": 0x11730, "arab": 0x0660, "arabext": 0x06F0, "bali": 0x1B50,
    "beng": 0x09E6, "bhks": 0x11C50, "brah": 0x11066, "cakm": 0x11136, "cham": 0xAA50,
    "deva": 0x0966, "diak": 0x11950, "fullwide": 0xFF10, "gong": 0x11DA0, "gonm": 0x11D50,
    "gujr": 0x0AE6, "guru": 0x0A66, "hmng": 0x16B50, "hmnp": 0x1E140, "java": 0xA9D0,
    "kali": 0xA900, "kawi": 0x11F50, "khmr": 0x17E0, "knda": 0x0CE6, "lana": 0x1A80,
    "lanatham": 0x1A90, "laoo": 0x0ED0, "latn": 0x0030, "lepc": 0x1C40, "limb": 0x1946,
    "mathbold": 0x1D7CE, "mathdbl": 0x1D7D8, "mathmono": 0x1D7F6, "mathsanb": 0x1D7EC,
    "mathsans": 0x1D7E2, "mlym": 0x0D66, "modi": 0x11650, "mong": 0x1810, "mroo": 0x16A60,
    "mtei": 0xABF0, "mymr": 0x1040, "mymrshan": 0x1090, "mymrtlng": 0xA9F0, "nagm": 0x1E4F0,
    "newa": 0x11450, "nkoo": 0x07C0, "olck": 0x1C50, "orya": 0x0B66, "osma": 0x104A0,
    "rohg": 0x10D30, "saur": 0xA8D0, "shrd": 0x111D0, "sind": 0x112F0, "sinh": 0x0DE6,
    "sora": 0x110F0, "sund": 0x1BB0, "takr": 0x116C0, "talu": 0x19D0, "tamldec": 0x0BE6,
    "telu": 0x0C66, "thai": 0x0E50, "tibt": 0x0F20, "tirh": 0x114D0, "tnsa": 0x16AC0,
    "vaii": 0xA620, "wara": 0x118E0, "wcho": 0x1E2F0,
}  # fmt: skip
#: What the renderers accept: Babel's number types and numeric strings.
NumberText = int | float | Decimal | str
_HANIDEC = "〇一二三四五六七八九"


def resolve_numbering_system(locale: Locale, numbering_system: str) -> str:
    """Return the concrete numbering system id (``'default'`` and ``'native'`` resolved)."""
    if numbering_system in ("default", "native"):
        systems = locale._data["numbering_systems"]
        resolved = systems.get(numbering_system) or locale.default_numbering_system
        return str(resolved)
    return numbering_system


@lru_cache(maxsize=64)
def digit_table(numbering_system: str) -> dict[int, str] | None:
    """Return a ``str.translate`` table from ASCII digits to the system's, ``None`` for latn."""
    if numbering_system == "latn":
        return None
    if numbering_system == "hanidec":
        return {ord("0") + i: _HANIDEC[i] for i in range(10)}
    zero = _ZERO_DIGIT.get(numbering_system)
    digits = [chr(zero + i) for i in range(10)] if zero is not None else []
    # The Python build's Unicode version may predate a script: then we cannot render it.
    if not digits or [unicodedata.decimal(d, -1) for d in digits] != list(range(10)):
        raise ValueError(f"unsupported numbering system {numbering_system!r}")
    return {ord("0") + i: digit for i, digit in enumerate(digits)}


def _unquote(text: str) -> str:
    return _QUOTED.sub(lambda m: m.group(1) or "'", text)


def _needs_space(symbol_edge: str, number_edge: str) -> bool:
    """ICU currency spacing: a symbol ending in a non-symbol next to a digit gets a NBSP."""
    category = unicodedata.category(symbol_edge)
    return category[0] not in "SZ" and number_edge.isdigit()


@dataclass(frozen=True, slots=True)
class NumberFormat:
    """A number pattern compiled for one locale, numbering system and (optionally) currency.

    ``render(number, group=True)`` writes a number; ``parse(text)`` reads one written the
    locale's way, strictly (see :func:`i18n_lib.parse_number`). Instances are immutable and
    shared: get them from :func:`i18n_lib.numbers.number_format`, which caches them.
    """

    prefixes: tuple[str, str]
    suffixes: tuple[str, str]
    scale: int
    min_int: int
    min_frac: int
    max_frac: int
    primary: int
    secondary: int
    decimal: str
    group: str
    infinity: str
    digits: dict[int, str] | None
    quantize: bool = True
    nan: str = "NaN"
    #: CLDR's minimumGroupingDigits: ``1.234`` is ungrouped in es and pl (2).
    min_grouping: int = 1
    #: Affixes for NaN and infinity where they differ: ICU applies neither currency spacing
    #: nor the alphaNextToNumber pattern next to a non-digit (``USD∞``).
    special_affixes: tuple[tuple[str, str], tuple[str, str]] | None = None
    #: The locale and resolved numbering system the parser reads (None: no parser).
    locale: Locale | None = field(default=None, repr=False, compare=False)
    system: str = "latn"

    #: ``render(number, group=True)``: :meth:`format` as a closure over the fields.
    render: Callable[[NumberText, bool], str] = field(init=False, repr=False, compare=False)
    #: ``parse(text)``: the strict reader of the locale's numbers, compiled on first use
    #: (it then replaces itself with the compiled closure).
    parse: NumberParser = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "render", _renderer(self))
        object.__setattr__(self, "parse", self._first_parse)

    def _first_parse(self, text: str) -> Decimal:
        if self.locale is None:
            raise ValueError("this number format has no locale to parse with")
        parser = compile_parser(self.locale, self.system)
        object.__setattr__(self, "parse", parser)
        return parser(text)

    def format(self, number: NumberText, group: bool = True) -> str:
        """Render ``number`` as Babel's ``NumberPattern.apply`` would (for non-scientific
        patterns), with the digits of the bound numbering system."""
        return self.render(number, group)

    def _format_decimal(self, number: NumberText, group: bool) -> str:
        """The general path, through ``Decimal`` as Babel does (exponents, NaN, strings)."""
        value = number if isinstance(number, Decimal) else Decimal(str(number))
        prefixes, suffixes = self.special_affixes or (self.prefixes, self.suffixes)
        if value.is_nan():  # ICU: the locale's NaN symbol, unsigned, in the positive affixes
            return prefixes[0] + self.nan + suffixes[0]
        negative = value.is_signed()
        if value.is_infinite():
            return prefixes[negative] + self.infinity + suffixes[negative]
        # Exact whatever the length (a 30-digit Decimal), as ICU's decimal numbers are.
        with localcontext() as context:
            exponent = value.as_tuple().exponent
            size = len(value.as_tuple().digits) + abs(int(exponent)) + self.max_frac + self.scale
            context.prec = max(context.prec, size + 8)
            if self.scale:
                value = value.scaleb(self.scale)
            value = abs(value).normalize()
            max_frac = self.max_frac
            if not self.quantize:
                max_frac = max(max_frac, -int(value.as_tuple().exponent))
            quantum = _QUANTA[max_frac] if max_frac < len(_QUANTA) else Decimal(1).scaleb(-max_frac)
            rounded = value.quantize(quantum)
        integer, _, fraction = f"{rounded:f}".partition(".")
        text = self._integer(integer, group) + self._fraction(fraction, max_frac)
        if self.digits is not None:
            text = text.translate(self.digits)
        return self.prefixes[negative] + text + self.suffixes[negative]

    def _integer(self, digits: str, group: bool) -> str:
        if len(digits) < self.min_int:
            digits = digits.zfill(self.min_int)
        size = self.primary
        if not group or len(digits) < size + self.min_grouping:
            return digits
        parts = [digits[-size:]]
        digits = digits[:-size]
        size = self.secondary
        while len(digits) > size:
            parts.append(digits[-size:])
            digits = digits[:-size]
        parts.append(digits)
        return self.group.join(reversed(parts))

    def _fraction(self, digits: str, max_frac: int) -> str:
        low = self.min_frac
        if len(digits) < low:
            digits += "0" * (low - len(digits))
        if max_frac == 0:
            return ""
        if low == 0 and not digits.strip("0"):
            return ""
        digits = digits.rstrip("0")
        if len(digits) < low:
            digits += "0" * (low - len(digits))
        return self.decimal + digits


def _renderer(compiled: NumberFormat) -> Callable[[NumberText, bool], str]:
    """Build ``compiled``'s renderer, the pattern's fields bound as closure constants."""
    prefixes, suffixes, scale = compiled.prefixes, compiled.suffixes, compiled.scale
    min_int, min_frac, max_frac = compiled.min_int, compiled.min_frac, compiled.max_frac
    primary, secondary, quantize = compiled.primary, compiled.secondary, compiled.quantize
    decimal_sign, group_sign, digits = compiled.decimal, compiled.group, compiled.digits
    fallback = compiled._format_decimal
    zeros, scale_zeros = "0" * min_frac, "0" * scale
    grouped_from = primary + compiled.min_grouping
    safe_integer_digits = _SAFE_DIGITS - max_frac

    def render(number: NumberText, group: bool = True) -> str:
        # Babel reads numbers through Decimal(str(number)); working on that text's digits
        # (rounded half-even as Decimal.quantize does) gives its output without Decimals.
        # Everything else (exponents, NaN, strings, very long numbers) takes that path.
        kind = type(number)
        if kind is int:
            negative = number < 0  # type: ignore[operator]
            integer = str(-number if negative else number)  # type: ignore[operator]
            if scale and number:
                integer += scale_zeros
            fraction = ""
        else:
            if kind is float:
                text = repr(number)
                if "e" in text or "n" in text:  # exponent, inf, nan
                    return fallback(number, group)
                negative = text[0] == "-"
                integer, _, fraction = (text[1:] if negative else text).partition(".")
                # The shortest repr has no trailing zeros but the ".0" of whole numbers,
                # and at most 17 significant digits: only the integer part can be long.
                if fraction == "0":
                    fraction = ""
            elif kind is Decimal:
                text = str(number)
                negative = text[0] == "-"
                integer, _, fraction = (text[1:] if negative else text).partition(".")
                if not integer.isdigit() or (fraction and not fraction.isdigit()):
                    return fallback(number, group)  # exponent, NaN, Infinity
                fraction = fraction.rstrip("0")
                if len(integer) + len(fraction) > _SAFE_DIGITS:
                    return fallback(number, group)  # Decimal's precision applies
            else:
                return fallback(number, group)
            if scale:
                integer += (fraction + scale_zeros)[:scale]
                fraction = fraction[scale:]
                if integer[0] == "0":
                    integer = integer.lstrip("0") or "0"
            if len(integer) > safe_integer_digits:
                return fallback(number, group)  # Decimal's precision applies
            if len(fraction) > max_frac and quantize:
                # Round half-even as Decimal.quantize does in the default context.
                if getcontext().rounding != ROUND_HALF_EVEN:
                    return fallback(number, group)
                kept = integer + fraction[:max_frac]
                rest = fraction[max_frac:]  # no trailing zeros: "5" alone is the tie
                if rest > "5" or (rest == "5" and kept[-1] in "13579"):
                    last = kept[-1]
                    if last == "9":
                        kept = str(int(kept) + 1).zfill(len(kept))
                    else:
                        kept = kept[:-1] + _NEXT_DIGIT[last]
                if max_frac:
                    integer, fraction = kept[:-max_frac], kept[-max_frac:].rstrip("0")
                else:
                    integer, fraction = kept, ""
        if len(integer) < min_int:
            integer = integer.zfill(min_int)
        if group and len(integer) >= grouped_from:
            parts = [integer[-primary:]]
            integer = integer[:-primary]
            while len(integer) > secondary:
                parts.append(integer[-secondary:])
                integer = integer[:-secondary]
            parts.append(integer)
            integer = group_sign.join(reversed(parts))
        if fraction:
            if len(fraction) < min_frac:
                fraction += zeros[len(fraction) :]
            integer += decimal_sign + fraction
        elif min_frac:
            integer += decimal_sign + zeros
        if digits is not None:
            integer = integer.translate(digits)
        return prefixes[negative] + integer + suffixes[negative]

    return render


def compile_number(
    locale: Locale,
    pattern: NumberPattern | str,
    numbering_system: str,
    *,
    currency: tuple[str, int] | None = None,
    currency_spacing: bool = False,
    quantize: bool = True,
) -> NumberFormat:
    """Compile ``pattern`` for ``locale``; ``currency`` is ``(symbol, digits)`` to bind."""
    parsed = parse_pattern(pattern)
    system = resolve_numbering_system(locale, numbering_system)
    prefixes = tuple(_unquote(p) for p in parsed.prefix)
    suffixes = tuple(_unquote(s) for s in parsed.suffix)
    min_frac, max_frac = parsed.frac_prec
    if currency is not None:
        symbol, min_frac = currency
        max_frac = min_frac
        prefixes = tuple(_bind_currency(p, symbol, currency_spacing, before=True) for p in prefixes)
        suffixes = tuple(
            _bind_currency(s, symbol, currency_spacing, before=False) for s in suffixes
        )

    # A numbering system the locale has no symbols for (de-u-nu-arab) takes root's where
    # CLDR's root has its own (arab, arabext: Babel's root data), else the locale's Latin
    # ones (root aliases every other system to latn), as ICU does.
    babel_symbols = locale.number_symbols.get(system) or {}
    root_symbols = {} if "alias" in babel_symbols else babel_symbols
    if not root_symbols and cldr_value(locale, f"sym.{system}.decimal") is None:
        system_symbols = "latn"
    else:
        system_symbols = system

    def number_symbol(name: str, babel_value: str) -> str:
        found = cldr_value(locale, f"sym.{system_symbols}.{name}") or root_symbols.get(name)
        return str(found) if found is not None else babel_value

    decimal = number_symbol("decimal", numbers.get_decimal_symbol(locale, numbering_system=system))
    if currency is not None:  # fr-CH writes 1 234,5 but CHF 1 234.50
        decimal = cldr_value(locale, f"sym.{system}.currencyDecimal") or decimal
    group = number_symbol("group", numbers.get_group_symbol(locale, numbering_system=system))
    if currency is not None:  # de-CH: 1’234.5 but CHF 1'234.50
        group = cldr_value(locale, f"sym.{system}.currencyGroup") or group
    # The pattern's '-' and '%' stand for the locale's symbols (with bidi marks: ar's '؜-').
    minus = number_symbol("minusSign", "-")
    percent = number_symbol("percentSign", "%")
    prefixes = (prefixes[0].replace("%", percent), _minus(prefixes[1], minus, percent))
    suffixes = (suffixes[0].replace("%", percent), _minus(suffixes[1], minus, percent))
    return NumberFormat(
        prefixes=(prefixes[0], prefixes[1]),
        suffixes=(suffixes[0], suffixes[1]),
        scale=parsed.scale,
        min_int=parsed.int_prec[0],
        min_frac=min_frac,
        max_frac=max_frac,
        primary=parsed.grouping[0],
        secondary=parsed.grouping[1],
        decimal=decimal,
        group=group,
        infinity=number_symbol(
            "infinity", numbers.get_infinity_symbol(locale, numbering_system=system)
        ),
        digits=digit_table(system),
        quantize=quantize,
        nan=number_symbol("nan", "NaN"),
        min_grouping=int(cldr_value(locale, "mgd") or 1),
        locale=locale,
        system=system,
    )


def _minus(affix: str, minus: str, percent: str) -> str:
    return affix.replace("-", minus, 1).replace("%", percent)


def _bind_currency(affix: str, symbol: str, spacing: bool, *, before: bool) -> str:
    if "¤" not in affix:
        return affix
    if spacing:
        if before and affix.endswith("¤") and _needs_space(symbol[-1], "0"):
            affix = affix[:-1] + "¤\xa0"
        elif not before and affix.startswith("¤") and _needs_space(symbol[0], "0"):
            affix = "\xa0" + affix
    return affix.replace("¤", symbol)


#: A strict number reader: text written the locale's way to its ``Decimal``.
NumberParser = Callable[[str], Decimal]

_BIDI_MARKS = dict.fromkeys(map(ord, "\u200e\u200f\u061c"), None)
_SPACES = " \xa0\u202f"
_MINUS_SIGNS = "-\u2212"
_NATIVE_SYSTEMS = (
    "arab", "arabext", "beng", "deva", "gujr", "guru", "khmr", "knda", "laoo", "mlym", "mymr",
    "orya", "tamldec", "telu", "thai", "tibt", "fullwide",
)  # fmt: skip


@lru_cache(maxsize=1)
def _to_ascii_table() -> dict[int, int]:
    table: dict[int, int] = {}
    for system in _NATIVE_SYSTEMS:
        native = digit_table(system)
        assert native is not None
        table.update({ord(char): ascii_code for ascii_code, char in native.items()})
    return table


def compile_parser(loc: Locale, system: str) -> NumberParser:
    """Compile the strict reader of numbers written in ``loc`` with ``system``'s symbols."""
    decimal = numbers.get_decimal_symbol(loc, numbering_system=system)
    group = numbers.get_group_symbol(loc, numbering_system=system)
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
        if len(integer) > primary:  # a grouped integer is longer than one group
            for symbol in groups:  # str.replace is several times cheaper than str.translate
                integer = integer.replace(symbol, "")
        number = "-" + integer if sign and sign != "+" else integer
        return Decimal(number + "." + fraction if fraction else number)

    return parse
