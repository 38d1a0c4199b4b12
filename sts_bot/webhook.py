"""``POST /webhook`` (GitHub) and ``POST /tms/callback`` (the vendor): verify, record, enqueue.

Both answer in milliseconds: the work runs in Celery tasks. Any payload gets a 2xx or a
deliberate 4xx; a redelivery (same ``X-GitHub-Delivery`` / ``X-TMS-Delivery``) is handled once.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Mapping
from typing import Any

from celery import Celery
from flask import Blueprint, Response, current_app, jsonify, request
from flask.typing import ResponseReturnValue

from sts_bot.commands import parse_command
from sts_bot.delivery import merged_task
from sts_bot.events import (
    BadEvent,
    clone_url_for,
    comment_on_pull_request,
    parse_event,
    signature_ok,
)
from sts_bot.guardrail import trigger_for
from sts_bot.settings import Settings
from sts_bot.store import Store
from sts_bot.vendor import callback_signature_ok

__all__ = ["webhook_blueprint"]

log = logging.getLogger(__name__)


def webhook_blueprint() -> Blueprint:
    blueprint = Blueprint("sts_webhook", __name__)
    blueprint.add_url_rule("/webhook", view_func=github_webhook, methods=["POST"])
    blueprint.add_url_rule("/tms/callback", view_func=vendor_callback, methods=["POST"])
    return blueprint


def _settings() -> Settings:
    settings: Settings = current_app.extensions["sts_settings"]
    return settings


def _store() -> Store:
    store: Store = current_app.extensions["sts_store"]
    return store


def _celery() -> Celery:
    celery: Celery = current_app.extensions["sts_celery"]
    return celery


def _answer(status: int, message: str, **extra: Any) -> ResponseReturnValue:
    return jsonify({"message": message, **extra}), status


def github_webhook() -> ResponseReturnValue:
    body = request.get_data(cache=False)
    if not signature_ok(
        _settings().webhook_secret, body, request.headers.get("X-Hub-Signature-256")
    ):
        return _answer(401, "bad or missing X-Hub-Signature-256")
    try:
        event = parse_event(
            request.headers.get("X-GitHub-Event", ""),
            request.headers.get("X-GitHub-Delivery", ""),
            body,
        )
    except BadEvent as error:
        return _answer(400, str(error))
    task = _task_for(event.name, event)
    if not _store().record_delivery(
        event.delivery_id, event.name, event.action, event.installation_id
    ):
        return _answer(200, "duplicate delivery; already handled", delivery=event.delivery_id)
    if task is None:
        return _answer(200, "nothing to do for this event", event=event.name)
    name, kwargs = task
    try:
        _celery().send_task(name, kwargs=kwargs)
    except Exception:  # the broker is down: forget the delivery so a redelivery works
        log.exception("could not enqueue %s for delivery %s", name, event.delivery_id)
        _store().forget_delivery(event.delivery_id)
        return _answer(503, "the task queue is unavailable; redeliver this webhook later")
    return _answer(202, "queued", task=name)


def _task_for(name: str, event: Any) -> tuple[str, dict[str, Any]] | None:
    if name == "pull_request" and event.action == "closed":  # merged: separate translations PR
        return merged_task(event, _settings().github_api_url)
    if name in ("pull_request", "check_suite", "check_run"):  # the `Translations` check
        s = _settings()
        return trigger_for(event, s.github_api_url, s.github_app_id, s.allow_manual_label)
    comment = comment_on_pull_request(event)
    if comment is None or parse_command(comment.body) is None:
        return None
    repository: Mapping[str, Any] = event.payload.get("repository") or {}
    clone_url = repository.get("clone_url")
    request_data = {
        "repo": comment.repo,
        "installation_id": comment.installation_id,
        "pr_number": comment.pr_number,
        "comment_id": comment.comment_id,
        "requested_by": comment.author,
        "clone_url": clone_url
        if isinstance(clone_url, str) and clone_url.startswith(("https://", "http://"))
        else clone_url_for(_settings().github_api_url, comment.repo),
    }
    return "sts.handle_comment", {"request": request_data, "body": comment.body[:65_536]}


def vendor_callback() -> ResponseReturnValue:
    body = request.get_data(cache=False)
    if not callback_signature_ok(_settings(), body, request.headers.get("X-TMS-Signature")):
        return _answer(401, "bad or missing X-TMS-Signature")
    try:
        payload = json.loads(body)
    except ValueError:
        return _answer(400, "the callback body is not JSON")
    if not isinstance(payload, dict) or not isinstance(payload.get("jobId"), str):
        return _answer(400, "the callback has no jobId")
    delivery = request.headers.get("X-TMS-Delivery") or str(payload.get("deliveryId") or "")
    if not delivery or len(delivery) > 128:
        return _answer(400, "the callback has no X-TMS-Delivery")
    event = str(payload.get("event", ""))[:64]
    if not _store().record_vendor_callback(delivery, payload["jobId"], event):
        return Response(status=204)
    job = _store().job_by_vendor_id(payload["jobId"])
    if job is None:
        return _answer(202, "no job of this bot has that id; ignored")
    try:
        _celery().send_task(
            "sts.vendor_event",
            kwargs={"job_id": job.id, "event": event, "question_id": payload.get("questionId")},
        )
    except Exception:  # the broker is down: forget the callback so the vendor's retry works
        log.exception("could not enqueue the vendor event of callback %s", delivery)
        _store().forget_vendor_callback(delivery)
        return _answer(503, "the task queue is unavailable; redeliver this callback later")
    return Response(status=204)
