"""Typed values the vendor client sends and returns, with their JSON (camelCase) mapping."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any

__all__ = [
    "GlossaryTerm",
    "Job",
    "JobState",
    "JobStatus",
    "LocaleProgress",
    "Project",
    "Question",
    "QuestionStatus",
    "SourceString",
    "StyleGuide",
    "Translation",
    "TranslationPage",
]


def _time(value: Any) -> datetime | None:
    if not value:
        return None
    return datetime.fromisoformat(str(value).replace("Z", "+00:00"))


class JobState(StrEnum):
    QUEUED = "queued"
    IN_PROGRESS = "in_progress"
    COMPLETED = "completed"
    CANCELLED = "cancelled"
    FAILED = "failed"

    @property
    def is_final(self) -> bool:
        return self in (JobState.COMPLETED, JobState.CANCELLED, JobState.FAILED)


class QuestionStatus(StrEnum):
    OPEN = "open"
    ANSWERED = "answered"
    RESOLVED = "resolved"


@dataclass(frozen=True)
class SourceString:
    """One string to translate: a text, or plural forms by CLDR category (with ``other``)."""

    key: str
    text: str | None = None
    plural: Mapping[str, str] | None = None
    context: str = ""
    comment: str = ""
    file: str = ""
    max_length: int | None = None
    placeholders: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if (self.text is None) == (self.plural is None):
            raise ValueError(f"string {self.key!r} needs either a text or plural forms")

    def to_json(self) -> dict[str, Any]:
        body: dict[str, Any] = {
            "key": self.key,
            "context": self.context,
            "comment": self.comment,
            "file": self.file,
            "placeholders": list(self.placeholders),
        }
        if self.text is not None:
            body["text"] = self.text
        if self.plural is not None:
            body["plural"] = dict(self.plural)
        if self.max_length is not None:
            body["maxLength"] = self.max_length
        return body


@dataclass(frozen=True)
class LocaleProgress:
    locale: str
    completed: int
    total: int

    @property
    def done(self) -> bool:
        return self.completed >= self.total


@dataclass(frozen=True)
class JobStatus:
    """Where a job stands: its state, per-locale progress and open questions."""

    state: JobState
    progress: tuple[LocaleProgress, ...]
    open_questions: int = 0

    def for_locale(self, locale: str) -> LocaleProgress:
        for item in self.progress:
            if item.locale == locale:
                return item
        raise KeyError(locale)


@dataclass(frozen=True)
class Job:
    job_id: str
    project_id: str
    name: str
    target_locales: tuple[str, ...]
    status: JobStatus
    string_count: int
    callback_url: str | None = None
    idempotency_key: str | None = None
    created_at: datetime | None = None
    finished_at: datetime | None = None
    failure_reason: str | None = None

    @property
    def state(self) -> JobState:
        return self.status.state

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Job:
        progress = tuple(
            LocaleProgress(p["locale"], int(p["completed"]), int(p["total"]))
            for p in data.get("progress", [])
        )
        status = JobStatus(JobState(data["state"]), progress, int(data.get("openQuestions", 0)))
        return cls(
            job_id=data["jobId"],
            project_id=data["projectId"],
            name=data.get("name", ""),
            target_locales=tuple(data.get("targetLocales", [])),
            status=status,
            string_count=int(data.get("stringCount", 0)),
            callback_url=data.get("callbackUrl"),
            idempotency_key=data.get("idempotencyKey"),
            created_at=_time(data.get("createdAt")),
            finished_at=_time(data.get("finishedAt")),
            failure_reason=data.get("failureReason"),
        )


@dataclass(frozen=True)
class Translation:
    """One translated string: ``text``, or ``plural`` forms for every category of the locale."""

    key: str
    locale: str
    text: str | None
    plural: Mapping[str, str] | None = None
    file: str = ""
    origin: str = ""

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Translation:
        return cls(
            data["key"],
            data["locale"],
            data.get("text"),
            data.get("plural"),
            data.get("file", ""),
            data.get("origin", ""),
        )


@dataclass(frozen=True)
class TranslationPage:
    items: tuple[Translation, ...]
    next_cursor: str | None


@dataclass(frozen=True)
class Question:
    question_id: str
    job_id: str
    text: str
    status: QuestionStatus
    key: str | None = None
    locale: str | None = None
    answer: str | None = None
    raised_by: str = ""
    created_at: datetime | None = None

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Question:
        return cls(
            data["questionId"],
            data["jobId"],
            data["text"],
            QuestionStatus(data["status"]),
            data.get("key"),
            data.get("locale"),
            data.get("answer"),
            data.get("raisedBy", ""),
            _time(data.get("createdAt")),
        )


@dataclass(frozen=True)
class GlossaryTerm:
    term: str
    translations: Mapping[str, str] = field(default_factory=dict)
    do_not_translate: bool = False
    note: str = ""
    term_id: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "term": self.term,
            "translations": dict(self.translations),
            "doNotTranslate": self.do_not_translate,
            "note": self.note,
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> GlossaryTerm:
        return cls(
            data["term"],
            dict(data.get("translations", {})),
            bool(data.get("doNotTranslate", False)),
            data.get("note", ""),
            data.get("termId"),
        )


@dataclass(frozen=True)
class StyleGuide:
    locale: str
    text: str
    updated_at: datetime | None = None

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> StyleGuide:
        return cls(data["locale"], data["text"], _time(data.get("updatedAt")))


@dataclass(frozen=True)
class Project:
    project_id: str
    name: str
    source_locale: str
    target_locales: tuple[str, ...]
    turnaround: str = "instant"
    seconds_per_string: float = 0.0
    question_rules: tuple[str, ...] = ()

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Project:
        turnaround = data.get("turnaround", {})
        return cls(
            data["projectId"],
            data["name"],
            data["sourceLocale"],
            tuple(data.get("targetLocales", [])),
            turnaround.get("mode", "instant"),
            float(turnaround.get("secondsPerString", 0.0)),
            tuple(data.get("questionRules", [])),
        )
