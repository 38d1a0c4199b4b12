"""The sandbox GitHub's Flask app factory: it only assembles blueprints around one runtime."""

from __future__ import annotations

from flask import Flask

from appkit.database import database_reachable
from appkit.health import health_blueprint
from sandbox import (
    admin,
    api_app,
    api_checks,
    api_git,
    api_issues,
    api_pulls,
    api_repos,
    git_http,
)
from sandbox.errors import register_api_errors
from sandbox.pipeline import install_pipeline
from sandbox.settings import API_PREFIX, Settings
from sandbox.store import Runtime, close_db


def create_app(settings: Settings | None = None) -> Flask:
    settings = settings or Settings.from_env()
    app = Flask(__name__)
    app.json.sort_keys = False  # type: ignore[attr-defined]
    app.json.compact = True  # type: ignore[attr-defined]
    runtime = Runtime.open(settings)
    app.extensions["sandbox"] = runtime
    register_api_errors(app)
    install_pipeline(app)
    app.teardown_appcontext(close_db)
    app.register_blueprint(health_blueprint("sandbox", lambda: database_reachable(runtime.engine)))
    for module in (api_app, api_repos, api_pulls, api_git, api_issues, api_checks):
        app.register_blueprint(module.blueprint, url_prefix=API_PREFIX)
    app.register_blueprint(admin.blueprint, url_prefix="/_sandbox")
    app.register_blueprint(git_http.blueprint)  # at the root, like github.com
    return app
