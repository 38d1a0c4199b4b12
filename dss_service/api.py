"""The REST API under ``/api/v1``: namespaces, strings, review, translation requests, history."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, request
from flask.typing import ResponseReturnValue
from sqlalchemy.orm import Session

from dss_service import (
    audit,
    bulk,
    namespaces,
    review,
    strings,
    translation_requests,
    validation,
)
from dss_service.auth import Actor
from dss_service.errors import InvalidInput
from dss_service.openapi import openapi_document
from dss_service.representations import (
    audit_json,
    namespace_json,
    string_json,
    translation_json,
)
from dss_service.web import bearer_actor, json_body, json_response, service, transaction

BULK_FIELDS = {"strings", "dry_run", "purge"}
REQUEST_FIELDS = {"keys", "locales"}


def api_blueprint() -> Blueprint:
    blueprint = Blueprint("dss_api", __name__, url_prefix="/api/v1")
    blueprint.add_url_rule("/openapi.json", view_func=_openapi)
    blueprint.add_url_rule("/namespaces", view_func=_list_namespaces)
    blueprint.add_url_rule("/namespaces/<ns>", view_func=_get_namespace)
    blueprint.add_url_rule("/namespaces/<ns>", view_func=_put_namespace, methods=["PUT"])
    blueprint.add_url_rule("/namespaces/<ns>/progress", view_func=_progress)
    blueprint.add_url_rule("/namespaces/<ns>/strings", view_func=_list_strings)
    blueprint.add_url_rule("/namespaces/<ns>/strings", view_func=_bulk, methods=["POST"])
    blueprint.add_url_rule("/namespaces/<ns>/strings/<key>", view_func=_get_string)
    blueprint.add_url_rule("/namespaces/<ns>/strings/<key>", view_func=_put_string, methods=["PUT"])
    blueprint.add_url_rule(
        "/namespaces/<ns>/strings/<key>", view_func=_delete_string, methods=["DELETE"]
    )
    blueprint.add_url_rule(
        "/namespaces/<ns>/strings/<key>/restore", view_func=_restore, methods=["POST"]
    )
    blueprint.add_url_rule("/namespaces/<ns>/strings/<key>/history", view_func=_history)
    blueprint.add_url_rule(
        "/namespaces/<ns>/strings/<key>/translations/<locale>",
        view_func=_put_translation,
        methods=["PUT"],
    )
    blueprint.add_url_rule(
        "/namespaces/<ns>/strings/<key>/translations/<locale>/approve",
        view_func=_approve,
        methods=["POST"],
    )
    blueprint.add_url_rule(
        "/namespaces/<ns>/strings/<key>/translations/<locale>/reject",
        view_func=_reject,
        methods=["POST"],
    )
    blueprint.add_url_rule("/namespaces/<ns>/translation-requests", view_func=_list_requests)
    blueprint.add_url_rule(
        "/namespaces/<ns>/translation-requests", view_func=_create_request, methods=["POST"]
    )
    blueprint.add_url_rule(
        "/namespaces/<ns>/translation-requests/<int:request_id>", view_func=_get_request
    )
    return blueprint


def _openapi() -> ResponseReturnValue:
    return json_response(openapi_document(service().settings.public_url))


def _list_namespaces() -> ResponseReturnValue:
    with transaction() as session:
        bearer_actor(session)
        items = [namespace_json(n) for n in namespaces.list_namespaces(session)]
        return json_response({"items": items})


def _get_namespace(ns: str) -> ResponseReturnValue:
    with transaction() as session:
        bearer_actor(session)
        return json_response(namespace_json(namespaces.get_namespace(session, ns)))


def _put_namespace(ns: str) -> ResponseReturnValue:
    with transaction() as session:
        actor = bearer_actor(session)
        body = json_body()
        data = namespaces.parse_namespace_body(body)
        namespace, created = namespaces.put_namespace(
            session, actor, ns, data, service().settings.source_locale
        )
        session.flush()
        return json_response(namespace_json(namespace), 201 if created else 200)


def _progress(ns: str) -> ResponseReturnValue:
    with transaction() as session:
        bearer_actor(session)
        namespace = namespaces.get_namespace(session, ns)
        return json_response({"namespace": ns, "locales": review.progress(session, namespace)})


def _list_strings(ns: str) -> ResponseReturnValue:
    with transaction() as session:
        bearer_actor(session)
        namespace = namespaces.get_namespace(session, ns)
        filters = strings.parse_filter(request.args, namespace)
        limit = strings.parse_limit(request.args.get("limit"))
        items, next_cursor = strings.list_strings(
            session, namespace, filters, cursor=request.args.get("cursor") or None, limit=limit
        )
        return json_response({"items": [string_json(s) for s in items], "next_cursor": next_cursor})


def _bulk(ns: str) -> ResponseReturnValue:
    with transaction() as session:
        actor = bearer_actor(session)
        return _bulk_as(session, actor, ns)


def _bulk_as(session: Session, actor: Actor, ns: str) -> ResponseReturnValue:
    body = json_body()
    validation.only_fields(body, BULK_FIELDS, "bulk upsert")
    raw = body.get("strings")
    if not isinstance(raw, dict):
        raise InvalidInput("strings must be an object of key to string")
    dry_run, purge = _flag(body, "dry_run"), _flag(body, "purge")
    items = {}
    for key, value in raw.items():
        validation.string_key(key)
        if not isinstance(value, dict):
            raise InvalidInput(f"strings.{key} must be an object")
        items[key] = strings.parse_string_body(value, f"strings.{key}")
    namespace = namespaces.lock_namespace(session, ns)
    report = bulk.bulk_upsert(
        session,
        actor,
        namespace,
        items,
        dry_run=dry_run,
        purge=purge,
        vendor_project=service().settings.tms_project,
    )
    if dry_run:
        session.rollback()
    return json_response({"dry_run": dry_run, **report.as_json()})


def _flag(body: dict[str, Any], name: str) -> bool:
    value = body.get(name, False)
    if not isinstance(value, bool):
        raise InvalidInput(f"{name} must be true or false")
    return value


def _get_string(ns: str, key: str) -> ResponseReturnValue:
    with transaction() as session:
        bearer_actor(session)
        namespace = namespaces.get_namespace(session, ns)
        string = strings.get_string(session, namespace, key)
        etag = strings.string_etag(string)
        if etag in _etags(request.headers.get("If-None-Match")):
            return "", 304, {"ETag": etag}
        return json_response(string_json(string), headers={"ETag": etag})


def _etags(header: str | None) -> list[str]:
    if not header:
        return []
    return [part.strip().removeprefix("W/") for part in header.split(",")]


def _put_string(ns: str, key: str) -> ResponseReturnValue:
    with transaction() as session:
        actor = bearer_actor(session)
        validation.string_key(key)
        data = strings.parse_string_body(json_body())
        namespace = namespaces.lock_namespace(session, ns)
        if_match = strings.parse_if_match(request.headers.get("If-Match"))
        string, created = strings.put_string(
            session,
            actor,
            namespace,
            key,
            data,
            if_match=if_match,
            vendor_project=service().settings.tms_project,
        )
        session.flush()
        session.refresh(string)
        headers = {"ETag": strings.string_etag(string)}
        return json_response(string_json(string), 201 if created else 200, headers)


def _delete_string(ns: str, key: str) -> ResponseReturnValue:
    with transaction() as session:
        actor = bearer_actor(session)
        validation.string_key(key)
        namespace = namespaces.lock_namespace(session, ns)
        if_match = strings.parse_if_match(request.headers.get("If-Match"))
        strings.delete_string(session, actor, namespace, key, if_match=if_match)
        return "", 204


def _restore(ns: str, key: str) -> ResponseReturnValue:
    with transaction() as session:
        actor = bearer_actor(session)
        namespace = namespaces.lock_namespace(session, ns)
        string = strings.restore_string(session, actor, namespace, key)
        session.flush()
        session.refresh(string)
        return json_response(string_json(string), headers={"ETag": strings.string_etag(string)})


def _history(ns: str, key: str) -> ResponseReturnValue:
    with transaction() as session:
        bearer_actor(session)
        namespace = namespaces.get_namespace(session, ns)
        entries = audit.history(session, namespace.id, key)
        return json_response({"items": [audit_json(entry) for entry in entries]})


def _put_translation(ns: str, key: str, locale: str) -> ResponseReturnValue:
    with transaction() as session:
        actor = bearer_actor(session)
        body = json_body()
        validation.only_fields(body, {"text", "plural"}, "translation")
        if (body.get("text") is None) == (body.get("plural") is None):
            raise InvalidInput("a translation needs exactly one of text or plural")
        value = body["text"] if body.get("text") is not None else body["plural"]
        if not isinstance(value, str | dict):
            raise InvalidInput("text must be a string and plural an object")
        namespace = namespaces.lock_namespace(session, ns)
        row = review.set_translation(session, actor, namespace, key, locale, value)
        return json_response(translation_json(row))


def _approve(ns: str, key: str, locale: str) -> ResponseReturnValue:
    with transaction() as session:
        actor = bearer_actor(session)
        namespace = namespaces.lock_namespace(session, ns)
        row = review.approve(session, actor, namespace, key, locale)
        return json_response(translation_json(row))


def _reject(ns: str, key: str, locale: str) -> ResponseReturnValue:
    with transaction() as session:
        actor = bearer_actor(session)
        body = json_body()
        validation.only_fields(body, {"reason"}, "rejection")
        reason = body.get("reason")
        if not isinstance(reason, str):
            raise InvalidInput("reason must be a string")
        namespace = namespaces.lock_namespace(session, ns)
        row = review.reject(session, actor, namespace, key, locale, reason)
        return json_response(translation_json(row))


def _list_requests(ns: str) -> ResponseReturnValue:
    with transaction() as session:
        bearer_actor(session)
        namespace = namespaces.get_namespace(session, ns)
        items = [
            translation_requests.describe(session, r)
            for r in translation_requests.list_requests(session, namespace)
        ]
        return json_response({"items": items})


def _create_request(ns: str) -> ResponseReturnValue:
    with transaction() as session:
        actor = bearer_actor(session)
        body = json_body()
        validation.only_fields(body, REQUEST_FIELDS, "translation request")
        keys = body.get("keys")
        if keys is not None and (
            not isinstance(keys, list) or not keys or not all(isinstance(k, str) for k in keys)
        ):
            raise InvalidInput("keys must be a non-empty list of string keys, or omitted for all")
        locales = body.get("locales")
        wanted = None if locales is None else validation.locale_list(locales)
        namespace = namespaces.lock_namespace(session, ns)
        created = translation_requests.create_request(
            session, actor, namespace, keys, wanted, service().settings.tms_project
        )
        session.flush()
        session.refresh(created)
        location = f"/api/v1/namespaces/{ns}/translation-requests/{created.id}"
        return json_response(
            translation_requests.describe(session, created), 202, {"Location": location}
        )


def _get_request(ns: str, request_id: int) -> ResponseReturnValue:
    with transaction() as session:
        bearer_actor(session)
        namespace = namespaces.get_namespace(session, ns)
        found = translation_requests.get_request(session, namespace, request_id)
        return json_response(translation_requests.describe(session, found))
