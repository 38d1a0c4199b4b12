"""The admin UI's guards: the logged-in actor, a per-session CSRF token, role checks, headers."""

from __future__ import annotations

import secrets
from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar, cast

from flask import Flask, Request, Response, abort, g, redirect, request, session, url_for
from flask.sessions import SecureCookieSession, SecureCookieSessionInterface
from flask.typing import ResponseReturnValue

from dss_service.admin_queries import actor_for_user
from dss_service.auth import Actor
from dss_service.web import transaction

CSRF_FIELD = "csrf_token"
_CSRF_KEY = "csrf"
_USER_KEY = "user"
# No inline script may run even if some text escaped its escaping; inline style attributes
# stay allowed for the progress bars' widths.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline';"
    " img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
)

View = TypeVar("View", bound=Callable[..., ResponseReturnValue])


class AdminSessionInterface(SecureCookieSessionInterface):
    """The signed cookie session, opened only under ``/admin``: the API authenticates by
    token, and building the cookie signer on every bundle request cost a sixth of serving it."""

    def open_session(self, app: Flask, request: Request) -> SecureCookieSession | None:
        if not request.path.startswith("/admin"):
            return None  # Flask puts a NullSession there: readable, empty, refuses writes
        return super().open_session(app, request)


def csrf_token() -> str:
    """The session's CSRF token, created on first use (templates put it in every form)."""
    token = session.get(_CSRF_KEY)
    if not isinstance(token, str) or not token:
        token = secrets.token_urlsafe(32)
        session[_CSRF_KEY] = token
    return token


def check_csrf() -> None:
    """Every POST carries the session's token in a hidden field; 400 otherwise."""
    if request.method != "POST":
        return
    expected = session.get(_CSRF_KEY)
    sent = request.form.get(CSRF_FIELD, "")
    if not isinstance(expected, str) or not expected or not sent:
        abort(400, "the form's security token is missing; reload the page and try again")
    if not secrets.compare_digest(expected.encode(), sent.encode()):
        abort(400, "the form's security token does not match; reload the page and try again")


def log_in(actor: Actor) -> None:
    """Start a fresh session for ``actor`` (a new CSRF token, nothing kept from before)."""
    session.clear()
    session[_USER_KEY] = actor.name
    session[_CSRF_KEY] = secrets.token_urlsafe(32)


def log_out() -> None:
    session.clear()


def load_actor() -> None:
    """Put the logged-in user (role read fresh from the database) on ``g.actor``, or None."""
    g.actor = None
    if request.endpoint == "admin.static":
        return
    name = session.get(_USER_KEY)
    if not isinstance(name, str):
        return
    with transaction() as db:
        g.actor = actor_for_user(db, name)
    if g.actor is None:  # the user was removed: the old cookie no longer logs anyone in
        session.pop(_USER_KEY, None)


def current_actor() -> Actor:
    actor = g.get("actor")
    if actor is None:
        abort(401)
    return cast(Actor, actor)


def login_required(view: View) -> View:
    @wraps(view)
    def wrapper(*args: Any, **kwargs: Any) -> ResponseReturnValue:
        if g.get("actor") is None:
            return redirect(url_for("admin.login", next=request.full_path.rstrip("?")))
        return view(*args, **kwargs)

    return cast(View, wrapper)


def role_required(role: str) -> Callable[[View], View]:
    """Log in first; then 403 unless the actor has ``role`` or a higher one."""

    def decorate(view: View) -> View:
        @wraps(view)
        def wrapper(*args: Any, **kwargs: Any) -> ResponseReturnValue:
            actor = g.get("actor")
            if actor is None:
                return redirect(url_for("admin.login"))
            if not actor.can(role):
                abort(403, f"{actor.name} has role {actor.role}; this needs {role} or higher")
            return view(*args, **kwargs)

        return cast(View, wrapper)

    return decorate


def safe_next(target: str | None) -> str:
    """Where to go after logging in: only a path inside the admin UI (no open redirect)."""
    home = url_for("admin.index")
    if not target or not target.startswith("/admin") or target.startswith("//"):
        return home
    return target


def secure_headers(response: Response) -> Response:
    response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("Referrer-Policy", "same-origin")
    response.headers.setdefault("Cache-Control", "no-store")
    return response
