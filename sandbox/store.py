"""The sandbox's runtime: settings, database sessions, git repositories and in-memory services."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from flask import current_app, g
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from appkit.database import make_engine, make_session_factory
from sandbox.auth import CredentialCache
from sandbox.cache import WriteVersionedCache
from sandbox.faults import FaultBook
from sandbox.gitrepo import GitRepo
from sandbox.models import Base, Repository, User
from sandbox.ratelimit import RateLimiter
from sandbox.requestlog import RequestLog
from sandbox.settings import Settings
from sandbox.webhooks import WebhookSender


@dataclass
class Runtime:
    settings: Settings
    engine: Engine
    sessions: sessionmaker[Session]
    limiter: RateLimiter
    requests: RequestLog
    webhooks: WebhookSender
    faults: FaultBook = field(default_factory=FaultBook)
    credentials: CredentialCache = field(default_factory=CredentialCache)
    representations: WriteVersionedCache = field(default_factory=WriteVersionedCache)
    token_ttl_seconds: int = 3600

    @classmethod
    def open(cls, settings: Settings) -> Runtime:
        settings.data_dir.mkdir(parents=True, exist_ok=True)
        settings.git_dir.mkdir(parents=True, exist_ok=True)
        engine = make_engine(settings.database_url)
        Base.metadata.create_all(engine)
        sessions = make_session_factory(engine)
        return cls(
            settings=settings,
            engine=engine,
            sessions=sessions,
            webhooks=WebhookSender(sessions, settings.webhook_timeout_seconds),
            limiter=RateLimiter(settings.rate_limit, settings.rate_limit_window_seconds),
            requests=RequestLog(settings.request_log_size),
            token_ttl_seconds=settings.token_ttl_seconds,
        )

    def git_path(self, repo_id: int) -> Path:
        return self.settings.git_dir / f"{repo_id}.git"


def runtime() -> Runtime:
    return current_app.extensions["sandbox"]  # type: ignore[no-any-return]


def db() -> Session:
    """The request's session (opened on first use, closed at teardown)."""
    if "db" not in g:
        g.db = runtime().sessions()
    return g.db  # type: ignore[no-any-return]


def close_db(_error: BaseException | None = None) -> None:
    session = g.pop("db", None)
    if session is not None:
        session.close()


def git_for(repo: Repository) -> GitRepo:
    return GitRepo(runtime().git_path(repo.id))


def user_by_id(session: Session, user_id: int) -> User:
    user = session.get(User, user_id)
    assert user is not None
    return user
