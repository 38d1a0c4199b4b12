"""Typed readers for environment variables, used by each app's frozen settings object."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

Environ = Mapping[str, str]

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


class SettingsError(ValueError):
    """An environment variable holds a value the platform cannot use."""


def env_str(environ: Environ, name: str, default: str) -> str:
    return environ.get(name, default)


def env_int(environ: Environ, name: str, default: int, *, minimum: int | None = None) -> int:
    raw = environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise SettingsError(f"{name} must be an integer, got {raw!r}") from None
    if minimum is not None and value < minimum:
        raise SettingsError(f"{name} must be at least {minimum}, got {value}")
    return value


def env_float(environ: Environ, name: str, default: float) -> float:
    raw = environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        return float(raw)
    except ValueError:
        raise SettingsError(f"{name} must be a number, got {raw!r}") from None


def env_bool(environ: Environ, name: str, default: bool) -> bool:
    raw = environ.get(name)
    if raw is None:
        return default
    lowered = raw.strip().lower()
    if lowered in _TRUE:
        return True
    if lowered in _FALSE:
        return False
    raise SettingsError(f"{name} must be true or false, got {raw!r}")


def var_dir(environ: Environ) -> Path:
    """Where the embedded defaults keep their files (``VAR_DIR``, default ``./var``)."""
    return Path(environ.get("VAR_DIR", "var")).resolve()


def default_database_url(environ: Environ) -> str:
    """``DATABASE_URL``, else a SQLite file under ``VAR_DIR``."""
    url = environ.get("DATABASE_URL")
    if url:
        return url
    return f"sqlite:///{var_dir(environ) / 'platform.sqlite3'}"


def default_broker_url(environ: Environ) -> str:
    """``BROKER_URL``, else Celery's SQLAlchemy transport on a SQLite file under ``VAR_DIR``."""
    url = environ.get("BROKER_URL")
    if url:
        return url
    return f"sqla+sqlite:///{var_dir(environ) / 'celery-broker.sqlite3'}"


def default_result_backend(environ: Environ) -> str:
    """``RESULT_BACKEND``; else Redis when the broker is Redis, else a SQLite file."""
    url = environ.get("RESULT_BACKEND")
    if url:
        return url
    broker = default_broker_url(environ)
    if broker.startswith(("redis://", "rediss://")):
        return broker
    return f"db+sqlite:///{var_dir(environ) / 'celery-results.sqlite3'}"
