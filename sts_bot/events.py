"""Webhook signatures and typed events from GitHub's headers and payload (pure, sans I/O)."""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

__all__ = [
    "BadEvent",
    "CommentEvent",
    "Event",
    "clone_url_for",
    "comment_on_pull_request",
    "parse_event",
    "signature_ok",
]


class BadEvent(ValueError):
    """A delivery the bot cannot read (its answer is a 400 with this message)."""


def signature_ok(secret: str, body: bytes, header: str | None) -> bool:
    """Whether ``X-Hub-Signature-256`` is the HMAC-SHA256 of ``body``, compared in constant time.

    >>> body = b'{"zen": "Keep it logically awesome."}'
    >>> header = "sha256=" + hmac.new(b"s3cret", body, hashlib.sha256).hexdigest()
    >>> signature_ok("s3cret", body, header), signature_ok("other", body, header)
    (True, False)
    """
    if not secret or not header or not header.startswith("sha256="):
        return False
    expected = "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
    return hmac.compare_digest(expected.encode(), header.encode("utf-8", "replace"))


@dataclass(frozen=True)
class Event:
    """Any delivery: its name, action, installation and repository, and the raw payload."""

    name: str
    delivery_id: str
    action: str | None
    installation_id: int | None
    repo: str | None
    sender: str | None
    sender_is_bot: bool
    payload: Mapping[str, Any]


@dataclass(frozen=True)
class CommentEvent:
    """A comment created on a pull request (the only comments that can carry a command)."""

    repo: str
    installation_id: int
    pr_number: int
    comment_id: int
    body: str
    author: str


def parse_event(name: str, delivery_id: str, body: bytes) -> Event:
    """Read the event from its ``X-GitHub-Event`` and ``X-GitHub-Delivery`` headers and body."""
    if not name or not delivery_id or len(delivery_id) > 64:
        raise BadEvent("X-GitHub-Event and X-GitHub-Delivery headers are required")
    try:
        payload = json.loads(body)
    except (UnicodeDecodeError, ValueError) as error:
        raise BadEvent(f"the payload is not JSON: {error}") from None
    if not isinstance(payload, dict):
        raise BadEvent("the payload is not a JSON object")
    action = payload.get("action")
    installation = _mapping(payload.get("installation"))
    repository = _mapping(payload.get("repository"))
    sender = _mapping(payload.get("sender"))
    installation_id = installation.get("id")
    login = sender.get("login")
    return Event(
        name=name,
        delivery_id=delivery_id,
        action=action if isinstance(action, str) else None,
        installation_id=installation_id if isinstance(installation_id, int) else None,
        repo=_text(repository.get("full_name")),
        sender=login if isinstance(login, str) else None,
        sender_is_bot=sender.get("type") == "Bot" or (isinstance(login, str) and "[bot]" in login),
        payload=payload,
    )


def comment_on_pull_request(event: Event) -> CommentEvent | None:
    """The comment of an ``issue_comment.created`` on a pull request by a person, else None.

    Comments on issues, edited or deleted comments and comments by bots start nothing.
    """
    if event.name != "issue_comment" or event.action != "created" or event.sender_is_bot:
        return None
    issue = _mapping(event.payload.get("issue"))
    comment = _mapping(event.payload.get("comment"))
    user = _mapping(comment.get("user"))
    if not issue.get("pull_request") or user.get("type") == "Bot":
        return None
    number, comment_id, body = issue.get("number"), comment.get("id"), comment.get("body")
    author = user.get("login")
    if (
        event.repo is None
        or event.installation_id is None
        or not isinstance(number, int)
        or not isinstance(comment_id, int)
        or not isinstance(body, str)
        or not isinstance(author, str)
    ):
        return None
    return CommentEvent(event.repo, event.installation_id, number, comment_id, body, author)


def _mapping(value: object) -> Mapping[str, Any]:
    return value if isinstance(value, dict) else {}


def _text(value: object) -> str | None:
    return value if isinstance(value, str) else None


def clone_url_for(api_url: str, full_name: str) -> str:
    """The HTTPS git URL of a repository, from the REST API's base URL (github.com or GHE).

    >>> clone_url_for("https://api.github.com", "acme/shop")
    'https://github.com/acme/shop.git'
    >>> clone_url_for("http://127.0.0.1:8004/api/v3", "acme/shop")
    'http://127.0.0.1:8004/acme/shop.git'
    """
    scheme, _, rest = api_url.rstrip("/").partition("://")
    host, _, path = rest.partition("/")
    if host.startswith("api."):
        host = host[len("api.") :]
    prefix = path.removesuffix("api/v3").strip("/")
    return f"{scheme}://{host}/{prefix + '/' if prefix else ''}{full_name}.git"
