"""CLDR 47 conformance: likely subtags, plural samples and plural ranges, read in place.

Run ``.venv/bin/python tests/i18n_lib/test_conformance_locales.py`` to print the pass rates.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import NamedTuple

import pytest

from i18n_lib.locales import add_likely_subtags, remove_likely_subtags
from i18n_lib.plurals import plural_category, plural_range_category

CLDR = Path(__file__).resolve().parents[2] / ".." / "shared" / "conformance" / "cldr-47-locales"
needs_cldr = pytest.mark.skipif(not CLDR.is_dir(), reason="shared CLDR conformance data absent")

_RULES = re.compile(r'<pluralRules locales="([^"]*)">(.*?)</pluralRules>', re.S)
_RULE = re.compile(r'<pluralRule count="(\w+)">([^<]*)</pluralRule>')
_SAMPLES = re.compile(r"@(?:integer|decimal)([^@]*)")
_RANGES = re.compile(r'<pluralRanges locales="([^"]*)">(.*?)</pluralRanges>', re.S)
_RANGE = re.compile(r'start="(\w+)"\s+end="(\w+)"\s+result="(\w+)"')


class LikelyCase(NamedTuple):
    source: str
    maximal: str
    minimal_script: str
    minimal_region: str


class PluralSample(NamedTuple):
    locale: str
    sample: str
    category: str
    ordinal: bool


def likely_cases() -> list[LikelyCase]:
    cases = []
    for line in (CLDR / "likelySubtags.txt").read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        source, maximal, by_script, by_region = ([c.strip() for c in line.split(";")] + [""])[:4]
        by_script = by_script or maximal
        cases.append(LikelyCase(source, maximal, by_script, by_region or by_script))
    return cases


def expand_samples(text: str) -> Iterator[str]:
    """Expand CLDR sample lists (``0~15``, ``0.0~1.5``, ``1c6``), skipping the ellipsis."""
    for item in (part.strip() for part in text.split(",")):
        if not item or item in ("…", "..."):
            continue
        if "~" not in item:
            yield item
            continue
        low, high = item.split("~")
        step = Decimal(1).scaleb(Decimal(low).as_tuple().exponent)  # type: ignore[arg-type]
        value = Decimal(low)
        while value <= Decimal(high):
            yield str(value)
            value += step


def plural_groups(filename: str) -> list[tuple[list[str], list[tuple[str, str]]]]:
    """Return ``(locales, [(category, sample)])`` per rule group of a CLDR plurals file."""
    text = (CLDR / filename).read_text(encoding="utf-8")
    groups = []
    for locales, body in _RULES.findall(text):
        samples = [
            (category, sample)
            for category, rule in _RULE.findall(body)
            for part in _SAMPLES.findall(rule)
            for sample in expand_samples(part)
        ]
        groups.append((locales.split(), samples))
    return groups


def plural_samples() -> list[PluralSample]:
    return [
        PluralSample(locale, sample, category, filename == "ordinals.xml")
        for filename in ("plurals.xml", "ordinals.xml")
        for locales, samples in plural_groups(filename)
        for locale in locales
        for category, sample in samples
    ]


def range_cases() -> list[tuple[str, str, str, str, str | None, str | None]]:
    """Return ``(locale, start, end, result, start_sample, end_sample)`` for pluralRanges.xml,
    with sample numbers of each category taken from plurals.xml (None where none is given)."""
    samples: dict[str, dict[str, list[str]]] = {}
    for locales, group in plural_groups("plurals.xml"):
        for locale in locales:
            for category, sample in group:
                samples.setdefault(locale, {}).setdefault(category, []).append(sample)
    cases = []
    text = (CLDR / "pluralRanges.xml").read_text(encoding="utf-8")
    for locales, body in _RANGES.findall(text):
        for locale in locales.split():
            for start, end, result in _RANGE.findall(body):
                pair = _ascending_pair(samples.get(locale, {}), start, end)
                cases.append((locale, start, end, result, *pair))
    return cases


def _ascending_pair(
    by_category: dict[str, list[str]], start: str, end: str
) -> tuple[str | None, str | None]:
    for low in by_category.get(start, []):
        for high in by_category.get(end, []):
            if "c" not in low + high and Decimal(low) < Decimal(high):
                return low, high
    return None, None


def likely_failures() -> list[str]:
    failures = []
    for case in likely_cases():
        got = (
            _or_fail(add_likely_subtags, case.source, "script"),
            _or_fail(remove_likely_subtags, case.source, "script"),
            _or_fail(remove_likely_subtags, case.source, "region"),
        )
        if got != case[1:]:
            failures.append(f"{case.source}: expected {case[1:]}, got {got}")
    return failures


def _or_fail(function: object, source: str, favor: str) -> str:
    try:
        if function is add_likely_subtags:
            return add_likely_subtags(source)
        return remove_likely_subtags(source, favor="region" if favor == "region" else "script")
    except ValueError:
        return "FAIL"


def plural_failures() -> list[str]:
    return [
        f"{s.locale} {s.sample} ordinal={s.ordinal}: expected {s.category}, got {got}"
        for s in plural_samples()
        if (got := plural_category(s.sample, s.locale, ordinal=s.ordinal)) != s.category
    ]


def range_failures() -> tuple[list[str], int]:
    failures, untestable = [], 0
    for locale, start, end, result, low, high in range_cases():
        if low is None or high is None:
            untestable += 1
            continue
        got = plural_range_category(low, high, locale)
        if got != result:
            failures.append(f"{locale} {low}–{high} ({start}-{end}): expected {result}, got {got}")
    return failures, untestable


@needs_cldr
def test_every_likely_subtags_case_passes() -> None:
    assert likely_cases(), "no cases read"
    assert likely_failures() == []


@needs_cldr
def test_every_cldr_plural_sample_gets_its_category() -> None:
    samples = plural_samples()
    assert len(samples) > 10_000
    assert plural_failures() == []


@needs_cldr
def test_every_plural_range_of_cldr_is_honoured() -> None:
    failures, untestable = range_failures()
    assert failures == []
    assert untestable < len(range_cases()) // 10


def _report() -> None:
    likely, samples = likely_cases(), plural_samples()
    ranges, (range_misses, untestable) = range_cases(), range_failures()
    rows = [
        ("likely subtags (add + 2 removes)", len(likely), len(likely_failures())),
        ("plural samples (cardinal+ordinal)", len(samples), len(plural_failures())),
        ("plural ranges", len(ranges) - untestable, len(range_misses)),
    ]
    for name, total, missed in rows:
        print(f"{name:36} {total - missed:6}/{total:<6} {100 * (total - missed) / total:6.2f}%")
    print(f"(plural ranges with no sample pair in plurals.xml, not counted: {untestable})")


if __name__ == "__main__":
    _report()
    sys.exit(0)
