"""Turn locale arguments (``Locale``, ``'ja-JP'``, ``'de-u-nu-arab'``) into Locales.

Every Locale this module returns owns its CLDR data: Babel shares one data tree between a
locale and its parents and resolves aliases in place, so what a shared ``Locale`` answers
depends on which locale was read first (``de-CH`` accounting after ``de``). Ours load the
locale's chain of data files afresh, so the answer depends only on the tag.
"""

from __future__ import annotations

import pickle
import re
from collections.abc import Mapping, MutableMapping
from functools import lru_cache
from typing import Any

from babel import Locale, UnknownLocaleError, localedata
from babel.core import get_global
from babel.dates import parse_pattern as parse_date_pattern

__all__ = ["LocaleArg", "locale_extensions", "locale_tag", "to_locale"]

LocaleArg = Locale | str

# CLDR languageAlias entries (supplementalMetadata.xml) that Babel's alias table lacks.
_EXTRA_ALIASES = {"ars": "ar_SA", "no_bok": "nb", "no_nyn": "nn"}
_HOUR_CYCLES = {"h23": "H", "h24": "k", "h12": "h", "h11": "K"}
_HOUR_FIELD = re.compile(r"('[^']*')|[hHkK]+")
# The day period and the spaces that join it to the time ("h:mm a", "a h:mm", "ah:mm").
_DAY_PERIOD = re.compile(r"('[^']*')|[aBb]+")
_LAST_TIME_FIELD = re.compile(r"(?<!')[ms]+")
_SPACES = re.compile(r"('[^']*')|(\s)\s+")


def _split_extensions(text: str) -> tuple[str, dict[str, str]]:
    """Split ``de-CH-u-nu-arab-hc-h23`` into ``('de_CH', {'nu': 'arab', 'hc': 'h23'})``."""
    parts = re.split(r"[-_]", text.strip())
    keywords: dict[str, str] = {}
    for index, part in enumerate(parts):
        if index and len(part) == 1:  # a singleton starts the extensions
            base = parts[:index]
            rest = parts[index:]
            break
    else:
        return "_".join(parts), keywords
    singleton, key = "", ""
    for part in rest:
        lower = part.lower()
        if len(lower) == 1:
            singleton, key = lower, ""
        elif singleton == "u" and len(lower) == 2:
            key = lower
            keywords[key] = ""
        elif singleton == "u" and key:
            keywords[key] = (keywords[key] + "-" + lower).strip("-")
    return "_".join(base), keywords


def _canonical(identifier: str) -> str:
    """Apply CLDR's language aliases (``iw`` → ``he``, ``sh`` → ``sr_Latn``)."""
    aliases: Mapping[str, str] = get_global("language_aliases")
    language, _, rest = identifier.partition("_")
    lowered = language.lower()
    replacement = _EXTRA_ALIASES.get(lowered) or aliases.get(lowered)
    if replacement is None:
        return identifier
    if not rest:
        return replacement
    # A tag's own script or region wins over the alias's (``sh_ME`` → ``sr_Latn_ME``).
    new_language, _, alias_rest = replacement.partition("_")
    own = rest.split("_")
    alias_parts = [p for p in alias_rest.split("_") if p]
    has_script = len(own[0]) == 4
    merged = [p for p in alias_parts if not (len(p) == 4 and has_script)]
    merged = [p for p in merged if len(p) == 4 or not any(len(o) in (2, 3) for o in own)]
    return "_".join([new_language, *merged, *own])


def _parent(name: str) -> str:
    parent: str | None = get_global("parent_exceptions").get(name)
    if parent:
        return parent
    parts = name.split("_")
    if len(parts) == 1:
        return "root"
    if len(parts) == 2 and len(parts[1]) == 4:  # a script: non-default scripts go to root
        likely: Mapping[str, str] = get_global("likely_subtags")
        if parts[1] not in likely.get(parts[0], ""):
            return "root"
    return "_".join(parts[:-1])


def _read(name: str) -> dict[str, Any]:
    with open(localedata.resolve_locale_filename(name), "rb") as file:
        data: dict[str, Any] = pickle.load(file)
    return data


def _own_data(name: str) -> dict[str, Any]:
    """The merged CLDR data of ``name`` as a tree that nothing else holds."""
    chain = [name]
    while chain[-1] != "root":
        chain.append(_parent(chain[-1]))
    data = _read("root")
    for step in reversed(chain[:-1]):
        localedata.merge(data, _read(step))
    return data


def _apply_hour_cycle(data: dict[str, Any], cycle: str) -> None:
    letter = _HOUR_CYCLES[cycle]

    def convert(pattern: str) -> str:
        if not re.search(r"[hHkK]", re.sub(r"'[^']*'", "", pattern)):
            return pattern
        # ICU pads the 24-hour cycles to two digits (``HH:mm``), not the 12-hour ones.
        width = 2 if letter in "Hk" else 1
        text = _HOUR_FIELD.sub(lambda m: m.group(1) or letter * width, pattern)
        if letter in "Hk":
            text = _DAY_PERIOD.sub(lambda m: m.group(1) or "", text)
            text = _SPACES.sub(lambda m: m.group(1) or m.group(2), text).strip()
        elif not re.search(r"[aBb]", re.sub(r"'[^']*'", "", text)):
            # A 12-hour cycle needs a day period: after the minutes or seconds, as ICU.
            last = list(_LAST_TIME_FIELD.finditer(text))
            if last:
                end = last[-1].end()
                text = text[:end] + " a" + text[end:]
        return text

    for key in ("time_formats", "datetime_skeletons"):
        table = data.get(key) or {}
        for name, value in list(table.items()):
            pattern = getattr(value, "pattern", None)
            if isinstance(pattern, str):
                table[name] = parse_date_pattern(convert(pattern))


class _OwnLocale(Locale):
    """A Locale with its own data; its ``-u-`` keywords take part in equality and hashing."""

    keywords: tuple[tuple[str, str], ...] = ()

    def __eq__(self, other: object) -> bool:
        return super().__eq__(other) and self.keywords == getattr(other, "keywords", ())

    def __ne__(self, other: object) -> bool:
        return not self == other

    def __hash__(self) -> int:
        return hash((super().__hash__(), self.keywords))


@lru_cache(maxsize=1024)
def _parse(identifier: str) -> Locale:
    base, keywords = _split_extensions(identifier)
    name = _canonical(base)
    try:
        parsed = Locale.parse(name)
    except (ValueError, UnknownLocaleError) as exc:
        raise ValueError(f"unknown locale {identifier!r}: {exc}") from exc
    loc = _OwnLocale(parsed.language, parsed.territory, parsed.script, parsed.variant)
    data_name = str(loc) if localedata.exists(str(loc)) else str(parsed)
    try:
        data = _own_data(data_name if localedata.exists(data_name) else parsed.language)
    except OSError as exc:  # pragma: no cover - Babel.parse accepted it, so its data exists
        raise ValueError(f"unknown locale {identifier!r}: {exc}") from exc
    system = keywords.get("nu")
    if system:
        data.setdefault("numbering_systems", {})["default"] = system
        data["default_numbering_system"] = system
    cycle = keywords.get("hc")
    if cycle in _HOUR_CYCLES:
        _apply_hour_cycle(data, cycle)
    data["i18n_lib_extensions"] = keywords
    loc.keywords = tuple(sorted(keywords.items()))
    own: MutableMapping[str | int | None, Any] = data  # type: ignore[assignment]
    loc._Locale__data = localedata.LocaleDataDict(own)  # type: ignore[attr-defined]
    return loc


def to_locale(locale: LocaleArg) -> Locale:
    """Return ``locale`` as a :class:`babel.Locale` with data of its own (cached per tag).

    BCP 47 ``-u-`` keywords ``nu`` (numbering system) and ``hc`` (hour cycle) are applied
    to the locale's data; ``cu`` is kept for :func:`locale_extensions`. CLDR's language
    aliases are followed.

    >>> to_locale('ja-JP')
    Locale('ja', territory='JP')
    >>> to_locale('pt_BR').territory
    'BR'
    >>> to_locale('iw'), to_locale('sh'), to_locale('ars')
    (Locale('he'), Locale('sr', script='Latn'), Locale('ar', territory='SA'))
    >>> to_locale('de-u-nu-arab').default_numbering_system
    'arab'
    """
    if isinstance(locale, _OwnLocale):
        return locale
    if isinstance(locale, Locale):
        return _from_locale(locale)
    return _parse(locale)


@lru_cache(maxsize=1024)
def _from_locale(locale: Locale) -> Locale:
    return _parse(str(locale))


def locale_extensions(locale: LocaleArg) -> dict[str, str]:
    """Return the ``-u-`` keywords of ``locale`` (``{'cu': 'eur'}`` for ``'de-u-cu-eur'``).

    >>> locale_extensions('en-US-u-hc-h23-cu-eur')
    {'hc': 'h23', 'cu': 'eur'}
    """
    keywords: dict[str, str] = to_locale(locale)._data["i18n_lib_extensions"]
    return dict(keywords)


def locale_tag(locale: LocaleArg) -> str:
    """Return the BCP 47 tag (hyphenated) of ``locale``.

    >>> locale_tag('zh_Hant_TW')
    'zh-Hant-TW'
    """
    return str(to_locale(locale)).replace("_", "-")
