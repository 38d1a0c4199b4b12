"""Webhook signatures, event parsing and the comments that can carry a command (pure)."""

from __future__ import annotations

import json
from typing import Any

import pytest

from sts_bot.events import (
    BadEvent,
    CommentEvent,
    clone_url_for,
    comment_on_pull_request,
    parse_event,
    signature_ok,
)

# GitHub's own test vector ("Validating webhook deliveries", docs.github.com).
SECRET = "It's a Secret to Everybody"
BODY = b"Hello, World!"
SIGNATURE = "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17"


@pytest.mark.parametrize(
    ("secret", "body", "header", "ok"),
    [
        (SECRET, BODY, SIGNATURE, True),
        (SECRET, BODY + b" ", SIGNATURE, False),
        ("another secret", BODY, SIGNATURE, False),
        (SECRET, BODY, SIGNATURE.upper().replace("SHA256=", "sha256="), False),
        (SECRET, BODY, SIGNATURE.removeprefix("sha256="), False),
        (SECRET, BODY, "sha1=757107ea0eb2509fc211221cce984b8a37570b6d", False),
        (SECRET, BODY, None, False),
        (SECRET, BODY, "", False),
        (SECRET, BODY, "sha256=", False),
        (SECRET, BODY, "sha256=ünïcode", False),
        ("", BODY, SIGNATURE, False),  # an unset secret never verifies
    ],
)
def test_signature_against_githubs_published_vector(
    secret: str, body: bytes, header: str | None, ok: bool
) -> None:
    assert signature_ok(secret, body, header) is ok


def comment_payload(**overrides: Any) -> dict[str, Any]:
    payload: dict[str, Any] = {
        "action": "created",
        "installation": {"id": 7},
        "repository": {"full_name": "acme/shop"},
        "sender": {"login": "ada", "type": "User"},
        "issue": {"number": 12, "pull_request": {"url": "https://x/pulls/12"}},
        "comment": {"id": 99, "body": "translate apply", "user": {"login": "ada", "type": "User"}},
    }
    payload.update(overrides)
    return payload


def event_of(payload: object, name: str = "issue_comment") -> Any:
    return parse_event(name, "d-1", json.dumps(payload).encode())


def test_a_comment_on_a_pull_request_by_a_person_is_read() -> None:
    event = event_of(comment_payload())
    assert (event.name, event.delivery_id, event.action) == ("issue_comment", "d-1", "created")
    assert (event.installation_id, event.repo, event.sender, event.sender_is_bot) == (
        7,
        "acme/shop",
        "ada",
        False,
    )
    assert comment_on_pull_request(event) == CommentEvent(
        "acme/shop", 7, 12, 99, "translate apply", "ada"
    )


BOT = {"login": "translator[bot]", "type": "Bot"}


@pytest.mark.parametrize(
    ("case", "overrides"),
    [
        ("comment on an issue", {"issue": {"number": 12}}),
        ("pull_request null", {"issue": {"number": 12, "pull_request": None}}),
        ("edited", {"action": "edited"}),
        ("deleted", {"action": "deleted"}),
        ("bot sender", {"sender": BOT}),
        ("[bot] login without type", {"sender": {"login": "ci[bot]", "type": "User"}}),
        (
            "bot comment author",
            {"comment": {"id": 99, "body": "translate apply", "user": BOT}},
        ),
        ("no installation", {"installation": None}),
        ("repository without name", {"repository": {}}),
        ("issue is a list", {"issue": [12]}),
        ("number is a string", {"issue": {"number": "12", "pull_request": {}}}),
        ("body is null", {"comment": {"id": 99, "body": None, "user": {"login": "ada"}}}),
        ("comment id missing", {"comment": {"body": "translate apply", "user": {"login": "a"}}}),
        ("author missing", {"comment": {"id": 99, "body": "translate apply"}}),
        ("installation id is a string", {"installation": {"id": "7"}}),
    ],
)
def test_comments_that_start_nothing(case: str, overrides: dict[str, Any]) -> None:
    assert comment_on_pull_request(event_of(comment_payload(**overrides))) is None, case


def test_other_events_are_not_comments() -> None:
    event = event_of(comment_payload(), name="pull_request_review_comment")
    assert comment_on_pull_request(event) is None


@pytest.mark.parametrize(
    ("name", "delivery", "body", "message"),
    [
        ("", "d-1", b"{}", "X-GitHub-Event and X-GitHub-Delivery headers are required"),
        ("ping", "", b"{}", "X-GitHub-Event and X-GitHub-Delivery headers are required"),
        ("ping", "d" * 65, b"{}", "X-GitHub-Event and X-GitHub-Delivery headers are required"),
        ("ping", "d-1", b"not json", "the payload is not JSON: Expecting value"),
        ("ping", "d-1", b"\xff\xfe{", "the payload is not JSON"),
        ("ping", "d-1", b"[1, 2]", "the payload is not a JSON object"),
        ("ping", "d-1", b'"text"', "the payload is not a JSON object"),
        ("ping", "d-1", b"null", "the payload is not a JSON object"),
    ],
)
def test_unreadable_deliveries(name: str, delivery: str, body: bytes, message: str) -> None:
    with pytest.raises(BadEvent, match="^" + message.replace("(", r"\(")):
        parse_event(name, delivery, body)


def test_garbled_payload_fields_read_as_absent() -> None:
    payload = {
        "action": 5,
        "installation": "7",
        "repository": {"full_name": ["acme/shop"]},
        "sender": {"login": 3, "type": "Bot"},
    }
    event = event_of(payload, name="push")
    assert (event.action, event.installation_id, event.repo, event.sender) == (
        None,
        None,
        None,
        None,
    )
    assert event.sender_is_bot is True
    assert event_of({}, name="ping").sender_is_bot is False


@pytest.mark.parametrize(
    ("api_url", "clone_url"),
    [
        ("https://api.github.com", "https://github.com/acme/shop.git"),
        ("https://api.github.com/", "https://github.com/acme/shop.git"),
        ("https://ghe.example.com/api/v3", "https://ghe.example.com/acme/shop.git"),
        ("http://127.0.0.1:8004/api/v3/", "http://127.0.0.1:8004/acme/shop.git"),
        ("http://127.0.0.1:8004/gh/api/v3", "http://127.0.0.1:8004/gh/acme/shop.git"),
    ],
)
def test_clone_url_for(api_url: str, clone_url: str) -> None:
    assert clone_url_for(api_url, "acme/shop") == clone_url
