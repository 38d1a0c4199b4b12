"""Translators' questions: raised by a rule or an operator, answered by the platform."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Protocol

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from tms.stub.callbacks import enqueue_callback
from tms.stub.errors import ApiError, invalid, not_found
from tms.stub.faults import Faults
from tms.stub.ids import new_id, utcnow
from tms.stub.models import Job, JobString, Question

QUESTION_RULES = ("missing_context",)
STATUSES = ("open", "answered", "resolved")


class StringFields(Protocol):
    """What a rule reads of a job's string (a ``JobString`` or a lighter row)."""

    @property
    def key(self) -> str: ...

    @property
    def context(self) -> str: ...

    @property
    def comment(self) -> str: ...


def rule_questions(rules: Sequence[str], strings: Iterable[StringFields]) -> list[tuple[str, str]]:
    """``(key, question)`` pairs a translator following ``rules`` would ask about ``strings``."""
    asked = []
    if "missing_context" in rules:
        for string in strings:
            if not string.context.strip() and not string.comment.strip():
                asked.append(
                    (
                        string.key,
                        f"Where is {string.key!r} shown, and what does it do? "
                        "Please add a context or comment.",
                    )
                )
    return asked


def raise_question(
    session: Session,
    job: Job,
    faults: Faults,
    text: str,
    *,
    key: str | None = None,
    locale: str | None = None,
    raised_by: str = "operator",
) -> Question:
    if not text.strip():
        raise invalid("a question needs a text")
    if key is not None and not _has_string(session, job, key):
        raise invalid(f"the job has no string {key!r}")
    if locale is not None and locale not in job.target_locales:
        raise invalid(f"the job does not target {locale!r}")
    question = Question(
        id=new_id("qst"),
        job_id=job.id,
        string_key=key,
        locale=locale,
        text=text,
        status="open",
        raised_by=raised_by,
        created_at=utcnow(),
    )
    session.add(question)
    enqueue_callback(session, job, "question.created", faults, questionId=question.id)
    return question


def _has_string(session: Session, job: Job, key: str) -> bool:
    """Whether the job holds ``key`` (one indexed lookup, not a load of every string)."""
    found = select(JobString.id).where(JobString.job_id == job.id, JobString.key == key)
    return session.scalar(found.limit(1)) is not None


def get_question(session: Session, job: Job, question_id: str) -> Question:
    question = session.get(Question, question_id)
    if question is None or question.job_id != job.id:
        raise not_found("question", question_id)
    return question


def answer_question(session: Session, question: Question, answer: str) -> Question:
    """Record the platform's answer; answering again with the same text changes nothing."""
    if not answer.strip():
        raise invalid("an answer needs a text")
    if question.status == "resolved":
        raise ApiError(409, "question_resolved", f"question {question.id} is already resolved")
    if question.answer != answer:
        question.answer, question.status, question.answered_at = answer, "answered", utcnow()
    return question


def resolve_question(session: Session, job: Job, question: Question, faults: Faults) -> Question:
    if question.status != "resolved":
        question.status, question.resolved_at = "resolved", utcnow()
        enqueue_callback(session, job, "question.resolved", faults, questionId=question.id)
    return question


def list_questions(session: Session, job: Job, status: str | None = None) -> list[Question]:
    if status is not None and status not in STATUSES:
        raise invalid(f"status must be one of {', '.join(STATUSES)}")
    query = select(Question).where(Question.job_id == job.id)
    if status is not None:
        query = query.where(Question.status == status)
    return list(session.scalars(query.order_by(Question.created_at, Question.id)))


def open_question_count(session: Session, job_id: str) -> int:
    return (
        session.scalar(
            select(func.count())
            .select_from(Question)
            .where(Question.job_id == job_id, Question.status == "open")
        )
        or 0
    )
