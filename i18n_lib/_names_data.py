"""Lazy access to the shipped CLDR person-name data, the Unicode script table and likely subtags."""

from __future__ import annotations

import bisect
import gzip
import json
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources
from typing import Any

from babel.core import get_global

__all__ = [
    "FORMALITIES",
    "LENGTHS",
    "ORDERS",
    "USAGES",
    "LocaleId",
    "NameLocaleData",
    "cldr_version",
    "locale_data",
    "maximize",
    "parent_locale",
    "parse_locale_id",
    "script_of",
]

ORDERS = ("givenFirst", "surnameFirst", "sorting")
LENGTHS = ("long", "medium", "short")
USAGES = ("referring", "addressing", "monogram")
FORMALITIES = ("formal", "informal")


@dataclass(frozen=True, slots=True)
class LocaleId:
    """A parsed locale identifier: language, optional script and region (variants dropped)."""

    language: str
    script: str = ""
    region: str = ""

    def __str__(self) -> str:
        return "_".join(part for part in (self.language, self.script, self.region) if part)


@dataclass(frozen=True, slots=True)
class NameLocaleData:
    """One locale's person-name data, as CLDR resolves it."""

    locale_id: str
    given_first: frozenset[str]
    surname_first: frozenset[str]
    native_space: str
    foreign_space: str
    initial: str
    initial_sequence: str
    default_length: str
    default_formality: str
    has_data: bool
    slots: tuple[tuple[str, ...], ...]

    def patterns(self, order: str, length: str, usage: str, formality: str) -> tuple[str, ...]:
        """The patterns for one combination of parameters, the preferred one first."""
        index = ((ORDERS.index(order) * 3 + LENGTHS.index(length)) * 3 + USAGES.index(usage)) * 2
        return self.slots[index + FORMALITIES.index(formality)]


@cache
def _raw_data() -> dict[str, Any]:
    blob = resources.files("i18n_lib").joinpath("data/person_names.json.gz").read_bytes()
    data: dict[str, Any] = json.loads(gzip.decompress(blob))
    return data


@cache
def _script_table() -> tuple[list[int], list[int], list[str]]:
    text = resources.files("i18n_lib").joinpath("data/person_names_scripts.json").read_text("utf-8")
    ranges = json.loads(text)["ranges"]
    return [r[0] for r in ranges], [r[1] for r in ranges], [r[2] for r in ranges]


def cldr_version() -> str:
    """The CLDR release the shipped person-name data comes from."""
    return str(_raw_data()["cldr_version"])


def script_of(char: str) -> str:
    """The Unicode Script property (short code) of one character: ``Zyyy``, ``Latn``, ``Zzzz``…"""
    starts, ends, codes = _script_table()
    codepoint = ord(char)
    position = bisect.bisect_right(starts, codepoint) - 1
    if position >= 0 and codepoint <= ends[position]:
        return codes[position]
    return "Zzzz"


def parse_locale_id(text: str) -> LocaleId:
    """Split ``'zh-Hant_TW'`` into its language, script and region subtags."""
    parts = text.replace("-", "_").split("_")
    language, script, region = parts[0].lower() or "und", "", ""
    for part in parts[1:]:
        if not script and not region and len(part) == 4 and part.isalpha():
            script = part.title()
        elif not region and (
            (len(part) == 2 and part.isalpha()) or (len(part) == 3 and part.isdigit())
        ):
            region = part.upper()
    if language == "root":
        language = "und"
    return LocaleId(language, script, region)


@lru_cache(maxsize=512)
def maximize(locale: LocaleId) -> LocaleId:
    """Add likely subtags (CLDR ``likelySubtags``), as in UTS #35 "Likely Subtags"."""
    likely: Mapping[str, str] = get_global("likely_subtags")
    lang, script, region = locale.language, locale.script, locale.region
    candidates = []
    if script and region:
        candidates.append(f"{lang}_{script}_{region}")
    if region:
        candidates.append(f"{lang}_{region}")
    if script:
        candidates.append(f"{lang}_{script}")
    candidates.append(lang)
    if lang != "und" and script:
        candidates.append(f"und_{script}")
    for candidate in candidates:
        match = likely.get(candidate)
        if match is not None:
            found = parse_locale_id(match)
            return LocaleId(
                lang if lang != "und" else found.language,
                script or found.script,
                region or found.region,
            )
    return locale


def parent_locale(locale_id: str) -> str | None:
    """CLDR parent locale: explicit ``parentLocales`` first, then truncation."""
    parents: Mapping[str, str] = get_global("parent_exceptions")
    if locale_id in parents:
        parent = parents[locale_id]
        return None if parent == "root" else parent
    if "_" not in locale_id:
        return None
    return locale_id.rsplit("_", 1)[0]


def _lookup_chain(locale: LocaleId) -> list[str]:
    """Locale ids to try for data, most specific first: ``zh_TW`` → ``zh_Hant_TW`` → ``zh_Hant``."""
    start = str(locale)
    if not locale.script:
        full = maximize(locale)
        if full.script != maximize(LocaleId(locale.language)).script:
            start = str(LocaleId(locale.language, full.script, locale.region))
    chain: list[str] = []
    current: str | None = start
    while current is not None and current not in chain:
        chain.append(current)
        current = parent_locale(current)
    return chain


@lru_cache(maxsize=256)
def locale_data(locale: LocaleId) -> NameLocaleData:
    """The person-name data for ``locale``, found along the CLDR inheritance chain (root last)."""
    raw = _raw_data()
    locales: dict[str, int] = raw["locales"]
    for candidate in _lookup_chain(locale):
        if candidate in locales:
            return _record(candidate, locales[candidate])
    return _record("und", locales["und"])


@lru_cache(maxsize=256)
def _record(locale_id: str, index: int) -> NameLocaleData:
    raw = _raw_data()
    record = raw["records"][index]
    patterns: list[str] = raw["patterns"]
    return NameLocaleData(
        locale_id=locale_id,
        given_first=frozenset(record["given_first"]),
        surname_first=frozenset(record["surname_first"]),
        native_space=record["native_space"],
        foreign_space=record["foreign_space"],
        initial=record["initial"],
        initial_sequence=record["initial_sequence"],
        default_length=record["length"],
        default_formality=record["formality"],
        has_data=record["has_data"],
        slots=tuple(tuple(patterns[i] for i in slot) for slot in record["slots"]),
    )
