"""The sandbox's persistent state as SQLAlchemy models (its own SQLite file, not the platform's)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from appkit.database import platform_metadata


def utcnow() -> datetime:
    return datetime.now(UTC).replace(microsecond=0, tzinfo=None)


class Base(DeclarativeBase):
    metadata = platform_metadata()
    type_annotation_map = {dict[str, Any]: JSON, list[Any]: JSON}  # noqa: RUF012


class User(Base):
    __tablename__ = "users"
    id: Mapped[int] = mapped_column(primary_key=True)
    login: Mapped[str] = mapped_column(String(100), unique=True)
    kind: Mapped[str] = mapped_column(String(20), default="User")  # User | Bot | Organization
    token: Mapped[str | None] = mapped_column(String(100), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class App(Base):
    __tablename__ = "apps"
    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(100), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    owner_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    bot_user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    public_key_pem: Mapped[str] = mapped_column(Text)
    webhook_url: Mapped[str | None] = mapped_column(Text)
    webhook_secret: Mapped[str] = mapped_column(String(200), default="")
    permissions: Mapped[dict[str, Any]] = mapped_column(default=dict)
    events: Mapped[list[Any]] = mapped_column(default=list)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Installation(Base):
    __tablename__ = "installations"
    id: Mapped[int] = mapped_column(primary_key=True)
    app_id: Mapped[int] = mapped_column(ForeignKey("apps.id"))
    account_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    repository_selection: Mapped[str] = mapped_column(String(20), default="selected")
    permissions: Mapped[dict[str, Any]] = mapped_column(default=dict)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class InstallationRepository(Base):
    __tablename__ = "installation_repositories"
    installation_id: Mapped[int] = mapped_column(
        ForeignKey("installations.id", ondelete="CASCADE"), primary_key=True
    )
    repository_id: Mapped[int] = mapped_column(ForeignKey("repositories.id"), primary_key=True)


class Token(Base):
    __tablename__ = "tokens"
    token: Mapped[str] = mapped_column(String(100), primary_key=True)
    installation_id: Mapped[int] = mapped_column(ForeignKey("installations.id", ondelete="CASCADE"))
    expires_at: Mapped[datetime]


class Repository(Base):
    __tablename__ = "repositories"
    __table_args__ = (UniqueConstraint("owner_id", "name"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    owner_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    name: Mapped[str] = mapped_column(String(100))
    description: Mapped[str | None] = mapped_column(Text)
    private: Mapped[bool] = mapped_column(default=False)
    default_branch: Mapped[str] = mapped_column(String(200), default="main")
    next_number: Mapped[int] = mapped_column(default=1)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    pushed_at: Mapped[datetime] = mapped_column(default=utcnow)


class Collaborator(Base):
    __tablename__ = "collaborators"
    repository_id: Mapped[int] = mapped_column(ForeignKey("repositories.id"), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), primary_key=True)
    permission: Mapped[str] = mapped_column(String(20))  # admin | write | read


class Pull(Base):
    __tablename__ = "pulls"
    __table_args__ = (UniqueConstraint("repository_id", "number"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    repository_id: Mapped[int] = mapped_column(ForeignKey("repositories.id"))
    number: Mapped[int]
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    title: Mapped[str] = mapped_column(Text)
    body: Mapped[str | None] = mapped_column(Text)
    state: Mapped[str] = mapped_column(String(10), default="open")
    head_ref: Mapped[str] = mapped_column(String(250))
    base_ref: Mapped[str] = mapped_column(String(250))
    head_sha: Mapped[str] = mapped_column(String(40))
    merged: Mapped[bool] = mapped_column(default=False)
    draft: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    closed_at: Mapped[datetime | None]


class Label(Base):
    __tablename__ = "labels"
    __table_args__ = (UniqueConstraint("repository_id", "name"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    repository_id: Mapped[int] = mapped_column(ForeignKey("repositories.id"))
    name: Mapped[str] = mapped_column(String(100))
    color: Mapped[str] = mapped_column(String(6), default="ededed")
    description: Mapped[str | None] = mapped_column(Text)


class PullLabel(Base):
    __tablename__ = "pull_labels"
    pull_id: Mapped[int] = mapped_column(ForeignKey("pulls.id"), primary_key=True)
    label_id: Mapped[int] = mapped_column(ForeignKey("labels.id"), primary_key=True)


class Comment(Base):
    __tablename__ = "comments"
    id: Mapped[int] = mapped_column(primary_key=True)
    repository_id: Mapped[int] = mapped_column(ForeignKey("repositories.id"))
    number: Mapped[int]
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    app_id: Mapped[int | None] = mapped_column(ForeignKey("apps.id"))
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)


class Reaction(Base):
    __tablename__ = "reactions"
    __table_args__ = (UniqueConstraint("comment_id", "user_id", "content"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    comment_id: Mapped[int] = mapped_column(ForeignKey("comments.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    content: Mapped[str] = mapped_column(String(20))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class CheckSuite(Base):
    __tablename__ = "check_suites"
    __table_args__ = (UniqueConstraint("repository_id", "head_sha", "app_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    repository_id: Mapped[int] = mapped_column(ForeignKey("repositories.id"))
    app_id: Mapped[int] = mapped_column(ForeignKey("apps.id"))
    head_sha: Mapped[str] = mapped_column(String(40))
    head_branch: Mapped[str | None] = mapped_column(String(250))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class CheckRun(Base):
    __tablename__ = "check_runs"
    id: Mapped[int] = mapped_column(primary_key=True)
    repository_id: Mapped[int] = mapped_column(ForeignKey("repositories.id"))
    check_suite_id: Mapped[int] = mapped_column(ForeignKey("check_suites.id"))
    app_id: Mapped[int] = mapped_column(ForeignKey("apps.id"))
    head_sha: Mapped[str] = mapped_column(String(40))
    name: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(20), default="queued")
    conclusion: Mapped[str | None] = mapped_column(String(20))
    details_url: Mapped[str | None] = mapped_column(Text)
    external_id: Mapped[str | None] = mapped_column(Text)
    started_at: Mapped[datetime | None]
    completed_at: Mapped[datetime | None]
    output: Mapped[dict[str, Any]] = mapped_column(default=dict)
    annotations: Mapped[list[Any]] = mapped_column(default=list)
    actions: Mapped[list[Any]] = mapped_column(default=list)


class Delivery(Base):
    __tablename__ = "deliveries"
    id: Mapped[int] = mapped_column(primary_key=True)
    guid: Mapped[str] = mapped_column(String(40), index=True)
    app_id: Mapped[int] = mapped_column(ForeignKey("apps.id"))
    installation_id: Mapped[int | None]
    event: Mapped[str] = mapped_column(String(50))
    action: Mapped[str | None] = mapped_column(String(50))
    payload: Mapped[str] = mapped_column(Text)
    redelivery: Mapped[bool] = mapped_column(default=False)
    url: Mapped[str | None] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(20), default="pending")
    status_code: Mapped[int | None]
    response_body: Mapped[str | None] = mapped_column(Text)
    duration_ms: Mapped[int | None]
    delivered_at: Mapped[datetime] = mapped_column(default=utcnow)
