"""Domain operations only the admin UI needs: a session's user, strict create, open questions."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from dss_service import strings
from dss_service.auth import Actor
from dss_service.errors import Conflict
from dss_service.models import DynamicString, Namespace, TranslationRequest, User
from tms.client import QuestionStatus, TMSError, TranslationVendor


def actor_for_user(session: Session, name: str) -> Actor | None:
    """The user ``name`` as an actor with their current role, or None when there is none."""
    user = session.scalar(select(User).where(User.name == name))
    return None if user is None else Actor(user.name, user.role)


def create_string(
    session: Session,
    actor: Actor,
    namespace: Namespace,
    key: str,
    data: strings.StringInput,
    *,
    vendor_project: str,
) -> DynamicString:
    """A new string; ``Conflict`` when the key is taken (live or in the trash), never an
    overwrite. The caller holds the namespace's lock."""
    existing = strings.find_string(session, namespace, key)
    if existing is not None:
        where = "in the trash (restore it from there)" if existing.deleted_at else "already"
        raise Conflict(f"a string with key {key!r} exists {where} in namespace {namespace.name}")
    string, _ = strings.put_string(
        session, actor, namespace, key, data, vendor_project=vendor_project
    )
    return string


@dataclass(frozen=True)
class OpenQuestion:
    request_id: int
    job_id: str
    question_id: str
    key: str | None
    locale: str | None
    text: str
    raised_by: str


def open_questions(
    vendor: TranslationVendor, requests: Sequence[TranslationRequest]
) -> tuple[list[OpenQuestion], list[str]]:
    """The translators' open questions on the vendor jobs of ``requests``, and the errors met
    asking the vendor (one sentence per job that could not be read)."""
    found: list[OpenQuestion] = []
    errors: list[str] = []
    for request in requests:
        if request.vendor_job_id is None:
            continue
        try:
            questions = vendor.list_questions(
                request.vendor_project, request.vendor_job_id, QuestionStatus.OPEN
            )
        except TMSError as error:
            errors.append(f"job {request.vendor_job_id}: {error}")
            continue
        found.extend(
            OpenQuestion(
                request.id,
                question.job_id,
                question.question_id,
                question.key,
                question.locale,
                question.text,
                question.raised_by,
            )
            for question in questions
        )
    return found, errors
