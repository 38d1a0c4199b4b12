"""The bot's side of the vendor: a plan as one job, translations back as plain values."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor

from catalog.qa import extract_placeholders
from sts_bot.plan import Plan, PlannedString, array_item_key
from sts_bot.settings import Settings
from tms.client import (
    Job,
    SourceString,
    TMSClient,
    TMSNotFound,
    TMSRejected,
    verify_callback_signature,
)

__all__ = [
    "Usage",
    "callback_signature_ok",
    "ensure_project",
    "fetch_translations",
    "idempotency_key",
    "make_client",
    "short_hash",
    "source_strings",
    "submit",
]

#: key -> "path:line: text" lines where the key is used in the code
Usage = Mapping[str, Sequence[str]]


def make_client(settings: Settings) -> TMSClient:
    return TMSClient(settings.tms_url, settings.tms_token, timeout=30.0, max_retries=4)


def callback_signature_ok(settings: Settings, body: bytes, header: str | None) -> bool:
    return verify_callback_signature(settings.tms_callback_secret, body, header)


def short_hash(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def idempotency_key(repo: str, pr_number: int, head_sha: str, command: str) -> str:
    """Same repository, PR, head and command → same vendor job, across retries and workers."""
    digest = hashlib.sha256(f"{repo}#{pr_number}@{head_sha}:{command}".encode()).hexdigest()
    return f"sts-{digest[:48]}"


def source_strings(plan: Plan, usage: Usage) -> list[SourceString]:
    """The plan as the vendor's strings, each with where it is used in the code."""
    strings: list[SourceString] = []
    for key, string in plan.vendor_keys().items():
        used_at = usage.get(string.key, ())
        if string.kind == "array" and isinstance(string.value, dict):
            strings += [
                _source_string(array_item_key(key, index), string, used_at, text)
                for index, text in string.value.items()
            ]
        else:
            strings.append(_source_string(key, string, used_at))
    return strings


def _source_string(
    key: str, string: PlannedString, used_at: Sequence[str], item: str | None = None
) -> SourceString:
    value = string.value if item is None else item
    texts = [value] if isinstance(value, str) else list(value.values())
    placeholders = tuple(
        dict.fromkeys(p.text for text in texts for p in extract_placeholders(text))
    )
    comment = string.comment or ""
    if used_at:
        comment = "\n".join([comment, "Used in:", *used_at]).strip()
    common = {
        "context": string.context or "",
        "comment": comment,
        "file": string.file,
        "max_length": string.max_length,
        "placeholders": placeholders,
    }
    if isinstance(value, str):
        return SourceString(key, text=value, **common)  # type: ignore[arg-type]
    return SourceString(key, plural=dict(value), **common)  # type: ignore[arg-type]


def ensure_project(
    client: TMSClient, project_id: str, source_locale: str, locales: Sequence[str]
) -> None:
    """Make sure the vendor project exists and targets every locale of the job."""
    try:
        project = client.get_project(project_id)
    except TMSNotFound:
        try:
            client.create_project(project_id, source_locale, list(locales), project_id=project_id)
        except TMSRejected:  # created meanwhile by another worker
            project = client.get_project(project_id)
        else:
            return
    missing = [locale for locale in locales if locale not in project.target_locales]
    if missing:
        client.update_project(project_id, {"targetLocales": [*project.target_locales, *missing]})


def submit(
    client: TMSClient,
    project_id: str,
    name: str,
    strings: Sequence[SourceString],
    locales: Sequence[str],
    callback_url: str,
    key: str,
) -> Job:
    return client.create_job(
        project_id,
        strings,
        name=name,
        target_locales=list(locales),
        callback_url=callback_url,
        idempotency_key=key,
    )


#: Locales downloaded at once (each its own connection): a job's locales are independent.
DOWNLOAD_CONCURRENCY = 4


def fetch_translations(
    settings: Settings, project_id: str, job_id: str, locales: Sequence[str]
) -> dict[tuple[str, str], str | dict[str, str]]:
    """(vendor key, locale) -> text or plural forms, for every finished translation.

    Locales download side by side, each through a client of its own.
    """

    def one_locale(locale: str) -> dict[tuple[str, str], str | dict[str, str]]:
        found: dict[tuple[str, str], str | dict[str, str]] = {}
        with make_client(settings) as client:
            for item in client.iter_translations(project_id, job_id, locale, page_size=500):
                if item.plural is not None:
                    found[(item.key, locale)] = dict(item.plural)
                elif item.text is not None:
                    found[(item.key, locale)] = item.text
        return found

    merged: dict[tuple[str, str], str | dict[str, str]] = {}
    with ThreadPoolExecutor(max_workers=DOWNLOAD_CONCURRENCY) as pool:
        for part in pool.map(one_locale, locales):
            merged.update(part)
    return merged
