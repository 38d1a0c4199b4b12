"""Regenerate ``_plural_data.py`` from CLDR's plurals.xml, ordinals.xml and pluralRanges.xml.

Run ``python -m i18n_lib._generate_plural_data <dir with the three CLDR files> [version]``.
Babel's plural data has no compact-exponent operands (``c``/``e``), no plural ranges and no
rules for some languages (``ars``, ``guw``, ``nah``, ``smi``), hence our own copy.
"""

from __future__ import annotations

import pprint
import sys
from pathlib import Path

from defusedxml import ElementTree

__all__ = ["main", "read_ranges", "read_rules"]

RuleTable = dict[str, dict[str, str]]
RangeTable = dict[str, dict[str, str]]


def read_rules(path: Path) -> RuleTable:
    """Map each locale of a CLDR plurals/ordinals file to ``{category: rule without samples}``."""
    table: RuleTable = {}
    for rules in ElementTree.parse(path).getroot().iter("pluralRules"):
        parsed = {
            rule.get("count", ""): (rule.text or "").split("@")[0].strip()
            for rule in rules.iter("pluralRule")
            if rule.get("count") != "other"
        }
        for locale in rules.get("locales", "").split():
            table[locale] = parsed
    return table


def read_ranges(path: Path) -> RangeTable:
    """Map each locale of pluralRanges.xml to ``{'start-end': result}``."""
    table: RangeTable = {}
    for ranges in ElementTree.parse(path).getroot().iter("pluralRanges"):
        parsed = {
            f"{r.get('start')}-{r.get('end')}": r.get("result", "other")
            for r in ranges.iter("pluralRange")
        }
        for locale in ranges.get("locales", "").split():
            table[locale] = parsed
    return table


def _render(version: str, source: Path) -> str:
    cardinal = read_rules(source / "plurals.xml")
    ordinal = read_rules(source / "ordinals.xml")
    ranges = read_ranges(source / "pluralRanges.xml")
    return (
        f'"""CLDR {version} plural rules and ranges (written by _generate_plural_data)."""\n'
        "\n# SPDX-License-Identifier: Unicode-3.0 (data from the Unicode CLDR project)\n"
        f'CLDR_VERSION = "{version}"\n\n'
        f"CARDINAL: dict[str, dict[str, str]] = {pprint.pformat(cardinal, width=99)}\n\n"
        f"ORDINAL: dict[str, dict[str, str]] = {pprint.pformat(ordinal, width=99)}\n\n"
        f"RANGES: dict[str, dict[str, str]] = {pprint.pformat(ranges, width=99)}\n"
    )


def main(argv: list[str]) -> None:
    """Write ``_plural_data.py`` next to this module from the CLDR files in ``argv[0]``."""
    source = Path(argv[0])
    version = argv[1] if len(argv) > 1 else "47"
    target = Path(__file__).with_name("_plural_data.py")
    target.write_text(_render(version, source), encoding="utf-8")


if __name__ == "__main__":
    main(sys.argv[1:])
