"""Checks of names, keys, locales, texts, plural forms: plain values in, clean values out."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from babel import Locale, UnknownLocaleError

import catalog
from dss_service.errors import InvalidInput, UnknownFields

MAX_KEY_LENGTH = 255
MAX_TEXT_LENGTH = 20_000
MAX_TAGS = 20
PLURAL_CATEGORIES = ("zero", "one", "two", "few", "many", "other")
SOURCE_EDIT_POLICIES = ("keep", "stale", "clear")

_NAMESPACE = re.compile(r"[a-z0-9][a-z0-9_.-]{0,63}")
_KEY = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.:-]*")
_TAG = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.:-]{0,49}")


def namespace_name(value: str) -> str:
    if not _NAMESPACE.fullmatch(value):
        raise InvalidInput(
            f"namespace name {value[:80]!r} must be 1-64 characters of a-z, 0-9, '_', '.', '-'"
            " starting with a letter or digit"
        )
    return value


def string_key(value: str) -> str:
    if len(value) > MAX_KEY_LENGTH:
        raise InvalidInput(
            f"key is {len(value)} characters long; keys are at most {MAX_KEY_LENGTH}"
        )
    if not _KEY.fullmatch(value):
        raise InvalidInput(
            f"key {value[:80]!r} may only hold letters, digits, '_', '.', ':' and '-'"
            " and must not start with '.', ':' or '-'"
        )
    return value


def locale_code(value: Any, what: str = "locale") -> str:
    """A well-formed BCP 47 code of a language Babel knows, in canonical case (``es-MX``)."""
    if not isinstance(value, str):
        raise InvalidInput(f"{what} must be a string")
    try:
        code = catalog.validate_locale(value)
        Locale.parse(code.replace("-", "_"))
    except (ValueError, UnknownLocaleError):
        raise InvalidInput(
            f"unknown {what} {value[:40]!r} (use a BCP 47 code such as 'es-MX')"
        ) from None
    return code


def locale_list(value: Any, what: str = "locales") -> list[str]:
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise InvalidInput(f"{what} must be a list of locale codes")
    codes: list[str] = []
    for item in value:
        code = locale_code(item, f"locale in {what}")
        if code not in codes:
            codes.append(code)
    return codes


def source_edit_policy(value: Any) -> str:
    if value not in SOURCE_EDIT_POLICIES:
        raise InvalidInput(
            f"source_edit_policy must be one of {', '.join(SOURCE_EDIT_POLICIES)}, got {value!r}"
        )
    return str(value)


def text_value(value: Any, what: str = "text") -> str:
    if not isinstance(value, str):
        raise InvalidInput(f"{what} must be a string")
    if not value:
        raise InvalidInput(f"{what} must not be empty")
    if len(value) > MAX_TEXT_LENGTH:
        raise InvalidInput(f"{what} is longer than {MAX_TEXT_LENGTH} characters")
    if "\x00" in value:
        raise InvalidInput(f"{what} must not contain NUL characters")
    return value


def plural_forms(value: Any, what: str = "plural") -> dict[str, str]:
    """CLDR category → text, with ``other`` required, in CLDR order."""
    if not isinstance(value, dict) or not value:
        raise InvalidInput(f"{what} must be an object of CLDR plural categories to texts")
    unknown = [name for name in value if name not in PLURAL_CATEGORIES]
    if unknown:
        raise InvalidInput(
            f"{what} has unknown plural categories: {', '.join(sorted(map(str, unknown)))}"
            f" (use {', '.join(PLURAL_CATEGORIES)})"
        )
    if "other" not in value:
        raise InvalidInput(f"{what} needs the 'other' form")
    return {
        category: text_value(value[category], f"{what}.{category}")
        for category in PLURAL_CATEGORIES
        if category in value
    }


def max_length(value: Any) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= MAX_TEXT_LENGTH:
        raise InvalidInput(f"max_length must be an integer from 1 to {MAX_TEXT_LENGTH} or null")
    return value


def tags(value: Any) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(tag, str) for tag in value):
        raise InvalidInput("tags must be a list of strings")
    if len(value) > MAX_TAGS:
        raise InvalidInput(f"a string has at most {MAX_TAGS} tags")
    for tag in value:
        if not _TAG.fullmatch(tag):
            raise InvalidInput(
                f"tag {tag[:60]!r} must be 1-50 letters, digits, '_', '.', ':' or '-'"
            )
    return sorted(set(value))


def description(value: Any) -> str:
    if value is None:
        return ""
    if not isinstance(value, str) or len(value) > MAX_TEXT_LENGTH:
        raise InvalidInput(f"description must be a string of at most {MAX_TEXT_LENGTH} characters")
    return value


def longest_text(text: str | None, plural: Mapping[str, str] | None) -> int:
    if text is not None:
        return len(text)
    return max((len(form) for form in (plural or {}).values()), default=0)


def only_fields(body: Mapping[str, Any], allowed: set[str], where: str) -> None:
    unknown = [name for name in body if name not in allowed]
    if unknown:
        raise UnknownFields(where, unknown)


LOCALE_PATTERN_DOC = "a BCP 47 locale code of a language CLDR knows, e.g. es-MX"
