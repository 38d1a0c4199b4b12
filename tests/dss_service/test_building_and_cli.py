"""The first build of a bundle (202 until a Celery worker builds it) and the Flask CLI commands."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select

from dss_service.auth import authenticate_user
from dss_service.bundle_heads import HEAD_MAX_AGE
from dss_service.db import create_engine_for, session_factory
from dss_service.models import ApiToken
from tests.dss_service.harness import (
    Api,
    Child,
    celery_worker,
    flask_cli,
    gunicorn,
    wait_healthy,
    wait_until,
)
from tests.tms.harness import free_port


@pytest.fixture
def web_only(platform_env: dict[str, str], tmp_path: Path) -> Iterator[tuple[Api, dict[str, str]]]:
    """The service under gunicorn with no Celery worker (yet)."""
    env = {**os.environ, **platform_env}
    env.pop("DSS_SECRET_KEY", None)
    port = free_port()
    web = gunicorn(env, port, tmp_path / "gunicorn.log")
    web.start()
    try:
        wait_healthy(f"http://127.0.0.1:{port}", web)
        token = flask_cli(env, "create-token", "builder", "--role", "admin").stdout.strip()
        yield Api(f"http://127.0.0.1:{port}", token), env
    finally:
        web.stop()


@pytest.mark.slow
def test_bundle_answers_202_until_the_worker_builds_it(
    web_only: tuple[Api, dict[str, str]], tmp_path: Path
) -> None:
    api, env = web_only
    api.namespace("fresh", ["es"])
    api.string("fresh", "hello", text="Hello")
    answer = api.get("/namespaces/fresh/bundles/es")
    assert answer.status_code == 202
    assert answer.headers["Retry-After"] == "2"
    assert answer.json() == {"status": "building"}
    worker: Child = celery_worker(env, tmp_path / "celery.log")
    worker.start()
    try:
        built = wait_until(
            lambda: api.get("/namespaces/fresh/bundles/es").status_code == 200, 60, "the build"
        )
        assert built
    finally:
        worker.stop()
    body = api.get("/namespaces/fresh/bundles/es").json()
    assert body["strings"] == {"hello": "Hello"} and body["version"] == 2
    # after the first build, writes patch the bundles in their own transaction
    api.string("fresh", "bye", text="Bye")

    def patched() -> bool:  # the other worker may keep its head HEAD_MAX_AGE
        strings = api.get("/namespaces/fresh/bundles/es").json()["strings"]
        assert strings in ({"hello": "Hello"}, {"bye": "Bye", "hello": "Hello"})
        return "bye" in strings

    assert wait_until(patched, HEAD_MAX_AGE + 5.0, "the patched bundle")


def test_create_user_and_token_commands(platform_env: dict[str, str]) -> None:
    env = {**os.environ, **platform_env}
    made = flask_cli(
        env, "create-user", "ana", "--role", "editor", "--password-stdin", stdin="s3cret-pass\n"
    )
    assert made.returncode == 0, made.stderr
    assert made.stdout == "created user ana with role editor\n"
    again = flask_cli(
        env, "create-user", "ana", "--role", "viewer", "--password-stdin", stdin="x" * 9
    )
    assert again.returncode == 1
    assert "Error: user 'ana' already exists" in again.stderr
    short = flask_cli(
        env, "create-user", "bo", "--role", "viewer", "--password-stdin", stdin="short\n"
    )
    assert short.returncode == 1 and "Error: a password has at least 8 characters" in short.stderr
    bad_role = flask_cli(env, "create-user", "cy", "--role", "owner", "--password-stdin")
    assert (
        bad_role.returncode == 2
        and "'owner' is not one of 'viewer', 'editor', 'admin'" in bad_role.stderr
    )
    prompted = flask_cli(
        env, "create-user", "di", "--role", "admin", stdin="pass-word-1\npass-word-1\n"
    )
    assert prompted.returncode == 0, prompted.stderr

    engine = create_engine_for(env["DATABASE_URL"])
    with session_factory(engine)() as session:
        assert authenticate_user(session, "ana", "s3cret-pass") is not None
        assert authenticate_user(session, "ana", "wrong-pass") is None
        actor = authenticate_user(session, "di", "pass-word-1")
        assert actor is not None and actor.role == "admin"

    token = flask_cli(env, "create-token", "deploy-bot", "--role", "viewer")
    assert token.returncode == 0
    plain = token.stdout.strip()
    assert plain.startswith("dss_") and len(plain) > 40
    with session_factory(engine)() as session:
        stored = session.scalars(select(ApiToken.token_hash)).all()
    engine.dispose()
    assert stored == [hashlib.sha256(plain.encode()).hexdigest()]  # only the hash is kept
