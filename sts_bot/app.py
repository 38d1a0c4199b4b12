"""The GitHub App's Flask app factory: it only assembles blueprints around one settings object."""

from __future__ import annotations

from flask import Flask

from appkit.database import database_reachable, make_engine
from appkit.errors import register_json_errors
from appkit.health import health_blueprint
from sts_bot.settings import Settings


def create_app(settings: Settings | None = None) -> Flask:
    settings = settings or Settings.from_env()
    app = Flask(__name__)
    app.extensions["sts_settings"] = settings
    engine = make_engine(settings.database_url)
    app.extensions["sts_engine"] = engine
    register_json_errors(app)
    app.register_blueprint(health_blueprint("sts_bot", lambda: database_reachable(engine)))
    return app
