"""Fixtures shared by every test package: where the real external servers are, if any."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[1]
SHARED_DIR = REPO_ROOT.parent / "shared"


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """The read-only ``../shared`` folder (corpora, conformance data)."""
    if not SHARED_DIR.is_dir():
        pytest.fail(f"{SHARED_DIR} is missing: the tests read real corpora from ../shared")
    return SHARED_DIR


def postgres_url() -> str | None:
    """A PostgreSQL database the tests may wipe (``TEST_POSTGRES_URL``, set by .ci/run)."""
    return os.environ.get("TEST_POSTGRES_URL") or None


def redis_url() -> str | None:
    """A Redis database the tests may use (``TEST_REDIS_URL``, set by .ci/run)."""
    return os.environ.get("TEST_REDIS_URL") or None


@pytest.fixture
def platform_env(tmp_path: Path) -> dict[str, str]:
    """Environment for an app under test: a migrated, empty platform database.

    By default a fresh SQLite file under ``tmp_path``; when ``DATABASE_URL`` is set (CI's
    second pass, PostgreSQL) that database is wiped and migrated instead. ``BROKER_URL`` is
    passed through, so the same tests run on Redis.
    """
    from alembic import command
    from alembic.config import Config
    from sqlalchemy import text

    from appkit.database import make_engine

    env = {"VAR_DIR": str(tmp_path)}
    url = os.environ.get("DATABASE_URL") or f"sqlite:///{tmp_path / 'platform.sqlite3'}"
    if url.startswith("postgresql"):
        engine = make_engine(url)
        with engine.begin() as connection:
            connection.execute(text("DROP SCHEMA public CASCADE"))
            connection.execute(text("CREATE SCHEMA public"))
        engine.dispose()
    config = Config(str(REPO_ROOT / "alembic.ini"))
    config.attributes["database_url"] = url
    config.attributes["configure_logger"] = False
    command.upgrade(config, "head")
    env["DATABASE_URL"] = url
    for name in ("BROKER_URL", "RESULT_BACKEND"):
        if os.environ.get(name):
            env[name] = os.environ[name]
    return env
