"""``GET /api/v1/namespaces/{ns}/bundles/{locale}``: built bundles with ETags, 304s and deltas."""

from __future__ import annotations

from functools import lru_cache

from flask import Blueprint, current_app, request
from flask.typing import ResponseReturnValue
from sqlalchemy.orm import Session

from dss_service import bundle_store, bundles
from dss_service.bundle_store import BundleHead
from dss_service.errors import BadRequest, InvalidInput, NotFound
from dss_service.export import FORMATS, export_bundle
from dss_service.validation import locale_code
from dss_service.web import bearer_actor, service, transaction

RETRY_AFTER_SECONDS = 2
BODY_CACHE_SIZE = 256


def bundles_blueprint() -> Blueprint:
    blueprint = Blueprint("dss_bundles", __name__, url_prefix="/api/v1")
    blueprint.add_url_rule("/namespaces/<ns>/bundles/<locale>", view_func=_bundle)
    return blueprint


def _bundle(ns: str, locale: str) -> ResponseReturnValue:
    with transaction() as session:
        bearer_actor(session)
        approved_only, export_format, since = _query()
        code = _canonical_locale(locale)
        found = bundle_store.head(session, ns, code, approved_only)
        if found is None:
            raise NotFound(f"no namespace named {ns!r}")
        if code not in found.locales:
            raise BadRequest(
                f"namespace {ns} has no bundle for {code}; its locales: {', '.join(found.locales)}"
            )
        if found.bundle_id is None or found.version is None:
            return _building()
        tag = bundles.etag(ns, code, found.version, approved_only=approved_only)
        if export_format != "json":
            tag = f'{tag[:-1]}.{export_format}"'
        headers = {"ETag": tag, "Cache-Control": _cache_control()}
        matches = _etags(request.headers.get("If-None-Match"))
        if tag in matches or "*" in matches or since == found.version:
            return current_app.response_class(status=304, headers=headers)
        if export_format != "json":
            return _export(session, found, ns, code, export_format, headers)
        if since is not None and found.history_floor <= since < found.version:
            body = _delta(session, found, ns, code, since)
        else:
            body = _full_body(session, found, ns, code)
    return current_app.response_class(body, mimetype="application/json", headers=headers)


def _query() -> tuple[bool, str, int | None]:
    status = request.args.get("status")
    if status not in (None, "approved"):
        raise BadRequest("status may only be 'approved' (leave it out for translated+approved)")
    export_format = request.args.get("format", "json")
    if export_format not in FORMATS:
        raise BadRequest(f"format must be one of {', '.join(FORMATS)}")
    raw = request.args.get("since")
    since = None
    if raw is not None:
        if not raw.isdigit() or len(raw) > 12:
            raise BadRequest(
                f"since must be a bundle version (a non-negative integer), got {raw!r}"
            )
        since = int(raw)
        if export_format != "json":
            raise BadRequest("since (deltas) works with format=json only")
    return status == "approved", export_format, since


@lru_cache(maxsize=1024)
def _known_locale(locale: str) -> str:
    return locale_code(locale)


def _canonical_locale(locale: str) -> str:
    try:
        return _known_locale(locale)
    except InvalidInput as error:  # a bad locale is a bad request here
        raise BadRequest(error.detail) from None


def _building() -> ResponseReturnValue:
    response = current_app.response_class(
        '{"status":"building"}', status=202, mimetype="application/json"
    )
    response.headers["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response.headers["Cache-Control"] = "no-store"
    return response


def _cache_control() -> str:
    settings = service().settings
    return (
        f"public, max-age={settings.bundle_max_age},"
        f" stale-while-revalidate={settings.bundle_stale_seconds}"
    )


def _etags(header: str | None) -> list[str]:
    if not header:
        return []
    if header.strip() == "*":
        return ["*"]
    return [part.strip().removeprefix("W/") for part in header.split(",")]


def _full_body(session: Session, found: BundleHead, ns: str, locale: str) -> bytes:
    """The full body, cached per process by (bundle, version): built bundles never change."""
    assert found.bundle_id is not None and found.version is not None
    state = service()
    key = (found.bundle_id, found.version, "json")
    with state.lock:
        cached = state.body_cache.get(key)
    if cached is not None:
        return cached
    strings = bundle_store.strings_of(session, found.bundle_id)
    body = bundles.full_body(ns, locale, found.version, strings)
    with state.lock:
        if len(state.body_cache) >= BODY_CACHE_SIZE:
            state.body_cache.clear()
        state.body_cache[key] = body
    return body


def _delta(session: Session, found: BundleHead, ns: str, locale: str, since: int) -> bytes:
    assert found.bundle_id is not None and found.version is not None
    chain = bundles.chain_for(locale, found.source_locale)
    changes = bundle_store.changes_between(session, found.namespace_id, since, found.version)
    changed = bundles.relevant_keys(changes, chain)
    strings = bundles.decode_strings(bundle_store.strings_of(session, found.bundle_id))
    return bundles.delta_body(ns, locale, since, found.version, strings, changed)


def _export(
    session: Session,
    found: BundleHead,
    ns: str,
    locale: str,
    export_format: str,
    headers: dict[str, str],
) -> ResponseReturnValue:
    assert found.bundle_id is not None
    strings = bundles.decode_strings(bundle_store.strings_of(session, found.bundle_id))
    exported = export_bundle(export_format, ns, locale, strings)
    headers = {**headers, "Content-Disposition": f'attachment; filename="{exported.filename}"'}
    if exported.skipped:
        headers["X-DSS-Skipped-Keys"] = ",".join(exported.skipped)
    return current_app.response_class(
        exported.data, content_type=exported.content_type, headers=headers
    )
