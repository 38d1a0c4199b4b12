"""Byte-exact editing engine: replace, remove and insert entry spans in decoded text.

A parser records, for each entry, the character span of its lines in the decoded text
(``start``..``end``, usually whole lines with indentation and trailing newline) and
optionally ``lead``, where lines that belong to it (a preceding comment) begin. Edits
never touch text outside the spans they name; :meth:`Splicer.render` re-assembles
everything else verbatim.

>>> s = Splicer("a = 1\\nb = 2\\n")
>>> s.add_span("a", 0, 6)
>>> s.add_span("b", 6, 12)
>>> s.replace("b", "b = 3\\n")
>>> s.insert("c", "c = 4\\n", after="a")
>>> s.render()
'a = 1\\nc = 4\\nb = 3\\n'
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from dataclasses import dataclass, field

__all__ = [
    "LineIndex",
    "Splicer",
    "detect_indent",
    "detect_newline",
    "line_end",
    "line_number",
    "line_start",
]


def detect_newline(text: str) -> str:
    r"""The newline the text mostly uses ('\n' when it has none).

    >>> detect_newline("a\r\nb\r\n")
    '\r\n'
    >>> detect_newline("a")
    '\n'
    """
    crlf = text.count("\r\n")
    lf = text.count("\n") - crlf
    cr = text.count("\r") - crlf
    if crlf and crlf >= lf and crlf >= cr:
        return "\r\n"
    if cr > lf:
        return "\r"
    return "\n"


def detect_indent(lines: list[str], default: str = "    ") -> str:
    r"""The most common leading whitespace of the given lines.

    >>> detect_indent(["\t<a/>", "\t<b/>", "<c/>"])
    '\t'
    """
    counts = Counter(line[: len(line) - len(line.lstrip(" \t"))] for line in lines)
    counts.pop("", None)
    if not counts:
        return default
    return counts.most_common(1)[0][0]


def line_start(text: str, offset: int) -> int:
    """Offset where the line holding ``offset`` begins."""
    return max(text.rfind("\n", 0, offset), text.rfind("\r", 0, offset)) + 1


_NEWLINE = re.compile(r"\r\n|\n|\r")


def line_end(text: str, offset: int) -> int:
    """Offset just past the newline ending the line that holds ``offset`` (or text end)."""
    found = _NEWLINE.search(text, offset)
    return found.end() if found is not None else len(text)


def line_number(text: str, offset: int) -> int:
    """1-based line number of ``offset`` (counting \\n, \\r\\n and lone \\r)."""
    head = text[:offset]
    return head.count("\n") + head.count("\r") - head.count("\r\n") + 1


class LineIndex:
    """Fast offset -> 1-based line number for one text.

    >>> LineIndex("a\\nb\\r\\nc").line(5)
    3
    """

    def __init__(self, text: str) -> None:
        self._starts = [0] + [match.end() for match in _NEWLINE.finditer(text)]

    def line(self, offset: int) -> int:
        """1-based line number of ``offset``."""
        return bisect.bisect_right(self._starts, offset)


@dataclass
class _Piece:
    start: int
    end: int
    lead: int
    original: bool
    text: str | None = None  # replacement (or inserted) text; None keeps the original
    removed: bool = False
    followers: list[str] = field(default_factory=list)
    leaders: list[str] = field(default_factory=list)


class Splicer:
    """Edits of a text addressed by entry key; untouched text is kept verbatim."""

    def __init__(self, text: str, *, end_anchor: int | None = None, end_prefix: str = "") -> None:
        self.text = text
        self.newline = detect_newline(text)
        #: where new entries go when the document has none (e.g. before ``</resources>``)
        self.end_anchor = len(text) if end_anchor is None else end_anchor
        #: text put before such entries (a newline when the anchor is mid-line)
        self.end_prefix = end_prefix
        self._pieces: dict[str, _Piece] = {}
        self._originals: list[str] = []
        self._head: list[str] = []  # insertions at end_anchor when no entry precedes
        self.changed = False
        self._retired = 0

    # parser side -------------------------------------------------------------------
    def add_span(self, key: str, start: int, end: int, *, lead: int | None = None) -> None:
        """Record an entry of the original text (spans must come in file order)."""
        lead = start if lead is None else lead
        if self._originals:
            previous = self._pieces[self._originals[-1]]
            if lead < previous.end:
                raise ValueError(f"span of {key!r} overlaps the previous entry")
        if key in self._pieces:
            raise KeyError(f"duplicate key {key!r}")
        self._pieces[key] = _Piece(start, end, lead, original=True)
        self._originals.append(key)

    # editing side ------------------------------------------------------------------
    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and key in self._pieces and not self._pieces[key].removed

    def span(self, key: str) -> tuple[int, int]:
        """The original (start, end) of an entry."""
        piece = self._pieces[key]
        return piece.start, piece.end

    def current(self, key: str) -> str:
        """The entry's text as it will be rendered."""
        piece = self._pieces[key]
        return self.text[piece.start : piece.end] if piece.text is None else piece.text

    def replace(self, key: str, new_text: str) -> None:
        """Replace an entry's text (its ``lead`` lines, e.g. a comment, stay)."""
        piece = self._pieces[key]
        if piece.removed:
            raise KeyError(key)
        piece.text = new_text
        self.changed = True

    def remove(self, key: str) -> None:
        """Remove an entry with its lead lines."""
        piece = self._pieces.get(key)
        if piece is None or piece.removed:
            raise KeyError(key)
        piece.removed = True
        self.changed = True

    def order(self) -> list[str]:
        """Keys of live entries in render order."""
        return [key for key, _ in self._walk() if not self._pieces[key].removed]

    def last_key(self) -> str | None:
        """The last entry in render order, removed ones included (they anchor position)."""
        walked = list(self._walk())
        return walked[-1][0] if walked else None

    def insert(
        self, key: str, new_text: str, *, after: str | None = None, before: str | None = None
    ) -> None:
        """Insert a new entry right after ``after``, right before ``before``, or at the end.

        ``new_text`` should end with a newline; after an entry whose text lacks one
        (the file's last line), the newline moves in front so the file keeps its ending.
        ``before`` goes ahead of the entry's lead lines (its comment).
        """
        if key in self._pieces:
            if not self._pieces[key].removed:
                raise KeyError(f"duplicate key {key!r}")
            self._retire(key)
        if before is not None and after is not None:
            raise ValueError("give after= or before=, not both")
        piece = _Piece(-1, -1, -1, original=False, text=new_text)
        anchor = after if after is not None else (None if before is not None else self.last_key())
        self._pieces[key] = piece
        if before is not None:
            self._pieces[before].leaders.append(key)
        elif anchor is None:
            self._head.append(key)
        elif after is not None:
            self._pieces[anchor].followers.insert(0, key)
        else:
            self._pieces[anchor].followers.append(key)
        self.changed = True

    def _retire(self, key: str) -> None:
        """Rename a removed piece so its key can be used by a new one."""
        self._retired += 1
        tombstone = f"\x00removed-{self._retired}"
        self._pieces[tombstone] = self._pieces.pop(key)
        pieces = list(self._pieces.values())
        for keys in [
            self._originals,
            self._head,
            *(p.followers for p in pieces),
            *(p.leaders for p in pieces),
        ]:
            for index, name in enumerate(keys):
                if name == key:
                    keys[index] = tombstone

    # rendering ---------------------------------------------------------------------
    def _walk(self) -> list[tuple[str, int]]:
        result: list[tuple[str, int]] = []

        def visit(key: str) -> None:
            for leader in self._pieces[key].leaders:
                visit(leader)
            result.append((key, 0))
            for follower in self._pieces[key].followers:
                visit(follower)

        for key in self._head:
            visit(key)
        for key in self._originals:
            visit(key)
        return result

    def _emit_chain(self, out: list[str], keys: list[str]) -> None:
        for key in keys:
            piece = self._pieces[key]
            self._emit_chain(out, piece.leaders)
            if not piece.removed:
                self._emit_text(out, piece.text or "")
            self._emit_chain(out, piece.followers)

    def _emit_text(self, out: list[str], text: str) -> None:
        previous = next((chunk for chunk in reversed(out) if chunk), "")
        if previous and not previous.endswith(("\n", "\r")) and text.endswith(("\n", "\r")):
            trimmed = text.rstrip("\r\n")
            out.append(self.newline + trimmed)
        else:
            out.append(text)

    def render(self) -> str:
        """The edited text."""
        if not self.changed:
            return self.text
        out: list[str] = []
        position = 0
        if self._head:
            anchor = self._pieces[self._originals[0]].lead if self._originals else self.end_anchor
            out.append(self.text[:anchor])
            position = anchor
            head_out: list[str] = [] if self._originals else [self.end_prefix]
            self._emit_chain(head_out, self._head)
            out.append("".join(head_out))
        for key in self._originals:
            piece = self._pieces[key]
            out.append(self.text[position : piece.lead])
            self._emit_chain(out, piece.leaders)
            if not piece.removed:
                out.append(self.text[piece.lead : piece.start])
                out.append(self.current(key))
            self._emit_chain(out, piece.followers)
            position = piece.end
        out.append(self.text[position:])
        return "".join(out)
