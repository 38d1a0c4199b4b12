"""Log in and out of the admin UI (users are created with ``flask create-user``)."""

from __future__ import annotations

from flask import Blueprint, g, redirect, request, url_for
from flask.typing import ResponseReturnValue

from dss_service.admin_common import notice, render
from dss_service.admin_security import log_in, log_out, safe_next
from dss_service.auth import authenticate_user
from dss_service.web import transaction


def register(bp: Blueprint) -> None:
    bp.add_url_rule("/login", "login", login, methods=["GET", "POST"])
    bp.add_url_rule("/logout", "logout", logout, methods=["POST"])


def login() -> ResponseReturnValue:
    target = request.values.get("next")
    if request.method == "GET":
        if g.get("actor") is not None:
            return redirect(safe_next(target))
        return render("login.html", name="", next=target or "", error=None)
    name = request.form.get("name", "").strip()
    password = request.form.get("password", "")
    with transaction() as db:
        actor = authenticate_user(db, name, password) if name and password else None
    if actor is None:
        error = "Wrong user name or password."
        return render("login.html", status=401, name=name, next=target or "", error=error)
    log_in(actor)
    return redirect(safe_next(target))


def logout() -> ResponseReturnValue:
    log_out()
    notice("You are logged out.")
    return redirect(url_for("admin.login"))
