"""Locale negotiation, CLDR fallback chains and likely subtags (UTS #35 §4.3)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from functools import lru_cache
from typing import Literal, NamedTuple

from babel import Locale
from babel.core import get_global

from i18n_lib._locale import LocaleArg

__all__ = [
    "LanguageTag",
    "add_likely_subtags",
    "fallback_chain",
    "negotiate_locale",
    "parse_accept_language",
    "parse_tag",
    "remove_likely_subtags",
]

_TAG_PART = re.compile(r"[-_]")
_Q_VALUE = re.compile(r"^q=([0-9.]+)$", re.IGNORECASE)


class LanguageTag(NamedTuple):
    """The subtags of a Unicode locale identifier; ``''`` where a subtag is absent."""

    language: str
    script: str = ""
    region: str = ""
    variants: tuple[str, ...] = ()

    def __str__(self) -> str:
        parts = [self.language, self.script, self.region, *self.variants]
        return "-".join(p for p in parts if p)

    @property
    def key(self) -> str:
        """The underscore form used as a key in Babel's global data."""
        return "_".join(p for p in (self.language, self.script, self.region) if p)


@lru_cache(maxsize=4096)
def _parse_str(text: str) -> LanguageTag:
    parts = _TAG_PART.split(text.strip())
    if not all(parts) or not parts[0].isalpha() or not 2 <= len(parts[0]) <= 8:
        raise ValueError(f"not a locale identifier: {text!r}")
    language, script, region = parts[0].lower(), "", ""
    variants: list[str] = []
    for part in parts[1:]:
        if not script and not region and not variants and len(part) == 4 and part.isalpha():
            script = part.title()
        elif (
            not region
            and not variants
            and ((len(part) == 2 and part.isalpha()) or (len(part) == 3 and part.isdigit()))
        ):
            region = part.upper()
        else:
            variants.append(part.upper() if not part[0].isdigit() else part)
    if language == "root":
        language = "und"
    return LanguageTag(language, script, region, tuple(variants))


def parse_tag(locale: LocaleArg) -> LanguageTag:
    """Split a locale (``Locale``, ``'zh-Hant-TW'`` or ``'zh_Hant_TW'``) into its subtags.

    Unlike :func:`i18n_lib.to_locale` this needs no Babel locale data, so it accepts any
    well-formed tag (``'qaa-Cyrl'``, ``'und-Egyp'``).

    >>> parse_tag('zh_hant_tw')
    LanguageTag(language='zh', script='Hant', region='TW', variants=())
    >>> str(parse_tag('ca-es-valencia'))
    'ca-ES-VALENCIA'
    """
    if isinstance(locale, Locale):
        variants = (locale.variant,) if locale.variant else ()
        return LanguageTag(locale.language, locale.script or "", locale.territory or "", variants)
    return _parse_str(locale)


def _lookup_likely(tag: LanguageTag) -> LanguageTag | None:
    likely: Mapping[str, str] = get_global("likely_subtags")
    lang, script, region = tag.language, tag.script, tag.region
    candidates = [
        (lang, script, region),
        (lang, script, ""),
        (lang, "", region),
        (lang, "", ""),
    ]
    for parts in candidates:
        if (parts[1] and not script) or (parts[2] and not region):
            continue
        found = likely.get("_".join(p for p in parts if p))
        if found is not None:
            return _parse_str(found)
    return None


@lru_cache(maxsize=4096)
def _maximize(tag: LanguageTag) -> LanguageTag | None:
    script = "" if tag.script == "Zzzz" else tag.script
    region = "" if tag.region == "ZZ" else tag.region
    source = LanguageTag(tag.language, script, region)
    match = _lookup_likely(source)
    if match is None:
        return None
    return LanguageTag(
        match.language if source.language == "und" else source.language,
        source.script or match.script,
        source.region or match.region,
        tag.variants,
    )


def add_likely_subtags(locale: LocaleArg) -> str:
    """Return the maximal form of ``locale`` per CLDR's likely subtags (UTS #35 §4.3).

    Raises ``ValueError`` when CLDR has no likely subtags for the language (private-use
    languages such as ``qaa``).

    >>> add_likely_subtags('zh-TW')
    'zh-Hant-TW'
    >>> add_likely_subtags('und-419')
    'es-Latn-419'
    >>> add_likely_subtags('sr_ME')
    'sr-Latn-ME'
    """
    maximal = _maximize(parse_tag(locale))
    if maximal is None:
        raise ValueError(f"no likely subtags for {locale!s}")
    return str(maximal)


def remove_likely_subtags(
    locale: LocaleArg, *, favor: Literal["script", "region"] = "script"
) -> str:
    """Return the shortest tag that maximizes to the same tag as ``locale`` (UTS #35 §4.3).

    ``favor='script'`` keeps a script rather than a region when either alone would do
    (``zh-Hant``); ``favor='region'`` keeps the region (``zh-TW``).

    >>> remove_likely_subtags('zh-Hant-TW')
    'zh-Hant'
    >>> remove_likely_subtags('zh-Hant-TW', favor='region')
    'zh-TW'
    >>> remove_likely_subtags('en-Latn-US')
    'en'
    """
    tag = parse_tag(locale)
    maximal = _maximize(tag)
    if maximal is None:
        raise ValueError(f"no likely subtags for {locale!s}")
    lang, script, region = maximal.language, maximal.script, maximal.region
    trials = [LanguageTag(lang)]
    with_script, with_region = LanguageTag(lang, script), LanguageTag(lang, "", region)
    trials += [with_region, with_script] if favor == "region" else [with_script, with_region]
    for trial in trials:
        if _maximize(trial) == LanguageTag(lang, script, region):
            return str(trial._replace(variants=tag.variants))
    return str(maximal)


def _default_script(language: str) -> str:
    maximal = _maximize(LanguageTag(language))
    return maximal.script if maximal else ""


def _parent(tag: LanguageTag) -> LanguageTag | None:
    parents: Mapping[str, str] = get_global("parent_exceptions")
    if tag.variants:
        return tag._replace(variants=tag.variants[:-1])
    explicit = parents.get(tag.key)
    if explicit is not None:
        return None if explicit == "root" else _parse_str(explicit)
    if tag.region:
        script = tag.script
        if not script:
            maximal = _maximize(tag)
            if maximal and maximal.script != _default_script(tag.language):
                script = maximal.script
        return LanguageTag(tag.language, script)
    if tag.script:
        # CLDR makes root the parent of every locale written in a non-default script.
        return LanguageTag(tag.language) if tag.script == _default_script(tag.language) else None
    return None


@lru_cache(maxsize=2048)
def _chain(tag: LanguageTag) -> tuple[str, ...]:
    chain: list[str] = []
    current: LanguageTag | None = tag
    while current is not None and current.language != "und":
        chain.append(str(current))
        current = _parent(current)
    return tuple(chain)


def fallback_chain(locale: LocaleArg) -> list[str]:
    """Return ``locale`` followed by its CLDR parent locales, most specific first (no root).

    Follows CLDR's parent-locale data, so Latin American Spanish and Commonwealth English
    skip a level that plain truncation would not, and a locale in a non-default script
    never falls back to the other script.

    >>> fallback_chain('es-MX')
    ['es-MX', 'es-419', 'es']
    >>> fallback_chain('en_AU')
    ['en-AU', 'en-001', 'en']
    >>> fallback_chain('zh-TW')
    ['zh-TW', 'zh-Hant']
    >>> fallback_chain('sr-Latn-RS')
    ['sr-Latn-RS', 'sr-Latn']
    """
    return list(_chain(parse_tag(locale)))


def parse_accept_language(header: str) -> list[str]:
    """Return the tags of an ``Accept-Language`` header, best first (q=0 and ``*`` dropped).

    >>> parse_accept_language('fr-CH, fr;q=0.9, en;q=0.8, de;q=0.7, *;q=0.5')
    ['fr-CH', 'fr', 'en', 'de']
    >>> parse_accept_language('en;q=0.2, ja')
    ['ja', 'en']
    """
    weighted: list[tuple[float, int, str]] = []
    for index, item in enumerate(header.split(",")):
        tag, *params = (p.strip() for p in item.split(";"))
        quality = 1.0
        for param in params:
            match = _Q_VALUE.match(param)
            if match:
                try:
                    quality = float(match.group(1))
                except ValueError:
                    quality = 0.0
        if tag and tag != "*" and quality > 0:
            weighted.append((-quality, index, tag))
    return [tag for _, _, tag in sorted(weighted)]


def _safe_parse(text: str) -> LanguageTag | None:
    try:
        return _parse_str(text)
    except ValueError:
        return None


def _match_one(wanted: LanguageTag, offered: list[tuple[LanguageTag, str]]) -> str | None:
    by_tag = {str(tag).lower(): original for tag, original in offered}
    for candidate in _chain(wanted):
        if candidate.lower() in by_tag:
            return by_tag[candidate.lower()]
    wanted_max = _maximize(wanted)
    if wanted_max is None:
        return None
    same_script = None
    for tag, original in offered:
        offered_max = _maximize(tag)
        if offered_max is None or offered_max.language != wanted_max.language:
            continue
        if offered_max[:3] == wanted_max[:3]:
            return original
        if same_script is None and offered_max.script == wanted_max.script:
            same_script = original
    return same_script


def negotiate_locale(
    preferred: str | Iterable[str], available: Iterable[str], default: str | None = None
) -> str | None:
    """Return the entry of ``available`` that best serves the user's ``preferred`` locales.

    ``preferred`` is a list of tags, best first, or an ``Accept-Language`` header. For each
    preferred locale in turn: an available locale on its CLDR fallback chain wins (so
    ``es-MX`` gets ``es-419`` before ``es``, where Babel answers ``es``); else one that
    maximizes to the same language, script and region; else one in the same language and
    script. The answer is spelled as in ``available``; ``default`` when nothing fits.

    >>> negotiate_locale(['es-MX'], ['en', 'es', 'es-419'])
    'es-419'
    >>> negotiate_locale('de-CH;q=0.9, fr;q=1.0', ['de', 'en_US'])
    'de'
    >>> negotiate_locale(['zh-TW'], ['zh-Hans', 'zh-Hant']) # never Simplified for Taiwan
    'zh-Hant'
    >>> negotiate_locale(['en'], ['fr', 'en_GB'])
    'en_GB'
    >>> negotiate_locale(['ja'], ['fr'], default='en')
    'en'
    """
    wanted_tags = parse_accept_language(preferred) if isinstance(preferred, str) else preferred
    offered = [(tag, item) for item in available if (tag := _safe_parse(item)) is not None]
    for text in wanted_tags:
        wanted = _safe_parse(text)
        if wanted is None:
            continue
        match = _match_one(wanted, offered)
        if match is not None:
            return match
    return default
