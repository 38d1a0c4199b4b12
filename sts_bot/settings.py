"""The GitHub App's settings, read once from the environment into a frozen object."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from appkit.settings import (
    Environ,
    default_broker_url,
    default_database_url,
    default_result_backend,
    env_float,
    env_int,
    env_str,
    var_dir,
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
    tms_project: str
    tms_callback_secret: str
    public_url: str
    git_cache_dir: Path
    max_file_bytes: int
    max_files: int
    max_strings: int
    job_time_budget_seconds: float
    poll_seconds: float
    allow_manual_label: str = "translations: allow-manual"
    report_interval_seconds: float = 86400.0
    #: stored report runs kept (older ones are deleted when a run is stored)
    report_keep_runs: int = 400

    @classmethod
    def from_env(cls, environ: Environ | None = None) -> Settings:
        env = os.environ if environ is None else environ
        cache_dir = env_str(env, "STS_GIT_CACHE_DIR", "") or str(var_dir(env) / "git-cache")
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
            tms_project=env_str(env, "STS_TMS_PROJECT", "sts"),
            tms_callback_secret=env_str(env, "STS_TMS_CALLBACK_SECRET", "dev-callback-secret"),
            public_url=env_str(env, "STS_PUBLIC_URL", "http://127.0.0.1:8001").rstrip("/"),
            git_cache_dir=Path(cache_dir).resolve(),
            max_file_bytes=env_int(env, "STS_MAX_FILE_BYTES", 5 * 1024 * 1024, minimum=1),
            max_files=env_int(env, "STS_MAX_FILES", 2000, minimum=1),
            max_strings=env_int(env, "STS_MAX_STRINGS", 200_000, minimum=1),
            job_time_budget_seconds=env_float(env, "STS_JOB_TIME_BUDGET_SECONDS", 300.0),
            poll_seconds=env_float(env, "STS_POLL_SECONDS", 30.0),
            allow_manual_label=env_str(env, "STS_ALLOW_MANUAL_LABEL", "translations: allow-manual"),
            report_interval_seconds=env_float(env, "STS_REPORT_INTERVAL_SECONDS", 86400.0),
            report_keep_runs=env_int(env, "STS_REPORT_KEEP_RUNS", 400, minimum=30),
        )

    @property
    def callback_url(self) -> str:
        """Where the vendor posts job callbacks."""
        return f"{self.public_url}/tms/callback"
