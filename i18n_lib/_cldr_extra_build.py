"""Build ``_cldr_extra.json``: the CLDR 47 data Babel 2.18 does not carry, from cldr-json.

Run: ``python -m i18n_lib._cldr_extra_build <dir>`` where ``<dir>`` holds the unpacked npm
packages ``cldr-dates-full@47.0.0`` and ``cldr-numbers-full@47.0.0`` (``npm pack`` them and
untar each into ``<dir>/<package>-47.0.0``). Per locale it keeps what differs from its
parent's value (looked up along the same chain at run time, see ``_cldr_extra.py``):

- ``at.<width>``: the date-time "at" patterns (``dateTimeFormats-atTime``);
- ``hour``, ``gmt``, ``gmtZero``: the zone offset formats;
- ``mgd``: ``minimumGroupingDigits``;
- ``sym.<system>.<name>``: number symbols per numbering system (minus sign with its bidi
  marks, NaN, ``currencyDecimal``, ...);
- ``pat.<system>.<kind>``: decimal, percent, currency and accounting patterns per numbering
  system, with the ``alphaNextToNumber`` variants;
- ``narrow.<code>``: narrow currency symbols.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from i18n_lib._locale import _parent

_OUT = Path(__file__).with_name("_cldr_extra.json")
_SYMBOLS = ("decimal", "group", "minusSign", "plusSign", "percentSign", "nan", "infinity",
            "currencyDecimal", "currencyGroup")  # fmt: skip
_PATTERNS = {
    "decimal": ("decimalFormats", "standard"),
    "percent": ("percentFormats", "standard"),
    "currency": ("currencyFormats", "standard"),
    "currency-alpha": ("currencyFormats", "standard-alphaNextToNumber"),
    "accounting": ("currencyFormats", "accounting"),
    "accounting-alpha": ("currencyFormats", "accounting-alphaNextToNumber"),
}


def _read(path: Path) -> Any:
    data = json.loads(path.read_text(encoding="utf-8"))
    return next(iter(data["main"].values()))


def _locale_entries(dates: Path, numbers: Path, tag: str) -> dict[str, str]:
    entries: dict[str, str] = {}
    gregorian = dates / "main" / tag / "ca-gregorian.json"
    if gregorian.exists():
        calendar = _read(gregorian)["dates"]["calendars"]["gregorian"]
        for width, pattern in (
            calendar.get("dateTimeFormats-atTime", {}).get("standard", {}).items()
        ):
            entries[f"at.{width}"] = pattern
    zones = dates / "main" / tag / "timeZoneNames.json"
    if zones.exists():
        names = _read(zones)["dates"]["timeZoneNames"]
        entries.update(
            hour=names["hourFormat"], gmt=names["gmtFormat"], gmtZero=names["gmtZeroFormat"]
        )
    number_file = numbers / "main" / tag / "numbers.json"
    if number_file.exists():
        data = _read(number_file)["numbers"]
        entries["mgd"] = str(data["minimumGroupingDigits"])
        for key, value in data.items():
            if key.startswith("symbols-numberSystem-"):
                system = key.rsplit("-", 1)[1]
                for name in _SYMBOLS:
                    if name in value:
                        entries[f"sym.{system}.{name}"] = value[name]
        for kind, (block, name) in _PATTERNS.items():
            for key, value in data.items():
                if key.startswith(block + "-numberSystem-") and name in value:
                    entries[f"pat.{key.rsplit('-', 1)[1]}.{kind}"] = value[name]
    currency_file = numbers / "main" / tag / "currencies.json"
    if currency_file.exists():
        for code, info in _read(currency_file)["numbers"]["currencies"].items():
            if "symbol-alt-narrow" in info:
                entries[f"narrow.{code}"] = info["symbol-alt-narrow"]
    return entries


def build(source: Path) -> dict[str, dict[str, str]]:
    """Every locale's entries that differ from its parent's (``root`` keeps them all)."""
    dates = source / "cldr-dates-full-47.0.0"
    numbers = source / "cldr-numbers-full-47.0.0"
    tags = sorted(p.name for p in (dates / "main").iterdir())
    resolved = {tag.replace("-", "_"): _locale_entries(dates, numbers, tag) for tag in tags}
    root = resolved.get("und") or resolved.get("root") or {}
    resolved["root"] = root
    result: dict[str, dict[str, str]] = {"root": root}
    for name, entries in resolved.items():
        if name in ("root", "und"):
            continue
        parent = _parent(name)
        while parent not in resolved and parent != "root":
            parent = _parent(parent)
        inherited = resolved[parent]
        own = {k: v for k, v in entries.items() if inherited.get(k) != v}
        if own:
            result[name] = own
    return result


def main(argv: list[str]) -> int:
    data = {"cldr": "47", "locales": build(Path(argv[0]))}
    _OUT.write_text(json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":")))
    print(f"wrote {_OUT} ({_OUT.stat().st_size} bytes, {len(data['locales'])} locales)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
