"""Build i18n_lib/data/person_names*.json from CLDR person-name data and Unicode Scripts.txt.

Inputs (fetched by hand, never at run time), either of:

* CLDR's XML (``common/``), as bundled by the npm package ``cldr`` (7.9.0 bundles CLDR 47,
  the release of the conformance tests; this is what we ship)::

      cd "$(mktemp -d)" && npm pack cldr@7.9.0 && tar xzf cldr-7.9.0.tgz

  then pass ``--cldr-xml <that dir>/package/3rdparty/cldr/common``. Inheritance (parent
  locales, root aliases) is resolved here, path by path, as CLDR does.
* CLDR's resolved JSON from ``npm pack cldr-person-names-full`` (only 48.x is published),
  passed as ``--cldr-json <dir>/package``.

The CLDR version is read from the input and recorded in the output.
* Unicode ``Scripts.txt`` and ``PropertyValueAliases.txt`` (Debian: ``apt-get install
  unicode-data``, files in ``/usr/share/unicode``), for the script of each character.

Outputs:

* ``person_names.json.gz``: per-locale records (name order locales, space replacements,
  initial patterns, parameter defaults, and one list of pattern indexes per
  order/length/usage/formality slot), deduplicated, with a shared pattern table.
* ``person_names_scripts.json``: the Unicode Script property as sorted ranges.

Usage::

    .venv/bin/python scripts/build_person_names_data.py \\
        --cldr-xml /tmp/x/package/3rdparty/cldr/common --unicode /usr/share/unicode
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

ORDERS = ("givenFirst", "surnameFirst", "sorting")
LENGTHS = ("long", "medium", "short")
USAGES = ("referring", "addressing", "monogram")
FORMALITIES = ("formal", "informal")
DATA_DIR = Path(__file__).resolve().parents[1] / "i18n_lib" / "data"


def slot_patterns(
    person_name: dict[str, Any], order: str, length: str, usage: str, formality: str
) -> list[str]:
    """Patterns for one slot, the plain one first then its alternates (``-alt-1``)."""
    by_usage = person_name[order][length]
    # CLDR has sorting patterns for 'referring' only; other usages fall back to it.
    usage_data = by_usage.get(usage) or by_usage["referring"]
    patterns = [usage_data[formality]]
    alt = 1
    while f"{formality}-alt-{alt}" in usage_data:
        patterns.append(usage_data[f"{formality}-alt-{alt}"])
        alt += 1
    return patterns


def build_record(data: dict[str, Any], pattern_index: dict[str, int]) -> dict[str, Any]:
    """One locale's compact record; patterns are replaced by indexes into the shared table."""
    slots: list[list[int]] = []
    for order in ORDERS:
        for length in LENGTHS:
            for usage in USAGES:
                for formality in FORMALITIES:
                    indexes = []
                    for pattern in slot_patterns(
                        data["personName"], order, length, usage, formality
                    ):
                        indexes.append(pattern_index.setdefault(pattern, len(pattern_index)))
                    slots.append(indexes)
    return {
        "given_first": [tag.replace("-", "_") for tag in data["givenFirst"]],
        "surname_first": [tag.replace("-", "_") for tag in data["surnameFirst"]],
        "native_space": data.get("nativeSpaceReplacement", " "),
        "foreign_space": data.get("foreignSpaceReplacement", " "),
        "initial": data["initial"],
        "initial_sequence": data["initialSequence"],
        "length": data.get("length", "medium"),
        "formality": data.get("formality", "formal"),
        "slots": slots,
    }


def read_json_locales(cldr_package: Path) -> tuple[str, dict[str, dict[str, Any]]]:
    """Resolved person-name data per locale from the ``cldr-person-names-full`` package."""
    package = json.loads((cldr_package / "package.json").read_text("utf-8"))
    locales = {}
    for path in sorted((cldr_package / "main").glob("*/personNames.json")):
        data = next(iter(json.loads(path.read_text("utf-8"))["main"].values()))["personNames"]
        locales[path.parent.name] = data
    return f"{package['version']} (npm {package['name']})", locales


def read_xml_locales(common: Path) -> tuple[str, dict[str, dict[str, Any]]]:
    """Person-name data per locale from CLDR's XML, resolved like CLDR's JSON."""
    dtd = (common / "dtd" / "ldml.dtd").read_text("utf-8")
    version_match = re.search(r'cldrVersion CDATA #FIXED "([^"]+)"', dtd)
    version = version_match.group(1) if version_match else "unknown"
    parents = read_parent_locales(common / "supplemental" / "supplementalData.xml")
    raw: dict[str, dict[str, str]] = {}
    for path in sorted((common / "main").glob("*.xml")):
        raw[path.stem] = read_person_name_paths(path)
    locales = {}
    for locale_id in raw:
        data = resolve_xml_locale(locale_id, raw, parents)
        locales["und" if locale_id == "root" else locale_id.replace("_", "-")] = data
    return f"{version} (CLDR XML, npm cldr@7.9.0)", locales


def read_parent_locales(path: Path) -> dict[str, str]:
    parents: dict[str, str] = {}
    for element in ET.parse(path).getroot().iter("parentLocales"):
        if element.get("component"):
            continue
        for item in element.iter("parentLocale"):
            for locale_id in item.get("locales", "").split():
                parents[locale_id] = item.get("parent", "root")
    return parents


def read_person_name_paths(path: Path) -> dict[str, str]:
    """Flatten one locale file's ``personNames`` into ``{path: value}`` (aliases as ``@alias``)."""
    paths: dict[str, str] = {}
    root = ET.parse(path).getroot().find("personNames")
    if root is None:
        return paths
    for element in root:
        if element.tag in ("nameOrderLocales", "parameterDefault", "initialPattern"):
            key = next(iter(element.attrib.values()))
            paths[f"{element.tag}/{key}"] = element.text or ""
        elif element.tag in ("nativeSpaceReplacement", "foreignSpaceReplacement"):
            paths[element.tag] = element.text or ""
        elif element.tag == "personName":
            slot = "-".join(element.get(a, "") for a in ("order", "length", "usage", "formality"))
            for child in element:
                if child.tag == "alias":
                    target = re.findall(r"='([^']*)'", child.get("path", ""))
                    paths[f"personName/{slot}/@alias"] = "-".join(target)
                elif child.tag == "namePattern":
                    paths[f"personName/{slot}/{child.get('alt', '0')}"] = child.text or ""
    return paths


def resolve_xml_locale(
    locale_id: str, raw: dict[str, dict[str, str]], parents: dict[str, str]
) -> dict[str, Any]:
    chain = [locale_id]
    while chain[-1] != "root":
        current = chain[-1]
        chain.append(
            parents.get(current) or (current.rsplit("_", 1)[0] if "_" in current else "root")
        )

    def value(path: str) -> str | None:
        return next((raw[loc][path] for loc in chain if path in raw.get(loc, {})), None)

    def pattern(slot: str, alt: str) -> str | None:
        # Each namePattern path (alt included) resolves on its own; root's aliases redirect
        # a whole personName slot, and the redirected path resolves again from the locale.
        text = value(f"personName/{slot}/{alt}")
        alias = raw["root"].get(f"personName/{slot}/@alias")
        return text if text is not None or alias is None else pattern(alias, alt)

    def patterns(slot: str) -> list[str]:
        found = (pattern(slot, alt) for alt in ("0", "1", "2"))
        return [text for text in found if text is not None]

    person_name: dict[str, Any] = {}
    for order in ORDERS:
        for length in LENGTHS:
            for usage in USAGES:
                for formality in FORMALITIES:
                    found = patterns(f"{order}-{length}-{usage}-{formality}")
                    if not found:
                        continue
                    by_usage = person_name.setdefault(order, {}).setdefault(length, {})
                    by_usage.setdefault(usage, {})[formality] = found[0]
                    for alt, text in enumerate(found[1:], 1):
                        by_usage[usage][f"{formality}-alt-{alt}"] = text
    return {
        "givenFirst": (value("nameOrderLocales/givenFirst") or "").split(),
        "surnameFirst": (value("nameOrderLocales/surnameFirst") or "").split(),
        "formality": value("parameterDefault/formality") or "formal",
        "length": value("parameterDefault/length") or "medium",
        "nativeSpaceReplacement": value("nativeSpaceReplacement"),
        "foreignSpaceReplacement": value("foreignSpaceReplacement"),
        "initial": value("initialPattern/initial"),
        "initialSequence": value("initialPattern/initialSequence"),
        "personName": person_name,
    }


def build_locales(version: str, sources: dict[str, dict[str, Any]]) -> dict[str, Any]:
    pattern_index: dict[str, int] = {}
    record_index: dict[str, int] = {}
    records: list[dict[str, Any]] = []
    locales: dict[str, int] = {}
    root_orders: tuple[str, str] | None = None
    for tag, data in sorted(sources.items()):
        record = build_record(data, pattern_index)
        orders = (json.dumps(record["given_first"]), json.dumps(record["surname_first"]))
        if tag == "und":
            root_orders = orders
        key = json.dumps(record, sort_keys=True, ensure_ascii=False)
        if key not in record_index:
            record_index[key] = len(records)
            records.append(record)
        locales[tag.replace("-", "_")] = record_index[key]
    if root_orders is None:
        raise SystemExit("no 'und' (root) locale in the CLDR package")
    for record in records:
        # "Has name formatting data" (UTS #35 Part 8): order locales differ from root's.
        orders = (json.dumps(record["given_first"]), json.dumps(record["surname_first"]))
        record["has_data"] = orders != root_orders
    patterns = sorted(pattern_index, key=pattern_index.__getitem__)
    return {
        "cldr_version": version.split()[0],
        "source": version,
        "patterns": patterns,
        "records": records,
        "locales": locales,
    }


def read_script_aliases(unicode_dir: Path) -> dict[str, str]:
    aliases: dict[str, str] = {}
    for line in (unicode_dir / "PropertyValueAliases.txt").read_text("utf-8").splitlines():
        parts = [part.strip() for part in line.split("#")[0].split(";")]
        if len(parts) >= 3 and parts[0] == "sc":
            aliases[parts[2]] = parts[1]
    return aliases


def build_scripts(unicode_dir: Path) -> dict[str, Any]:
    """Script ranges ``[start, end, code]``, sorted and merged, with Common/Inherited kept."""
    aliases = read_script_aliases(unicode_dir)
    ranges: list[tuple[int, int, str]] = []
    version = ""
    for line in (unicode_dir / "Scripts.txt").read_text("utf-8").splitlines():
        if line.startswith("# Scripts-"):
            version = line[len("# Scripts-") :].removesuffix(".txt").strip()
        body = line.split("#")[0].strip()
        if not body:
            continue
        codepoints, script = (part.strip() for part in body.split(";"))
        start, _, end = codepoints.partition("..")
        ranges.append((int(start, 16), int(end or start, 16), aliases[script]))
    ranges.sort()
    merged: list[list[Any]] = []
    for start, end, code in ranges:
        if merged and merged[-1][2] == code and merged[-1][1] + 1 == start:
            merged[-1][1] = end
        else:
            merged.append([start, end, code])
    return {"unicode_version": version, "ranges": merged}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    source = parser.add_mutually_exclusive_group(required=True)
    source.add_argument("--cldr-xml", type=Path, help="CLDR common/ directory (XML)")
    source.add_argument("--cldr-json", type=Path, help="extracted cldr-person-names-full package")
    parser.add_argument("--unicode", type=Path, default=Path("/usr/share/unicode"))
    parser.add_argument("--out", type=Path, default=DATA_DIR)
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    if args.cldr_xml:
        version, sources = read_xml_locales(args.cldr_xml)
    else:
        version, sources = read_json_locales(args.cldr_json)
    locales = json.dumps(build_locales(version, sources), ensure_ascii=False, separators=(",", ":"))
    (args.out / "person_names.json.gz").write_bytes(gzip.compress(locales.encode(), mtime=0))
    scripts = json.dumps(build_scripts(args.unicode), separators=(",", ":"))
    (args.out / "person_names_scripts.json").write_text(scripts + "\n", "utf-8")


if __name__ == "__main__":
    main()
