"""Run CLDR's person-name test files against i18n_lib.names and print a per-locale table.

Usage::

    .venv/bin/python scripts/person_names_conformance.py [DIR] [--misses N]

DIR defaults to ``../shared/conformance/cldr-47-person-names`` next to the repository.
Each file (``<locale>.txt``) lists names (``name ; <field> ; <value>``), then expected
results each followed by the parameter lines (order; length; usage; formality) that must
produce them, then ``endName``.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DEFAULT_DIR = REPO.parent / "shared" / "conformance" / "cldr-47-person-names"


@dataclass(frozen=True)
class Case:
    """One parameter line: format ``fields`` with these options and expect ``expected``."""

    line: int
    fields: tuple[tuple[str, str], ...]
    expected: str
    order: str
    length: str
    usage: str
    formality: str


@dataclass
class LocaleResult:
    locale: str
    total: int = 0
    passed: int = 0
    misses: list[tuple[Case, str]] = field(default_factory=list)


def read_cases(path: Path) -> Iterator[Case]:
    fields: list[tuple[str, str]] = []
    expected = ""
    for number, raw in enumerate(path.read_text("utf-8").splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        parts = [part.strip() for part in line.split(";")]
        kind = parts[0]
        if kind == "name":
            fields.append((parts[1], parts[2]))
        elif kind == "expectedResult":
            expected = parts[1]
        elif kind == "parameters":
            order, length, usage, formality = parts[1:5]
            yield Case(number, tuple(fields), expected, order, length, usage, formality)
        elif kind == "endName":
            fields = []


def run_file(path: Path) -> LocaleResult:
    from i18n_lib.names import PersonName, format_person_name

    locale = path.stem
    result = LocaleResult(locale)
    names: dict[tuple[tuple[str, str], ...], PersonName] = {}
    for case in read_cases(path):
        name = names.get(case.fields)
        if name is None:
            name = names[case.fields] = PersonName(dict(case.fields))
        try:
            actual = format_person_name(
                name,
                locale,
                order=case.order,  # type: ignore[arg-type]
                length=case.length,  # type: ignore[arg-type]
                usage=case.usage,  # type: ignore[arg-type]
                formality=case.formality,  # type: ignore[arg-type]
            )
        except ValueError as exc:
            actual = f"<error: {exc}>"
        result.total += 1
        if actual == case.expected:
            result.passed += 1
        else:
            result.misses.append((case, actual))
    return result


def run_dir(directory: Path) -> list[LocaleResult]:
    return [
        run_file(path) for path in sorted(directory.glob("*.txt")) if not path.stem.startswith("_")
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("directory", nargs="?", type=Path, default=DEFAULT_DIR)
    parser.add_argument("--misses", type=int, default=0, help="print up to N misses per locale")
    args = parser.parse_args()
    sys.path.insert(0, str(REPO))
    results = run_dir(args.directory)
    print("| locale | passed | total | rate |")
    print("| --- | ---: | ---: | ---: |")
    for result in results:
        rate = 100 * result.passed / result.total if result.total else 100.0
        print(f"| {result.locale} | {result.passed} | {result.total} | {rate:.2f}% |")
    passed = sum(r.passed for r in results)
    total = sum(r.total for r in results)
    print(f"| **all {len(results)} locales** | {passed} | {total} | {100 * passed / total:.2f}% |")
    for result in results:
        for case, actual in result.misses[: args.misses]:
            print(
                f"{result.locale}:{case.line} {case.order}/{case.length}/{case.usage}/"
                f"{case.formality} {dict(case.fields)} expected {case.expected!r} got {actual!r}"
            )


if __name__ == "__main__":
    main()
