"""The stub vendor's own tables, in its SQLite file under ``--data`` (not in Alembic)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from appkit.database import platform_metadata


class Base(DeclarativeBase):
    metadata = platform_metadata()


class Project(Base):
    __tablename__ = "tms_project"

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    source_locale: Mapped[str] = mapped_column(String(35))
    target_locales: Mapped[list[str]] = mapped_column(JSON)
    turnaround: Mapped[str] = mapped_column(String(20), default="instant")
    seconds_per_string: Mapped[float] = mapped_column(default=0.0)
    question_rules: Mapped[list[str]] = mapped_column(JSON, default=list)
    created_at: Mapped[datetime]


class GlossaryTerm(Base):
    __tablename__ = "tms_glossary_term"
    __table_args__ = (UniqueConstraint("project_id", "term"),)

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    project_id: Mapped[str] = mapped_column(ForeignKey("tms_project.id", ondelete="CASCADE"))
    term: Mapped[str] = mapped_column(String(200))
    translations: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)
    do_not_translate: Mapped[bool] = mapped_column(default=False)
    note: Mapped[str] = mapped_column(Text, default="")


class StyleGuide(Base):
    __tablename__ = "tms_style_guide"

    project_id: Mapped[str] = mapped_column(
        ForeignKey("tms_project.id", ondelete="CASCADE"), primary_key=True
    )
    locale: Mapped[str] = mapped_column(String(35), primary_key=True)
    text: Mapped[str] = mapped_column(Text)
    updated_at: Mapped[datetime]


class MemoryEntry(Base):
    __tablename__ = "tms_memory_entry"
    __table_args__ = (UniqueConstraint("project_id", "locale", "source"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[str] = mapped_column(ForeignKey("tms_project.id", ondelete="CASCADE"))
    locale: Mapped[str] = mapped_column(String(35))
    source: Mapped[str] = mapped_column(Text)
    target: Mapped[Any] = mapped_column(JSON)  # a text, or plural forms by category


class Job(Base):
    __tablename__ = "tms_job"
    __table_args__ = (UniqueConstraint("project_id", "idempotency_key"),)

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    project_id: Mapped[str] = mapped_column(ForeignKey("tms_project.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(200))
    state: Mapped[str] = mapped_column(String(20), index=True)
    target_locales: Mapped[list[str]] = mapped_column(JSON)
    callback_url: Mapped[str | None] = mapped_column(String(2000))
    idempotency_key: Mapped[str | None] = mapped_column(String(200))
    request_digest: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime]
    started_at: Mapped[datetime | None]
    finished_at: Mapped[datetime | None]
    failure_reason: Mapped[str | None] = mapped_column(Text)

    strings: Mapped[list[JobString]] = relationship(
        order_by="JobString.position", cascade="all, delete-orphan"
    )


class JobString(Base):
    __tablename__ = "tms_job_string"
    __table_args__ = (UniqueConstraint("job_id", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    job_id: Mapped[str] = mapped_column(ForeignKey("tms_job.id", ondelete="CASCADE"))
    position: Mapped[int]
    key: Mapped[str] = mapped_column(String(500))
    text: Mapped[str | None] = mapped_column(Text)
    plural: Mapped[dict[str, str] | None] = mapped_column(JSON)
    context: Mapped[str] = mapped_column(Text, default="")
    comment: Mapped[str] = mapped_column(Text, default="")
    file: Mapped[str] = mapped_column(String(1000), default="")
    max_length: Mapped[int | None]
    placeholders: Mapped[list[str]] = mapped_column(JSON, default=list)


class Translation(Base):
    __tablename__ = "tms_translation"
    __table_args__ = (
        UniqueConstraint("string_id", "locale"),
        Index("ix_tms_translation_job_locale", "job_id", "locale", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    job_id: Mapped[str] = mapped_column(ForeignKey("tms_job.id", ondelete="CASCADE"))
    string_id: Mapped[int] = mapped_column(ForeignKey("tms_job_string.id", ondelete="CASCADE"))
    locale: Mapped[str] = mapped_column(String(35))
    text: Mapped[str | None] = mapped_column(Text)
    plural: Mapped[dict[str, str] | None] = mapped_column(JSON)
    origin: Mapped[str] = mapped_column(String(20))
    created_at: Mapped[datetime]

    string: Mapped[JobString] = relationship()


class Question(Base):
    __tablename__ = "tms_question"

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    job_id: Mapped[str] = mapped_column(ForeignKey("tms_job.id", ondelete="CASCADE"), index=True)
    string_key: Mapped[str | None] = mapped_column(String(500))
    locale: Mapped[str | None] = mapped_column(String(35))
    text: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(20), default="open")
    answer: Mapped[str | None] = mapped_column(Text)
    raised_by: Mapped[str] = mapped_column(String(40))
    created_at: Mapped[datetime]
    answered_at: Mapped[datetime | None]
    resolved_at: Mapped[datetime | None]


class OutboxCallback(Base):
    """A callback to deliver; kept until delivered, so a restart loses none."""

    __tablename__ = "tms_outbox_callback"
    __table_args__ = (Index("ix_tms_outbox_callback_due", "status", "next_attempt_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    delivery_id: Mapped[str] = mapped_column(String(40), unique=True)
    job_id: Mapped[str] = mapped_column(ForeignKey("tms_job.id", ondelete="CASCADE"))
    url: Mapped[str] = mapped_column(String(2000))
    event: Mapped[str] = mapped_column(String(40))
    body: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(20), default="pending")
    attempts: Mapped[int] = mapped_column(default=0)
    next_attempt_at: Mapped[datetime]
    last_error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime]
    delivered_at: Mapped[datetime | None]
