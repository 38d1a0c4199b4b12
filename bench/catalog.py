"""Benchmark: parse + dump of the largest real file per format, ours vs references.

References measured in the same run: translate-toolkit (every format; GPL, installed in
the venv for this benchmark only: ``.venv/bin/pip install translate-toolkit``) and polib
(PO). Goal: at least 3x translate-toolkit and at least 1x polib.

Headline mode ``load+entries+dump``: ``catalog.load`` (format detected from path and
content), read every entry's key and value, dump. The references do the same through
their own API (parse, read every unit's id and target, serialise). Extra columns:
``parse+dump`` (load and dump, no entry read) and ``edit+dump`` (set the middle entry).

Before timing, each row checks that both sides read the same number of entries (and
reports how many of our texts the reference reads identically), so like is compared
with like.

    bash scripts/fetch_corpora.sh && .venv/bin/python bench/catalog.py [--rounds N]
"""

from __future__ import annotations

import argparse
import gc
import importlib
import statistics
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import polib

REPO = Path(__file__).resolve().parents[1]
# This file is named catalog.py: keep its folder from shadowing the catalog package.
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).parent]
sys.path.insert(0, str(REPO))
catalog = importlib.import_module("catalog")
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

MODES = ("load+entries+dump", "parse+dump", "edit+dump")


def largest(root: Path, pattern: str) -> Path | None:
    files = sorted(root.rglob(pattern), key=lambda p: (p.stat().st_size, str(p)))
    return files[-1] if files else None


# --- what each side runs -------------------------------------------------------------


def ours(path: Path, data: bytes, mode: str) -> Callable[[], object]:
    """Load (format detected), then: read every entry / nothing / set the middle entry; dump."""
    name = str(path)

    def run() -> bytes:
        document = catalog.load(name, data)
        if mode == "load+entries+dump":
            for entry in document.entries():
                entry.key, entry.value  # noqa: B018 (read, as a caller would)
        elif mode == "edit+dump":
            keys = document.keys()
            entry = document.get(keys[len(keys) // 2])
            value = entry.value
            new = value + "!" if isinstance(value, str) else {k: v + "!" for k, v in value.items()}
            document.set(entry.key, new)
        return document.dump()

    return run


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


def toolkit(format_name: str, data: bytes, mode: str) -> Callable[[], object]:
    store_class = toolkit_store_class(format_name)

    def run() -> bytes:
        store = store_class.parsestring(data)
        if mode == "load+entries+dump":
            for unit in store.units:
                unit.getid(), unit.target
        elif mode == "edit+dump":
            units = toolkit_units(store)
            unit = units[len(units) // 2]
            unit.target = (unit.target or "") + "!"
        return bytes(store)

    return run


def with_polib(data: bytes, mode: str) -> Callable[[], object]:
    text = data.decode("utf-8")

    def run() -> str:
        catalog_file = polib.pofile(text)
        if mode == "load+entries+dump":
            for entry in catalog_file:
                entry.msgid, entry.msgstr, entry.msgstr_plural  # noqa: B018
        elif mode == "edit+dump":
            entry = catalog_file[len(catalog_file) // 2]
            entry.msgstr += "!"
        return str(catalog_file)

    return run


# --- like with like ------------------------------------------------------------------


def our_count_and_texts(format_name: str, path: Path, data: bytes) -> tuple[int, list[str]]:
    entries = catalog.load(str(path), data).entries()
    texts = [text for entry in entries for text in entry.texts()]
    # translate-toolkit's nested JSON has one unit per leaf string (plural forms apart)
    return (len(texts) if format_name == "json" else len(entries)), texts


def toolkit_count_and_texts(format_name: str, data: bytes) -> tuple[int, list[str]]:
    units = toolkit_units(toolkit_store_class(format_name).parsestring(data))
    if format_name == "ios-stringsdict":
        # one unit for the format key plus one per plural variable (``key:variable``)
        count = len({unit.getid().split(":")[0] for unit in units})
    else:
        count = len(units)
    texts: list[str] = []
    for unit in units:
        # monolingual stores (.strings) keep the value as source
        value = unit.target or unit.source
        texts.extend(value.strings if hasattr(value, "strings") else [str(value)])
    return count, texts


def polib_count_and_texts(data: bytes) -> tuple[int, list[str]]:
    messages = [entry for entry in polib.pofile(data.decode("utf-8")) if not entry.obsolete]
    texts: list[str] = []
    for entry in messages:
        texts.extend(entry.msgstr_plural.values() if entry.msgid_plural else [entry.msgstr])
    return len(messages), texts


def same_texts(ours_texts: Iterable[str], ref_texts: Iterable[str]) -> int:
    """How many of our texts the reference read identically (as multisets)."""
    return sum((Counter(ours_texts) & Counter(ref_texts)).values())


# --- timing --------------------------------------------------------------------------


def per_call_times(runs: list[Callable[[], object]], rounds: int) -> list[list[float]]:
    """CPU time per call of each run, ``rounds`` rounds interleaved (ours, ref, ours, ...).

    CPU time of this process (not wall time): the machine is shared, and waiting for a
    core would otherwise count against whichever side happened to wait. Interleaving
    spreads any drift over both sides. The garbage collector is off while timing, as in
    ``timeit``. Each round repeats a call until it has taken at least 50 ms.
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


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=7, help="timing rounds per figure")
    parser.add_argument("--formats", nargs="*", default=list(CORPORA), choices=list(CORPORA))
    args = parser.parse_args()
    try:
        import translate  # noqa: F401
    except ImportError:
        print("translate-toolkit is missing: .venv/bin/pip install translate-toolkit")
        return 1
    print(f"median CPU ms per call over {args.rounds} interleaved rounds; x = ref / ours")
    header = (
        f"{'format':15} {'file':34} {'KiB':>4} {'entries':>7} {'same':>9} "
        f"{'ours ms':>8} {'ttk ms':>7} {'x ttk':>6} {'polib ms':>8} {'x polib':>7} "
        f"{'parse+dump x':>12} {'edit+dump x':>11}"
    )
    print(header)
    print("-" * len(header))
    failed = False
    for format_name in args.formats:
        root, pattern = CORPORA[format_name]
        path = largest(root, pattern) if root.is_dir() else None
        if path is None:
            print(f"{format_name:15} (corpus missing: run scripts/fetch_corpora.sh)")
            failed = True
            continue
        data = path.read_bytes()
        checked = compare_entries(format_name, path, data)
        if checked is None:
            failed = True
            continue
        print_row(format_name, path, root, data, args.rounds, checked)
    return 1 if failed else 0


def compare_entries(format_name: str, path: Path, data: bytes) -> tuple[int, int, int] | None:
    """(entries, texts read alike by translate-toolkit, our texts), None on a count mismatch."""
    count, texts = our_count_and_texts(format_name, path, data)
    references = [("translate-toolkit", toolkit_count_and_texts(format_name, data))]
    if format_name == "po":
        references.append(("polib", polib_count_and_texts(data)))
    ok = True
    for ref_name, (ref_count, _) in references:
        if ref_count != count:
            print(f"{format_name:15} {path}: {ref_name} reads {ref_count} entries, we read {count}")
            ok = False
    entries = len(catalog.load(str(path), data).entries())
    same = same_texts(texts, references[0][1][1])
    return (entries, same, len(texts)) if ok else None


def print_row(
    format_name: str,
    path: Path,
    root: Path,
    data: bytes,
    rounds: int,
    checked: tuple[int, int, int],
) -> None:
    ratios: dict[str, list[float]] = {}
    headline: list[float] = []
    for mode in MODES:
        runs = [ours(path, data, mode), toolkit(format_name, data, mode)]
        if format_name == "po":
            runs.append(with_polib(data, mode))
        medians = [statistics.median(times) for times in per_call_times(runs, rounds)]
        ratios[mode] = [ref / medians[0] for ref in medians[1:]]
        if mode == MODES[0]:
            headline = medians
    entries, same, total = checked
    polib_ms = f"{headline[2] * 1000:8.2f}" if len(headline) > 2 else f"{'':8}"
    polib_x = f"{ratios[MODES[0]][1]:6.1f}x" if len(headline) > 2 else f"{'':7}"
    label = str(path.relative_to(root))[-34:]
    print(
        f"{format_name:15} {label:34} {len(data) / 1024:4.0f} {entries:7} "
        f"{f'{same}/{total}':>9} {headline[0] * 1000:8.2f} {headline[1] * 1000:7.2f} "
        f"{ratios[MODES[0]][0]:5.1f}x {polib_ms} {polib_x} "
        f"{_ratio_text(ratios[MODES[1]]):>12} {_ratio_text(ratios[MODES[2]]):>11}",
        flush=True,
    )


def _ratio_text(ratios: list[float]) -> str:
    return "/".join(f"{ratio:.1f}" for ratio in ratios)


if __name__ == "__main__":
    sys.exit(main())
