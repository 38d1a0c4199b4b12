"""The admin web UI: a blueprint at ``/admin`` assembled from one module per page family."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Flask, Response, render_template
from werkzeug.exceptions import HTTPException

from dss_service import admin_login, admin_strings, admin_tokens, admin_translations
from dss_service.admin_forms import display
from dss_service.admin_security import (
    AdminSessionInterface,
    check_csrf,
    csrf_token,
    load_actor,
    secure_headers,
)
from dss_service.errors import DssError
from dss_service.settings import Settings

__all__ = ["admin_blueprint", "init_admin"]


def admin_blueprint() -> Blueprint:
    bp = Blueprint(
        "admin",
        __name__,
        url_prefix="/admin",
        template_folder="templates",
        static_folder="static",
        static_url_path="/static",
    )
    bp.before_request(check_csrf)
    bp.before_request(load_actor)
    bp.after_request(secure_headers)
    bp.app_template_global("csrf_token")(csrf_token)
    bp.app_template_filter("display")(display)
    bp.register_error_handler(DssError, _domain_error)
    bp.register_error_handler(HTTPException, _http_error)
    for module in (admin_login, admin_strings, admin_translations, admin_tokens):
        module.register(bp)
    return bp


def init_admin(app: Flask, settings: Settings) -> None:
    """Mount the UI with its session cookie's flags; the factory has set the session key
    (``DSS_SECRET_KEY``, else one generated once under ``VAR_DIR``)."""
    app.session_interface = AdminSessionInterface()
    app.config["SESSION_COOKIE_HTTPONLY"] = True
    app.config["SESSION_COOKIE_SAMESITE"] = "Lax"
    if settings.public_url.startswith("https:"):
        app.config["SESSION_COOKIE_SECURE"] = True
    app.register_blueprint(admin_blueprint())


def _domain_error(error: DssError) -> Any:
    return _error_page(error.status, error.title, error.detail)


def _http_error(error: HTTPException) -> Any:
    return _error_page(error.code or 500, error.name, error.description or error.name)


def _error_page(status: int, title: str, detail: str) -> Response:
    body = render_template("admin/error.html", status=status, title=title, detail=detail)
    return Response(body, status=status, mimetype="text/html")
