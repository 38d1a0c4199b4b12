"""The bot's state in the platform database: deliveries seen and apply jobs."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import CursorResult, delete, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, defer, sessionmaker

from sts_bot.models import ApplyJob, VendorCallback, WebhookDelivery

__all__ = [
    "ACTIVE_STATES",
    "FINAL_STATES",
    "JobConflict",
    "Store",
]

ACTIVE_STATES = ("planned", "submitted", "translated")
FINAL_STATES = ("committed", "failed", "cancelled")
#: GitHub lets a delivery be redelivered for 3 days; keep ids well past that.
DELIVERY_RETENTION = timedelta(days=14)


class JobConflict(Exception):
    """Another job already runs for this pull request (or this trigger was handled)."""

    def __init__(self, job: ApplyJob | None) -> None:
        super().__init__("a job already runs for this pull request")
        self.job = job


class Store:
    """Short transactions over the bot's tables; each method opens and commits its own."""

    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self.sessions = sessions

    def record_delivery(
        self, delivery_id: str, event: str, action: str | None, installation_id: int | None
    ) -> bool:
        """Remember a webhook delivery; False when it was seen before (a redelivery)."""
        with self.sessions() as session:
            session.add(
                WebhookDelivery(  # clipped to the columns: PostgreSQL rejects longer text
                    delivery_id=delivery_id,
                    event=event[:64],
                    action=action[:64] if action is not None else None,
                    installation_id=installation_id,
                )
            )
            return _commit_new(session)

    def forget_delivery(self, delivery_id: str) -> None:
        """Drop a delivery whose work could not be queued, so a redelivery runs it."""
        with self.sessions.begin() as session:
            session.execute(
                delete(WebhookDelivery).where(WebhookDelivery.delivery_id == delivery_id)
            )

    def record_vendor_callback(self, delivery_id: str, job_id: str, event: str) -> bool:
        """Remember a vendor callback; False when it was seen before."""
        with self.sessions() as session:
            session.add(
                VendorCallback(delivery_id=delivery_id, job_id=job_id[:128], event=event[:64])
            )
            return _commit_new(session)

    def forget_vendor_callback(self, delivery_id: str) -> None:
        """Drop a vendor callback whose work could not be queued, so its redelivery runs it."""
        with self.sessions.begin() as session:
            session.execute(delete(VendorCallback).where(VendorCallback.delivery_id == delivery_id))

    def prune(self, now: datetime | None = None) -> int:
        """Forget deliveries older than the retention window."""
        cutoff = (now or datetime.now(UTC)) - DELIVERY_RETENTION
        with self.sessions.begin() as session:
            removed = _count(
                session.execute(delete(WebhookDelivery).where(WebhookDelivery.received_at < cutoff))
            )
            removed += _count(
                session.execute(delete(VendorCallback).where(VendorCallback.received_at < cutoff))
            )
            return removed

    def start_job(self, **fields: Any) -> ApplyJob:
        """Create a job in state ``planned``; JobConflict when one runs for the PR already."""
        repo, number = fields["repo"], fields["pr_number"]
        job = ApplyJob(state="planned", active_key=f"{repo}#{number}", **fields)
        with self.sessions() as session:
            session.add(job)
            try:
                session.commit()
            except IntegrityError:
                session.rollback()
                raise JobConflict(self.active_job(repo, number)) from None
            return job

    def job(self, job_id: int, *, with_plan: bool = True) -> ApplyJob | None:
        """The job; ``with_plan=False`` leaves its (possibly megabytes of) stored plan unread:
        for a caller that holds the plan already and sets ``plan`` on the object itself."""
        with self.sessions() as session:
            if with_plan:
                return session.get(ApplyJob, job_id)
            return session.get(ApplyJob, job_id, options=[defer(ApplyJob.plan)])

    def job_by_trigger(self, trigger: str) -> ApplyJob | None:
        with self.sessions() as session:
            return session.scalars(select(ApplyJob).where(ApplyJob.trigger == trigger)).first()

    def job_by_vendor_id(self, vendor_job_id: str) -> ApplyJob | None:
        with self.sessions() as session:
            return session.scalars(
                select(ApplyJob).where(ApplyJob.vendor_job_id == vendor_job_id)
            ).first()

    def active_job(self, repo: str, pr_number: int) -> ApplyJob | None:
        with self.sessions() as session:
            return session.scalars(
                select(ApplyJob).where(ApplyJob.active_key == f"{repo}#{pr_number}")
            ).first()

    def latest_job(self, repo: str, pr_number: int) -> ApplyJob | None:
        with self.sessions() as session:
            return session.scalars(
                select(ApplyJob)
                .where(ApplyJob.repo == repo, ApplyJob.pr_number == pr_number)
                .order_by(ApplyJob.id.desc())
            ).first()

    def jobs_in(self, states: Sequence[str], updated_before: datetime) -> list[ApplyJob]:
        with self.sessions() as session:
            return list(
                session.scalars(
                    select(ApplyJob).where(
                        ApplyJob.state.in_(states), ApplyJob.updated_at < updated_before
                    )
                )
            )

    def update(self, job_id: int, **fields: Any) -> None:
        with self.sessions.begin() as session:
            session.execute(
                update(ApplyJob)
                .where(ApplyJob.id == job_id)
                .values(updated_at=datetime.now(UTC), **fields)
            )

    def transition(
        self, job_id: int, from_states: Sequence[str], to_state: str, **fields: Any
    ) -> bool:
        """Compare-and-set the state: True for the one caller that moved it."""
        values: dict[str, Any] = {"state": to_state, "updated_at": datetime.now(UTC), **fields}
        if to_state in FINAL_STATES:
            values["active_key"] = None
        with self.sessions.begin() as session:
            moved = _count(
                session.execute(
                    update(ApplyJob)
                    .where(ApplyJob.id == job_id, ApplyJob.state.in_(from_states))
                    .values(**values)
                )
            )
        return moved > 0


def _count(result: object) -> int:
    """Rows an UPDATE or DELETE touched."""
    assert isinstance(result, CursorResult)
    return int(result.rowcount)


def _commit_new(session: Session) -> bool:
    try:
        session.commit()
    except IntegrityError:
        session.rollback()
        return False
    return True
