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
import operator
import re
from collections import Counter
from collections.abc import Iterator

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
    if "\r" not in text:  # the usual case: one scan, no counting
        return "\n"
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
    if offset == 0:
        return ""
    before = text[offset - 1]
    if before in newlines:
        return ""
    if not before.isspace():
        return None
    # the line's start, looked for in a short window (the usual indentation)
    window = offset - _INDENT_WINDOW if offset > _INDENT_WINDOW else 0
    cut = text.rfind("\n", window, offset)
    if newlines != "\n":
        cut = max(cut, text.rfind("\r", cut + 1 if cut >= 0 else window, offset))
    if cut >= 0 or window == 0:
        prefix = text[cut + 1 : offset]
        return prefix if prefix.isspace() else None
    begin = offset  # no line start in the window: walk the whitespace back
    while begin > 0 and text[begin - 1].isspace() and text[begin - 1] not in newlines:
        begin -= 1
    if begin > 0 and text[begin - 1] not in newlines:
        return None
    return text[begin:offset]


#: How far back :func:`blank_prefix` looks for a line start at once (longer indentation,
#: or text before the offset, is walked character by character, as far as it is blank).
_INDENT_WINDOW = 64

#: A comment closed on its line: ``//`` to the line's end, ``/* */``, ``<!-- -->``. None
#: runs past a ``<`` except the XML comment, so after each element of an XML file written
#: on one line the match stops at the next tag (cost: the comment, never the line).
_TRAILING_COMMENT = r"//[^\r\n<]*+|/\*(?:[^*\r\n<]|\*(?!/))*+\*/|<!--(?:[^\r\n-]|-(?!->))*+-->"
#: What may follow a span for it to end its line: blanks and closed comments, then the
#: line's end; blanks are whitespace but the newline characters (``\r`` is a blank where
#: only ``\n`` ends a line). Possessive throughout: no backtracking, linear.
_LINE_REST = {
    newlines: re.compile(rf"{blank}*+(?:(?:{_TRAILING_COMMENT}){blank}*+)*+(?:{ending}|\Z)")
    for newlines, blank, ending in (
        (_LINE_BREAKS, r"[^\S\r\n]", r"\r\n|\n|\r"),
        ("\n", r"[^\S\n]", r"\n"),
    )
}


def whole_lines(text: str, start: int, end: int, newlines: str = _LINE_BREAKS) -> tuple[int, int]:
    r"""``[start, end)`` widened to whole lines (indentation and newline included) when only
    whitespace shares those lines, else unchanged.

    Comments after the span on its last line (``// ...``, or ``/* ... */`` or
    ``<!-- ... -->`` closed on that line) belong to the span's lines: they are taken in, so
    an entry inserted after this one goes below the comment, not between the two.
    ``newlines``: the characters that end a line (``"\r\n"``, the default, or ``"\n"`` for
    formats that count only that one).
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
    rest = _LINE_REST[newlines].match(text, end)
    if rest is None:
        return start, end
    return start - len(prefix), rest.end()


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


class _Inserted:
    """An entry inserted by an edit, a node of the chain of inserts at one place; a chain's
    two ends are nodes without a key."""

    __slots__ = ("key", "next", "prev", "removed", "slot", "text")

    def __init__(self, key: str | None, text: str, slot: int) -> None:
        self.key = key
        self.text = text
        self.slot = slot  # the place of its chain (see Splicer)
        self.removed = False
        self.prev: _Inserted | None = None
        self.next: _Inserted | None = None

    def link_after(self, node: _Inserted) -> None:
        """Put this node right after ``node`` in its chain."""
        following = node.next
        assert following is not None
        self.prev, self.next = node, following
        node.next = following.prev = self


_NEWLINES = ("\n", "\r")
#: The place of inserts when the text has no original entry (before ``end_anchor``).
_AT_END_ANCHOR = -1


class Splicer:
    """Edits of a text addressed by entry key; untouched text is kept verbatim.

    Original entries are rows of three lists (start, end, lead) and a key -> row index:
    recording one costs a few list appends, no object. Edits are kept beside them: the
    replaced text and the removal of a row, and inserted entries in chains, one chain per
    place: place ``2 * row`` is before the row's lead (after the original text before it),
    place ``2 * row + 1`` right after the row. An insert, a replace or a remove costs O(1);
    rendering visits only the rows an edit touched (sorted) and copies the text between
    them as whole slices: filling a file with N entries is linear, with no recursion.
    """

    def __init__(self, text: str, *, end_anchor: int | None = None, end_prefix: str = "") -> None:
        self.text = text
        self._newline: str | None = None
        #: where new entries go when the document has none (e.g. before ``</resources>``)
        self.end_anchor = len(text) if end_anchor is None else end_anchor
        #: text put before such entries (a newline when the anchor is mid-line)
        self.end_prefix = end_prefix
        self._keys: list[str] = []
        self._starts: list[int] = []
        self._ends: list[int] = []
        self._leads: list[int] = []
        #: key -> row of an original entry, or its inserted node (a removed key added
        #: again maps to the new node)
        self._pieces: dict[str, int | _Inserted] = {}
        self._replaced: dict[int, str] = {}
        self._removed: set[int] = set()
        #: place -> the first node of its chain (the chain's head, without a key)
        self._chains: dict[int, _Inserted] = {}
        #: rows with an edit at or beside them (what render visits)
        self._touched: set[int] = set()
        self.changed = False

    @property
    def newline(self) -> str:
        """The newline the text mostly uses (found on first use: only edits need it)."""
        if self._newline is None:
            self._newline = detect_newline(self.text)
        return self._newline

    # parser side -------------------------------------------------------------------
    def add_span(self, key: str, start: int, end: int, *, lead: int | None = None) -> None:
        """Record an entry of the original text (spans must come in file order)."""
        if lead is None:
            lead = start
        if self._chains:
            raise ValueError("original spans must be recorded before any insert")
        ends = self._ends
        if ends and lead < ends[-1]:
            raise ValueError(f"span of {key!r} overlaps the previous entry")
        pieces = self._pieces
        if key in pieces:
            raise KeyError(f"duplicate key {key!r}")
        pieces[key] = len(ends)
        self._keys.append(key)
        self._starts.append(start)
        ends.append(end)
        self._leads.append(lead)

    def add_spans(
        self, keys: list[str], starts: list[int], ends: list[int], leads: list[int]
    ) -> None:
        """Record many entries at once, as :meth:`add_span` one by one would (same checks,
        same errors), the checks made over whole lists.

        >>> s = Splicer("a\\nb\\n")
        >>> s.add_spans(["a", "b"], [0, 2], [2, 4], [0, 2])
        >>> s.order(), s.span("b")
        (['a', 'b'], (2, 4))
        """
        previous_end = self._ends[-1] if self._ends else 0
        first = len(self._ends)
        rows = dict(zip(keys, range(first, first + len(keys)), strict=True))
        if (
            self._chains
            or len(rows) != len(keys)
            or not rows.keys().isdisjoint(self._pieces)
            or (leads and leads[0] < previous_end and self._ends)
            or any(map(operator.lt, leads[1:], ends))  # a lead before the previous end
        ):
            for key, start, end, lead in zip(keys, starts, ends, leads, strict=True):
                self.add_span(key, start, end, lead=lead)  # raises as it would
            return
        self._pieces.update(rows)
        self._keys += keys
        self._starts += starts
        self._ends += ends
        self._leads += leads

    # editing side ------------------------------------------------------------------
    def __contains__(self, key: object) -> bool:
        if not isinstance(key, str):
            return False
        piece = self._pieces.get(key)
        if piece is None:
            return False
        return not piece.removed if isinstance(piece, _Inserted) else piece not in self._removed

    def span(self, key: str) -> tuple[int, int]:
        """The original (start, end) of an entry ((-1, -1) for an inserted one)."""
        piece = self._pieces[key]
        if isinstance(piece, _Inserted):
            return -1, -1
        return self._starts[piece], self._ends[piece]

    def current(self, key: str) -> str:
        """The entry's text as it will be rendered."""
        piece = self._pieces[key]
        if isinstance(piece, _Inserted):
            return piece.text
        replaced = self._replaced.get(piece)
        if replaced is not None:
            return replaced
        return self.text[self._starts[piece] : self._ends[piece]]

    def replace(self, key: str, new_text: str) -> None:
        """Replace an entry's text (its ``lead`` lines, e.g. a comment, stay)."""
        piece = self._pieces[key]
        if isinstance(piece, _Inserted):
            if piece.removed:
                raise KeyError(key)
            piece.text = new_text
        else:
            if piece in self._removed:
                raise KeyError(key)
            self._replaced[piece] = new_text
            self._touched.add(piece)
        self.changed = True

    def remove(self, key: str) -> None:
        """Remove an entry with its lead lines (it still anchors what was put after it)."""
        piece = self._pieces.get(key)
        if piece is None or key not in self:
            raise KeyError(key)
        if isinstance(piece, _Inserted):
            piece.removed = True
        else:
            self._removed.add(piece)
            self._touched.add(piece)
        self.changed = True

    def _places(self) -> Iterator[int | _Inserted]:
        """Rows (every one, removed too) and inserted nodes (live or not) in render order."""
        chains = self._chains
        if not self._ends:
            yield from _chain(chains.get(_AT_END_ANCHOR))
            return
        if not chains:
            yield from range(len(self._ends))
            return
        for row in range(len(self._ends)):
            yield from _chain(chains.get(2 * row))
            yield row
            yield from _chain(chains.get(2 * row + 1))

    def order(self) -> list[str]:
        """Keys of live entries in render order."""
        keys, removed = self._keys, self._removed
        order: list[str] = []
        for place in self._places():
            if isinstance(place, _Inserted):
                if not place.removed:
                    order.append(place.key or "")
            elif place not in removed:
                order.append(keys[place])
        return order

    def last_live_key(self) -> str | None:
        """The last live entry in render order, or None."""
        chains, removed = self._chains, self._removed
        places = [_AT_END_ANCHOR] if not self._ends else range(2 * len(self._ends) - 1, -1, -1)
        for place in places:
            head = chains.get(place)
            if head is not None:
                assert head.prev is not None  # the chain's tail sentinel
                node = head.prev.prev  # from the tail back: O(1) unless the last were removed
                while node is not None and node.key is not None:
                    if not node.removed:
                        return node.key
                    node = node.prev
            if place != _AT_END_ANCHOR and place % 2 and place // 2 not in removed:
                return self._keys[place // 2]
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
        if key in self:
            raise KeyError(f"duplicate key {key!r}")
        if before is not None and after is not None:
            raise ValueError("give after= or before=, not both")
        if before is not None:
            anchor = self._pieces[before]
            if isinstance(anchor, _Inserted):
                assert anchor.prev is not None
                node = _Inserted(key, new_text, anchor.slot)
                node.link_after(anchor.prev)
            else:  # last of the chain before the row
                node = _Inserted(key, new_text, 2 * anchor)
                tail = self._chain_head(node.slot).prev
                assert tail is not None and tail.prev is not None
                node.link_after(tail.prev)
        elif after is not None:
            anchor = self._pieces[after]
            if isinstance(anchor, _Inserted):
                node = _Inserted(key, new_text, anchor.slot)
                node.link_after(anchor)
            else:  # first of the chain after the row
                node = _Inserted(key, new_text, 2 * anchor + 1)
                node.link_after(self._chain_head(node.slot))
        else:  # last of the chain after the last row, whatever was removed
            slot = 2 * len(self._ends) - 1 if self._ends else _AT_END_ANCHOR
            node = _Inserted(key, new_text, slot)
            tail = self._chain_head(slot).prev
            assert tail is not None and tail.prev is not None
            node.link_after(tail.prev)
        self._pieces[key] = node
        self.changed = True

    def _chain_head(self, slot: int) -> _Inserted:
        """The head of the chain at ``slot`` (made empty on first use); its ``prev`` is
        the chain's tail node, both without a key."""
        head = self._chains.get(slot)
        if head is None:
            head, tail = _Inserted(None, "", slot), _Inserted(None, "", slot)
            head.next, tail.prev = tail, head
            head.prev = tail  # the way to the tail from the head
            self._chains[slot] = head
            if slot != _AT_END_ANCHOR:
                self._touched.add(slot // 2)
        return head

    # rendering ---------------------------------------------------------------------
    def render(self) -> str:
        """The edited text: untouched stretches are copied as whole slices, so the cost is
        one step per edited entry (the rows sorted) plus the size of the text."""
        if not self.changed:
            return self.text
        text = self.text
        out: list[str] = []
        append = out.append
        newline = self.newline
        #: original text from ``pending`` on is not yet copied
        pending = 0
        #: the last non-empty text written does not end its line
        open_line = False

        def put(chunk: str, flush_to: int) -> None:
            nonlocal pending, open_line
            if flush_to > pending:
                append(text[pending:flush_to])
                open_line = text[flush_to - 1] not in _NEWLINES
                pending = flush_to
            if chunk:
                append(chunk)
                open_line = not chunk.endswith(_NEWLINES)

        def put_chain(head: _Inserted | None, stream: int) -> None:
            for node in _chain(head):
                put("", stream)  # the original text before it first
                chunk = "" if node.removed else node.text
                if open_line and chunk.endswith(_NEWLINES):
                    chunk = newline + chunk.rstrip("\r\n")
                put(chunk, stream)

        chains = self._chains
        if not self._ends:  # new entries go at the end anchor
            pending = self.end_anchor
            append(text[:pending])
            append(self.end_prefix)
            open_line = bool(self.end_prefix) and not self.end_prefix.endswith(_NEWLINES)
            put_chain(chains.get(_AT_END_ANCHOR), pending)
        starts, ends, leads = self._starts, self._ends, self._leads
        replaced, removed = self._replaced, self._removed
        for row in sorted(self._touched):
            if chains:
                put_chain(chains.get(2 * row), leads[row])
            if row in removed or row in replaced:  # put(chunk, flush_to), inline
                flush_to = leads[row] if row in removed else starts[row]
                if flush_to > pending:
                    append(text[pending:flush_to])
                    open_line = text[flush_to - 1] not in _NEWLINES
                chunk = "" if row in removed else replaced[row]
                if chunk:
                    append(chunk)
                    open_line = not chunk.endswith(_NEWLINES)
                pending = ends[row]
            if chains:
                put_chain(chains.get(2 * row + 1), ends[row])
        append(text[pending:])
        return "".join(out)


def _chain(head: _Inserted | None) -> Iterator[_Inserted]:
    """The nodes of a chain in order (none for no chain)."""
    if head is None:
        return
    node = head.next
    while node is not None and node.key is not None:
        yield node
        node = node.next
