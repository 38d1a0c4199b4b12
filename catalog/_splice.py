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
from collections.abc import Iterator
from dataclasses import dataclass

__all__ = [
    "LineIndex",
    "Splicer",
    "blank_prefix",
    "detect_indent",
    "detect_newline",
    "line_end",
    "line_number",
    "line_start",
    "whole_lines",
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
    """Offset where the line holding ``offset`` begins (cost: the length of that line).

    >>> [line_start("a\\nbc\\rd", offset) for offset in (0, 3, 6)]
    [0, 2, 5]
    """
    newline = text.rfind("\n", 0, offset)
    return max(newline, text.rfind("\r", newline + 1, offset)) + 1


_NEWLINE = re.compile(r"\r\n|\n|\r")
_LINE_BREAKS = "\r\n"


def blank_prefix(text: str, offset: int, newlines: str = _LINE_BREAKS) -> str | None:
    r"""The whitespace between the start of ``offset``'s line and ``offset``, or None when
    other text precedes it on that line.

    Cost: the length of that whitespace, never the line's (a file written on one line
    must not make every entry cost the whole file).

    >>> blank_prefix("a\n  <b/>", 4), blank_prefix("a <b/>", 2)
    ('  ', None)
    """
    begin = offset
    while begin > 0 and text[begin - 1].isspace() and text[begin - 1] not in newlines:
        begin -= 1
    if begin > 0 and text[begin - 1] not in newlines:
        return None
    return text[begin:offset]


def whole_lines(text: str, start: int, end: int, newlines: str = _LINE_BREAKS) -> tuple[int, int]:
    r"""``[start, end)`` widened to whole lines (indentation and newline included) when only
    whitespace shares those lines, else unchanged.

    Comments after the span on its last line (``// ...``, or ``/* ... */`` or
    ``<!-- ... -->`` closed on that line) belong to the span's lines: they are taken in, so
    an entry inserted after this one goes below the comment, not between the two.
    ``newlines``: the characters that end a line (``"\n"`` for formats that count only
    those).
    Cost: the whitespace and trailing comment around the span, never the length of its
    lines.

    >>> whole_lines("a\n  <b/>  \nc", 4, 8), whole_lines("a <b/>\n", 2, 6)
    ((2, 11), (2, 6))
    >>> whole_lines('"k"="v"; // note\n"j"="w";', 0, 8)
    (0, 17)
    """
    prefix = blank_prefix(text, start, newlines)
    if prefix is None:
        return start, end
    finish = _blanks_after(text, end, newlines)
    while (closed := _trailing_comment_end(text, finish)) is not None:
        finish = _blanks_after(text, closed, newlines)
    if finish < len(text):
        if text[finish] not in newlines:
            return start, end
        finish += 2 if newlines == _LINE_BREAKS and text.startswith("\r\n", finish) else 1
    return start - len(prefix), finish


def _blanks_after(text: str, offset: int, newlines: str) -> int:
    """Offset of the first character at or after ``offset`` that is not a blank of the line."""
    length = len(text)
    while offset < length and text[offset].isspace() and text[offset] not in newlines:
        offset += 1
    return offset


#: A comment closed on its line: ``//`` to the line's end, ``/* */``, ``<!-- -->``. None
#: runs past a ``<`` except the XML comment, so after each element of an XML file written
#: on one line the match stops at the next tag (cost: the comment, never the line).
_TRAILING_COMMENT = re.compile(
    r"//[^\r\n<]*+|/\*(?:[^*\r\n<]|\*(?!/))*+\*/|<!--(?:[^\r\n-]|-(?!->))*+-->"
)


def _trailing_comment_end(text: str, offset: int) -> int | None:
    """End of a comment that starts at ``offset`` and closes on its line, or None."""
    found = _TRAILING_COMMENT.match(text, offset)
    return found.end() if found is not None else None


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

    @property
    def starts(self) -> list[int]:
        """Offset where each line begins (index 0 is line 1)."""
        return self._starts

    def line(self, offset: int) -> int:
        """1-based line number of ``offset``."""
        return bisect.bisect_right(self._starts, offset)


@dataclass(eq=False, slots=True)
class _Piece:
    """A node of the render order: an entry (original or inserted), or the text before one."""

    kind: int  # _ENTRY, _GAP (original text before an original entry's lead), _END
    key: str = ""
    start: int = -1
    end: int = -1
    lead: int = -1
    original: bool = False
    text: str | None = None  # replacement (or inserted) text; None keeps the original
    removed: bool = False
    prev: _Piece | None = None
    next: _Piece | None = None


_ENTRY, _GAP, _END = 0, 1, 2
_NEWLINES = ("\n", "\r")


class Splicer:
    """Edits of a text addressed by entry key; untouched text is kept verbatim.

    The render order is one doubly linked list (original entries, the original text
    before each of them, inserted entries), so an insert, a replace or a remove costs
    O(1) and rendering O(size): filling a file with N entries is linear, with no
    recursion.
    """

    def __init__(self, text: str, *, end_anchor: int | None = None, end_prefix: str = "") -> None:
        self.text = text
        self.newline = detect_newline(text)
        #: where new entries go when the document has none (e.g. before ``</resources>``)
        self.end_anchor = len(text) if end_anchor is None else end_anchor
        #: text put before such entries (a newline when the anchor is mid-line)
        self.end_prefix = end_prefix
        #: live or removed entries by key (a removed key added again maps to the new piece)
        self._pieces: dict[str, _Piece] = {}
        self._first = _Piece(_END)  # sentinels: the list runs from _first to _last
        self._last = _Piece(_END, prev=self._first)
        self._first.next = self._last
        self._last_original: _Piece | None = None
        self._inserted = 0
        self.changed = False

    # parser side -------------------------------------------------------------------
    def add_span(self, key: str, start: int, end: int, *, lead: int | None = None) -> None:
        """Record an entry of the original text (spans must come in file order)."""
        lead = start if lead is None else lead
        if self._inserted:
            raise ValueError("original spans must be recorded before any insert")
        if self._last_original is not None and lead < self._last_original.end:
            raise ValueError(f"span of {key!r} overlaps the previous entry")
        if key in self._pieces:
            raise KeyError(f"duplicate key {key!r}")
        piece = _Piece(_ENTRY, key, start, end, lead, original=True)
        previous_end = 0 if self._last_original is None else self._last_original.end
        if lead > previous_end:  # original text between the two (no text: no node needed)
            self._link_before(self._last, _Piece(_GAP, lead=lead))
        self._link_before(self._last, piece)
        self._pieces[key] = piece
        self._last_original = piece

    # editing side ------------------------------------------------------------------
    def __contains__(self, key: object) -> bool:
        if not isinstance(key, str):
            return False
        piece = self._pieces.get(key)
        return piece is not None and not piece.removed

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
        """Remove an entry with its lead lines (it still anchors what was put after it)."""
        piece = self._pieces.get(key)
        if piece is None or piece.removed:
            raise KeyError(key)
        piece.removed = True
        self.changed = True

    def order(self) -> list[str]:
        """Keys of live entries in render order."""
        return [piece.key for piece in self._entry_pieces() if not piece.removed]

    def last_live_key(self) -> str | None:
        """The last live entry in render order, or None."""
        piece = self._last.prev
        while piece is not None and piece is not self._first:
            if piece.kind == _ENTRY and not piece.removed:
                return piece.key
            piece = piece.prev
        return None

    def insert(
        self, key: str, new_text: str, *, after: str | None = None, before: str | None = None
    ) -> None:
        """Insert a new entry right after ``after``, right before ``before``, or at the end
        (after the last entry, removed ones included).

        ``new_text`` should end with a newline; after an entry whose text lacks one
        (the file's last line), the newline moves in front so the file keeps its ending.
        ``before`` goes ahead of the entry's lead lines (its comment).
        """
        existing = self._pieces.get(key)
        if existing is not None and not existing.removed:
            raise KeyError(f"duplicate key {key!r}")
        if before is not None and after is not None:
            raise ValueError("give after= or before=, not both")
        piece = _Piece(_ENTRY, key, text=new_text)
        if before is not None:
            self._link_before(self._pieces[before], piece)
        elif after is not None:
            anchor = self._pieces[after]
            assert anchor.next is not None
            self._link_before(anchor.next, piece)
        else:  # the last node before the end is the last entry, whatever was removed
            self._link_before(self._last, piece)
        self._pieces[key] = piece
        self._inserted += 1
        self.changed = True

    @staticmethod
    def _link_before(node: _Piece, piece: _Piece) -> None:
        previous = node.prev
        assert previous is not None
        piece.prev, piece.next = previous, node
        previous.next = piece
        node.prev = piece

    def _entry_pieces(self) -> Iterator[_Piece]:
        piece = self._first.next
        while piece is not None and piece is not self._last:
            if piece.kind == _ENTRY:
                yield piece
            piece = piece.next

    # rendering ---------------------------------------------------------------------
    def render(self) -> str:
        """The edited text: untouched stretches are copied as whole slices, so the cost is
        one step per entry plus the size of the text."""
        if not self.changed:
            return self.text
        text = self.text
        out: list[str] = []
        append = out.append
        #: original text before ``stream`` is rendered; from ``pending`` on, not yet copied
        pending = stream = 0
        #: the last non-empty text written does not end its line
        open_line = False
        if self._last_original is None:  # new entries go at the end anchor
            pending = stream = self.end_anchor
            append(text[:stream])
            append(self.end_prefix)
            open_line = bool(self.end_prefix) and not self.end_prefix.endswith(_NEWLINES)
        piece = self._first.next
        while piece is not None and piece is not self._last:
            if piece.kind == _GAP:  # its text stays pending, before what follows it
                stream = piece.lead
            elif piece.original and piece.text is None and not piece.removed:
                stream = piece.end  # untouched: copied later with its neighbours
            else:
                flush_to = (
                    stream if not piece.original else piece.lead if piece.removed else piece.start
                )
                if flush_to > pending:
                    append(text[pending:flush_to])
                    open_line = text[flush_to - 1] not in _NEWLINES
                chunk = "" if piece.removed else piece.text or ""
                if not piece.original and open_line and chunk.endswith(_NEWLINES):
                    chunk = self.newline + chunk.rstrip("\r\n")
                if chunk:
                    append(chunk)
                    open_line = not chunk.endswith(_NEWLINES)
                if piece.original:
                    stream = piece.end
                pending = stream
            piece = piece.next
        append(text[pending:])
        return "".join(out)
