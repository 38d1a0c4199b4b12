"""The GitHub App's tables in the platform database."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import JSON, BigInteger, DateTime, Index, Integer, String, Text
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
    received_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=_now, index=True)


class VendorCallback(Base):
    """One vendor callback, keyed by ``X-TMS-Delivery`` (delivery is at least once)."""

    __tablename__ = "sts_vendor_callbacks"

    delivery_id: Mapped[str] = mapped_column(String(128), primary_key=True)
    job_id: Mapped[str] = mapped_column(String(128))
    event: Mapped[str] = mapped_column(String(64))
    received_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=_now, index=True)


class ApplyJob(Base):
    """One `translate apply` on one pull request, from plan to commit.

    ``state`` moves planned → submitted → translated → committed, or ends failed/cancelled.
    ``active_key`` is ``owner/repo#number`` while the job runs and NULL once it ends: a
    unique column, so two commands racing on one pull request cannot both start a job.
    """

    __tablename__ = "sts_apply_jobs"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    repo: Mapped[str] = mapped_column(String(255), index=True)
    installation_id: Mapped[int] = mapped_column(BigInteger)
    pr_number: Mapped[int] = mapped_column(Integer)
    command: Mapped[str] = mapped_column(String(512))
    trigger: Mapped[str] = mapped_column(String(128), unique=True)
    requested_by: Mapped[str] = mapped_column(String(255))
    state: Mapped[str] = mapped_column(String(32), index=True)
    active_key: Mapped[str | None] = mapped_column(String(300), unique=True)
    clone_url: Mapped[str] = mapped_column(String(1024), default="")
    head_ref: Mapped[str | None] = mapped_column(String(255))
    head_sha: Mapped[str | None] = mapped_column(String(64))
    base_sha: Mapped[str | None] = mapped_column(String(64))
    vendor_project: Mapped[str | None] = mapped_column(String(255))
    vendor_job_id: Mapped[str | None] = mapped_column(String(128), index=True)
    status_comment_id: Mapped[int | None] = mapped_column(BigInteger)
    commit_sha: Mapped[str | None] = mapped_column(String(64))
    plan: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    result: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    posted_questions: Mapped[list[str] | None] = mapped_column(JSON)
    error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=_now)
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=_now, onupdate=_now
    )

    @property
    def marker(self) -> str:
        """The hidden marker of this job's status comment."""
        return f"<!-- sts:status:{self.repo}#{self.pr_number}:job-{self.id} -->"


class ReportSnapshot(Base):
    """One repository's line of one org-wide report run (``taken_at`` is the run's key)."""

    __tablename__ = "sts_report_snapshots"
    __table_args__ = (Index("ix_sts_report_snapshots_repo_taken_at", "repo", "taken_at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    taken_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)
    repo: Mapped[str] = mapped_column(String(255))
    strings: Mapped[int] = mapped_column(Integer)
    missing: Mapped[int] = mapped_column(Integer)
    stale: Mapped[int] = mapped_column(Integer)
    report: Mapped[dict[str, Any]] = mapped_column(JSON)  # RepoReport.to_json()
