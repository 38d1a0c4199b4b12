"""Bad input gets a 4xx problem+json with a clear detail, and nothing is half-written."""

from __future__ import annotations

from typing import Any

import pytest
from werkzeug.http import HTTP_STATUS_CODES

from tests.dss_service.conftest import Service

ERRS = "/namespaces/errs"
K = f"{ERRS}/strings/k"


@pytest.fixture(scope="module")
def errs(dss: Service) -> Service:
    dss.admin.namespace("errs", ["es"])
    dss.editor.string("errs", "k", text="Hello {name}")
    return dss


# (method, path, body: dict → JSON, bytes/str → raw, headers, status, detail)
CASES: list[tuple[str, str, Any, dict[str, str], int, str]] = [
    (
        "PUT",
        f"{ERRS}/strings/n",
        '{"text": "x"',
        {},
        400,
        "malformed JSON: Expecting ',' delimiter: line 1 column 13 (char 12)",
    ),
    ("PUT", f"{ERRS}/strings/n", "", {}, 400, "the request needs a JSON body"),
    (
        "PUT",
        f"{ERRS}/strings/n",
        b'{"text": "\xff"}',
        {},
        400,
        "malformed JSON: 'utf-8' codec can't decode byte 0xff in position 10: invalid start byte",
    ),
    ("PUT", f"{ERRS}/strings/n", "[]", {}, 422, "the JSON body must be an object"),
    (
        "PUT",
        f"{ERRS}/strings/n",
        {"text": "x", "size": 1, "colour": "red"},
        {},
        422,
        "unknown field(s) in string: colour, size",
    ),
    (
        "PUT",
        f"{ERRS}/strings/n",
        {"text": "x", "plural": {"other": "y"}},
        {},
        422,
        "string needs exactly one of text or plural",
    ),
    (
        "PUT",
        f"{ERRS}/strings/n",
        {"description": "no text"},
        {},
        422,
        "string needs exactly one of text or plural",
    ),
    (
        "PUT",
        f"{ERRS}/strings/{'k' * 256}",
        {"text": "x"},
        {},
        422,
        "key is 256 characters long; keys are at most 255",
    ),
    (
        "PUT",
        f"{ERRS}/strings/a%20b",
        {"text": "x"},
        {},
        422,
        "key 'a b' may only hold letters, digits, '_', '.', ':' and '-'"
        " and must not start with '.', ':' or '-'",
    ),
    (
        "PUT",
        f"{ERRS}/strings/n",
        {"text": "Hello", "max_length": 3},
        {},
        422,
        "string text is 5 characters long, over its max_length of 3",
    ),
    (
        "PUT",
        f"{ERRS}/strings/n",
        {"text": "x", "max_length": 0},
        {},
        422,
        "max_length must be an integer from 1 to 20000 or null",
    ),
    ("PUT", f"{ERRS}/strings/n", {"text": ""}, {}, 422, "string.text must not be empty"),
    (
        "PUT",
        f"{ERRS}/strings/n",
        {"plural": {"one": "x"}},
        {},
        422,
        "string.plural needs the 'other' form",
    ),
    (
        "PUT",
        f"{ERRS}/strings/n",
        {"plural": {"lots": "x", "other": "y"}},
        {},
        422,
        "string.plural has unknown plural categories: lots (use zero, one, two, few, many, other)",
    ),
    (
        "PUT",
        f"{ERRS}/strings/n",
        {"text": "x", "tags": "promo"},
        {},
        422,
        "tags must be a list of strings",
    ),
    (
        "PUT",
        f"{ERRS}/strings/n",
        {"text": "x"},
        {"If-Match": "*"},
        412,
        "If-Match: * but string 'n' does not exist",
    ),
    (
        "PUT",
        K,
        {"text": "x"},
        {"If-Match": 'W/"1"'},
        412,
        'If-Match needs a strong ETag such as "3"',
    ),
    (
        "PUT",
        K,
        {"text": "x"},
        {"If-Match": "abc"},
        412,
        "If-Match 'abc' is not an ETag of this service",
    ),
    ("PUT", "/namespaces/ghost/strings/n", {"text": "x"}, {}, 404, "no namespace named 'ghost'"),
    (
        "PATCH",
        K,
        {"text": "x"},
        {},
        405,
        "PATCH is not allowed on /api/v1/namespaces/errs/strings/k",
    ),
    ("GET", "/nothing", None, {}, 404, "no such resource: /api/v1/nothing"),
    ("GET", f"{ERRS}/strings/nope", None, {}, 404, "no string 'nope' in namespace errs"),
    ("DELETE", f"{ERRS}/strings/nope", None, {}, 404, "no string 'nope' in namespace errs"),
    ("GET", f"{ERRS}/strings?state=approved", None, {}, 400, "filtering by state needs a locale"),
    (
        "GET",
        f"{ERRS}/strings?locale=es&state=done",
        None,
        {},
        400,
        "state must be one of missing, stale, requested, in_translation, translated,"
        " approved, rejected",
    ),
    (
        "GET",
        f"{ERRS}/strings?locale=fr&state=approved",
        None,
        {},
        400,
        "fr is not a target locale of namespace errs",
    ),
    ("GET", f"{ERRS}/strings?colour=red", None, {}, 400, "unknown query parameter(s): colour"),
    ("GET", f"{ERRS}/strings?limit=0", None, {}, 400, "limit must be an integer from 1 to 500"),
    (
        "GET",
        f"{ERRS}/strings?cursor=!!!",
        None,
        {},
        400,
        "cursor is not one this service gave out",
    ),
    (
        "POST",
        f"{ERRS}/strings",
        {"strings": {}, "force": True},
        {},
        422,
        "unknown field(s) in bulk upsert: force",
    ),
    (
        "POST",
        f"{ERRS}/strings",
        {"strings": {}, "dry_run": "yes"},
        {},
        422,
        "dry_run must be true or false",
    ),
    (
        "POST",
        f"{ERRS}/strings",
        {"strings": []},
        {},
        422,
        "strings must be an object of key to string",
    ),
    (
        "POST",
        f"{ERRS}/strings",
        {"strings": {"a": {"text": "x", "tone": "dry"}}},
        {},
        422,
        "unknown field(s) in strings.a: tone",
    ),
    (
        "PUT",
        "/namespaces/Bad Name",
        {"target_locales": ["es"]},
        {},
        422,
        "namespace name 'Bad Name' must be 1-64 characters of a-z, 0-9, '_', '.', '-'"
        " starting with a letter or digit",
    ),
    (
        "PUT",
        "/namespaces/new",
        {"target_locales": ["xx-QQ"]},
        {},
        422,
        "unknown locale in target_locales 'xx-QQ' (use a BCP 47 code such as 'es-MX')",
    ),
    (
        "PUT",
        "/namespaces/new",
        {"target_locales": ["en-US"]},
        {},
        422,
        "target_locales must not include the source locale en-US",
    ),
    (
        "PUT",
        "/namespaces/new",
        {"target_locales": ["es"], "source_edit_policy": "maybe"},
        {},
        422,
        "source_edit_policy must be one of keep, stale, clear, got 'maybe'",
    ),
    (
        "PUT",
        "/namespaces/new",
        {"locales": ["es"]},
        {},
        422,
        "unknown field(s) in namespace: locales",
    ),
    (
        "PUT",
        ERRS,
        {"target_locales": ["es"], "source_locale": "fr"},
        {},
        422,
        "namespace errs is written in en-US; its source locale cannot change",
    ),
    (
        "POST",
        f"{ERRS}/translation-requests",
        {"keys": ["nope"]},
        {},
        422,
        "no live strings with these keys in errs: nope",
    ),
    (
        "POST",
        f"{ERRS}/translation-requests",
        {"locales": ["fr"]},
        {},
        422,
        "locales not among namespace errs's target locales (es): fr",
    ),
    (
        "POST",
        f"{ERRS}/translation-requests",
        {"keys": []},
        {},
        422,
        "keys must be a non-empty list of string keys, or omitted for all",
    ),
    (
        "POST",
        f"{ERRS}/translation-requests",
        {"keys": ["k"], "when": "now"},
        {},
        422,
        "unknown field(s) in translation request: when",
    ),
    (
        "GET",
        f"{ERRS}/translation-requests/999999",
        None,
        {},
        404,
        "no translation request 999999 in namespace errs",
    ),
    (
        "POST",
        f"{K}/translations/es/approve",
        None,
        {},
        409,
        "string 'k' has no translation into es waiting for review",
    ),
    (
        "POST",
        f"{K}/translations/fr/approve",
        None,
        {},
        404,
        "fr is not a target locale of namespace errs",
    ),
    ("POST", f"{K}/translations/es/reject", {}, {}, 422, "reason must be a string"),
    (
        "POST",
        f"{K}/translations/es/reject",
        {"reason": "  "},
        {},
        422,
        "a rejection needs a reason",
    ),
    (
        "PUT",
        f"{K}/translations/es",
        {"text": "x", "plural": {"other": "y"}},
        {},
        422,
        "a translation needs exactly one of text or plural",
    ),
]


@pytest.mark.parametrize(("method", "path", "body", "headers", "status", "detail"), CASES)
def test_bad_input_is_a_problem(
    errs: Service,
    method: str,
    path: str,
    body: Any,
    headers: dict[str, str],
    status: int,
    detail: str,
) -> None:
    if isinstance(body, dict):
        answer = errs.admin.call(method, path, json=body, headers=headers)
    else:
        answer = errs.admin.call(method, path, data=body, headers=headers)
    assert answer.status_code == status, answer.text
    assert answer.headers["Content-Type"] == "application/problem+json"
    problem = answer.json()
    assert problem["detail"] == detail
    assert problem["status"] == status and problem["type"] == "about:blank"
    assert problem["title"] == HTTP_STATUS_CODES[status]


def test_unknown_fields_are_named_in_the_problem(errs: Service) -> None:
    answer = errs.editor.put(f"{ERRS}/strings/n", json={"text": "x", "colour": "red"})
    assert answer.json()["fields"] == ["colour"]


def test_oversized_body_is_413_and_writes_nothing(errs: Service) -> None:
    big = {"text": "x" * 10, "description": "d" * (1024 * 1024)}
    answer = errs.editor.put(f"{ERRS}/strings/huge", json=big)
    assert answer.status_code == 413
    assert answer.json()["detail"] == "the request body is larger than the limit of 1048576 bytes"
    assert errs.editor.get(f"{ERRS}/strings/huge").status_code == 404


def test_a_rejected_write_leaves_no_trace(errs: Service) -> None:
    before = errs.editor.get(f"{ERRS}/strings/k/history").json()["items"]
    answer = errs.editor.put(K, json={"text": "Too long for it", "max_length": 4})
    assert answer.status_code == 422
    assert errs.editor.get(K).json()["text"] == "Hello {name}"
    assert errs.editor.get(f"{ERRS}/strings/k/history").json()["items"] == before


def test_a_translation_failing_qa_is_stored_rejected_and_never_served(errs: Service) -> None:
    answer = errs.editor.put(f"{K}/translations/es", json={"text": "Hola"})
    assert answer.status_code == 200
    body = answer.json()
    assert body["state"] == "rejected"
    assert body["problems"] == [{"code": "placeholders", "message": "missing placeholders: {name}"}]
    bundle = errs.viewer.bundle("errs", "es").json()
    assert bundle["strings"]["k"] == "Hello {name}"
