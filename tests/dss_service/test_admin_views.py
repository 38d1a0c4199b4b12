"""The admin UI through Flask's test client: CSRF, roles, escaping, conflicts, login, tokens."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select
from werkzeug.test import TestResponse

from dss_service import create_app
from dss_service.auth import create_user
from dss_service.models import ApiToken, AuditEntry, DynamicString
from dss_service.settings import Settings
from dss_service.web import transaction

PASSWORD = "correct horse battery"
SCRIPT = '<script>alert("owned")</script> Hi {name}'
CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


@dataclass
class Browser:
    """One person's cookie jar on the app, logged in, with the session's CSRF token."""

    client: FlaskClient
    csrf: str

    def post(self, path: str, data: dict[str, str] | None = None) -> TestResponse:
        return self.client.post(path, data={"csrf_token": self.csrf, **(data or {})})


@pytest.fixture
def app(platform_env: dict[str, str]) -> Iterator[Flask]:
    env = {**platform_env, "DSS_SECRET_KEY": "test-secret", "BROKER_URL": "memory://"}
    env.setdefault("RESULT_BACKEND", "cache+memory://")
    application = create_app(Settings.from_env(env))
    with application.app_context(), transaction() as db:
        for name, role in (("ada", "admin"), ("eve", "editor"), ("vic", "viewer")):
            create_user(db, name, role, PASSWORD)
    yield application
    application.extensions["dss_engine"].dispose()


def log_in(app: Flask, name: str) -> Browser:
    client = app.test_client()
    page = client.get("/admin/login")
    token = CSRF.search(page.text)
    assert token is not None
    answer = client.post(
        "/admin/login", data={"name": name, "password": PASSWORD, "csrf_token": token.group(1)}
    )
    assert answer.status_code == 302 and answer.headers["Location"] == "/admin/", answer.text
    home = client.get("/admin/")
    fresh = CSRF.search(home.text)
    assert fresh is not None and fresh.group(1) != token.group(1)  # a new token per login
    return Browser(client, fresh.group(1))


@pytest.fixture
def admin(app: Flask) -> Browser:
    browser = log_in(app, "ada")
    answer = browser.post(
        "/admin/namespaces",
        {"name": "home", "target_locales": "es-MX fr-FR", "source_edit_policy": "stale"},
    )
    assert answer.status_code == 302, answer.text
    return browser


@pytest.fixture
def editor(app: Flask, admin: Browser) -> Browser:
    browser = log_in(app, "eve")
    answer = browser.post(
        "/admin/ns/home/new",
        {
            "key": "banner.title",
            "kind": "text",
            "text": SCRIPT,
            "max_length": "60",
            "description": "<img src=x onerror=alert(1)>",
            "tags": "home, promo",
        },
    )
    assert answer.status_code == 302, answer.text
    return browser


def stored(app: Flask, key: str) -> DynamicString:
    with app.app_context(), transaction() as db:
        found = db.scalar(select(DynamicString).where(DynamicString.key == key))
        assert found is not None
        return found


def audit_count(app: Flask) -> int:
    with app.app_context(), transaction() as db:
        return db.scalar(select(func.count()).select_from(AuditEntry)) or 0


def test_login_rejects_a_wrong_password_and_pages_need_a_login(app: Flask) -> None:
    client = app.test_client()
    answer = client.get("/admin/strings?ns=home")
    assert answer.status_code == 302
    assert answer.headers["Location"] == "/admin/login?next=/admin/strings?ns%3Dhome"
    token = CSRF.search(client.get("/admin/login").text)
    assert token is not None
    wrong = client.post(
        "/admin/login", data={"name": "eve", "password": "nope", "csrf_token": token.group(1)}
    )
    assert wrong.status_code == 401
    assert "Wrong user name or password." in wrong.text
    assert client.get("/admin/").status_code == 302


def test_login_goes_back_only_inside_the_admin_ui(app: Flask) -> None:
    client = app.test_client()
    token = CSRF.search(client.get("/admin/login").text)
    assert token is not None
    data = {"name": "vic", "password": PASSWORD, "csrf_token": token.group(1)}
    answer = client.post("/admin/login", data={**data, "next": "//evil.example/admin"})
    assert answer.headers["Location"] == "/admin/"
    client.post("/admin/logout", data={"csrf_token": CSRF.findall(client.get("/admin/").text)[0]})
    token = CSRF.search(client.get("/admin/login").text)
    assert token is not None
    data["csrf_token"] = token.group(1)
    answer = client.post("/admin/login", data={**data, "next": "/admin/ns/home/trash"})
    assert answer.headers["Location"] == "/admin/ns/home/trash"


@pytest.mark.parametrize(
    ("token", "message"),
    [
        (None, "the form&#39;s security token is missing"),
        ("", "the form&#39;s security token is missing"),
        ("forged", "the form&#39;s security token does not match"),
    ],
)
def test_a_post_without_the_sessions_csrf_token_is_refused(
    app: Flask, editor: Browser, token: str | None, message: str
) -> None:
    before = audit_count(app)
    data = {"version": "1", "kind": "text", "text": "changed"}
    if token is not None:
        data["csrf_token"] = token
    answer = editor.client.post("/admin/ns/home/strings/banner.title", data=data)
    assert answer.status_code == 400
    assert message in answer.text
    assert stored(app, "banner.title").text == SCRIPT
    assert audit_count(app) == before


def test_another_sessions_csrf_token_is_refused(app: Flask, editor: Browser) -> None:
    other = log_in(app, "ada")
    answer = editor.client.post(
        "/admin/ns/home/strings/banner.title/delete",
        data={"version": "1", "csrf_token": other.csrf},
    )
    assert answer.status_code == 400
    assert "does not match" in answer.text
    assert stored(app, "banner.title").deleted_at is None


EDITOR_POSTS = [
    ("/admin/ns/home/new", {"key": "new.key", "kind": "text", "text": "x"}),
    ("/admin/ns/home/strings/banner.title", {"version": "1", "kind": "text", "text": "x"}),
    ("/admin/ns/home/strings/banner.title/delete", {"version": "1"}),
    ("/admin/ns/home/trash/banner.title/restore", {}),
    ("/admin/ns/home/requests", {"keys": "banner.title", "locales": "es-MX"}),
    ("/admin/ns/home/review/es-MX/banner.title/approve", {}),
    ("/admin/ns/home/review/es-MX/banner.title/reject", {"reason": "no"}),
]
ADMIN_POSTS = [
    ("/admin/namespaces", {"name": "other", "target_locales": "de-DE"}),
    ("/admin/tokens", {"name": "t", "role": "viewer"}),
    ("/admin/tokens/1/revoke", {}),
]


def test_a_viewer_changes_nothing(app: Flask, editor: Browser) -> None:
    viewer = log_in(app, "vic")
    before = audit_count(app)
    for path, data in EDITOR_POSTS + ADMIN_POSTS:
        answer = viewer.post(path, data)
        needed = "admin" if (path, data) in ADMIN_POSTS else "editor"
        assert answer.status_code == 403, path
        assert f"vic has role viewer; this needs {needed} or higher" in answer.text, path
    assert audit_count(app) == before
    assert stored(app, "banner.title").version == 1


def test_an_editor_does_not_manage_tokens_or_namespaces(app: Flask, editor: Browser) -> None:
    for path, data in ADMIN_POSTS:
        answer = editor.post(path, data)
        assert answer.status_code == 403, path
        assert "eve has role editor; this needs admin or higher" in answer.text, path
    assert editor.client.get("/admin/tokens").status_code == 403


def test_a_viewer_sees_no_edit_controls(app: Flask, editor: Browser) -> None:
    viewer = log_in(app, "vic")
    pages = [
        "/admin/",
        "/admin/strings?ns=home",
        "/admin/ns/home/strings/banner.title",
        "/admin/ns/home/review/es-MX",
        "/admin/ns/home/trash",
    ]
    for path in pages:
        page = viewer.client.get(path)
        assert page.status_code == 200, path
        forms = [
            re.findall(r'action="([^"]+)"', tag)[0]
            for tag in re.findall(r"<form[^>]*>", page.text)
            if 'method="post"' in tag
        ]
        assert forms == ["/admin/logout"], (path, forms)
        assert "API tokens" not in page.text
        assert "New string" not in page.text
    edit = viewer.client.get("/admin/ns/home/strings/banner.title").text
    assert "<fieldset disabled>" in edit
    assert "Move to trash" not in edit


def test_every_text_is_escaped(app: Flask, editor: Browser) -> None:
    pages = [
        "/admin/strings?ns=home",
        "/admin/ns/home/strings/banner.title",
        "/admin/ns/home/strings/banner.title/history",
    ]
    for path in pages:
        page = editor.client.get(path)
        assert page.status_code == 200, path
        assert "<script>alert" not in page.text, path
        assert "<img src=x" not in page.text, path
    edit = editor.client.get("/admin/ns/home/strings/banner.title").text
    assert "&lt;script&gt;alert(&#34;owned&#34;)&lt;/script&gt; Hi {name}</textarea>" in edit
    assert "&lt;img src=x onerror=alert(1)&gt;</textarea>" in edit
    search = editor.client.get("/admin/strings?ns=home&q=%3Cscript%3E").text
    assert 'href="/admin/ns/home/strings/banner.title"' in search
    policy = editor.client.get("/admin/").headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy


def test_a_stale_save_is_a_conflict_and_loses_nothing(app: Flask, editor: Browser) -> None:
    other = log_in(app, "ada")
    first = other.post(
        "/admin/ns/home/strings/banner.title",
        {"version": "1", "kind": "text", "text": "Ada's words", "tags": "home"},
    )
    assert first.status_code == 302
    stale = editor.post(
        "/admin/ns/home/strings/banner.title",
        {"version": "1", "kind": "text", "text": "Eve's words", "tags": "home"},
    )
    assert stale.status_code == 409
    page = stale.text
    assert "Someone else saved this string while you were editing it" in page
    assert '<dd class="conflict-text">Ada&#39;s words</dd>' in page
    assert "Eve&#39;s words</textarea>" in page
    assert '<input type="hidden" name="version" value="2">' in page
    assert stored(app, "banner.title").text == "Ada's words"
    again = editor.post(
        "/admin/ns/home/strings/banner.title",
        {"version": "2", "kind": "text", "text": "Eve's words", "tags": "home"},
    )
    assert again.status_code == 302
    assert stored(app, "banner.title").text == "Eve's words"
    assert stored(app, "banner.title").version == 3


def test_a_too_long_text_is_refused_with_the_domains_message(app: Flask, editor: Browser) -> None:
    answer = editor.post(
        "/admin/ns/home/new",
        {"key": "short", "kind": "text", "text": "x" * 11, "max_length": "10"},
    )
    assert answer.status_code == 422
    assert "string text is 11 characters long, over its max_length of 10" in answer.text
    taken = editor.post("/admin/ns/home/new", {"key": "banner.title", "kind": "text", "text": "y"})
    assert taken.status_code == 409
    assert "a string with key &#39;banner.title&#39; exists already in namespace home" in taken.text
    assert stored(app, "banner.title").text == SCRIPT


def test_plural_forms_and_crlf_from_a_textarea(app: Flask, editor: Browser) -> None:
    answer = editor.post(
        "/admin/ns/home/new",
        {
            "key": "cart.items",
            "kind": "plural",
            "plural_one": "{count} item",
            "plural_other": "{count} items",
            "description": "line one\r\nline two",
        },
    )
    assert answer.status_code == 302
    saved = stored(app, "cart.items")
    assert saved.plural == {"one": "{count} item", "other": "{count} items"}
    assert saved.text is None
    assert saved.description == "line one\nline two"


def test_a_token_is_shown_once_and_works_against_the_api(app: Flask, admin: Browser) -> None:
    created = admin.post("/admin/tokens", {"name": "checkout", "role": "viewer"})
    assert created.status_code == 200
    token = re.search(r'<code class="token">(dss_[^<]+)</code>', created.text)
    assert token is not None
    api = app.test_client().get(
        "/api/v1/namespaces", headers={"Authorization": f"Bearer {token.group(1)}"}
    )
    assert api.status_code == 200
    listing = admin.client.get("/admin/tokens").text
    assert token.group(1) not in listing
    assert '<tr data-token="checkout">' in listing
    with app.app_context(), transaction() as db:
        token_id = db.scalar(select(ApiToken.id).where(ApiToken.name == "checkout"))
    revoked = admin.post(f"/admin/tokens/{token_id}/revoke")
    assert revoked.status_code == 302
    # Revocation takes effect at once: the process that has just accepted the token refuses it.
    for path in ("/api/v1/namespaces", "/api/v1/namespaces/home/bundles/es-MX"):
        api = app.test_client().get(path, headers={"Authorization": f"Bearer {token.group(1)}"})
        assert api.status_code == 401, path
        assert api.json is not None and api.json["detail"] == "the API token is unknown or revoked"


def test_trash_restore_and_history(app: Flask, editor: Browser) -> None:
    deleted = editor.post("/admin/ns/home/strings/banner.title/delete", {"version": "1"})
    assert deleted.status_code == 302
    assert editor.client.get("/admin/ns/home/strings/banner.title").status_code == 404
    trash = editor.client.get("/admin/ns/home/trash").text
    assert '<tr data-key="banner.title">' in trash
    restored = editor.post("/admin/ns/home/trash/banner.title/restore")
    assert restored.status_code == 302
    assert stored(app, "banner.title").deleted_at is None
    history = editor.client.get("/admin/ns/home/strings/banner.title/history").text
    actions = re.findall(r"<strong>([a-z._]+)</strong>", history)
    assert actions == ["string.restore", "string.delete", "string.create"]
    assert "promo" in history


def test_the_request_form_needs_a_selection(app: Flask, editor: Browser) -> None:
    answer = editor.post("/admin/ns/home/requests", {"locales": "es-MX"})
    assert answer.status_code == 422
    assert "select at least one string, or request the whole namespace" in answer.text
    bad = editor.post("/admin/ns/home/requests", {"keys": "banner.title", "locales": "de-DE"})
    assert bad.status_code == 422
    assert "locales not among namespace home&#39;s target locales" in bad.text


def test_unknown_filters_and_namespaces_answer_with_a_page(app: Flask, editor: Browser) -> None:
    answer = editor.client.get("/admin/strings?ns=home&state=approved")
    assert answer.status_code == 400
    assert "filtering by state needs a locale" in answer.text
    missing = editor.client.get("/admin/ns/nope/trash")
    assert missing.status_code == 404
    assert "no namespace named &#39;nope&#39;" in missing.text


def test_a_bad_namespace_form_keeps_the_input_and_says_why(app: Flask, admin: Browser) -> None:
    answer = admin.post("/admin/namespaces", {"name": "shop", "target_locales": "de-DE, xx-Nope"})
    assert answer.status_code == 422
    assert (
        "unknown locale in target_locales &#39;xx-Nope&#39; (use a BCP 47 code such as"
        " &#39;es-MX&#39;)" in answer.text
    )
    assert 'name="target_locales" value="de-DE, xx-Nope"' in answer.text
    assert admin.client.get("/admin/strings?ns=shop").status_code == 404
    updated = admin.post("/admin/namespaces", {"name": "home", "target_locales": "es-MX"})
    assert updated.status_code == 302
    page = admin.client.get("/admin/").text
    assert "Namespace home updated." in page
    assert re.findall(r'data-locale="([^"]+)"', page) == ["es-MX"]


def test_search_by_tag_state_and_text_with_cursor_pages(app: Flask, editor: Browser) -> None:
    from dss_service import strings
    from dss_service.admin_strings import PAGE_SIZE
    from dss_service.auth import Actor
    from dss_service.namespaces import lock_namespace

    with app.app_context(), transaction() as db:
        home = lock_namespace(db, "home")
        for number in range(PAGE_SIZE):
            data = strings.StringInput(text=f"Item {number}", tags=["bulk"])
            strings.put_string(db, Actor("eve", "editor"), home, f"item.{number:03d}", data)

    def keys(query: str) -> list[str]:
        page = editor.client.get(f"/admin/strings?ns=home&{query}")
        assert page.status_code == 200, page.text
        return re.findall(r'<tr data-key="([^"]+)">', page.text)

    assert keys("tag=promo") == ["banner.title"]
    assert keys("q=ITEM%204") == ["item.004", *(f"item.{n:03d}" for n in range(40, 50))]
    assert keys("q=%3Cscript") == ["banner.title"]
    assert keys("locale=es-MX&state=approved") == []
    first = editor.client.get("/admin/strings?ns=home&locale=es-MX&state=missing").text
    assert len(re.findall(r'<tr data-key="', first)) == PAGE_SIZE
    link = re.search(r'<a rel="next" href="([^"]+)">Next page</a>', first)
    assert link is not None
    second = editor.client.get(link.group(1).replace("&amp;", "&")).text
    assert re.findall(r'<tr data-key="([^"]+)">', second) == ["item.049"]
    assert "First page" in second
    assert 'rel="next"' not in second
