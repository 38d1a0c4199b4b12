"""API tokens: create (the token is shown once), list, revoke; admins only."""

from __future__ import annotations

from flask import Blueprint, redirect, request, url_for
from flask.typing import ResponseReturnValue

from dss_service.admin_common import notice, render
from dss_service.admin_security import current_actor, role_required
from dss_service.auth import ROLES, create_token, list_tokens, revoke_token
from dss_service.errors import InvalidInput
from dss_service.web import transaction


def register(bp: Blueprint) -> None:
    bp.add_url_rule("/tokens", "tokens", tokens_page)
    bp.add_url_rule("/tokens", "create_token", create, methods=["POST"])
    bp.add_url_rule("/tokens/<int:token_id>/revoke", "revoke_token", revoke, methods=["POST"])


@role_required("admin")
def tokens_page() -> ResponseReturnValue:
    with transaction() as db:
        tokens = list_tokens(db)
    return render("tokens.html", tokens=tokens, roles=ROLES, created=None, error=None)


@role_required("admin")
def create() -> ResponseReturnValue:
    """The new token is in this response only; the database keeps its hash."""
    name = request.form.get("name", "").strip()
    role = request.form.get("role", "")
    try:
        with transaction() as db:
            token, plain = create_token(db, current_actor(), name, role)
            created = (token.name, token.role, plain)
    except InvalidInput as error:
        with transaction() as db:
            tokens = list_tokens(db)
        return render(
            "tokens.html", status=422, tokens=tokens, roles=ROLES, created=None, error=error.detail
        )
    with transaction() as db:
        tokens = list_tokens(db)
    return render("tokens.html", tokens=tokens, roles=ROLES, created=created, error=None)


@role_required("admin")
def revoke(token_id: int) -> ResponseReturnValue:
    with transaction() as db:
        token = revoke_token(db, current_actor(), token_id)
        name = token.name
    notice(f"Token {name} revoked.")
    return redirect(url_for("admin.tokens"))
