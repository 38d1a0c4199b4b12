"""Every call gives the same output whatever was called before it, in fresh processes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

# Parents before children and children before parents: Babel's shared data made the
# child's answer depend on which was read first (de-CH accounting after de, es-MX after es).
LOCALES = [
    "de", "de-CH", "de-AT", "es", "es-MX", "es-419", "es-AR", "fr", "fr-CH", "fr-CA",
    "en", "en-GB", "en-IN", "pt", "pt-PT", "zh", "zh-Hant", "zh-Hant-HK", "ar", "ar-EG",
    "sr", "sr-Latn", "nb", "no", "ff-Adlm", "ne", "ne-IN", "ms-Arab",
]  # fmt: skip

SCRIPT = r"""
import datetime, json, sys
import i18n_lib as L

locales = json.loads(sys.argv[1])
moment = datetime.datetime(2024, 3, 5, 14, 7, tzinfo=datetime.UTC)
out = {}
for tag in locales:
    out[tag] = [
        L.format_currency(0, "USD", tag, format_type="accounting"),
        L.format_currency(-1234.5, "EUR", tag, format_type="accounting"),
        L.format_currency(1234.5, "USD", tag),
        L.format_decimal(-1234567.891, tag),
        L.format_percent(0.256, tag),
        L.format_date(moment.date(), tag, format="long"),
        L.format_datetime(moment, tag, format="full", tzinfo="Europe/Berlin"),
        L.format_list(["a", "b", "c"], tag),
        L.format_unit(3, "kilometer", tag),
    ]
print(json.dumps(out, ensure_ascii=False))
"""


def _run(locales: list[str]) -> dict[str, list[str]]:
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT, json.dumps(locales)],
        capture_output=True, text=True, cwd=ROOT, check=True, timeout=120,
    )  # fmt: skip
    answers: dict[str, list[str]] = json.loads(result.stdout)
    return answers


@pytest.mark.slow
def test_fresh_processes_in_both_orders_agree() -> None:
    forward = _run(LOCALES)
    backward = _run(list(reversed(LOCALES)))
    assert forward == backward
    # The case the issue reproduced: CLDR's de-CH accounting pattern is "¤ #,##0.00".
    assert forward["de-CH"][0] == "$\xa00.00"
    assert forward["de"][0] == "0,00\xa0$"


def test_child_after_parent_in_one_process() -> None:
    for parent, child, expected in [
        ("de", "de-CH", "$\xa00.00"),
        ("es", "es-MX", "USD\xa00.00"),
    ]:
        answers = _run([parent, child])
        alone = _run([child])
        assert answers[child] == alone[child]
        assert alone[child][0] == expected
