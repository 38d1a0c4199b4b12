"""The admin UI in Debian's chromium (Playwright) against gunicorn, a Celery worker and the stub."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator

import pytest
import requests
from playwright.sync_api import Browser, BrowserContext, Page, expect, sync_playwright

from tests.conftest import REPO_ROOT
from tests.dss_service.conftest import Service
from tests.dss_service.harness import flask_cli
from tests.tms.harness import TOKEN

pytestmark = [pytest.mark.browser, pytest.mark.slow]

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
ARTIFACTS = REPO_ROOT / "var" / "test-artifacts" / "admin"
PASSWORD = "browser-test-password"
SCRIPT_TEXT = "<script>window.__owned = 1</script>Sale ends {date}"
NS = "web"


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield chromium
        chromium.close()


@pytest.fixture(scope="module")
def people(dss: Service) -> Service:
    for name, role in (("olga", "admin"), ("ed", "editor"), ("val", "viewer")):
        made = flask_cli(
            dss.env, "create-user", name, "--role", role, "--password-stdin", stdin=PASSWORD + "\n"
        )
        assert made.returncode == 0, made.stderr
        assert made.stdout.strip() == f"created user {name} with role {role}"
    dss.admin.namespace(NS, ["es-MX", "fr-FR"])
    return dss


def logged_in(browser: Browser, dss: Service, name: str) -> tuple[BrowserContext, Page]:
    context = browser.new_context(base_url=dss.url, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.on("dialog", lambda dialog: pytest.fail(f"a dialog opened: {dialog.message}"))
    page.goto("/admin/")
    expect(page).to_have_url(re.compile(r"/admin/login\?next=/admin/$"))
    page.get_by_label("User name").fill(name)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", name="Namespaces")).to_be_visible()
    return context, page


def shot(page: Page, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def reload_until(page: Page, selector: str, timeout: float = 60.0) -> None:
    """Reload until ``selector`` is on the page (a vendor job completes in the background)."""
    deadline = time.monotonic() + timeout
    while page.locator(selector).count() == 0:
        if time.monotonic() > deadline:
            raise AssertionError(f"{selector} never appeared on {page.url}:\n{page.content()}")
        page.wait_for_timeout(300)
        page.reload()


def approved_width(page: Page, locale: str) -> str | None:
    row = page.locator(f'tr.locale-progress[data-locale="{locale}"]')
    segment = row.locator(".seg.approved")
    return segment.get_attribute("style") if segment.count() else None


def test_an_editor_works_through_the_ui_and_a_viewer_cannot(
    browser: Browser, people: Service
) -> None:
    dss = people
    context, page = logged_in(browser, dss, "ed")
    shot(page, "01-login-landing")

    # Create a string whose text is markup: it shows as text, the counter counts it.
    page.goto(f"/admin/ns/{NS}/new")
    page.get_by_label("Key").fill("promo.banner")
    page.get_by_label("Max length").fill("60")
    page.locator("textarea[name=text]").fill(SCRIPT_TEXT)
    expect(page.locator(".counter")).to_have_text(f"{len(SCRIPT_TEXT)} / 60 characters")
    page.get_by_label("Tags (separated by commas or spaces)").fill("promo, home")
    page.get_by_role("button", name="Create string").click()
    expect(page.locator(".notice")).to_have_text("String promo.banner created.")
    expect(page.locator("textarea[name=text]")).to_have_value(SCRIPT_TEXT)
    page.goto(f"/admin/ns/{NS}/new")
    page.get_by_label("Key").fill("home.greeting")
    page.locator("textarea[name=text]").fill("Welcome back, {name}!")
    page.get_by_role("button", name="Create string").click()
    expect(page.locator(".notice")).to_have_text("String home.greeting created.")
    page.goto(f"/admin/strings?ns={NS}")
    source = page.locator('tr[data-key="promo.banner"] td.source')
    expect(source).to_have_text(SCRIPT_TEXT)
    assert page.evaluate("typeof window.__owned") == "undefined"
    shot(page, "02-strings")

    # Edit from a page rendered at version 1 after someone else saved version 2.
    page.goto(f"/admin/ns/{NS}/strings/home.greeting")
    other = dss.editor.put(
        f"/namespaces/{NS}/strings/home.greeting",
        json={"text": "Hello again, {name}!"},
        headers={"If-Match": '"1"'},
    )
    assert other.status_code == 200, other.text
    page.locator("textarea[name=text]").fill("Good to see you, {name}!")
    page.get_by_role("button", name="Save").click()
    conflict = page.locator("section.conflict")
    expect(conflict.get_by_role("heading")).to_have_text(
        "Someone else saved this string while you were editing it"
    )
    expect(conflict.locator(".conflict-text")).to_have_text("Hello again, {name}!")
    expect(page.locator("textarea[name=text]")).to_have_value("Good to see you, {name}!")
    shot(page, "03-conflict")
    saved = dss.viewer.get(f"/namespaces/{NS}/strings/home.greeting").json()
    assert (saved["text"], saved["version"]) == ("Hello again, {name}!", 2)
    page.get_by_role("link", name="discard your changes").click()

    # Request a translation of one string into es-MX; the stub translates it.
    page.goto("/admin/")
    assert approved_width(page, "es-MX") is None
    page.goto(f"/admin/strings?ns={NS}")
    page.get_by_label("select home.greeting").check()
    page.locator('input[name=locales][value="fr-FR"]').uncheck()
    page.get_by_role("button", name="Request translation of the selected strings").click()
    expect(page.locator(".notice")).to_have_text(
        re.compile(r"Translation request \d+ sent: 1 string\(s\) into es-MX\.")
    )
    page.goto(f"/admin/ns/{NS}/review/es-MX")
    reload_until(page, 'tr[data-key="home.greeting"].translated')
    row = page.locator('tr[data-key="home.greeting"]')
    expect(row.locator("td.source")).to_have_text("Hello again, {name}!")
    expect(row.locator("td.target")).to_contain_text("{name}")
    shot(page, "04-review")
    row.get_by_role("button", name="Approve").click()
    expect(page.locator(".notice")).to_have_text("Approved home.greeting in es-MX.")
    expect(page.locator('tr[data-key="home.greeting"]')).to_have_count(0)

    # A translator asks a question on the vendor job; the questions page lists it.
    made = dss.viewer.get(f"/namespaces/{NS}/translation-requests").json()["items"][0]
    asked = requests.post(
        f"{dss.stub_url}/api/v1/operator/projects/dss/jobs/{made['vendor_job_id']}/questions",
        json={"text": "Is <b>name</b> a first name?", "key": "home.greeting", "locale": "es-MX"},
        headers={"Authorization": f"Bearer {TOKEN}"},
        timeout=10,
    )
    assert asked.status_code == 201, asked.text
    page.goto(f"/admin/ns/{NS}/questions")
    question = page.locator("table.questions tbody tr")
    expect(question).to_have_count(1)
    expect(question.locator("td").nth(3)).to_have_text("Is <b>name</b> a first name?")
    expect(question.locator("td").nth(1)).to_have_text("home.greeting")

    # The progress bar moved: 1 of 2 strings approved in es-MX.
    page.goto("/admin/")
    progress = page.locator('tr.locale-progress[data-locale="es-MX"]')
    expect(progress.locator(".approved-count")).to_have_text("1/2 approved")
    assert approved_width(page, "es-MX") == "width: 50.0%"
    shot(page, "05-namespaces")

    # Trash and restore.
    page.goto(f"/admin/ns/{NS}/strings/promo.banner")
    page.get_by_role("button", name="Move to trash").click()
    expect(page.locator(".notice")).to_have_text("String promo.banner moved to the trash.")
    expect(page.locator('tr[data-key="promo.banner"]')).to_have_count(0)
    page.goto(f"/admin/ns/{NS}/trash")
    shot(page, "06-trash")
    page.locator('tr[data-key="promo.banner"]').get_by_role("button", name="Restore").click()
    expect(page.locator(".notice")).to_have_text("String promo.banner restored.")
    page.get_by_role("link", name="History").click()
    actions = page.locator(".history strong").all_inner_texts()
    assert actions == ["string.restore", "string.delete", "string.create"]
    shot(page, "07-history")
    context.close()

    # A viewer sees everything and no control that changes anything; a forged POST is 403.
    context, page = logged_in(browser, dss, "val")
    for path in (
        "/admin/",
        f"/admin/strings?ns={NS}",
        f"/admin/ns/{NS}/strings/promo.banner",
        f"/admin/ns/{NS}/trash",
    ):
        page.goto(path)
        assert page.locator("form[method=post]").count() == 1, path  # log out only
        assert (
            page.get_by_role("button", name=re.compile("Save|Move to trash|Request")).count() == 0
        )
    page.goto(f"/admin/ns/{NS}/strings/promo.banner")
    expect(page.locator("textarea[name=text]")).to_be_disabled()
    csrf = page.locator("form.logout input[name=csrf_token]").get_attribute("value")
    assert csrf
    forged = page.request.post(
        f"/admin/ns/{NS}/strings/promo.banner/delete",
        form={"csrf_token": csrf, "version": "3"},
        max_redirects=0,
    )
    assert forged.status == 403
    assert "val has role viewer; this needs editor or higher" in forged.text()
    still = dss.viewer.get(f"/namespaces/{NS}/strings/promo.banner")
    assert still.status_code == 200
    context.close()

    # An admin creates an API token; it is shown once.
    context, page = logged_in(browser, dss, "olga")
    page.goto("/admin/tokens")
    page.get_by_label("Name").fill("checkout-service")
    page.get_by_role("button", name="Create token").click()
    token = page.locator("code.token").inner_text()
    assert token.startswith("dss_")
    shot(page, "08-tokens")
    assert dss.viewer.with_token(token).get(f"/namespaces/{NS}").status_code == 200
    context.close()
