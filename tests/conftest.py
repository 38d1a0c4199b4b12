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
