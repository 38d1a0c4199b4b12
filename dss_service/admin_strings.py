"""Strings: browse and search, create, edit (versioned), trash and restore, history."""

from __future__ import annotations

from flask import Blueprint, abort, redirect, request, url_for
from flask.typing import ResponseReturnValue
from werkzeug.datastructures import MultiDict

from dss_service import audit, strings
from dss_service.admin_common import namespace, namespace_names, notice, render, settings
from dss_service.admin_forms import changes, parse_version, string_body, string_form_values
from dss_service.admin_queries import create_string
from dss_service.admin_security import current_actor, login_required, role_required
from dss_service.errors import BadRequest, Conflict, InvalidInput, NotFound, PreconditionFailed
from dss_service.models import DynamicString
from dss_service.web import transaction

PAGE_SIZE = 50
FILTER_FIELDS = ("tag", "locale", "state", "q")


def register(bp: Blueprint) -> None:
    bp.add_url_rule("/strings", "browse", browse)
    bp.add_url_rule("/ns/<ns>/new", "new_string", new_string, methods=["GET"])
    bp.add_url_rule("/ns/<ns>/new", "create_string", create, methods=["POST"])
    bp.add_url_rule("/ns/<ns>/strings/<key>", "string", show)
    bp.add_url_rule("/ns/<ns>/strings/<key>", "update_string", update, methods=["POST"])
    bp.add_url_rule("/ns/<ns>/strings/<key>/delete", "delete_string", delete, methods=["POST"])
    bp.add_url_rule("/ns/<ns>/strings/<key>/history", "history", history)
    bp.add_url_rule("/ns/<ns>/trash", "trash", trash)
    bp.add_url_rule("/ns/<ns>/trash/<key>/restore", "restore", restore, methods=["POST"])


def _values(string: DynamicString) -> dict[str, str]:
    return string_form_values(
        string.text, string.plural, string.description, string.max_length, list(string.tags)
    )


@login_required
def browse() -> ResponseReturnValue:
    """Strings of one namespace, filtered by tag, state per locale and text; cursor pages."""
    with transaction() as db:
        names = namespace_names(db)
        ns = request.args.get("ns") or (names[0] if names else "")
        if not ns:
            return render("browse.html", namespace=None, names=names, rows=[], error=None)
        found = namespace(db, ns)
        args = {name: request.args.get(name, "") for name in FILTER_FIELDS}
        error = None
        try:
            filters = strings.parse_filter({k: v for k, v in args.items() if v}, found)
            rows, next_cursor = strings.list_strings(
                db, found, filters, cursor=request.args.get("cursor") or None, limit=PAGE_SIZE
            )
        except (InvalidInput, BadRequest) as problem:
            rows, next_cursor, error = [], None, problem.detail
        table = [(row, strings.current_translations(row)) for row in rows]
        tags = strings.tags_in_use(db, found)
    status = 400 if error else 200
    return render(
        "browse.html",
        status=status,
        namespace=found,
        names=names,
        args=args,
        rows=table,
        tags=tags,
        states=strings.LIST_STATES,
        next_cursor=next_cursor,
        cursor=request.args.get("cursor", ""),
        error=error,
    )


@role_required("editor")
def new_string(ns: str) -> ResponseReturnValue:
    with transaction() as db:
        found = namespace(db, ns)
    values = string_form_values(None, None, "", None, [])
    return render("string_form.html", namespace=found, key="", values=values, string=None)


@role_required("editor")
def create(ns: str) -> ResponseReturnValue:
    key = request.form.get("key", "").strip()
    try:
        data = strings.parse_string_body(string_body(request.form))
        with transaction() as db:
            found = namespace(db, ns, for_write=True)
            create_string(
                db, current_actor(), found, key, data, vendor_project=settings().tms_project
            )
    except (InvalidInput, Conflict) as error:
        with transaction() as db:
            found = namespace(db, ns)
        return render(
            "string_form.html",
            status=error.status,
            namespace=found,
            key=key,
            values=_form_values(request.form),
            string=None,
            error=error.detail,
        )
    notice(f"String {key} created.")
    return redirect(url_for("admin.string", ns=ns, key=key))


def _form_values(form: MultiDict[str, str]) -> dict[str, str]:
    return {name: form.get(name, "") for name in form}


@login_required
def show(ns: str, key: str) -> ResponseReturnValue:
    with transaction() as db:
        found = namespace(db, ns)
        string = strings.get_string(db, found, key)
        current = strings.current_translations(string)
    return render(
        "string_form.html",
        namespace=found,
        key=key,
        values=_values(string),
        string=string,
        version=string.version,
        translations=current,
    )


@role_required("editor")
def update(ns: str, key: str) -> ResponseReturnValue:
    """Save the form over the version it was rendered at; a newer saved version is a conflict
    shown beside the user's unsaved input, never overwritten."""
    try:
        version = parse_version(request.form.get("version"))
        data = strings.parse_string_body(string_body(request.form))
        with transaction() as db:
            found = namespace(db, ns, for_write=True)
            strings.put_string(
                db,
                current_actor(),
                found,
                key,
                data,
                if_match=version,
                vendor_project=settings().tms_project,
            )
    except (InvalidInput, PreconditionFailed) as error:
        return _edit_again(ns, key, error, _form_values(request.form))
    notice(f"String {key} saved.")
    return redirect(url_for("admin.string", ns=ns, key=key))


def _edit_again(
    ns: str, key: str, error: InvalidInput | PreconditionFailed, mine: dict[str, str] | None
) -> ResponseReturnValue:
    """The edit page again with ``error``; ``mine`` is the unsaved input (None: show saved)."""
    with transaction() as db:
        found = namespace(db, ns)
        try:
            string = strings.get_string(db, found, key)
        except NotFound:
            abort(409, f"string {key!r} was deleted while you edited it; restore it from the trash")
        current = strings.current_translations(string)
    conflict = isinstance(error, PreconditionFailed)
    return render(
        "string_form.html",
        status=409 if conflict else error.status,
        namespace=found,
        key=key,
        values=_values(string) if mine is None else mine,
        string=string,
        # After a conflict the form carries the saved version: saving again is a decision
        # made with the other person's change on screen.
        version=string.version if conflict else request.form.get("version", ""),
        translations=current,
        error=error.detail,
        conflict=_values(string) if conflict and mine is not None else None,
    )


@role_required("editor")
def delete(ns: str, key: str) -> ResponseReturnValue:
    try:
        version = parse_version(request.form.get("version"))
        with transaction() as db:
            found = namespace(db, ns, for_write=True)
            strings.delete_string(db, current_actor(), found, key, if_match=version)
    except PreconditionFailed as error:
        return _edit_again(ns, key, error, None)
    notice(f"String {key} moved to the trash.")
    return redirect(url_for("admin.browse", ns=ns))


@login_required
def trash(ns: str) -> ResponseReturnValue:
    with transaction() as db:
        found = namespace(db, ns)
        rows, next_cursor = strings.list_strings(
            db,
            found,
            strings.StringFilter(deleted=True),
            cursor=request.args.get("cursor") or None,
            limit=PAGE_SIZE,
        )
    return render("trash.html", namespace=found, rows=rows, next_cursor=next_cursor)


@role_required("editor")
def restore(ns: str, key: str) -> ResponseReturnValue:
    with transaction() as db:
        strings.restore_string(db, current_actor(), namespace(db, ns, for_write=True), key)
    notice(f"String {key} restored.")
    return redirect(url_for("admin.string", ns=ns, key=key))


@login_required
def history(ns: str, key: str) -> ResponseReturnValue:
    with transaction() as db:
        found = namespace(db, ns)
        entries = [
            (entry, changes(entry.old, entry.new)) for entry in audit.history(db, found.id, key)
        ]
    return render("history.html", namespace=found, key=key, entries=entries)
