"""The sandbox's settings, read once from the environment into a frozen object."""

from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from pathlib import Path

from appkit.settings import Environ, env_float, env_int, var_dir
from sandbox.clock import Clock

API_PREFIX = "/api/v3"


@dataclass(frozen=True)
class Settings:
    data_dir: Path
    token_ttl_seconds: int = 3600
    rate_limit: int = 5000
    rate_limit_window_seconds: int = 3600
    webhook_timeout_seconds: float = 10.0
    request_log_size: int = 10_000
    # The one clock token expiry and rate-limit windows are computed from (tests advance it).
    clock: Clock = field(default_factory=Clock, compare=False, repr=False)

    @property
    def database_url(self) -> str:
        return f"sqlite:///{self.data_dir / 'sandbox.sqlite3'}"

    @property
    def git_dir(self) -> Path:
        return self.data_dir / "git"

    def with_data_dir(self, data_dir: Path) -> Settings:
        return replace(self, data_dir=data_dir.resolve())

    @classmethod
    def from_env(cls, environ: Environ | None = None) -> Settings:
        env = os.environ if environ is None else environ
        data_dir = env.get("SANDBOX_DATA_DIR") or str(var_dir(env) / "sandbox")
        return cls(
            data_dir=Path(data_dir).resolve(),
            token_ttl_seconds=env_int(env, "SANDBOX_TOKEN_TTL_SECONDS", 3600, minimum=1),
            rate_limit=env_int(env, "SANDBOX_RATE_LIMIT", 5000, minimum=0),
            rate_limit_window_seconds=env_int(
                env, "SANDBOX_RATE_LIMIT_WINDOW_SECONDS", 3600, minimum=1
            ),
            webhook_timeout_seconds=env_float(env, "SANDBOX_WEBHOOK_TIMEOUT_SECONDS", 10.0),
            request_log_size=env_int(env, "SANDBOX_REQUEST_LOG_SIZE", 10_000, minimum=1),
        )
