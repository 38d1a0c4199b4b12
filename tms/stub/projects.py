"""Projects, their glossary and per-locale style guides."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from tms.stub.errors import invalid, not_found
from tms.stub.ids import new_id, utcnow
from tms.stub.models import GlossaryTerm, Project, StyleGuide
from tms.stub.plurals import is_known_locale
from tms.stub.questions import QUESTION_RULES
from tms.stub.settings import TURNAROUNDS, Settings
from tms.stub.translator import GlossaryEntry


def get_project(session: Session, project_id: str) -> Project:
    project = session.get(Project, project_id)
    if project is None:
        raise not_found("project", project_id)
    return project


def list_projects(session: Session) -> list[Project]:
    return list(session.scalars(select(Project).order_by(Project.created_at, Project.id)))


def create_project(session: Session, body: dict[str, Any], settings: Settings) -> Project:
    name = body.get("name")
    if not isinstance(name, str) or not name.strip():
        raise invalid("a project needs a name")
    project = Project(
        id=str(body.get("projectId") or new_id("prj")),
        name=name,
        source_locale=_locale(body.get("sourceLocale", "en")),
        target_locales=[],
        turnaround=settings.default_turnaround,
        seconds_per_string=settings.default_seconds_per_string,
        question_rules=[],
        created_at=utcnow(),
    )
    if session.get(Project, project.id) is not None:
        raise invalid(f"project {project.id!r} already exists")
    update_project(project, {"targetLocales": body.get("targetLocales", []), **body})
    session.add(project)
    return project


def update_project(project: Project, body: dict[str, Any]) -> Project:
    if "name" in body:
        project.name = str(body["name"])
    if "targetLocales" in body:
        locales = body["targetLocales"]
        if not isinstance(locales, list) or not locales:
            raise invalid("targetLocales must be a non-empty list of locale identifiers")
        project.target_locales = [_locale(locale) for locale in locales]
    if "turnaround" in body:
        _turnaround(project, body["turnaround"])
    if "questionRules" in body:
        rules = body["questionRules"]
        if not isinstance(rules, list) or any(rule not in QUESTION_RULES for rule in rules):
            raise invalid(f"questionRules may hold {', '.join(QUESTION_RULES)}")
        project.question_rules = list(rules)
    return project


def _turnaround(project: Project, turnaround: Any) -> None:
    if not isinstance(turnaround, dict) or turnaround.get("mode") not in TURNAROUNDS:
        raise invalid(f"turnaround.mode must be one of {', '.join(TURNAROUNDS)}")
    project.turnaround = turnaround["mode"]
    seconds = turnaround.get("secondsPerString", project.seconds_per_string)
    if not isinstance(seconds, int | float) or seconds < 0:
        raise invalid("turnaround.secondsPerString must be a non-negative number")
    project.seconds_per_string = float(seconds)


def _locale(value: Any) -> str:
    if not isinstance(value, str) or not is_known_locale(value):
        raise invalid(f"unknown locale {value!r}")
    return value


def list_glossary(session: Session, project_id: str) -> list[GlossaryTerm]:
    return list(
        session.scalars(
            select(GlossaryTerm)
            .where(GlossaryTerm.project_id == project_id)
            .order_by(GlossaryTerm.term)
        )
    )


def glossary_entries(session: Session, project_id: str) -> list[GlossaryEntry]:
    return [
        GlossaryEntry(t.term, dict(t.translations), t.do_not_translate)
        for t in list_glossary(session, project_id)
    ]


def upsert_term(session: Session, project: Project, body: dict[str, Any]) -> GlossaryTerm:
    """Create the term, or replace the one with the same text."""
    term = body.get("term")
    translations = body.get("translations", {})
    if not isinstance(term, str) or not term.strip():
        raise invalid("a glossary entry needs a term")
    if not isinstance(translations, dict) or not all(
        isinstance(v, str) for v in translations.values()
    ):
        raise invalid("translations must map locales to texts")
    row = session.scalar(
        select(GlossaryTerm).where(GlossaryTerm.project_id == project.id, GlossaryTerm.term == term)
    )
    if row is None:
        row = GlossaryTerm(id=new_id("trm"), project_id=project.id, term=term)
        session.add(row)
    row.translations = {_locale(k): v for k, v in translations.items()}
    row.do_not_translate = bool(body.get("doNotTranslate", False))
    row.note = str(body.get("note", ""))
    return row


def delete_term(session: Session, project: Project, term_id: str) -> None:
    row = session.get(GlossaryTerm, term_id)
    if row is None or row.project_id != project.id:
        raise not_found("glossary term", term_id)
    session.delete(row)


def get_style_guide(session: Session, project: Project, locale: str) -> StyleGuide:
    guide = session.get(StyleGuide, (project.id, locale))
    if guide is None:
        raise not_found("style guide", locale)
    return guide


def put_style_guide(session: Session, project: Project, locale: str, text: Any) -> StyleGuide:
    if not isinstance(text, str):
        raise invalid("a style guide needs a text")
    guide = session.get(StyleGuide, (project.id, _locale(locale)))
    if guide is None:
        guide = StyleGuide(project_id=project.id, locale=locale, text=text, updated_at=utcnow())
        session.add(guide)
    guide.text, guide.updated_at = text, utcnow()
    return guide
