"""What JSON and ARB documents share: the containers read at load, the entries and their
members, member edits in the file's style, and rendering only what changed.

An edit changes members of the containers the reader kept and marks those containers
dirty; ``dump`` re-renders only them, copying all else from the original text. An edit
that changes what other members read as (a removal that lets i18next forms become a
plural, a value changing shape) re-reads the edited text, as do inserts away from the
end when the entries' order is next asked for.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from json.encoder import encode_basestring, encode_basestring_ascii
from operator import itemgetter
from typing import Any

from catalog._splice import detect_newline
from catalog._text import decode, encode
from catalog.base import MAX_ENTRIES, Document, Entry, FormatError, entries_from_rows
from catalog.formats._json_reader import (
    HOLDER,
    KEY,
    LEAD,
    START,
    TEXT,
    VALUE,
    VEND,
    VSTART,
    Container,
    Member,
    read_tree,
)

__all__ = ["JsonStyle", "JsonTreeDocument", "Place", "encode_string", "members_of"]

#: Where an entry lives: its member, or the form members of an i18next plural.
Place = Member | tuple[Member, ...]
#: A value to write: a string, or an object (mapping) or array (list) of values.
NewValue = str | Mapping[str, Any] | list[Any]

_NON_ASCII_ESCAPE = re.compile(
    r"\\u(?:00[89a-fA-F]|0[1-9a-fA-F][0-9a-fA-F]|[1-9a-fA-F][0-9a-fA-F]{2})"
)


@dataclass(frozen=True)
class JsonStyle:
    """How a file writes JSON: newline, one indentation level, colon, string escaping."""

    newline: str = "\n"
    indent: str = "  "
    colon: str = ": "
    ensure_ascii: bool = False
    escape_slash: bool = False


def encode_string(value: str, style: JsonStyle) -> str:
    """A JSON string literal in the file's escaping style.

    >>> encode_string("é/x", JsonStyle(ensure_ascii=True, escape_slash=True))
    '"\\\\u00e9\\\\/x"'
    """
    # what json.dumps writes for a string, without its per-call encoder set-up
    literal = encode_basestring_ascii(value) if style.ensure_ascii else encode_basestring(value)
    return literal.replace("/", "\\/") if style.escape_slash else literal


def members_of(place: Place) -> list[Member]:
    """The members of an entry, in file order."""
    return list(place) if isinstance(place, tuple) else [place]


def _lead(text: str, member: Member) -> str:
    """The whitespace before a member, without its comma."""
    lead = member[LEAD]
    return lead if member[START] < 0 else text[lead : member[START]].replace(",", "", 1)


class JsonTreeDocument(Document):
    """A document backed by the containers read at load; subclasses say which members
    are entries (``_read``)."""

    def __init__(self, path: str, data: bytes) -> None:
        super().__init__(path)
        text, self._info = decode(path, data)
        self._data: bytes | None = data
        self._style: JsonStyle | None = None
        self._load(text)

    def _load(self, text: str) -> None:
        """Read ``text`` (the file's, or the edited one): containers, entries and places."""
        self._text = text
        rows, places = self._read(text)
        keys = list(map(itemgetter(0), rows))
        if len(rows) > MAX_ENTRIES:
            raise FormatError(f"more than {MAX_ENTRIES:,} entries; split the file", path=self.path)
        entries = entries_from_rows(rows)
        self._entries: dict[str, Entry] = dict(zip(keys, entries, strict=True))
        if len(self._entries) != len(entries):
            firsts: dict[str, Entry] = {}
            twice = next(e for e in entries if firsts.setdefault(e.key, e) is not e)
            raise FormatError(
                f"key {twice.key!r} is defined twice (as a dotted key and as nested objects)",
                path=self.path,
                line=twice.line,
            )
        self._places: dict[str, Place] = dict(zip(keys, places, strict=True))
        #: entries were added away from the end: file order is restored by a re-read
        self._order_stale = False

    def _read(self, text: str) -> tuple[list[Any], list[Place]]:
        """Entry rows and places of ``text``, in file order (sets ``self._root``)."""
        self._root, rows, places, self._repeated = read_tree(self.path, text, entries=True)
        return rows, places

    def _reread(self) -> None:
        """Read the edited text again (entries in file order, places fresh)."""
        self._load(self._render())
        self._data = None

    # lookups and bookkeeping for edits ---------------------------------------------
    def _lookup(self, key: str) -> tuple[Entry, Place] | None:
        """An entry and its place, or None; FormatError when it lies in a repeated object."""
        entry = self._entries.get(key)
        if entry is None:
            return None
        for path, line in self._repeated.items() if self._repeated else ():
            if key.startswith(path + "."):
                raise FormatError(
                    f"key {path!r} repeats an object or list; remove the repeat before "
                    "editing inside it",
                    path=self.path,
                    line=line,
                )
        return entry, self._places[key]

    def _added(self, entry: Entry, place: Place) -> None:
        """A new entry was written at ``place``."""
        member = place[-1] if isinstance(place, tuple) else place
        last = member[HOLDER] is self._root and self._root.members[-1] is member
        self._order_stale = self._order_stale or not last
        self._entries[entry.key] = entry
        self._places[entry.key] = place

    @property
    def style(self) -> JsonStyle:
        """The file's JSON writing style, from its top-level members and its escapes."""
        if self._style is None:
            text, indents, colons = self._text, Counter[str](), Counter[str]()
            for member in self._root.members[:50]:
                lead = _lead(text, member)
                indent = lead.rsplit("\n", 1)[-1] if "\n" in lead else ""
                if indent and not indent.strip(" \t"):
                    indents[indent] += 1
                if member[START] >= 0:
                    head = text[member[START] : member[VSTART]]
                    colons[head[head.rfind('"') + 1 :]] += 1
            self._style = JsonStyle(
                newline=detect_newline(text),
                indent=indents.most_common(1)[0][0] if indents else "  ",
                colon=colons.most_common(1)[0][0] if colons else ": ",
                ensure_ascii=text.isascii() and _NON_ASCII_ESCAPE.search(text) is not None,
                escape_slash="\\/" in text,
            )
        return self._style

    def entries(self) -> list[Entry]:
        if self._order_stale:
            self._reread()
        return list(self._entries.values())

    def get(self, key: str) -> Entry | None:
        return self._entries.get(key)

    # member edits --------------------------------------------------------------------
    def _set_text(self, member: Member, value: str) -> None:
        """Give a string member (and its equal repeats) a new value."""
        holder: Container = member[HOLDER]
        literal = encode_string(value, self.style)
        for copy in holder.with_copies(member):
            copy[VALUE], copy[TEXT] = value, literal
        holder.mark_dirty()

    def _add_member(self, holder: Container, index: int, key: str, value: NewValue) -> Member:
        """Write a new member at ``index`` of ``holder`` in the file's style: a string, or
        an object or array written one member per line, indented below this one."""
        members = holder.live()
        style = self.style
        if members:
            lead = _lead(self._text, members[-1])
        else:
            lead = style.newline + self._line_indent(holder) + style.indent
            if "\n" not in holder.tail and "\n" in lead:
                holder.tail = style.newline + self._line_indent(holder)
        member = [key, value, lead, -1, -1, -1, None, None, holder]
        if isinstance(value, str):
            member[TEXT] = encode_string(value, style)
        else:
            node = member[VALUE] = Container(-1, not isinstance(value, list), holder)
            node.indent = lead.rsplit("\n", 1)[-1]
            for name, item in enumerate(value) if isinstance(value, list) else value.items():
                self._add_member(node, len(node.members), str(name), item)
        holder.insert(index, member)
        return member

    def _line_indent(self, node: Container) -> str:
        """The indentation of the line on which a container starts."""
        if node.start < 0:
            return node.indent
        line = self._text[self._text.rfind("\n", 0, node.start) + 1 : node.start]
        return line[: len(line) - len(line.lstrip(" \t"))]

    def remove(self, key: str) -> None:
        found = self._lookup(key)
        if found is None:
            raise KeyError(key)
        place = found[1]
        for member in members_of(place) + self._belonging(key):
            member[HOLDER].remove(member)
        del self._entries[key]
        del self._places[key]
        if self._others_change(place):
            self._reread()

    def _belonging(self, key: str) -> list[Member]:
        """Other members that go with an entry when it is removed (ARB metadata)."""
        return []

    def _others_change(self, place: Place) -> bool:
        """Whether removing the entry at ``place`` (already done) changes what other
        members read as, so that the entries must be read again."""
        return False

    # rendering -----------------------------------------------------------------------
    def _render(self) -> str:
        root, text = self._root, self._text
        if not root.dirty:
            return text
        return text[: root.start] + self._render_container(root) + text[root.end :]

    def _render_container(self, node: Container) -> str:
        opening, closing = ("{", "}") if node.is_object else ("[", "]")
        members = node.live()
        if not members:
            return opening + closing
        text, style = self._text, self.style
        parts = [opening]
        append = parts.append
        #: members as read are copied with the text before them in runs: text[run:copied]
        first_lead = run = copied = node.start + 1
        for index, member in enumerate(members):
            value = member[VALUE]
            start = member[START]
            dirty = value.__class__ is Container and value.dirty
            as_read = start >= 0 and member[TEXT] is None and not dirty
            if as_read and member[LEAD] == copied:  # right after the run: it joins the run
                copied = member[VEND]
                continue
            if copied != run:
                append(text[run:copied])
            if start < 0:  # a new member
                append("," + member[LEAD] if index else member[LEAD])
                if node.is_object:
                    append(encode_string(member[KEY], style) + style.colon)
                run = copied = -1
            else:
                lead = member[LEAD]
                if (lead == first_lead) is (index == 0):
                    append(text[lead:start])
                elif index:
                    append("," + text[lead:start])
                else:
                    append(text[lead:start].replace(",", "", 1))
                if as_read:  # the member as read starts a run
                    run, copied = start, member[VEND]
                    continue
                append(text[start : member[VSTART]])
                run = copied = member[VEND]
            # an edited string, or an object or array edited (or made) by the editor
            append(member[TEXT] if member[TEXT] is not None else self._render_container(value))
        append(text[run:copied])
        append(node.tail)
        append(closing)
        return "".join(parts)

    def dump(self) -> bytes:
        if not self._root.dirty and self._data is not None:
            return self._data
        return encode(self._render(), self._info)

    def _skeleton_text(self, members: str) -> bytes:
        """``{members}`` in this file's newline style and ending, encoded like the file."""
        style, text, root = self.style, self._text, self._root
        body = (
            "{" + style.newline + style.indent + members + style.newline + "}" if members else "{}"
        )
        return encode(text[: root.start] + body + text[root.end :], self._info)
