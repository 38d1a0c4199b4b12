"""Split a message into translatable text and code the translator must keep exactly.

Code is every placeholder and markup syntax the platform meets: printf (``%s``, ``%1$d``,
``%@``, ``%lld``, ``%(name)s``), ICU arguments (``{name}``, ``{n, number}``) and ICU
``plural``/``selectordinal``/``select`` (parsed, so their sub-messages can be translated),
i18next ``{{x}}``, Android ``<xliff:g>…</xliff:g>`` (kept whole), HTML tags and entities.

>>> [type(n).__name__ for n in parse("Hi %1$s, <b>{count}</b> new")]
['Text', 'Code', 'Text', 'Code', 'Code', 'Code', 'Text']
>>> render(parse("{n, plural, one {# file} other {# files}}"))
'{n, plural, one {# file} other {# files}}'
>>> code_tokens("Hello {{name}}, %@ and <xliff:g id=\\"a\\">%d</xliff:g>")
['{{name}}', '%@', '<xliff:g id="a">%d</xliff:g>']
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["Code", "IcuChoice", "Node", "Text", "code_tokens", "parse", "render"]

_PRINTF = re.compile(
    r"%(?:\(\w+\))?(?:\d+\$)?[-+ 0#']*(?:\d+|\*)?(?:\.(?:\d+|\*))?"
    r"(?:hh|h|ll|l|L|q|j|z|t)?[diouxXeEfFgGaAcrspn@%]"  # r: Python's %(x)r
)
#: a .stringsdict variable (``%#@count@``): read whole, before printf takes its ``%#@``
_STRINGSDICT = re.compile(r"%#@[A-Za-z_]\w*@")
_XLIFF = re.compile(r"<xliff:g\b[^>]*>.*?</xliff:g>", re.DOTALL)
_TAG = re.compile(r"</?[A-Za-z][\w:.-]*(?:\s+[^<>]*?)?\s*/?>")
_ENTITY = re.compile(r"&(?:#\d+|#x[0-9a-fA-F]+|[A-Za-z]+);")
_I18NEXT = re.compile(r"\{\{[^{}]*\}\}")
_CHOICE_KINDS = frozenset({"plural", "selectordinal", "select"})
_PLURAL_KINDS = frozenset({"plural", "selectordinal"})


@dataclass(frozen=True)
class Text:
    """Words a translator translates."""

    value: str


@dataclass(frozen=True)
class Code:
    """A placeholder or markup token, kept byte for byte."""

    value: str


@dataclass(frozen=True)
class IcuChoice:
    """An ICU ``plural``, ``selectordinal`` or ``select`` argument and its sub-messages."""

    argument: str
    kind: str
    offset: str | None
    options: tuple[tuple[str, tuple[Node, ...]], ...]


Node = Text | Code | IcuChoice


#: Where code can start: every other character is text (``#`` only inside a plural).
_CODE_START = re.compile(r"[%<&{]")
_CODE_START_IN_PLURAL = re.compile(r"[%<&{#]")


def parse(message: str, *, in_plural: bool = False) -> tuple[Node, ...]:
    """The message as a sequence of nodes; ``#`` is code inside a plural sub-message."""
    starts = _CODE_START_IN_PLURAL if in_plural else _CODE_START
    nodes: list[Node] = []
    text: list[str] = []
    position = 0
    while position < len(message):
        found = starts.search(message, position)
        if found is None:  # no code from here on: the rest is text
            text.append(message[position:])
            break
        if found.start() > position:
            text.append(message[position : found.start()])
            position = found.start()
        node, end = _code_at(message, position, in_plural)
        if node is None:
            text.append(message[position])
            position += 1
            continue
        if text:
            nodes.append(Text("".join(text)))
            text = []
        nodes.append(node)
        position = end
    if text:
        nodes.append(Text("".join(text)))
    return tuple(nodes)


def _code_at(message: str, position: int, in_plural: bool) -> tuple[Node | None, int]:
    char = message[position]
    if char == "%":
        node, end = _regex_code(_STRINGSDICT, message, position)
        return (node, end) if node else _regex_code(_PRINTF, message, position)
    if char == "<":
        node, end = _regex_code(_XLIFF, message, position)
        return (node, end) if node else _regex_code(_TAG, message, position)
    if char == "&":
        return _regex_code(_ENTITY, message, position)
    if char == "{":
        node, end = _regex_code(_I18NEXT, message, position)
        return (node, end) if node else _icu_argument(message, position, in_plural)
    if char == "#" and in_plural:
        return Code("#"), position + 1
    return None, position


def _regex_code(pattern: re.Pattern[str], message: str, position: int) -> tuple[Node | None, int]:
    match = pattern.match(message, position)
    if match is None:
        return None, position
    return Code(match.group()), match.end()


def _matching_brace(message: str, start: int) -> int | None:
    depth = 0
    for index in range(start, len(message)):
        if message[index] == "{":
            depth += 1
        elif message[index] == "}":
            depth -= 1
            if depth == 0:
                return index
    return None


def _icu_argument(message: str, position: int, in_plural: bool) -> tuple[Node | None, int]:
    end = _matching_brace(message, position)
    if end is None:
        return None, position
    inner = message[position + 1 : end]
    parts = inner.split(",", 2)
    if len(parts) == 3 and parts[1].strip() in _CHOICE_KINDS:
        kind = parts[1].strip()
        choice = _choice(parts[0].strip(), kind, parts[2], in_plural or kind in _PLURAL_KINDS)
        if choice is not None:
            return choice, end + 1
    return Code(message[position : end + 1]), end + 1


def _choice(argument: str, kind: str, body: str, in_plural: bool) -> IcuChoice | None:
    offset: str | None = None
    options: list[tuple[str, tuple[Node, ...]]] = []
    position = 0
    while True:
        while position < len(body) and body[position].isspace():
            position += 1
        if position >= len(body):
            break
        selector_end = position
        while (
            selector_end < len(body)
            and not body[selector_end].isspace()
            and body[selector_end] != "{"
        ):
            selector_end += 1
        selector = body[position:selector_end]
        if selector.startswith("offset:"):
            offset = selector[len("offset:") :]
            position = selector_end
            continue
        brace = selector_end
        while brace < len(body) and body[brace].isspace():
            brace += 1
        close = _matching_brace(body, brace) if brace < len(body) and body[brace] == "{" else None
        if not selector or close is None:
            return None
        options.append((selector, parse(body[brace + 1 : close], in_plural=in_plural)))
        position = close + 1
    return IcuChoice(argument, kind, offset, tuple(options)) if options else None


def render(nodes: tuple[Node, ...]) -> str:
    """The message text of ``nodes`` (ICU choices written with single spaces)."""
    return "".join(_render_node(node) for node in nodes)


def _render_node(node: Node) -> str:
    if isinstance(node, Text | Code):
        return node.value
    offset = f"offset:{node.offset} " if node.offset is not None else ""
    options = " ".join(f"{selector} {{{render(body)}}}" for selector, body in node.options)
    return f"{{{node.argument}, {node.kind}, {offset}{options}}}"


def code_tokens(message: str) -> list[str]:
    """Every code token of ``message`` in order, including those inside ICU sub-messages."""
    tokens: list[str] = []
    _collect(parse(message), tokens)
    return tokens


def _collect(nodes: tuple[Node, ...], tokens: list[str]) -> None:
    for node in nodes:
        if isinstance(node, Code):
            tokens.append(node.value)
        elif isinstance(node, IcuChoice):
            tokens.append(f"{{{node.argument}, {node.kind}}}")
            for _selector, body in node.options:
                _collect(body, tokens)
