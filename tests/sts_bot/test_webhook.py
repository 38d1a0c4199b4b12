"""``POST /webhook`` and ``POST /tms/callback`` through Flask's test client on a migrated database.

The task queue is the outermost edge: a recorder stands in for Celery's ``send_task``.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from sts_bot import create_app
from sts_bot.settings import Settings
from sts_bot.store import Store
from tms.signing import sign_body

SECRET = "webhook-secret"
CALLBACK_SECRET = "callback-secret"


@dataclass
class RecordingQueue:
    """Stands in for the Celery app: records each task sent, or fails like a broker that is down."""

    sent: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    down: bool = False

    def send_task(self, name: str, kwargs: dict[str, Any]) -> None:
        if self.down:
            raise ConnectionRefusedError(111, "Connection refused")
        self.sent.append((name, kwargs))


@pytest.fixture
def app(platform_env: dict[str, str]) -> Iterator[Flask]:
    env = {
        **platform_env,
        "STS_WEBHOOK_SECRET": SECRET,
        "STS_TMS_CALLBACK_SECRET": CALLBACK_SECRET,
        "STS_GITHUB_API_URL": "http://127.0.0.1:9/api/v3",
    }
    flask_app = create_app(Settings.from_env(env))
    flask_app.extensions["sts_celery"] = RecordingQueue()
    yield flask_app
    flask_app.extensions["sts_engine"].dispose()


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def queue(app: Flask) -> RecordingQueue:
    recorder: RecordingQueue = app.extensions["sts_celery"]
    return recorder


def comment_payload(body: str = "translate apply", **overrides: Any) -> dict[str, Any]:
    payload: dict[str, Any] = {
        "action": "created",
        "installation": {"id": 7},
        "repository": {
            "full_name": "acme/shop",
            "clone_url": "http://127.0.0.1:8004/acme/shop.git",
        },
        "sender": {"login": "ada", "type": "User"},
        "issue": {"number": 12, "pull_request": {"url": "http://x/pulls/12"}},
        "comment": {"id": 99, "body": body, "user": {"login": "ada", "type": "User"}},
    }
    payload.update(overrides)
    return payload


def deliver(
    client: FlaskClient,
    payload: object,
    *,
    delivery: str = "d-1",
    event: str = "issue_comment",
    secret: str = SECRET,
    raw: bytes | None = None,
) -> tuple[int, dict[str, Any]]:
    body = raw if raw is not None else json.dumps(payload).encode()
    signature = "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
    answer = client.post(
        "/webhook",
        data=body,
        headers={
            "X-Hub-Signature-256": signature,
            "X-GitHub-Event": event,
            "X-GitHub-Delivery": delivery,
            "Content-Type": "application/json",
        },
    )
    return answer.status_code, answer.get_json()


EXPECTED_TASK = (
    "sts.handle_comment",
    {
        "request": {
            "repo": "acme/shop",
            "installation_id": 7,
            "pr_number": 12,
            "comment_id": 99,
            "requested_by": "ada",
            "clone_url": "http://127.0.0.1:8004/acme/shop.git",
        },
        "body": "translate apply fr",
    },
)


def test_a_command_comment_is_queued_once(client: FlaskClient, queue: RecordingQueue) -> None:
    assert deliver(client, comment_payload("translate apply fr")) == (
        202,
        {"message": "queued", "task": "sts.handle_comment"},
    )
    assert queue.sent == [EXPECTED_TASK]


def test_a_redelivery_is_a_duplicate(client: FlaskClient, queue: RecordingQueue) -> None:
    deliver(client, comment_payload("translate apply fr"))
    assert deliver(client, comment_payload("translate apply fr")) == (
        200,
        {"message": "duplicate delivery; already handled", "delivery": "d-1"},
    )
    assert queue.sent == [EXPECTED_TASK]


def test_the_clone_url_comes_from_the_api_url_when_the_payload_has_none(
    client: FlaskClient, queue: RecordingQueue
) -> None:
    payload = comment_payload("translate apply fr", repository={"full_name": "acme/shop"})
    assert deliver(client, payload)[0] == 202
    assert queue.sent[0][1]["request"]["clone_url"] == "http://127.0.0.1:9/acme/shop.git"


@pytest.mark.parametrize(
    ("case", "header_secret", "raw"),
    [
        ("wrong secret", "not-the-secret", None),
        ("tampered body", SECRET, b'{"action": "created"}'),
    ],
)
def test_a_bad_signature_is_401_and_nothing_is_recorded(
    client: FlaskClient, queue: RecordingQueue, case: str, header_secret: str, raw: bytes | None
) -> None:
    body = json.dumps(comment_payload()).encode()
    signature = "sha256=" + hmac.new(header_secret.encode(), body, hashlib.sha256).hexdigest()
    answer = client.post(
        "/webhook",
        data=raw if raw is not None else body,
        headers={
            "X-Hub-Signature-256": signature,
            "X-GitHub-Event": "issue_comment",
            "X-GitHub-Delivery": "d-1",
        },
    )
    assert (answer.status_code, answer.get_json()) == (
        401,
        {"message": "bad or missing X-Hub-Signature-256"},
    ), case
    assert queue.sent == []
    assert deliver(client, comment_payload())[0] == 202  # d-1 was not remembered


def test_a_missing_signature_is_401(client: FlaskClient, queue: RecordingQueue) -> None:
    answer = client.post("/webhook", data=b"{}", headers={"X-GitHub-Event": "ping"})
    assert (answer.status_code, answer.get_json()) == (
        401,
        {"message": "bad or missing X-Hub-Signature-256"},
    )


@pytest.mark.parametrize(
    ("raw", "event", "delivery", "message"),
    [
        (b"payload=%7B%7D", "ping", "d-1", "the payload is not JSON: Expecting value"),
        (b"[]", "ping", "d-1", "the payload is not a JSON object"),
        (b"{}", "", "d-1", "X-GitHub-Event and X-GitHub-Delivery headers are required"),
        (b"{}", "ping", "", "X-GitHub-Event and X-GitHub-Delivery headers are required"),
    ],
)
def test_unreadable_deliveries_are_400(
    client: FlaskClient,
    queue: RecordingQueue,
    raw: bytes,
    event: str,
    delivery: str,
    message: str,
) -> None:
    status, body = deliver(client, None, raw=raw, event=event, delivery=delivery)
    assert status == 400
    assert body["message"].startswith(message)
    assert queue.sent == []


@pytest.mark.parametrize(
    ("event", "payload"),
    [
        ("issue_comment", comment_payload("looks good to me")),
        ("issue_comment", comment_payload(action="edited")),
        ("issue_comment", comment_payload(issue={"number": 12})),
        ("issue_comment", comment_payload(sender={"login": "bot[bot]", "type": "Bot"})),
        ("pull_request_review", {"action": "submitted", "sender": {"login": "ada"}}),
        ("ping", {"zen": "Keep it logically awesome."}),
        ("push", {"ref": "refs/heads/main", "repository": "not an object"}),
    ],
)
def test_events_without_a_command_are_200_and_queue_nothing(
    client: FlaskClient, queue: RecordingQueue, event: str, payload: dict[str, Any]
) -> None:
    assert deliver(client, payload, event=event) == (
        200,
        {"message": "nothing to do for this event", "event": event},
    )
    assert queue.sent == []


def test_a_broker_outage_is_503_and_a_redelivery_runs(
    app: Flask, client: FlaskClient, queue: RecordingQueue
) -> None:
    queue.down = True
    assert deliver(client, comment_payload("translate apply fr")) == (
        503,
        {"message": "the task queue is unavailable; redeliver this webhook later"},
    )
    assert queue.sent == []
    queue.down = False
    assert deliver(client, comment_payload("translate apply fr"))[0] == 202
    assert queue.sent == [EXPECTED_TASK]


# -- the vendor's callback ------------------------------------------------------------------------


def callback(
    client: FlaskClient,
    payload: object,
    *,
    delivery: str | None = "cb-1",
    secret: str = CALLBACK_SECRET,
) -> tuple[int, Any]:
    body = json.dumps(payload).encode()
    headers = {"X-TMS-Signature": sign_body(secret, body)}
    if delivery is not None:
        headers["X-TMS-Delivery"] = delivery
    answer = client.post("/tms/callback", data=body, headers=headers)
    return answer.status_code, answer.get_json(silent=True)


def running_job(app: Flask, vendor_job_id: str) -> int:
    store: Store = app.extensions["sts_store"]
    job = store.start_job(
        repo="acme/shop",
        installation_id=7,
        pr_number=12,
        command="translate apply",
        trigger="comment:99",
        requested_by="ada",
    )
    assert store.transition(job.id, ["planned"], "submitted", vendor_job_id=vendor_job_id)
    return job.id


def test_a_callback_for_a_job_queues_its_event_once(
    app: Flask, client: FlaskClient, queue: RecordingQueue
) -> None:
    job_id = running_job(app, "v-1")
    payload = {"jobId": "v-1", "event": "job.completed"}
    assert callback(client, payload) == (204, None)
    assert callback(client, payload) == (204, None)  # the same X-TMS-Delivery again
    assert queue.sent == [
        (
            "sts.vendor_event",
            {"job_id": job_id, "event": "job.completed", "question_id": None},
        )
    ]
    question = {"jobId": "v-1", "event": "question.created", "questionId": "q-7"}
    assert callback(client, question, delivery="cb-2") == (204, None)
    assert queue.sent[1] == (
        "sts.vendor_event",
        {"job_id": job_id, "event": "question.created", "question_id": "q-7"},
    )


def test_a_callback_falls_back_to_the_body_delivery_id(
    app: Flask, client: FlaskClient, queue: RecordingQueue
) -> None:
    running_job(app, "v-1")
    payload = {"jobId": "v-1", "event": "job.completed", "deliveryId": "cb-9"}
    assert callback(client, payload, delivery=None) == (204, None)
    assert callback(client, payload, delivery=None) == (204, None)
    assert len(queue.sent) == 1


def test_a_callback_for_an_unknown_job_is_accepted_and_ignored(
    client: FlaskClient, queue: RecordingQueue
) -> None:
    assert callback(client, {"jobId": "v-404", "event": "job.completed"}) == (
        202,
        {"message": "no job of this bot has that id; ignored"},
    )
    assert queue.sent == []


@pytest.mark.parametrize(
    ("payload", "delivery", "secret", "status", "message"),
    [
        ({"jobId": "v-1"}, "cb-1", "wrong", 401, "bad or missing X-TMS-Signature"),
        (["v-1"], "cb-1", CALLBACK_SECRET, 400, "the callback has no jobId"),
        ({"jobId": 1}, "cb-1", CALLBACK_SECRET, 400, "the callback has no jobId"),
        ({"jobId": "v-1"}, None, CALLBACK_SECRET, 400, "the callback has no X-TMS-Delivery"),
        ({"jobId": "v-1"}, "x" * 129, CALLBACK_SECRET, 400, "the callback has no X-TMS-Delivery"),
    ],
)
def test_bad_callbacks(
    app: Flask,
    client: FlaskClient,
    queue: RecordingQueue,
    payload: object,
    delivery: str | None,
    secret: str,
    status: int,
    message: str,
) -> None:
    running_job(app, "v-1")
    assert callback(client, payload, delivery=delivery, secret=secret) == (
        status,
        {"message": message},
    )
    assert queue.sent == []
    if status == 401:  # nothing recorded: the genuine delivery still runs
        assert callback(client, {"jobId": "v-1", "event": "job.completed"})[0] == 204
        assert len(queue.sent) == 1


def test_a_callback_that_is_not_json_is_400(client: FlaskClient) -> None:
    body = b"jobId=v-1"
    answer = client.post(
        "/tms/callback",
        data=body,
        headers={"X-TMS-Signature": sign_body(CALLBACK_SECRET, body), "X-TMS-Delivery": "c"},
    )
    assert (answer.status_code, answer.get_json()) == (
        400,
        {"message": "the callback body is not JSON"},
    )


def test_a_callback_during_a_broker_outage_is_503_and_its_redelivery_runs(
    app: Flask, client: FlaskClient, queue: RecordingQueue
) -> None:
    job_id = running_job(app, "v-1")
    payload = {"jobId": "v-1", "event": "job.completed"}
    queue.down = True
    assert callback(client, payload) == (
        503,
        {"message": "the task queue is unavailable; redeliver this callback later"},
    )
    queue.down = False
    assert callback(client, payload) == (204, None)
    assert queue.sent == [
        ("sts.vendor_event", {"job_id": job_id, "event": "job.completed", "question_id": None})
    ]


@pytest.mark.parametrize(
    ("event", "payload"),
    [
        ("issue_comment", comment_payload(action="a" * 300)),
        ("e" * 300, {"action": "created"}),
        ("installation", {"action": "created", "installation": {"id": 2**53}}),
    ],
)
def test_oversized_header_and_payload_fields_get_a_deliberate_answer(
    client: FlaskClient, queue: RecordingQueue, event: str, payload: dict[str, Any]
) -> None:
    status, body = deliver(client, payload, event=event)
    assert (status, body["message"]) == (200, "nothing to do for this event")
    assert queue.sent == []


def test_a_callback_with_an_oversized_job_id_is_ignored(
    client: FlaskClient, queue: RecordingQueue
) -> None:
    payload = {"jobId": "v" * 300, "event": "e" * 300}
    assert callback(client, payload) == (
        202,
        {"message": "no job of this bot has that id; ignored"},
    )
    assert queue.sent == []
