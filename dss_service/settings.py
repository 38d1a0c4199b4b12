"""The dynamic strings service's settings, read once from the environment into a frozen object."""

from __future__ import annotations

import os
from dataclasses import dataclass

from appkit.settings import (
    Environ,
    default_broker_url,
    default_database_url,
    default_result_backend,
    env_str,
)


@dataclass(frozen=True)
class Settings:
    database_url: str
    broker_url: str
    result_backend: str
    tms_url: str
    tms_token: str
    source_locale: str

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
        )
