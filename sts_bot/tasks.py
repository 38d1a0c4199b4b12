"""The GitHub App's background tasks: thin wrappers that hand each job to its orchestrator."""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta
from typing import Any

from celery import Task, shared_task
from celery.signals import worker_ready

from sts_bot.apply import Request, finish_apply, post_questions
from sts_bot.commands_flow import handle_comment, resume_job
from sts_bot.delivery import MergedPull, deliver_merged
from sts_bot.github import RateLimited
from sts_bot.guardrail import ActionTrigger, CheckTrigger
from sts_bot.guardrail_flow import apply_from_action, run_check
from sts_bot.report_flow import take_snapshot
from sts_bot.runtime import runtime
from sts_bot.store import ACTIVE_STATES

log = logging.getLogger(__name__)
#: Polling gives up on a vendor job after this long (callbacks may still finish it).
POLL_HORIZON = timedelta(days=14)
#: The states a worker holds a job in while working on it (not waiting for the vendor).
WORKING_STATES = ("planned", "translated")


@shared_task(name="sts.ping")
def ping() -> str:
    """Answer ``pong``: proves a worker consumes this service's queue."""
    return "pong"


@shared_task(name="sts.handle_comment", bind=True, max_retries=20)
def handle_comment_task(self: Task, request: dict[str, Any], body: str) -> None:
    """A `translate …` comment: acknowledge, check permission, run the command."""
    try:
        handle_comment(runtime(), Request(**request), body)
    except RateLimited as limited:
        raise self.retry(countdown=limited.retry_after) from None
    _schedule_poll(request)


@shared_task(name="sts.vendor_event", bind=True, max_retries=20)
def vendor_event_task(self: Task, job_id: int, event: str, question_id: str | None) -> None:
    """A vendor callback: a job finished, or a translator asked a question."""
    rt = runtime()
    job = rt.store.job(job_id)
    if job is None:
        return
    gh = rt.github.installation(job.installation_id)
    try:
        if event.startswith("question."):
            post_questions(rt, gh, job_id)
        elif event in ("job.completed", "job.failed", "job.cancelled"):
            finish_apply(rt, gh, job_id)
            post_questions(rt, gh, job_id)
    except RateLimited as limited:
        raise self.retry(countdown=limited.retry_after) from None


@shared_task(name="sts.poll_job", bind=True, max_retries=None)
def poll_job_task(self: Task, job_id: int) -> None:
    """Fallback for lost callbacks: ask the vendor until the job is finished."""
    rt = runtime()
    job = rt.store.job(job_id)
    if job is None or job.state != "submitted":
        return
    gh = rt.github.installation(job.installation_id)
    try:
        finish_apply(rt, gh, job_id)
        post_questions(rt, gh, job_id)
    except RateLimited as limited:
        raise self.retry(countdown=limited.retry_after) from None
    job = rt.store.job(job_id)
    if job is not None and job.state == "submitted" and _age(job.created_at) < POLL_HORIZON:
        raise self.retry(countdown=rt.settings.poll_seconds)


@shared_task(name="sts.resume_jobs")
def resume_jobs_task(waiting_too: bool = True) -> int:
    """Carry on every job a stopped worker left behind, and forget deliveries older than the
    retention window (14 days, past GitHub's redelivery).

    A job is left behind once it has not moved for the job time budget: a live worker ends
    its job within that budget. A worker runs this when it starts; beat runs it every
    minute without ``waiting_too``, for jobs stuck while planning or committing only, since
    a job waiting for the translators is followed by callbacks and polls, and taking it up
    every minute would ask the vendor and GitHub about it every minute."""
    rt = runtime()
    rt.store.prune()
    stale = datetime.now(UTC) - timedelta(seconds=rt.settings.job_time_budget_seconds)
    states = ACTIVE_STATES if waiting_too else WORKING_STATES
    jobs = rt.store.jobs_in(states, stale)
    for job in jobs:
        try:
            resume_job(rt, job)
        except Exception:  # one broken job must not keep the others stuck
            log.exception("could not resume job %s", job.id)
    return len(jobs)


def _age(moment: datetime) -> timedelta:
    """How long ago ``moment`` was (SQLite hands back naive UTC datetimes)."""
    return datetime.now(UTC) - (moment if moment.tzinfo else moment.replace(tzinfo=UTC))


def _schedule_poll(request: dict[str, Any]) -> None:
    rt = runtime()
    job = rt.store.job_by_trigger(f"comment:{request['comment_id']}")
    if job is not None and job.state == "submitted":
        poll_job_task.apply_async((job.id,), countdown=rt.settings.poll_seconds)


@worker_ready.connect
def _resume_on_start(sender: Any = None, **_kwargs: Any) -> None:
    if sender is not None and getattr(sender, "app", None) is not None:
        sender.app.send_task("sts.resume_jobs")


@shared_task(name="sts.guardrail", bind=True, max_retries=20)
def guardrail_task(self: Task, trigger: dict[str, Any]) -> int | None:
    """Evaluate the `Translations` check run on a pull request's head commit."""
    try:
        return run_check(runtime(), CheckTrigger.from_json(trigger))
    except RateLimited as limited:
        raise self.retry(countdown=limited.retry_after) from None


@shared_task(name="sts.guardrail_action", bind=True, max_retries=20)
def guardrail_action_task(self: Task, trigger: dict[str, Any]) -> None:
    """The check run's "Apply translations" button: the `translate apply` flow."""
    rt = runtime()
    try:
        request = apply_from_action(rt, ActionTrigger.from_json(trigger))
    except RateLimited as limited:
        raise self.retry(countdown=limited.retry_after) from None
    job = rt.store.job_by_trigger(request.trigger) if request is not None else None
    if job is not None and job.state == "submitted":
        poll_job_task.apply_async((job.id,), countdown=rt.settings.poll_seconds)


@shared_task(name="sts.report_snapshot")
def report_snapshot_task() -> int:
    """Store a snapshot of the org-wide report (Celery beat runs it periodically)."""
    return len(take_snapshot(runtime()).repos)


@shared_task(name="sts.deliver_merged", bind=True, max_retries=20)
def deliver_merged_task(self: Task, merged: dict[str, Any]) -> int | None:
    """A merged pull request of a ``delivery: separate-pr`` repository: its translations job."""
    rt = runtime()
    try:
        job = deliver_merged(rt, MergedPull.from_json(merged))
    except RateLimited as limited:
        raise self.retry(countdown=limited.retry_after) from None
    if job is not None and job.state == "submitted":
        poll_job_task.apply_async((job.id,), countdown=rt.settings.poll_seconds)
    return job.id if job is not None else None
