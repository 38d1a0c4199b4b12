"""``/projects/{id}/jobs/{jobId}/translations``: finished translations of one locale, paginated."""

from __future__ import annotations

from flask import Blueprint, request
from flask.typing import ResponseReturnValue

from tms.stub import jobs as service
from tms.stub.api.common import runtime
from tms.stub.errors import invalid
from tms.stub.projects import get_project
from tms.stub.serialize import translation_json

blueprint = Blueprint("translations", __name__)


@blueprint.get("/projects/<project_id>/jobs/<job_id>/translations")
def list_translations(project_id: str, job_id: str) -> ResponseReturnValue:
    locale = request.args.get("locale")
    if not locale:
        raise invalid("the locale query parameter is required")
    try:
        limit = int(request.args.get("limit", "100"))
    except ValueError:
        raise invalid("limit must be an integer") from None
    stub = runtime()
    with stub.sessions() as session:
        job = service.get_job(session, get_project(session, project_id), job_id)
        if job.state not in service.FINAL_STATES:  # a finished job has nothing to advance
            session.close()
            stub.advance(project_id, job_id)
            job = service.get_job(session, get_project(session, project_id), job_id)
        rows, cursor = service.translations_page(
            session, job, locale, request.args.get("cursor"), limit
        )
        return {
            "jobId": job.id,
            "locale": locale,
            "state": job.state,
            "items": [translation_json(row) for row in rows],
            "nextCursor": cursor,
        }
