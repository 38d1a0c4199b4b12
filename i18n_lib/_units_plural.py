"""CLDR plural categories read from a number as displayed, with rules compiled once per locale."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from functools import lru_cache

from babel import Locale
from babel.plural import _PythonCompiler, cldr_modulo, in_range_list, within_range_list

__all__ = ["plural_rule"]

_KNOWN_LIMIT = 4096

# evaluate(n, i, v, w, f, t, c, e) -> category, the operands of UTS #35.
Evaluate = Callable[[int | Decimal, int, int, int, int, int, int, int], str]


@lru_cache(maxsize=1024)
def _rule(locale: Locale) -> Evaluate:
    compiler = _PythonCompiler()
    lines = ["def evaluate(n, i, v, w, f, t, c, e):"]
    for category, condition in locale.plural_form.abstract:
        python = compiler.compile(condition)  # type: ignore[no-untyped-call]
        lines.append(f"    if ({python}): return {category!r}")
    lines.append("    return 'other'")
    namespace = {"IN": in_range_list, "WITHIN": within_range_list, "MOD": cldr_modulo}
    # Babel's own rule compiler, minus its per-call operand extraction through Decimal.
    exec("\n".join(lines), namespace)
    evaluate: Evaluate = namespace["evaluate"]  # type: ignore[assignment]
    return evaluate


def plural_rule(locale: Locale) -> Callable[[str], str]:
    """The locale's plural rule, reading an absolute number written as shown.

    >>> en, pl = plural_rule(Locale.parse('en')), plural_rule(Locale.parse('pl'))
    >>> en('1'), en('1.0'), pl('22'), pl('25'), pl('1.5')
    ('one', 'other', 'few', 'many', 'other')
    """
    evaluate = _rule(locale)
    known: dict[str, str] = {}

    def category(visible: str) -> str:
        found = known.get(visible)
        if found is not None:
            return found
        integer, _, fraction = visible.partition(".")
        if not integer.isdigit():  # infinity and NaN take "other", as in ICU
            return "other"
        i = int(integer)
        if fraction:
            trimmed = fraction.rstrip("0")
            n = Decimal(visible)
            found = evaluate(
                n, i, len(fraction), len(trimmed), int(fraction), int(trimmed or 0), 0, 0
            )
        else:
            found = evaluate(i, i, 0, 0, 0, 0, 0, 0)
        if len(known) < _KNOWN_LIMIT:
            known[visible] = found
        return found

    return category
