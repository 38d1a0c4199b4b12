"""``GET /api/v1/namespaces/{ns}/bundles/{locale}``: built bundles with ETags, 304s and deltas.

The hot path is the request's head (``bundle_heads``: the token's role, the namespace and
bundle versions; one indexed query, or the same head kept at most ``HEAD_MAX_AGE`` seconds)
and, for a 200, a body with all its headers kept per process for exactly that bundle
version (``bundle_cache``). A 304 reads no body; strings are read from the database only
when the version moved, for a delta, or for the first export of a version.
"""

from __future__ import annotations

from functools import lru_cache

from flask import Blueprint, current_app, request
from flask.typing import ResponseReturnValue

from dss_service import bundle_store, bundles
from dss_service.auth import hash_token
from dss_service.bundle_cache import Answer, AnswerKey, NamespaceFacts
from dss_service.bundle_heads import Head
from dss_service.errors import BadRequest, InvalidInput, NotFound, Unauthorized
from dss_service.export import FORMATS, export_bundle
from dss_service.validation import locale_code
from dss_service.web import ServiceState, bearer_token, service, transaction

RETRY_AFTER_SECONDS = 2


def bundles_blueprint() -> Blueprint:
    blueprint = Blueprint("dss_bundles", __name__, url_prefix="/api/v1")
    blueprint.add_url_rule("/namespaces/<ns>/bundles/<locale>", view_func=_bundle)
    return blueprint


def _bundle(ns: str, locale: str) -> ResponseReturnValue:
    state = service()
    token = bearer_token()
    known = _known_locale_or_none(locale)
    query = _query_or_error()
    approved_only = query[0] if isinstance(query, tuple) else False
    head = state.heads.read(hash_token(token), ns, known or locale, approved_only)
    if head.role is None:
        raise Unauthorized("the API token is unknown or revoked")
    if isinstance(query, BadRequest):
        raise query  # only now: a bad token is told so before a bad query
    approved_only, export_format, since = query
    code = _canonical_locale(locale)
    if head.namespace_id is None or head.namespace_version is None:
        raise NotFound(f"no namespace named {ns!r}")
    facts = _namespace_facts(state, head.namespace_id, head.namespace_version, ns)
    if code not in facts.locales:
        raise BadRequest(
            f"namespace {ns} has no bundle for {code}; its locales: {', '.join(facts.locales)}"
        )
    if head.bundle_id is None or head.bundle_version is None:
        return _building()
    headers = {"Cache-Control": state.cache_control}
    tag = _etag(ns, code, head.bundle_version, approved_only, export_format)
    matches = _etags(request.headers.get("If-None-Match"))
    if tag in matches or "*" in matches or since == head.bundle_version:
        headers["ETag"] = tag
        return current_app.response_class(status=304, headers=headers)
    if since is not None and since < head.bundle_version:
        delta = _delta(head, ns, code, since)
        if delta is not None:
            version, body = delta
            headers["ETag"] = _etag(ns, code, version, approved_only, export_format)
            return current_app.response_class(body, mimetype="application/json", headers=headers)
    key: AnswerKey = (ns, code, approved_only, export_format)
    answer = state.cache.answer(key, head.bundle_version) or _make_answer(state, key, head)
    if answer is None:
        return _building()
    # The body and every header were made once per bundle version: nothing is encoded,
    # measured or wrapped per request (a list of bytes goes to the WSGI server as it is).
    return current_app.response_class(
        [answer.body], headers=answer.headers, direct_passthrough=True
    )


def _query() -> tuple[bool, str, int | None]:
    if not request.query_string:  # the common poll: no MultiDict to build
        return False, "json", None
    args = request.args
    status = args.get("status")
    if status not in (None, "approved"):
        raise BadRequest("status may only be 'approved' (leave it out for translated+approved)")
    export_format = args.get("format", "json")
    if export_format not in FORMATS:
        raise BadRequest(f"format must be one of {', '.join(FORMATS)}")
    if "since" not in args:
        return status == "approved", export_format, None
    raw = args["since"]
    if not raw.isdigit() or len(raw) > 12:
        raise BadRequest(f"since must be a bundle version (a non-negative integer), got {raw!r}")
    if export_format != "json":
        raise BadRequest("since (deltas) works with format=json only")
    return status == "approved", export_format, int(raw)


def _query_or_error() -> tuple[bool, str, int | None] | BadRequest:
    try:
        return _query()
    except BadRequest as error:
        return error


@lru_cache(maxsize=1024)
def _known_locale(locale: str) -> str:
    return locale_code(locale)


def _known_locale_or_none(locale: str) -> str | None:
    try:
        return _known_locale(locale)
    except InvalidInput:
        return None


def _canonical_locale(locale: str) -> str:
    try:
        return _known_locale(locale)
    except InvalidInput as error:  # a bad locale is a bad request here
        raise BadRequest(error.detail) from None


def _etag(ns: str, locale: str, version: int, approved_only: bool, export_format: str) -> str:
    tag = bundles.etag(ns, locale, version, approved_only=approved_only)
    return tag if export_format == "json" else f'{tag[:-1]}.{export_format}"'


def _etags(header: str | None) -> list[str]:
    if not header:
        return []
    if header.strip() == "*":
        return ["*"]
    return [part.strip().removeprefix("W/") for part in header.split(",")]


def _building() -> ResponseReturnValue:
    response = current_app.response_class(
        '{"status":"building"}', status=202, mimetype="application/json"
    )
    response.headers["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response.headers["Cache-Control"] = "no-store"
    return response


def _namespace_facts(
    state: ServiceState, namespace_id: int, version: int, ns: str
) -> NamespaceFacts:
    """The namespace's locales, read again only when its version moved."""
    facts = state.cache.facts(namespace_id, version)
    if facts is not None:
        return facts
    with transaction() as session:
        row = bundle_store.namespace_row(session, namespace_id)
    if row is None:
        raise NotFound(f"no namespace named {ns!r}")
    facts = NamespaceFacts(row.version, row.source_locale, tuple(row.locales))
    state.cache.keep_facts(namespace_id, facts)
    return facts


def _make_answer(state: ServiceState, key: AnswerKey, head: Head) -> Answer | None:
    """Encode the bundle as stored now (its version read with its strings) and keep it."""
    assert head.bundle_id is not None
    ns, locale, approved_only, export_format = key
    with transaction() as session:
        found = bundle_store.built(session, head.bundle_id)
    if found is None:  # rebuilt away between the two reads (its locale left the namespace)
        return None
    version, strings_json = found
    own: list[tuple[str, str]] = []
    if export_format == "json":
        body, content_type = (
            bundles.full_body(ns, locale, version, strings_json),
            "application/json",
        )
    else:
        exported = export_bundle(export_format, ns, locale, bundles.decode_strings(strings_json))
        body, content_type = exported.data, exported.content_type
        own.append(("Content-Disposition", f'attachment; filename="{exported.filename}"'))
        if exported.skipped:
            own.append(("X-DSS-Skipped-Keys", ",".join(exported.skipped)))
    headers = (
        ("Content-Type", content_type),
        ("Content-Length", str(len(body))),
        ("Cache-Control", state.cache_control),
        ("ETag", _etag(ns, locale, version, approved_only, export_format)),
        *own,
    )
    answer = Answer(version, body, content_type, headers)
    state.cache.keep_answer(key, answer)
    return answer


def _delta(head: Head, ns: str, locale: str, since: int) -> tuple[int, bytes] | None:
    """(version, body) of the changes since ``since``; None when the log no longer reaches it."""
    assert head.bundle_id is not None and head.namespace_id is not None
    with transaction() as session:
        namespace = bundle_store.namespace_row(session, head.namespace_id)
        found = bundle_store.built(session, head.bundle_id)
        if namespace is None or found is None:
            return None
        version, strings_json = found
        if not namespace.history_floor <= since < version:
            return None
        changes = bundle_store.changes_between(session, namespace.id, since, version)
    chain = bundles.chain_for(locale, namespace.source_locale)
    changed = bundles.relevant_keys(changes, chain)
    strings = bundles.decode_strings(strings_json)
    return version, bundles.delta_body(ns, locale, since, version, strings, changed)
