"""Translation checks as small declarative classes, one ``check`` method each, in a registry."""

from __future__ import annotations

import abc
import functools
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import ClassVar, NamedTuple

from babel import Locale, UnknownLocaleError

from catalog.base import PLURAL_CATEGORIES, Entry, Value
from catalog.qa.placeholders import extract_placeholders

__all__ = [
    "CHECKS",
    "Check",
    "EmptyTranslation",
    "MarkupBalance",
    "MaxLength",
    "PlaceholderMismatch",
    "PluralCategories",
    "Problem",
    "check_translation",
    "plural_categories",
]


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a translation, as data for PR comments and annotations."""

    key: str
    locale: str
    code: str
    message: str
    severity: str = "error"  # 'error' blocks; 'warning' informs


def plural_categories(locale: str) -> list[str]:
    """CLDR plural categories a locale uses, in CLDR order ('other' for unknown locales).

    >>> plural_categories("pl")
    ['one', 'few', 'many', 'other']
    """
    try:
        tags = set(Locale.parse(locale.replace("-", "_")).plural_form.tags)
    except (UnknownLocaleError, ValueError, TypeError):
        tags = set()
    tags.add("other")
    return [category for category in PLURAL_CATEGORIES if category in tags]


def _forms(value: Value) -> dict[str, str]:
    return {"": value} if isinstance(value, str) else dict(value)


class Check(abc.ABC):
    """A check of one translation against its source entry."""

    code: ClassVar[str]
    severity: ClassVar[str] = "error"

    def problem(self, source: Entry, locale: str, message: str) -> Problem:
        """A problem of this check's kind."""
        return Problem(source.key, locale, self.code, message, self.severity)

    @abc.abstractmethod
    def check(self, source: Entry, translation: Value, locale: str) -> list[Problem]:
        """Problems of ``translation`` (an empty list when it is fine)."""


class EmptyTranslation(Check):
    """A translation with no text where the source has some."""

    code = "empty"

    def check(self, source: Entry, translation: Value, locale: str) -> list[Problem]:
        empty = [form for form, text in _forms(translation).items() if not text.strip()]
        if not empty or not any(text.strip() for text in source.texts()):
            return []
        where = "" if empty == [""] else f" (forms: {', '.join(empty)})"
        return [self.problem(source, locale, f"translation is empty{where}")]


class PlaceholderMismatch(Check):
    """Placeholders missing, added or altered compared with the source."""

    code = "placeholders"

    def check(self, source: Entry, translation: Value, locale: str) -> list[Problem]:
        source_forms = _forms(source.value)
        reference = source_forms.get(
            "other", source_forms.get("", next(iter(source_forms.values()), ""))
        )
        problems: list[Problem] = []
        for form, text in _forms(translation).items():
            found = _facts(text).keys
            label = f" in '{form}'" if form else ""
            if form in ("", "other"):
                expected = _source_facts(source_forms.get(form, reference)).keys
                if found == expected:  # the usual case: nothing missing, nothing extra
                    continue
                missing, extra = (
                    Counter(expected) - Counter(found),
                    Counter(found) - Counter(expected),
                )
            else:  # 'one'/'zero' forms often spell the number out: only extras count
                if not found:
                    continue
                known = Counter[str]()
                for source_text in source_forms.values():
                    known |= Counter(_source_facts(source_text).keys)
                missing, extra = Counter(), Counter(found) - known
            if missing:
                problems.append(
                    self.problem(source, locale, f"missing placeholders{label}: {_list(missing)}")
                )
            if extra:
                problems.append(
                    self.problem(source, locale, f"unexpected placeholders{label}: {_list(extra)}")
                )
        return problems


class _TextFacts(NamedTuple):
    """What the checks need of one text, from as few scans of it as its characters allow.

    Keys and tags are sorted tuples: equal tuples are equal multisets, compared without
    building a Counter (one is built only when they differ).
    """

    keys: tuple[str, ...]  # placeholder keys, markup left out
    tags: tuple[str, ...]  # markup tags (markup read alone, as tags inside xliff:g count too)
    balanced: bool  # markup tags open and close in pairs


_PLAIN = _TextFacts((), (), True)


@functools.lru_cache(maxsize=1024)  # small: a translation is looked at by two checks in a row
def _facts(text: str) -> _TextFacts:
    """Facts of a text. Prefilters: a text without ``<`` holds no markup (one scan, for the
    keys), and one without ``%``, ``{`` or ``<`` holds no placeholder at all (no scan)."""
    if "<" not in text:
        if "%" not in text and "{" not in text:
            return _PLAIN
        return _TextFacts(tuple(sorted(p.key for p in extract_placeholders(text))), (), True)
    keys = sorted(p.key for p in extract_placeholders(text) if p.syntax != "markup")
    tags = sorted(p.key for p in extract_placeholders(text, ["markup"]))
    return _TextFacts(tuple(keys), tuple(tags), _balanced(text))


@functools.lru_cache(maxsize=32768)
def _source_facts(text: str) -> _TextFacts:
    """Facts of a source text, cached: a source entry is checked once per target locale."""
    return _facts(text)


def _balanced(text: str) -> bool:
    stack: list[str] = []
    for placeholder in extract_placeholders(text, ["markup", "android-xliff"]):
        key = placeholder.key
        if placeholder.syntax != "markup" or key.endswith("/>"):
            continue
        if key.startswith("</"):
            if not stack or stack.pop() != key[2:-1]:
                return False
        else:
            stack.append(key[1:-1])
    return not stack


def _where(form: str) -> str:
    return f" in '{form}'" if form else ""


def _list(counter: Counter[str]) -> str:
    return ", ".join(sorted(counter.elements()))


class MarkupBalance(Check):
    """Markup tags that do not open and close in pairs, or differ from the source's."""

    code = "markup"

    def check(self, source: Entry, translation: Value, locale: str) -> list[Problem]:
        source_facts = [_source_facts(text) for text in source.texts()]
        # a source with void or unclosed tags (<meta ...>, "<a ...> for links") cannot ask
        # its translation to be balanced: then only tags the source lacks are reported
        source_balanced = all(facts.balanced for facts in source_facts)
        problems: list[Problem] = []
        for form, text in _forms(translation).items():
            facts = _facts(text)
            label = f" in '{form}'" if form else ""
            if source_balanced and not facts.balanced:
                problems.append(self.problem(source, locale, f"unbalanced markup{label}"))
            if not facts.tags:  # no tag: none can be missing from the source
                continue
            source_tags = Counter[str]()
            for other in source_facts:
                source_tags |= Counter(other.tags)
            extra = Counter(facts.tags) - source_tags
            if extra:
                problems.append(
                    self.problem(source, locale, f"tags not in the source{label}: {_list(extra)}")
                )
        return problems


class MaxLength(Check):
    """A translation longer than the entry's declared maximum."""

    code = "max-length"

    def check(self, source: Entry, translation: Value, locale: str) -> list[Problem]:
        limit = source.max_length
        if limit is None:
            return []
        return [
            self.problem(
                source,
                locale,
                f"{len(text)} characters{_where(form)}, over the limit of {limit}",
            )
            for form, text in _forms(translation).items()
            if len(text) > limit
        ]


class PluralCategories(Check):
    """Plural forms the locale needs but the translation lacks (or a plural/string mix-up)."""

    code = "plurals"

    def check(self, source: Entry, translation: Value, locale: str) -> list[Problem]:
        if not source.is_plural:
            if isinstance(translation, str):
                return []
            return [
                self.problem(source, locale, "translation has plural forms, the source has none")
            ]
        if isinstance(translation, str):
            return [
                self.problem(source, locale, "source is plural, translation is a single string")
            ]
        missing = [c for c in plural_categories(locale) if c not in translation]
        if not missing:
            return []
        return [
            self.problem(source, locale, f"plural forms missing for {locale}: {', '.join(missing)}")
        ]


#: The checks run by default, in reporting order.
CHECKS: list[Check] = [
    EmptyTranslation(),
    PluralCategories(),
    PlaceholderMismatch(),
    MarkupBalance(),
    MaxLength(),
]


def check_translation(
    source: Entry,
    translation: Value,
    locale: str,
    *,
    checks: Iterable[Check] | None = None,
) -> list[Problem]:
    """All problems of a translation of ``source`` into ``locale``.

    >>> src = Entry("greet", "Hello %s")
    >>> [p.code for p in check_translation(src, "Bonjour", "fr")]
    ['placeholders']
    """
    problems: list[Problem] = []
    for check in CHECKS if checks is None else checks:
        problems.extend(check.check(source, translation, locale))
    return problems
