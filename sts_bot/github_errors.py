"""The GitHub gateway's exceptions, and GitHub's error answers mapped onto them (pure)."""

from __future__ import annotations

import time
from collections.abc import Mapping
from email.utils import parsedate_to_datetime
from typing import Any

DEFAULT_RATE_LIMIT_WAIT = 60.0  # GitHub: without Retry-After, wait at least a minute
NOT_FAST_FORWARD = "Update is not a fast forward"


class GitHubError(Exception):
    """GitHub refused or failed a request; the message is fit for a log line or a PR comment.

    ``status`` is the HTTP status, or ``None`` when no answer came (connection error, timeout).
    """

    def __init__(self, message: str, *, status: int | None = None) -> None:
        super().__init__(message)
        self.status = status

    @property
    def transient(self) -> bool:
        """True when the request may not have reached GitHub's end or may succeed if repeated."""
        return self.status is None or self.status >= 500


class NotFastForward(GitHubError):
    """The branch moved since the commit we built on: re-read, re-plan, retry."""


class PermissionDenied(GitHubError):
    """403, e.g. "Resource not accessible by integration": the installation lacks a permission."""


class RateLimited(GitHubError):
    """A primary or secondary rate limit; ``retry_after`` is how many seconds to wait."""

    def __init__(self, message: str, *, status: int | None, retry_after: float) -> None:
        super().__init__(message, status=status)
        self.retry_after = retry_after


def github_message(data: Any) -> str:
    """GitHub's ``message`` (plus the ``errors`` of a 422) from an error body."""
    if not isinstance(data, Mapping):
        return str(data or "").strip()[:500] or "no message"
    message = str(data.get("message") or "no message")
    details = [
        str(error.get("message") or error.get("code"))
        for error in data.get("errors") or []
        if isinstance(error, Mapping) and (error.get("message") or error.get("code"))
    ]
    return f"{message} ({'; '.join(details)})" if details else message


def is_rate_limit(status: int, headers: Mapping[str, str], message: str) -> bool:
    """429, or a 403 that GitHub marks as a rate limit by header or by message."""
    if status == 429:
        return True
    if status != 403:
        return False
    lowered = message.lower()
    return (
        "retry-after" in headers
        or headers.get("x-ratelimit-remaining") == "0"
        or lowered.startswith("api rate limit exceeded")
        or "secondary rate limit" in lowered
        or lowered.endswith("please retry your request again later.")
    )


def retry_after_seconds(headers: Mapping[str, str], now: float | None = None) -> float:
    """Seconds to wait: ``Retry-After``, else ``X-RateLimit-Reset`` if the budget is spent, else 60.

    A secondary limit answers with the primary window's ``X-RateLimit-Reset`` too, which may be
    an hour away: that header counts only when ``X-RateLimit-Remaining`` is 0, as GitHub's
    documentation prescribes.
    """
    now = time.time() if now is None else now
    retry_after = headers.get("retry-after")
    if retry_after:
        try:
            return max(0.0, float(retry_after))
        except ValueError:
            try:
                return max(0.0, parsedate_to_datetime(retry_after).timestamp() - now)
            except (TypeError, ValueError):
                pass
    reset = headers.get("x-ratelimit-reset")
    if headers.get("x-ratelimit-remaining") == "0" and reset:
        try:
            return max(1.0, float(reset) - now)
        except ValueError:
            pass
    return DEFAULT_RATE_LIMIT_WAIT


def error_from_answer(
    verb: str, path: str, status: int, headers: Mapping[str, str], data: Any
) -> GitHubError:
    """The exception for GitHub's error answer to ``verb path`` (headers with lower-case names)."""
    message = github_message(data)
    text = f"GitHub answered {status} to {verb} {path}: {message}"
    if is_rate_limit(status, headers, message):
        wait = retry_after_seconds(headers)
        return RateLimited(f"{text} (retry in {wait:.0f} s)", status=status, retry_after=wait)
    if status == 403:
        return PermissionDenied(text, status=status)
    if status == 422 and message.startswith(NOT_FAST_FORWARD):
        return NotFastForward(text, status=status)
    return GitHubError(text, status=status)


def error_without_answer(verb: str, path: str, error: Exception) -> GitHubError:
    """The exception for a request that got no answer (its URL and token are left out)."""
    return GitHubError(f"GitHub did not answer {verb} {path}: {type(error).__name__}", status=None)
