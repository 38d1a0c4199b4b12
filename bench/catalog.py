"""Benchmark: parse + edit + dump of the largest real file per format, ours vs references.

References measured in the same run: translate-toolkit (every format; GPL, installed in
the venv for this benchmark only: ``.venv/bin/pip install translate-toolkit``) and polib
(PO). Goal: at least 3x translate-toolkit and at least 1x polib.

    bash scripts/fetch_corpora.sh && .venv/bin/python bench/catalog.py
"""

from __future__ import annotations

import gc
import importlib
import sys
import time
from collections.abc import Callable
from pathlib import Path

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
}


def largest(root: Path, pattern: str) -> Path | None:
    files = sorted(root.rglob(pattern), key=lambda p: p.stat().st_size) if root.is_dir() else []
    return files[-1] if files else None


def best_of(run: Callable[[], object], repeat: int = 7, number: int = 3) -> float:
    """Best per-call CPU time over ``repeat`` rounds of ``number`` calls.

    CPU time of this process (not wall time): the machine is shared, and waiting for a
    core would otherwise count against whichever side happened to wait. The garbage
    collector is off while timing, as in ``timeit``.
    """
    gc.collect()
    gc.disable()
    try:
        return _rounds(run, repeat, number)
    finally:
        gc.enable()


def _rounds(run: Callable[[], object], repeat: int, number: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.process_time()
        for _ in range(number):
            run()
        times.append((time.process_time() - start) / number)
    return min(times)


MODES = ("parse+dump", "entries+dump", "edit+dump")


def ours(format_name: str, path: Path, data: bytes, mode: str) -> Callable[[], object]:
    """Load, then: nothing / read every entry / set the middle entry; then dump."""
    name = str(path)

    def run() -> bytes:
        # the format is named, as for the references (catalog.load would also sniff it)
        document = catalog.load_as(format_name, name, data)
        if mode == "entries+dump":
            document.entries()
        elif mode == "edit+dump":
            keys = document.keys()
            entry = document.get(keys[len(keys) // 2])
            value = entry.value
            new = value + "!" if isinstance(value, str) else {k: v + "!" for k, v in value.items()}
            document.set(entry.key, new)
        return document.dump()

    return run


def toolkit(format_name: str, data: bytes, mode: str) -> Callable[[], object]:
    """translate-toolkit builds every unit while parsing: its entries mode is its parse."""
    from translate.storage import jsonl10n, po, xliff

    store_class = {
        "json": jsonl10n.JsonNestedFile,
        "arb": jsonl10n.ARBJsonFile,
        "po": po.pofile,
        "xliff": xliff.xlifffile,
    }[format_name]

    def run() -> bytes:
        store = store_class.parsestring(data)
        if mode == "edit+dump":
            units = [unit for unit in store.units if not unit.isheader()]
            unit = units[len(units) // 2]
            unit.target = (unit.target or "") + "!"
        return bytes(store)

    return run


def with_polib(data: bytes, mode: str) -> Callable[[], object]:
    text = data.decode("utf-8")

    def run() -> str:
        catalog_file = polib.pofile(text)
        if mode == "edit+dump":
            entry = catalog_file[len(catalog_file) // 2]
            entry.msgstr += "!"
        return str(catalog_file)

    return run


def main() -> int:
    try:
        import translate  # noqa: F401
    except ImportError:
        print("translate-toolkit is missing: .venv/bin/pip install translate-toolkit")
        return 1
    header = (
        f"{'format':7} {'file':46} {'KiB':>6} {'mode':12} {'ours ms':>8} "
        f"{'ref':17} {'ref ms':>8} {'speed-up':>9}"
    )
    print(header)
    print("-" * len(header))
    for format_name, (root, pattern) in CORPORA.items():
        path = largest(root, pattern)
        if path is None:
            print(f"{format_name:7} (corpus missing: run scripts/fetch_corpora.sh)")
            continue
        data = path.read_bytes()
        label = str(path.relative_to(root))[-46:]
        for mode in MODES:
            ours_time = best_of(ours(format_name, path, data, mode))
            references = [("translate-toolkit", toolkit(format_name, data, mode))]
            if format_name == "po":
                references.append(("polib", with_polib(data, mode)))
            for ref_name, ref_run in references:
                ref_time = best_of(ref_run)
                print(
                    f"{format_name:7} {label:46} {len(data) / 1024:6.0f} {mode:12} "
                    f"{ours_time * 1000:8.2f} {ref_name:17} {ref_time * 1000:8.2f} "
                    f"{ref_time / ours_time:8.1f}x"
                )
    return 0


if __name__ == "__main__":
    sys.exit(main())
