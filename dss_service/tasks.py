"""The dynamic strings service's background tasks: submit and poll vendor jobs, rebuild bundles."""

from __future__ import annotations

import logging
from functools import cache
from typing import Any

from celery import current_app, shared_task

from dss_service import bundle_store, translate
from dss_service.db import create_engine_for, session_factory, unit_of_work
from dss_service.models import Namespace
from dss_service.namespaces import lock_namespace
from dss_service.settings import Settings
from dss_service.vendor import make_vendor
from tms.client import TMSError

log = logging.getLogger(__name__)
MAX_POLLS = 200


def send_task(name: str, args: tuple[Any, ...], countdown: float | None = None) -> None:
    current_app.send_task(name, args=list(args), countdown=countdown)


@cache
def runtime() -> translate.Runtime:
    """Built once per worker process, on the first task (never at import)."""
    settings = Settings.from_env()
    sessions = session_factory(create_engine_for(settings.database_url))
    return translate.Runtime(settings, sessions, lambda: make_vendor(settings), send_task)


@shared_task(name="dss.ping")
def ping() -> str:
    """Answer ``pong``: proves a worker consumes this service's queue."""
    return "pong"


@shared_task(name=bundle_store.REBUILD_TASK)
def rebuild_bundles(namespace_id: int) -> int:
    """Build every bundle of a namespace whose rebuild is pending; answers its version."""
    run = runtime()
    with unit_of_work(run.sessions, run.send) as session:
        found = session.get(Namespace, namespace_id)
        if found is None:
            return 0
        namespace = lock_namespace(session, found.name)
        session.refresh(namespace)
        if namespace.bundles_pending:
            bundle_store.rebuild(session, namespace)
        return namespace.version


@shared_task(name="dss.submit_request", bind=True, max_retries=10)
def submit_request(self: Any, request_id: int) -> str:
    try:
        return translate.submit_request(runtime(), request_id)
    except TMSError as error:
        log.warning("submitting translation request %s failed: %s", request_id, error)
        delay = translate.poll_delay(runtime().settings, self.request.retries)
        raise self.retry(countdown=delay) from error


@shared_task(name=translate.SYNC_TASK)
def sync_request(request_id: int) -> str:
    """Run on a vendor callback: store the job's translations when it is finished."""
    try:
        return translate.sync_request(runtime(), request_id)
    except TMSError as error:  # the poll that is scheduled anyway tries again
        log.warning("syncing translation request %s failed: %s", request_id, error)
        return "error"


@shared_task(name=translate.POLL_TASK)
def poll_request(request_id: int, attempt: int = 0) -> str:
    """Polling covers lost callbacks: sync, and poll again later until the request is final."""
    run = runtime()
    try:
        state = translate.sync_request(run, request_id)
    except TMSError as error:
        log.warning("polling translation request %s failed: %s", request_id, error)
        state = "error"
    final = state in translate.FINAL_REQUEST_STATES or state == "missing"
    if not final and attempt < MAX_POLLS:
        delay = translate.poll_delay(run.settings, attempt)
        send_task(translate.POLL_TASK, (request_id, attempt + 1), countdown=delay)
    return state
