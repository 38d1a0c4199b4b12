"""The admin UI's pure core: HTML form fields to API-shaped bodies, and values to display."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from dss_service.errors import InvalidInput
from dss_service.validation import PLURAL_CATEGORIES

# Segments of a locale's progress bar, in the order they are drawn.
PROGRESS_PARTS = ("approved", "translated", "in_progress", "rejected", "missing")
_TAG_SEPARATORS = re.compile(r"[\s,]+")


def _clean_text(value: str) -> str:
    """Browsers send a textarea's line breaks as CRLF; the service stores LF."""
    return value.replace("\r\n", "\n").replace("\r", "\n")


def string_body(form: Mapping[str, str]) -> dict[str, Any]:
    """The string form's fields as the body ``strings.parse_string_body`` validates.

    ``kind`` is ``text`` (field ``text``) or ``plural`` (fields ``plural_<category>``; blank
    ones are left out); ``max_length`` is blank for none; ``tags`` are separated by commas or
    spaces.
    """
    body: dict[str, Any] = {"description": _clean_text(form.get("description", ""))}
    if form.get("kind", "text") == "plural":
        forms = {
            category: _clean_text(form.get(f"plural_{category}", ""))
            for category in PLURAL_CATEGORIES
            if form.get(f"plural_{category}", "")
        }
        body["plural"] = forms or {"other": ""}
    else:
        body["text"] = _clean_text(form.get("text", ""))
    raw_limit = form.get("max_length", "").strip()
    if raw_limit and not raw_limit.isdigit():
        raise InvalidInput(f"max length must be a whole number or blank, got {raw_limit[:20]!r}")
    body["max_length"] = int(raw_limit) if raw_limit else None
    body["tags"] = [tag for tag in _TAG_SEPARATORS.split(form.get("tags", "")) if tag]
    return body


def string_form_values(
    text: str | None,
    plural: Mapping[str, str] | None,
    description: str,
    max_length: int | None,
    tags: list[str],
) -> dict[str, str]:
    """A string's fields as the form shows them (the inverse of ``string_body``)."""
    values = {
        "kind": "plural" if plural is not None else "text",
        "text": text or "",
        "description": description,
        "max_length": "" if max_length is None else str(max_length),
        "tags": ", ".join(tags),
    }
    for category in PLURAL_CATEGORIES:
        values[f"plural_{category}"] = (plural or {}).get(category, "")
    return values


def parse_version(raw: str | None) -> int:
    """The version a form was rendered at (its hidden field)."""
    if raw is None or not raw.isdigit():
        raise InvalidInput("the form has no valid version; reload the page and try again")
    return int(raw)


@dataclass(frozen=True)
class Segment:
    part: str
    count: int
    percent: float


def progress_segments(counts: Mapping[str, int]) -> list[Segment]:
    """A locale's counts (``review.progress``) as bar segments whose widths sum to 100%."""
    total = counts.get("total", 0)
    values = {
        "approved": counts.get("approved", 0),
        "translated": counts.get("translated", 0),
        "in_progress": counts.get("requested", 0) + counts.get("in_translation", 0),
        "rejected": counts.get("rejected", 0),
        "missing": counts.get("missing", 0),
    }
    return [
        Segment(part, values[part], round(100 * values[part] / total, 2) if total else 0.0)
        for part in PROGRESS_PARTS
    ]


def display(value: Any) -> str:
    """One audit or translation value as plain text (escaping is the template's job)."""
    if value is None:
        return "—"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, Mapping):
        return "; ".join(f"{name}: {display(item)}" for name, item in value.items())
    if isinstance(value, list):
        return ", ".join(display(item) for item in value) or "(none)"
    return str(value)


@dataclass(frozen=True)
class Change:
    field: str
    old: str
    new: str


def changes(old: Mapping[str, Any] | None, new: Mapping[str, Any] | None) -> list[Change]:
    """The fields of an audit entry that differ between ``old`` and ``new``, as text."""
    before, after = old or {}, new or {}
    names = [*before, *(name for name in after if name not in before)]
    return [
        Change(name, display(before.get(name)) if old else "", display(after.get(name)))
        for name in names
        if before.get(name) != after.get(name) or old is None or new is None
    ]
