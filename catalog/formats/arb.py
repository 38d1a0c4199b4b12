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
from functools import partial

from catalog._text import check_value
from catalog.base import EntryRow, Value, build_entry, sort_plural
from catalog.formats._json_document import JsonTreeDocument, Place, with_copies
from catalog.formats._json_edit import (
    add_member,
    encode_string,
    member_lead,
    new_opaque,
    new_string,
    set_string,
)
from catalog.formats._json_reader import Container, Member, Opaque, String, read_opaque

__all__ = ["FORMAT", "ArbDocument", "icu_plural", "parse"]

_place = partial(tuple.__new__, Place)  # a Place from a tuple, in one C call

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
    _opaque_prefix = "@"  # metadata objects are leaves, read whole by the C scanner

    def _walk(self, rows: list[EntryRow], places: list[Place]) -> None:
        root = self._root
        metadata = root.member
        add_row = rows.append
        add_place = places.append
        for member in root.members:
            key = member.key
            node = member.value
            # ``"@" <= key < "A"``: the key starts with "@" (tested without slicing it)
            if node.__class__ is not String or member.shadow or "@" <= key < "A":
                continue
            meta = metadata("@" + key)
            comment = None if meta is None else _description(meta)
            text = node.value
            add_row((key, text, comment, None, None, True, member.line, "string"))
            add_place(_place((root, (member,), "string", None)))

    @property
    def locale(self) -> str | None:
        """The ``@@locale`` the file declares, if any."""
        member = self._root.member("@@locale")
        if member is not None and isinstance(member.value, String):
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
        found = self._lookup(key)
        root = self._root
        if found is None:
            index = len(root.members)
            anchor = self._lookup(after) if after is not None else None
            if anchor is not None:
                anchor_entry, anchor_place = anchor
                meta = root.member("@" + anchor_entry.key)
                last = meta if meta is not None else anchor_place.members[0]
                index = root.position(last) + 1
            member = add_member(
                self._text, root, key, new_string(text, self.style), self.style, index
            )
            if comment is not None:
                self._add_metadata(key, comment, index + 1)
            entry = build_entry(key, text, comment, None, None, True, None, "string")
            self._added(entry, _place((root, (member,), "string", None)), last=anchor is None)
            return
        entry, place = found
        changed = entry
        if entry.value != text:
            for member in with_copies(place.members):
                set_string(member, text, self.style)
            changed = changed._replace(value=text)
        if comment is not None and comment != entry.comment:
            self._set_description(key, comment, root.position(place.members[0]) + 1)
            changed = changed._replace(comment=comment)
        if changed is not entry:
            self._value_changed(changed, place)

    def _add_metadata(self, key: str, comment: str, index: int) -> None:
        root, style = self._root, self.style
        meta = new_opaque({"description": comment}, member_lead(self._text, root, style), style)
        add_member(self._text, root, "@" + key, meta, style, index)

    def _set_description(self, key: str, comment: str, index: int) -> None:
        meta = self._root.member("@" + key)
        if meta is None:
            self._add_metadata(key, comment, index)
            return
        for copy in with_copies([meta]):
            node = copy.value
            if isinstance(node, Opaque) and node.start < 0:  # written by set: write anew
                data = {name: str(text) for name, text in node.data.items()}
                data["description"] = comment
                copy.value = new_opaque(data, copy.lead, self.style)
                self._root.mark_dirty()
                continue
            if isinstance(node, Opaque):
                copy.value = read_opaque(self.path, self._text, copy, self._root)
            if isinstance(copy.value, Container):
                self._set_member_description(copy.value, comment)

    def _set_member_description(self, node: Container, comment: str) -> None:
        node.mark_dirty()
        for member in node.members:
            if member.key == "description":
                set_string(member, comment, self.style)
                return
        add_member(self._text, node, "description", new_string(comment, self.style), self.style, 0)

    def _doomed(self, key: str, place: Place) -> list[Member]:
        doomed = with_copies(place.members)
        meta = self._root.member("@" + key)
        if meta is not None:
            doomed += with_copies([meta])
        return doomed

    def skeleton(self, locale: str) -> bytes:
        arb_locale = locale.replace("-", "_")
        member = encode_string("@@locale", self.style) + self.style.colon
        return self._skeleton_text(member + encode_string(arb_locale, self.style))


def _description(meta: Member | None) -> str | None:
    if meta is None:
        return None
    node = meta.value
    if node.__class__ is Opaque:
        assert isinstance(node, Opaque)
        description = node.data.get("description")
        return description if isinstance(description, str) else None
    if not isinstance(node, Container):
        return None
    for member in node.members:
        if member.key == "description" and isinstance(member.value, String):
            return member.value.value
    return None


def parse(path: str, data: bytes) -> ArbDocument:
    """Parse a Flutter ARB catalog; FormatError on bad input."""
    return ArbDocument(path, data)
