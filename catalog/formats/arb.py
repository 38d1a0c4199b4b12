"""Flutter ARB catalogs: a flat JSON object of ICU messages with ``@key`` metadata.

``@@name`` members are file-wide attributes (``@@locale``); ``@key`` objects describe the
message ``key`` (their ``description`` becomes the entry's comment). ICU plurals and
selects stay one message string, as Flutter reads them.

>>> data = b'{"@@locale": "en", "hi": "Hi {name}", "@hi": {"description": "Greeting"}}'
>>> doc = parse("app_en.arb", data)
>>> [(e.key, e.value, e.comment) for e in doc.entries()]
[('hi', 'Hi {name}', 'Greeting')]
>>> doc.remove("hi")
>>> doc.dump()
b'{"@@locale": "en"}'
"""

from __future__ import annotations

from collections.abc import Mapping

from catalog._text import check_value
from catalog.base import Entry, EntryRow, Value, sort_plural
from catalog.formats._json_document import (
    Binding,
    JsonTreeDocument,
    ReadAddress,
    member_named,
    with_copies,
)
from catalog.formats._json_edit import (
    add_member,
    encode_string,
    new_object,
    new_string,
    set_string,
)
from catalog.formats._json_fast import KeyTokens, Pairs, Preread, count_keys
from catalog.formats._json_tree import Container, Member, String

__all__ = ["FORMAT", "ArbDocument", "icu_plural", "parse"]

FORMAT = "arb"


def icu_plural(forms: Mapping[str, str], argument: str = "count") -> str:
    """One ICU plural message from CLDR forms, as ARB keeps plurals.

    >>> icu_plural({"other": "{count} files", "one": "1 file"})
    '{count, plural, one{1 file} other{{count} files}}'
    """
    parts = [category + "{" + text + "}" for category, text in sort_plural(forms).items()]
    return "{" + argument + ", plural, " + " ".join(parts) + "}"


class ArbDocument(JsonTreeDocument):
    """A Flutter Application Resource Bundle."""

    format = FORMAT

    def _metadata(self) -> dict[str, Member]:
        return {
            member.key[1:]: member
            for member in self._root.members
            if member.key.startswith("@") and not member.key.startswith("@@") and not member.shadow
        }

    def _walk(self) -> list[Binding]:
        metadata = self._metadata()
        found: list[Binding] = []
        for member in self._root.members:
            if member.key.startswith("@") or member.shadow or not isinstance(member.value, String):
                continue
            meta = metadata.get(member.key)
            comment = _description(meta)
            entry = Entry(member.key, member.value.value, comment=comment, line=self._line(member))
            found.append(Binding(entry, [self._root], [member], "string"))
        return found

    def _read_entries(
        self, root: Pairs, tokens: KeyTokens, rows: list[EntryRow], addresses: list[ReadAddress]
    ) -> None:
        # One pass. A message is held until the next member shows whether that is its
        # ``@key`` metadata (where ARB writers put it); metadata found anywhere else is
        # matched to its message afterwards.
        lines = tokens.lines
        index = tokens.index
        first = len(rows)
        add_row = rows.append
        repeated = root.repeated  # keys written more than once (equal values): read once
        seen: set[str] = set()
        apart: dict[str, str | None] = {}  # message key -> description, from elsewhere
        held: str | None = None  # the last message, its row not yet added
        held_text = ""
        held_line = 0
        # ``"@" <= key < "A"``: the key starts with "@" (the character before "A"), tested
        # without slicing the key
        for key, value in root:
            if value.__class__ is str:
                if not "@" <= key < "A":
                    if held is not None:
                        add_row((held, held_text, None, None, None, True, held_line, "string"))
                    if key in repeated and not _first_time(key, seen):
                        held = None
                    else:
                        held, held_text, held_line = key, value, lines[index]
                index += 1
            elif value.__class__ is Pairs:
                if "@" <= key < "A":
                    if held is not None and key == "@" + held:
                        # the description is most often the first member: read inline
                        name, comment = value[0] if value else ("", None)
                        if name != "description" or comment.__class__ is not str:
                            comment = _pairs_description(value)
                        add_row((held, held_text, comment, None, None, True, held_line, "string"))
                        held = None
                    elif key[1:2] != "@":
                        apart[key[1:]] = _pairs_description(value)
                index += 1 + value.keys_inside
            else:
                index += 1 + count_keys(value)
        if held is not None:
            add_row((held, held_text, None, None, None, True, held_line, "string"))
        tokens.index = index
        if apart:
            rows[first:] = [_with_description(row, apart) for row in rows[first:]]
        addresses.extend([()] * (len(rows) - first))

    @property
    def locale(self) -> str | None:
        """The ``@@locale`` the file declares, if any."""
        for member in self._root.members:
            if member.key == "@@locale" and isinstance(member.value, String):
                return member.value.value
        return None

    def set(
        self,
        key: str,
        value: Value,
        *,
        comment: str | None = None,
        after: str | None = None,
    ) -> None:
        check_value(key, value, comment=comment)
        if key.startswith("@"):
            raise ValueError(f"ARB message keys cannot start with '@': {key!r}")
        text = value if isinstance(value, str) else icu_plural(value)
        binding = self._lookup(key)
        root = self._root
        if binding is None:
            index = len(root.members)
            anchor = self._lookup(after) if after is not None else None
            if anchor is not None:
                meta = member_named(root, "@" + anchor.entry.key)
                last = meta if meta is not None else anchor.members[0]
                index = root.position(last) + 1
            member = add_member(
                self._text, root, key, new_string(text, self.style), self.style, index
            )
            if comment is not None:
                self._add_metadata(key, comment, index + 1)
            binding = Binding(Entry(key, text, comment=comment), [root], [member], "string")
            self._added(binding, last=anchor is None)
            return
        entry = binding.entry
        if entry.value != text:
            for member in with_copies(binding.members):
                set_string(member, text, self.style)
            entry = entry._replace(value=text)
        if comment is not None and comment != entry.comment:
            self._set_description(key, comment, root.position(binding.members[0]) + 1)
            entry = entry._replace(comment=comment)
        if entry is not binding.entry:
            self._value_changed(binding, entry)

    def _add_metadata(self, key: str, comment: str, index: int) -> None:
        description = {"description": new_string(comment, self.style)}
        meta = new_object(description, "", self.style)
        add_member(self._text, self._root, "@" + key, meta, self.style, index)

    def _set_description(self, key: str, comment: str, index: int) -> None:
        meta = member_named(self._root, "@" + key)
        if meta is None:
            self._add_metadata(key, comment, index)
            return
        for copy in with_copies([meta]):
            if isinstance(copy.value, Container):
                self._set_member_description(copy.value, comment)

    def _set_member_description(self, node: Container, comment: str) -> None:
        node.dirty = True
        for member in node.members:
            if member.key == "description":
                set_string(member, comment, self.style)
                return
        add_member(self._text, node, "description", new_string(comment, self.style), self.style, 0)

    def remove(self, key: str) -> None:
        binding = self._lookup(key)
        if binding is None:
            raise KeyError(key)
        doomed = with_copies(binding.members)
        meta = member_named(self._root, "@" + key)
        if meta is not None:
            doomed += with_copies([meta])
        self._remove_members(self._root, doomed)
        self._restructured([self._root])

    def skeleton(self, locale: str) -> bytes:
        arb_locale = locale.replace("-", "_")
        member = encode_string("@@locale", self.style) + self.style.colon
        return self._skeleton_text(member + encode_string(arb_locale, self.style))


def _description(meta: Member | None) -> str | None:
    if meta is None or not isinstance(meta.value, Container):
        return None
    for member in meta.value.members:
        if member.key == "description" and isinstance(member.value, String):
            return member.value.value
    return None


def _pairs_description(meta: Pairs) -> str | None:
    """The ``description`` of a metadata object read by ``json`` (repeats are equal)."""
    for name, value in meta:
        if name == "description":
            return value if value.__class__ is str else None
    return None


def _first_time(key: str, seen: set[str]) -> bool:
    """Whether a member with a repeated key is the first with it."""
    if key in seen:
        return False
    seen.add(key)
    return True


def _with_description(row: EntryRow, descriptions: dict[str, str | None]) -> EntryRow:
    if row[0] not in descriptions:
        return row
    key, text, _, context, max_length, translatable, line, kind = row
    return key, text, descriptions[key], context, max_length, translatable, line, kind


def parse(path: str, data: bytes, read: Preread | None = None) -> ArbDocument:
    """Parse a Flutter ARB catalog; FormatError on bad input.

    ``read`` is the file already decoded and read by format detection, if it was.
    """
    return ArbDocument(path, data, read)
