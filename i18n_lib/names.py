"""Format person names per locale with CLDR data, following UTS #35 Part 8 (Person Names).

Babel has no person-name data; this module ships CLDR's (built by
``scripts/build_person_names_data.py``) and implements the formatting process of UTS #35
Part 8 the way ICU does: name order from the name's and the formatter's locales, a switch to
the name's locale when its script differs, pattern choice by populated fields, modifiers with
derivation (initials, monograms, capitals, prefix/core), empty-field cleanup and space
replacement between scripts. ``honorific`` (Japanese 様 / さん) is our extension, not CLDR.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache
from types import MappingProxyType
from typing import Final, Literal

from babel import Locale

from i18n_lib._locale import LocaleArg, to_locale
from i18n_lib._names_data import (
    FORMALITIES,
    LENGTHS,
    ORDERS,
    USAGES,
    LocaleId,
    NameLocaleData,
    cldr_version,
    locale_data,
    maximize,
    parent_locale,
    parse_locale_id,
    script_of,
)
from i18n_lib._names_pattern import FIELDS, MODIFIERS, FieldRef, NamePattern, parse_pattern, render
from i18n_lib._names_text import all_caps, initial_cap, initials, monogram

__all__ = ["PersonName", "format_person_name", "person_names_cldr_version"]

Order = Literal["givenFirst", "surnameFirst", "sorting"]
Length = Literal["long", "medium", "short"]
Usage = Literal["referring", "addressing", "monogram"]
Formality = Literal["formal", "informal"]
Honorific = Literal["sama", "san"]

HONORIFIC_SUFFIXES: Final = MappingProxyType({"sama": "様", "san": "さん"})
_NO_MODIFIERS: Final[frozenset[str]] = frozenset()
# Scripts a locale's script code stands for (Jpan = Hani + Hira + Kana, …).
_SCRIPT_SETS: Final = MappingProxyType(
    {
        "Jpan": frozenset({"Jpan", "Hani", "Hira", "Kana"}),
        "Kore": frozenset({"Kore", "Hang", "Hani"}),
        "Hans": frozenset({"Hans", "Hani"}),
        "Hant": frozenset({"Hant", "Hani"}),
        "Hanb": frozenset({"Hanb", "Hani", "Bopo"}),
    }
)
_HAN_FAMILY: Final = frozenset({"Hani", "Hira", "Kana"})
_CJK_LANGUAGES: Final = frozenset({"ja", "zh"})


class PersonName:
    """A person's name: CLDR fields (with modifiers) mapped to text, plus the name's locale.

    Keys are field names optionally followed by modifiers, e.g. ``given``,
    ``given-informal``, ``surname-prefix``, ``surname-core``; the key ``locale`` holds the
    name's own locale (``'ja'``, ``'de-CH'``). Empty values count as missing.

    >>> name = PersonName({'given': 'Ada', 'surname-prefix': 'van', 'surname-core': 'Berg'})
    >>> name.value('surname')
    'van Berg'
    >>> PersonName({'given': 'Ada'}).locale is None
    True
    """

    __slots__ = ("_script", "_table", "fields", "locale")

    def __init__(self, fields: Mapping[str, str]) -> None:
        table: dict[str, dict[frozenset[str], str]] = {}
        locale: str | None = None
        for key, value in fields.items():
            if key == "locale":
                locale = value or None
                continue
            field, *modifiers = key.split("-")
            if field not in FIELDS or not MODIFIERS.issuperset(modifiers):
                raise ValueError(f"unknown person-name field {key!r}")
            if value:
                table.setdefault(field, {})[frozenset(modifiers)] = value
        _derive_plain_surname(table)
        self.fields: Mapping[str, str] = MappingProxyType(dict(fields))
        self.locale = locale
        self._table = table
        self._script: str | None = None

    def __repr__(self) -> str:
        return f"PersonName({dict(self.fields)!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, PersonName) and self.fields == other.fields

    def __hash__(self) -> int:
        return hash(frozenset(self.fields.items()))

    def has(self, field: str) -> bool:
        """Whether the name has any value for ``field``."""
        return field in self._table

    def value(self, field: str, modifiers: frozenset[str] = _NO_MODIFIERS) -> str | None:
        """The stored value best matching ``field`` and ``modifiers``, unmodified."""
        return self.lookup(field, modifiers)[0]

    def lookup(self, field: str, modifiers: frozenset[str]) -> tuple[str | None, frozenset[str]]:
        """The stored value best matching the request, and the modifiers it leaves to apply."""
        variants = self._table.get(field)
        if variants is None:
            return None, modifiers
        exact = variants.get(modifiers)
        if exact is not None:
            return exact, _NO_MODIFIERS
        if _NO_MODIFIERS not in variants:
            return None, modifiers
        best = _NO_MODIFIERS
        for stored in variants:
            if stored <= modifiers and (
                len(stored) > len(best)
                or (len(stored) == len(best) and sorted(stored) < sorted(best))
            ):
                best = stored
        return variants[best], modifiers - best

    @property
    def script(self) -> str:
        """The name's script: the first letter's script in the surname, then the given name."""
        if self._script is None:
            text = (self.value("surname") or "") + (self.value("given") or "")
            self._script = next(
                (s for s in map(script_of, text) if s not in ("Zyyy", "Zinh", "Zzzz")), "Zzzz"
            )
        return self._script


def _derive_plain_surname(table: dict[str, dict[frozenset[str], str]]) -> None:
    """Give ``surname`` a plain value from ``-prefix`` and ``-core`` when only those exist."""
    variants = table.get("surname")
    if variants is None or _NO_MODIFIERS in variants:
        return
    parts = [variants.get(frozenset({m})) for m in ("prefix", "core")]
    plain = " ".join(part for part in parts if part)
    if plain:
        variants[_NO_MODIFIERS] = plain


def _locale_id(locale: Locale) -> LocaleId:
    return _babel_locale_id(str(locale))


@lru_cache(maxsize=512)
def _babel_locale_id(identifier: str) -> LocaleId:
    return parse_locale_id(identifier)


def _scripts_match(name_script: str, locale: LocaleId) -> bool:
    if name_script == "Zzzz":
        return True
    script = maximize(locale).script
    return name_script in _SCRIPT_SETS.get(script, frozenset({script}))


def _with_script(base: LocaleId | None, script: str, region: str) -> LocaleId | None:
    """The name locale in the name's script (ICU's ``newLocaleWithScript``)."""
    if script == "Zzzz":
        return base
    if base is not None:
        language, region = base.language, base.region
        default = maximize(base).script
        working = base
    else:
        language = maximize(LocaleId("und", script)).language
        working = maximize(LocaleId(language))
        default = working.script
    if script != default and _scripts_match(script, working):
        script = default
    return LocaleId(language, script, region)


def _has_own_data(locale: LocaleId) -> bool:
    data = locale_data(locale)
    return data.has_data and parse_locale_id(data.locale_id).language == locale.language


def _formatting_locale(script: str, name_locale: LocaleId | None, formatter: LocaleId) -> LocaleId:
    """Switch to a locale of the name's script when the formatter's script does not match."""
    if _scripts_match(script, formatter) or name_locale is None:
        return formatter
    if _has_own_data(name_locale):
        return name_locale
    switched = _with_script(None, script, name_locale.region)
    return switched if switched is not None else formatter


def _parent_chain(locale: LocaleId) -> list[str]:
    chain: list[str] = []
    current: str | None = str(locale)
    while current is not None and current not in chain:
        chain.append(current)
        current = parent_locale(current)
    if locale.language not in chain:
        chain.append(locale.language)
    return chain


def _name_order(name_locale: LocaleId | None, data: NameLocaleData, formatter: LocaleId) -> str:
    """Given-first or surname-first, from the name's locale and the formatter's order lists."""
    locale = name_locale if name_locale is not None else formatter
    if locale.script in _HAN_FAMILY:
        locale = maximize(LocaleId(locale.language, "", locale.region))
    for candidate in _parent_chain(locale):
        und = "und" + candidate[candidate.index("_") :] if "_" in candidate else "und"
        for tag in (candidate, und):
            if tag in data.given_first:
                return "givenFirst"
            if tag in data.surname_first:
                return "surnameFirst"
    return "givenFirst"


class _GivenAsSurname:
    """A view of a name without surname in which the given name stands in for the surname."""

    __slots__ = ("_name",)

    def __init__(self, name: PersonName) -> None:
        self._name = name

    def lookup(self, field: str, modifiers: frozenset[str]) -> tuple[str | None, frozenset[str]]:
        if field == "given":
            return None, modifiers
        return self._name.lookup("given" if field == "surname" else field, modifiers)


def _field_text(
    name: PersonName | _GivenAsSurname, ref: FieldRef, data: NameLocaleData, language: str
) -> str | None:
    value, remaining = name.lookup(ref.field, ref.modifiers)
    if not value or not remaining:
        return value
    if "prefix" in remaining:
        return None
    if "initial" in remaining:
        value = initials(
            value, data.initial, data.initial_sequence, retain="retain" in ref.modifiers
        )
    elif "monogram" in remaining:
        value = monogram(value)
    if "initialCap" in remaining:
        value = initial_cap(value, language)
    if "allCaps" in remaining:
        value = all_caps(value, language)
    return value


def _best_render(
    patterns: tuple[str, ...], name: PersonName, data: NameLocaleData, language: str
) -> str:
    best: tuple[NamePattern, list[str | None]] | None = None
    best_score = (-1, 0)
    for text in patterns:
        pattern = parse_pattern(text)
        source: PersonName | _GivenAsSurname = name
        if not name.has("surname") and not pattern.has_plain_given:
            source = _GivenAsSurname(name)
        values = [_field_text(source, ref, data, language) for ref in pattern.refs]
        populated = sum(1 for v in values if v)
        score = (populated, -(len(values) - populated))
        if score > best_score:
            best, best_score = (pattern, values), score
    assert best is not None  # CLDR has at least one pattern per slot
    return render(*best)


def _check(value: str, allowed: tuple[str, ...], what: str) -> None:
    if value not in allowed:
        raise ValueError(f"{what} must be one of {', '.join(allowed)}, not {value!r}")


def format_person_name(
    fields: Mapping[str, str] | PersonName,
    locale: LocaleArg,
    *,
    order: Order | None = None,
    length: Length = "medium",
    usage: Usage = "referring",
    formality: Formality = "formal",
    honorific: Honorific | None = None,
) -> str:
    """Format a person's name for ``locale`` with CLDR's person-name patterns.

    ``fields`` maps CLDR field names, optionally with modifiers, to text (see
    :class:`PersonName`); ``locale`` in ``fields`` is the name's own locale. ``order`` is
    ``givenFirst``, ``surnameFirst`` or ``sorting``; by default it is derived from the
    name's locale and the formatter's ``nameOrderLocales``.

    >>> format_person_name({'given': 'Ada', 'surname': 'Lovelace'}, 'en-US')
    'Ada Lovelace'
    >>> format_person_name({'given': 'Ada', 'surname': 'Lovelace'}, 'en', order='sorting')
    'Lovelace, Ada'
    >>> format_person_name({'given': 'Mary Beth', 'surname': 'Smith'}, 'en', length='short')
    'M.B. Smith'
    >>> format_person_name({'given': 'Ada', 'surname': 'Lovelace'}, 'en', usage='monogram')
    'L'

    A Japanese name is written surname first without a space, a foreign name in katakana
    with ``・`` between its parts (CLDR's native and foreign space replacements):

    >>> format_person_name({'given': '太郎', 'surname': '山田', 'locale': 'ja'}, 'ja_JP')
    '山田太郎'
    >>> einstein = {'given': 'アルベルト', 'surname': 'アインシュタイン', 'locale': 'de'}
    >>> format_person_name(einstein, 'ja')
    'アルベルト・アインシュタイン'

    A name in another script is formatted with a locale of that script:

    >>> format_person_name({'given': 'Albert', 'surname': 'Einstein', 'locale': 'de'}, 'ja')
    'Albert Einstein'

    ``honorific`` (our extension, not CLDR) appends the Japanese honorific ``様`` (``'sama'``)
    or ``さん`` (``'san'``) in place of the title; it needs a Japanese formatting locale:

    >>> name = {'given': '太郎', 'surname': '山田', 'locale': 'ja'}
    >>> format_person_name(name, 'ja', length='short', usage='addressing', honorific='sama')
    '山田様'
    >>> format_person_name(name, 'ja', length='short', usage='addressing', honorific='san')
    '山田さん'
    """
    if order is not None:
        _check(order, ORDERS, "order")
    _check(length, LENGTHS, "length")
    _check(usage, USAGES, "usage")
    _check(formality, FORMALITIES, "formality")
    name = fields if isinstance(fields, PersonName) else PersonName(fields)
    formatter = _locale_id(to_locale(locale))
    if honorific is not None:
        name = _prepare_honorific(name, formatter, honorific, order, usage)
    if not name.has("given") and not name.has("surname"):
        raise ValueError("a person name needs a given name or a surname")
    text = _format(name, formatter, order, length, usage, formality)
    return text + HONORIFIC_SUFFIXES[honorific] if honorific is not None else text


def _prepare_honorific(
    name: PersonName, formatter: LocaleId, honorific: str, order: str | None, usage: str
) -> PersonName:
    if honorific not in HONORIFIC_SUFFIXES:
        raise ValueError(f"honorific must be 'sama', 'san' or None, not {honorific!r}")
    if formatter.language != "ja":
        raise ValueError("honorific is a Japanese extension: it needs a 'ja' formatting locale")
    if usage == "monogram" or order == "sorting":
        raise ValueError("honorific does not apply to monograms or sorting order")
    return PersonName({k: v for k, v in name.fields.items() if not k.startswith("title")})


def _format(
    name: PersonName,
    formatter: LocaleId,
    order: str | None,
    length: str,
    usage: str,
    formality: str,
) -> str:
    data, language, derived_order, space = _resolve(name.locale, name.script, formatter)
    if usage == "monogram" and order == "sorting":
        order = None
    elif order == "sorting":
        usage = "referring"
    patterns = data.patterns(order or derived_order, length, usage, formality)
    text = _best_render(patterns, name, data, language)
    return text.replace(" ", space) if space != " " else text


@lru_cache(maxsize=1024)
def _resolve(
    name_locale_text: str | None, script: str, formatter: LocaleId
) -> tuple[NameLocaleData, str, str, str]:
    """The data and language to format with, the derived order and the space replacement."""
    given_locale = parse_locale_id(name_locale_text) if name_locale_text else None
    name_locale = _with_script(given_locale, script, "")
    formatting = _formatting_locale(script, name_locale, formatter)
    data = locale_data(formatting)
    order = _name_order(given_locale or name_locale, data, formatting)
    space = " "
    if data.native_space != " " or data.foreign_space != " ":
        native = _languages_match(name_locale or formatting, formatting)
        space = data.native_space if native else data.foreign_space
    return data, formatting.language, order, space


def _languages_match(name_locale: LocaleId, formatting: LocaleId) -> bool:
    return (
        name_locale.language == formatting.language
        or {
            name_locale.language,
            formatting.language,
        }
        <= _CJK_LANGUAGES
    )


def person_names_cldr_version() -> str:
    """The CLDR version of the shipped person-name data.

    >>> person_names_cldr_version().split('.')[0].isdigit()
    True
    """
    return cldr_version()
