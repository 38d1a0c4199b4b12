"""CLDR 47 data that Babel lacks (``_cldr_extra.json``), looked up along the locale's chain."""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

from babel import Locale

from i18n_lib._locale import _parent

__all__ = ["cldr_value"]

_DATA = Path(__file__).with_name("_cldr_extra.json")


@lru_cache(maxsize=1)
def _locales() -> dict[str, dict[str, str]]:
    data: dict[str, dict[str, str]] = json.loads(_DATA.read_text(encoding="utf-8"))["locales"]
    return data


@lru_cache(maxsize=1024)
def _chain(name: str) -> tuple[dict[str, str], ...]:
    locales = _locales()
    chain = [name]
    while chain[-1] != "root":
        chain.append(_parent(chain[-1]))
    return tuple(locales[step] for step in chain if step in locales)


def cldr_value(locale: Locale, key: str) -> str | None:
    """The value of ``key`` (see ``_cldr_extra_build``) for ``locale``, or ``None``.

    >>> from i18n_lib._locale import to_locale
    >>> cldr_value(to_locale('de'), 'at.long'), cldr_value(to_locale('fr'), 'narrow.USD')
    ("{1} 'um' {0}", '$')
    """
    name = "_".join(p for p in (locale.language, locale.script, locale.territory) if p)
    for entries in _chain(name):
        value = entries.get(key)
        if value is not None:
            return value
    return None
