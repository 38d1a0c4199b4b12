"""JSON shapes of the stub's resources (camelCase, as the vendor API writes them)."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from tms.stub.ids import iso
from tms.stub.jobs import TranslationItem, locale_progress, string_count
from tms.stub.models import GlossaryTerm, Job, OutboxCallback, Project, Question, StyleGuide
from tms.stub.questions import open_question_count


def project_json(project: Project) -> dict[str, Any]:
    return {
        "projectId": project.id,
        "name": project.name,
        "sourceLocale": project.source_locale,
        "targetLocales": project.target_locales,
        "turnaround": {"mode": project.turnaround, "secondsPerString": project.seconds_per_string},
        "questionRules": project.question_rules,
        "createdAt": iso(project.created_at),
    }


def job_json(session: Session, job: Job) -> dict[str, Any]:
    progress = locale_progress(session, job)
    return {
        "jobId": job.id,
        "projectId": job.project_id,
        "name": job.name,
        "state": job.state,
        "targetLocales": job.target_locales,
        "callbackUrl": job.callback_url,
        "idempotencyKey": job.idempotency_key,
        "stringCount": string_count(session, job),
        "createdAt": iso(job.created_at),
        "startedAt": iso(job.started_at),
        "finishedAt": iso(job.finished_at),
        "failureReason": job.failure_reason,
        "openQuestions": open_question_count(session, job.id),
        "progress": [
            {"locale": locale, "completed": done, "total": total}
            for locale, (done, total) in progress.items()
        ],
    }


def translation_json(row: TranslationItem) -> dict[str, Any]:
    return {
        "key": row.key,
        "locale": row.locale,
        "text": row.text,
        "plural": row.plural,
        "file": row.file,
        "origin": row.origin,
    }


def question_json(question: Question) -> dict[str, Any]:
    return {
        "questionId": question.id,
        "jobId": question.job_id,
        "key": question.string_key,
        "locale": question.locale,
        "text": question.text,
        "status": question.status,
        "answer": question.answer,
        "raisedBy": question.raised_by,
        "createdAt": iso(question.created_at),
        "answeredAt": iso(question.answered_at),
        "resolvedAt": iso(question.resolved_at),
    }


def term_json(term: GlossaryTerm) -> dict[str, Any]:
    return {
        "termId": term.id,
        "term": term.term,
        "translations": term.translations,
        "doNotTranslate": term.do_not_translate,
        "note": term.note,
    }


def style_guide_json(guide: StyleGuide) -> dict[str, Any]:
    return {"locale": guide.locale, "text": guide.text, "updatedAt": iso(guide.updated_at)}


def callback_json(callback: OutboxCallback) -> dict[str, Any]:
    return {
        "deliveryId": callback.delivery_id,
        "jobId": callback.job_id,
        "event": callback.event,
        "url": callback.url,
        "status": callback.status,
        "attempts": callback.attempts,
        "lastError": callback.last_error,
        "nextAttemptAt": iso(callback.next_attempt_at),
        "deliveredAt": iso(callback.delivered_at),
    }
