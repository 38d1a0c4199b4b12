"""The exceptions ``tms.client`` raises, one per thing a caller can do about it."""

from __future__ import annotations

__all__ = [
    "TMSAuthError",
    "TMSBadResponse",
    "TMSError",
    "TMSNotFound",
    "TMSRateLimited",
    "TMSRejected",
    "TMSUnavailable",
]


class TMSError(Exception):
    """Anything that went wrong talking to the vendor."""

    def __init__(
        self,
        message: str,
        *,
        status: int | None = None,
        code: str | None = None,
        excerpt: str | None = None,
    ):
        super().__init__(message)
        self.message = message
        self.status = status
        self.code = code
        self.excerpt = excerpt  # the start of a body that was not the vendor's JSON, if any


class TMSBadResponse(TMSError):
    """A success answer that is not the vendor's API: no body, or not JSON (e.g. a proxy's)."""


class TMSUnavailable(TMSError):
    """No useful answer within the retry budget (5xx, timeouts, 429): try again later."""


class TMSRateLimited(TMSUnavailable):
    """Still rate limited (429) after the retry budget; ``retry_after`` seconds, when given."""

    def __init__(
        self,
        message: str,
        *,
        retry_after: float | None = None,
        status: int = 429,
        code: str | None = None,
        excerpt: str | None = None,
    ) -> None:
        super().__init__(message, status=status, code=code, excerpt=excerpt)
        self.retry_after = retry_after


class TMSRejected(TMSError):
    """The vendor refused the request (4xx): retrying the same request will not help."""


class TMSAuthError(TMSRejected):
    """The token is missing, wrong or lacks a permission (401, 403)."""


class TMSNotFound(TMSRejected):
    """The project, job, question or term does not exist (404)."""
