"""Benchmark: fill a new target of N entries per format (``new_target`` + ``set`` + ``dump``).

For each format a synthetic source of N entries is built (plural entries included where
the format has them); the timed part is what the bot does to onboard a language:
``catalog.new_target(source, locale)``, ``set`` of every source entry (key, a translated
value of the same shape, the source comment), ``dump``. Each format is timed at a small
and a large N; the ratio of their times per entry shows the cost is linear (1.0 when
it is, N_large / N_small when quadratic).

Second figure, ``after=``: an existing target holding every other source entry gets the
missing half inserted, each placed after the source entry before it (source order).
Third, ``set again``: every entry of a full target gets a new value.

    .venv/bin/python bench/new_target.py [--sizes 5000 50000] [--formats po json ...]
"""

from __future__ import annotations

import argparse
import gc
import importlib
import sys
import time
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

REPO = Path(__file__).resolve().parents[1]
# bench/ holds a catalog.py: keep this folder from shadowing the catalog package.
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).parent]
sys.path.insert(0, str(REPO))


def _catalog() -> ModuleType:
    return importlib.import_module("catalog")


def _tests_module() -> ModuleType:
    """The synthetic sources, shared with the tests that fill 20,000-entry targets."""
    return importlib.import_module("tests.catalog.synthetic")


LOCALE = "de-DE"


def _seconds(action: Callable[[], object]) -> float:
    gc.collect()
    gc.disable()
    try:
        start = time.process_time()
        action()
        return time.process_time() - start
    finally:
        gc.enable()


def fill_seconds(format_name: str, size: int) -> float:
    """CPU seconds of new_target + set of every entry + dump for ``size`` entries."""
    catalog = _catalog()
    synthetic = _tests_module()
    source = catalog.load(*synthetic.source_file(format_name, size))
    entries = source.entries()

    def fill() -> bytes:
        target = catalog.new_target(source, LOCALE)
        for entry in entries:
            target.set(entry.key, synthetic.translated(entry.value), comment=entry.comment)
        return bytes(target.dump())

    return _seconds(fill)


def insert_after_seconds(format_name: str, size: int) -> float:
    """CPU seconds of inserting the missing half of the source, each ``after=`` its
    predecessor in the source, into a target holding the other half, + dump."""
    catalog = _catalog()
    synthetic = _tests_module()
    source = catalog.load(*synthetic.source_file(format_name, size))
    entries = source.entries()
    half = catalog.new_target(source, LOCALE)
    for entry in entries[::2]:
        half.set(entry.key, synthetic.translated(entry.value), comment=entry.comment)
    path, data = half.path, half.dump()
    missing = [(entries[i - 1].key, entries[i]) for i in range(1, len(entries), 2)]

    def insert() -> bytes:
        target = catalog.load(path, data)
        for anchor, entry in missing:
            value = synthetic.translated(entry.value)
            target.set(entry.key, value, comment=entry.comment, after=anchor)
        return bytes(target.dump())

    return _seconds(insert)


def set_again_seconds(format_name: str, size: int) -> float:
    """CPU seconds of setting every entry of a full target to a new value, + dump."""
    catalog = _catalog()
    synthetic = _tests_module()
    source = catalog.load(*synthetic.source_file(format_name, size))
    entries = source.entries()
    full = catalog.new_target(source, LOCALE)
    for entry in entries:
        full.set(entry.key, synthetic.translated(entry.value), comment=entry.comment)
    path, data = full.path, full.dump()
    values = [(e.key, synthetic.translated(synthetic.translated(e.value))) for e in entries]

    def set_again() -> bytes:
        target = catalog.load(path, data)
        for key, value in values:
            target.set(key, value)
        return bytes(target.dump())

    return _seconds(set_again)


MEASURES: dict[str, Callable[[str, int], float]] = {
    "fill": fill_seconds,
    "after=": insert_after_seconds,
    "set again": set_again_seconds,
}


def main() -> int:
    synthetic = _tests_module()
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--sizes", nargs=2, type=int, default=[5000, 50000])
    parser.add_argument(
        "--formats", nargs="*", default=list(synthetic.FORMATS), choices=synthetic.FORMATS
    )
    arguments = parser.parse_args()
    small, large = arguments.sizes
    print(
        f"CPU seconds per format at {small:,} and {large:,} entries ({LOCALE} target); "
        f"ratio = cost per entry at {large:,} / at {small:,} "
        f"(1.0 = linear, {large / small:.0f} = quadratic)"
    )
    columns = [f"{name} {size:,}" for name in MEASURES for size in (small, large)]
    pairs = zip(columns[::2], columns[1::2], strict=True)
    header = f"{'format':16}" + "".join(f"  {a:>15} {b:>16} {'ratio':>5}" for a, b in pairs)
    print(header)
    print("-" * len(header))
    for format_name in arguments.formats:
        cells = []
        for measure in MEASURES.values():
            seconds = [measure(format_name, size) for size in (small, large)]
            ratio = seconds[1] / seconds[0] * small / large
            cells.append(f"  {seconds[0]:15.2f} {seconds[1]:16.2f} {ratio:5.2f}")
        print(f"{format_name:16}" + "".join(cells), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
