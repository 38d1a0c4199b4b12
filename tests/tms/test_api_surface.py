"""The stub's API surface: OpenAPI covers every route, errors have one shape, operator endpoints."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from tests.tms.harness import TOKEN
from tms.stub import create_app
from tms.stub.openapi import openapi_document
from tms.stub.settings import Settings

AUTH = {"Authorization": f"Bearer {TOKEN}"}


@pytest.fixture
def app(stub_settings: Settings) -> Iterator[Flask]:
    app = create_app(stub_settings)
    yield app
    app.extensions["tms_stub"].close()


@pytest.fixture
def http(app: Flask) -> FlaskClient:
    return app.test_client()


def _openapi_path(rule: str) -> str:
    """``/jobs/<job_id>`` as OpenAPI writes it: ``/jobs/{jobId}``."""

    def camel(match: re.Match[str]) -> str:
        head, *rest = match.group(1).split("_")
        return "{" + head + "".join(part.title() for part in rest) + "}"

    return re.sub(r"<(\w+)>", camel, rule)


def test_openapi_describes_every_route_and_method(app: Flask, http: FlaskClient) -> None:
    served = http.get("/openapi.json").get_json()
    assert served["openapi"].startswith("3.")
    paths = served["paths"]
    for rule in app.url_map.iter_rules():
        if rule.endpoint == "static":
            continue
        path = _openapi_path(rule.rule)
        assert path in paths, path
        for method in (rule.methods or set()) - {"HEAD", "OPTIONS"}:
            assert method.lower() in paths[path], f"{method} {path}"
    # Whether the answers match the description: test_openapi_responses.py, on real responses.


def test_openapi_references_resolve() -> None:
    document = openapi_document()
    schemas = document["components"]["schemas"]

    def refs(node: Any) -> Iterator[str]:
        if isinstance(node, dict):
            for key, value in node.items():
                if key == "$ref":
                    yield value
                else:
                    yield from refs(value)
        elif isinstance(node, list):
            for value in node:
                yield from refs(value)

    for ref in refs(document):
        assert ref.removeprefix("#/components/schemas/") in schemas, ref


def test_errors_have_the_vendor_shape(http: FlaskClient) -> None:
    unauthorized = http.get("/api/v1/projects")
    assert unauthorized.status_code == 401
    assert unauthorized.get_json()["error"]["code"] == "unauthorized"
    assert unauthorized.headers["WWW-Authenticate"].startswith("Bearer")
    missing = http.get("/api/v1/projects/nope", headers=AUTH)
    assert missing.status_code == 404 and missing.get_json()["error"]["code"] == "not_found"
    bad = http.post("/api/v1/projects", data="not json", headers=AUTH)
    assert bad.status_code == 422 and "JSON object" in bad.get_json()["error"]["message"]
    wrong_method = http.delete("/api/v1/projects", headers=AUTH)
    assert wrong_method.status_code == 405 and "error" in wrong_method.get_json()


def _job(http: FlaskClient, turnaround: str = "manual") -> tuple[str, str]:
    project = http.post(
        "/api/v1/projects",
        headers=AUTH,
        json={"name": "p", "targetLocales": ["fr"], "turnaround": {"mode": turnaround}},
    ).get_json()
    job = http.post(
        f"/api/v1/projects/{project['projectId']}/jobs",
        headers=AUTH,
        json={"strings": [{"key": "a", "text": "Save"}]},
    ).get_json()
    return project["projectId"], job["jobId"]


def test_operator_completes_fails_and_asks(http: FlaskClient) -> None:
    project, job = _job(http)
    base = f"/api/v1/operator/projects/{project}/jobs/{job}"
    asked = http.post(base + "/questions", headers=AUTH, json={"key": "a", "text": "Verb?"})
    assert asked.status_code == 201 and asked.get_json()["status"] == "open"
    assert (
        http.post(base + "/questions", headers=AUTH, json={"key": "zz", "text": "?"}).status_code
        == 422
    )
    assert http.post(base + "/complete", headers=AUTH).get_json()["state"] == "completed"
    assert http.post(base + "/fail", headers=AUTH, json={}).status_code == 409

    _project, other = _job(http)
    failed = http.post(
        f"/api/v1/operator/projects/{_project}/jobs/{other}/fail",
        headers=AUTH,
        json={"reason": "translator left"},
    ).get_json()
    assert failed["state"] == "failed" and failed["failureReason"] == "translator left"


def test_operator_loads_memory_used_by_later_jobs(http: FlaskClient) -> None:
    project = http.post(
        "/api/v1/projects", headers=AUTH, json={"name": "p", "targetLocales": ["fr"]}
    ).get_json()["projectId"]
    loaded = http.post(
        f"/api/v1/operator/projects/{project}/memory",
        headers=AUTH,
        json={"locale": "fr", "entries": [{"source": "Save", "target": "Enregistrer"}]},
    )
    assert loaded.get_json() == {"imported": 1}
    job = http.post(
        f"/api/v1/projects/{project}/jobs",
        headers=AUTH,
        json={"strings": [{"key": "a", "text": "Save"}]},
    ).get_json()["jobId"]
    page = http.get(
        f"/api/v1/projects/{project}/jobs/{job}/translations?locale=fr", headers=AUTH
    ).get_json()
    assert page["items"][0]["text"] == "Enregistrer" and page["items"][0]["origin"] == "memory"


def test_operator_sets_faults_that_vendor_endpoints_then_meet(http: FlaskClient) -> None:
    configured = http.put(
        "/api/v1/operator/faults",
        headers=AUTH,
        json={"settings": {"error_rate": 0.0}, "script": [{"status": 429, "retryAfter": 3}]},
    )
    assert configured.status_code == 200
    assert configured.get_json()["script"][0]["status"] == 429
    limited = http.get("/api/v1/projects", headers=AUTH)
    assert limited.status_code == 429 and limited.headers["Retry-After"] == "3"
    assert http.get("/api/v1/operator/faults", headers=AUTH).get_json()["script"] == []
    assert http.get("/api/v1/projects", headers=AUTH).status_code == 200
    refused = http.put(
        "/api/v1/operator/faults", headers=AUTH, json={"settings": {"error_rate": 2}}
    )
    assert refused.status_code == 422
    unknown = http.put("/api/v1/operator/faults", headers=AUTH, json={"settings": {"x": 1}})
    assert unknown.status_code == 422


def test_a_bad_cursor_is_refused(http: FlaskClient) -> None:
    project, job = _job(http, "instant")
    response = http.get(
        f"/api/v1/projects/{project}/jobs/{job}/translations?locale=fr&cursor=garbage", headers=AUTH
    )
    assert response.status_code == 422
