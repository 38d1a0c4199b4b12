"""Signed webhook deliveries to each app's URL, a delivery log, and redelivery with the same id."""

from __future__ import annotations

import hashlib
import hmac
import json
import queue
import threading
import time
import uuid
from typing import Any

import requests
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from sandbox.auth import installation_covers
from sandbox.models import App, Delivery, Installation, Repository
from sandbox.shapes import iso, node_id

ALWAYS_SENT = {"installation", "installation_repositories"}


def signature(secret: str, body: bytes) -> str:
    """
    >>> signature("It's a Secret to Everybody", b"Hello, World!")
    'sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17'
    """
    digest = hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
    return f"sha256={digest}"


def delivery_headers(delivery: Delivery, app: App, body: bytes) -> dict[str, str]:
    headers = {
        "Content-Type": "application/json",
        "User-Agent": "GitHub-Hookshot/sandbox",
        "X-GitHub-Event": delivery.event,
        "X-GitHub-Delivery": delivery.guid,
        "X-GitHub-Hook-ID": str(app.id),
        "X-GitHub-Hook-Installation-Target-ID": str(app.id),
        "X-GitHub-Hook-Installation-Target-Type": "integration",
    }
    if app.webhook_secret:
        headers["X-Hub-Signature-256"] = signature(app.webhook_secret, body)
        sha1 = hmac.new(app.webhook_secret.encode(), body, hashlib.sha1).hexdigest()
        headers["X-Hub-Signature"] = f"sha1={sha1}"
    return headers


def delivery_json(delivery: Delivery, *, with_payload: bool = False) -> dict[str, Any]:
    body: dict[str, Any] = {
        "id": delivery.id,
        "guid": delivery.guid,
        "event": delivery.event,
        "action": delivery.action,
        "installation_id": delivery.installation_id,
        "app_id": delivery.app_id,
        "redelivery": delivery.redelivery,
        "url": delivery.url,
        "status": delivery.status,
        "status_code": delivery.status_code,
        "duration_ms": delivery.duration_ms,
        "delivered_at": iso(delivery.delivered_at),
    }
    if with_payload:
        body["payload"] = json.loads(delivery.payload)
        body["response_body"] = delivery.response_body
    return body


class WebhookSender:
    """Records deliveries and posts them from one background thread, in order."""

    def __init__(self, sessions: sessionmaker[Session], timeout_seconds: float) -> None:
        self._sessions = sessions
        self._timeout = timeout_seconds
        self._queue: queue.Queue[int] = queue.Queue()
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()
        self._pending = 0

    def emit(
        self,
        session: Session,
        repo: Repository | None,
        event: str,
        action: str | None,
        payload: dict[str, Any],
        installations: list[Installation] | None = None,
    ) -> None:
        """Queue one delivery per app installed on ``repo`` (or to the given installations)."""
        if installations is None:
            assert repo is not None
            candidates = session.scalars(select(Installation)).all()
            installations = [i for i in candidates if installation_covers(session, i, repo)]
        for installation in installations:
            app = session.get(App, installation.app_id)
            if app is None or not self._subscribed(app, event):
                continue
            body: dict[str, Any] = {"action": action} if action else {}
            body.update(payload)
            body.setdefault(
                "installation",
                {"id": installation.id, "node_id": node_id("Installation", installation.id)},
            )
            self._record(
                session,
                app,
                installation.id,
                event,
                action,
                json.dumps(body),
                str(uuid.uuid4()),
                redelivery=False,
            )

    @staticmethod
    def _subscribed(app: App, event: str) -> bool:
        return event in ALWAYS_SENT or not app.events or event in app.events

    def redeliver(self, session: Session, delivery: Delivery) -> Delivery:
        app = session.get(App, delivery.app_id)
        assert app is not None
        return self._record(
            session,
            app,
            delivery.installation_id,
            delivery.event,
            delivery.action,
            delivery.payload,
            delivery.guid,
            redelivery=True,
        )

    def _record(
        self,
        session: Session,
        app: App,
        installation_id: int | None,
        event: str,
        action: str | None,
        payload: str,
        guid: str,
        *,
        redelivery: bool,
    ) -> Delivery:
        delivery = Delivery(
            guid=guid,
            app_id=app.id,
            installation_id=installation_id,
            event=event,
            action=action,
            payload=payload,
            redelivery=redelivery,
            url=app.webhook_url,
        )
        session.add(delivery)
        session.commit()
        if app.webhook_url:
            self._enqueue(delivery.id)
        else:
            delivery.status = "no_url"
            session.commit()
        return delivery

    def _enqueue(self, delivery_id: int) -> None:
        with self._lock:
            self._pending += 1
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(target=self._run, name="webhooks", daemon=True)
                self._thread.start()
        self._queue.put(delivery_id)

    def idle(self) -> bool:
        with self._lock:
            return self._pending == 0

    def _run(self) -> None:
        while True:
            delivery_id = self._queue.get()
            try:
                self._send(delivery_id)
            finally:
                with self._lock:
                    self._pending -= 1

    def _send(self, delivery_id: int) -> None:
        with self._sessions() as session:
            delivery = session.get(Delivery, delivery_id)
            app = session.get(App, delivery.app_id) if delivery else None
            if delivery is None or app is None or not delivery.url:
                return
            body = delivery.payload.encode()
            started = time.monotonic()
            try:
                response = requests.post(
                    delivery.url,
                    data=body,
                    timeout=self._timeout,
                    headers=delivery_headers(delivery, app, body),
                )
                delivery.status_code = response.status_code
                delivery.status = "delivered" if response.ok else "failed"
                delivery.response_body = response.text[:10_000]
            except requests.RequestException as error:
                delivery.status = "failed"
                delivery.response_body = str(error)[:10_000]
            delivery.duration_ms = int((time.monotonic() - started) * 1000)
            session.commit()
