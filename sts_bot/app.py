"""The GitHub App's Flask app factory: it only assembles blueprints around one settings object."""

from __future__ import annotations

from flask import Flask

from appkit.database import database_reachable, make_engine, make_session_factory
from appkit.errors import register_json_errors
from appkit.health import health_blueprint
from sts_bot.queue import create_celery
from sts_bot.report_web import report_command, reports_blueprint
from sts_bot.settings import Settings
from sts_bot.store import Store
from sts_bot.webhook import webhook_blueprint

#: GitHub sends payloads up to 25 MB.
MAX_WEBHOOK_BYTES = 26 * 1024 * 1024


def create_app(settings: Settings | None = None) -> Flask:
    settings = settings or Settings.from_env()
    app = Flask(__name__)
    app.config["MAX_CONTENT_LENGTH"] = MAX_WEBHOOK_BYTES
    app.extensions["sts_settings"] = settings
    engine = make_engine(settings.database_url)
    app.extensions["sts_engine"] = engine
    app.extensions["sts_store"] = Store(make_session_factory(engine))
    app.extensions["sts_celery"] = create_celery(settings)
    register_json_errors(app)
    app.register_blueprint(health_blueprint("sts_bot", lambda: database_reachable(engine)))
    app.register_blueprint(webhook_blueprint())
    app.register_blueprint(reports_blueprint())
    app.cli.add_command(report_command)
    return app
