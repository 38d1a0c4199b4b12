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

import re
from collections.abc import Mapping
from functools import partial

from catalog._text import check_value
from catalog.base import (
    PLURAL_CATEGORIES,
    Document,
    Entry,
    EntryRow,
    Value,
    build_entry,
    sort_plural,
)
from catalog.formats._json_document import JsonTreeDocument, Place, with_copies
from catalog.formats._json_edit import add_member, new_array, new_object, new_string, set_string
from catalog.formats._json_reader import Container, Member, Node, String

__all__ = ["FORMAT", "JsonDocument", "parse"]

_place = partial(tuple.__new__, Place)  # a Place from a tuple, in one C call

FORMAT = "json"

_SUFFIX = re.compile(r"^(.+)_(zero|one|two|few|many|other)$")
_CATEGORY_SET = frozenset(PLURAL_CATEGORIES)
_FORM_SUFFIXES = tuple("_" + category for category in PLURAL_CATEGORIES)


def _is_plural_object(node: Node) -> bool:
    if not isinstance(node, Container) or not node.is_object:
        return False
    keys = node.names()  # empty when there are no members (the first is never a repeat)
    return (
        "other" in keys
        and len(keys) <= len(_CATEGORY_SET)
        and keys <= _CATEGORY_SET
        and all(isinstance(member.value, String) for member in node.members)
    )


def _string_array(node: Node) -> bool:
    return (
        isinstance(node, Container)
        and not node.is_object
        and bool(node.members)
        and all(isinstance(member.value, String) for member in node.members)
    )


def _text(member: Member) -> str:
    assert isinstance(member.value, String)
    return member.value.value


def _suffix_groups(container: Container) -> dict[str, list[Member]]:
    """i18next plural groups of a container: base key -> form members (needs _other + 1)."""
    if "_other\x00" not in "\x00".join(container.names()) + "\x00":
        return {}  # a group needs an ``_other`` form
    groups: dict[str, list[Member]] = {}
    plain = set()
    for member in container.members:
        if member.shadow:
            continue
        match = _SUFFIX.match(member.key)
        if match and isinstance(member.value, String):
            groups.setdefault(match.group(1), []).append(member)
        else:
            plain.add(member.key)
    return {
        base: forms
        for base, forms in groups.items()
        if base not in plain
        and len(forms) >= 2
        and any(form.key.endswith("_other") for form in forms)
    }


class JsonDocument(JsonTreeDocument):
    """A key/value JSON catalog."""

    format = FORMAT

    def _walk(self, rows: list[EntryRow], places: list[Place]) -> None:
        self._walk_object(self._root, "", None, rows, places)

    def _walk_object(
        self,
        container: Container,
        prefix: str,
        repeated: Member | None,
        rows: list[EntryRow],
        places: list[Place],
    ) -> None:
        """Entries of an object whose keys get ``prefix``; ``repeated``: a member above it
        that repeats an object (entries inside are read-only)."""
        groups = _suffix_groups(container)
        grouped = {id(member): base for base, forms in groups.items() for member in forms}
        add_row = rows.append
        add_place = places.append
        for member in container.members:
            if member.shadow:
                continue
            if grouped:
                base = grouped.get(id(member))
                if base is not None:
                    forms = groups[base]
                    if member is forms[0]:
                        value = sort_plural({f.key.rsplit("_", 1)[1]: _text(f) for f in forms})
                        line = member.line
                        add_row((prefix + base, value, None, None, None, True, line, "plural"))
                        add_place(_place((container, tuple(forms), "suffix-plural", repeated)))
                    continue
            node = member.value
            if node.__class__ is String:
                text = node.value
                add_row((prefix + member.key, text, None, None, None, True, member.line, "string"))
                add_place(_place((container, (member,), "string", repeated)))
                continue
            if not isinstance(node, Container):
                continue
            key = prefix + member.key
            inner = repeated or (member if member.copies else None)
            if _is_plural_object(node):
                forms_map = sort_plural({form.key: _text(form) for form in node.members})
                add_row((key, forms_map, None, None, None, True, member.line, "plural"))
                add_place(_place((container, (member,), "nested-plural", inner)))
            elif _string_array(node):
                items = {str(i): _text(item) for i, item in enumerate(node.members)}
                add_row((key, items, None, None, None, True, member.line, "array"))
                add_place(_place((container, (member,), "array", inner)))
            elif node.is_object:
                self._walk_object(node, key + ".", inner, rows, places)

    # editing -------------------------------------------------------------------------
    def _others_change(self, place: Place) -> bool:
        """A removed plain ``x`` lets ``x_one``/``x_other`` siblings become a plural; an
        object left with CLDR categories only becomes one."""
        holder = place.holder
        if place.shape != "suffix-plural":
            names = holder.names()
            local = place.members[0].key
            if any(local + suffix in names for suffix in _FORM_SUFFIXES):
                return True
        if holder is self._root:
            return False
        names = holder.names()  # first: members would be compacted (once per removal)
        return "other" in names and len(names) <= len(_CATEGORY_SET) and _is_plural_object(holder)

    @property
    def nested(self) -> bool:
        """Whether keys nest in objects (else new keys stay flat, dots and all)."""
        return self._layout()[0]

    @property
    def plural_shape(self) -> str:
        """How this file writes plurals ('suffix-plural' unless it uses plural objects)."""
        return self._layout()[1]

    def _layout(self) -> tuple[bool, str]:
        """(nested, plural shape), worked out once per walk."""
        if self._layout_cache is not None and not self._stale:
            return self._layout_cache
        self._current()  # re-walked if stale
        if self._layout_cache is None:
            places = self._places.values()
            if not places:
                self._layout_cache = self._layout_default
                return self._layout_cache
            plural = next((p.shape for p in places if p.shape.endswith("plural")), None)
            root = self._root
            nested = any(p.holder is not root for p in places) or self._layout_default[0]
            self._layout_cache = (nested, plural or self._layout_default[1])
        return self._layout_cache

    def adopt_layout(self, source: Document) -> None:
        """Nest keys and write plurals as ``source`` does while this file has no such
        entries yet (a new target of a nested source nests its keys too)."""
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
        if current == value or (
            not isinstance(current, str) and not isinstance(value, str) and dict(current) == value
        ):
            return
        new_entry = entry._replace(value=value)
        if place.shape == "string" and isinstance(value, str):
            for member in with_copies(place.members):
                set_string(member, value, self.style)
            self._value_changed(new_entry, place)
        elif place.shape == "nested-plural" and not isinstance(value, str):
            plural = place.members[0].value
            assert isinstance(plural, Container)
            self._set_forms(plural, "", value)
            self._value_changed(new_entry._replace(value=sort_plural(value)), place)
        elif place.shape == "suffix-plural" and not isinstance(value, str):
            prefix = _local_name(place) + "_"
            self._set_forms(place.holder, prefix, value, list(place.members))
            if set(value) == set(current):
                self._value_changed(new_entry._replace(value=sort_plural(value)), place)
            else:
                self._restructured(place.holder)
        else:  # the value changes shape: write it anew where the old one was
            holder = place.holder
            index = holder.position(place.members[0])
            self._remove_members(holder, with_copies(place.members))
            self._insert(holder, index, place.members[0].key, value, place.shape)
            self._restructured(holder)

    def _set_forms(
        self,
        container: Container,
        prefix: str,
        forms: Mapping[str, str],
        members: list[Member] | None = None,
    ) -> None:
        """Update plural forms in place; add missing categories in CLDR order, drop others.

        ``members``: the form members, in file order, when known (i18next forms among
        thousands of siblings), else they are looked for in ``container``.
        """
        wanted = sort_plural(forms)
        candidates = container.members if members is None else members
        existing = {m.key[len(prefix) :]: m for m in candidates if _is_form(m, prefix)}
        kept: list[Member] = []  # the forms left, in file order
        for category, member in existing.items():
            if category not in wanted:
                self._remove_members(container, with_copies([member]))
                continue
            kept.append(member)
            if _text(member) != wanted[category]:
                for copy in with_copies([member]):
                    set_string(copy, wanted[category], self.style)
        for category, text in wanted.items():
            if category in existing:
                continue
            place = _form_place(kept, prefix, category)
            if not kept:
                index = len(container.members)
            elif place:
                index = container.position(kept[place - 1]) + 1
            else:
                index = container.position(kept[0])
            member = add_member(
                self._text, container, prefix + category, new_string(text, self.style),
                self.style, index,
            )  # fmt: skip
            kept.insert(place, member)
        container.dirty = True

    def _add(self, key: str, value: Value, after: str | None) -> None:
        nested, shape = self._layout()
        anchor = self._lookup(after) if after is not None else None
        if anchor is not None:
            anchor_entry, anchor_place = anchor
            local = _local_name(anchor_place)
            prefix = anchor_entry.key[: len(anchor_entry.key) - len(local)]
            name = key[len(prefix) :]
            holder = anchor_place.holder
            if (
                key.startswith(prefix)
                and (prefix or not nested or "." not in key)
                and name not in holder.names()
            ):
                index = holder.position(anchor_place.members[-1]) + 1
                alone = _alone(holder, name)
                members = self._insert(holder, index, name, value, shape)
                self._record_added(key, value, holder, members, alone)
                return
        holder, parts = self._deepest_holder(key.split(".") if nested else [key], key)
        alone = _alone(holder, parts[0])
        if len(parts) == 1 and alone and isinstance(value, str):  # the usual new entry
            style = self.style
            string = new_string(value, style)
            member = add_member(self._text, holder, parts[0], string, style, len(holder.members))
            entry = build_entry(key, value, None, None, None, True, None, "string")
            self._added(
                entry, _place((holder, (member,), "string", None)), last=holder is self._root
            )
            return
        if len(parts) == 1:
            members = self._insert(holder, len(holder.members), parts[0], value, shape)
            self._record_added(key, value, holder, members, alone)
            return
        # objects for the missing parts of the key, the value in the innermost one
        innermost = new_object(dict(self._value_nodes(parts[-1], value, shape)), "", self.style)
        outer = innermost
        for part in reversed(parts[1:-1]):
            outer = new_object({part: outer}, "", self.style)
        add_member(self._text, holder, parts[0], outer, self.style, len(holder.members))
        self._record_added(key, value, innermost, innermost.members, alone)

    def _deepest_holder(self, parts: list[str], key: str) -> tuple[Container, list[str]]:
        """The deepest existing object on a dotted key's path, and the parts of the key
        left to write there. Where the next part names a member that is not an object (a
        string, a plural; or any member, for the last part), the rest is written as one
        dotted name, one level up if that name is taken too: never a second member with
        a name its object has (JSON readers keep only one of them).

        An object found for the whole path before the last part is remembered (by that
        path) until members are removed or moved: adding members never changes which
        object a path leads to, unless the object turns into a plural (checked on use).
        """
        last = parts[-1]
        prefix = key[: len(key) - len(last) - 1] if len(parts) > 1 else None
        if prefix is not None:
            known = self._holders.get(prefix)
            if known is not None and last not in known.names() and not _is_plural_object(known):
                return known, [last]
        holder = self._root
        chain = [holder]
        depth = 0
        while depth < len(parts) - 1:
            member = holder.member(parts[depth])
            if member is None:
                break
            child = member.value
            if child.__class__ is not Container or _is_plural_object(child):
                break
            assert isinstance(child, Container)
            if not child.is_object:
                break
            holder = child
            chain.append(holder)
            depth += 1
        if prefix is not None and depth == len(parts) - 1:
            self._holders[prefix] = holder
        if parts[depth] not in holder.names():
            return holder, parts[depth:]
        while depth > 0 and ".".join(parts[depth:]) in chain[depth].names():
            depth -= 1
        return chain[depth], [".".join(parts[depth:])]

    def _record_added(
        self,
        key: str,
        value: Value,
        holder: Container,
        members: list[Member],
        alone: bool,
    ) -> None:
        """Record a new entry written as ``members`` of ``holder`` (``alone``: no sibling
        shares its name or an i18next group with it, so no other entry changed; else
        re-read them all)."""
        if not alone:
            self._restructured(holder)
            return
        node = members[0].value
        entry: Entry
        if isinstance(value, str):
            entry, shape = build_entry(key, value, None, None, None, True, None, "string"), "string"
        elif len(members) >= 2 and members[-1].key.endswith("_other"):
            forms = {member.key.rsplit("_", 1)[1]: _text(member) for member in members}
            entry, shape = Entry(key, sort_plural(forms), kind="plural"), "suffix-plural"
        elif len(members) == 1 and _is_plural_object(node):
            assert isinstance(node, Container)
            forms = {member.key: _text(member) for member in node.members}
            entry, shape = Entry(key, sort_plural(forms), kind="plural"), "nested-plural"
        elif len(members) == 1 and _string_array(node):
            assert isinstance(node, Container)
            items = {str(i): _text(item) for i, item in enumerate(node.members)}
            entry, shape = Entry(key, items, kind="array"), "array"
        else:  # written in a shape that reads back otherwise (e.g. a lone plural form)
            self._restructured(holder)
            return
        last = holder is self._root and holder.members[-1] is members[-1]
        self._added(entry, Place(holder, tuple(members), shape), last=last)

    def _insert(
        self, holder: Container, index: int, name: str, value: Value, shape: str
    ) -> list[Member]:
        return [
            add_member(self._text, holder, member_key, node, self.style, index + offset)
            for offset, (member_key, node) in enumerate(self._value_nodes(name, value, shape))
        ]

    def _value_nodes(
        self, name: str, value: Value | Container, shape: str
    ) -> list[tuple[str, Node]]:
        """Members that write ``value`` under ``name`` in the file's style."""
        if isinstance(value, Container):
            return [(name, value)]
        if isinstance(value, str):
            return [(name, new_string(value, self.style))]
        if value and all(k.isdigit() for k in value):
            items = [new_string(value[k], self.style) for k in sorted(value, key=int)]
            return [(name, new_array(items, "", self.style))]
        forms = sort_plural(value)
        nodes: dict[str, Node] = {k: new_string(v, self.style) for k, v in forms.items()}
        if shape == "suffix-plural" and all(k in _CATEGORY_SET for k in forms):
            return [(f"{name}_{category}", node) for category, node in nodes.items()]
        return [(name, new_object(nodes, "", self.style))]

    def skeleton(self, locale: str) -> bytes:
        return self._skeleton_text("")


def _alone(holder: Container, name: str) -> bool:
    """Whether a new member ``name`` (or its i18next forms ``name_<category>``) can be
    added to ``holder`` without changing what it or its siblings read as: no member has
    that name or one of those forms, and when the name looks like a form (``x_one``),
    no other form of ``x`` is there unless a plain ``x`` keeps them from being a plural.

    >>> from catalog.formats._json_reader import read_tree
    >>> root = read_tree("t.json", '{"a": "", "b_one": "", "c": "", "c_one": ""}')
    >>> [_alone(root, name) for name in ("a", "b", "b_other", "c_other", "d_other")]
    [False, False, False, True, True]
    """
    keys = holder.names()
    if name in keys:
        return False
    for suffix in _FORM_SUFFIXES:
        if name + suffix in keys:
            return False
    form = _SUFFIX.match(name) if "_" in name else None
    if form is None or form.group(1) in keys:
        return True
    base = form.group(1)
    return all(base + suffix not in keys for suffix in _FORM_SUFFIXES)


def _local_name(place: Place) -> str:
    """The entry's name inside its holder (the base name for i18next plural forms)."""
    first = place.members[0].key
    return first.rsplit("_", 1)[0] if place.shape == "suffix-plural" else first


def _is_form(member: Member, prefix: str) -> bool:
    return (
        not member.shadow
        and member.key.startswith(prefix)
        and member.key[len(prefix) :] in _CATEGORY_SET
        and isinstance(member.value, String)
    )


def _form_place(forms: list[Member], prefix: str, category: str) -> int:
    """Where a missing plural form goes among the forms (in file order): after the last
    one that precedes it in CLDR order, else before the first.

    >>> from catalog.formats._json_reader import String
    >>> forms = [Member(f"n_{c}", String(0, 0, c), "", "") for c in ("one", "other")]
    >>> _form_place(forms, "n_", "few"), _form_place(forms, "n_", "zero")
    (1, 0)
    """
    rank = PLURAL_CATEGORIES.index(category)
    place = 0
    for position, member in enumerate(forms):
        if PLURAL_CATEGORIES.index(member.key[len(prefix) :]) < rank:
            place = position + 1
    return place


def parse(path: str, data: bytes) -> JsonDocument:
    """Parse a key/value JSON catalog; FormatError on bad input."""
    return JsonDocument(path, data)
