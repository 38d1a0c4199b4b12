"""Build i18n_lib/data/person_names*.json from CLDR's JSON person-name data and Scripts.txt.

Inputs (fetched by hand, never at run time):

* CLDR person names, from the npm registry::

      cd "$(mktemp -d)" && npm pack cldr-person-names-full && tar xzf cldr-person-names-full-*.tgz

  then pass ``--cldr <that dir>/package``. The CLDR version is read from its ``package.json``
  and recorded in the output.
* Unicode ``Scripts.txt`` and ``PropertyValueAliases.txt`` (Debian: ``apt-get install
  unicode-data``, files in ``/usr/share/unicode``), for the script of each character.

Outputs:

* ``person_names.json.gz``: per-locale records (name order locales, space replacements,
  initial patterns, parameter defaults, and one list of pattern indexes per
  order/length/usage/formality slot), deduplicated, with a shared pattern table.
* ``person_names_scripts.json``: the Unicode Script property as sorted ranges.

Usage::

    .venv/bin/python scripts/build_person_names_data.py --cldr /tmp/x/package \\
        --unicode /usr/share/unicode
"""

from __future__ import annotations

import argparse
import gzip
import json
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


def build_locales(cldr_package: Path) -> dict[str, Any]:
    pattern_index: dict[str, int] = {}
    record_index: dict[str, int] = {}
    records: list[dict[str, Any]] = []
    locales: dict[str, int] = {}
    root_orders: tuple[str, str] | None = None
    for path in sorted((cldr_package / "main").glob("*/personNames.json")):
        tag = path.parent.name
        data = next(iter(json.loads(path.read_text("utf-8"))["main"].values()))["personNames"]
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
    package = json.loads((cldr_package / "package.json").read_text("utf-8"))
    return {
        "cldr_version": package["version"],
        "source": f"npm {package['name']}@{package['version']}",
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
    parser.add_argument("--cldr", type=Path, required=True, help="extracted npm package dir")
    parser.add_argument("--unicode", type=Path, default=Path("/usr/share/unicode"))
    parser.add_argument("--out", type=Path, default=DATA_DIR)
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    locales = json.dumps(build_locales(args.cldr), ensure_ascii=False, separators=(",", ":"))
    (args.out / "person_names.json.gz").write_bytes(gzip.compress(locales.encode(), mtime=0))
    scripts = json.dumps(build_scripts(args.unicode), separators=(",", ":"))
    (args.out / "person_names_scripts.json").write_text(scripts + "\n", "utf-8")


if __name__ == "__main__":
    main()
