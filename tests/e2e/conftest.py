"""The platform as real processes: sandbox GitHub, vendor stub, the bot's web and worker."""

from __future__ import annotations

import itertools
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import redis
import requests

from devstack import Stack
from devstack.scenario import Person, Scenario
from devstack.stack import TMS_TOKEN
from tests.conftest import fresh_platform_database

_names = itertools.count(1)


@pytest.fixture(scope="session")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    env = {
        "STS_POLL_SECONDS": "1",
        "STS_JOB_TIME_BUDGET_SECONDS": "60",
        "TMS_STUB_DEFAULT_TURNAROUND": "instant",
        "TMS_STUB_TICK_SECONDS": "0.1",
        "TMS_STUB_CALLBACK_BACKOFF": "0.2",
        "TMS_STUB_CALLBACK_BACKOFF_MAX": "1",
    }
    database, broker = os.environ.get("DATABASE_URL"), os.environ.get("BROKER_URL", "")
    if database:  # PostgreSQL in CI's second pass: a database of this session's own
        fresh_platform_database(database)
    if broker.startswith("redis"):  # no task of an earlier run may reach this worker
        redis.Redis.from_url(broker).flushdb()
    stack = Stack.on_free_ports(tmp_path_factory.mktemp("e2e"), env)
    try:
        stack.start_bot()
        yield stack
    finally:
        stack.stop()


@pytest.fixture(scope="session")
def scenario(stack: Stack) -> Scenario:
    world = Scenario(stack, "acme")
    world.install("all")
    return world


def unique(prefix: str) -> str:
    return f"{prefix}{next(_names)}"


@pytest.fixture
def developer(scenario: Scenario) -> Person:
    return scenario.person(unique("dev"))


class Vendor:
    """The vendor stub's operator side, for scripting faults and finishing manual jobs."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.http = requests.Session()
        self.http.headers["Authorization"] = f"Bearer {TMS_TOKEN}"

    def call(self, method: str, path: str, **kwargs: Any) -> Any:
        answer = self.http.request(method, f"{self.url}/api/v1{path}", timeout=30, **kwargs)
        assert answer.status_code < 400, f"{method} {path}: {answer.status_code} {answer.text}"
        return answer.json() if answer.content else None

    def create_project(self, project_id: str, locales: list[str], turnaround: str) -> None:
        self.call(
            "POST",
            "/projects",
            json={
                "projectId": project_id,
                "name": project_id,
                "sourceLocale": "en-US",
                "targetLocales": locales,
                "turnaround": {"mode": turnaround, "secondsPerString": 0},
                "questionRules": [],
            },
        )

    def jobs(self, project_id: str) -> list[dict[str, Any]]:
        return list(self.call("GET", f"/projects/{project_id}/jobs")["items"])

    def complete(self, project_id: str, job_id: str) -> None:
        self.call("POST", f"/operator/projects/{project_id}/jobs/{job_id}/complete")

    def ask(self, project_id: str, job_id: str, text: str, key: str, locale: str) -> None:
        self.call(
            "POST",
            f"/operator/projects/{project_id}/jobs/{job_id}/questions",
            json={"text": text, "key": key, "locale": locale},
        )

    def faults(
        self, settings: dict[str, Any] | None = None, script: list[Any] | None = None
    ) -> None:
        self.call(
            "PUT", "/operator/faults", json={"settings": settings or {}, "script": script or []}
        )


@pytest.fixture
def vendor(stack: Stack) -> Iterator[Vendor]:
    operator = Vendor(stack.url("tms_stub"))
    yield operator
    operator.faults()


def write_file(root: Path, path: str, text: str) -> None:
    target = root / path
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")
