from pathlib import Path

import pytest

from appkit.settings import (
    SettingsError,
    default_broker_url,
    default_database_url,
    default_result_backend,
    env_bool,
    env_int,
)
from dss_service.settings import Settings as DssSettings
from sts_bot.settings import Settings as StsSettings


def test_embedded_defaults_need_no_variable(tmp_path: Path) -> None:
    env = {"VAR_DIR": str(tmp_path)}
    assert default_database_url(env) == f"sqlite:///{tmp_path / 'platform.sqlite3'}"
    assert default_broker_url(env) == f"sqla+sqlite:///{tmp_path / 'celery-broker.sqlite3'}"
    assert default_result_backend(env) == f"db+sqlite:///{tmp_path / 'celery-results.sqlite3'}"


def test_redis_broker_brings_redis_results() -> None:
    env = {"BROKER_URL": "redis://127.0.0.1:6379/3"}
    assert default_result_backend(env) == "redis://127.0.0.1:6379/3"
    assert default_result_backend({**env, "RESULT_BACKEND": "db+sqlite:///x"}) == "db+sqlite:///x"


def test_bad_values_name_the_variable() -> None:
    with pytest.raises(SettingsError, match="STS_GITHUB_APP_ID must be an integer"):
        StsSettings.from_env({"STS_GITHUB_APP_ID": "twelve"})
    with pytest.raises(SettingsError, match="X must be at least 1"):
        env_int({"X": "0"}, "X", 5, minimum=1)
    with pytest.raises(SettingsError, match="FLAG must be true or false"):
        env_bool({"FLAG": "maybe"}, "FLAG", False)


def test_settings_are_frozen_and_read_from_the_given_environment() -> None:
    settings = DssSettings.from_env({"DATABASE_URL": "postgresql+psycopg://db/x"})
    assert settings.database_url == "postgresql+psycopg://db/x"
    with pytest.raises(AttributeError):
        settings.database_url = "sqlite://"  # type: ignore[misc]
