"""The dynamic strings service's tables in the platform database."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import DateTime, String, Text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from appkit.database import platform_metadata


class Base(DeclarativeBase):
    metadata = platform_metadata()


def _now() -> datetime:
    return datetime.now(UTC)


class DynamicString(Base):
    """A source string that can change without a deploy."""

    __tablename__ = "dss_strings"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(255), unique=True)
    source_text: Mapped[str] = mapped_column(Text)
    comment: Mapped[str | None] = mapped_column(Text)
    max_length: Mapped[int | None]
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=_now)
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=_now, onupdate=_now
    )
