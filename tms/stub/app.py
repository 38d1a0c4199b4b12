"""The stub's Flask app factory: it only assembles the runtime, the API and the health check."""

from __future__ import annotations

from flask import Flask

from appkit.database import database_reachable
from appkit.health import health_blueprint
from tms.stub.api import register_api
from tms.stub.openapi import openapi_blueprint
from tms.stub.runtime import StubRuntime
from tms.stub.settings import Settings


def create_app(settings: Settings | None = None, *, start_worker: bool = False) -> Flask:
    """Build the app; ``start_worker`` also starts the thread that advances jobs and calls back."""
    settings = settings or Settings.from_env()
    runtime = StubRuntime.open(settings)
    app = Flask(__name__)
    app.json.sort_keys = False  # type: ignore[attr-defined]
    app.extensions["tms_stub"] = runtime
    app.register_blueprint(health_blueprint("tms_stub", lambda: database_reachable(runtime.engine)))
    app.register_blueprint(openapi_blueprint())
    register_api(app)
    if start_worker:
        runtime.start_worker()
    return app
