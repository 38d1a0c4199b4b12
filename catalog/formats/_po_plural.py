"""PO header fields, and gettext plural indices mapped to CLDR categories through Babel.

>>> header_fields('Language: fr\\nPlural-Forms: nplurals=2; plural=(n > 1);\\n')["Language"]
'fr'
>>> plural_categories("fr", "nplurals=2; plural=(n > 1);")
('one', 'other')
>>> plural_categories("ru", "nplurals=4; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && "
...     "n%10<=4 && (n%100<12 || n%100>14) ? 1 : n%10==0 || (n%10>=5 && n%10<=9) || "
...     "(n%100>=11 && n%100<=14)? 2 : 3);")
('one', 'few', 'many', 'other')
"""

from __future__ import annotations

import gettext
import re
from collections import Counter
from collections.abc import Callable
from functools import lru_cache

from babel import Locale, UnknownLocaleError
from babel.messages.plurals import get_plural

from catalog.base import PLURAL_CATEGORIES

__all__ = [
    "MAX_FORMS",
    "PluralFormsError",
    "header_fields",
    "locale_header",
    "plural_categories",
    "plural_count",
]

#: Most plural forms a file may declare or write (gettext's languages use at most 6).
MAX_FORMS = 20
#: Longest ``plural=`` expression read (real ones are under 200 characters); it is
#: compiled and sampled a thousand times.
MAX_EXPRESSION = 1000


class PluralFormsError(ValueError):
    """A Plural-Forms header no catalog can use (the document adds its path)."""


_NPLURALS = re.compile(r"nplurals\s*=\s*([0-9]+)")
_PLURAL = re.compile(r"plural\s*=\s*([^;]+);?")
_SAMPLES = (*range(0, 1001), 1_000_000)


def header_fields(msgstr: str) -> dict[str, str]:
    """``Name: value`` lines of a header msgstr."""
    fields: dict[str, str] = {}
    for line in msgstr.split("\n"):
        name, colon, value = line.partition(":")
        if colon:
            fields[name.strip()] = value.strip()
    return fields


def plural_count(plural_forms: str) -> int:
    """``nplurals`` of a Plural-Forms value (2 when absent).

    >>> plural_count("nplurals=3; plural=(n%10==1 ? 0 : 1);")
    3
    """
    match = _NPLURALS.search(plural_forms)
    if match is None:
        return 2
    count = match.group(1)
    if len(count) > 2 or not 0 < int(count) <= MAX_FORMS:
        raise PluralFormsError(
            f"Plural-Forms says nplurals={count[:12]}; expected 1 to {MAX_FORMS}"
        )
    return int(count)


def _babel_locale(language: str) -> Locale | None:
    try:
        return Locale.parse(language.replace("-", "_").split("@")[0])
    except (ValueError, TypeError, UnknownLocaleError):
        return None


def _positional(count: int) -> tuple[str, ...]:
    if count == 1:
        return ("other",)
    if count == 2:
        return ("one", "other")
    return tuple(str(index) for index in range(count))


_SPARE_ORDER = ("many", "few", "two", "zero", "one", "other")


def _assign(
    seen: dict[int, Counter[str]], count: int, tags: tuple[str, ...]
) -> tuple[str, ...] | None:
    """Each index gets its most sampled category; indices with more samples choose first.

    An index left without one (the gettext rule splits what CLDR does not, or no sample
    reaches it) gets an unused category: the locale's own first, then many, few, two, zero.
    """
    mapped: dict[int, str] = {}
    for index in sorted(seen, key=lambda i: -sum(seen[i].values())):
        if index not in range(count):
            return None
        for category, _ in seen[index].most_common():
            if category not in mapped.values():
                mapped[index] = category
                break
    spare = sorted(
        {c for c in (*tags, *_SPARE_ORDER) if c not in mapped.values()},
        key=lambda c: (c not in tags, _SPARE_ORDER.index(c)),
    )
    for index in range(count):
        if index not in mapped:
            if not spare:
                return None
            mapped[index] = spare.pop(0)
    return tuple(mapped[index] for index in range(count))


@lru_cache(maxsize=256)
def plural_categories(language: str, plural_forms: str) -> tuple[str, ...]:
    """The CLDR category of each msgstr[N] index, by sampling both rules on 0..1000.

    Falls back to the locale's categories in CLDR order when counts agree, else to
    ``one``/``other`` for two forms and index numbers beyond that.
    """
    count = plural_count(plural_forms)
    locale = _babel_locale(language) if language else None
    if locale is None:
        return _positional(count)
    tags = tuple(c for c in PLURAL_CATEGORIES if c in locale.plural_form.tags or c == "other")
    expression = _PLURAL.search(plural_forms)
    if expression is not None:
        if len(expression.group(1)) > MAX_EXPRESSION:
            raise PluralFormsError(
                f"Plural-Forms' plural= expression is over {MAX_EXPRESSION} characters"
            )
        try:
            rule = gettext.c2py(expression.group(1).strip())
        except (ValueError, SyntaxError, RecursionError):
            rule = None
        if rule is not None:
            seen = _sample(rule, locale)
            mapped = None if seen is None else _assign(seen, count, tags)
            if mapped is not None:
                return mapped
    if len(tags) == count:
        return tags
    return _positional(count)


def _sample(rule: Callable[[int], int], locale: Locale) -> dict[int, Counter[str]] | None:
    """Index -> CLDR categories seen on the samples; None when the rule cannot be evaluated
    (``n/0``, ``n%0``: gettext would crash on it too, so the file's rule is not used)."""
    seen: dict[int, Counter[str]] = {}
    try:
        for n in _SAMPLES:
            seen.setdefault(rule(n), Counter())[locale.plural_form(n)] += 1
    except (ArithmeticError, RecursionError):
        return None
    return seen


def locale_header(locale: str, source_fields: dict[str, str]) -> list[tuple[str, str]]:
    """Header fields of a new PO file for ``locale`` (BCP 47), copying the source's project.

    >>> dict(locale_header("pt-BR", {}))["Plural-Forms"]
    'nplurals=2; plural=(n > 1);'
    """
    posix = locale.replace("-", "_")
    parsed = _babel_locale(locale)
    try:
        plural_forms = get_plural(str(parsed) if parsed else posix).plural_forms
    except (ValueError, UnknownLocaleError):
        plural_forms = "nplurals=2; plural=(n != 1);"
    fields: list[tuple[str, str]] = [
        (name, source_fields.get(name, ""))
        for name in ("Project-Id-Version", "Report-Msgid-Bugs-To", "POT-Creation-Date")
        if name in source_fields
    ]
    fields += [
        ("Language", posix),
        ("MIME-Version", "1.0"),
        ("Content-Type", "text/plain; charset=UTF-8"),
        ("Content-Transfer-Encoding", "8bit"),
        ("Plural-Forms", plural_forms),
    ]
    return fields
