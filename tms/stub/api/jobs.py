"""``/projects/{id}/jobs``: create (idempotent), list, read and cancel jobs."""

from __future__ import annotations

from flask import Blueprint, request
from flask.typing import ResponseReturnValue
from sqlalchemy.exc import IntegrityError

from tms.stub import jobs as service
from tms.stub.api.common import runtime
from tms.stub.job_spec import parse_job_spec
from tms.stub.projects import get_project
from tms.stub.serialize import job_json

blueprint = Blueprint("jobs", __name__)


@blueprint.get("/projects/<project_id>/jobs")
def list_jobs(project_id: str) -> ResponseReturnValue:
    with runtime().sessions() as session:
        project = get_project(session, project_id)
        jobs = service.list_jobs(session, project, request.args.get("state"))
        return {"items": [job_json(session, job) for job in jobs]}


@blueprint.post("/projects/<project_id>/jobs")
def create_job(project_id: str) -> ResponseReturnValue:
    spec = parse_job_spec(request.get_json(silent=True), request.headers.get("Idempotency-Key"))
    stub = runtime()
    try:
        with stub.advance_lock, stub.sessions.begin() as session:
            project = get_project(session, project_id)
            existing = service.find_by_idempotency_key(session, project, spec)
            if existing is not None:
                return job_json(session, existing), 200
            job = service.create_job(session, project, spec, stub.faults)
            session.flush()
            return job_json(session, job), 201
    except IntegrityError:
        # The same key committed by a concurrent request in between: answer with that job.
        with stub.sessions() as session:
            project = get_project(session, project_id)
            existing = service.find_by_idempotency_key(session, project, spec)
            if existing is None:
                raise
            return job_json(session, existing), 200


@blueprint.get("/projects/<project_id>/jobs/<job_id>")
def get_job(project_id: str, job_id: str) -> ResponseReturnValue:
    stub = runtime()
    stub.advance(project_id, job_id)
    with stub.sessions() as session:
        job = service.get_job(session, get_project(session, project_id), job_id)
        return job_json(session, job)


@blueprint.post("/projects/<project_id>/jobs/<job_id>/cancel")
def cancel_job(project_id: str, job_id: str) -> ResponseReturnValue:
    stub = runtime()
    with stub.advance_lock, stub.sessions.begin() as session:
        job = service.get_job(session, get_project(session, project_id), job_id)
        service.cancel_job(session, job, stub.faults)
        session.flush()
        return job_json(session, job)
