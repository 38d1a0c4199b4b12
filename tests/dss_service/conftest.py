"""Fixtures: the service under gunicorn with a Celery worker and the vendor stub, per module."""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.dss_service.harness import (
    Api,
    Child,
    celery_worker,
    flask_cli,
    gunicorn,
    migrated_database,
    vendor_stub,
    wait_healthy,
)
from tests.tms.harness import SECRET, TOKEN, free_port


@dataclass
class Service:
    url: str
    env: dict[str, str]
    admin: Api
    editor: Api
    viewer: Api
    stub_url: str
    children: list[Child]


def service_env(directory: Path, port: int, stub_url: str) -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DSS_", "TMS_STUB_")) and key not in {"VAR_DIR", "DATABASE_URL"}
    }
    env.update(
        {
            "VAR_DIR": str(directory),
            "DATABASE_URL": migrated_database(directory),
            "DSS_PUBLIC_URL": f"http://127.0.0.1:{port}",
            "DSS_TMS_URL": stub_url,
            "DSS_TMS_TOKEN": TOKEN,
            "DSS_TMS_CALLBACK_SECRET": SECRET,
            "DSS_TMS_POLL_SECONDS": "1",
        }
    )
    return env


def new_token(env: dict[str, str], name: str, role: str) -> str:
    result = flask_cli(env, "create-token", name, "--role", role)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


@pytest.fixture(scope="module")
def dss(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Service]:
    """gunicorn ``dss_service:create_app()`` + a Celery worker + the stub, on a migrated DB."""
    directory = tmp_path_factory.mktemp("dss")
    stub_port, port = free_port(), free_port()
    stub_url = f"http://127.0.0.1:{stub_port}"
    stub = vendor_stub(directory / "stub", stub_port, directory / "stub.log")
    env = service_env(directory, port, stub_url)
    web = gunicorn(env, port, directory / "gunicorn.log")
    worker = celery_worker(env, directory / "celery.log")
    children = [stub, web, worker]
    try:
        for child in children:
            child.start()
        url = f"http://127.0.0.1:{port}"
        wait_healthy(stub_url, stub)
        wait_healthy(url, web)
        admin = Api(url, new_token(env, "test-admin", "admin"))
        editor = Api(url, new_token(env, "test-editor", "editor"))
        viewer = Api(url, new_token(env, "test-viewer", "viewer"))
        yield Service(url, env, admin, editor, viewer, stub_url, children)
    finally:
        for child in children:
            child.stop()
