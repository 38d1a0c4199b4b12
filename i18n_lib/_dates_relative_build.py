"""Build ``_dates_relative.json`` (CLDR's named relative days and "now") from cldr-dates-full JSON.

Babel's data keeps only the numeric relative patterns ("in {0} days"); CLDR's named forms
("yesterday", "übermorgen", "now") come from the ``cldr-dates-full`` npm package. Run::

    npm pack cldr-dates-full@47.0.0 && tar xzf cldr-dates-full-47.0.0.tgz
    python -m i18n_lib._dates_relative_build package/main i18n_lib/_dates_relative.json
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from babel.localedata import locale_identifiers

__all__ = ["build_relative_names", "main"]

CLDR_VERSION = "47"
DAY_OFFSETS = ("-2", "-1", "1", "2")


def _names_in(fields: dict[str, Any]) -> dict[str, str]:
    day = fields.get("day", {})
    names = {
        offset: day[f"relative-type-{offset}"]
        for offset in DAY_OFFSETS
        if f"relative-type-{offset}" in day
    }
    now = fields.get("second", {}).get("relative-type-0")
    if now:
        names["now"] = now
    return names


def _cldr_candidates(identifier: str) -> list[str]:
    parts = identifier.split("_")
    return ["-".join(parts[:n]) for n in range(len(parts), 0, -1)]


def build_relative_names(main_dir: Path) -> dict[str, dict[str, str]]:
    """Return named relative forms per Babel locale id, omitting ids equal to their language."""
    resolved: dict[str, dict[str, str]] = {}
    for identifier in sorted(locale_identifiers()):
        for candidate in _cldr_candidates(identifier):
            path = main_dir / candidate / "dateFields.json"
            if path.exists():
                data = json.loads(path.read_text(encoding="utf-8"))
                resolved[identifier] = _names_in(data["main"][candidate]["dates"]["fields"])
                break
    compact: dict[str, dict[str, str]] = {}
    for identifier, names in resolved.items():
        language = identifier.split("_")[0]
        if identifier == language or resolved.get(language) != names:
            compact[identifier] = names
    return compact


def main(argv: list[str]) -> None:
    """Write the JSON file named by ``argv[1]`` from the CLDR ``main`` folder ``argv[0]``."""
    names = build_relative_names(Path(argv[0]))
    payload = {"cldr_version": CLDR_VERSION, "locales": names}
    Path(argv[1]).write_text(
        json.dumps(payload, ensure_ascii=False, sort_keys=True, separators=(",", ":")) + "\n",
        encoding="utf-8",
    )


if __name__ == "__main__":
    main(sys.argv[1:])
