"""The stub's driver-level bulk insert writes what the ORM reads back, on a real SQLite file."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from sqlalchemy import select

from appkit.database import make_engine, make_session_factory
from tms.stub.bulk import binder, insert_rows
from tms.stub.models import Base, Job, JobString, Project, Translation

COLUMNS = ("job_id", "position", "key", "text", "plural", "context", "comment", "file",
           "max_length", "placeholders")  # fmt: skip


def test_rows_inserted_as_tuples_read_back_through_the_orm(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'stub.sqlite3'}")
    Base.metadata.create_all(engine)
    sessions = make_session_factory(engine)
    now = datetime(2026, 12, 3, 15, 4, 5, 678901)
    with sessions.begin() as session:
        session.add(Project(id="p", name="p", source_locale="en", target_locales=["fr"],
                            created_at=now))  # fmt: skip
        session.flush()  # the project row first: the job refers to it
        session.add(Job(id="j", project_id="p", name="j", state="queued", target_locales=["fr"],
                        request_digest="d", created_at=now))  # fmt: skip
        session.flush()
        strings = Base.metadata.tables["tms_job_string"]
        plural, placeholders = (
            binder(session, strings, "plural"),
            binder(session, strings, "placeholders"),
        )
        rows = [
            ("j", 0, "a", "Hi {name}", None, "", "note", "x.json", None, placeholders(["{name}"])),
            ("j", 1, "b", None, plural({"one": "# file", "other": "# files"}), "ctx", "", "", 9,
             placeholders([])),
        ]  # fmt: skip
        insert_rows(session, strings, COLUMNS, rows)
        ids = list(session.scalars(select(JobString.id).order_by(JobString.position)))
        translations = Base.metadata.tables["tms_translation"]
        at = binder(session, translations, "created_at")(now)
        insert_rows(
            session,
            translations,
            ("job_id", "string_id", "locale", "text", "plural", "origin", "created_at"),
            [("j", ids[0], "fr", "[fr] Hî {name}", None, "pseudo", at)],
        )
    engine.dispose()
    engine = make_engine(f"sqlite:///{tmp_path / 'stub.sqlite3'}")
    with make_session_factory(engine)() as session:
        read = [
            (s.position, s.key, s.text, s.plural, s.context, s.comment, s.file, s.max_length,
             s.placeholders)
            for s in session.scalars(select(JobString).order_by(JobString.position))
        ]  # fmt: skip
        assert read == [
            (0, "a", "Hi {name}", None, "", "note", "x.json", None, ["{name}"]),
            (1, "b", None, {"one": "# file", "other": "# files"}, "ctx", "", "", 9, []),
        ]
        translation = session.scalars(select(Translation)).one()
        assert (translation.string_id, translation.text, translation.plural) == (
            ids[0],
            "[fr] Hî {name}",
            None,
        )
        assert (translation.origin, translation.created_at) == ("pseudo", now)
    engine.dispose()


def test_nothing_to_insert_runs_no_statement(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'stub.sqlite3'}")
    Base.metadata.create_all(engine)
    with make_session_factory(engine).begin() as session:
        insert_rows(session, Base.metadata.tables["tms_translation"], ("job_id",), [])
        assert session.scalars(select(Translation)).all() == []
    engine.dispose()
