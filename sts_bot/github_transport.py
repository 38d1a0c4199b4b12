"""PyGithub's requester as the bot uses it: retry policy, throttle, timeout, errors mapped."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import requests
from github import Auth, GithubException
from github.Requester import Requester
from requests.utils import parse_header_links
from urllib3 import Retry

from sts_bot.github_errors import error_from_answer, error_without_answer

USER_AGENT = "translation-platform-sts-bot"
PER_PAGE = 100
# Methods whose repetition cannot duplicate anything. POST is left out: PyGithub's default
# GithubRetry repeats POSTs on 5xx, which would post a comment twice. PATCH is left out
# because a ref update is not safe to repeat blindly; callers repeat a comment's PATCH.
RETRIED_METHODS = frozenset({"GET", "HEAD", "PUT", "OPTIONS"})
RETRIED_STATUSES = frozenset({500, 502, 503, 504})


def idempotent_retry() -> Retry:
    """Retry idempotent methods on 5xx and lost connections; never wait on a rate limit.

    403 and 429 are not in the status list and ``Retry-After`` is not honoured (urllib3 would
    otherwise sleep it out on a 429/503), so a rate limit reaches the caller at once as
    ``RateLimited`` and the Celery task retries later instead of a worker sleeping. Connection
    errors before a request was sent are retried for every method (nothing reached GitHub).
    """
    return Retry(
        total=3,
        connect=2,
        read=2,
        status=2,
        other=0,
        allowed_methods=RETRIED_METHODS,
        status_forcelist=RETRIED_STATUSES,
        backoff_factor=0.2,
        backoff_max=2.0,
        respect_retry_after_header=False,
        raise_on_status=False,  # the last 5xx answer reaches PyGithub, and so our error mapping
    )


class InstallationTokenAuth(Auth.Auth):
    """``Authorization: token …`` with a token asked of ``source`` at every request."""

    def __init__(self, source: Callable[[], str]) -> None:
        self._source = source

    @property
    def token_type(self) -> str:
        return "token"

    @property
    def token(self) -> str:
        return self._source()

    @property
    def _masked_token(self) -> str:
        return "token (installation token removed)"


def make_requester(
    api_url: str, auth: Auth.Auth, *, throttle_seconds: float, timeout: float
) -> Requester:
    """A PyGithub requester: ``base_url`` (GHE form allowed), throttle, timeout, retry policy.

    Built directly rather than through ``Github(...)``, whose constructor insists on an
    integer timeout; writes wait four times the throttle, PyGithub's default ratio (0.25/1 s).
    """
    if throttle_seconds < 0:
        raise ValueError("throttle_seconds must be 0 or more")
    return Requester(
        auth=auth,
        base_url=api_url.rstrip("/"),
        timeout=timeout,  # type: ignore[arg-type]  # requests takes float seconds
        user_agent=USER_AGENT,
        per_page=PER_PAGE,
        verify=True,
        retry=idempotent_retry(),
        pool_size=None,
        seconds_between_requests=throttle_seconds or None,
        seconds_between_writes=4 * throttle_seconds or None,
        lazy=True,
    )


def call(
    requester: Requester,
    verb: str,
    path: str,
    *,
    body: Any | None = None,
    params: dict[str, Any] | None = None,
) -> tuple[dict[str, Any], Any]:
    """One REST call: ``(headers with lower-case names, JSON body)``, or a ``GitHubError``."""
    label = path.split("?", 1)[0]
    try:
        return requester.requestJsonAndCheck(verb, path, parameters=params, input=body)
    except GithubException as exc:
        headers = {str(k).lower(): str(v) for k, v in (exc.headers or {}).items()}
        raise error_from_answer(verb, label, exc.status, headers, exc.data) from exc
    except requests.RequestException as exc:
        raise error_without_answer(verb, label, exc) from exc


def pages(requester: Requester, path: str, params: dict[str, Any] | None = None) -> Iterator[Any]:
    """The JSON body of each page of a list, following the ``Link: rel="next"`` header."""
    url: str | None = path
    parameters = {"per_page": PER_PAGE, **(params or {})}
    while url is not None:
        headers, data = call(requester, "GET", url, params=parameters)
        yield data
        url, parameters = next_link(headers.get("link")), {}


def next_link(link_header: str | None) -> str | None:
    """The ``rel="next"`` URL of a ``Link`` header, if any."""
    if not link_header:
        return None
    for link in parse_header_links(link_header):
        if link.get("rel") == "next":
            return link.get("url")
    return None


__all__ = [
    "PER_PAGE",
    "InstallationTokenAuth",
    "call",
    "idempotent_retry",
    "make_requester",
    "next_link",
    "pages",
]
