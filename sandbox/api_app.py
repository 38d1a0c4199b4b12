"""GitHub App endpoints: ``/app``, installations, access tokens, repositories, users."""

from __future__ import annotations

from flask import Blueprint, jsonify, request
from flask.typing import ResponseReturnValue
from sqlalchemy import func, select

from sandbox.access import principal
from sandbox.auth import LEVELS, enough, installation_repository_ids, issue_installation_token
from sandbox.errors import ApiError, not_found, validation_failed
from sandbox.models import App, Installation, Repository, User
from sandbox.pagination import json_page, page_slice, parse_page
from sandbox.shapes import (
    app_json,
    installation_json,
    iso,
    public_user_json,
    repo_json,
    user_json,
)
from sandbox.store import db, runtime
from sandbox.urls import Urls

blueprint = Blueprint("api_app", __name__)


def _require_app() -> App:
    who = principal()
    if who.kind != "app":
        raise ApiError(401, "A JSON web token could not be decoded")
    app = db().get(App, who.app_id)
    assert app is not None
    return app


def _installation_payload(installation: Installation, app: App, urls: Urls) -> dict[str, object]:
    account = db().get(User, installation.account_id)
    assert account is not None
    return installation_json(installation, app, user_json(account, urls), urls)


@blueprint.get("/app")
def get_app() -> ResponseReturnValue:
    app = _require_app()
    urls = Urls.from_request()
    owner = db().get(User, app.owner_id)
    assert owner is not None
    count = db().scalar(select(func.count(Installation.id)).where(Installation.app_id == app.id))
    return jsonify(app_json(app, user_json(owner, urls), urls, count or 0))


@blueprint.get("/app/installations")
def list_installations() -> ResponseReturnValue:
    app = _require_app()
    urls = Urls.from_request()
    installations = (
        db()
        .scalars(
            select(Installation).where(Installation.app_id == app.id).order_by(Installation.id)
        )
        .all()
    )
    page = parse_page(request.args)
    body = [_installation_payload(i, app, urls) for i in page_slice(installations, page)]
    return json_page(body, f"{urls.api}/app/installations", page, len(installations))


def _own_installation(app: App, installation_id: int) -> Installation:
    installation = db().get(Installation, installation_id)
    if installation is None or installation.app_id != app.id:
        raise not_found()
    return installation


@blueprint.get("/app/installations/<int:installation_id>")
def get_installation(installation_id: int) -> ResponseReturnValue:
    app = _require_app()
    installation = _own_installation(app, installation_id)
    return jsonify(_installation_payload(installation, app, Urls.from_request()))


@blueprint.post("/app/installations/<int:installation_id>/access_tokens")
def create_access_token(installation_id: int) -> ResponseReturnValue:
    app = _require_app()
    installation = _own_installation(app, installation_id)
    requested = (request.get_json(force=True, silent=True) or {}).get("permissions") or {}
    for name, level in requested.items():
        if level not in LEVELS or not enough(installation.permissions.get(name), level):
            raise validation_failed(
                "Installation",
                "permissions",
                f"The permissions requested are not granted to this "
                f"installation ({name}: {level}).",
                code="invalid",
            )
    token = issue_installation_token(db(), installation, runtime().token_ttl_seconds)
    body = {
        "token": token.token,
        "expires_at": iso(token.expires_at),
        "permissions": requested or dict(installation.permissions),
        "repository_selection": installation.repository_selection,
    }
    return jsonify(body), 201


@blueprint.get("/installation/repositories")
def installation_repositories() -> ResponseReturnValue:
    who = principal()
    if who.kind != "installation":
        raise ApiError(403, "This endpoint can only be accessed with an installation token")
    session = db()
    installation = session.get(Installation, who.installation_id)
    assert installation is not None
    ids = sorted(installation_repository_ids(session, installation))
    urls = Urls.from_request()
    page = parse_page(request.args)
    repos = []
    for repo_id in page_slice(ids, page):
        repo = session.get(Repository, repo_id)
        assert repo is not None
        owner = session.get(User, repo.owner_id)
        assert owner is not None
        repos.append(repo_json(repo, owner, urls))
    return json_page(
        {
            "total_count": len(ids),
            "repositories": repos,
            "repository_selection": installation.repository_selection,
        },
        f"{urls.api}/installation/repositories",
        page,
        len(ids),
    )


@blueprint.get("/user")
def authenticated_user() -> ResponseReturnValue:
    who = principal()
    if who.kind != "user" or who.user_id is None:
        raise (
            ApiError(403, "Resource not accessible by integration")
            if who.kind in ("installation", "app")
            else ApiError(401, "Requires authentication")
        )
    user = db().get(User, who.user_id)
    assert user is not None
    return jsonify(public_user_json(user, Urls.from_request()))


@blueprint.get("/users/<login>")
def get_user(login: str) -> ResponseReturnValue:
    user = db().scalar(select(User).where(User.login == login))
    if user is None:
        raise not_found()
    return jsonify(public_user_json(user, Urls.from_request()))


@blueprint.get("/rate_limit")
def rate_limit() -> ResponseReturnValue:
    from flask import g

    state = g.get("rate")
    core = {"limit": 0, "remaining": 0, "reset": 0, "used": 0}
    if state is not None:
        core = {
            "limit": state.limit,
            "remaining": state.remaining,
            "reset": state.reset,
            "used": state.used,
        }
    search = {"limit": 30, "remaining": 30, "reset": core["reset"], "used": 0}
    graphql = {**core, "used": 0, "remaining": core["limit"]}
    return jsonify(
        {"resources": {"core": core, "search": search, "graphql": graphql}, "rate": core}
    )
