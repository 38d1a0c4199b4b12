"""Check runs with GitHub's limits: 65,535-character texts, 50 annotations a request, 3 actions."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from flask import Blueprint, jsonify, request
from flask.typing import ResponseReturnValue
from sqlalchemy import select

from sandbox.access import RepoContext, repo_route
from sandbox.errors import ApiError, not_found, validation_failed
from sandbox.events import emit
from sandbox.models import App, CheckRun, CheckSuite, Pull, User, utcnow
from sandbox.pagination import page_slice, parse_page
from sandbox.shapes import Json, app_json, check_annotation_json, check_run_json, user_json

blueprint = Blueprint("api_checks", __name__)

MAX_TEXT = 65_535
MAX_ANNOTATIONS = 50
MAX_ACTIONS = 3
STATUSES = ("queued", "in_progress", "completed", "waiting", "requested", "pending")
CONCLUSIONS = (
    "action_required",
    "cancelled",
    "failure",
    "neutral",
    "success",
    "skipped",
    "stale",
    "timed_out",
)
ANNOTATION_LEVELS = ("notice", "warning", "failure")


def _app_of(ctx: RepoContext) -> App:
    if ctx.principal.kind != "installation" or ctx.principal.app_id is None:
        raise ApiError(403, "You must authenticate via a GitHub App.")
    app = ctx.session.get(App, ctx.principal.app_id)
    assert app is not None
    return app


def render_run(ctx: RepoContext, run: CheckRun) -> Json:
    app = ctx.session.get(App, run.app_id)
    assert app is not None
    owner = ctx.session.get(User, app.owner_id)
    assert owner is not None
    pulls = ctx.session.scalars(
        select(Pull).where(
            Pull.repository_id == ctx.repo.id, Pull.head_sha == run.head_sha, Pull.state == "open"
        )
    )
    mini = [_mini_pull(ctx, pull) for pull in pulls]
    return check_run_json(
        run, app_json(app, user_json(owner, ctx.urls), ctx.urls), ctx.api, ctx.html, mini
    )


def _mini_pull(ctx: RepoContext, pull: Pull) -> Json:
    repo = {"id": ctx.repo.id, "url": ctx.api, "name": ctx.repo.name}
    base = ctx.git.resolve_ref(f"refs/heads/{pull.base_ref}") or pull.head_sha
    return {
        "url": f"{ctx.api}/pulls/{pull.number}",
        "id": pull.id,
        "number": pull.number,
        "head": {"ref": pull.head_ref, "sha": pull.head_sha, "repo": repo},
        "base": {"ref": pull.base_ref, "sha": base, "repo": repo},
    }


def _timestamp(value: Any, field: str) -> datetime | None:
    if value is None:
        return None
    try:
        return datetime.fromisoformat(str(value)).replace(tzinfo=None, microsecond=0)
    except ValueError:
        raise validation_failed(
            "CheckRun", field, f"{field} is not a valid ISO 8601 time", "invalid"
        ) from None


def _apply(ctx: RepoContext, run: CheckRun, body: dict[str, Any]) -> None:
    """Validate and apply the writable fields shared by create and update."""
    for key in ("name", "details_url", "external_id"):
        if key in body:
            setattr(run, key, body[key])
    if "started_at" in body:
        run.started_at = _timestamp(body["started_at"], "started_at")
    status, conclusion = body.get("status"), body.get("conclusion")
    if status is not None and status not in STATUSES:
        raise validation_failed(
            "CheckRun", "status", "status is not included in the list", "invalid"
        )
    if conclusion is not None and conclusion not in CONCLUSIONS:
        raise validation_failed(
            "CheckRun", "conclusion", "conclusion is not included in the list", "invalid"
        )
    if status == "completed" and conclusion is None and run.conclusion is None:
        raise validation_failed(
            "CheckRun",
            "conclusion",
            "conclusion is required when status is completed",
            "missing_field",
        )
    if conclusion is not None:
        run.status, run.conclusion = "completed", conclusion
        run.completed_at = _timestamp(body.get("completed_at"), "completed_at") or utcnow()
    elif status is not None:
        run.status = status
        if status == "in_progress" and run.started_at is None:
            run.started_at = utcnow()
    if "output" in body:
        _apply_output(run, body["output"])
    if "actions" in body:
        run.actions = _actions(body["actions"])


def _apply_output(run: CheckRun, output: Any) -> None:
    if not isinstance(output, dict):
        raise validation_failed("CheckRun", "output", "output must be an object", "invalid")
    for key in ("summary", "text"):
        value = output.get(key)
        if isinstance(value, str) and len(value) > MAX_TEXT:
            raise validation_failed(
                "CheckRun", f"output.{key}", f"{key} is too long (maximum is {MAX_TEXT} characters)"
            )
    if not output.get("title") or not output.get("summary"):
        raise validation_failed(
            "CheckRun", "output", "title and summary are required", "missing_field"
        )
    annotations = output.get("annotations") or []
    if len(annotations) > MAX_ANNOTATIONS:
        raise validation_failed(
            "CheckRun",
            "output.annotations",
            f"at most {MAX_ANNOTATIONS} annotations may be sent per request",
        )
    for annotation in annotations:
        _check_annotation(annotation)
    run.output = {key: output.get(key) for key in ("title", "summary", "text")}
    run.annotations = [*run.annotations, *annotations]


def _check_annotation(annotation: Any) -> None:
    required = ("path", "start_line", "end_line", "annotation_level", "message")
    if not isinstance(annotation, dict) or any(annotation.get(k) is None for k in required):
        raise validation_failed(
            "CheckRun",
            "output.annotations",
            f"each annotation needs {', '.join(required)}",
            "missing_field",
        )
    if annotation["annotation_level"] not in ANNOTATION_LEVELS:
        raise validation_failed(
            "CheckRun",
            "output.annotations.annotation_level",
            "annotation_level is not included in the list",
            "invalid",
        )


def _actions(actions: Any) -> list[Any]:
    if not isinstance(actions, list) or len(actions) > MAX_ACTIONS:
        raise validation_failed(
            "CheckRun", "actions", f"at most {MAX_ACTIONS} actions may be given"
        )
    limits = {"label": 20, "description": 40, "identifier": 20}
    for action in actions:
        if not isinstance(action, dict):
            raise validation_failed("CheckRun", "actions", "actions must be objects", "invalid")
        for key, limit in limits.items():
            value = action.get(key)
            if not isinstance(value, str) or not value or len(value) > limit:
                raise validation_failed(
                    "CheckRun",
                    f"actions.{key}",
                    f"{key} is required and at most {limit} characters",
                )
    return actions


def _suite(ctx: RepoContext, app: App, head_sha: str) -> CheckSuite:
    suite = ctx.session.scalar(
        select(CheckSuite).where(
            CheckSuite.repository_id == ctx.repo.id,
            CheckSuite.head_sha == head_sha,
            CheckSuite.app_id == app.id,
        )
    )
    if suite is None:
        suite = CheckSuite(repository_id=ctx.repo.id, app_id=app.id, head_sha=head_sha)
        ctx.session.add(suite)
        ctx.session.flush()
    return suite


@repo_route(blueprint, "/check-runs", ["POST"], "checks", "write")
def create_check_run(ctx: RepoContext) -> ResponseReturnValue:
    app = _app_of(ctx)
    body = request.get_json(force=True, silent=True) or {}
    name, head_sha = body.get("name"), body.get("head_sha")
    if not isinstance(name, str) or not name:
        raise validation_failed("CheckRun", "name", "name is missing", "missing_field")
    if not isinstance(head_sha, str) or ctx.git.object_type(head_sha) != "commit":
        raise validation_failed(
            "CheckRun", "head_sha", f"No commit found for SHA: {head_sha}", "invalid"
        )
    suite = _suite(ctx, app, head_sha)
    run = CheckRun(
        repository_id=ctx.repo.id,
        check_suite_id=suite.id,
        app_id=app.id,
        head_sha=head_sha,
        name=name,
        status="queued",
        output={},
        annotations=[],
        actions=[],
    )
    _apply(ctx, run, body)
    ctx.session.add(run)
    ctx.session.commit()
    rendered = render_run(ctx, run)
    _emit_run(ctx, rendered, "created", app)
    return jsonify(rendered), 201


def _emit_run(ctx: RepoContext, rendered: Json, action: str, app: App) -> None:
    sender = ctx.session.get(User, app.bot_user_id)
    assert sender is not None
    emit(ctx, "check_run", action, sender, {"check_run": rendered})


def load_run(ctx: RepoContext, run_id: int) -> CheckRun:
    run = ctx.session.get(CheckRun, run_id)
    if run is None or run.repository_id != ctx.repo.id:
        raise not_found()
    return run


@repo_route(blueprint, "/check-runs/<int:run_id>", ["PATCH"], "checks", "write")
def update_check_run(ctx: RepoContext, run_id: int) -> ResponseReturnValue:
    app = _app_of(ctx)
    run = load_run(ctx, run_id)
    if run.app_id != app.id:
        raise ApiError(
            403,
            f"Invalid app_id `{app.id}` - check run can only be modified by the GitHub "
            "App that created it.",
        )
    _apply(ctx, run, request.get_json(force=True, silent=True) or {})
    ctx.session.commit()
    rendered = render_run(ctx, run)
    if run.status == "completed":
        _emit_run(ctx, rendered, "completed", app)
    return jsonify(rendered)


@repo_route(blueprint, "/check-runs/<int:run_id>", ["GET"], "checks", "read")
def get_check_run(ctx: RepoContext, run_id: int) -> ResponseReturnValue:
    return jsonify(render_run(ctx, load_run(ctx, run_id)))


@repo_route(blueprint, "/check-runs/<int:run_id>/annotations", ["GET"], "checks", "read")
def list_annotations(ctx: RepoContext, run_id: int) -> ResponseReturnValue:
    run = load_run(ctx, run_id)
    page = parse_page(request.args)
    return jsonify(
        [
            check_annotation_json(a, f"{ctx.html}/blob/{run.head_sha}/{a['path']}")
            for a in page_slice(run.annotations, page)
        ]
    )


@repo_route(blueprint, "/commits/<path:ref>/check-runs", ["GET"], "checks", "read")
def list_check_runs(ctx: RepoContext, ref: str) -> ResponseReturnValue:
    sha = ctx.git.resolve_commitish(ref)
    if sha is None:
        raise ApiError(422, f"No commit found for SHA: {ref}")
    query = (
        select(CheckRun)
        .where(CheckRun.repository_id == ctx.repo.id, CheckRun.head_sha == sha)
        .order_by(CheckRun.id.desc())
    )
    if request.args.get("check_name"):
        query = query.where(CheckRun.name == request.args["check_name"])
    runs = list(ctx.session.scalars(query))
    page = parse_page(request.args)
    return jsonify(
        {
            "total_count": len(runs),
            "check_runs": [render_run(ctx, run) for run in page_slice(runs, page)],
        }
    )
