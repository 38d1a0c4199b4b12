"""The OpenAPI 3.1 description of ``/api/v1`` (served at ``/api/v1/openapi.json``)."""

from __future__ import annotations

from functools import cache
from typing import Any

from babel import localedata

from dss_service.errors import InvalidInput
from dss_service.strings import LIST_STATES
from dss_service.validation import (
    LOCALE_PATTERN_DOC,
    MAX_KEY_LENGTH,
    MAX_TEXT_LENGTH,
    PLURAL_CATEGORIES,
    locale_code,
)

_REF = "#/components/schemas/"
_PROBLEM = {"application/problem+json": {"schema": {"$ref": _REF + "Problem"}}}


def _json(schema: dict[str, Any]) -> dict[str, Any]:
    return {"application/json": {"schema": schema}}


def _ref(name: str) -> dict[str, Any]:
    return {"$ref": _REF + name}


def _problems(*statuses: int) -> dict[str, Any]:
    return {str(s): {"description": "problem details", "content": _PROBLEM} for s in statuses}


def _ok(status: int, schema: dict[str, Any] | None, description: str = "OK") -> dict[str, Any]:
    answer: dict[str, Any] = {"description": description}
    if schema is not None:
        answer["content"] = _json(schema)
    return {str(status): answer}


_NS = {
    "name": "ns",
    "in": "path",
    "required": True,
    "schema": {"type": "string", "pattern": "^[a-z0-9][a-z0-9_.-]{0,63}$"},
}
_KEY = {
    "name": "key",
    "in": "path",
    "required": True,
    "schema": {
        "type": "string",
        "pattern": "^[A-Za-z0-9_][A-Za-z0-9_.:-]*$",
        "maxLength": MAX_KEY_LENGTH,
    },
}
_LOCALE_REF = {"$ref": "#/components/schemas/Locale"}
_LOCALE = {
    "name": "locale",
    "in": "path",
    "required": True,
    "description": LOCALE_PATTERN_DOC,
    "schema": _LOCALE_REF,
}
_IF_MATCH = {
    "name": "If-Match",
    "in": "header",
    "required": False,
    "schema": {"type": "string"},
    "description": 'the string\'s ETag, e.g. "3", or *',
}

_TEXT = {"type": "string", "minLength": 1, "maxLength": MAX_TEXT_LENGTH, "pattern": "^[^\\x00]*$"}
_TAG = {"type": "string", "pattern": "^[A-Za-z0-9_][A-Za-z0-9_.:-]{0,49}$"}
_PLURAL = {
    "type": "object",
    "properties": {c: _TEXT for c in PLURAL_CATEGORIES},
    "required": ["other"],
    "additionalProperties": False,
}

SCHEMAS: dict[str, Any] = {
    "Problem": {
        "type": "object",
        "properties": {
            "type": {"type": "string"},
            "title": {"type": "string"},
            "status": {"type": "integer"},
            "detail": {"type": "string"},
            "fields": {"type": "array", "items": {"type": "string"}},
        },
        "required": ["type", "title", "status", "detail"],
    },
    "NamespaceInput": {
        "type": "object",
        "properties": {
            "target_locales": {"type": "array", "items": _LOCALE_REF},
            "source_edit_policy": {"enum": ["keep", "stale", "clear"]},
            "source_locale": _LOCALE_REF,
        },
        "required": ["target_locales"],
        "additionalProperties": False,
    },
    "Namespace": {
        "type": "object",
        "properties": {
            "name": {"type": "string"},
            "source_locale": {"type": "string"},
            "target_locales": {"type": "array", "items": {"type": "string"}},
            "source_edit_policy": {"enum": ["keep", "stale", "clear"]},
            "version": {"type": "integer"},
            "created_at": {"type": ["string", "null"]},
            "updated_at": {"type": ["string", "null"]},
        },
        "required": ["name", "source_locale", "target_locales", "source_edit_policy", "version"],
    },
    "StringInput": {
        "type": "object",
        "properties": {
            "text": _TEXT,
            "plural": _PLURAL,
            "description": {"type": ["string", "null"], "maxLength": MAX_TEXT_LENGTH},
            "max_length": {"type": ["integer", "null"], "minimum": 1, "maximum": MAX_TEXT_LENGTH},
            "tags": {"type": "array", "items": _TAG, "maxItems": 20},
        },
        "oneOf": [{"required": ["text"]}, {"required": ["plural"]}],
        "additionalProperties": False,
    },
    "Translation": {
        "type": "object",
        "properties": {
            "locale": {"type": "string"},
            "state": {
                "enum": ["requested", "in_translation", "translated", "approved", "rejected"]
            },
            "stale": {"type": "boolean"},
            "source_version": {"type": "integer"},
            "text": {"type": ["string", "null"]},
            "plural": {"type": "object", "additionalProperties": {"type": "string"}},
            "problems": {"type": "array", "items": {"type": "object"}},
            "updated_by": {"type": "string"},
            "updated_at": {"type": ["string", "null"]},
        },
        "required": ["locale", "state", "stale", "source_version", "problems"],
    },
    "String": {
        "type": "object",
        "properties": {
            "key": {"type": "string"},
            "text": {"type": ["string", "null"]},
            "plural": {"type": "object", "additionalProperties": {"type": "string"}},
            "description": {"type": "string"},
            "max_length": {"type": ["integer", "null"]},
            "tags": {"type": "array", "items": {"type": "string"}},
            "version": {"type": "integer"},
            "created_by": {"type": "string"},
            "created_at": {"type": ["string", "null"]},
            "updated_by": {"type": "string"},
            "updated_at": {"type": ["string", "null"]},
            "deleted_at": {"type": ["string", "null"]},
            "translations": {"type": "object", "additionalProperties": _ref("Translation")},
        },
        "required": ["key", "description", "tags", "version"],
    },
    "StringPage": {
        "type": "object",
        "properties": {
            "items": {"type": "array", "items": _ref("String")},
            "next_cursor": {"type": ["string", "null"]},
        },
        "required": ["items", "next_cursor"],
    },
    "BulkInput": {
        "type": "object",
        "properties": {
            "strings": {"type": "object", "additionalProperties": _ref("StringInput")},
            "dry_run": {"type": "boolean"},
            "purge": {"type": "boolean"},
        },
        "required": ["strings"],
        "additionalProperties": False,
    },
    "BulkReport": {
        "type": "object",
        "properties": {
            "dry_run": {"type": "boolean"},
            **{
                name: {"type": "array", "items": {"type": "string"}}
                for name in ("created", "updated", "unchanged", "deleted")
            },
        },
        "required": ["dry_run", "created", "updated", "unchanged", "deleted"],
    },
    "TranslationRequestInput": {
        "type": "object",
        "properties": {
            "keys": {"type": "array", "items": _KEY["schema"], "minItems": 1},
            "locales": {"type": "array", "items": _LOCALE_REF},
        },
        "additionalProperties": False,
    },
    "TranslationRequest": {
        "type": "object",
        "properties": {
            "id": {"type": "integer"},
            "state": {"enum": ["pending", "submitted", "completed", "failed"]},
            "keys": {"type": ["array", "null"], "items": {"type": "string"}},
            "locales": {"type": "object"},
            "vendor_job_id": {"type": ["string", "null"]},
            "error": {"type": ["string", "null"]},
        },
        "required": ["id", "state", "locales"],
    },
    "Bundle": {
        "type": "object",
        "properties": {
            "namespace": {"type": "string"},
            "locale": {"type": "string"},
            "version": {"type": "integer"},
            "delta": {"type": "boolean"},
            "since": {"type": "integer"},
            "strings": {
                "type": "object",
                "additionalProperties": {
                    "oneOf": [
                        {"type": "string"},
                        {"type": "object", "additionalProperties": {"type": "string"}},
                    ]
                },
            },
            "deleted": {"type": "array", "items": {"type": "string"}},
        },
        "required": ["namespace", "locale", "version", "delta", "strings", "deleted"],
    },
    "Building": {
        "type": "object",
        "properties": {"status": {"const": "building"}},
        "required": ["status"],
    },
}


def _paths() -> dict[str, Any]:
    auth = _problems(401)
    return {
        "/namespaces": {
            "get": {
                "operationId": "listNamespaces",
                "responses": {
                    **_ok(
                        200,
                        {
                            "type": "object",
                            "properties": {"items": {"type": "array", "items": _ref("Namespace")}},
                        },
                    ),
                    **auth,
                },
            }
        },
        "/namespaces/{ns}": {
            "parameters": [_NS],
            "get": {
                "operationId": "getNamespace",
                "responses": {**_ok(200, _ref("Namespace")), **auth, **_problems(404)},
            },
            "put": {
                "operationId": "putNamespace",
                "requestBody": {"required": True, "content": _json(_ref("NamespaceInput"))},
                "responses": {
                    **_ok(200, _ref("Namespace")),
                    **_ok(201, _ref("Namespace"), "created"),
                    **auth,
                    **_problems(400, 403, 413, 422),
                },
            },
        },
        "/namespaces/{ns}/progress": {
            "parameters": [_NS],
            "get": {
                "operationId": "getProgress",
                "responses": {**_ok(200, {"type": "object"}), **auth, **_problems(404)},
            },
        },
        "/namespaces/{ns}/strings": {
            "parameters": [_NS],
            "get": {
                "operationId": "listStrings",
                "parameters": [
                    {"name": name, "in": "query", "required": False, "schema": schema}
                    for name, schema in (
                        ("tag", _TAG),
                        ("locale", _LOCALE_REF),
                        ("state", {"enum": list(LIST_STATES)}),
                        ("q", {"type": "string"}),
                        ("cursor", {"type": "string", "pattern": "^[A-Za-z0-9_-]+$"}),
                        ("deleted", {"enum": ["true", "false"]}),
                    )
                ]
                + [
                    {
                        "name": "limit",
                        "in": "query",
                        "required": False,
                        "schema": {"type": "integer", "minimum": 1, "maximum": 500},
                    }
                ],
                "responses": {**_ok(200, _ref("StringPage")), **auth, **_problems(400, 404)},
            },
            "post": {
                "operationId": "bulkUpsertStrings",
                "description": "Create or update many strings; dry_run reports only; purge"
                " moves live strings missing from the body to the trash.",
                "requestBody": {"required": True, "content": _json(_ref("BulkInput"))},
                "responses": {
                    **_ok(200, _ref("BulkReport")),
                    **auth,
                    **_problems(400, 403, 404, 413, 422),
                },
            },
        },
        "/namespaces/{ns}/strings/{key}": {
            "parameters": [_NS, _KEY],
            "get": {
                "operationId": "getString",
                "responses": {
                    **_ok(200, _ref("String")),
                    "304": {"description": "not modified"},
                    **auth,
                    **_problems(404, 422),
                },
            },
            "put": {
                "operationId": "putString",
                "parameters": [_IF_MATCH],
                "requestBody": {"required": True, "content": _json(_ref("StringInput"))},
                "responses": {
                    **_ok(200, _ref("String")),
                    **_ok(201, _ref("String"), "created"),
                    **auth,
                    **_problems(400, 403, 404, 412, 413, 422),
                },
            },
            "delete": {
                "operationId": "deleteString",
                "parameters": [_IF_MATCH],
                "responses": {
                    "204": {"description": "moved to the trash"},
                    **auth,
                    **_problems(403, 404, 412),
                },
            },
        },
        "/namespaces/{ns}/strings/{key}/restore": {
            "parameters": [_NS, _KEY],
            "post": {
                "operationId": "restoreString",
                "responses": {
                    **_ok(200, _ref("String")),
                    **auth,
                    **_problems(403, 404, 409),
                },
            },
        },
        "/namespaces/{ns}/strings/{key}/history": {
            "parameters": [_NS, _KEY],
            "get": {
                "operationId": "stringHistory",
                "responses": {**_ok(200, {"type": "object"}), **auth, **_problems(404)},
            },
        },
        "/namespaces/{ns}/strings/{key}/translations/{locale}": {
            "parameters": [_NS, _KEY, _LOCALE],
            "put": {
                "operationId": "putTranslation",
                "requestBody": {
                    "required": True,
                    "content": _json(
                        {
                            "type": "object",
                            "properties": {"text": _TEXT, "plural": _PLURAL},
                            "additionalProperties": False,
                        }
                    ),
                },
                "responses": {
                    **_ok(200, _ref("Translation")),
                    **auth,
                    **_problems(400, 403, 404, 413, 422),
                },
            },
        },
        **{
            f"/namespaces/{{ns}}/strings/{{key}}/translations/{{locale}}/{verb}": {
                "parameters": [_NS, _KEY, _LOCALE],
                "post": {
                    "operationId": f"{verb}Translation",
                    **(
                        {
                            "requestBody": {
                                "required": True,
                                "content": _json(
                                    {
                                        "type": "object",
                                        "properties": {"reason": {"type": "string"}},
                                        "required": ["reason"],
                                        "additionalProperties": False,
                                    }
                                ),
                            }
                        }
                        if verb == "reject"
                        else {}
                    ),
                    "responses": {
                        **_ok(200, _ref("Translation")),
                        **auth,
                        **_problems(400, 403, 404, 409, 422),
                    },
                },
            }
            for verb in ("approve", "reject")
        },
        "/namespaces/{ns}/translation-requests": {
            "parameters": [_NS],
            "get": {
                "operationId": "listTranslationRequests",
                "responses": {**_ok(200, {"type": "object"}), **auth, **_problems(404)},
            },
            "post": {
                "operationId": "createTranslationRequest",
                "requestBody": {
                    "required": True,
                    "content": _json(_ref("TranslationRequestInput")),
                },
                "responses": {
                    **_ok(202, _ref("TranslationRequest"), "accepted"),
                    **auth,
                    **_problems(400, 403, 404, 413, 422),
                },
            },
        },
        "/namespaces/{ns}/translation-requests/{id}": {
            "parameters": [
                _NS,
                {"name": "id", "in": "path", "required": True, "schema": {"type": "integer"}},
            ],
            "get": {
                "operationId": "getTranslationRequest",
                "responses": {**_ok(200, _ref("TranslationRequest")), **auth, **_problems(404)},
            },
        },
        "/namespaces/{ns}/bundles/{locale}": {
            "parameters": [_NS, _LOCALE],
            "get": {
                "operationId": "getBundle",
                "parameters": [
                    {
                        "name": "since",
                        "in": "query",
                        "required": False,
                        "schema": {"type": "integer", "minimum": 0},
                    },
                    {
                        "name": "status",
                        "in": "query",
                        "required": False,
                        "schema": {"enum": ["approved"]},
                    },
                    {
                        "name": "format",
                        "in": "query",
                        "required": False,
                        "schema": {"enum": ["json", "android", "ios-strings", "po", "arb"]},
                    },
                ],
                "responses": {
                    "200": {
                        "description": "the bundle (JSON), or the exported file",
                        "content": {
                            "application/json": {"schema": _ref("Bundle")},
                            "application/xml": {"schema": {"type": "string"}},
                            "text/plain": {"schema": {"type": "string"}},
                            "text/x-gettext-translation": {"schema": {"type": "string"}},
                        },
                    },
                    "202": {
                        "description": "the first build of the bundle is running",
                        "content": _json(_ref("Building")),
                    },
                    "304": {"description": "not modified"},
                    **auth,
                    **_problems(400, 404),
                },
            },
        },
    }


def openapi_document(server_url: str) -> dict[str, Any]:
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Dynamic strings service",
            "version": "1",
            "description": "Strings that change without a deploy: namespaces, strings,"
            " translations, review, and per-locale bundles with ETags and deltas.",
        },
        "servers": [{"url": server_url.rstrip("/") + "/api/v1"}],
        "security": [{"bearer": []}],
        "paths": _with_common_problems(_paths()),
        "components": {
            "schemas": {**SCHEMAS, "Locale": {"enum": known_locales()}},
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
        },
    }


def _with_common_problems(paths: dict[str, Any]) -> dict[str, Any]:
    """Every operation may answer 400/422 (bad path or query values), 401 and 404; those
    with a body also 413."""
    for item in paths.values():
        for method, operation in item.items():
            if method == "parameters":
                continue
            statuses = [400, 401, 404, 422] + ([413] if "requestBody" in operation else [])
            for status, answer in _problems(*statuses).items():
                operation["responses"].setdefault(status, answer)
    return paths


@cache
def known_locales() -> list[str]:
    """Every locale code the service accepts: CLDR's locales as BCP 47 tags."""
    codes = []
    for identifier in localedata.locale_identifiers():
        tag = identifier.replace("_", "-")
        try:
            if locale_code(tag) == tag:
                codes.append(tag)
        except InvalidInput:
            continue
    return sorted(codes)
