"""``/projects/{id}/jobs/{jobId}/questions``: translators' questions, answered by the platform."""

from __future__ import annotations

from flask import Blueprint, request
from flask.typing import ResponseReturnValue

from tms.stub import questions as service
from tms.stub.api.common import json_body, runtime
from tms.stub.jobs import get_job
from tms.stub.projects import get_project
from tms.stub.serialize import question_json

blueprint = Blueprint("questions", __name__)


@blueprint.get("/projects/<project_id>/jobs/<job_id>/questions")
def list_questions(project_id: str, job_id: str) -> ResponseReturnValue:
    with runtime().sessions() as session:
        job = get_job(session, get_project(session, project_id), job_id)
        found = service.list_questions(session, job, request.args.get("status"))
        return {"items": [question_json(q) for q in found]}


@blueprint.post("/projects/<project_id>/jobs/<job_id>/questions/<question_id>/answer")
def answer_question(project_id: str, job_id: str, question_id: str) -> ResponseReturnValue:
    answer = json_body().get("answer")
    with runtime().sessions.begin() as session:
        job = get_job(session, get_project(session, project_id), job_id)
        question = service.get_question(session, job, question_id)
        service.answer_question(session, question, answer if isinstance(answer, str) else "")
        return question_json(question)


@blueprint.post("/projects/<project_id>/jobs/<job_id>/questions/<question_id>/resolve")
def resolve_question(project_id: str, job_id: str, question_id: str) -> ResponseReturnValue:
    stub = runtime()
    with stub.sessions.begin() as session:
        job = get_job(session, get_project(session, project_id), job_id)
        question = service.get_question(session, job, question_id)
        service.resolve_question(session, job, question, stub.faults)
        return question_json(question)
