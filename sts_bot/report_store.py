"""The report's side of the platform database: job records to read, snapshots to keep."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session, sessionmaker

from sts_bot.models import ApplyJob, ReportSnapshot
from sts_bot.report import OrgReport, RepoReport

__all__ = ["JobRecord", "ReportStore", "TrendPoint"]

#: A committed job's ``plan`` and ``result`` JSON.
JobRecord = tuple[dict[str, Any] | None, dict[str, Any] | None]


@dataclass(frozen=True)
class TrendPoint:
    taken_at: datetime
    strings: int
    missing: int
    stale: int


class ReportStore:
    """Short transactions: committed jobs' records, snapshots saved and read back."""

    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self.sessions = sessions

    def job_records(self) -> dict[str, list[JobRecord]]:
        """Repository -> (plan, result) of each committed job, oldest first."""
        found: dict[str, list[JobRecord]] = {}
        with self.sessions() as session:
            rows = session.execute(
                select(ApplyJob.repo, ApplyJob.plan, ApplyJob.result)
                .where(ApplyJob.state == "committed")
                .order_by(ApplyJob.id)
            )
            for repo, plan, result in rows:
                found.setdefault(repo, []).append((plan, result))
        return found

    def save(self, report: OrgReport, keep_runs: int | None = None) -> datetime:
        """Store one row per repository under the run's time; that time.

        With ``keep_runs``, runs older than the newest ``keep_runs`` are deleted in the
        same transaction (a daily run would otherwise grow the table without end).
        """
        taken_at = datetime.fromisoformat(report.taken_at)
        with self.sessions.begin() as session:
            session.add_all(
                ReportSnapshot(
                    taken_at=taken_at,
                    repo=repo.repo,
                    strings=repo.strings,
                    missing=repo.missing,
                    stale=repo.stale,
                    report=repo.to_json(),
                )
                for repo in report.repos
            )
            if keep_runs is not None:
                session.flush()
                self._prune(session, keep_runs)
        return taken_at

    @staticmethod
    def _prune(session: Session, keep_runs: int) -> None:
        """Delete the rows of every run older than the newest ``keep_runs``."""
        oldest_kept = session.scalar(
            select(ReportSnapshot.taken_at)
            .distinct()
            .order_by(ReportSnapshot.taken_at.desc())
            .offset(keep_runs - 1)
            .limit(1)
        )
        if oldest_kept is not None:
            session.execute(delete(ReportSnapshot).where(ReportSnapshot.taken_at < oldest_kept))

    def latest(self) -> OrgReport | None:
        """The newest stored run, or None before the first."""
        with self.sessions() as session:
            newest = session.scalar(select(func.max(ReportSnapshot.taken_at)))
            if newest is None:
                return None
            rows = session.scalars(
                select(ReportSnapshot)
                .where(ReportSnapshot.taken_at == newest)
                .order_by(ReportSnapshot.repo)
            )
            repos = tuple(RepoReport.from_json(row.report) for row in rows)
        return OrgReport(_aware(newest).isoformat(), repos)

    def trends(self, repos: list[str], points: int = 30) -> Mapping[str, list[TrendPoint]]:
        """Repository -> its last ``points`` snapshots, oldest first."""
        found: dict[str, list[TrendPoint]] = {repo: [] for repo in repos}
        if not repos:
            return found
        with self.sessions() as session:
            runs = list(
                session.scalars(
                    select(ReportSnapshot.taken_at)
                    .distinct()
                    .order_by(ReportSnapshot.taken_at.desc())
                    .limit(points)
                )
            )
            if not runs:
                return found
            rows = session.execute(
                select(
                    ReportSnapshot.repo,
                    ReportSnapshot.taken_at,
                    ReportSnapshot.strings,
                    ReportSnapshot.missing,
                    ReportSnapshot.stale,
                )
                .where(ReportSnapshot.repo.in_(repos), ReportSnapshot.taken_at >= min(runs))
                .order_by(ReportSnapshot.taken_at)
            )
            for repo, taken_at, strings, missing, stale in rows:
                found[repo].append(TrendPoint(_aware(taken_at), strings, missing, stale))
        return found


def _aware(moment: datetime) -> datetime:
    """SQLite hands back naive UTC datetimes."""
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
