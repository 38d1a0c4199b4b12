"""Check response bodies against GitHub's OpenAPI description (``@octokit/openapi``)."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any, Protocol

import pytest
from jsonschema import Draft7Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT7

SPEC_URI = "urn:github-openapi"
FETCH_HINT = "run `make corpora` (scripts/fetch_github_openapi.sh)"

# Sandbox routes that GitHub documents under another path of the same operation family.
ROUTE_ALIASES = {
    ("GET", "/repos/{}/{}/contents/"): "/repos/{}/{}/contents/{}",
    ("GET", "/repos/{}/{}/git/refs/{}"): "/repos/{}/{}/git/ref/{}",
    ("GET", "/repos/{}/{}/git/refs"): "/repos/{}/{}/git/matching-refs/{}",
}

# Where the description contradicts GitHub itself, validate against the component it meant:
# GET /app/installations inlines `account` as allOf [Simple User, Enterprise], which no real
# account satisfies; GET /app/installations/{id} uses `installation`, whose account is anyOf.
SCHEMA_OVERRIDES: dict[tuple[str, str, int], dict[str, Any]] = {
    ("GET", "/app/installations", 200): {
        "type": "array",
        "items": {"$ref": f"{SPEC_URI}#/components/schemas/installation"},
    },
}


class Captured(Protocol):
    method: str
    route: str
    path: str
    status: int
    body: Any


def shape(template: str) -> str:
    """
    >>> shape("/repos/{owner}/{repo}/pulls/{pull_number}")
    '/repos/{}/{}/pulls/{}'
    """
    return re.sub(r"\{[^}]*\}", "{}", template)


def _nullable_to_jsonschema(node: Any) -> Any:
    """OpenAPI 3.0's ``nullable: true`` becomes a JSON Schema that also accepts ``null``."""
    if isinstance(node, list):
        return [_nullable_to_jsonschema(item) for item in node]
    if not isinstance(node, dict):
        return node
    converted = {key: _nullable_to_jsonschema(value) for key, value in node.items()}
    if converted.pop("nullable", False):
        if "enum" in converted:
            converted["enum"] = [*converted["enum"], None]
        if isinstance(converted.get("type"), str):
            converted["type"] = [converted["type"], "null"]
        else:
            return {"anyOf": [converted, {"type": "null"}]}
    return converted


class OpenApiChecker:
    def __init__(self, spec: dict[str, Any]) -> None:
        self._spec = _nullable_to_jsonschema(spec)
        self._registry: Registry[Any] = Registry().with_resource(
            SPEC_URI, Resource.from_contents(self._spec, default_specification=DRAFT7)
        )
        self._paths = {shape(path): path for path in self._spec["paths"]}
        self._validators: dict[str, Draft7Validator] = {}

    def operation_path(self, method: str, route: str) -> str | None:
        key = shape(route)
        key = ROUTE_ALIASES.get((method, key), key)
        return self._paths.get(key)

    def _validator(self, pointer: str) -> Draft7Validator:
        if pointer not in self._validators:
            schema = {"$ref": f"{SPEC_URI}#{pointer}"}
            if pointer.startswith("override:"):
                method, path, status = pointer.removeprefix("override:").split(" ")
                schema = SCHEMA_OVERRIDES[(method, path, int(status))]
            self._validators[pointer] = Draft7Validator(schema, registry=self._registry)
        return self._validators[pointer]

    def schema_pointer(self, method: str, route: str, status: int) -> str | None:
        """The JSON pointer of the documented response schema, or ``None``."""
        path = self.operation_path(method, route)
        if path is None:
            return None
        if (method, path, status) in SCHEMA_OVERRIDES:
            return f"override:{method} {path} {status}"
        operation = self._spec["paths"][path].get(method.lower())
        if operation is None:
            return None
        response = operation["responses"].get(str(status))
        if response is None:
            return None
        escaped = path.replace("~", "~0").replace("/", "~1")
        pointer = f"/paths/{escaped}/{method.lower()}/responses/{status}"
        if "$ref" in response:
            pointer = response["$ref"].removeprefix("#")
            response = self._resolve(pointer)
        if "application/json" not in response.get("content", {}):
            return None
        return f"{pointer}/content/application~1json/schema"

    def _resolve(self, pointer: str) -> Any:
        node: Any = self._spec
        for part in pointer.strip("/").split("/"):
            node = node[part.replace("~1", "/").replace("~0", "~")]
        return node

    def problems(self, item: Captured) -> list[str]:
        where = f"{item.method} {item.path} -> {item.status}"
        if item.route == "unmatched" and item.status in (404, 405):  # no route, or no method
            return self._errors("/components/schemas/basic-error", item, where)
        if self.operation_path(item.method, item.route) is None:
            return [f"{where}: no operation {item.method} {item.route} in the description"]
        pointer = self.schema_pointer(item.method, item.route, item.status)
        if pointer is None:
            if item.status < 400:
                return [f"{where}: status {item.status} is not documented for this operation"]
            # Undocumented errors (injected faults, rate limits) must still be GitHub errors.
            pointer = "/components/schemas/basic-error"
        return self._errors(pointer, item, where)

    def _errors(self, pointer: str, item: Captured, where: str) -> list[str]:
        errors = sorted(self._validator(pointer).iter_errors(item.body), key=lambda e: e.path)
        return [f"{where}: {'/'.join(map(str, e.absolute_path))}: {_short(e)}" for e in errors[:5]]

    def check_all(self, captured: Iterable[Captured]) -> list[str]:
        return [problem for item in captured for problem in self.problems(item)]


def load_checker(path: Path) -> OpenApiChecker:
    """The checker for the description at ``path``; fails the test when the fetch left none."""
    if not path.exists():
        pytest.fail(f"{path} is missing: {FETCH_HINT}", pytrace=False)
    return OpenApiChecker(json.loads(path.read_text()))


def _short(error: Any) -> str:
    """The error, with the offending instance elided and nested causes named."""
    reason = error.message if len(error.message) < 160 else f"{error.validator} failed"
    causes = sorted(
        {f"{'/'.join(map(str, c.absolute_path))}: {c.message[:120]}" for c in (error.context or [])}
    )
    return reason + (f" ({'; '.join(causes[:8])})" if causes else "")
