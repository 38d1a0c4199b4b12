"""Build ``_cldr_extra.json``: the CLDR 47 data Babel 2.18 does not carry, from cldr-json.

Run: ``python -m i18n_lib._cldr_extra_build <dir>`` where ``<dir>`` holds the unpacked npm
packages ``cldr-dates-full@47.0.0`` and ``cldr-numbers-full@47.0.0`` (``npm pack`` them and
untar each into ``<dir>/<package>-<version>``; the calendar packages below and ``cldr-core``
too). Per locale it keeps what differs from its
parent's value (looked up along the same chain at run time, see ``_cldr_extra.py``):

- ``at.<width>``: the date-time "at" patterns (``dateTimeFormats-atTime``);
- ``hour``, ``gmt``, ``gmtZero``: the zone offset formats;
- ``zs.<metazone or zone>.<kind>``: short zone names (``EST``, ``MEZ``; ``""``: none here);
- ``mgd``: ``minimumGroupingDigits``;
- ``sym.<system>.<name>``: number symbols per numbering system (minus sign with its bidi
  marks, NaN, ``currencyDecimal``, ...);
- ``pat.<system>.<kind>``: decimal, percent, currency and accounting patterns per numbering
  system, with the ``alphaNextToNumber`` variants;
- ``narrow.<code>``: narrow currency symbols;
- ``cur.<code>``: currency symbols (Babel's differ in 140 locales: ``ps`` USD ``US$`` for
  CLDR's ``$``, ``br`` BRL ``R$`` for ``BRL``);
- root's patterns for the ``arab`` numbering system (``_ROOT_PATTERNS``), which cldr-json
  leaves out (its root has Latin digits only) and ICU uses for ``-u-nu-arab``;
- ``capref.<region>`` (root only): the region's preferred calendar where it is not the
  Gregorian one (CLDR's ``calendarPreferenceData``, from ``cldr-core@47.0.0``);
- ``ca.<calendar>.date.<width>``, ``ca.<calendar>.era.<width>``,
  ``ca.<calendar>.months.<context>.<width>`` (12 names joined by ``|``): the Buddhist and
  Persian calendars' date patterns, era and month names, from ``cldr-cal-buddhist-full@39.0.0``
  and ``cldr-cal-persian-full@46.1.0`` (the last versions published on npm), kept for root
  and for the locales whose region prefers that calendar (th, fa, ps, ...), to stay small;
- ``ca.generic.date.<width>``: the generic calendar's date patterns (``EEEE, MMMM d, y G``),
  which CLDR's root gives every non-Gregorian calendar a locale has no patterns for
  (``en-u-ca-persian``: ``Dey 12, 1402 AP``).
  Buddhist months are the Gregorian ones (CLDR aliases them), so only Persian months are kept.
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

# CLDR root.xml's patterns for the arab numbering system (cldr-json's root carries latn only);
# a locale without arab patterns of its own inherits these, as in ICU (de-u-nu-arab: ١٢٪).
_ROOT_PATTERNS = {
    "pat.arab.decimal": "#,##0.###",
    "pat.arab.percent": "#,##0%",
    "pat.arab.currency": "#,##0.00\xa0¤",
    "pat.arab.accounting": "#,##0.00\xa0¤",
}


def _read(path: Path) -> Any:
    data = json.loads(path.read_text(encoding="utf-8"))
    return next(iter(data["main"].values()))


def _locale_entries(dates: Path, numbers: Path, tag: str) -> dict[str, str]:
    entries: dict[str, str] = {}
    generic = dates / "main" / tag / "ca-generic.json"
    if generic.exists():
        formats = _read(generic)["dates"]["calendars"]["generic"]["dateFormats"]
        entries.update({f"ca.generic.date.{w}": p for w, p in formats.items() if "-" not in w})
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
        entries.update(_short_zone_names(names))
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
            if "symbol" in info:
                entries[f"cur.{code}"] = info["symbol"]
    return entries


_CALENDAR_PACKAGES = {
    "buddhist": "cldr-cal-buddhist-full-39.0.0",
    "persian": "cldr-cal-persian-full-46.1.0",
}
_ERA_WIDTHS = {"eraAbbr": "abbreviated", "eraNames": "wide", "eraNarrow": "narrow"}


def _preferred_calendars(source: Path) -> dict[str, str]:
    """Region → its preferred calendar, where that is one we have data for (not Gregorian)."""
    path = source / "cldr-core-47.0.0" / "supplemental" / "calendarPreferenceData.json"
    preferences = json.loads(path.read_text(encoding="utf-8"))["supplemental"]
    return {
        region: calendars[0]
        for region, calendars in preferences["calendarPreferenceData"].items()
        if calendars[0] in _CALENDAR_PACKAGES
    }


def _region(tag: str) -> str | None:
    """The region of a cldr-json tag, or its likely region (``fa`` → ``IR``)."""
    from babel.core import get_global

    parts = tag.split("-")
    explicit = [p for p in parts[1:] if len(p) == 2 or p.isdigit()]
    if explicit:
        return explicit[0]
    likely: Any = get_global("likely_subtags")
    full = likely.get("_".join(parts)) or likely.get(parts[0])
    return str(full).split("_")[-1] if full else None


def _calendar_entries(source: Path, tag: str, calendar: str) -> dict[str, str]:
    main = source / _CALENDAR_PACKAGES[calendar] / "main"
    path = main / tag / f"ca-{calendar}.json"
    if not path.exists() and tag == "und":
        path = main / "root" / f"ca-{calendar}.json"  # the name of root before CLDR 40
    if not path.exists():
        return {}
    data = _read(path)["dates"]["calendars"][calendar]
    prefix = f"ca.{calendar}"
    entries = {f"{prefix}.date.{w}": p for w, p in data["dateFormats"].items() if "-" not in w}
    if tag == "und":  # root's calendar patterns are its generic ones: see ca.generic
        entries.clear()
    for key, width in _ERA_WIDTHS.items():
        entries[f"{prefix}.era.{width}"] = data["eras"][key]["0"]
    if calendar == "persian":
        for context, widths in data["months"].items():
            for width, names in widths.items():
                joined = "|".join(names[str(month)] for month in range(1, 13))
                entries[f"{prefix}.months.{context}.{width}"] = joined
    return entries


def _short_zone_names(names: dict[str, Any]) -> dict[str, str]:
    """``zs.<metazone or zone id>.<kind>``: the short zone names the locale has (cldr-json
    leaves out the ones CLDR marks ``∅∅∅``, which Babel keeps, with drafts Babel imports)."""
    entries = {
        f"zs.{metazone}.{kind}": name
        for metazone, forms in names.get("metazone", {}).items()
        for kind, name in forms.get("short", {}).items()
    }

    def walk(node: dict[str, Any], path: str) -> None:
        for key, value in node.items():
            if key == "short":
                entries.update({f"zs.{path}.{kind}": name for kind, name in value.items()})
            elif isinstance(value, dict) and key not in ("long", "exemplarCity"):
                walk(value, f"{path}/{key}" if path else key)

    walk(names.get("zone", {}), "")
    return entries


def build(source: Path) -> dict[str, dict[str, str]]:
    """Every locale's entries that differ from its parent's (``root`` keeps them all)."""
    dates = source / "cldr-dates-full-47.0.0"
    numbers = source / "cldr-numbers-full-47.0.0"
    tags = sorted(p.name for p in (dates / "main").iterdir())
    resolved = {tag.replace("-", "_"): _locale_entries(dates, numbers, tag) for tag in tags}
    preferred = _preferred_calendars(source)
    for tag in tags:
        region = "001" if tag == "und" else _region(tag)
        for calendar in set(preferred.values()):
            if tag == "und" or preferred.get(region or "") == calendar:
                resolved[tag.replace("-", "_")].update(_calendar_entries(source, tag, calendar))
    root = resolved.get("und") or resolved.get("root") or {}
    root.update({f"capref.{region}": calendar for region, calendar in preferred.items()})
    root.update(_ROOT_PATTERNS)
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
        # A short zone name the parent has and the locale not: "" stops the inheritance.
        own.update({k: "" for k in inherited if k.startswith("zs.") and k not in entries})
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
