"""Hostile input, superlinear time or memory: attacks under the caps stay linear and small.

Each attack is built here by a small generator at the size that stalled a worker before
(each took over 20 s or 1 GB). It runs in a child process with a 1 GiB address-space
limit and a 10 s wall-clock timeout (the fixed code takes well under 1 s); the child
reports the outcome, its CPU seconds and peak memory. Where an attack scales, a second
test compares the cost at n and 4n: linear is about 4x, the quadratic code was 16x.
"""

from __future__ import annotations

import gc
import json
import resource
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

import catalog
from catalog import Entry, FormatError
from catalog.qa import check_translation

ANDROID = "res/values/strings.xml"
STRINGS = "en.lproj/Localizable.strings"
STRINGSDICT = "en.lproj/Localizable.stringsdict"
XLIFF = "fr.xlf"
PO = "fr/LC_MESSAGES/django.po"

_XLIFF_HEAD = (
    b'<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">'
    b'<file original="f" source-language="en" target-language="fr" datatype="plaintext"><body>'
)
_XLIFF_TAIL = b"</body></file></xliff>"
ONE_STRING = b'<resources><string name="a">x</string></resources>'


def android_one_line(n: int) -> bytes:
    return (
        b"<resources>"
        + b"".join(b'<string name="k%d">v</string>' % i for i in range(n))
        + b"</resources>"
    )


def strings_one_line(n: int) -> bytes:
    return b"".join(b'"k%d" = "v";' % i for i in range(n))


def stringsdict_one_line(n: int) -> bytes:
    pairs = b"".join(b"<key>k%d</key><string>v</string>" % i for i in range(n))
    return b'<plist version="1.0"><dict>' + pairs + b"</dict></plist>"


def xliff_one_line(n: int) -> bytes:
    units = b"".join(
        b'<trans-unit id="k%d"><source>s</source><target>t</target></trans-unit>' % i
        for i in range(n)
    )
    return _XLIFF_HEAD + units + _XLIFF_TAIL


def strings_of_comments(n: int) -> bytes:
    return b"/* a */ " * n


def po_header(fields: bytes) -> bytes:
    return b'msgid ""\nmsgstr ""\n"' + fields + b'\\n"\n'


def _edit_first(path: str, data: bytes) -> str:
    """Load, set the first entry, dump and load again; the entry count read back."""
    document = catalog.load(path, data)
    document.set(document.keys()[0], "new & <x>")
    return f"{len(catalog.load(path, document.dump()).entries())} entries"


def _load(path: str, data: bytes) -> str:
    return f"{len(catalog.load(path, data).entries())} entries"


def _add(path: str, data: bytes) -> str:
    document = catalog.load(path, data)
    document.set("added", "value")
    return f"{len(catalog.load(path, document.dump()).entries())} entries"


def xliff_commented_targets(n: int) -> bytes:
    unit = b'<trans-unit id="a"><source>s</source><!--' + b"<target>" * n + b"--></trans-unit>"
    return _XLIFF_HEAD.replace(b' target-language="fr"', b"") + unit + _XLIFF_TAIL


def _new_target(path: str, data: bytes) -> str:
    """A new target of the source, filled and read back."""
    target = catalog.new_target(catalog.load(path, data), "de")
    target.set("a", "x")
    return f"{len(catalog.load(target.path, target.dump()).entries())} entries"


def _check(translation: str) -> str:
    problems = check_translation(Entry("k", "Hi %s {{name}} <b>x</b>"), translation, "fr")
    return " ".join(sorted({problem.code for problem in problems}))


#: name -> (attack, expected outcome: a result, or "FormatError: <message>")
ATTACKS: dict[str, tuple[Callable[[], str], str]] = {
    ".strings of 64 KB of comments": (
        lambda: _load(STRINGS, strings_of_comments(8000)),
        "0 entries",
    ),
    ".strings value of 9 MB": (
        lambda: _edit_first(STRINGS, b'"a" = "' + b"x" * 9_000_000 + b'";'),
        "1 entries",
    ),
    ".strings unterminated value of 9 MB": (
        lambda: _load(STRINGS, b'"a" = "' + b"\\x" * 4_500_000),
        f"FormatError: {STRINGS}:1:7: unterminated quoted string",
    ),
    "Android comment full of <string": (
        lambda: _add(ANDROID, b"<resources><!--" + b"<string " * 1_000_000 + b"--></resources>"),
        "1 entries",
    ),
    "Android element with 200,000 attributes": (
        lambda: _edit_first(
            ANDROID,
            b'<resources><string name="a" '
            + b"".join(b'a%d="1" ' % i for i in range(200_000))
            + b">x</string></resources>",
        ),
        "1 entries",
    ),
    "Android file on one line": (
        lambda: _edit_first(ANDROID, android_one_line(50_000)),
        "50000 entries",
    ),
    ".strings file on one line": (
        lambda: _edit_first(STRINGS, strings_one_line(50_000)),
        "50000 entries",
    ),
    ".stringsdict file on one line": (
        lambda: _edit_first(STRINGSDICT, stringsdict_one_line(50_000)),
        "50000 entries",
    ),
    "XLIFF file on one line": (lambda: _edit_first(XLIFF, xliff_one_line(50_000)), "50000 entries"),
    "XLIFF comment holding 200,000 <target> tags": (
        lambda: _edit_first(
            XLIFF,
            _XLIFF_HEAD
            + b'<trans-unit id="a"><source>s</source><target>t</target><!--'
            + b"<target>" * 200_000
            + b"--></trans-unit>"
            + _XLIFF_TAIL,
        ),
        "1 entries",
    ),
    "XLIFF new target of a source whose comment holds 200,000 <target>": (
        lambda: _new_target(XLIFF, xliff_commented_targets(200_000)),
        "1 entries",
    ),
    "PO of 70 bytes with nplurals=1000000000": (
        lambda: _load(PO, po_header(b"Plural-Forms: nplurals=1000000000; plural=0;")),
        f"FormatError: {PO}: Plural-Forms says nplurals=1000000000; expected 1 to 20",
    ),
    "PO msgstr[999999999]": (
        lambda: _load(PO, b'msgid "a"\nmsgid_plural "b"\nmsgstr[999999999] "x"\n'),
        f"FormatError: {PO}:3: msgstr[999999999]: at most 20 plural forms",
    ),
    "PO plural= expression of 1 MB": (
        lambda: _load(
            PO,
            po_header(
                b"Language: fr\\nPlural-Forms: nplurals=2; plural="
                + b"(" * 500_000
                + b"n"
                + b")" * 500_000
                + b";"
            ),
        ),
        f"FormatError: {PO}: Plural-Forms' plural= expression is over 1000 characters",
    ),
    "JSON of 50 MB (detection reads nothing first)": (
        lambda: _load("en.json", b'{"@x": [' + b"1," * 25_000_000 + b"1]}"),
        "FormatError: en.json: file is 50,000,011 bytes, over the 10,485,760-byte limit",
    ),
    "latin-1 PO of 15 MB": (
        lambda: _load(
            PO, po_header(b"Content-Type: text/plain; charset=ISO-8859-1") + b"#  " * 5_000_000
        ),
        f"FormatError: {PO}: file is 15,000,068 bytes, over the 10,485,760-byte limit",
    ),
    "Android value of 100,000 <!-- from a vendor": (
        lambda: _set_value(ANDROID, ONE_STRING, "a", "<!--" * 100_000),
        "read back",
    ),
    "QA of '%s' * 20000": (lambda: _check("%s" * 20_000), "placeholders"),
    "QA of '{{' + 4000 spaces": (lambda: _check("{{" + " " * 4000), "placeholders"),
    "QA of '<a ' * 50000": (lambda: _check("<a " * 50_000), "placeholders"),
}


def _set_value(path: str, data: bytes, key: str, value: str) -> str:
    document = catalog.load(path, data)
    document.set(key, value)
    entry = catalog.load(path, document.dump()).get(key)
    return "read back" if entry is not None and entry.value == value else f"read {entry!r}"


def run_attack(name: str) -> None:
    """Child process side: run one attack under the limits, print what it measured."""
    resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))
    attack, _ = ATTACKS[name]
    started = time.process_time()
    try:
        outcome = attack()
    except FormatError as error:
        outcome = f"FormatError: {error}"
    seconds = time.process_time() - started
    print(json.dumps({"outcome": outcome, "seconds": seconds, "peak": peak_rss()}))


def peak_rss() -> int:
    """This process's own peak resident memory in bytes.

    Linux's ``ru_maxrss`` keeps the peak of the process image an ``exec`` replaced, so a
    child of a large pytest process would report pytest's peak; ``VmHWM`` is the peak of
    this image alone.
    """
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024
    raise RuntimeError("no VmHWM in /proc/self/status")


@pytest.mark.slow
@pytest.mark.parametrize("name", list(ATTACKS))
def test_an_attack_under_the_caps_ends_within_seconds_and_500_mb(name: str) -> None:
    code = (
        "import runpy, sys; sys.setrecursionlimit(10000); "
        f"runpy.run_path({str(Path(__file__))!r})['run_attack']({name!r})"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=10, check=False
    )
    assert done.returncode == 0, done.stderr[-2000:]
    report = json.loads(done.stdout.strip().splitlines()[-1])
    assert report["outcome"] == ATTACKS[name][1]
    assert report["seconds"] < 5, report
    assert report["peak"] < 500 * 1024 * 1024, report


def _cpu(work: Callable[[], object]) -> float:
    """Least CPU seconds of three runs (the least disturbed on a shared machine), with the
    cyclic garbage collector off: its passes over the objects a run makes grow faster than
    the run and would blur the ratio."""
    best = float("inf")
    gc.collect()
    gc.disable()
    try:
        for _ in range(3):
            started = time.process_time()
            work()
            best = min(best, time.process_time() - started)
    finally:
        gc.enable()
    return best


#: name -> work at size n; each is linear now and was quadratic or worse.
SCALING: dict[str, Callable[[int], object]] = {
    "Android on one line, first edit": lambda n: _edit_first(ANDROID, android_one_line(n)),
    ".strings on one line, first edit": lambda n: _edit_first(STRINGS, strings_one_line(n)),
    ".stringsdict on one line, first edit": lambda n: _edit_first(
        STRINGSDICT, stringsdict_one_line(n)
    ),
    "XLIFF on one line, first edit": lambda n: _edit_first(XLIFF, xliff_one_line(n)),
    ".strings of comments": lambda n: _load(STRINGS, strings_of_comments(n)),
    "XLIFF new target, comment of <target>": lambda n: _new_target(
        XLIFF, xliff_commented_targets(n)
    ),
    "QA of repeated %s": lambda n: _check("%s" * n),
    "QA of repeated <a": lambda n: _check("<a " * n),
    "QA of {{ and spaces": lambda n: _check("{{" + " " * n),
    "Android value of repeated <!--": lambda n: _set_value(ANDROID, ONE_STRING, "a", "<!--" * n),
}
_SIZES = {"QA of {{ and spaces": 4000, ".strings of comments": 4000}


@pytest.mark.slow
@pytest.mark.parametrize("name", list(SCALING))
def test_four_times_the_input_costs_about_four_times_the_time(name: str) -> None:
    n = _SIZES.get(name, 10_000)
    work = SCALING[name]
    small = _cpu(lambda: work(n))
    large = _cpu(lambda: work(4 * n))
    # linear: ~4x; the quadratic code: 16x. The slack absorbs timer grain on tiny runs.
    assert large < 9 * small + 0.05, (small, large)
