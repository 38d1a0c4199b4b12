"""What every admin page needs: the settings, rendering with the actor, flashes, the namespace."""

from __future__ import annotations

from typing import Any

from flask import Response, flash, g, render_template
from sqlalchemy.orm import Session

from dss_service.models import Namespace
from dss_service.namespaces import get_namespace, list_namespaces, lock_namespace
from dss_service.settings import Settings
from dss_service.web import service


def settings() -> Settings:
    return service().settings


def render(template: str, status: int = 200, **context: Any) -> Response:
    """An admin page; every template sees ``actor`` (None before login)."""
    body = render_template(f"admin/{template}", actor=g.get("actor"), **context)
    return Response(body, status=status, mimetype="text/html")


def notice(message: str) -> None:
    flash(message, "notice")


def namespace(session: Session, name: str, *, for_write: bool = False) -> Namespace:
    """The namespace (404 page when unknown); with its write lock when the view writes."""
    return lock_namespace(session, name) if for_write else get_namespace(session, name)


def namespace_names(session: Session) -> list[str]:
    return [found.name for found in list_namespaces(session)]
