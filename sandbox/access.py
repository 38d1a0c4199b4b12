"""Repository lookup and authorization: 404 for what a caller cannot see, 403 for the rest."""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from flask import Blueprint, g
from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session

from sandbox.auth import ANONYMOUS, Principal, enough
from sandbox.errors import ApiError, not_found
from sandbox.gitrepo import GitRepo
from sandbox.models import Collaborator, Repository, User
from sandbox.shapes import Json, repo_json
from sandbox.store import db, git_for, runtime
from sandbox.urls import Urls

INTEGRATION_FORBIDDEN = "Resource not accessible by integration"


@dataclass
class RepoContext:
    """What a repository-scoped handler needs: the repo, its owner, the caller and the URLs."""

    session: Session
    repo: Repository
    owner: User
    principal: Principal
    urls: Urls
    git: GitRepo
    _json: Json | None = field(default=None, repr=False)

    @property
    def full_name(self) -> str:
        return f"{self.owner.login}/{self.repo.name}"

    @property
    def api(self) -> str:
        return self.urls.repo(self.full_name)

    @property
    def html(self) -> str:
        return self.urls.repo_html(self.full_name)

    @property
    def by_id(self) -> str:
        return self.urls.repo_id(self.repo.id)

    def json(self) -> Json:
        if self._json is None:
            self._json = repo_json(self.repo, self.owner, self.urls)
        return self._json

    def actor(self) -> User:
        """The user acting: the app's bot for installation tokens, else the token's user."""
        return actor_user(self.session, self.principal)


def principal() -> Principal:
    return g.get("principal", ANONYMOUS)  # type: ignore[no-any-return]


def actor_user(session: Session, who: Principal) -> User:
    from sandbox.models import App

    if who.kind == "installation" and who.app_id is not None:
        app = session.get(App, who.app_id)
        assert app is not None
        user = session.get(User, app.bot_user_id)
    elif who.user_id is not None:
        user = session.get(User, who.user_id)
    else:
        raise ApiError(401, "Requires authentication")
    assert user is not None
    return user


_REPO_BY_NAME = (
    select(Repository, User)
    .join(User, User.id == Repository.owner_id)
    .where(User.login == bindparam("owner"), Repository.name == bindparam("name"))
)


def find_repo(
    session: Session, owner: str | None, name: str | None, repo_id: int | None
) -> tuple[Repository, User] | None:
    if repo_id is not None:
        repo = session.get(Repository, repo_id)
        if repo is None:
            return None
        user = session.get(User, repo.owner_id)
        assert user is not None
        return repo, user
    row = session.execute(_REPO_BY_NAME, {"owner": owner, "name": name}).first()
    return (row[0], row[1]) if row else None


def user_level(session: Session, user_id: int, repo: Repository) -> str:
    if repo.owner_id == user_id:
        return "admin"
    collaborator = session.get(Collaborator, (repo.id, user_id))
    if collaborator is not None:
        return collaborator.permission
    return "none" if repo.private else "read"


def authorize(
    session: Session, who: Principal, repo: Repository, permission: str, level: str
) -> None:
    if who.kind == "installation":
        grant = runtime().credentials.grant(session, who.installation_id or 0)
        if grant is None or not grant.covers(repo):
            raise not_found()
        if not enough(who.permissions.get(permission), level):
            raise ApiError(403, INTEGRATION_FORBIDDEN)
        return
    if who.kind == "app":
        raise ApiError(403, INTEGRATION_FORBIDDEN)
    granted = "none" if who.user_id is None else user_level(session, who.user_id, repo)
    if who.kind == "anonymous":
        granted = "none" if repo.private else "read"
    if not enough(granted, "read"):
        raise not_found()
    # Anyone who can read a repository may comment and react; other writes need push access.
    needed = "read" if permission == "issues" else level
    if not enough(granted, needed):
        if who.kind == "anonymous":
            raise ApiError(401, "Requires authentication")
        raise ApiError(403, "Must have push access to repository")


View = Callable[..., Any]


def repo_route(
    blueprint: Blueprint, rule: str, methods: list[str], permission: str, level: str
) -> Callable[[View], View]:
    """Register ``view(ctx, **kwargs)`` under ``/repos/{o}/{r}`` and ``/repositories/{id}``."""

    def decorator(view: View) -> View:
        @functools.wraps(view)
        def wrapper(
            owner: str | None = None,
            repo: str | None = None,
            repo_id: int | None = None,
            **kwargs: Any,
        ) -> Any:
            session = db()
            found = find_repo(session, owner, repo, repo_id)
            if found is None:
                raise not_found()
            who = principal()
            authorize(session, who, found[0], permission, level)
            ctx = RepoContext(
                session, found[0], found[1], who, Urls.from_request(), git_for(found[0])
            )
            return view(ctx, **kwargs)

        blueprint.add_url_rule(
            f"/repos/<owner>/<repo>{rule}",
            endpoint=view.__name__,
            view_func=wrapper,
            methods=methods,
        )
        blueprint.add_url_rule(
            f"/repositories/<int:repo_id>{rule}",
            endpoint=f"{view.__name__}_by_id",
            view_func=wrapper,
            methods=methods,
        )
        return view

    return decorator


def require_nonempty(ctx: RepoContext) -> None:
    if ctx.git.is_empty():
        raise ApiError(409, "Git Repository is empty.")
