from pathlib import Path

import pytest
from flask import Flask

from dss_service import create_app as create_dss_app
from dss_service.settings import Settings as DssSettings
from sts_bot import create_app as create_sts_app
from sts_bot.settings import Settings as StsSettings


def _dispose(app: Flask) -> None:
    for name in ("sts_engine", "dss_engine"):
        if name in app.extensions:
            app.extensions[name].dispose()


@pytest.mark.parametrize(
    ("factory", "settings_cls", "service"),
    [(create_sts_app, StsSettings, "sts_bot"), (create_dss_app, DssSettings, "dss_service")],
)
def test_healthz_reports_version_and_database(
    platform_env: dict[str, str], factory, settings_cls, service: str
) -> None:
    app: Flask = factory(settings_cls.from_env(platform_env))
    response = app.test_client().get("/healthz")
    _dispose(app)
    assert response.status_code == 200
    assert response.json == {
        "service": service,
        "status": "ok",
        "version": "0.1.0",
        "database": "reachable",
    }


def test_healthz_is_503_when_the_database_is_unreachable(tmp_path: Path) -> None:
    # A SQLite path under a regular file cannot be opened.
    blocker = tmp_path / "file"
    blocker.write_text("")
    url = f"sqlite:///{blocker}/sub/x.sqlite3"
    settings = StsSettings.from_env({"VAR_DIR": str(tmp_path), "DATABASE_URL": url})
    with pytest.raises(OSError):
        create_sts_app(settings)
    settings = StsSettings.from_env(
        {"DATABASE_URL": "postgresql+psycopg://nobody@127.0.0.1:1/none?connect_timeout=1"}
    )
    app = create_sts_app(settings)
    response = app.test_client().get("/healthz")
    _dispose(app)
    assert response.status_code == 503
    assert response.json["database"] == "unreachable"


def test_unknown_route_gets_a_json_error(platform_env: dict[str, str]) -> None:
    app = create_dss_app(DssSettings.from_env(platform_env))
    response = app.test_client().get("/nope")
    _dispose(app)
    assert response.status_code == 404
    assert response.json["error"] == "not_found"
