"""The vendor's error shape: ``{"error": {"code": ..., "message": ...}}`` with an HTTP status."""

from __future__ import annotations

from typing import Any


class ApiError(Exception):
    """A request the stub refuses, raised by services and rendered by the API."""

    def __init__(self, status: int, code: str, message: str, **details: Any) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.details = details

    def body(self) -> dict[str, Any]:
        error: dict[str, Any] = {"code": self.code, "message": self.message}
        if self.details:
            error["details"] = self.details
        return {"error": error}


def not_found(what: str, identifier: str) -> ApiError:
    return ApiError(404, "not_found", f"{what} {identifier!r} does not exist")


def invalid(message: str, **details: Any) -> ApiError:
    return ApiError(422, "validation_failed", message, **details)
