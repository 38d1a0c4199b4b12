"""``GET /openapi.json``: an OpenAPI 3 description of the stub's API, written by hand."""

from __future__ import annotations

from typing import Any

from flask import Blueprint
from flask.typing import ResponseReturnValue

from appkit.version import platform_version

_P = "/api/v1/projects/{projectId}"
_J = _P + "/jobs/{jobId}"


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def _op(
    summary: str,
    response: str | None,
    *,
    status: str = "200",
    body: str | None = None,
    query: tuple[str, ...] = (),
    headers: tuple[str, ...] = (),
) -> dict[str, Any]:
    operation: dict[str, Any] = {
        "summary": summary,
        "responses": {
            status: {"description": summary}
            | ({"content": {"application/json": {"schema": _ref(response)}}} if response else {}),
            "default": {
                "description": "error",
                "content": {"application/json": {"schema": _ref("Error")}},
            },
        },
    }
    parameters = [{"name": q, "in": "query", "schema": {"type": "string"}} for q in query]
    parameters += [{"name": h, "in": "header", "schema": {"type": "string"}} for h in headers]
    if parameters:
        operation["parameters"] = parameters
    if body:
        operation["requestBody"] = {
            "required": True,
            "content": {"application/json": {"schema": _ref(body)}},
        }
    return operation


def _obj(**properties: Any) -> dict[str, Any]:
    return {"type": "object", "properties": properties}


_S = {"type": "string"}
_I = {"type": "integer"}
_FORMS = {"type": "object", "additionalProperties": _S}
_NS = {"type": "string", "nullable": True}  # null until set (timestamps, optional fields)
_NFORMS = _FORMS | {"nullable": True}


def _list_of(name: str) -> dict[str, Any]:
    return _obj(items={"type": "array", "items": _ref(name)})


SCHEMAS: dict[str, Any] = {
    "Error": _obj(error=_obj(code=_S, message=_S, details={"type": "object"})),
    "Project": _obj(
        projectId=_S,
        name=_S,
        sourceLocale=_S,
        targetLocales={"type": "array", "items": _S},
        turnaround=_obj(
            mode={"enum": ["instant", "delay", "manual"]}, secondsPerString={"type": "number"}
        ),
        questionRules={"type": "array", "items": _S},
        createdAt=_S,
    ),
    "ProjectList": _list_of("Project"),
    "GlossaryTerm": _obj(
        termId=_S, term=_S, translations=_FORMS, doNotTranslate={"type": "boolean"}, note=_S
    ),
    "GlossaryList": _list_of("GlossaryTerm"),
    "StyleGuide": _obj(locale=_S, text=_S, updatedAt=_S),
    "SourceString": _obj(
        key=_S,
        text=_S,
        plural=_FORMS,
        context=_S,
        comment=_S,
        file=_S,
        maxLength=_I,
        placeholders={"type": "array", "items": _S},
    ),
    "JobRequest": _obj(
        name=_S,
        strings={"type": "array", "items": _ref("SourceString")},
        targetLocales={"type": "array", "items": _S},
        callbackUrl=_S,
        idempotencyKey=_S,
    ),
    "Job": _obj(
        jobId=_S,
        projectId=_S,
        name=_S,
        state={"enum": ["queued", "in_progress", "completed", "cancelled", "failed"]},
        targetLocales={"type": "array", "items": _S},
        callbackUrl=_NS,
        idempotencyKey=_NS,
        stringCount=_I,
        createdAt=_S,
        startedAt=_NS,
        finishedAt=_NS,
        failureReason=_NS,
        openQuestions=_I,
        progress={"type": "array", "items": _obj(locale=_S, completed=_I, total=_I)},
    ),
    "JobList": _list_of("Job"),
    "Translation": _obj(
        key=_S,
        locale=_S,
        text=_NS,
        plural=_NFORMS,
        file=_NS,
        origin={"enum": ["memory", "pseudo"]},
    ),
    "TranslationPage": _obj(
        jobId=_S,
        locale=_S,
        state=_S,
        nextCursor=_NS,
        items={"type": "array", "items": _ref("Translation")},
    ),
    "Question": _obj(
        questionId=_S,
        jobId=_S,
        key=_NS,
        locale=_NS,
        text=_S,
        status={"enum": ["open", "answered", "resolved"]},
        answer=_NS,
        raisedBy=_S,
        createdAt=_S,
        answeredAt=_NS,
        resolvedAt=_NS,
    ),
    "QuestionList": _list_of("Question"),
    "Answer": _obj(answer=_S),
    "Faults": _obj(settings={"type": "object"}, script={"type": "array"}),
    "Clock": _obj(now=_S, offsetSeconds={"type": "number"}),
    "ClockAdvance": _obj(advanceSeconds={"type": "number", "minimum": 0}),
    "Callback": _obj(deliveryId=_S, jobId=_S, event=_S, url=_S, status=_S, attempts=_I),
    "CallbackList": _list_of("Callback"),
    "Memory": {"type": "object", "description": "{locale, entries: [{source, target}]}"},
    "Imported": _obj(imported=_I),
}

PATHS: dict[str, Any] = {
    "/api/v1/projects": {
        "get": _op("List projects", "ProjectList"),
        "post": _op("Create a project", "Project", status="201", body="Project"),
    },
    _P: {
        "get": _op("Read a project", "Project"),
        "patch": _op("Change locales, turnaround or question rules", "Project", body="Project"),
    },
    _P + "/glossary": {
        "get": _op("List glossary terms", "GlossaryList"),
        "post": _op("Create or replace a term", "GlossaryTerm", body="GlossaryTerm"),
    },
    _P + "/glossary/{termId}": {"delete": _op("Delete a term", None, status="204")},
    _P + "/style-guides/{locale}": {
        "get": _op("Read a locale's style guide", "StyleGuide"),
        "put": _op("Write a locale's style guide", "StyleGuide", body="StyleGuide"),
    },
    _P + "/jobs": {
        "get": _op("List jobs", "JobList", query=("state",)),
        "post": _op(
            "Create a job (200 with the same job for a repeated Idempotency-Key)",
            "Job",
            status="201",
            body="JobRequest",
            headers=("Idempotency-Key",),
        ),
    },
    _J: {"get": _op("Read a job's state and per-locale progress", "Job")},
    _J + "/cancel": {"post": _op("Cancel a job", "Job")},
    _J + "/translations": {
        "get": _op(
            "Finished translations of one locale",
            "TranslationPage",
            query=("locale", "cursor", "limit"),
        )
    },
    _J + "/questions": {"get": _op("Translators' questions", "QuestionList", query=("status",))},
    _J + "/questions/{questionId}/answer": {
        "post": _op("Answer a question", "Question", body="Answer")
    },
    _J + "/questions/{questionId}/resolve": {"post": _op("Resolve a question", "Question")},
    "/api/v1/operator/projects/{projectId}/jobs/{jobId}/complete": {
        "post": _op("Operator: translate everything left and complete", "Job")
    },
    "/api/v1/operator/projects/{projectId}/jobs/{jobId}/fail": {
        "post": _op("Operator: fail a job", "Job")
    },
    "/api/v1/operator/projects/{projectId}/jobs/{jobId}/questions": {
        "post": _op("Operator: raise a question as a translator", "Question", status="201")
    },
    "/api/v1/operator/projects/{projectId}/memory": {
        "post": _op("Operator: load translation memory entries", "Imported", body="Memory")
    },
    "/api/v1/operator/callbacks": {
        "get": _op("Operator: the callback outbox", "CallbackList", query=("jobId",))
    },
    "/api/v1/operator/clock": {
        "get": _op("Operator: the stub's time (job progress is computed from it)", "Clock"),
        "post": _op("Operator: advance the stub's time", "Clock", body="ClockAdvance"),
    },
    "/api/v1/operator/faults": {
        "get": _op("Operator: current faults", "Faults"),
        "put": _op("Operator: set faults", "Faults", body="Faults"),
    },
    "/healthz": {
        "get": {"summary": "Health", "security": [], "responses": {"200": {"description": "ok"}}}
    },
    "/openapi.json": {
        "get": {
            "summary": "This description",
            "security": [],
            "responses": {"200": {"description": "ok"}},
        }
    },
}


def _with_path_parameters(paths: dict[str, Any]) -> dict[str, Any]:
    described = {}
    for path, operations in paths.items():
        names = [part[1:-1] for part in path.split("/") if part.startswith("{")]
        parameters = [{"name": n, "in": "path", "required": True, "schema": _S} for n in names]
        described[path] = ({"parameters": parameters} if parameters else {}) | operations
    return described


def openapi_document() -> dict[str, Any]:
    return {
        "openapi": "3.0.3",
        "info": {
            "title": "TMS stub (vendor jobs API)",
            "version": platform_version(),
            "description": "Modelled on Smartling's Jobs API; see docs/tms.md.",
        },
        "servers": [{"url": "/"}],
        "security": [{"bearer": []}],
        "components": {
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
            "schemas": SCHEMAS,
        },
        "paths": _with_path_parameters(PATHS),
    }


def openapi_blueprint() -> Blueprint:
    blueprint = Blueprint("openapi", __name__)

    @blueprint.get("/openapi.json")
    def openapi() -> ResponseReturnValue:
        return openapi_document()

    return blueprint
