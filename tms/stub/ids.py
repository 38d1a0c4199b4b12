"""Identifiers and timestamps for the stub's records."""

from __future__ import annotations

import secrets
from datetime import UTC, datetime


def new_id(prefix: str) -> str:
    """A short random identifier such as ``job_3f9a0c1d2e4b``."""
    return f"{prefix}_{secrets.token_hex(6)}"


def utcnow() -> datetime:
    """Naive UTC now: SQLite keeps no time zone, so every stored timestamp is naive UTC."""
    return datetime.now(UTC).replace(tzinfo=None)


def iso(moment: datetime | None) -> str | None:
    """ISO 8601 with a ``Z``, as the API writes timestamps."""
    return None if moment is None else moment.isoformat(timespec="milliseconds") + "Z"
