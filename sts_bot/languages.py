"""Language subtags CLDR knows: tells a locale code from a word that merely looks like one."""

from __future__ import annotations

from functools import cache

from babel.core import get_global
from babel.localedata import load as load_locale_data

__all__ = ["is_known_language"]

# Subtags CLDR names that stand for no language a string file is translated into.
_NOT_LANGUAGES = frozenset({"und", "zxx", "mul", "mis"})


def is_known_language(subtag: str) -> bool:
    """True when CLDR names the language ``subtag`` (legacy aliases such as ``iw`` included).

    ``catalog.validate_locale`` checks syntax only, so ``now`` or ``please`` pass it.

    >>> is_known_language("kab"), is_known_language("iw"), is_known_language("please")
    (True, True, False)
    """
    language = subtag.lower()
    return language not in _NOT_LANGUAGES and language in _known_languages()


@cache
def _known_languages() -> frozenset[str]:
    names = load_locale_data("en")["languages"]
    aliases = get_global("language_aliases")
    return frozenset(names) | frozenset(aliases)
