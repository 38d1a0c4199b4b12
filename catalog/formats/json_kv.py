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
from typing import cast

from catalog._text import check_value
from catalog.base import PLURAL_CATEGORIES, Document, Entry, EntryRow, Value, sort_plural
from catalog.formats._json_document import (
    Binding,
    JsonTreeDocument,
    ReadAddress,
    member_named,
    with_copies,
)
from catalog.formats._json_edit import (
    add_member,
    new_array,
    new_object,
    new_string,
    set_string,
)
from catalog.formats._json_fast import KeyTokens, Pairs, Preread
from catalog.formats._json_tree import Container, Member, Node, String

__all__ = ["FORMAT", "JsonDocument", "parse"]

FORMAT = "json"

_SUFFIX = re.compile(r"^(.+)_(zero|one|two|few|many|other)$")
_CATEGORY_SET = frozenset(PLURAL_CATEGORIES)


def _is_plural_object(node: Node) -> bool:
    if not isinstance(node, Container) or not node.is_object or not node.members:
        return False
    keys = {member.key for member in node.members}
    return (
        "other" in keys
        and keys <= _CATEGORY_SET
        and all(isinstance(member.value, String) for member in node.members)
    )


def _is_plural_pairs(pairs: Pairs) -> bool:
    if len(pairs) > len(_CATEGORY_SET) and not pairs.duplicates:
        return False  # more distinct keys than there are categories (the usual object)
    keys = {key for key, _ in pairs}
    return (
        bool(pairs)
        and "other" in keys
        and keys <= _CATEGORY_SET
        and all(isinstance(value, str) for _, value in pairs)
    )


def _pair_groups(pairs: Pairs) -> dict[str, dict[str, str]]:
    """i18next plural groups of an object read by ``json``: base -> {form key: text}."""
    keys = "\x00".join(dict(pairs))
    if not keys.endswith("_other") and "_other\x00" not in keys:
        return {}  # a group needs an ``_other`` form
    groups: dict[str, dict[str, str]] = {}
    plain = set()
    for key, value in dict(pairs).items() if pairs.duplicates else pairs:
        match = _SUFFIX.match(key)
        if match and isinstance(value, str):
            groups.setdefault(match.group(1), {})[key] = value
        else:
            plain.add(key)
    return {
        base: forms
        for base, forms in groups.items()
        if base not in plain and len(forms) >= 2 and any(k.endswith("_other") for k in forms)
    }


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

    def _walk(self) -> list[Binding]:
        found: list[Binding] = []
        self._walk_object(self._root, (), [self._root], found)
        return found

    def _walk_object(
        self,
        container: Container,
        path: tuple[str, ...],
        parents: list[Container],
        found: list[Binding],
    ) -> None:
        prefix = "".join(part + "." for part in path)
        groups = _suffix_groups(container)
        grouped = {id(member): base for base, forms in groups.items() for member in forms}
        for member in container.members:
            if member.shadow:
                continue
            base = grouped.get(id(member))
            if base is not None:
                forms = groups[base]
                if member is forms[0]:
                    value = sort_plural({form.key.rsplit("_", 1)[1]: _text(form) for form in forms})
                    entry = Entry(prefix + base, value, line=self._line(member), kind="plural")
                    found.append(Binding(entry, parents, forms, "suffix-plural", path))
                continue
            node = member.value
            key = prefix + member.key
            if isinstance(node, String):
                entry = Entry(key, node.value, line=self._line(member))
                found.append(Binding(entry, parents, [member], "string", path))
            elif _is_plural_object(node):
                assert isinstance(node, Container)
                forms_map = sort_plural({form.key: _text(form) for form in node.members})
                entry = Entry(key, forms_map, line=self._line(member), kind="plural")
                found.append(Binding(entry, parents, [member], "nested-plural", path))
            elif _string_array(node):
                assert isinstance(node, Container)
                items = {str(i): _text(item) for i, item in enumerate(node.members)}
                entry = Entry(key, items, line=self._line(member), kind="array")
                found.append(Binding(entry, parents, [member], "array", path))
            elif isinstance(node, Container) and node.is_object:
                self._walk_object(node, (*path, member.key), [*parents, node], found)

    def _read_entries(
        self, root: Pairs, tokens: KeyTokens, rows: list[EntryRow], addresses: list[ReadAddress]
    ) -> None:
        self._read_object(root, (), tokens, rows, addresses)

    def _read_object(
        self,
        pairs: Pairs,
        path: tuple[str, ...],
        tokens: KeyTokens,
        rows: list[EntryRow],
        addresses: list[ReadAddress],
    ) -> None:
        prefix = "".join(part + "." for part in path)
        groups = _pair_groups(pairs)
        if not groups and not pairs.duplicates:  # the common case, kept tight
            index = tokens.index
            lines = tokens.lines
            add_row = rows.append
            add_address = addresses.append
            for key, value in pairs:
                if value.__class__ is str:
                    add_row((prefix + key, value, None, None, None, True, lines[index], "string"))
                    add_address(path)
                    index += 1
                else:
                    tokens.index = index
                    self._read_value(key, value, prefix, path, tokens, rows, addresses)
                    index = tokens.index
            tokens.index = index
            return
        grouped = {key: base for base, forms in groups.items() for key in forms}
        seen: set[str] = set()
        for key, value in pairs:
            if pairs.duplicates:
                if key in seen:  # an equal repeat, kept in sync on edits: not an entry
                    tokens.index += 1
                    tokens.skip_value(value)
                    continue
                seen.add(key)
            base = grouped.get(key)
            if base is None:
                self._read_value(key, value, prefix, path, tokens, rows, addresses)
                continue
            token = tokens.index
            tokens.index = token + 1
            forms = groups[base]
            if key == next(iter(forms)):
                plural = sort_plural({k.rsplit("_", 1)[1]: text for k, text in forms.items()})
                line = tokens.lines[token]
                rows.append((prefix + base, plural, None, None, None, True, line, "plural"))
                addresses.append((path, tuple(forms), "suffix-plural"))

    def _read_value(
        self,
        key: str,
        value: object,
        prefix: str,
        path: tuple[str, ...],
        tokens: KeyTokens,
        rows: list[EntryRow],
        addresses: list[ReadAddress],
    ) -> None:
        """One member that is not an i18next plural form (its key not yet counted)."""
        token = tokens.index
        tokens.index = token + 1
        full = prefix + key
        line = tokens.lines[token]
        if isinstance(value, str):
            rows.append((full, value, None, None, None, True, line, "string"))
            addresses.append(path)
        elif isinstance(value, Pairs) and _is_plural_pairs(value):
            tokens.skip_value(value)
            forms_map = sort_plural(dict(cast(list[tuple[str, str]], value)))
            rows.append((full, forms_map, None, None, None, True, line, "plural"))
            addresses.append((path, (key,), "nested-plural"))
        elif isinstance(value, Pairs):
            self._read_object(value, (*path, key), tokens, rows, addresses)
        else:
            tokens.skip_value(value)
            if isinstance(value, list) and value and all(isinstance(i, str) for i in value):
                items = {str(i): cast(str, item) for i, item in enumerate(value)}
                rows.append((full, items, None, None, None, True, line, "array"))
                addresses.append((path, (key,), "array"))

    # editing -------------------------------------------------------------------------
    @property
    def nested(self) -> bool:
        """Whether keys nest in objects (else new keys stay flat, dots and all)."""
        return self._layout()[0]

    @property
    def plural_shape(self) -> str:
        """How this file writes plurals ('suffix-plural' unless it uses plural objects)."""
        return self._layout()[1]

    def _layout(self) -> tuple[bool, str]:
        """(nested, plural shape), worked out once per structure."""
        self.get("")  # make sure addresses are current
        if self._layout_cache is None:
            addresses = self._addresses.values()
            if not addresses:
                self._layout_cache = self._layout_default
                return self._layout_cache
            plural = next((shape for _, _, shape in addresses if shape.endswith("plural")), None)
            nested = any(path for path, _, _ in addresses) or self._layout_default[0]
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
        binding = self._lookup(key)
        if binding is None:
            self._add(key, value, after)
            return
        current = binding.entry.value
        if current == value or (
            not isinstance(current, str) and not isinstance(value, str) and dict(current) == value
        ):
            return
        new_entry = binding.entry._replace(value=value)
        if binding.shape == "string" and isinstance(value, str):
            for member in with_copies(binding.members):
                set_string(member, value, self.style)
            self._value_changed(binding, new_entry)
        elif binding.shape == "nested-plural" and not isinstance(value, str):
            plural = binding.members[0].value
            assert isinstance(plural, Container)
            self._set_forms(plural, "", value)
            self._value_changed(binding, new_entry._replace(value=sort_plural(value)))
        elif binding.shape == "suffix-plural" and not isinstance(value, str):
            prefix = _local_name(binding) + "_"
            self._set_forms(binding.holder, prefix, value, binding.members)
            if set(value) == set(binding.entry.value):
                self._value_changed(binding, new_entry._replace(value=sort_plural(value)))
            else:
                self._restructured(binding.parents)
        else:  # the value changes shape: write it anew where the old one was
            holder = binding.holder
            index = holder.position(binding.members[0])
            self._remove_members(holder, with_copies(binding.members))
            self._insert(holder, index, binding.members[0].key, value, binding.shape)
            self._restructured(binding.parents)

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
        shape = self.plural_shape
        anchor = self._lookup(after) if after is not None else None
        if anchor is not None:
            prefix = anchor.entry.key[: len(anchor.entry.key) - len(_local_name(anchor))]
            if key.startswith(prefix) and (prefix or not self.nested or "." not in key):
                holder = anchor.holder
                index = holder.position(anchor.members[-1]) + 1
                name = key[len(prefix) :]
                alone = _alone(holder, name)
                members = self._insert(holder, index, name, value, shape)
                self._record_added(key, value, anchor.parents, anchor.path, members, alone)
                return
        parents = [self._root]
        path: tuple[str, ...] = ()
        parts = key.split(".") if self.nested else [key]
        while len(parts) > 1:
            member = member_named(parents[-1], parts[0])
            child = member.value if member is not None else None
            if not isinstance(child, Container) or not child.is_object or _is_plural_object(child):
                break
            parents.append(child)
            path = (*path, parts.pop(0))
        holder = parents[-1]
        if len(parts) > 1:
            nested_value: Value | Container = value
            for part in reversed(parts[1:]):
                inner = self._value_nodes(part, nested_value, shape)
                nested_value = new_object(dict(inner), "", self.style)
            assert isinstance(nested_value, Container)
            add_member(self._text, holder, parts[0], nested_value, self.style, len(holder.members))
            self._restructured(parents)
            return
        alone = _alone(holder, parts[0])
        members = self._insert(holder, len(holder.members), parts[0], value, shape)
        self._record_added(key, value, parents, path, members, alone)

    def _record_added(
        self,
        key: str,
        value: Value,
        parents: list[Container],
        path: tuple[str, ...],
        members: list[Member],
        alone: bool,
    ) -> None:
        """Record a new entry written as ``members`` (``alone``: no sibling shares its name
        or an i18next group with it, so no other entry changed; else re-read them all)."""
        if not alone:
            self._restructured(parents)
            return
        node = members[0].value
        if isinstance(value, str):
            entry, shape = Entry(key, value), "string"
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
            self._restructured(parents)
            return
        holder = parents[-1]
        last = len(parents) == 1 and holder.members[-1] is members[-1]
        self._added(Binding(entry, parents, members, shape, path), last=last)

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
    added to ``holder`` without changing what its siblings read as: no member has that
    name or one of those forms, and the name is not itself a form of another key."""
    if _SUFFIX.match(name) or holder.member(name) is not None:
        return False
    return all(holder.member(f"{name}_{category}") is None for category in PLURAL_CATEGORIES)


def _local_name(binding: Binding) -> str:
    """The entry's name inside its holder (the base name for i18next plural forms)."""
    first = binding.members[0].key
    return first.rsplit("_", 1)[0] if binding.shape == "suffix-plural" else first


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

    >>> from catalog.formats._json_tree import String
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


def parse(path: str, data: bytes, read: Preread | None = None) -> JsonDocument:
    """Parse a key/value JSON catalog; FormatError on bad input.

    ``read`` is the file already decoded and read by format detection, if it was.
    """
    return JsonDocument(path, data, read)
