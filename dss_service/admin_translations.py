"""Namespaces and their progress, translation requests, review, translators' questions."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, redirect, request, url_for
from flask.typing import ResponseReturnValue
from sqlalchemy.orm import Session

from dss_service import review, translation_requests
from dss_service.admin_common import namespace, notice, render, settings
from dss_service.admin_forms import progress_segments
from dss_service.admin_queries import open_questions
from dss_service.admin_security import current_actor, login_required, role_required
from dss_service.errors import InvalidInput
from dss_service.models import Namespace
from dss_service.namespaces import list_namespaces, parse_namespace_body, put_namespace
from dss_service.vendor import make_vendor
from dss_service.web import transaction

QUESTION_REQUESTS = 20


def register(bp: Blueprint) -> None:
    bp.add_url_rule("/", "index", index)
    bp.add_url_rule("/namespaces", "put_namespace", save_namespace, methods=["POST"])
    bp.add_url_rule("/ns/<ns>/requests", "requests", requests_page)
    bp.add_url_rule("/ns/<ns>/requests", "create_request", create_request, methods=["POST"])
    bp.add_url_rule("/ns/<ns>/review/<locale>", "review", review_page)
    bp.add_url_rule("/ns/<ns>/review/<locale>/<key>/approve", "approve", approve, methods=["POST"])
    bp.add_url_rule("/ns/<ns>/review/<locale>/<key>/reject", "reject", reject, methods=["POST"])
    bp.add_url_rule("/ns/<ns>/questions", "questions", questions_page)


def _overview(db: Session) -> list[tuple[Namespace, dict[str, Any]]]:
    """Every namespace with, per target locale, its counts and its progress bar's segments."""
    return [
        (found, {locale: (counts, progress_segments(counts)) for locale, counts in bars.items()})
        for found in list_namespaces(db)
        for bars in [review.progress(db, found)]
    ]


@login_required
def index() -> ResponseReturnValue:
    with transaction() as db:
        rows = _overview(db)
    return render("index.html", namespaces=rows, form={}, error=None)


@role_required("admin")
def save_namespace() -> ResponseReturnValue:
    name = request.form.get("name", "").strip()
    locales = request.form.get("target_locales", "").replace(",", " ").split()
    body = {
        "target_locales": locales,
        "source_edit_policy": request.form.get("source_edit_policy", "stale"),
    }
    try:
        with transaction() as db:
            _, created = put_namespace(
                db,
                current_actor(),
                name,
                parse_namespace_body(body),
                settings().source_locale,
            )
    except InvalidInput as error:
        with transaction() as db:
            rows = _overview(db)
        return render(
            "index.html", status=422, namespaces=rows, form=request.form, error=error.detail
        )
    notice(f"Namespace {name} {'created' if created else 'updated'}.")
    return redirect(url_for("admin.index"))


@login_required
def requests_page(ns: str) -> ResponseReturnValue:
    with transaction() as db:
        found = namespace(db, ns)
        rows = [
            translation_requests.describe(db, item)
            for item in translation_requests.list_requests(db, found)
        ]
    return render("requests.html", namespace=found, requests=rows)


@role_required("editor")
def create_request(ns: str) -> ResponseReturnValue:
    whole = request.form.get("scope") == "all"
    keys = None if whole else request.form.getlist("keys")
    locales = request.form.getlist("locales")
    if not whole and not keys:
        raise InvalidInput("select at least one string, or request the whole namespace")
    if not locales:
        raise InvalidInput("select at least one locale")
    with transaction() as db:
        found = namespace(db, ns, for_write=True)
        created = translation_requests.create_request(
            db, current_actor(), found, keys, locales, settings().tms_project
        )
        request_id = created.id
    what = "every string" if whole else f"{len(keys or [])} string(s)"
    notice(f"Translation request {request_id} sent: {what} into {', '.join(locales)}.")
    return redirect(url_for("admin.requests", ns=ns))


@login_required
def review_page(ns: str, locale: str) -> ResponseReturnValue:
    with transaction() as db:
        found = namespace(db, ns)
        queue = review.review_queue(db, found, locale)
    return render("review.html", namespace=found, locale=locale, queue=queue)


@role_required("editor")
def approve(ns: str, locale: str, key: str) -> ResponseReturnValue:
    with transaction() as db:
        review.approve(db, current_actor(), namespace(db, ns, for_write=True), key, locale)
    notice(f"Approved {key} in {locale}.")
    return redirect(url_for("admin.review", ns=ns, locale=locale))


@role_required("editor")
def reject(ns: str, locale: str, key: str) -> ResponseReturnValue:
    reason = request.form.get("reason", "")
    with transaction() as db:
        found = namespace(db, ns, for_write=True)
        review.reject(db, current_actor(), found, key, locale, reason)
    notice(f"Rejected {key} in {locale}.")
    return redirect(url_for("admin.review", ns=ns, locale=locale))


@login_required
def questions_page(ns: str) -> ResponseReturnValue:
    with transaction() as db:
        found = namespace(db, ns)
        recent = translation_requests.list_requests(db, found, limit=QUESTION_REQUESTS)
    with make_vendor(settings()) as vendor:
        questions, errors = open_questions(vendor, recent)
    return render("questions.html", namespace=found, questions=questions, errors=errors)
