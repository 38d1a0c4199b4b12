"""Translation requests at the vendor: submit → callback or poll → QA → store (steps of §3)."""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, selectinload, sessionmaker

from dss_service import audit, bundle_store, review
from dss_service.auth import VENDOR
from dss_service.db import TaskSender, enqueue_after_commit, unit_of_work
from dss_service.models import (
    DynamicString,
    Namespace,
    TmsDelivery,
    Translation,
    TranslationRequest,
)
from dss_service.namespaces import lock_namespace
from dss_service.settings import Settings
from dss_service.vendor import ensure_project, source_string
from tms.client import JobState, TMSClient, verify_callback_signature

SYNC_TASK = "dss.sync_request"
POLL_TASK = "dss.poll_request"
FINAL_REQUEST_STATES = ("completed", "failed")


@dataclass(frozen=True)
class Runtime:
    """What the flows need: settings, sessions, the vendor, and a way to send tasks."""

    settings: Settings
    sessions: sessionmaker[Session]
    vendor_factory: Callable[[], TMSClient]
    send: TaskSender


def submit_request(runtime: Runtime, request_id: int) -> str:
    """Send a pending request's strings to the vendor as one job; answers the request state."""
    with unit_of_work(runtime.sessions, runtime.send) as session:
        request = session.get(TranslationRequest, request_id)
        if request is None or request.state != "pending":
            return request.state if request else "missing"
        namespace = session.get_one(Namespace, request.namespace_id)
        rows = _rows(session, request.id, ("requested",))
        strings = {row.string_id: row.string for row in rows}
        sources = [source_string(namespace, s) for s in sorted(strings.values(), key=_key)]
        locales = sorted({row.locale for row in rows})
        project, name = request.vendor_project, f"dss {namespace.name} #{request.id}"
        source_locale = namespace.source_locale
    if not sources:
        return _finish(runtime, request_id, "completed", None)
    callback = runtime.settings.public_url + "/tms/callback"
    with runtime.vendor_factory() as vendor:
        ensure_project(vendor, project, source_locale, locales)
        job = vendor.create_job(
            project,
            sources,
            target_locales=locales,
            name=name,
            callback_url=callback,
            idempotency_key=f"dss-request-{request_id}",
        )
    with unit_of_work(runtime.sessions, runtime.send) as session:
        request = session.get_one(TranslationRequest, request_id)
        request.vendor_job_id = job.job_id
        request.state = "submitted"
        for row in _rows(session, request_id, ("requested",)):
            row.state = "in_translation"
        enqueue_after_commit(session, POLL_TASK, request_id, 0)
    if job.state.is_final:
        return sync_request(runtime, request_id)
    return "submitted"


def sync_request(runtime: Runtime, request_id: int) -> str:
    """Read the vendor job; when it is finished store its translations (after QA)."""
    with unit_of_work(runtime.sessions, runtime.send) as session:
        request = session.get(TranslationRequest, request_id)
        if request is None:
            return "missing"
        if request.state in FINAL_REQUEST_STATES or request.vendor_job_id is None:
            return request.state
        project, job_id, locales = request.vendor_project, request.vendor_job_id, request.locales
    with runtime.vendor_factory() as vendor:
        job = vendor.get_job(project, job_id)
        if job.state == JobState.COMPLETED:
            found = {
                (t.key, t.locale): t.text if t.text is not None else dict(t.plural or {})
                for locale in locales
                for t in vendor.iter_translations(project, job_id, locale)
            }
        elif job.state.is_final:
            reason = job.failure_reason or f"the vendor job was {job.state.value}"
            return _finish(runtime, request_id, "failed", reason)
        else:
            return "submitted"
    return _store(runtime, request_id, found)


def _store(
    runtime: Runtime, request_id: int, found: Mapping[tuple[str, str], str | dict[str, str]]
) -> str:
    with unit_of_work(runtime.sessions, runtime.send) as session:
        request = session.get_one(TranslationRequest, request_id)
        namespace = lock_namespace(session, session.get_one(Namespace, request.namespace_id).name)
        session.refresh(request)
        if request.state in FINAL_REQUEST_STATES:
            return request.state
        changed: list[tuple[str, str | None]] = []
        for row in _rows(session, request_id, ("requested", "in_translation")):
            value = found.get((row.string.key, row.locale))
            if value is None:
                _reject(session, row, "the vendor sent no translation for this string")
            else:
                review.store_translation(session, VENDOR, row.string, row.locale, value, row=row)
            changed.append((row.string.key, row.locale))
        request.state = "completed"
        bundle_store.touch(session, namespace, changed)
        return request.state


def _finish(runtime: Runtime, request_id: int, state: str, error: str | None) -> str:
    with unit_of_work(runtime.sessions, runtime.send) as session:
        request = session.get_one(TranslationRequest, request_id)
        for row in _rows(session, request_id, ("requested", "in_translation")):
            _reject(session, row, error or "the request ended without a translation")
        request.state = state
        request.error = error
        return state


def _reject(session: Session, row: Translation, message: str) -> None:
    row.state = "rejected"
    row.problems = [{"code": "vendor", "message": message}]
    row.updated_by = VENDOR.name
    audit.record(
        session,
        VENDOR,
        "translation.reject",
        namespace_id=row.string.namespace_id,
        key=row.string.key,
        locale=row.locale,
        new={**audit.translation_snapshot(row), "problems": row.problems},
    )


def _rows(session: Session, request_id: int, states: tuple[str, ...]) -> list[Translation]:
    return list(
        session.scalars(
            select(Translation)
            .options(selectinload(Translation.string).selectinload(DynamicString.translations))
            .where(Translation.request_id == request_id, Translation.state.in_(states))
            .order_by(Translation.id)
        )
    )


def _key(string: DynamicString) -> str:
    return string.key


@dataclass(frozen=True)
class CallbackResult:
    status: int
    detail: str


def receive_callback(
    runtime: Runtime, body: bytes, signature: str | None, delivery_id: str | None
) -> CallbackResult:
    """Verify a vendor callback, handle each delivery once, and sync the request it is about."""
    if not verify_callback_signature(runtime.settings.tms_callback_secret, body, signature):
        return CallbackResult(401, "the X-TMS-Signature header does not sign this body")
    try:
        payload = json.loads(body)
        job_id = str(payload["jobId"])
        event = str(payload.get("event", ""))
    except (ValueError, KeyError, TypeError):
        return CallbackResult(400, "a callback body is a JSON object with a jobId")
    if not delivery_id or len(delivery_id) > 128:
        return CallbackResult(400, "the X-TMS-Delivery header is missing or too long")
    try:
        with unit_of_work(runtime.sessions, runtime.send) as session:
            request = session.scalar(
                select(TranslationRequest).where(TranslationRequest.vendor_job_id == job_id)
            )
            if request is None:
                return CallbackResult(202, f"no translation request for job {job_id}")
            session.add(TmsDelivery(delivery_id=delivery_id, event=event[:64], job_id=job_id))
            session.flush()
            if event.startswith("job."):
                enqueue_after_commit(session, SYNC_TASK, request.id)
    except IntegrityError:
        return CallbackResult(200, f"delivery {delivery_id} was already handled")
    return CallbackResult(202, f"delivery {delivery_id} accepted")


def poll_delay(settings: Settings, attempt: int) -> float:
    """Seconds before poll ``attempt`` (doubling from DSS_TMS_POLL_SECONDS, capped at 5 min)."""
    return float(min(settings.poll_seconds * 2 ** min(attempt, 10), 300.0))
