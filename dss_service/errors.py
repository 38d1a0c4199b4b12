"""Errors of the domain layer, each carrying the HTTP status and title the API answers with."""

from __future__ import annotations

from collections.abc import Sequence


class DssError(Exception):
    """A request the service refuses; ``detail`` is a sentence for the person who sent it."""

    status = 400
    title = "Bad request"

    def __init__(self, detail: str) -> None:
        super().__init__(detail)
        self.detail = detail


class InvalidInput(DssError):
    status = 422
    title = "Invalid input"


class UnknownFields(InvalidInput):
    """A body names fields the endpoint does not know."""

    def __init__(self, where: str, fields: Sequence[str]) -> None:
        names = ", ".join(sorted(fields))
        super().__init__(f"unknown field(s) in {where}: {names}")
        self.fields = sorted(fields)


class BadRequest(DssError):
    status = 400
    title = "Bad request"


class NotFound(DssError):
    status = 404
    title = "Not found"


class Forbidden(DssError):
    status = 403
    title = "Forbidden"


class Unauthorized(DssError):
    status = 401
    title = "Unauthorized"


class Conflict(DssError):
    status = 409
    title = "Conflict"


class PreconditionFailed(DssError):
    status = 412
    title = "Precondition failed"
