"""The stub's OpenAPI description checked against the responses it really serves over HTTP."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
import requests
from flask import Flask
from jsonschema import Draft7Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT7

from tests.tms.harness import TOKEN, ServerThread
from tms.stub import create_app
from tms.stub.settings import Settings

SPEC_URI = "urn:tms-stub-openapi"


def _openapi_path(rule: str) -> str:
    """``/jobs/<job_id>`` as OpenAPI writes it: ``/jobs/{jobId}``."""

    def camel(match: re.Match[str]) -> str:
        head, *rest = match.group(1).split("_")
        return "{" + head + "".join(part.title() for part in rest) + "}"

    return re.sub(r"<(?:\w+:)?(\w+)>", camel, rule)


@dataclass
class Served:
    """The stub over real HTTP; every JSON answer is recorded with the route that served it."""

    url: str
    app: Flask
    answers: list[tuple[str, str, int, Any]] = field(default_factory=list)

    def call(self, method: str, path: str, **kwargs: Any) -> Any:
        response = requests.request(
            method,
            self.url + path,
            headers={"Authorization": f"Bearer {TOKEN}"},
            timeout=10,
            **kwargs,
        )
        rule, _ = self.app.url_map.bind("127.0.0.1").match(
            path.split("?")[0], method, return_rule=True
        )
        body = response.json() if response.content else None
        self.answers.append((method, _openapi_path(rule.rule), response.status_code, body))
        return body


@pytest.fixture
def served(stub_settings: Settings) -> Iterator[Served]:
    app = create_app(stub_settings)
    server = ServerThread(app)
    yield Served(server.url, app)
    server.stop()
    app.extensions["tms_stub"].close()


def _json_schema(node: Any) -> Any:
    """OpenAPI 3.0's ``nullable: true`` as JSON Schema: the type also admits ``null``."""
    if isinstance(node, list):
        return [_json_schema(item) for item in node]
    if not isinstance(node, dict):
        return node
    converted = {key: _json_schema(value) for key, value in node.items()}
    if converted.pop("nullable", False):
        converted["type"] = [converted["type"], "null"]
    return converted


def _problems(document: dict[str, Any], answers: list[tuple[str, str, int, Any]]) -> list[str]:
    registry: Registry[Any] = Registry().with_resource(
        SPEC_URI, Resource.from_contents(_json_schema(document), default_specification=DRAFT7)
    )
    problems = []
    for method, path, status, body in answers:
        where = f"{method} {path} -> {status}"
        operation = document["paths"].get(path, {}).get(method.lower())
        if operation is None:
            problems.append(f"{where}: not described")
            continue
        response = operation["responses"].get(str(status)) or (
            operation["responses"]["default"] if status >= 400 else None
        )
        if response is None:
            problems.append(f"{where}: status not described")
            continue
        content = response.get("content", {}).get("application/json")
        if content is None:
            if body is not None:
                problems.append(f"{where}: a body where none is described")
            continue
        schema = {"$ref": SPEC_URI + content["schema"]["$ref"]}
        for error in Draft7Validator(schema, registry=registry).iter_errors(body):
            at = "/".join(map(str, error.absolute_path))
            problems.append(f"{where}: {at}: {error.message[:160]}")
    return problems


def test_every_served_answer_matches_the_served_description(served: Served) -> None:
    call = served.call
    project = call(
        "POST",
        "/api/v1/projects",
        json={"name": "p", "targetLocales": ["fr"], "turnaround": {"mode": "manual"}},
    )["projectId"]
    base = f"/api/v1/projects/{project}"
    call("GET", "/api/v1/projects")
    call("GET", base)
    call("PATCH", base, json={"name": "q"})
    term = call("POST", base + "/glossary", json={"term": "Save", "translations": {"fr": "E"}})
    call("GET", base + "/glossary")
    call("DELETE", f"{base}/glossary/{term['termId']}")
    call("PUT", base + "/style-guides/fr", json={"text": "Vouvoiement."})
    call("GET", base + "/style-guides/fr")
    job = call("POST", base + "/jobs", json={"strings": [{"key": "a", "text": "Save {n}"}]})
    jobs = f"{base}/jobs/{job['jobId']}"
    call("GET", base + "/jobs")
    call("GET", jobs)
    operator = f"/api/v1/operator/projects/{project}/jobs/{job['jobId']}"
    question = call("POST", operator + "/questions", json={"key": "a", "text": "Verb?"})
    call("GET", jobs + "/questions")
    call("POST", f"{jobs}/questions/{question['questionId']}/answer", json={"answer": "Yes"})
    call("POST", f"{jobs}/questions/{question['questionId']}/resolve")
    call("POST", operator + "/complete")
    call("GET", jobs + "/translations?locale=fr")
    other = call("POST", base + "/jobs", json={"strings": [{"key": "b", "text": "Open"}]})
    call("POST", f"{base}/jobs/{other['jobId']}/cancel")
    call("POST", f"/api/v1/operator/projects/{project}/memory", json={"fr": {"Open": "Ouvrir"}})
    call("GET", "/api/v1/operator/callbacks")
    call("GET", "/api/v1/operator/faults")
    call("GET", "/api/v1/operator/clock")
    call("POST", "/api/v1/operator/clock", json={"advanceSeconds": 1})
    call("GET", base + "/style-guides/de")  # 404
    call("POST", base + "/jobs", json={"strings": []})  # 422
    document = requests.get(served.url + "/openapi.json", timeout=10).json()
    assert _problems(document, served.answers) == []
    assert len(served.answers) == 27
