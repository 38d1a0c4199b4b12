"""The bundle hot path: answers never outlive their version; heads are kept at most a second.

Over HTTP against gunicorn with two workers (each keeps its own cache, so every check is
repeated enough to reach both), and in process, counting the statements SQLAlchemy runs.
An edit or a revocation made by one process reaches every other within ``HEAD_MAX_AGE``
(polled with a deadline of that bound plus a margin for a loaded machine), and the process
that made it at once.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
import requests
from flask import Flask
from sqlalchemy import event

from dss_service import bundle_store, create_app, namespaces, strings
from dss_service.auth import SYSTEM, create_token, hash_token
from dss_service.bundle_cache import Answer, BundleCache
from dss_service.bundle_heads import HEAD_MAX_AGE, FreshHeads, Head, HeadReader
from dss_service.namespaces import NamespaceInput
from dss_service.settings import Settings
from dss_service.web import transaction
from tests.dss_service.conftest import Service, new_token
from tests.dss_service.harness import Api, flask_cli, wait_until

REPEAT = 8  # requests per check: gunicorn's two workers each answer some of them
REACH = HEAD_MAX_AGE + 5.0  # the bound, plus a margin for a machine shared with other work
CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


def _bundles(api: Api, ns: str, locale: str, **headers: str) -> list[requests.Response]:
    return [api.get(f"/namespaces/{ns}/bundles/{locale}", headers=headers) for _ in range(REPEAT)]


def test_an_edit_reaches_every_worker_within_the_bound(dss: Service) -> None:
    dss.admin.namespace("fresh", ["de"], "keep")
    dss.editor.string("fresh", "title", text="Old words")
    first = dss.viewer.bundle("fresh", "de")
    old_tag = first.headers["ETag"]
    assert [a.headers["ETag"] for a in _bundles(dss.viewer, "fresh", "de")] == [old_tag] * REPEAT
    revalidated = _bundles(dss.viewer, "fresh", "de", **{"If-None-Match": old_tag})
    assert {a.status_code for a in revalidated} == {304}

    dss.editor.string("fresh", "title", text="New words")

    new_tag = f'"fresh.de.{first.json()["version"] + 1}"'

    def all_new() -> list[requests.Response] | None:
        answers = _bundles(dss.viewer, "fresh", "de", **{"If-None-Match": old_tag})
        seen = {(a.status_code, a.headers["ETag"]) for a in answers}
        assert seen <= {(304, old_tag), (200, new_tag)}  # the old version or the new, only
        return answers if seen == {(200, new_tag)} else None

    after: list[requests.Response] = wait_until(all_new, REACH, "the edit in every worker")
    assert {a.json()["strings"]["title"] for a in after} == {"New words"}
    assert {a.json()["version"] for a in after} == {first.json()["version"] + 1}
    exported = dss.viewer.get("/namespaces/fresh/bundles/de", params={"format": "po"})
    assert exported.headers["ETag"] == f'{new_tag[:-1]}.po"'
    assert 'msgstr "New words"' in exported.text


def test_a_304_carries_the_bundle_headers_and_no_body(dss: Service) -> None:
    dss.admin.namespace("quiet", ["fr"], "keep")
    dss.editor.string("quiet", "hello", text="Hello")
    tag = dss.viewer.bundle("quiet", "fr").headers["ETag"]
    for sent in (tag, f"W/{tag}", f'"other", {tag}', "*"):
        answers = _bundles(dss.viewer, "quiet", "fr", **{"If-None-Match": sent})
        assert {(a.status_code, a.content) for a in answers} == {(304, b"")}, sent
        assert {a.headers["ETag"] for a in answers} == {tag}, sent
        assert {a.headers["Cache-Control"] for a in answers} == {
            "public, max-age=30, stale-while-revalidate=300"
        }
    stale = _bundles(dss.viewer, "quiet", "fr", **{"If-None-Match": '"quiet.fr.0"'})
    assert {(a.status_code, a.json()["strings"]["hello"]) for a in stale} == {(200, "Hello")}


def _admin_session(dss: Service) -> requests.Session:
    created = flask_cli(
        dss.env, "create-user", "rita", "--role", "admin", "--password-stdin", stdin="rita-pass-1\n"
    )
    assert created.returncode == 0, created.stderr
    browser = requests.Session()
    page = browser.get(f"{dss.url}/admin/login", timeout=30)
    csrf = CSRF.search(page.text)
    assert csrf is not None
    answer = browser.post(
        f"{dss.url}/admin/login",
        data={"name": "rita", "password": "rita-pass-1", "csrf_token": csrf.group(1)},
        allow_redirects=False,
        timeout=30,
    )
    assert answer.status_code == 302, answer.text
    return browser


def test_a_revoked_token_is_refused_by_every_worker_within_the_bound(dss: Service) -> None:
    dss.admin.namespace("gated", ["it"], "keep")
    dss.editor.string("gated", "hello", text="Hello")
    reader = dss.viewer.with_token(new_token(dss.env, "soon-revoked", "viewer"))
    tag = reader.bundle("gated", "it").headers["ETag"]
    assert {a.status_code for a in _bundles(reader, "gated", "it")} == {200}
    revalidated = _bundles(reader, "gated", "it", **{"If-None-Match": tag})
    assert {a.status_code for a in revalidated} == {304}

    browser = _admin_session(dss)
    page = browser.get(f"{dss.url}/admin/tokens", timeout=30).text
    row = re.search(
        r'<tr data-token="soon-revoked">.*?action="(/admin/tokens/\d+/revoke)".*?'
        r'name="csrf_token" value="([^"]+)"',
        page,
        re.S,
    )
    assert row is not None, page
    revoked = browser.post(
        dss.url + row.group(1), data={"csrf_token": row.group(2)}, allow_redirects=False
    )
    assert revoked.status_code == 302, revoked.text

    def refused(answers: list[requests.Response]) -> bool:
        return {a.status_code for a in answers} == {401}

    wait_until(lambda: refused(_bundles(reader, "gated", "it")), REACH, "refused everywhere")
    for answers in (
        _bundles(reader, "gated", "it"),
        _bundles(reader, "gated", "it", **{"If-None-Match": tag}),
        [reader.get("/namespaces/gated") for _ in range(REPEAT)],
    ):
        assert refused(answers)
        assert {a.json()["detail"] for a in answers} == {"the API token is unknown or revoked"}
    assert dss.viewer.get("/namespaces/gated/bundles/it").status_code == 200  # others unaffected


# -- in process: what a request reads ---------------------------------------------------------


@pytest.fixture
def app(platform_env: dict[str, str]) -> Iterator[Flask]:
    env = {**platform_env, "DSS_SECRET_KEY": "test-secret", "BROKER_URL": "memory://"}
    env.setdefault("RESULT_BACKEND", "cache+memory://")
    application = create_app(Settings.from_env(env))
    yield application
    application.extensions["dss_engine"].dispose()


def _statements(app: Flask) -> list[str]:
    """Every statement SQLAlchemy sends from now on (the head query is plain DBAPI: not seen)."""
    seen: list[str] = []

    def record(*args: object) -> None:
        seen.append(str(args[2]))

    event.listen(app.extensions["dss_engine"], "before_cursor_execute", record)
    return seen


def test_a_304_and_a_repeated_200_read_nothing_through_sqlalchemy(app: Flask) -> None:
    with app.app_context(), transaction() as db:
        namespace, _ = namespaces.put_namespace(
            db, SYSTEM, "home", NamespaceInput(["es-MX"], "keep"), "en-US"
        )
        strings.put_string(db, SYSTEM, namespace, "hi", strings.StringInput(text="Hi"))
        bundle_store.rebuild(db, namespace)
        _, token = create_token(db, SYSTEM, "reader", "viewer")
    client = app.test_client()
    headers = {"Authorization": f"Bearer {token}"}
    path = "/api/v1/namespaces/home/bundles/es-MX"
    seen = _statements(app)

    first = client.get(path, headers=headers)
    assert first.status_code == 200 and first.json == {
        "namespace": "home",
        "locale": "es-MX",
        "version": 2,
        "delta": False,
        "strings": {"hi": "Hi"},
        "deleted": [],
    }
    assert any("dss_bundles.strings" in sql for sql in seen)  # the first answer reads them
    seen.clear()
    again = client.get(path, headers=headers)
    assert (again.status_code, again.data, again.headers["ETag"]) == (
        200,
        first.data,
        '"home.es-MX.2"',
    )
    same = client.get(path, headers={**headers, "If-None-Match": '"home.es-MX.2"'})
    assert (same.status_code, same.data) == (304, b"")
    assert seen == []  # both answered from the head query and the cache

    with app.app_context(), transaction() as db:
        namespace = namespaces.lock_namespace(db, "home")
        strings.put_string(db, SYSTEM, namespace, "hi", strings.StringInput(text="Hello"))
    seen.clear()
    changed = client.get(path, headers={**headers, "If-None-Match": '"home.es-MX.2"'})
    assert changed.status_code == 200 and changed.headers["ETag"] == '"home.es-MX.3"'
    assert changed.json is not None and changed.json["strings"] == {"hi": "Hello"}
    assert sum("dss_bundles.strings" in sql for sql in seen) == 1


def test_another_process_edit_is_served_after_the_bound_and_not_before(app: Flask) -> None:
    """A second engine stands for another process; the clock is the test's."""
    with app.app_context(), transaction() as db:
        namespace, _ = namespaces.put_namespace(
            db, SYSTEM, "home", NamespaceInput(["de"], "keep"), "en-US"
        )
        strings.put_string(db, SYSTEM, namespace, "hi", strings.StringInput(text="Hi"))
        bundle_store.rebuild(db, namespace)
        _, token = create_token(db, SYSTEM, "reader", "viewer")
    now = [100.0]
    engine = app.extensions["dss_engine"]
    heads = FreshHeads(HeadReader(engine).read, clock=lambda: now[0])
    token_hash = hash_token(token)
    first = heads.read(token_hash, "home", "de", False)
    with app.app_context(), transaction() as db:  # the other process's edit
        namespace = namespaces.lock_namespace(db, "home")
        strings.put_string(db, SYSTEM, namespace, "hi", strings.StringInput(text="Hello"))
    now[0] += HEAD_MAX_AGE - 0.01
    assert heads.read(token_hash, "home", "de", False) == first
    now[0] += 0.01
    moved = heads.read(token_hash, "home", "de", False)
    assert moved.bundle_version == (first.bundle_version or 0) + 1
    heads.forget()
    assert heads.read(token_hash, "home", "de", False) == moved


def test_heads_that_serve_nothing_are_not_kept() -> None:
    reads: list[tuple[str, str, str, bool]] = []
    answers = {
        "unknown-token": Head(1, 2, 3, 2, None),
        "building": Head(1, 2, None, None, "viewer"),
        "servable": Head(1, 2, 3, 2, "viewer"),
    }

    def read(token_hash: str, namespace: str, locale: str, approved_only: bool) -> Head:
        reads.append((token_hash, namespace, locale, approved_only))
        return answers[token_hash]

    heads = FreshHeads(read, clock=lambda: 0.0)
    for name in ("unknown-token", "building", "servable"):
        assert heads.read(name, "ns", "de", False) == heads.read(name, "ns", "de", False)
    assert [r[0] for r in reads] == ["unknown-token", "unknown-token", "building", "building",
                                     "servable"]  # fmt: skip
    assert heads.read("servable", "ns", "de", True) == answers["servable"]  # another key
    assert len(reads) == 6


# -- the cache itself (pure) ------------------------------------------------------------------


def test_an_answer_is_used_only_for_its_own_version() -> None:
    cache = BundleCache()
    key = ("home", "es-MX", False, "json")
    cache.keep_answer(key, Answer(3, b"three", "application/json"))
    assert cache.answer(key, 3) == Answer(3, b"three", "application/json")
    assert cache.answer(key, 4) is None
    assert cache.answer(("home", "es-MX", True, "json"), 3) is None
    cache.keep_answer(key, Answer(2, b"two", "application/json"))  # a slow, older request
    assert cache.answer(key, 3) is not None and cache.answer(key, 2) is None


def test_answers_are_bounded_by_bytes_least_recently_used_first() -> None:
    cache = BundleCache(max_bytes=10)
    a, b, c = (("ns", locale, False, "json") for locale in ("de", "fr", "it"))
    cache.keep_answer(a, Answer(1, b"aaaa", "application/json"))
    cache.keep_answer(b, Answer(1, b"bbbb", "application/json"))
    assert cache.answer(a, 1) is not None  # a is now the most recently used
    cache.keep_answer(c, Answer(1, b"cccc", "application/json"))
    assert (cache.answer(a, 1) is not None, cache.answer(b, 1), cache.size_bytes) == (True, None, 8)
    cache.keep_answer(("ns", "ja", False, "json"), Answer(1, b"x" * 11, "application/json"))
    assert cache.size_bytes == 8  # larger than the whole cache: not kept
