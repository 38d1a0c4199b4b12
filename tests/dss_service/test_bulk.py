"""The bulk upsert, in process on the platform database: what it writes and in how many statements.

The HTTP contract (dry run, purge, a bad item writes nothing) is in ``test_api_strings``;
here the app runs in process so the statements SQLAlchemy sends can be counted.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import event, func, select

from dss_service import create_app, namespaces, review
from dss_service.auth import SYSTEM, create_token
from dss_service.bulk import StoredString, plan_bulk
from dss_service.models import (
    AuditEntry,
    BundleChange,
    DynamicString,
    Namespace,
    Translation,
    TranslationRequest,
)
from dss_service.settings import Settings
from dss_service.strings import StringInput, find_string
from dss_service.web import transaction


@pytest.fixture
def app(platform_env: dict[str, str]) -> Iterator[Flask]:
    env = {**platform_env, "DSS_SECRET_KEY": "test-secret", "BROKER_URL": "memory://"}
    env.setdefault("RESULT_BACKEND", "cache+memory://")
    env["DSS_MAX_BODY_BYTES"] = str(8 * 1024 * 1024)
    application = create_app(Settings.from_env(env))
    yield application
    application.extensions["dss_engine"].dispose()


@pytest.fixture
def token(app: Flask) -> str:
    with app.app_context(), transaction() as db:
        _, secret = create_token(db, SYSTEM, "importer", "admin")
    return secret


def _namespace(app: Flask, token: str, name: str, policy: str = "stale") -> None:
    answer = app.test_client().put(
        f"/api/v1/namespaces/{name}",
        json={"target_locales": ["es", "de"], "source_edit_policy": policy},
        headers={"Authorization": f"Bearer {token}"},
    )
    assert answer.status_code == 201, answer.text


def _post(app: Flask, token: str, ns: str, body: dict[str, Any]) -> tuple[dict[str, Any], int]:
    """The bulk answer and the number of statements SQLAlchemy sent for it."""
    seen: list[str] = []

    def record(*args: object) -> None:
        seen.append(str(args[2]))

    engine = app.extensions["dss_engine"]
    event.listen(engine, "before_cursor_execute", record)
    try:
        answer = app.test_client().post(
            f"/api/v1/namespaces/{ns}/strings",
            json=body,
            headers={"Authorization": f"Bearer {token}"},
        )
    finally:
        event.remove(engine, "before_cursor_execute", record)
    assert answer.status_code == 200, answer.text
    assert answer.json is not None
    return answer.json, len(seen)


def _texts(count: int, prefix: str = "Line") -> dict[str, dict[str, Any]]:
    return {f"k{i:05d}": {"text": f"{prefix} {i}", "tags": ["bulk"]} for i in range(count)}


def _count(app: Flask, model: Any, *where: Any) -> int:
    with app.app_context(), transaction() as db:
        return int(db.scalar(select(func.count()).select_from(model).where(*where)) or 0)


def test_the_statement_count_does_not_grow_with_the_import(app: Flask, token: str) -> None:
    _namespace(app, token, "small")
    _namespace(app, token, "large")
    small, small_statements = _post(app, token, "small", {"strings": _texts(20)})
    large, large_statements = _post(app, token, "large", {"strings": _texts(3000)})
    assert (len(small["created"]), len(large["created"])) == (20, 3000)
    # token, lock, namespace, stored strings, strings, audit, change log, namespace version;
    # PostgreSQL's driver may send a multi-row INSERT per 1,000 rows of each of the three tables
    assert small_statements == 8
    assert large_statements <= small_statements + 3 * 2
    assert _count(app, DynamicString) == 3020
    assert _count(app, AuditEntry, AuditEntry.action == "string.create") == 3020
    assert _count(app, BundleChange) == 3020

    again = {key: value for key, value in _texts(3000).items() if key != "k00007"}
    again["k00003"] = {"text": "Line 3, edited", "tags": ["bulk"]}
    report, statements = _post(app, token, "large", {"strings": again, "purge": True})
    assert (report["updated"], report["deleted"], len(report["unchanged"])) == (
        ["k00003"],
        ["k00007"],
        2998,
    )
    assert statements <= 12


def test_updates_trash_and_revivals_are_written_as_one_at_a_time_writes_are(
    app: Flask, token: str
) -> None:
    _namespace(app, token, "home", "keep")
    _post(app, token, "home", {"strings": _texts(3)})
    body = {
        "strings": {
            "k00000": {"text": "Line 0"},  # tags dropped: an update that keeps the source
            "k00001": {"text": "Line 1, new", "tags": ["bulk"], "max_length": 40},
        },
        "purge": True,
    }
    report, _ = _post(app, token, "home", body)
    assert report == {
        "dry_run": False,
        "created": [],
        "updated": ["k00000", "k00001"],
        "unchanged": [],
        "deleted": ["k00002"],
    }
    revived, _ = _post(app, token, "home", {"strings": {"k00002": {"text": "Back"}}})
    assert revived["created"] == ["k00002"]
    with app.app_context(), transaction() as db:
        namespace = namespaces.get_namespace(db, "home")
        rows = {key: find_string(db, namespace, key) for key in ("k00000", "k00001", "k00002")}
        versions = {key: (row.version, row.source_version) for key, row in rows.items() if row}
        assert versions == {"k00000": (2, 1), "k00001": (2, 2), "k00002": (3, 2)}
        assert rows["k00001"] is not None and rows["k00001"].max_length == 40
        assert rows["k00002"] is not None and rows["k00002"].deleted_at is None
        history = [
            (entry.key, entry.action, (entry.old or {}).get("version"), (entry.new or {}))
            for entry in db.scalars(
                select(AuditEntry).where(AuditEntry.key.is_not(None)).order_by(AuditEntry.id)
            )
        ][3:]
    assert history == [
        (
            "k00000",
            "string.update",
            1,
            {"text": "Line 0", "plural": None, "description": "", "max_length": None,
             "tags": [], "version": 2},
        ),
        (
            "k00001",
            "string.update",
            1,
            {"text": "Line 1, new", "plural": None, "description": "", "max_length": 40,
             "tags": ["bulk"], "version": 2},
        ),
        ("k00002", "string.delete", 2, {}),
        (
            "k00002",
            "string.restore_update",
            2,
            {"text": "Back", "plural": None, "description": "", "max_length": None,
             "tags": [], "version": 3},
        ),
    ]  # fmt: skip


def _translated(app: Flask, ns: str, keys: list[str]) -> None:
    """Approved es and de translations for ``keys``."""
    with app.app_context(), transaction() as db:
        namespace = namespaces.lock_namespace(db, ns)
        for key in keys:
            for locale in ("es", "de"):
                review.set_translation(db, SYSTEM, namespace, key, locale, f"{key} in {locale}")
                review.approve(db, SYSTEM, namespace, key, locale)


def test_a_source_edit_under_stale_marks_translations_and_requests_new_ones(
    app: Flask, token: str
) -> None:
    _namespace(app, token, "promo", "stale")
    _post(app, token, "promo", {"strings": _texts(4)})
    _translated(app, "promo", ["k00000", "k00001", "k00002"])
    strings = _texts(4)
    strings["k00000"] = {"text": "Line 0, reworded", "tags": ["bulk"]}
    strings["k00001"] = {"text": "Line 1", "tags": ["bulk", "new-tag"]}  # not a source edit
    strings["k00003"] = {"text": "Line 3, reworded", "tags": ["bulk"]}  # never translated
    report, _ = _post(app, token, "promo", {"strings": strings})
    assert report["updated"] == ["k00000", "k00001", "k00003"]
    with app.app_context(), transaction() as db:
        stale = db.execute(
            select(DynamicString.key, Translation.locale, Translation.state)
            .join(Translation, Translation.string_id == DynamicString.id)
            .where(Translation.stale.is_(True))
            .order_by(DynamicString.key, Translation.locale)
        ).all()
        requests = db.scalars(select(TranslationRequest)).all()
        pending = db.execute(
            select(DynamicString.key, Translation.locale)
            .join(Translation, Translation.string_id == DynamicString.id)
            .where(Translation.state == "requested")
            .order_by(DynamicString.key, Translation.locale)
        ).all()
    assert [tuple(row) for row in stale] == [
        ("k00000", "de", "approved"),
        ("k00000", "es", "approved"),
    ]
    assert [(r.keys, sorted(r.locales), r.state) for r in requests] == [
        (["k00000"], ["de", "es"], "pending")
    ]
    assert [tuple(row) for row in pending] == [("k00000", "de"), ("k00000", "es")]


def test_a_source_edit_under_clear_removes_translations_into_the_audit(
    app: Flask, token: str
) -> None:
    _namespace(app, token, "legal", "clear")
    _post(app, token, "legal", {"strings": _texts(2)})
    _translated(app, "legal", ["k00000", "k00001"])
    strings = {**_texts(2), "k00000": {"text": "Line 0, new", "tags": ["bulk"]}}
    _post(app, token, "legal", {"strings": strings})
    with app.app_context(), transaction() as db:
        left = db.execute(
            select(DynamicString.key, Translation.locale)
            .join(Translation, Translation.string_id == DynamicString.id)
            .order_by(DynamicString.key, Translation.locale)
        ).all()
        cleared = db.execute(
            select(AuditEntry.key, AuditEntry.locale, AuditEntry.old)
            .where(AuditEntry.action == "translation.clear")
            .order_by(AuditEntry.locale)
        ).all()
    assert [tuple(row) for row in left] == [("k00001", "de"), ("k00001", "es")]
    assert [(key, locale, old["text"], old["state"]) for key, locale, old in cleared] == [
        ("k00000", "de", "k00000 in de", "approved"),
        ("k00000", "es", "k00000 in es", "approved"),
    ]


def test_an_import_over_the_patch_limit_rebuilds_in_the_worker(app: Flask, token: str) -> None:
    _namespace(app, token, "big", "keep")
    with app.app_context(), transaction() as db:
        before = db.scalar(select(Namespace.version).where(Namespace.name == "big"))
    _post(app, token, "big", {"strings": _texts(250)})
    with app.app_context(), transaction() as db:
        namespace = namespaces.get_namespace(db, "big")
        assert (namespace.version, namespace.bundles_pending) == ((before or 0) + 1, True)


def test_the_plan_is_decided_per_key_without_a_database() -> None:
    def stored(key: str, text: str, deleted: bool = False) -> StoredString:
        return StoredString(1, key, text, None, "", None, [], 1, 1, deleted)

    plan = plan_bulk(
        {"a": stored("a", "A"), "b": stored("b", "B"), "c": stored("c", "C", True),
         "d": stored("d", "D"), "e": stored("e", "E", True)},
        {"a": StringInput(text="A"), "b": StringInput(text="B2"), "c": StringInput(text="C"),
         "n": StringInput(text="N")},
        purge=True,
    )  # fmt: skip
    assert plan.report.as_json() == {
        "created": ["c", "n"],
        "updated": ["b"],
        "unchanged": ["a"],
        "deleted": ["d"],
    }
    assert (plan.new, [s.key for s in plan.changed], [s.key for s in plan.trashed]) == (
        ["n"],
        ["b", "c"],
        ["d"],
    )
