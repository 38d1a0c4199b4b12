"""Signed callbacks through a persistent outbox: queued in the job's transaction, delivered later.

Delivery is at least once: a crash between the receiver's 2xx and the outbox update sends
the callback again with the same ``X-TMS-Delivery`` id, which receivers use to dedupe.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

import requests
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from tms.signing import SIGNATURE_HEADER, sign_body
from tms.stub.faults import Faults
from tms.stub.ids import iso, new_id, utcnow
from tms.stub.models import Job, OutboxCallback
from tms.stub.settings import Settings

log = logging.getLogger(__name__)

EVENT_HEADER = "X-TMS-Event"
DELIVERY_HEADER = "X-TMS-Delivery"


def enqueue_callback(
    session: Session, job: Job, event: str, faults: Faults, **extra: Any
) -> OutboxCallback | None:
    """Queue ``event`` for the job's callback URL (nothing when the job has none)."""
    if not job.callback_url:
        return None
    now = utcnow()
    delivery_id = new_id("dlv")
    payload = {
        "event": event,
        "deliveryId": delivery_id,
        "projectId": job.project_id,
        "jobId": job.id,
        "state": job.state,
        "occurredAt": iso(now),
        **extra,
    }
    callback = OutboxCallback(
        delivery_id=delivery_id,
        job_id=job.id,
        url=job.callback_url,
        event=event,
        body=json.dumps(payload, sort_keys=True),
        next_attempt_at=now,
        created_at=now,
        status="dropped" if faults.drop_callback() else "pending",
    )
    session.add(callback)
    return callback


def backoff_seconds(attempts: int, base: float, cap: float) -> float:
    """Wait after the ``attempts``-th failure: doubling from ``base`` up to ``cap``.

    >>> [backoff_seconds(n, 1.0, 10.0) for n in (1, 2, 3, 4, 5)]
    [1.0, 2.0, 4.0, 8.0, 10.0]
    """
    return float(min(cap, base * 2 ** (attempts - 1)))


def deliver_due(
    sessions: sessionmaker[Session],
    settings: Settings,
    http: requests.Session,
    now: Callable[[], datetime] = utcnow,
    limit: int = 20,
) -> int:
    """Send the callbacks whose time has come; return how many were delivered."""
    with sessions() as session:
        due = session.scalars(
            select(OutboxCallback)
            .where(OutboxCallback.status == "pending", OutboxCallback.next_attempt_at <= now())
            .order_by(OutboxCallback.id)
            .limit(limit)
        ).all()
    delivered = 0
    for callback in due:
        error = _post(callback, settings, http)
        with sessions.begin() as session:
            row = session.get(OutboxCallback, callback.id)
            if row is None:
                continue
            row.attempts += 1
            if error is None:
                row.status, row.delivered_at, row.last_error = "delivered", now(), None
                delivered += 1
            else:
                row.last_error = error
                if row.attempts >= settings.callback_max_attempts:
                    row.status = "failed"
                wait = backoff_seconds(
                    row.attempts,
                    settings.callback_backoff_seconds,
                    settings.callback_backoff_max_seconds,
                )
                row.next_attempt_at = now() + timedelta(seconds=wait)
    return delivered


def _post(callback: OutboxCallback, settings: Settings, http: requests.Session) -> str | None:
    body = callback.body.encode("utf-8")
    headers = {
        "Content-Type": "application/json",
        SIGNATURE_HEADER: sign_body(settings.callback_secret, body),
        EVENT_HEADER: callback.event,
        DELIVERY_HEADER: callback.delivery_id,
    }
    try:
        response = http.post(
            callback.url,
            data=body,
            headers=headers,
            timeout=settings.callback_timeout_seconds,
            allow_redirects=False,
        )
    except requests.RequestException as exc:
        log.info("callback %s to %s failed: %s", callback.delivery_id, callback.url, exc)
        return f"{type(exc).__name__}: {exc}"
    if 200 <= response.status_code < 300:
        return None
    return f"HTTP {response.status_code}"
