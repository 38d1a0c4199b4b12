"""Benchmark: the bot's own file work per format, ours vs translate-toolkit in the same run.

What the bot does with string files, on the largest real file of each format:

(a) ``update``: load the source and a target, set 10 % of the target's entries (half of
    them updates of existing entries, half inserts of keys the target lacks, each placed
    after its predecessor in the source), dump the target. The target is the source file
    with every 20th entry removed (prepared before timing), as a translation that lags
    behind its source.
(b) ``fill``: load the source, ``new_target`` for a locale, set every source entry, dump:
    a new language.
(c) ``fill`` on a synthetic source of 50,000 entries (``tests/catalog/synthetic.py``), ours
    only, beside the same at 5,000 entries: the ratio of their cost per entry shows the work
    is linear (1.0) or not (10 = quadratic).

translate-toolkit does the same through its own API (parse both stores, find units through
a dict of the target's units by id, set ``target``, add new units, serialise). It cannot
insert a unit at a position, so it appends the new ones at the end: the comparison is
generous to it. Both sides change the same entries (picked by position in the source), so
like is compared with like. Before timing, each row checks that both sides read as many
entries from the file, and that our output loads back with every entry; what
translate-toolkit's output lacks is printed under the table.

Goals (issue 13): (a) and (b) at least 2x translate-toolkit in every format; (c) at most
2 s per format, linear.

translate-toolkit is GPL and installed in the venv for this benchmark only:
``.venv/bin/pip install translate-toolkit``.

    bash scripts/fetch_corpora.sh && .venv/bin/python bench/catalog.py [--rounds N]
"""

from __future__ import annotations

import argparse
import gc
import importlib
import os
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
# This file is named catalog.py: keep its folder from shadowing the catalog package.
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).parent]
sys.path.insert(0, str(REPO))
catalog = importlib.import_module("catalog")
synthetic = importlib.import_module("tests.catalog.synthetic")
SHARED = REPO / ".." / "shared" / "corpora"
REGISTRY = REPO / "var" / "corpora"

CORPORA = {
    "json": (REGISTRY / "matrix-react-sdk", "*.json"),
    "arb": (SHARED / "arb-flutter-gallery", "*.arb"),
    "po": (REGISTRY, "*.po"),
    "xliff": (SHARED / "xliff-focusios", "*.xliff"),
    "android": (SHARED / "android-newpipe", "strings.xml"),
    "ios-strings": (SHARED / "ios-mastodon", "*.strings"),
    "ios-stringsdict": (SHARED / "ios-mastodon", "*.stringsdict"),
}
LOCALE = "de-DE"
BILINGUAL = {"po", "xliff"}  # translate-toolkit identifies their units by source, not by id


def largest(root: Path, pattern: str) -> Path | None:
    files = sorted(root.rglob(pattern), key=lambda p: (p.stat().st_size, str(p)))
    return files[-1] if files else None


def changed(value: Any) -> Any:
    """A new translation of the same shape."""
    if isinstance(value, str):
        return value + " (neu)"
    return {form: text + " (neu)" for form, text in value.items()}


# --- the work, ours -------------------------------------------------------------------


class Update:
    """(a) for one file: the target and which entries change, prepared before timing."""

    def __init__(self, path: str, data: bytes) -> None:
        self.path, self.data = path, data
        entries = catalog.load(path, data).entries()
        removed = range(0, len(entries), 20)
        target = catalog.load(path, data)
        for index in removed:
            target.remove(entries[index].key)
        self.target_data = bytes(target.dump())
        kept = [index for index in range(len(entries)) if index % 20]
        #: source positions of the entries updated (every 20th entry the target kept)
        self.updates = kept[10::20]
        #: source positions of the entries inserted (those removed), each placed after
        #: its predecessor in the source
        self.inserts = list(removed)

    def ours(self) -> bytes:
        source_entries = catalog.load(self.path, self.data).entries()
        target = catalog.load(self.path, self.target_data)
        for index in self.updates:
            key = source_entries[index].key
            target.set(key, changed(target.get(key).value))
        for index in self.inserts:
            entry = source_entries[index]
            after = source_entries[index - 1].key if index else None
            target.set(entry.key, changed(entry.value), comment=entry.comment, after=after)
        return bytes(target.dump())

    def toolkit(self, format_name: str) -> Callable[[], bytes]:
        store_class = toolkit_store_class(format_name)

        def run() -> bytes:
            source_units = toolkit_units(store_class.parsestring(self.data))
            target = store_class.parsestring(self.target_data)
            by_id = {unit.getid(): unit for unit in target.units}
            for index in self.updates:
                unit = by_id.get(source_units[index].getid())
                if unit is None:  # an id translate-toolkit does not find again (nested JSON)
                    toolkit_put(format_name, target, by_id, source_units[index])
                else:
                    unit.target = toolkit_changed(unit.target or unit.source)
            for index in self.inserts:
                toolkit_put(format_name, target, by_id, source_units[index])
            return bytes(target)

        return run


class Fill:
    """(b) for one file: a new target filled with every source entry."""

    def __init__(self, path: str, data: bytes) -> None:
        self.path, self.data = path, data
        source = catalog.load(path, data)
        self.skeleton = bytes(catalog.new_target(source, LOCALE).dump())

    def ours(self) -> bytes:
        source = catalog.load(self.path, self.data)
        target = catalog.new_target(source, LOCALE)
        for entry in source.entries():
            target.set(entry.key, changed(entry.value), comment=entry.comment)
        return bytes(target.dump())

    def toolkit(self, format_name: str) -> Callable[[], bytes]:
        store_class = toolkit_store_class(format_name)

        def run() -> bytes:
            source_units = toolkit_units(store_class.parsestring(self.data))
            target = store_class.parsestring(self.skeleton)
            by_id = {unit.getid(): unit for unit in target.units}
            for unit in source_units:
                toolkit_put(format_name, target, by_id, unit)
            return bytes(target)

        return run


# --- the work, translate-toolkit -------------------------------------------------------


def toolkit_store_class(format_name: str) -> Any:
    from translate.storage import aresource, jsonl10n, po, properties, stringsdict, xliff

    return {
        "json": jsonl10n.JsonNestedFile,
        "arb": jsonl10n.ARBJsonFile,
        "po": po.pofile,
        "xliff": xliff.xlifffile,
        "android": aresource.AndroidResourceFile,
        "ios-strings": properties.stringsutf8file,
        "ios-stringsdict": stringsdict.StringsDictFile,
    }[format_name]


def toolkit_units(store: Any) -> list[Any]:
    return [unit for unit in store.units if not unit.isheader()]


def toolkit_changed(value: Any) -> Any:
    from translate.misc.multistring import multistring

    if isinstance(value, multistring) and len(value.strings) > 1:
        return multistring([text + " (neu)" for text in value.strings])
    return str(value) + " (neu)"


def toolkit_put(format_name: str, store: Any, by_id: dict[str, Any], source_unit: Any) -> None:
    """Translate ``source_unit`` in ``store`` (translate-toolkit's own API): a bilingual
    store (PO from a template, XLIFF) has the unit already; elsewhere a new unit is added.

    ``.strings`` units are made with the store's personality: ``addsourceunit`` would make
    a Java ``.properties`` unit there.
    """
    if format_name in BILINGUAL:
        existing = by_id.get(source_unit.getid())
        if existing is not None:
            existing.target = toolkit_changed(source_unit.target or source_unit.source)
            return
    personality = getattr(store, "personality", None)
    options = {"personality": personality.name} if personality is not None else {}
    unit = store.UnitClass(source_unit.source, **options)
    store.addunit(unit)  # first: an Android plural unit asks its store for plural tags
    if format_name not in BILINGUAL:
        unit.setid(source_unit.getid())
    unit.target = toolkit_changed(source_unit.target or source_unit.source)


# --- timing ---------------------------------------------------------------------------


def per_call_times(runs: Sequence[Callable[[], object]], rounds: int) -> list[list[float]]:
    """CPU time per call of each run, ``rounds`` rounds interleaved (ours, ref, ours, ...).

    CPU time of this process (not wall time): the machine is shared, and waiting for a
    core would otherwise count against whichever side happened to wait. The garbage
    collector is off while timing, as in ``timeit``. Each round repeats a call until it has
    taken at least 50 ms.
    """
    numbers = [_calls_for(run) for run in runs]
    times: list[list[float]] = [[] for _ in runs]
    gc.collect()
    gc.disable()
    try:
        for _ in range(rounds):
            for run, number, sink in zip(runs, numbers, times, strict=True):
                start = time.process_time()
                for _ in range(number):
                    run()
                sink.append((time.process_time() - start) / number)
    finally:
        gc.enable()
    return times


def _calls_for(run: Callable[[], object], budget: float = 0.05) -> int:
    start = time.process_time()
    run()
    once = max(time.process_time() - start, 1e-6)
    return max(1, round(budget / once))


def same_counts(format_name: str, path: Path, data: bytes) -> str | None:
    """None when both sides read as many entries from the file, else what differs."""
    entries = catalog.load(str(path), data).entries()
    ours = len(entries)
    units = toolkit_units(toolkit_store_class(format_name).parsestring(data))
    if format_name == "json":  # one translate-toolkit unit per leaf string
        ours = sum(len(entry.texts()) for entry in entries)
    if format_name == "ios-stringsdict":  # a unit for the key and one per plural variable
        theirs = len({unit.getid().split(":")[0] for unit in units})
    else:
        theirs = len(units)
    return None if ours == theirs else f"translate-toolkit reads {theirs} entries, we read {ours}"


def wrong_output(path: Path, data: bytes, ours: bytes) -> str | None:
    """None when our output reads back with every entry of the source, else why not."""
    expected = len(catalog.load(str(path), data).entries())
    try:
        count = len(catalog.load(str(path), ours).entries())
    except catalog.FormatError as error:
        return f"our output does not load: {error}"
    return None if count == expected else f"our output holds {count} of {expected} entries"


def toolkit_shortfall(format_name: str, data: bytes, theirs: bytes) -> str | None:
    """What translate-toolkit's output lacks (its own limits, printed beside the row)."""
    store_class = toolkit_store_class(format_name)
    count = len(toolkit_units(store_class.parsestring(theirs)))
    expected = len(toolkit_units(store_class.parsestring(data)))
    if count == expected:
        return None
    return f"translate-toolkit's output has {count} of {expected} units"


def fill_seconds(format_name: str, size: int) -> float:
    """CPU seconds of (b) on a synthetic source of ``size`` entries, ours."""
    fill = Fill(*synthetic.source_file(format_name, size))
    gc.collect()
    start = time.process_time()
    fill.ours()
    return time.process_time() - start


def real_files(formats: list[str], rounds: int) -> bool:
    header = (
        f"{'format':15} {'file':34} {'KiB':>4} {'entries':>7} "
        f"{'(a) ours ms':>11} {'ttk ms':>7} {'x ttk':>6}   "
        f"{'(b) ours ms':>11} {'ttk ms':>7} {'x ttk':>6}"
    )
    print(header)
    print("-" * len(header))
    ok = True
    notes: list[str] = []
    for format_name in formats:
        root, pattern = CORPORA[format_name]
        path = largest(root, pattern) if root.is_dir() else None
        if path is None:
            print(f"{format_name:15} (corpus missing: run scripts/fetch_corpora.sh)")
            ok = False
            continue
        data = path.read_bytes()
        problem = same_counts(format_name, path, data)
        if problem is not None:
            print(f"{format_name:15} {path}: {problem}")
            ok = False
            continue
        cells = []
        for work in (Update(str(path), data), Fill(str(path), data)):
            runs = [work.ours, work.toolkit(format_name)]
            problem = wrong_output(path, data, work.ours())
            if problem is not None:
                cells.append(problem)
                ok = False
                continue
            shortfall = toolkit_shortfall(format_name, data, runs[1]())
            if shortfall is not None:
                notes.append(f"  {format_name} {type(work).__name__.lower()}: {shortfall}")
            ours_time, toolkit_time = (statistics.median(t) for t in per_call_times(runs, rounds))
            ratio = toolkit_time / ours_time
            cells.append(f"{ours_time * 1000:11.2f} {toolkit_time * 1000:7.2f} {ratio:5.1f}x")
        entries = len(catalog.load(str(path), data).entries())
        label = str(path.relative_to(root))[-34:]
        print(
            f"{format_name:15} {label:34} {len(data) / 1024:4.0f} {entries:7} " + "   ".join(cells),
            flush=True,
        )
    print("\n".join(notes))
    return ok


def synthetic_files(formats: list[str], sizes: tuple[int, int]) -> None:
    small, large = sizes
    print(
        f"\n(c) fill, ours, synthetic source: CPU s at {small:,} and {large:,} entries; "
        f"ratio = cost per entry at {large:,} / at {small:,} (1.0 linear, "
        f"{large / small:.0f} quadratic)"
    )
    header = f"{'format':15} {f'{small:,}':>8} {f'{large:,}':>8} {'ratio':>6}"
    print(header)
    print("-" * len(header))
    for format_name in formats:
        if format_name not in synthetic.FORMATS:
            continue
        seconds = [fill_seconds(format_name, size) for size in (small, large)]
        ratio = seconds[1] / seconds[0] * small / large
        print(f"{format_name:15} {seconds[0]:8.2f} {seconds[1]:8.2f} {ratio:6.2f}", flush=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5, help="timing rounds per figure")
    parser.add_argument("--formats", nargs="*", default=list(CORPORA), choices=list(CORPORA))
    parser.add_argument("--sizes", nargs=2, type=int, default=[5000, 50000])
    args = parser.parse_args()
    try:
        import translate  # noqa: F401
    except ImportError:
        print("translate-toolkit is missing: .venv/bin/pip install translate-toolkit")
        return 1
    print(
        f"median CPU ms per call over {args.rounds} interleaved rounds; x ttk = "
        f"translate-toolkit / ours; load average {os.getloadavg()[0]:.2f}"
    )
    ok = real_files(args.formats, args.rounds)
    synthetic_files(args.formats, (args.sizes[0], args.sizes[1]))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
