"""The only code in the platform that speaks the vendor TMS API.

``TranslationVendor`` is the interface the services depend on; ``TMSClient`` implements it
over HTTP with ``requests`` for the stub's API (modelled on Smartling's Jobs API). An adapter
for another vendor implements the same protocol. Every call has a timeout; idempotent calls
and job creation (made safe by an idempotency key) are retried with exponential backoff and
jitter, honouring ``Retry-After``.
"""

from __future__ import annotations

import random
import time
import uuid
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Any, Protocol, runtime_checkable

import requests

from tms._client_errors import (
    TMSAuthError,
    TMSBadResponse,
    TMSError,
    TMSNotFound,
    TMSRateLimited,
    TMSRejected,
    TMSUnavailable,
)
from tms._client_models import (
    GlossaryTerm,
    Job,
    JobState,
    JobStatus,
    LocaleProgress,
    Project,
    Question,
    QuestionStatus,
    SourceString,
    StyleGuide,
    Translation,
    TranslationPage,
)
from tms._client_retry import RETRYABLE_STATUSES, RetryPolicy, parse_retry_after
from tms.signing import SIGNATURE_HEADER, verify_callback_signature

__all__ = [
    "SIGNATURE_HEADER",
    "GlossaryTerm",
    "Job",
    "JobState",
    "JobStatus",
    "LocaleProgress",
    "Project",
    "Question",
    "QuestionStatus",
    "RetryPolicy",
    "SourceString",
    "StyleGuide",
    "TMSAuthError",
    "TMSBadResponse",
    "TMSClient",
    "TMSError",
    "TMSNotFound",
    "TMSRateLimited",
    "TMSRejected",
    "TMSUnavailable",
    "Translation",
    "TranslationPage",
    "TranslationVendor",
    "verify_callback_signature",
]


@runtime_checkable
class TranslationVendor(Protocol):
    """What the platform needs from a translation vendor."""

    def create_job(
        self,
        project_id: str,
        strings: Iterable[SourceString],
        *,
        target_locales: Iterable[str] | None = None,
        name: str = "",
        callback_url: str | None = None,
        idempotency_key: str | None = None,
    ) -> Job: ...

    def get_job(self, project_id: str, job_id: str) -> Job: ...

    def cancel_job(self, project_id: str, job_id: str) -> Job: ...

    def iter_translations(
        self, project_id: str, job_id: str, locale: str, *, page_size: int = 100
    ) -> Iterator[Translation]: ...

    def list_questions(
        self, project_id: str, job_id: str, status: QuestionStatus | None = None
    ) -> list[Question]: ...

    def answer_question(
        self, project_id: str, job_id: str, question_id: str, answer: str
    ) -> Question: ...

    def list_glossary(self, project_id: str) -> list[GlossaryTerm]: ...

    def upsert_glossary_term(self, project_id: str, term: GlossaryTerm) -> GlossaryTerm: ...

    def get_style_guide(self, project_id: str, locale: str) -> StyleGuide: ...

    def put_style_guide(self, project_id: str, locale: str, text: str) -> StyleGuide: ...


class TMSClient:
    """The vendor API over HTTP. Thread-safe as far as the ``requests`` session is."""

    def __init__(
        self,
        base_url: str,
        token: str,
        *,
        timeout: float = 10.0,
        max_retries: int = 4,
        backoff_base: float = 0.5,
        backoff_max: float = 30.0,
        max_retry_after: float = 120.0,
        session: requests.Session | None = None,
        sleep: Callable[[float], None] = time.sleep,
        rng: random.Random | None = None,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.timeout = timeout
        self.retry = RetryPolicy(max_retries, backoff_base, backoff_max, max_retry_after)
        self._token = token
        self._owns_session = session is None
        self._session = session or requests.Session()
        self._sleep = sleep
        self._rng = rng or random.Random()

    def close(self) -> None:
        if self._owns_session:
            self._session.close()

    def __enter__(self) -> TMSClient:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    # Projects (set up by the vendor's staff for a real vendor; open in the stub).

    def list_projects(self) -> list[Project]:
        data = self._call("GET", "/api/v1/projects", retry=True)
        return [Project.from_json(item) for item in data["items"]]

    def get_project(self, project_id: str) -> Project:
        return Project.from_json(self._call("GET", f"/api/v1/projects/{project_id}", retry=True))

    def create_project(
        self,
        name: str,
        source_locale: str,
        target_locales: Iterable[str],
        *,
        turnaround: str = "instant",
        seconds_per_string: float = 0.0,
        question_rules: Iterable[str] = (),
        project_id: str | None = None,
    ) -> Project:
        body: dict[str, Any] = {
            "name": name,
            "sourceLocale": source_locale,
            "targetLocales": list(target_locales),
            "turnaround": {"mode": turnaround, "secondsPerString": seconds_per_string},
            "questionRules": list(question_rules),
        }
        if project_id:
            body["projectId"] = project_id
        return Project.from_json(self._call("POST", "/api/v1/projects", json=body, retry=False))

    def update_project(self, project_id: str, changes: Mapping[str, Any]) -> Project:
        """PATCH the project with API field names (``targetLocales``, ``turnaround``, …)."""
        data = self._call("PATCH", f"/api/v1/projects/{project_id}", json=dict(changes), retry=True)
        return Project.from_json(data)

    # Glossary and style guides.

    def list_glossary(self, project_id: str) -> list[GlossaryTerm]:
        data = self._call("GET", f"/api/v1/projects/{project_id}/glossary", retry=True)
        return [GlossaryTerm.from_json(item) for item in data["items"]]

    def upsert_glossary_term(self, project_id: str, term: GlossaryTerm) -> GlossaryTerm:
        """Create the term or replace the one with the same text (so retrying is safe)."""
        data = self._call(
            "POST", f"/api/v1/projects/{project_id}/glossary", json=term.to_json(), retry=True
        )
        return GlossaryTerm.from_json(data)

    def delete_glossary_term(self, project_id: str, term_id: str) -> None:
        self._call(
            "DELETE",
            f"/api/v1/projects/{project_id}/glossary/{term_id}",
            retry=True,
            expect_body=False,
        )

    def get_style_guide(self, project_id: str, locale: str) -> StyleGuide:
        data = self._call("GET", f"/api/v1/projects/{project_id}/style-guides/{locale}", retry=True)
        return StyleGuide.from_json(data)

    def put_style_guide(self, project_id: str, locale: str, text: str) -> StyleGuide:
        data = self._call(
            "PUT",
            f"/api/v1/projects/{project_id}/style-guides/{locale}",
            json={"text": text},
            retry=True,
        )
        return StyleGuide.from_json(data)

    # Jobs and translations.

    def create_job(
        self,
        project_id: str,
        strings: Iterable[SourceString],
        *,
        target_locales: Iterable[str] | None = None,
        name: str = "",
        callback_url: str | None = None,
        idempotency_key: str | None = None,
    ) -> Job:
        """Create a job; retried under one idempotency key (a fresh one when none is given),
        so a lost reply never creates a second job. Pass a key derived from the work (e.g. PR
        and head commit) to make repeated submissions of the same work return the same job."""
        key = idempotency_key or str(uuid.uuid4())
        body: dict[str, Any] = {"name": name or "job", "strings": [s.to_json() for s in strings]}
        if target_locales is not None:
            body["targetLocales"] = list(target_locales)
        if callback_url:
            body["callbackUrl"] = callback_url
        data = self._call(
            "POST",
            f"/api/v1/projects/{project_id}/jobs",
            json=body,
            headers={"Idempotency-Key": key},
            retry=True,
        )
        return Job.from_json(data)

    def get_job(self, project_id: str, job_id: str) -> Job:
        return Job.from_json(self._call("GET", self._job(project_id, job_id), retry=True))

    def list_jobs(self, project_id: str, state: JobState | None = None) -> list[Job]:
        params = {"state": state.value} if state else None
        data = self._call("GET", f"/api/v1/projects/{project_id}/jobs", params=params, retry=True)
        return [Job.from_json(item) for item in data["items"]]

    def cancel_job(self, project_id: str, job_id: str) -> Job:
        data = self._call("POST", self._job(project_id, job_id) + "/cancel", retry=True)
        return Job.from_json(data)

    def translations_page(
        self,
        project_id: str,
        job_id: str,
        locale: str,
        *,
        cursor: str | None = None,
        limit: int = 100,
    ) -> TranslationPage:
        params: dict[str, Any] = {"locale": locale, "limit": limit}
        if cursor:
            params["cursor"] = cursor
        data = self._call(
            "GET", self._job(project_id, job_id) + "/translations", params=params, retry=True
        )
        items = tuple(Translation.from_json(item) for item in data["items"])
        return TranslationPage(items, data.get("nextCursor"))

    def iter_translations(
        self, project_id: str, job_id: str, locale: str, *, page_size: int = 100
    ) -> Iterator[Translation]:
        """Every finished translation of the locale, following the pages."""
        cursor: str | None = None
        while True:
            page = self.translations_page(
                project_id, job_id, locale, cursor=cursor, limit=page_size
            )
            yield from page.items
            if page.next_cursor is None:
                return
            cursor = page.next_cursor

    # Translators' questions.

    def list_questions(
        self, project_id: str, job_id: str, status: QuestionStatus | None = None
    ) -> list[Question]:
        params = {"status": status.value} if status else None
        data = self._call(
            "GET", self._job(project_id, job_id) + "/questions", params=params, retry=True
        )
        return [Question.from_json(item) for item in data["items"]]

    def answer_question(
        self, project_id: str, job_id: str, question_id: str, answer: str
    ) -> Question:
        """Answer a question; answering again with the same text changes nothing."""
        path = self._job(project_id, job_id) + f"/questions/{question_id}/answer"
        return Question.from_json(self._call("POST", path, json={"answer": answer}, retry=True))

    def resolve_question(self, project_id: str, job_id: str, question_id: str) -> Question:
        path = self._job(project_id, job_id) + f"/questions/{question_id}/resolve"
        return Question.from_json(self._call("POST", path, retry=True))

    # Transport.

    @staticmethod
    def _job(project_id: str, job_id: str) -> str:
        return f"/api/v1/projects/{project_id}/jobs/{job_id}"

    def _call(
        self,
        method: str,
        path: str,
        *,
        retry: bool,
        json: Any = None,
        params: Mapping[str, Any] | None = None,
        headers: Mapping[str, str] | None = None,
        expect_body: bool = True,
    ) -> Any:
        response = self._send(method, path, retry=retry, json=json, params=params, headers=headers)
        if not expect_body:
            return None
        if response.status_code == 204 or not response.content:
            raise TMSBadResponse(
                f"{method} {path}: HTTP {response.status_code} with no body, where the vendor"
                " answers JSON",
                status=response.status_code,
                code="no_body",
            )
        try:
            return response.json()
        except ValueError:
            excerpt = _excerpt(response.text)
            raise TMSBadResponse(
                f"{method} {path}: HTTP {response.status_code} answered with non-JSON: {excerpt}",
                status=response.status_code,
                code="non_json",
                excerpt=excerpt,
            ) from None

    def _send(
        self,
        method: str,
        path: str,
        *,
        retry: bool,
        json: Any,
        params: Mapping[str, Any] | None,
        headers: Mapping[str, str] | None,
    ) -> requests.Response:
        all_headers = {
            "Authorization": f"Bearer {self._token}",
            "Accept": "application/json",
            **(headers or {}),
        }
        retries = 0
        while True:
            wait: float | None = None
            try:
                response = self._session.request(
                    method,
                    self.base_url + path,
                    json=json,
                    params=params,
                    headers=all_headers,
                    timeout=self.timeout,
                )
            except (requests.Timeout, requests.ConnectionError) as exc:
                failure: TMSError = TMSUnavailable(f"{method} {path}: {exc}")
            else:
                if response.status_code < 400:
                    return response
                failure = _error_from(method, path, response)
                if response.status_code not in RETRYABLE_STATUSES:
                    raise failure
                wait = parse_retry_after(response.headers.get("Retry-After"))
            if not retry or retries >= self.retry.max_retries:
                raise failure
            delay = self.retry.backoff(retries, self._rng) if wait is None else wait
            if delay > self.retry.max_retry_after:
                raise failure
            self._sleep(delay)
            retries += 1


def _error_from(method: str, path: str, response: requests.Response) -> TMSError:
    status = response.status_code
    code, message, excerpt = _error_body(response)
    text = f"{method} {path}: HTTP {status} {code}: {message}"
    if status == 429:
        retry_after = parse_retry_after(response.headers.get("Retry-After"))
        return TMSRateLimited(text, retry_after=retry_after, code=code, excerpt=excerpt)
    if status >= 500 or status == 408:
        return TMSUnavailable(text, status=status, code=code, excerpt=excerpt)
    if status in (401, 403):
        return TMSAuthError(message, status=status, code=code, excerpt=excerpt)
    if status == 404:
        return TMSNotFound(message, status=status, code=code, excerpt=excerpt)
    return TMSRejected(message, status=status, code=code, excerpt=excerpt)


def _error_body(response: requests.Response) -> tuple[str, str, str | None]:
    """The vendor's error ``(code, message, None)``, or ``("non_json", …, excerpt)`` for any
    other body (an HTML page from a proxy, a truncated reply)."""
    try:
        error = response.json()["error"]
        return str(error.get("code", "error")), str(error.get("message", "")), None
    except (ValueError, KeyError, TypeError, AttributeError):
        excerpt = _excerpt(response.text)
        return "non_json", f"not the vendor's error body: {excerpt}", excerpt


def _excerpt(text: str, limit: int = 200) -> str:
    """
    >>> _excerpt("<html>\\n  <h1>502   Bad Gateway</h1>\\n</html>")
    '<html> <h1>502 Bad Gateway</h1> </html>'
    >>> len(_excerpt("x" * 500)), _excerpt("x" * 500)[-1]
    (200, '…')
    """
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"
