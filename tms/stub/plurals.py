"""The CLDR plural categories a target locale needs, from Babel.

>>> plural_categories("ja")
('other',)
>>> plural_categories("ar")
('zero', 'one', 'two', 'few', 'many', 'other')
>>> plural_categories("pt-BR")[-1]
'other'
"""

from __future__ import annotations

from functools import cache

from babel import Locale, UnknownLocaleError

__all__ = ["CLDR_ORDER", "is_known_locale", "parse_locale", "plural_categories"]

CLDR_ORDER = ("zero", "one", "two", "few", "many", "other")


def parse_locale(identifier: str) -> Locale:
    """A Babel locale from ``fr``, ``pt-BR`` or ``zh_Hant_TW``."""
    return Locale.parse(identifier.replace("-", "_"))


def is_known_locale(identifier: str) -> bool:
    try:
        parse_locale(identifier)
    except (UnknownLocaleError, ValueError):
        return False
    return True


@cache
def plural_categories(identifier: str) -> tuple[str, ...]:
    """The locale's cardinal plural categories in CLDR order, always ending with ``other``."""
    tags = set(parse_locale(identifier).plural_form.tags) | {"other"}
    return tuple(category for category in CLDR_ORDER if category in tags)
