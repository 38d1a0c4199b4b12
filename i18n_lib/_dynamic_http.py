"""Dynamic strings: one bundle request to the service, and its answer read as a result."""

from __future__ import annotations

import email.utils
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal
from urllib.parse import quote

import requests

__all__ = [
    "BundleResult",
    "bundle_url",
    "fetch_bundle",
    "parse_retry_after",
    "read_bundle_response",
]

ResultKind = Literal["full", "delta", "not_modified", "building", "retry_later", "error"]
USER_AGENT = "i18n_lib-dynamic-strings/1"


@dataclass(frozen=True)
class BundleResult:
    """What one bundle request came to; ``error`` says what went wrong in words."""

    kind: ResultKind
    version: int | None = None
    since: int | None = None
    etag: str | None = None
    strings: dict[str, Any] = field(default_factory=dict)
    deleted: tuple[str, ...] = ()
    retry_after: float | None = None
    error: str | None = None


def bundle_url(base_url: str, namespace: str, locale: str) -> str:
    """Return the bundle URL of one namespace and locale.

    >>> bundle_url('http://dss/', 'home', 'es-MX')
    'http://dss/api/v1/namespaces/home/bundles/es-MX'
    """
    ns, loc = quote(namespace, safe=""), quote(locale, safe="")
    return f"{base_url.rstrip('/')}/api/v1/namespaces/{ns}/bundles/{loc}"


def parse_retry_after(value: str | None, now: float) -> float | None:
    """Return the seconds a ``Retry-After`` value asks for (delta-seconds or an HTTP date).

    >>> parse_retry_after('7', 0.0), parse_retry_after('soon', 0.0), parse_retry_after(None, 0.0)
    (7.0, None, None)
    >>> parse_retry_after('Thu, 01 Jan 1970 00:01:40 GMT', 40.0)
    60.0
    """
    if value is None:
        return None
    text = value.strip()
    if text.isdigit():
        return float(text)
    try:
        moment = email.utils.parsedate_to_datetime(text)
    except (TypeError, ValueError):
        return None
    return max(0.0, moment.timestamp() - now)


def _problem(status: int, body: bytes) -> str:
    try:
        data = json.loads(body)
    except ValueError:
        data = None
    if isinstance(data, dict) and ("title" in data or "detail" in data):
        parts = [str(data[name]) for name in ("title", "detail") if data.get(name)]
        return f"HTTP {status}: " + ": ".join(parts)
    return f"HTTP {status}"


def _int(value: object) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def read_bundle_response(
    status: int, headers: Mapping[str, str], body: bytes, *, now: float
) -> BundleResult:
    """Read one answer of the bundle endpoint (status, headers, body) as a result."""
    etag = headers.get("ETag")
    retry_after = parse_retry_after(headers.get("Retry-After"), now)
    if status == 304:
        return BundleResult("not_modified", etag=etag)
    if status == 202:
        return BundleResult("building", retry_after=retry_after)
    if status in (429, 503):
        return BundleResult("retry_later", retry_after=retry_after, error=_problem(status, body))
    if status != 200:
        return BundleResult("error", error=_problem(status, body))
    try:
        data = json.loads(body)
    except ValueError:
        return BundleResult("error", error="HTTP 200: body is not JSON")
    if not isinstance(data, dict):
        return BundleResult("error", error="HTTP 200: body is not a JSON object")
    version, strings = _int(data.get("version")), data.get("strings")
    deleted = data.get("deleted", [])
    if version is None or not isinstance(strings, dict):
        return BundleResult("error", error="HTTP 200: bundle without an integer version or strings")
    if not isinstance(deleted, list) or not all(isinstance(key, str) for key in deleted):
        return BundleResult("error", error="HTTP 200: 'deleted' is not a list of keys")
    if data.get("delta") is True:
        since = _int(data.get("since"))
        if since is None:
            return BundleResult("error", error="HTTP 200: delta without an integer 'since'")
        return BundleResult("delta", version, since, etag, strings, tuple(deleted))
    return BundleResult("full", version, None, etag, strings)


def fetch_bundle(
    session: requests.Session,
    url: str,
    token: str,
    *,
    etag: str | None,
    since: int | None,
    approved_only: bool,
    timeout: float,
    now: float,
) -> BundleResult:
    """Ask for one bundle (conditionally, as a delta when ``since`` is known); never raise."""
    headers = {
        "Authorization": f"Bearer {token}",
        "Accept": "application/json",
        "User-Agent": USER_AGENT,
    }
    if etag:
        headers["If-None-Match"] = etag
    params: dict[str, str] = {}
    if since is not None:
        params["since"] = str(since)
    if approved_only:
        params["status"] = "approved"
    try:
        response = session.get(url, headers=headers, params=params, timeout=timeout)
        body = response.content
    except requests.RequestException as exc:
        return BundleResult("error", error=f"{type(exc).__name__}: {exc}")
    return read_bundle_response(response.status_code, response.headers, body, now=now)
