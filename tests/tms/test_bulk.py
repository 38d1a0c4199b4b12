"""The stub's driver-level bulk insert writes what the ORM reads back: on a real SQLite file,
or, when ``DATABASE_URL`` is PostgreSQL, in a schema of its own in that database."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, select, text

from appkit.database import make_engine, make_session_factory
from tms.stub.bulk import binder, insert_rows
from tms.stub.models import Base, Job, JobString, Project, Translation

COLUMNS = ("job_id", "position", "key", "text", "plural", "context", "comment", "file",
           "max_length", "placeholders")  # fmt: skip


@pytest.fixture
def stub_engine(tmp_path: Path) -> Iterator[Engine]:
    """The stub's tables on SQLite, or on PostgreSQL in a throwaway schema."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgresql"):
        engine = make_engine(f"sqlite:///{tmp_path / 'stub.sqlite3'}")
        Base.metadata.create_all(engine)
        yield engine
        engine.dispose()
        return
    schema = f"tms_bulk_{uuid.uuid4().hex[:12]}"
    admin = make_engine(url)
    with admin.begin() as connection:
        connection.execute(text(f"CREATE SCHEMA {schema}"))
    options: dict[str, Any] = {"connect_args": {"options": f"-csearch_path={schema}"}}
    engine = make_engine(url, **options)
    Base.metadata.create_all(engine)
    yield engine
    engine.dispose()
    with admin.begin() as connection:
        connection.execute(text(f"DROP SCHEMA {schema} CASCADE"))
    admin.dispose()


def test_rows_inserted_as_tuples_read_back_through_the_orm(stub_engine: Engine) -> None:
    engine = stub_engine
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
    with make_session_factory(engine)() as session:  # a new session: read from the database
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


def test_nothing_to_insert_runs_no_statement(stub_engine: Engine) -> None:
    with make_session_factory(stub_engine).begin() as session:
        insert_rows(session, Base.metadata.tables["tms_translation"], ("job_id",), [])
        assert session.scalars(select(Translation)).all() == []
