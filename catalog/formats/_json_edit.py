"""Editing a JSON tree in the file's own style and rendering it back byte-exactly.

Only containers marked dirty are re-rendered; every other value is copied from the
original text, so untouched lines keep their indentation, escapes and spacing.

>>> from catalog.formats._json_reader import read_tree
>>> text = '{\\n  "a": "x",\\n  "b": "y"\\n}\\n'
>>> root = read_tree("t.json", text)
>>> style = detect_style(text, root)
>>> set_string(root.members[0], "z", style)
>>> _ = add_member(text, root, "c", new_string("w", style), style, len(root.members))
>>> print(render(text, root), end="")
{
  "a": "z",
  "b": "y",
  "c": "w"
}
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from json.encoder import encode_basestring, encode_basestring_ascii

from catalog._splice import detect_newline
from catalog.formats._json_reader import Container, Member, Node, Opaque, String

__all__ = [
    "JsonStyle",
    "add_member",
    "detect_style",
    "encode_string",
    "line_indent",
    "new_array",
    "new_object",
    "new_opaque",
    "new_string",
    "render",
    "set_string",
]

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


def detect_style(text: str, root: Container) -> JsonStyle:
    """The style of an existing file, from its top-level members and its escapes."""
    indents: Counter[str] = Counter()
    colons: Counter[str] = Counter()
    for member in root.members[:50]:
        indent = member.lead.rsplit("\n", 1)[-1] if "\n" in member.lead else ""
        if indent.strip(" \t") == "" and indent:
            indents[indent] += 1
        colons[member.head[member.head.rfind('"') + 1 :]] += 1
    ensure_ascii = text.isascii() and _NON_ASCII_ESCAPE.search(text) is not None
    return JsonStyle(
        newline=detect_newline(text),
        indent=indents.most_common(1)[0][0] if indents else "  ",
        colon=colons.most_common(1)[0][0] if colons else ": ",
        ensure_ascii=ensure_ascii,
        escape_slash="\\/" in text,
    )


def encode_string(value: str, style: JsonStyle) -> str:
    """A JSON string literal in the file's escaping style.

    >>> encode_string("é/x", JsonStyle(ensure_ascii=True, escape_slash=True))
    '"\\\\u00e9\\\\/x"'
    """
    # what json.dumps writes for a string, without its per-call encoder set-up
    literal = encode_basestring_ascii(value) if style.ensure_ascii else encode_basestring(value)
    return literal.replace("/", "\\/") if style.escape_slash else literal


def new_string(value: str, style: JsonStyle) -> String:
    """A string node that is not in the original text."""
    return String(-1, -1, value, literal=encode_string(value, style))


def set_string(member: Member, value: str, style: JsonStyle) -> None:
    """Give a member a new string value (the caller marks its containers dirty)."""
    member.value = new_string(value, style)


def new_object(items: Mapping[str, Node], indent: str, style: JsonStyle) -> Container:
    """A new object written on its own lines; ``indent`` is the line indentation of its key."""
    node = Container(-1, -1, True, dirty=True, indent=indent)
    inner = style.newline + indent + style.indent
    for key, value in items.items():
        if isinstance(value, Container):
            value.parent = node
        node.members.append(Member(key, value, lead=inner, head=_head(key, style), first=True))
    node.tail = style.newline + indent
    return node


def new_opaque(items: dict[str, str], lead: str, style: JsonStyle) -> Opaque:
    """A new object of strings, written as :func:`add_member` writes a :func:`new_object`
    after ``lead``, as one leaf (nothing inside it is edited apart)."""
    indent = lead.rsplit("\n", 1)[-1]
    inner = style.newline + indent + style.indent
    colon = style.colon
    members = ",".join(
        [
            inner + encode_string(key, style) + colon + encode_string(text, style)
            for key, text in items.items()
        ]
    )
    literal = "{" + members + style.newline + indent + "}"
    return Opaque(-1, -1, dict(items), literal)


def new_array(items: Sequence[Node], indent: str, style: JsonStyle) -> Container:
    """A new array written one element per line."""
    node = Container(-1, -1, False, dirty=True, indent=indent)
    inner = style.newline + indent + style.indent
    for index, value in enumerate(items):
        node.members.append(Member(str(index), value, lead=inner, head="", first=True))
    node.tail = style.newline + indent
    return node


def _head(key: str, style: JsonStyle) -> str:
    return encode_string(key, style) + style.colon


def line_indent(text: str, node: Container) -> str:
    """The indentation of the line on which a container starts."""
    if node.start < 0:
        return node.indent
    line_start = text.rfind("\n", 0, node.start) + 1
    line = text[line_start : node.start]
    return line[: len(line) - len(line.lstrip(" \t"))]


def member_lead(text: str, container: Container, style: JsonStyle) -> str:
    """Whitespace before a new member, copied from its siblings (commas are added later)."""
    if container.members:
        return container.members[-1].lead.replace(",", "", 1)
    return style.newline + line_indent(text, container) + style.indent


def add_member(
    text: str, container: Container, key: str, value: Node, style: JsonStyle, index: int
) -> Member:
    """Insert a new member at ``index``; the container and those above it are re-rendered."""
    members = container.members
    was_empty = not members
    lead = members[-1].lead.replace(",", "", 1) if members else member_lead(text, container, style)
    member = Member(key, value, lead, _head(key, style), True)
    if value.__class__ is Container:
        assert isinstance(value, Container)
        value.parent = container
        if value.start < 0:
            value.indent = lead.rsplit("\n", 1)[-1]
            _reindent(value, style)
    container.insert(index, member)
    if not container.dirty:
        container.mark_dirty()
    if was_empty and "\n" not in container.tail and "\n" in lead:
        container.tail = style.newline + line_indent(text, container)
    return member


def _reindent(node: Container, style: JsonStyle) -> None:
    inner = style.newline + node.indent + style.indent
    for member in node.members:
        member.lead = inner
        if isinstance(member.value, Container) and member.value.start < 0:
            member.value.indent = node.indent + style.indent
            _reindent(member.value, style)
    node.tail = style.newline + node.indent


def render(text: str, root: Container) -> str:
    """The document text with edited containers re-rendered."""
    if not root.dirty:
        return text
    return text[: root.start] + _render_node(text, root) + text[root.end :]


def _render_node(text: str, node: Node) -> str:
    if isinstance(node, String | Opaque) and node.literal is not None:
        return node.literal
    if isinstance(node, Container) and node.dirty:
        return _render_container(text, node)
    return text[node.start : node.end]


def _render_container(text: str, node: Container) -> str:
    opening, closing = ("{", "}") if node.is_object else ("[", "]")
    members = node.members
    if not members:
        return opening + closing
    parts = [opening]
    append = parts.append
    # a run of members as read (value, key and the text before them untouched, in their
    # first-or-not place) is copied from the text as one slice
    run_start = run_end = -1
    for index, member in enumerate(members):
        value = member.value
        start = value.start
        if (
            start >= 0
            and (index == 0) is member.first
            and not (value.__class__ is Container and value.dirty)
        ):
            begin = start - len(member.head) - len(member.lead)
            if begin != run_end:
                if run_end >= 0:
                    append(text[run_start:run_end])
                run_start = begin
            run_end = value.end
            continue
        if run_end >= 0:
            append(text[run_start:run_end])
            run_start = run_end = -1
        lead = member.lead
        if index == 0 and not member.first:
            lead = lead.replace(",", "", 1)
        elif index > 0 and member.first:
            lead = "," + lead
        append(lead)
        append(member.head)
        append(_render_node(text, value))
    if run_end >= 0:
        append(text[run_start:run_end])
    append(node.tail)
    append(closing)
    return "".join(parts)
