"""The dynamic strings service's settings, read once from the environment into a frozen object."""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass
from pathlib import Path

from appkit.settings import (
    Environ,
    default_broker_url,
    default_database_url,
    default_result_backend,
    env_int,
    env_str,
    var_dir,
)

MIB = 1024 * 1024


@dataclass(frozen=True)
class Settings:
    database_url: str
    broker_url: str
    result_backend: str
    tms_url: str
    tms_token: str
    source_locale: str
    tms_project: str = "dss"
    public_url: str = "http://127.0.0.1:8002"
    max_body_bytes: int = MIB
    bundle_max_age: int = 30
    bundle_stale_seconds: int = 300
    tms_callback_secret: str = "dev-callback-secret"
    secret_key: str = ""
    poll_seconds: float = 5.0

    @classmethod
    def from_env(cls, environ: Environ | None = None) -> Settings:
        env = os.environ if environ is None else environ
        return cls(
            database_url=default_database_url(env),
            broker_url=default_broker_url(env),
            result_backend=default_result_backend(env),
            tms_url=env_str(env, "DSS_TMS_URL", "http://127.0.0.1:8003"),
            tms_token=env_str(env, "DSS_TMS_TOKEN", "dev-token"),
            source_locale=env_str(env, "DSS_SOURCE_LOCALE", "en-US"),
            tms_project=env_str(env, "DSS_TMS_PROJECT", "dss"),
            public_url=env_str(env, "DSS_PUBLIC_URL", "http://127.0.0.1:8002").rstrip("/"),
            max_body_bytes=env_int(env, "DSS_MAX_BODY_BYTES", MIB, minimum=1024),
            bundle_max_age=env_int(env, "DSS_BUNDLE_MAX_AGE", 30, minimum=0),
            bundle_stale_seconds=env_int(env, "DSS_BUNDLE_STALE_SECONDS", 300, minimum=0),
            tms_callback_secret=env_str(env, "DSS_TMS_CALLBACK_SECRET", "dev-callback-secret"),
            secret_key=env_str(env, "DSS_SECRET_KEY", ""),
            poll_seconds=float(env_int(env, "DSS_TMS_POLL_SECONDS", 5, minimum=1)),
        )


def secret_key_file(environ: Environ | None = None) -> Path:
    """Where the generated Flask session key is kept when ``DSS_SECRET_KEY`` is not set."""
    env = os.environ if environ is None else environ
    return var_dir(env) / "dss_secret_key"


def load_or_create_secret_key(path: Path) -> str:
    """The key stored at ``path``, created (random, mode 0600) on first use."""
    try:
        return path.read_text(encoding="ascii").strip()
    except FileNotFoundError:
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}")
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="ascii") as handle:
        handle.write(secrets.token_hex(32))
    try:
        os.link(temporary, path)  # atomic: the first process to link wins, whole file or none
    except FileExistsError:
        pass
    finally:
        temporary.unlink()
    return path.read_text(encoding="ascii").strip()
