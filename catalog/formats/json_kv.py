"""Key/value JSON catalogs: flat or nested objects, i18next v4 plural suffixes, plural objects.

Nested keys are joined with dots (``{"a": {"b": "x"}}`` has the key ``a.b``). Plurals are
recognised in two shapes, each read as one plural entry: i18next v4 suffixes
(``item_one``, ``item_other`` -> ``item``) and objects whose keys are CLDR categories
(``{"item": {"one": "...", "other": "..."}}``).

>>> data = b'{"hi": "Hello", "file_one": "1 file", "file_other": "{{count}} files"}'
>>> doc = parse("en.json", data)
>>> [(e.key, e.value) for e in doc.entries()]
[('hi', 'Hello'), ('file', {'one': '1 file', 'other': '{{count}} files'})]
>>> doc.set("hi", "Hi")
>>> doc.dump()
b'{"hi": "Hi", "file_one": "1 file", "file_other": "{{count}} files"}'
"""

from __future__ import annotations

from collections.abc import Mapping

from catalog._text import check_value
from catalog.base import PLURAL_CATEGORIES, Document, Entry, Value, build_entry, sort_plural
from catalog.formats._json_document import JsonTreeDocument, NewValue, Place, members_of
from catalog.formats._json_reader import (
    CATEGORIES,
    FORM_SUFFIXES,
    HOLDER,
    KEY,
    VALUE,
    Container,
    Member,
    form_base,
    is_plural_object,
)

__all__ = ["FORMAT", "JsonDocument", "parse"]

FORMAT = "json"


class JsonDocument(JsonTreeDocument):
    """A key/value JSON catalog."""

    format = FORMAT

    #: layout to follow while the file has no entries of its own (a new target's source's)
    _layout_default = (False, "suffix-plural")
    #: (whether keys nest in objects, how plurals are written), worked out once per read
    _layout_cache: tuple[bool, str] | None = None

    def _load(self, text: str) -> None:
        super()._load(text)
        self._layout_cache = None

    def _layout(self) -> tuple[bool, str]:
        if self._layout_cache is None:
            root, places = self._root, self._places.values()
            nested, shape = self._layout_default
            entries = zip(self._entries.values(), places, strict=True)
            plural = next((place for entry, place in entries if entry.kind == "plural"), None)
            if plural is not None:
                shape = "suffix-plural" if isinstance(plural, tuple) else "nested-plural"
            nested = nested or any(members_of(place)[0][HOLDER] is not root for place in places)
            self._layout_cache = nested, shape
        return self._layout_cache

    def adopt_layout(self, source: Document) -> None:
        """Nest keys and write plurals as ``source`` does while this file has none of its own."""
        if isinstance(source, JsonDocument):
            self._layout_default = source._layout()
            self._layout_cache = None

    def set(
        self,
        key: str,
        value: Value,
        *,
        comment: str | None = None,
        after: str | None = None,
    ) -> None:
        check_value(key, value)
        found = self._lookup(key)
        if found is None:
            self._add(key, value, after)
            return
        entry, place = found
        current = entry.value
        if current == value or (not isinstance(value, str) and current == dict(value)):
            return
        if isinstance(value, str) and entry.kind == "string":
            assert not isinstance(place, tuple)
            self._set_text(place, value)
            self._entries[key] = entry._replace(value=value)
        elif not isinstance(value, str) and entry.kind == "plural" and _plural(value):
            if isinstance(place, tuple):  # i18next forms
                prefix = place[0][KEY].rsplit("_", 1)[0] + "_"
                kept = self._set_forms(place[0][HOLDER], prefix, value, list(place))
                self._places[key] = tuple(kept)
            else:
                self._set_forms(place[VALUE], "", value, list(place[VALUE].names.values()))
            self._entries[key] = entry._replace(value=sort_plural(value))
        else:  # the value changes shape: written anew where the old one was
            members = members_of(place)
            holder: Container = members[0][HOLDER]
            index = holder.position(members[0])
            for member in members:
                holder.remove(member)
            self._write(holder, index, _local_name(place), value)
            self._reread()

    def _set_forms(
        self, container: Container, prefix: str, forms: Mapping[str, str], members: list[Member]
    ) -> list[Member]:
        """Update the plural form ``members`` of ``container`` in place, add missing
        categories and drop others. The forms, in file order."""
        wanted = sort_plural(forms)
        existing = {member[KEY][len(prefix) :]: member for member in members}
        kept: list[Member] = []
        for category, member in existing.items():
            if category not in wanted:
                container.remove(member)
                continue
            kept.append(member)
            if member[VALUE] != wanted[category]:
                self._set_text(member, wanted[category])
        for category, text in wanted.items():  # a missing form goes before the first
            if category in existing:  # that follows it in CLDR order, else last
                continue
            rank = PLURAL_CATEGORIES.index(category)
            later = [m for m in kept if PLURAL_CATEGORIES.index(m[KEY][len(prefix) :]) > rank]
            place = kept.index(later[0]) if later else len(kept)  # ``other`` is always kept
            index = container.position(later[0]) if later else container.position(kept[-1]) + 1
            kept.insert(place, self._add_member(container, index, prefix + category, text))
        return kept

    def _add(self, key: str, value: Value, after: str | None) -> None:
        nested = self._layout()[0]
        anchor = self._lookup(after) if after is not None else None
        place: tuple[Container, list[str], int] | None = None
        if anchor is not None:  # beside the anchor, when the key is a sibling's
            anchor_key, last = anchor[0].key, members_of(anchor[1])[-1]
            prefix = anchor_key[: len(anchor_key) - len(_local_name(anchor[1]))]
            name, holder = key[len(prefix) :], last[HOLDER]
            if (
                key.startswith(prefix)
                and (prefix or not nested or "." not in key)
                and name not in holder.names
            ):
                place = holder, [name], holder.position(last) + 1
        if place is None:
            holder, parts = self._deepest_holder(key.split(".") if nested else [key], key)
            place = holder, parts, len(holder.live())
        holder, parts, index = place
        alone = _alone(holder, parts[0])
        if len(parts) == 1:
            members = self._write(holder, index, parts[0], value)
        else:  # objects for the missing parts of the key, the value in the innermost one
            inner = _new_value(value)
            for part in reversed(parts[1:]):
                inner = {part: inner}
            member = self._add_member(holder, index, parts[0], inner)
            for part in parts[1:]:
                member = member[VALUE].names[part]
            members = [member]
        self._record(key, value, members, alone)

    def _record(self, key: str, value: Value, members: list[Member], alone: bool) -> None:
        """Record a new entry written as ``members`` (``alone``: no sibling shares its
        name or an i18next group with it, and it reads back as written; else re-read)."""
        if not alone:
            self._reread()
        elif isinstance(value, str):
            self._added(build_entry(key, value, None, None, None, True, None, "string"), members[0])
        elif _plural(value) and (len(members) > 1 or is_plural_object(members[0][VALUE])):
            place = tuple(members) if len(members) > 1 else members[0]
            self._added(Entry(key, sort_plural(value), kind="plural"), place)
        elif _array(value):
            self._added(Entry(key, dict(value), kind="array"), members[0])
        else:  # written in a shape that reads back otherwise (e.g. a lone plural form)
            self._reread()

    def _deepest_holder(self, parts: list[str], key: str) -> tuple[Container, list[str]]:
        """The deepest existing object on a dotted key's path, and the parts of the key
        left to write there. Where the next part names a member that is not an object (a
        string, a plural; or any member, for the last part), the rest is written as one
        dotted name, one level up if that name is taken too: never a second member with
        a name its object has (JSON readers keep only one of them)."""
        holder = self._root
        chain = [holder]
        for part in parts[:-1]:
            member = holder.names.get(part)
            child = None if member is None else member[VALUE]
            if child.__class__ is not Container or not child.is_object or is_plural_object(child):
                break
            holder = child
            chain.append(holder)
        depth = len(chain) - 1
        if parts[depth] not in holder.names:
            return holder, parts[depth:]
        while depth > 0 and ".".join(parts[depth:]) in chain[depth].names:
            depth -= 1
        return chain[depth], [".".join(parts[depth:])]

    def _write(self, holder: Container, index: int, name: str, value: Value) -> list[Member]:
        """Members that write ``value`` under ``name`` at ``index`` of ``holder``: i18next
        forms in a file that writes plurals so, else one member."""
        if (
            not isinstance(value, str)
            and not _array(value)
            and value.keys() <= CATEGORIES
            and self._layout()[1] == "suffix-plural"
        ):
            forms = enumerate(sort_plural(value).items())
            return [
                self._add_member(holder, index + offset, f"{name}_{category}", text)
                for offset, (category, text) in forms
            ]
        return [self._add_member(holder, index, name, _new_value(value))]

    def _others_change(self, place: Place) -> bool:
        """A removed plain ``x`` lets ``x_one``/``x_other`` siblings become a plural; an
        object left with CLDR categories only becomes one."""
        holder: Container = members_of(place)[0][HOLDER]
        local = None if isinstance(place, tuple) else place[KEY]
        if local is not None and any(local + suffix in holder.names for suffix in FORM_SUFFIXES):
            return True
        return holder is not self._root and is_plural_object(holder)

    def skeleton(self, locale: str) -> bytes:
        return self._skeleton_text("")


def _new_value(value: Value) -> NewValue:
    """``value`` as one member's value: a string, an array, or a plural object."""
    if isinstance(value, str):
        return value
    if _array(value):
        return [value[str(index)] for index in range(len(value))]
    return sort_plural(value)


def _plural(value: Mapping[str, str]) -> bool:
    """Whether a mapping reads back as one plural entry wherever it is written."""
    return "other" in value and value.keys() <= CATEGORIES


def _array(value: Mapping[str, str]) -> bool:
    """Whether a mapping holds the items of a list ('0', '1', ...)."""
    return bool(value) and all(str(index) in value for index in range(len(value)))


def _alone(holder: Container, name: str) -> bool:
    """Whether a new member ``name`` (or its i18next forms ``name_<category>``) can be
    added to ``holder`` without changing what it or its siblings read as: no member has
    that name or one of those forms, and when the name looks like a form (``x_one``),
    no other form of ``x`` is there unless a plain ``x`` keeps them from being a plural.

    >>> from catalog.formats._json_reader import read_tree
    >>> root = read_tree("t.json", '{"a": "", "b_one": "", "c": "", "c_one": ""}')[0]
    >>> [_alone(root, name) for name in ("a", "b", "b_other", "c_other", "d_other")]
    [False, False, False, True, True]
    """
    keys = holder.names
    if holder.bases is None:
        holder.bases = set(filter(None, map(form_base, keys)))
    if name in keys or name in holder.bases:
        return False
    base = form_base(name)
    return base is None or base in keys or base not in holder.bases


def _local_name(place: Place) -> str:
    """The entry's name inside its holder (the base name for i18next plural forms)."""
    return str(place[0][KEY]).rsplit("_", 1)[0] if isinstance(place, tuple) else str(place[KEY])


def parse(path: str, data: bytes) -> JsonDocument:
    """Parse a key/value JSON catalog; FormatError on bad input."""
    return JsonDocument(path, data)
