"""The GitHub App's tables in the platform database."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import BigInteger, DateTime, String
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from appkit.database import platform_metadata


class Base(DeclarativeBase):
    metadata = platform_metadata()


def _now() -> datetime:
    return datetime.now(UTC)


class WebhookDelivery(Base):
    """One GitHub webhook delivery, keyed by ``X-GitHub-Delivery`` so a redelivery runs once."""

    __tablename__ = "sts_webhook_deliveries"

    delivery_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    event: Mapped[str] = mapped_column(String(64))
    action: Mapped[str | None] = mapped_column(String(64))
    installation_id: Mapped[int | None] = mapped_column(BigInteger)  # GitHub ids exceed 2**31
    received_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=_now)
