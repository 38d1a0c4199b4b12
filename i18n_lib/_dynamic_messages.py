"""Dynamic strings: compile bundle values once into messages, render them for a locale."""

from __future__ import annotations

import re
from collections.abc import Mapping
from decimal import Decimal
from typing import Final

from i18n_lib.numbers import format_decimal
from i18n_lib.plurals import plural_category

__all__ = ["Malformed", "Message", "Plural", "Template", "compile_value", "render"]

_PLACEHOLDER: Final = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")
_CATEGORIES: Final = frozenset(("zero", "one", "two", "few", "many", "other"))


class Template:
    """A text with ``{name}`` placeholders, split once into literals and names."""

    __slots__ = ("parts", "text")

    def __init__(self, text: str, parts: list[str]) -> None:
        self.text = text
        self.parts = parts  # literal, name, literal, name, ..., literal

    def render(self, params: Mapping[str, object], locale: str) -> str:
        parts = self.parts
        out = [parts[0]]
        for index in range(1, len(parts), 2):
            out.append(format_param(params[parts[index]], locale))
            out.append(parts[index + 1])
        return "".join(out)


class Plural:
    """CLDR plural category → text; the form is chosen by the ``count`` parameter."""

    __slots__ = ("forms",)

    def __init__(self, forms: dict[str, str | Template]) -> None:
        self.forms = forms

    def render(self, params: Mapping[str, object], locale: str) -> str:
        count = params["count"]
        if not isinstance(count, int | float | Decimal | str) or isinstance(count, bool):
            raise TypeError(f"count must be a number, not {type(count).__name__}")
        form = self.forms.get(plural_category(count, locale)) or self.forms["other"]
        return form if isinstance(form, str) else form.render(params, locale)


class Malformed:
    """A bundle value that is neither a string nor a plural object; never rendered."""

    __slots__ = ("reason",)

    def __init__(self, reason: str) -> None:
        self.reason = reason

    def render(self, params: Mapping[str, object], locale: str) -> str:
        raise ValueError(self.reason)


Message = str | Template | Plural | Malformed


def _compile_text(text: str) -> str | Template:
    if "{" not in text:
        return text
    parts = _PLACEHOLDER.split(text)
    return text if len(parts) == 1 else Template(text, parts)


def compile_value(value: object) -> Message:
    """Return the message for one bundle value: a plain ``str`` when it has no placeholder.

    >>> compile_value('Hello')
    'Hello'
    >>> compile_value('Hi {name}').parts
    ['Hi ', 'name', '']
    >>> compile_value({'one': 'x'}).reason
    "plural object without 'other'"
    """
    if isinstance(value, str):
        return _compile_text(value)
    if not isinstance(value, dict):
        return Malformed(f"value of type {type(value).__name__}")
    if "other" not in value:
        return Malformed("plural object without 'other'")
    forms: dict[str, str | Template] = {}
    for category, text in value.items():
        if category not in _CATEGORIES or not isinstance(text, str):
            return Malformed(f"bad plural form {category!r}")
        forms[category] = _compile_text(text)
    return Plural(forms)


def format_param(value: object, locale: str) -> str:
    """Return a parameter as text: numbers in the locale's format, anything else as ``str``.

    >>> format_param(1234.5, 'de-DE'), format_param('x', 'de-DE')
    ('1.234,5', 'x')
    """
    if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
        try:
            return format_decimal(value, locale)
        except ValueError:
            return str(value)
    return str(value)


def render(message: Message, params: Mapping[str, object], locale: str) -> str:
    """Render ``message`` with ``params`` in ``locale``; raise on a missing or bad parameter.

    >>> items = compile_value({'one': '{count} item', 'other': '{count} items'})
    >>> render(items, {'count': 1}, 'en'), render(items, {'count': 1000}, 'en')
    ('1 item', '1,000 items')
    >>> render(compile_value('Hi {name}'), {}, 'en')
    Traceback (most recent call last):
    KeyError: 'name'
    """
    if isinstance(message, str):
        return message
    return message.render(params, locale)
