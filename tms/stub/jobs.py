"""Jobs: creation (idempotent), turnaround progress, completion, cancellation, translation pages."""

from __future__ import annotations

import base64
import math
from collections import Counter
from collections.abc import Callable
from datetime import datetime
from typing import Any, NamedTuple

from sqlalchemy import Table, func, select
from sqlalchemy.orm import Session

from tms.stub.bulk import Binder, binder, insert_rows
from tms.stub.callbacks import enqueue_callback
from tms.stub.errors import ApiError, invalid, not_found
from tms.stub.faults import Faults
from tms.stub.ids import new_id, utcnow
from tms.stub.job_spec import JobSpec
from tms.stub.memory import memory_lookup
from tms.stub.models import Base, Job, JobString, Project, Translation
from tms.stub.projects import glossary_entries
from tms.stub.questions import raise_question, rule_questions
from tms.stub.translator import PseudoCache, SourceText, break_first_placeholder, translate

FINAL_STATES = frozenset({"completed", "cancelled", "failed"})
ACTIVE_STATES = ("queued", "in_progress")


def get_job(session: Session, project: Project, job_id: str) -> Job:
    job = session.get(Job, job_id)
    if job is None or job.project_id != project.id:
        raise not_found("job", job_id)
    return job


def list_jobs(session: Session, project: Project, state: str | None = None) -> list[Job]:
    query = select(Job).where(Job.project_id == project.id)
    if state:
        query = query.where(Job.state == state)
    return list(session.scalars(query.order_by(Job.created_at, Job.id)))


def find_by_idempotency_key(session: Session, project: Project, spec: JobSpec) -> Job | None:
    """The job created earlier with the same key; a different body under that key is refused."""
    if spec.idempotency_key is None:
        return None
    job = session.scalar(
        select(Job).where(Job.project_id == project.id, Job.idempotency_key == spec.idempotency_key)
    )
    if job is not None and job.request_digest != spec.digest:
        raise ApiError(
            422,
            "idempotency_key_reused",
            "this idempotency key was used for a different job request",
        )
    return job


def create_job(session: Session, project: Project, spec: JobSpec, faults: Faults) -> Job:
    locales = spec.target_locales or project.target_locales
    outside = [locale for locale in locales if locale not in project.target_locales]
    if outside:
        raise invalid(f"locales not enabled in the project: {', '.join(outside)}")
    job = Job(
        id=new_id("job"),
        project_id=project.id,
        name=spec.name,
        state="queued",
        target_locales=list(locales),
        callback_url=spec.callback_url,
        idempotency_key=spec.idempotency_key,
        request_digest=spec.digest,
        created_at=utcnow(),
    )
    session.add(job)
    session.flush()
    # One executemany of plain tuples for the strings (a job may hold tens of thousands):
    # the ORM's bulk path, or Core's per-row bind processing, cost seconds at that size.
    table = _table(JobString)
    plural_json = binder(session, table, "plural")
    placeholders_json = _cached(binder(session, table, "placeholders"))
    job_id = job.id
    insert_rows(
        session,
        table,
        _STRING_COLUMNS,
        [
            (
                job_id,
                i,
                s.key,
                s.text,
                None if s.plural is None else plural_json(s.plural),
                s.context,
                s.comment,
                s.file,
                s.max_length,
                placeholders_json(tuple(s.placeholders)),
            )
            for i, s in enumerate(spec.strings)
        ],
    )
    for key, text in rule_questions(project.question_rules, spec.strings):
        raise_question(session, job, faults, text, key=key, raised_by="rule:missing_context")
    ids = session.scalars(
        select(JobString.id).where(JobString.job_id == job.id).order_by(JobString.position)
    )
    strings = [  # what was just written, with its ids: nothing to read back but those
        StringRow(sid, s.key, s.text, s.plural, s.context, s.comment, s.max_length, s.placeholders)
        for sid, s in zip(ids, spec.strings, strict=True)
    ]
    advance_job(session, project, job, faults, strings=strings)
    return job


_STRING_COLUMNS = (
    "job_id",
    "position",
    "key",
    "text",
    "plural",
    "context",
    "comment",
    "file",
    "max_length",
    "placeholders",
)
_TRANSLATION_COLUMNS = ("job_id", "string_id", "locale", "text", "plural", "origin", "created_at")


def _cached(bind: Binder) -> Callable[[tuple[str, ...]], Any]:
    """``bind`` of a list once per distinct list (a job's strings share a few placeholder lists)."""
    seen: dict[tuple[str, ...], Any] = {}

    def bound(items: tuple[str, ...]) -> Any:
        value = seen.get(items)
        if value is None:
            value = seen[items] = bind(list(items))
        return value

    return bound


def _table(model: type[Base]) -> Table:
    """A model's table, for Core inserts (one executemany without the ORM's per-row work)."""
    return Base.metadata.tables[model.__tablename__]


def advance_job(
    session: Session,
    project: Project,
    job: Job,
    faults: Faults,
    *,
    now: datetime | None = None,
    force_complete: bool = False,
    strings: list[StringRow] | None = None,
) -> None:
    """Bring the job to where its turnaround says it is by ``now`` (idempotent, restart-safe).

    ``strings``: the job's strings when the caller has them (else they are read).
    """
    if job.state in FINAL_STATES:
        return
    now = now or utcnow()
    if project.turnaround == "manual" and not force_complete:
        return
    if job.state == "queued":
        job.state, job.started_at = "in_progress", now
        enqueue_callback(session, job, "job.in_progress", faults)
    if strings is None:
        strings = job_strings(session, job)
    units = [(s, locale) for s in strings for locale in job.target_locales]
    due = len(units)
    if project.turnaround == "delay" and project.seconds_per_string > 0 and not force_complete:
        elapsed = (now - (job.started_at or now)).total_seconds()
        due = max(0, min(len(units), math.floor(elapsed / project.seconds_per_string)))
    done = {
        (string_id, locale)
        for string_id, locale in session.execute(
            select(Translation.string_id, Translation.locale).where(Translation.job_id == job.id)
        )
    }
    pending = [(s, loc) for s, loc in units[:due] if (s.id, loc) not in done]
    if pending:
        _translate_units(session, job, pending, faults, now)
    if len(done) + len(pending) == len(units):
        job.state, job.finished_at = "completed", now
        enqueue_callback(session, job, "job.completed", faults)


class StringRow(NamedTuple):
    """A job's string as the translator reads it (plain columns, no ORM object)."""

    id: int
    key: str
    text: str | None
    plural: dict[str, str] | None
    context: str
    comment: str
    max_length: int | None
    placeholders: list[str]


def job_strings(session: Session, job: Job) -> list[StringRow]:
    """The job's strings in order, read as plain rows (tens of thousands in well under a second)."""
    query = (
        select(
            JobString.id,
            JobString.key,
            JobString.text,
            JobString.plural,
            JobString.context,
            JobString.comment,
            JobString.max_length,
            JobString.placeholders,
        )
        .where(JobString.job_id == job.id)
        .order_by(JobString.position)
    )
    return [StringRow(*row) for row in session.execute(query)]


def _translate_units(
    session: Session, job: Job, units: list[tuple[StringRow, str]], faults: Faults, now: datetime
) -> None:
    glossary = glossary_entries(session, job.project_id)
    memory = memory_lookup(session, job.project_id, job.target_locales)
    pseudos: PseudoCache = {}
    table = _table(Translation)
    plural_json = binder(session, table, "plural")
    created_at = binder(session, table, "created_at")(now)
    job_id = job.id
    rows = []
    for string, locale in units:
        result = translate(
            SourceText(string.text, string.plural, string.max_length, tuple(string.placeholders)),
            locale,
            glossary=glossary,
            memory=memory,
            cache=pseudos,
        )
        text, plural = result.text, result.plural
        if faults.careless(job.id, string.key, locale):
            text = break_first_placeholder(text) if text is not None else None
            plural = {c: break_first_placeholder(v) for c, v in (plural or {}).items()} or None
        rows.append(
            (
                job_id,
                string.id,
                locale,
                text,
                None if plural is None else plural_json(plural),
                result.origin,
                created_at,
            )
        )
    # one executemany of tuples, not one ORM object or bind-processed row per (string, locale)
    insert_rows(session, table, _TRANSLATION_COLUMNS, rows)
    session.flush()


def cancel_job(session: Session, job: Job, faults: Faults) -> Job:
    """Cancel an unfinished job; cancelling a cancelled job again is a no-op."""
    if job.state == "cancelled":
        return job
    if job.state in FINAL_STATES:
        raise ApiError(409, "job_finished", f"job {job.id} is already {job.state}")
    job.state, job.finished_at = "cancelled", utcnow()
    enqueue_callback(session, job, "job.cancelled", faults)
    return job


def fail_job(session: Session, job: Job, faults: Faults, reason: str) -> Job:
    if job.state in FINAL_STATES:
        raise ApiError(409, "job_finished", f"job {job.id} is already {job.state}")
    job.state, job.finished_at, job.failure_reason = "failed", utcnow(), reason
    enqueue_callback(session, job, "job.failed", faults, reason=reason)
    return job


def locale_progress(session: Session, job: Job) -> dict[str, tuple[int, int]]:
    """``{locale: (completed, total)}`` string counts."""
    rows = session.execute(
        select(Translation.locale, func.count())
        .where(Translation.job_id == job.id)
        .group_by(Translation.locale)
    )
    counts: Counter[str] = Counter({locale: count for locale, count in rows})
    total = string_count(session, job)
    return {locale: (counts.get(locale, 0), total) for locale in job.target_locales}


def string_count(session: Session, job: Job) -> int:
    query = select(func.count()).select_from(JobString).where(JobString.job_id == job.id)
    return session.scalar(query) or 0


class TranslationItem(NamedTuple):
    """One finished translation as the translations API lists it."""

    id: int
    key: str
    locale: str
    text: str | None
    plural: dict[str, str] | None
    file: str
    origin: str


def translations_page(
    session: Session, job: Job, locale: str, cursor: str | None, limit: int
) -> tuple[list[TranslationItem], str | None]:
    """One page of the locale's finished translations in a stable order, and the next cursor."""
    if locale not in job.target_locales:
        raise invalid(f"the job does not target {locale!r}")
    if not 1 <= limit <= 500:
        raise invalid("limit must be between 1 and 500")
    after = _decode_cursor(cursor) if cursor else 0
    query = (  # the listed columns only: ORM objects for both tables cost most of a page
        select(
            Translation.id,
            JobString.key,
            Translation.locale,
            Translation.text,
            Translation.plural,
            JobString.file,
            Translation.origin,
        )
        .join(JobString, JobString.id == Translation.string_id)
        .where(Translation.job_id == job.id, Translation.locale == locale, Translation.id > after)
        .order_by(Translation.id)
        .limit(limit + 1)
    )
    rows = [TranslationItem(*row) for row in session.execute(query)]
    next_cursor = _encode_cursor(rows[limit - 1].id) if len(rows) > limit else None
    return rows[:limit], next_cursor


def _encode_cursor(last_id: int) -> str:
    return base64.urlsafe_b64encode(f"t:{last_id}".encode()).decode().rstrip("=")


def _decode_cursor(cursor: str) -> int:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        prefix, _, number = raw.partition(":")
        if prefix != "t":
            raise ValueError(raw)
        return int(number)
    except ValueError:
        raise invalid("the cursor is not one this API returned") from None


def active_jobs(session: Session) -> list[tuple[Project, Job]]:
    rows = session.execute(
        select(Project, Job)
        .join(Job, Job.project_id == Project.id)
        .where(Job.state.in_(ACTIVE_STATES))
        .order_by(Job.created_at)
    )
    return [(project, job) for project, job in rows]
