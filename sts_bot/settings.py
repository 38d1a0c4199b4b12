"""The GitHub App's settings, read once from the environment into a frozen object."""

from __future__ import annotations

import os
from dataclasses import dataclass

from appkit.settings import (
    Environ,
    default_broker_url,
    default_database_url,
    default_result_backend,
    env_float,
    env_int,
    env_str,
)


@dataclass(frozen=True)
class Settings:
    database_url: str
    broker_url: str
    result_backend: str
    github_api_url: str
    github_app_id: int
    github_private_key_path: str
    webhook_secret: str
    github_throttle_seconds: float
    tms_url: str
    tms_token: str

    @classmethod
    def from_env(cls, environ: Environ | None = None) -> Settings:
        env = os.environ if environ is None else environ
        return cls(
            database_url=default_database_url(env),
            broker_url=default_broker_url(env),
            result_backend=default_result_backend(env),
            github_api_url=env_str(env, "STS_GITHUB_API_URL", "http://127.0.0.1:8004/api/v3"),
            github_app_id=env_int(env, "STS_GITHUB_APP_ID", 0, minimum=0),
            github_private_key_path=env_str(env, "STS_GITHUB_PRIVATE_KEY_PATH", ""),
            webhook_secret=env_str(env, "STS_WEBHOOK_SECRET", ""),
            github_throttle_seconds=env_float(env, "STS_GITHUB_THROTTLE_SECONDS", 0.25),
            tms_url=env_str(env, "STS_TMS_URL", "http://127.0.0.1:8003"),
            tms_token=env_str(env, "STS_TMS_TOKEN", "dev-token"),
        )
