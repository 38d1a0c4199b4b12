"""Compiled CLDR number patterns: render a number with everything per-locale resolved once."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

from babel import Locale, numbers
from babel.numbers import NumberPattern, parse_pattern

__all__ = ["CompiledNumber", "compile_number", "digit_table", "resolve_numbering_system"]

_QUOTED = re.compile(r"'([^']*)'")
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
class CompiledNumber:
    """A number pattern bound to one locale, numbering system and (optionally) currency."""

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

    def format(self, number: int | float | Decimal | str, group: bool = True) -> str:
        """Render ``number`` as Babel's ``NumberPattern.apply`` would (for non-scientific
        patterns), with the digits of the bound numbering system."""
        if type(number) is int and not self.scale:
            negative = number < 0
            integer, fraction, max_frac = str(-number if negative else number), "", self.max_frac
        else:
            value = number if isinstance(number, Decimal) else Decimal(str(number))
            if self.scale:
                value = value.scaleb(self.scale)
            negative = value.is_signed()
            value = abs(value).normalize()
            if value.is_infinite():
                return self.prefixes[negative] + self.infinity + self.suffixes[negative]
            max_frac = self.max_frac
            if not self.quantize:
                max_frac = max(max_frac, -int(value.as_tuple().exponent))
            rounded = value.quantize(_QUANTA[max_frac])
            integer, _, fraction = f"{rounded:f}".partition(".")
        text = self._integer(integer, group) + self._fraction(fraction, max_frac)
        if self.digits is not None:
            text = text.translate(self.digits)
        return self.prefixes[negative] + text + self.suffixes[negative]

    def _integer(self, digits: str, group: bool) -> str:
        if len(digits) < self.min_int:
            digits = digits.zfill(self.min_int)
        size = self.primary
        if not group or len(digits) <= size:
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


def compile_number(
    locale: Locale,
    pattern: NumberPattern | str,
    numbering_system: str,
    *,
    currency: tuple[str, int] | None = None,
    currency_spacing: bool = False,
    quantize: bool = True,
) -> CompiledNumber:
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
    return CompiledNumber(
        prefixes=(prefixes[0], prefixes[1]),
        suffixes=(suffixes[0], suffixes[1]),
        scale=parsed.scale,
        min_int=parsed.int_prec[0],
        min_frac=min_frac,
        max_frac=max_frac,
        primary=parsed.grouping[0],
        secondary=parsed.grouping[1],
        decimal=numbers.get_decimal_symbol(locale, numbering_system=system),
        group=numbers.get_group_symbol(locale, numbering_system=system),
        infinity=numbers.get_infinity_symbol(locale, numbering_system=system),
        digits=digit_table(system),
        quantize=quantize,
    )


def _bind_currency(affix: str, symbol: str, spacing: bool, *, before: bool) -> str:
    if "¤" not in affix:
        return affix
    if spacing:
        if before and affix.endswith("¤") and _needs_space(symbol[-1], "0"):
            affix = affix[:-1] + "¤\xa0"
        elif not before and affix.startswith("¤") and _needs_space(symbol[0], "0"):
            affix = "\xa0" + affix
    return affix.replace("¤", symbol)
