"""Parse CLDR person-name patterns (``{given} {surname-initial}``) and fill them in."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

__all__ = ["FIELDS", "MODIFIERS", "FieldRef", "NamePattern", "parse_pattern", "render"]

FIELDS = frozenset({"title", "given", "given2", "surname", "surname2", "generation", "credentials"})
MODIFIERS = frozenset(
    {
        "informal",
        "allCaps",
        "initialCap",
        "initial",
        "monogram",
        "prefix",
        "core",
        "retain",
        "vocative",
        "genitive",
    }
)


@dataclass(frozen=True, slots=True)
class FieldRef:
    """A field with modifiers, as written in a pattern: ``{surname-prefix-initialCap}``."""

    field: str
    modifiers: frozenset[str]

    @classmethod
    def parse(cls, text: str) -> FieldRef:
        field, *modifiers = text.split("-")
        if field not in FIELDS or not MODIFIERS.issuperset(modifiers):
            raise ValueError(f"unknown person-name field {text!r}")
        return cls(field, frozenset(modifiers))


Element = str | FieldRef


@dataclass(frozen=True, slots=True)
class NamePattern:
    """A parsed pattern: literals and field references, in order."""

    elements: tuple[Element, ...]
    refs: tuple[FieldRef, ...]

    @property
    def has_plain_given(self) -> bool:
        """True when the pattern shows the given name other than as an initial."""
        return any(r.field == "given" and "initial" not in r.modifiers for r in self.refs)


@lru_cache(maxsize=2048)
def parse_pattern(text: str) -> NamePattern:
    """Split a pattern into literals and fields (``\\`` escapes ``{``, ``}`` and itself).

    >>> parse_pattern('{given} {surname}').elements[1]
    ' '
    """
    elements: list[Element] = []
    buffer: list[str] = []
    in_field = escaped = False
    for char in text:
        if escaped:
            buffer.append(char)
            escaped = False
        elif char == "\\":
            escaped = True
        elif char == "{" and not in_field:
            if buffer:
                elements.append("".join(buffer))
                buffer = []
            in_field = True
        elif char == "}" and in_field:
            elements.append(FieldRef.parse("".join(buffer)))
            buffer = []
            in_field = False
        else:
            buffer.append(char)
    if in_field:
        raise ValueError(f"unclosed field in person-name pattern {text!r}")
    if buffer:
        elements.append("".join(buffer))
    refs = tuple(e for e in elements if isinstance(e, FieldRef))
    return NamePattern(tuple(elements), refs)


def render(pattern: NamePattern, values: Sequence[str | None]) -> str:
    """Fill ``pattern`` with one value per field reference, dropping empty fields.

    Literals before the first and after the last populated field go; literals around
    empty fields in the middle are trimmed to the nearest space on each side and joined
    (UTS #35 Part 8, "Process a namePattern").

    >>> pattern = parse_pattern('{title} {given} {surname}, {credentials}')
    >>> render(pattern, [None, 'Ada', 'King', None])
    'Ada King'
    """
    result: list[str] = []
    before: list[str] = []  # literal text after the last populated field
    after: list[str] = []  # literal text after an empty field in the middle
    seen_field = leading_empty = middle_empty = False
    position = 0
    for element in pattern.elements:
        if isinstance(element, str):
            if leading_empty:
                continue
            (after if middle_empty else before).append(element)
            continue
        value = values[position]
        position += 1
        if not value:
            if not seen_field:
                leading_empty = True
                before.clear()
            else:
                middle_empty = True
                after.clear()
            continue
        seen_field = True
        leading_empty = False
        if middle_empty:
            result.append(_coalesce("".join(before), "".join(after)))
            middle_empty = False
        else:
            result.append("".join(before))
        before.clear()
        after.clear()
        result.append(value)
    if not middle_empty:
        result.append("".join(before))
    return "".join(result)


def _coalesce(first: str, second: str) -> str:
    """Join the literals on both sides of an omitted field, keeping one space between them."""
    if first.endswith(second):
        second = ""
    head = 0
    while head < len(first) and not first[head].isspace():
        head += 1
    tail = len(second) - 1
    while tail >= 0 and not second[tail].isspace():
        tail -= 1
    if head < len(first):
        head += 1
    elif tail >= 0:
        tail -= 1
    return first[:head] + second[tail + 1 :]
