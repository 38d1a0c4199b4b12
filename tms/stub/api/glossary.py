"""``/projects/{id}/glossary``: terms with per-locale translations and do-not-translate terms."""

from __future__ import annotations

from flask import Blueprint
from flask.typing import ResponseReturnValue

from tms.stub import projects as service
from tms.stub.api.common import json_body, runtime
from tms.stub.serialize import term_json

blueprint = Blueprint("glossary", __name__)


@blueprint.get("/projects/<project_id>/glossary")
def list_terms(project_id: str) -> ResponseReturnValue:
    with runtime().sessions() as session:
        project = service.get_project(session, project_id)
        return {"items": [term_json(t) for t in service.list_glossary(session, project.id)]}


@blueprint.post("/projects/<project_id>/glossary")
def upsert_term(project_id: str) -> ResponseReturnValue:
    body = json_body()
    with runtime().sessions.begin() as session:
        term = service.upsert_term(session, service.get_project(session, project_id), body)
        session.flush()
        return term_json(term)


@blueprint.delete("/projects/<project_id>/glossary/<term_id>")
def delete_term(project_id: str, term_id: str) -> ResponseReturnValue:
    with runtime().sessions.begin() as session:
        service.delete_term(session, service.get_project(session, project_id), term_id)
    return "", 204
