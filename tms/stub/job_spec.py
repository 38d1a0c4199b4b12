"""Validate a job-creation body into a ``JobSpec`` (pure: plain data in, plain data out)."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Any

from tms.stub.errors import invalid
from tms.stub.plurals import is_known_locale

#: Smartling-style jobs take whole files; 100,000 strings covers onboarding a large app.
MAX_STRINGS = 100_000


@dataclass(frozen=True)
class StringSpec:
    key: str
    text: str | None
    plural: dict[str, str] | None
    context: str
    comment: str
    file: str
    max_length: int | None
    placeholders: list[str]


@dataclass(frozen=True)
class JobSpec:
    name: str
    strings: list[StringSpec]
    target_locales: list[str] | None
    callback_url: str | None
    idempotency_key: str | None
    digest: str


def parse_job_spec(body: Any, idempotency_header: str | None) -> JobSpec:
    """The job a request asks for; a 422 ``ApiError`` names the first problem found."""
    if not isinstance(body, dict):
        raise invalid("the body must be a JSON object")
    raw_strings = body.get("strings")
    if not isinstance(raw_strings, list) or not 1 <= len(raw_strings) <= MAX_STRINGS:
        raise invalid(f"strings must be a list of 1 to {MAX_STRINGS} strings")
    strings = [_string(index, raw) for index, raw in enumerate(raw_strings)]
    keys = [s.key for s in strings]
    if len(set(keys)) != len(keys):
        raise invalid("string keys must be unique within a job")
    locales = body.get("targetLocales")
    if locales is not None and (
        not isinstance(locales, list)
        or not locales
        or not all(isinstance(x, str) and is_known_locale(x) for x in locales)
    ):
        raise invalid("targetLocales must be a non-empty list of known locales")
    callback = body.get("callbackUrl")
    if callback is not None and (
        not isinstance(callback, str) or not callback.startswith(("http://", "https://"))
    ):
        raise invalid("callbackUrl must be an http(s) URL")
    key = idempotency_header or body.get("idempotencyKey")
    if key is not None and (not isinstance(key, str) or not 1 <= len(key) <= 200):
        raise invalid("the idempotency key must be a text of 1 to 200 characters")
    canonical = {k: v for k, v in body.items() if k != "idempotencyKey"}
    digest = hashlib.sha256(json.dumps(canonical, sort_keys=True).encode("utf-8")).hexdigest()
    return JobSpec(
        str(body.get("name") or "job"),
        strings,
        list(dict.fromkeys(locales)) if locales else None,
        callback,
        key,
        digest,
    )


def _string(index: int, raw: Any) -> StringSpec:
    if not isinstance(raw, dict) or not isinstance(raw.get("key"), str) or not raw["key"]:
        raise invalid(f"strings[{index}] needs a key")
    text, plural = raw.get("text"), raw.get("plural")
    if (text is None) == (plural is None):
        raise invalid(f"strings[{index}] needs either text or plural", key=raw["key"])
    if text is not None and not isinstance(text, str):
        raise invalid(f"strings[{index}].text must be a text", key=raw["key"])
    if plural is not None and (
        not isinstance(plural, dict)
        or "other" not in plural
        or not all(isinstance(v, str) for v in plural.values())
    ):
        raise invalid(
            f"strings[{index}].plural must map categories to texts, with 'other'", key=raw["key"]
        )
    max_length = raw.get("maxLength")
    if max_length is not None and (not isinstance(max_length, int) or max_length < 1):
        raise invalid(f"strings[{index}].maxLength must be a positive integer", key=raw["key"])
    placeholders = raw.get("placeholders", [])
    if not isinstance(placeholders, list) or not all(isinstance(p, str) for p in placeholders):
        raise invalid(f"strings[{index}].placeholders must be a list of texts", key=raw["key"])
    return StringSpec(
        raw["key"],
        text,
        plural,
        str(raw.get("context") or ""),
        str(raw.get("comment") or ""),
        str(raw.get("file") or ""),
        max_length,
        placeholders,
    )
