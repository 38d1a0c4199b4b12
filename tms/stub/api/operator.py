"""``/api/v1/operator``: what the vendor's staff do — complete or fail jobs, ask questions,
load translation memory, inspect callbacks and set faults. Never faulted itself."""

from __future__ import annotations

from dataclasses import fields

from flask import Blueprint, request
from flask.typing import ResponseReturnValue
from sqlalchemy import select

from tms.stub import jobs as job_service
from tms.stub.api.common import json_body, runtime
from tms.stub.errors import invalid
from tms.stub.faults import PlannedFault
from tms.stub.ids import iso
from tms.stub.memory import import_memory, read_json
from tms.stub.models import OutboxCallback
from tms.stub.projects import get_project
from tms.stub.questions import raise_question
from tms.stub.serialize import callback_json, job_json, question_json
from tms.stub.settings import FaultSettings

blueprint = Blueprint("operator", __name__)


@blueprint.post("/projects/<project_id>/jobs/<job_id>/complete")
def complete_job(project_id: str, job_id: str) -> ResponseReturnValue:
    stub = runtime()
    stub.advance(project_id, job_id, force_complete=True)
    with stub.sessions() as session:
        return job_json(
            session, job_service.get_job(session, get_project(session, project_id), job_id)
        )


@blueprint.post("/projects/<project_id>/jobs/<job_id>/fail")
def fail_job(project_id: str, job_id: str) -> ResponseReturnValue:
    reason = str(json_body().get("reason") or "failed by the operator")
    stub = runtime()
    with stub.advance_lock, stub.sessions.begin() as session:
        job = job_service.get_job(session, get_project(session, project_id), job_id)
        job_service.fail_job(session, job, stub.faults, reason)
        session.flush()
        return job_json(session, job)


@blueprint.post("/projects/<project_id>/jobs/<job_id>/questions")
def ask_question(project_id: str, job_id: str) -> ResponseReturnValue:
    body = json_body()
    stub = runtime()
    with stub.sessions.begin() as session:
        job = job_service.get_job(session, get_project(session, project_id), job_id)
        question = raise_question(
            session,
            job,
            stub.faults,
            str(body.get("text") or ""),
            key=body.get("key"),
            locale=body.get("locale"),
        )
        session.flush()
        return question_json(question), 201


@blueprint.post("/projects/<project_id>/memory")
def load_memory(project_id: str) -> ResponseReturnValue:
    body = json_body()
    try:
        items = read_json(body)
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise invalid(f"not a translation memory: {exc}") from None
    with runtime().sessions.begin() as session:
        project = get_project(session, project_id)
        return {"imported": import_memory(session, project.id, items)}


@blueprint.get("/callbacks")
def list_callbacks() -> ResponseReturnValue:
    query = select(OutboxCallback).order_by(OutboxCallback.id)
    if request.args.get("jobId"):
        query = query.where(OutboxCallback.job_id == request.args["jobId"])
    with runtime().sessions() as session:
        return {"items": [callback_json(c) for c in session.scalars(query)]}


@blueprint.get("/faults")
def get_faults() -> ResponseReturnValue:
    return runtime().faults.describe()


@blueprint.put("/faults")
def put_faults() -> ResponseReturnValue:
    body = json_body()
    names = {f.name for f in fields(FaultSettings)}
    unknown = set(body.get("settings", {})) - names
    if unknown:
        raise invalid(f"unknown fault settings: {', '.join(sorted(unknown))}")
    try:
        settings = FaultSettings(**body.get("settings", {}))
        script = [PlannedFault.from_json(item) for item in body.get("script", [])]
        runtime().faults.configure(settings, script)
    except (TypeError, ValueError, KeyError) as exc:
        raise invalid(str(exc)) from None
    return runtime().faults.describe()


def _clock_json() -> ResponseReturnValue:
    clock = runtime().clock
    return {"now": iso(clock.now()), "offsetSeconds": clock.offset}


@blueprint.get("/clock")
def get_clock() -> ResponseReturnValue:
    """The stub's time, from which delayed jobs' progress is computed."""
    return _clock_json()


@blueprint.post("/clock")
def advance_clock() -> ResponseReturnValue:
    """Move the stub's clock forward by ``advanceSeconds``; due jobs advance on the next tick."""
    seconds = json_body().get("advanceSeconds")
    if isinstance(seconds, bool) or not isinstance(seconds, int | float) or seconds < 0:
        raise invalid("advanceSeconds must be a number >= 0")
    runtime().clock.advance(float(seconds))
    return _clock_json()
