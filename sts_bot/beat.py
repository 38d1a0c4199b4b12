"""The bot's Celery beat schedule: the org-wide report snapshot, periodically.

``celery -A sts_bot.worker beat --scheduler sts_bot.beat:ReportScheduler`` (the Procfile's
``sts_beat``): the interval is read from the settings when beat starts, not at import.
"""

from __future__ import annotations

from typing import Any

from celery.beat import PersistentScheduler

from sts_bot.settings import Settings

__all__ = ["REPORT_ENTRY", "ReportScheduler", "report_schedule"]

REPORT_ENTRY = "sts-report-snapshot"


def report_schedule(settings: Settings) -> dict[str, dict[str, Any]]:
    """The beat entries of the bot, from its settings."""
    return {
        REPORT_ENTRY: {
            "task": "sts.report_snapshot",
            "schedule": settings.report_interval_seconds,
            "options": {"queue": "sts"},
        }
    }


class ReportScheduler(PersistentScheduler):  # type: ignore[misc]
    """Celery's shelve-backed scheduler with the bot's entries merged in at start."""

    def setup_schedule(self) -> None:
        super().setup_schedule()
        self.merge_inplace({**self.app.conf.beat_schedule, **report_schedule(Settings.from_env())})
        self.install_default_entries(self.schedule)
        self.sync()
