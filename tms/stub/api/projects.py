"""``/projects``: create, list, read and update projects."""

from __future__ import annotations

from flask import Blueprint
from flask.typing import ResponseReturnValue

from tms.stub import projects as service
from tms.stub.api.common import json_body, runtime
from tms.stub.serialize import project_json

blueprint = Blueprint("projects", __name__)


@blueprint.get("/projects")
def list_projects() -> ResponseReturnValue:
    with runtime().sessions() as session:
        return {"items": [project_json(p) for p in service.list_projects(session)]}


@blueprint.post("/projects")
def create_project() -> ResponseReturnValue:
    body = json_body()
    with runtime().sessions.begin() as session:
        project = service.create_project(session, body, runtime().settings)
        return project_json(project), 201


@blueprint.get("/projects/<project_id>")
def get_project(project_id: str) -> ResponseReturnValue:
    with runtime().sessions() as session:
        return project_json(service.get_project(session, project_id))


@blueprint.patch("/projects/<project_id>")
def update_project(project_id: str) -> ResponseReturnValue:
    body = json_body()
    with runtime().sessions.begin() as session:
        project = service.update_project(service.get_project(session, project_id), body)
        return project_json(project)
