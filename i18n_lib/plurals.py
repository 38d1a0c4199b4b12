"""CLDR plural categories (cardinal, ordinal) and plural ranges, compiled once per locale."""

from __future__ import annotations

import re
from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from typing import Literal, NamedTuple

from i18n_lib import _plural_data
from i18n_lib._locale import LocaleArg
from i18n_lib.locales import LanguageTag, _chain, parse_tag

__all__ = [
    "PluralCategory",
    "PluralOperands",
    "plural_categories",
    "plural_category",
    "plural_operands",
    "plural_range_category",
]

PluralCategory = Literal["zero", "one", "two", "few", "many", "other"]
Number = int | float | Decimal | str

_CATEGORY_ORDER: tuple[PluralCategory, ...] = ("zero", "one", "two", "few", "many")
_RELATION = re.compile(
    r"^\s*([niftvwce])\s*(?:(?:%|mod)\s*(\d+))?\s*(!=|=|not in|in|is not|is)\s*([\d.,\s]+)$"
)
_COMPACT = re.compile(r"^([^ce]+)[ce](\d+)$")


class PluralOperands(NamedTuple):
    """The operands of UTS #35 plural rules; ``n`` is exact (``int`` when integral)."""

    n: int | Decimal
    i: int
    v: int
    w: int
    f: int
    t: int
    e: int


def plural_operands(number: Number) -> PluralOperands:
    """Return the plural operands of ``number``; strings keep trailing zeros and may use
    CLDR's compact-exponent notation (``'1.2c3'`` is 1200 shown as ``1.2K``).

    >>> plural_operands('1.50')
    PluralOperands(n=Decimal('1.5'), i=1, v=2, w=1, f=50, t=5, e=0)
    >>> plural_operands('1.2c3')
    PluralOperands(n=1200, i=1200, v=0, w=0, f=0, t=0, e=3)
    """
    if isinstance(number, int) and not isinstance(number, bool):
        return PluralOperands(abs(number), abs(number), 0, 0, 0, 0, 0)
    exponent = 0
    if isinstance(number, str):
        compact = _COMPACT.match(number.strip())
        if compact:
            number, exponent = compact.group(1), int(compact.group(2))
    try:
        value = Decimal(str(number) if isinstance(number, float) else number)
    except InvalidOperation as exc:
        raise ValueError(f"not a number: {number!r}") from exc
    if not value.is_finite():
        raise ValueError(f"not a finite number: {number!r}")
    value = abs(value).scaleb(exponent)
    return _decimal_operands(value, exponent)


def _decimal_operands(value: Decimal, exponent: int) -> PluralOperands:
    _sign, digits, exp = value.as_tuple()
    assert isinstance(exp, int)
    integer = int(value)
    if exp >= 0:
        return PluralOperands(integer, integer, 0, 0, 0, 0, exponent)
    fraction_digits = "".join(map(str, digits))[exp:].rjust(-exp, "0")
    trimmed = fraction_digits.rstrip("0")
    n: int | Decimal = integer if not trimmed else value.normalize()
    return PluralOperands(
        n, integer, -exp, len(trimmed), int(fraction_digits), int(trimmed or "0"), exponent
    )


def _compile_relation(text: str) -> str:
    match = _RELATION.match(text)
    if not match:
        raise ValueError(f"unsupported plural relation: {text!r}")
    operand, modulus, operator, ranges = match.groups()
    operand = "e" if operand == "c" else operand
    expression = f"({operand} % {modulus})" if modulus else operand
    tests = []
    for item in ranges.replace(" ", "").split(","):
        low, _, high = item.partition("..")
        if high:
            guard = "ni and " if operand == "n" else ""
            tests.append(f"({guard}{low} <= {expression} <= {high})")
        else:
            tests.append(f"{expression} == {low}")
    joined = " or ".join(tests)
    negate = operator in ("!=", "not in", "is not")
    return f"(not ({joined}))" if negate else f"({joined})"


def _compile_condition(rule: str) -> str:
    return " or ".join(
        "(" + " and ".join(_compile_relation(rel) for rel in conjunction.split(" and ")) + ")"
        for conjunction in rule.split(" or ")
    )


Selector = Callable[[PluralOperands], PluralCategory]


@lru_cache(maxsize=512)
def _compile_rules(key: str, ordinal: bool) -> Selector:
    rules = (_plural_data.ORDINAL if ordinal else _plural_data.CARDINAL)[key]
    branches = [
        f"    if {_compile_condition(rules[category])}: return {category!r}\n"
        for category in _CATEGORY_ORDER
        if category in rules
    ]
    source = (
        "def select(operands):\n"
        "    n, i, v, w, f, t, e = operands\n"
        "    ni = i == n\n" + "".join(branches) + "    return 'other'\n"
    )
    namespace: dict[str, Selector] = {}
    exec(source, namespace)  # compiling trusted CLDR rules once is what keeps lookups fast
    return namespace["select"]


def _rules_key(tag: LanguageTag, table: dict[str, dict[str, str]]) -> str:
    for candidate in _chain(tag):
        key = candidate.replace("-", "_")
        if key in table:
            return key
    if tag.language in table:
        return tag.language
    return "root"


@lru_cache(maxsize=2048)
def _selector_for(locale: LocaleArg, ordinal: bool) -> Selector:
    table = _plural_data.ORDINAL if ordinal else _plural_data.CARDINAL
    return _compile_rules(_rules_key(parse_tag(locale), table), ordinal)


def plural_category(number: Number, locale: LocaleArg, *, ordinal: bool = False) -> PluralCategory:
    """Return the CLDR plural category of ``number`` in ``locale``.

    Strings keep their visible fraction digits (``'1.0'`` is not ``1`` in English) and may
    use CLDR's compact-exponent notation; any well-formed locale tag works, even one
    Babel has no data for (``ars``, ``guw``). Unlike Babel this honours the ``e``/``c``
    operand (French ``'1c6'``, shown as "1 M", is ``many``).

    >>> plural_category(1, 'en'), plural_category('1.0', 'en')
    ('one', 'other')
    >>> plural_category(3, 'en-US', ordinal=True)
    'few'
    >>> [plural_category(n, 'ru') for n in (1, 2, 5, 21)]
    ['one', 'few', 'many', 'one']
    >>> plural_category('1c6', 'fr')
    'many'
    """
    return _selector_for(locale, ordinal)(plural_operands(number))


def plural_categories(locale: LocaleArg, *, ordinal: bool = False) -> tuple[PluralCategory, ...]:
    """Return the plural categories ``locale`` distinguishes, in CLDR order.

    >>> plural_categories('pl')
    ('one', 'few', 'many', 'other')
    >>> plural_categories('ja')
    ('other',)
    """
    table = _plural_data.ORDINAL if ordinal else _plural_data.CARDINAL
    rules = table[_rules_key(parse_tag(locale), table)]
    return (*(c for c in _CATEGORY_ORDER if c in rules), "other")


def plural_range_category(start: Number, end: Number, locale: LocaleArg) -> PluralCategory:
    """Return the plural category of the range ``start``–``end`` (CLDR pluralRanges).

    Babel has no plural-range data. Where CLDR has none for a locale (br, gd, mt, ks, ...),
    the end's category is used, as the CLDR specification (TR35, Plural Ranges) says; ICU
    answers ``'other'`` there instead (``br`` 1–2: ours ``'two'``, ICU ``'other'``).

    >>> plural_range_category(1, 5, 'ru'), plural_range_category(1, 2, 'br')
    ('many', 'two')

    >>> plural_range_category(0, 1, 'fr')  # "0–1 jour"
    'one'
    >>> plural_range_category(1, 2, 'en')
    'other'
    """
    low = plural_category(start, locale)
    high = plural_category(end, locale)
    tag = parse_tag(locale)
    key = _rules_key(tag, _plural_data.RANGES)
    table = _plural_data.RANGES.get(key, {})
    result = table.get(f"{low}-{high}", high)
    return result  # type: ignore[return-value]
