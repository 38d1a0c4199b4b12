"""The dynamic strings service's Flask app factory: it only assembles blueprints around settings."""

from __future__ import annotations

import os

from flask import Flask
from sqlalchemy import event

from appkit.database import database_reachable
from appkit.errors import register_json_errors
from appkit.health import health_blueprint
from dss_service.admin import init_admin
from dss_service.api import api_blueprint
from dss_service.api_bundles import bundles_blueprint
from dss_service.bundle_heads import FreshHeads, HeadReader
from dss_service.callbacks import callbacks_blueprint
from dss_service.cli import register_commands
from dss_service.db import create_engine_for, session_factory
from dss_service.problems import register_problem_errors
from dss_service.queue import create_celery
from dss_service.settings import Settings, load_or_create_secret_key, secret_key_file
from dss_service.translate import Runtime
from dss_service.vendor import make_vendor
from dss_service.web import ServiceState


def create_app(settings: Settings | None = None) -> Flask:
    settings = settings or Settings.from_env()
    app = Flask(__name__)
    app.config["MAX_CONTENT_LENGTH"] = settings.max_body_bytes
    app.config["SECRET_KEY"] = settings.secret_key or load_or_create_secret_key(
        secret_key_file(os.environ)
    )
    engine = create_engine_for(settings.database_url)
    sessions = session_factory(engine)
    celery = create_celery(settings)

    def send(name: str, args: tuple[object, ...]) -> None:
        celery.send_task(name, args=list(args))

    runtime = Runtime(settings, sessions, lambda: make_vendor(settings), send)
    heads = FreshHeads(HeadReader(engine).read)
    # This process's own writes (an edit, a revocation) are seen by its very next request.
    event.listen(sessions, "after_commit", lambda _session: heads.forget())
    app.extensions["dss_settings"] = settings
    app.extensions["dss_engine"] = engine
    app.extensions["dss_celery"] = celery
    app.extensions["dss"] = ServiceState(settings, sessions, send, runtime, heads)
    register_json_errors(app)
    register_problem_errors(app)
    register_commands(app)
    app.register_blueprint(health_blueprint("dss_service", lambda: database_reachable(engine)))
    app.register_blueprint(api_blueprint())
    app.register_blueprint(bundles_blueprint())
    app.register_blueprint(callbacks_blueprint())
    init_admin(app, settings)
    return app
