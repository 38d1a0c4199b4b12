"""``tms.client`` error paths over real HTTP: bodies that are not the vendor's, 204s, lost replies.

A scripted HTTP server stands where a proxy or a broken vendor would (the outermost edge);
the lost reply is the stub's own ``afterProcessing`` fault.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from werkzeug.wrappers import Request, Response

from tests.tms.harness import TOKEN, RecordedSleep, ServerThread, ThreadStub
from tms.client import (
    GlossaryTerm,
    TMSAuthError,
    TMSBadResponse,
    TMSClient,
    TMSError,
    TMSNotFound,
    TMSRateLimited,
    TMSRejected,
    TMSUnavailable,
)
from tms.stub.faults import PlannedFault

PROXY_502 = "<html>\n<head><title>502 Bad Gateway</title></head>\n<body>nginx</body>\n</html>\n"
PROXY_502_EXCERPT = "<html> <head><title>502 Bad Gateway</title></head> <body>nginx</body> </html>"


class ScriptedServer:
    """Answers every request with the next scripted ``(status, content type, body, headers)``."""

    def __init__(self) -> None:
        self.script: list[tuple[int, str, str, dict[str, str]]] = []
        self.requests: list[str] = []

    def __call__(self, environ: dict[str, Any], start_response: Any) -> Any:
        request = Request(environ)
        self.requests.append(f"{request.method} {request.path}")
        status, content_type, body, headers = self.script.pop(0)
        response = Response(body, status=status, content_type=content_type, headers=headers)
        return response(environ, start_response)


@pytest.fixture
def scripted() -> Iterator[tuple[ScriptedServer, str]]:
    server = ScriptedServer()
    thread = ServerThread(server)
    yield server, thread.url
    thread.stop()


GET_JOB: Callable[[TMSClient], object] = lambda c: c.get_job("prj_1", "job_1")  # noqa: E731
GET_JOB_PATH = "GET /api/v1/projects/prj_1/jobs/job_1"

# (case, answer, error type, status, code, excerpt, message pattern)
TABLE = [
    ("proxy 502 page", (502, "text/html", PROXY_502, {}), TMSUnavailable, 502, "non_json",
     PROXY_502_EXCERPT, rf"^{GET_JOB_PATH}: HTTP 502 non_json: not the vendor's error body: <ht"),
    ("proxy 403 page", (403, "text/html", "<h1>Forbidden</h1>", {}), TMSAuthError, 403,
     "non_json", "<h1>Forbidden</h1>", r"^not the vendor's error body: <h1>Forbidden</h1>$"),
    ("plain-text 404", (404, "text/plain", "no such route\n", {}), TMSNotFound, 404, "non_json",
     "no such route", r"^not the vendor's error body: no such route$"),
    ("html 429 with Retry-After", (429, "text/html", "<p>slow down</p>", {"Retry-After": "7"}),
     TMSRateLimited, 429, "non_json", "<p>slow down</p>", r"HTTP 429 non_json: .*slow down"),
    ("vendor JSON 422", (422, "application/json",
     '{"error": {"code": "invalid", "message": "locale de is not a target"}}', {}),
     TMSRejected, 422, "invalid", None, r"^locale de is not a target$"),
    ("non-JSON success", (200, "text/html", "<html>Sign in</html>", {}), TMSBadResponse, 200,
     "non_json", "<html>Sign in</html>", rf"^{GET_JOB_PATH}: HTTP 200 answered with non-JSON"),
    ("204 where a body is due", (204, "application/json", "", {}), TMSBadResponse, 204,
     "no_body", None, rf"^{GET_JOB_PATH}: HTTP 204 with no body, where the vendor answers JSON$"),
    ("empty 200", (200, "application/json", "", {}), TMSBadResponse, 200, "no_body", None,
     r"HTTP 200 with no body"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("answer", "error", "status", "code", "excerpt", "message"),
    [row[1:] for row in TABLE],
    ids=[row[0] for row in TABLE],
)
def test_answers_become_typed_errors_with_an_excerpt(
    scripted: tuple[ScriptedServer, str],
    answer: tuple[int, str, str, dict[str, str]],
    error: type[TMSError],
    status: int,
    code: str,
    excerpt: str | None,
    message: str,
) -> None:
    server, url = scripted
    server.script.append(answer)
    with TMSClient(url, TOKEN, max_retries=0) as client, pytest.raises(error, match=message) as e:
        GET_JOB(client)
    assert type(e.value) is error
    assert (e.value.status, e.value.code, e.value.excerpt) == (status, code, excerpt)
    assert server.requests == [GET_JOB_PATH]


def test_a_proxy_502_is_retried_and_then_reported_with_its_excerpt(
    scripted: tuple[ScriptedServer, str],
) -> None:
    server, url = scripted
    server.script.extend([(502, "text/html", PROXY_502, {})] * 3)
    sleeps = RecordedSleep()
    client = TMSClient(url, TOKEN, max_retries=2, sleep=sleeps)
    with client, pytest.raises(TMSUnavailable, match="502 Bad Gateway") as failure:
        GET_JOB(client)
    assert failure.value.excerpt == PROXY_502_EXCERPT
    assert len(server.requests) == 3 and len(sleeps.waits) == 2


def test_a_204_is_success_where_no_body_is_due(scripted: tuple[ScriptedServer, str]) -> None:
    server, url = scripted
    server.script.append((204, "application/json", "", {}))
    with TMSClient(url, TOKEN, max_retries=0) as client:
        assert client.delete_glossary_term("prj_1", "term_1") is None
    assert server.requests == ["DELETE /api/v1/projects/prj_1/glossary/term_1"]


def test_a_204_glossary_delete_through_the_stub(client: TMSClient) -> None:
    project = client.create_project("demo", "en", ["fr"]).project_id
    term = client.upsert_glossary_term(project, GlossaryTerm("Save", {"fr": "Enregistrer"}))
    assert client.delete_glossary_term(project, term.term_id or "") is None
    assert client.list_glossary(project) == []


def test_create_project_is_not_retried_when_its_reply_is_lost(
    client: TMSClient, stub: ThreadStub, sleeps: RecordedSleep
) -> None:
    # The vendor creates the project and the reply is lost (503 after the work): a retry would
    # create a second project, so the client reports the failure instead.
    stub.runtime.faults.plan(PlannedFault(503, after_processing=True))
    with pytest.raises(TMSUnavailable, match=r"^POST /api/v1/projects: HTTP 503 ") as lost:
        client.create_project("demo", "en", ["fr"])
    assert lost.value.status == 503 and sleeps.waits == []
    assert [project.name for project in client.list_projects()] == ["demo"]
