"""The stub's settings, read once from ``TMS_STUB_*`` environment variables into a frozen object."""

from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from pathlib import Path

from appkit.settings import Environ, SettingsError, env_float, env_int, env_str, var_dir

TURNAROUNDS = ("instant", "delay", "manual")


@dataclass(frozen=True)
class FaultSettings:
    """Faults injected on demand: rates are probabilities between 0 and 1."""

    error_rate: float = 0.0
    rate_limit_rate: float = 0.0
    retry_after_seconds: int = 1
    slow_rate: float = 0.0
    slow_seconds: float = 0.0
    drop_callback_rate: float = 0.0
    careless_rate: float = 0.0
    seed: int = 0

    @classmethod
    def from_env(cls, env: Environ) -> FaultSettings:
        faults = cls(
            error_rate=env_float(env, "TMS_STUB_FAULT_ERROR_RATE", 0.0),
            rate_limit_rate=env_float(env, "TMS_STUB_FAULT_RATE_LIMIT_RATE", 0.0),
            retry_after_seconds=env_int(env, "TMS_STUB_FAULT_RETRY_AFTER", 1, minimum=0),
            slow_rate=env_float(env, "TMS_STUB_FAULT_SLOW_RATE", 0.0),
            slow_seconds=env_float(env, "TMS_STUB_FAULT_SLOW_SECONDS", 0.0),
            drop_callback_rate=env_float(env, "TMS_STUB_FAULT_DROP_CALLBACK_RATE", 0.0),
            careless_rate=env_float(env, "TMS_STUB_FAULT_CARELESS_RATE", 0.0),
            seed=env_int(env, "TMS_STUB_FAULT_SEED", 0),
        )
        faults.validate()
        return faults

    def validate(self) -> None:
        for name in (
            "error_rate",
            "rate_limit_rate",
            "slow_rate",
            "drop_callback_rate",
            "careless_rate",
        ):
            value = getattr(self, name)
            if not 0.0 <= value <= 1.0:
                raise SettingsError(f"fault {name} must be between 0 and 1, got {value}")
        if self.slow_seconds < 0:
            raise SettingsError(f"fault slow_seconds must not be negative, got {self.slow_seconds}")


@dataclass(frozen=True)
class Settings:
    data_dir: Path
    database_url: str
    tokens: tuple[str, ...]
    callback_secret: str
    callback_timeout_seconds: float
    callback_max_attempts: int
    callback_backoff_seconds: float
    callback_backoff_max_seconds: float
    tick_seconds: float
    default_turnaround: str
    default_seconds_per_string: float
    faults: FaultSettings = field(default_factory=FaultSettings)

    @classmethod
    def from_env(cls, environ: Environ | None = None) -> Settings:
        env = os.environ if environ is None else environ
        data_dir = Path(env_str(env, "TMS_STUB_DATA", str(var_dir(env) / "tms_stub"))).resolve()
        return cls.for_data_dir(data_dir, env)

    @classmethod
    def for_data_dir(cls, data_dir: Path, environ: Environ | None = None) -> Settings:
        env = os.environ if environ is None else environ
        data_dir = data_dir.resolve()
        default_url = f"sqlite:///{data_dir / 'tms_stub.sqlite3'}"
        turnaround = env_str(env, "TMS_STUB_DEFAULT_TURNAROUND", "instant")
        if turnaround not in TURNAROUNDS:
            raise SettingsError(f"TMS_STUB_DEFAULT_TURNAROUND must be one of {TURNAROUNDS}")
        tokens = tuple(t.strip() for t in env_str(env, "TMS_STUB_TOKENS", "dev-token").split(","))
        return cls(
            data_dir=data_dir,
            database_url=env_str(env, "TMS_STUB_DATABASE_URL", default_url),
            tokens=tuple(t for t in tokens if t),
            callback_secret=env_str(env, "TMS_STUB_CALLBACK_SECRET", "dev-callback-secret"),
            callback_timeout_seconds=env_float(env, "TMS_STUB_CALLBACK_TIMEOUT", 5.0),
            callback_max_attempts=env_int(env, "TMS_STUB_CALLBACK_MAX_ATTEMPTS", 8, minimum=1),
            callback_backoff_seconds=env_float(env, "TMS_STUB_CALLBACK_BACKOFF", 1.0),
            callback_backoff_max_seconds=env_float(env, "TMS_STUB_CALLBACK_BACKOFF_MAX", 60.0),
            tick_seconds=env_float(env, "TMS_STUB_TICK_SECONDS", 0.2),
            default_turnaround=turnaround,
            default_seconds_per_string=env_float(env, "TMS_STUB_DEFAULT_SECONDS_PER_STRING", 1.0),
            faults=FaultSettings.from_env(env),
        )

    def with_faults(self, faults: FaultSettings) -> Settings:
        faults.validate()
        return replace(self, faults=faults)
