"""The bot's Celery beat schedule: the org-wide report snapshot, and a sweep that carries
on jobs a stopped worker left behind.

``celery -A sts_bot.worker beat --scheduler sts_bot.beat:BotScheduler`` (the Procfile's
``sts_beat``): the report interval is read from the settings when beat starts, not at import.
"""

from __future__ import annotations

from typing import Any

from celery.beat import PersistentScheduler

from sts_bot.settings import Settings

__all__ = ["REPORT_ENTRY", "RESUME_ENTRY", "BotScheduler", "bot_schedule"]

REPORT_ENTRY = "sts-report-snapshot"
RESUME_ENTRY = "sts-resume-left-jobs"
#: How often beat looks for jobs left behind (each waits the job time budget first).
RESUME_INTERVAL_SECONDS = 60.0


def bot_schedule(settings: Settings) -> dict[str, dict[str, Any]]:
    """The beat entries of the bot, from its settings."""
    return {
        REPORT_ENTRY: {
            "task": "sts.report_snapshot",
            "schedule": settings.report_interval_seconds,
            "options": {"queue": "sts"},
        },
        RESUME_ENTRY: {
            "task": "sts.resume_jobs",
            "schedule": RESUME_INTERVAL_SECONDS,
            "kwargs": {"waiting_too": False},
            "options": {"queue": "sts"},
        },
    }


class BotScheduler(PersistentScheduler):  # type: ignore[misc]
    """Celery's shelve-backed scheduler with the bot's entries merged in at start."""

    def setup_schedule(self) -> None:
        super().setup_schedule()
        self.merge_inplace({**self.app.conf.beat_schedule, **bot_schedule(Settings.from_env())})
        self.install_default_entries(self.schedule)
        self.sync()
