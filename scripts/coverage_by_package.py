"""Print branch coverage per package from a combined coverage JSON report (``make coverage``)."""

from __future__ import annotations

import json
import sys
from collections import defaultdict
from pathlib import Path
from typing import Any

FIELDS = ("num_statements", "covered_lines", "num_branches", "covered_branches")


def per_package(report: dict[str, Any]) -> dict[str, dict[str, int]]:
    """Sum each file's statement and branch counts into its top-level package.

    >>> per_package({"files": {"tms/client.py": {"summary": {"num_statements": 10,
    ...     "covered_lines": 9, "num_branches": 4, "covered_branches": 3}}}})
    {'tms': {'num_statements': 10, 'covered_lines': 9, 'num_branches': 4, 'covered_branches': 3}}
    """
    totals: dict[str, dict[str, int]] = defaultdict(lambda: dict.fromkeys(FIELDS, 0))
    for path, data in report["files"].items():
        package = Path(path).parts[0]
        for name in FIELDS:
            totals[package][name] += data["summary"][name]
    return dict(sorted(totals.items()))


def percent(covered: int, total: int) -> str:
    return f"{100 * covered / total:5.1f}%" if total else "    -"


def table(totals: dict[str, dict[str, int]]) -> str:
    """The per-package lines and a TOTAL line, statements and branches apart."""
    rows = [f"{'package':<12} {'stmts':>7} {'stmt cov':>8} {'branches':>9} {'branch cov':>10}"]
    overall = dict.fromkeys(FIELDS, 0)
    for package, counts in [*totals.items(), ("TOTAL", overall)]:
        if package != "TOTAL":
            for name in FIELDS:
                overall[name] += counts[name]
        rows.append(
            f"{package:<12} {counts['num_statements']:>7} "
            f"{percent(counts['covered_lines'], counts['num_statements']):>8} "
            f"{counts['num_branches']:>9} "
            f"{percent(counts['covered_branches'], counts['num_branches']):>10}"
        )
    return "\n".join(rows)


def main(argv: list[str]) -> int:
    report = json.loads(Path(argv[1]).read_text())
    print(table(per_package(report)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
