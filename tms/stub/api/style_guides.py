"""``/projects/{id}/style-guides/{locale}``: one style guide text per target locale."""

from __future__ import annotations

from flask import Blueprint
from flask.typing import ResponseReturnValue

from tms.stub import projects as service
from tms.stub.api.common import json_body, runtime
from tms.stub.serialize import style_guide_json

blueprint = Blueprint("style_guides", __name__)


@blueprint.get("/projects/<project_id>/style-guides/<locale>")
def get_style_guide(project_id: str, locale: str) -> ResponseReturnValue:
    with runtime().sessions() as session:
        project = service.get_project(session, project_id)
        return style_guide_json(service.get_style_guide(session, project, locale))


@blueprint.put("/projects/<project_id>/style-guides/<locale>")
def put_style_guide(project_id: str, locale: str) -> ResponseReturnValue:
    body = json_body()
    with runtime().sessions.begin() as session:
        project = service.get_project(session, project_id)
        guide = service.put_style_guide(session, project, locale, body.get("text"))
        return style_guide_json(guide)
