"""The vendor through ``tms.client``: the client from settings, the project, source strings."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from catalog import qa
from dss_service.models import DynamicString, Namespace
from dss_service.settings import Settings
from tms.client import (
    SourceString,
    TMSClient,
    TMSNotFound,
    TMSRejected,
    TranslationVendor,
)


def make_vendor(settings: Settings) -> TMSClient:
    return TMSClient(settings.tms_url, settings.tms_token, timeout=10, max_retries=4)


def ensure_project(
    vendor: TMSClient, project_id: str, source_locale: str, locales: Sequence[str]
) -> None:
    """Create the vendor project when missing (not retried; "already exists" is fine) and
    enable ``locales`` in it."""
    try:
        project = vendor.get_project(project_id)
    except TMSNotFound:
        try:
            vendor.create_project(project_id, source_locale, list(locales), project_id=project_id)
        except TMSRejected as error:
            if "already exists" not in error.message:
                raise
        project = vendor.get_project(project_id)
    missing = [code for code in locales if code not in project.target_locales]
    if missing:
        vendor.update_project(project_id, {"targetLocales": [*project.target_locales, *missing]})


def source_string(namespace: Namespace, string: DynamicString) -> SourceString:
    """A string as the vendor receives it, with its placeholders declared."""
    texts: Iterable[str] = (
        [string.text] if string.text is not None else (string.plural or {}).values()
    )
    # Simple placeholders only: an ICU plural/select message is translated inside, not kept.
    placeholders = sorted(
        {p.text for text in texts for p in qa.extract_placeholders(text) if "," not in p.text}
    )
    return SourceString(
        key=string.key,
        text=string.text,
        plural=dict(string.plural) if string.plural is not None else None,
        context=", ".join(string.tags),
        comment=string.description,
        file=f"{namespace.name}.json",
        max_length=string.max_length,
        placeholders=tuple(placeholders),
    )


__all__ = ["TranslationVendor", "ensure_project", "make_vendor", "source_string"]
