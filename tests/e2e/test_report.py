"""The org-wide report as real processes: two installations, the CLI, the beat, the page."""

from __future__ import annotations

import json
import os
import pty
import re
import select
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
import requests
from playwright.sync_api import expect, sync_playwright

from devstack import Stack
from devstack.scenario import Scenario
from devstack.stack import BIN, _ensure_user
from tests.conftest import REPO_ROOT
from tests.e2e.conftest import unique

pytestmark = pytest.mark.slow

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SCREENSHOT = REPO_ROOT / "var" / "test-artifacts" / "report.png"

WEB_CONFIG = (
    "source_locale: en-US\ntarget_locales: [fr, de]\nfiles:\n"
    "  - source: web/locales/en.json\n    target: web/locales/{locale}.json\n"
)
WEB_EN = '{\n  "hello": "Hello",\n  "bye": "Goodbye",\n  "cart": "Cart"\n}\n'
ANDROID_CONFIG = (
    "source_locale: en-US\ntarget_locales: [ja]\nfiles:\n"
    "  - source: res/values/strings.xml\n    target: res/values-{android}/strings.xml\n"
)
ANDROID_EN = (
    '<?xml version="1.0" encoding="utf-8"?>\n<resources>\n'
    '    <string name="title">Shop</string>\n'
    '    <string name="buy">Buy</string>\n'
    '    <string name="sell">Sell</string>\n'
    '    <string name="brand" translatable="false">ACME</string>\n'
    "</resources>\n"
)
ANDROID_JA = (
    '<?xml version="1.0" encoding="utf-8"?>\n<resources>\n'
    '    <string name="title">ショップ</string>\n</resources>\n'
)


@dataclass(frozen=True)
class Org:
    """Four repositories over two installations of the app."""

    web: str  # acme: JSON, fr and de; de translated by the bot, then a source text changed
    android: str  # globex: Android, ja, one of three strings translated by hand
    plain: str  # globex: no string files
    broken: str  # globex: a config naming a file that is not there


def wait_until(what: str, condition: Any, timeout: float = 60.0) -> Any:
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > deadline:
            raise TimeoutError(f"{what}: not within {timeout:.0f} s")
        time.sleep(0.2)


@pytest.fixture(scope="module")
def org(stack: Stack, scenario: Scenario) -> Org:
    developer = scenario.person(unique("reporter"))
    web = scenario.create_repo(
        unique("report-web"),
        seed_dir=None,
        files={
            ".github/translations.yml": WEB_CONFIG,
            "web/locales/en.json": WEB_EN,
            "web/locales/fr.json": '{\n  "hello": "Bonjour"\n}\n',
        },
        collaborators={developer.login: "write"},
    )
    number = scenario.open_pull_request(web, developer, "onboard-de", {"NOTES.md": "de\n"})
    scenario.comment(web, number, developer, "translate apply de")
    status = scenario.wait_for_status(web, number, developer)[-1]["body"]
    assert "✅ Done" in status, status
    translated = scenario.show(web, "onboard-de", "web/locales/de.json")
    assert translated is not None and '"hello"' in translated, translated
    stack.sandbox.merge(web, number, developer.login)  # the sandbox closes it; we squash:
    stack.sandbox.push(
        web,
        "main",
        {"web/locales/de.json": translated, "NOTES.md": "de\n"},
        author=developer.login,
        message="Onboard de (#1)",
    )
    stack.sandbox.push(
        web,
        "main",
        {"web/locales/en.json": WEB_EN.replace('"Hello"', '"Hello there"')},
        author=developer.login,
        message="Friendlier greeting",
    )

    _ensure_user(stack.sandbox, "globex", "Organization")
    globex = Scenario(stack, "globex")
    android = globex.create_repo(
        unique("report-android"),
        seed_dir=None,
        files={
            ".github/translations.yml": ANDROID_CONFIG,
            "res/values/strings.xml": ANDROID_EN,
            "res/values-ja/strings.xml": ANDROID_JA,
        },
    )
    plain = globex.create_repo(unique("report-plain"), seed_dir=None, files={"README.md": "hi\n"})
    broken = globex.create_repo(
        unique("report-broken"),
        seed_dir=None,
        files={".github/translations.yml": ANDROID_CONFIG, "README.md": "no strings\n"},
    )
    globex.install("all")
    return Org(web, android, plain, broken)


def flask_report(stack: Stack, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(BIN / "flask"), "--app", "sts_bot", "report", *args],
        cwd=REPO_ROOT,
        env=stack.env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def bot_routes(stack: Stack) -> dict[str, int]:
    """REST calls per route made as the app or its installations (git's smart HTTP apart)."""
    totals: dict[str, int] = {}
    for actor, routes in stack.sandbox.counters()["actors"].items():
        if actor.startswith(("installation:", "app:")):
            for route, count in routes.items():
                if not route.startswith("git "):
                    totals[route] = totals.get(route, 0) + count
    return totals


def by_repo(report: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {item["repo"]: item for item in report["repositories"]}


def test_report_json_counts_missing_and_stale_per_repo_file_and_locale_without_per_file_calls(
    stack: Stack, org: Org
) -> None:
    before = bot_routes(stack)
    run = flask_report(stack, "--json")
    assert run.returncode == 0, run.stderr
    calls = {route: count - before.get(route, 0) for route, count in bot_routes(stack).items()}
    # Two installations: list them, then a token and a page of repositories for each. (The
    # worker may be busy with other repositories meanwhile: only the report's routes count.)
    assert calls["GET /app/installations"] == 1
    assert calls["POST /app/installations/{installation_id}/access_tokens"] == 2
    assert calls["GET /installation/repositories"] == 2
    per_file = [r for r, n in calls.items() if n and re.search(r"/contents|/git/(blobs|trees)", r)]
    assert per_file == []
    assert "Reading repositories" not in run.stdout  # no progress bar into a pipe
    report = by_repo(json.loads(run.stdout))

    web = report[org.web]
    assert (web["branch"], web["locales"], web["error"], web["detected_config"]) == (
        "main",
        ["fr", "de"],
        None,
        False,
    )
    assert len(web["sha"]) == 40
    assert web["files"] == [
        {
            "file": "web/locales/en.json",
            "target": "web/locales/fr.json",
            "locale": "fr",
            "strings": 3,
            "missing": 2,
            "stale": 0,  # Bonjour was not the bot's: nothing says which text it was made from
        },
        {
            "file": "web/locales/en.json",
            "target": "web/locales/de.json",
            "locale": "de",
            "strings": 3,
            "missing": 0,
            "stale": 1,  # the bot translated "Hello"; main now says "Hello there"
        },
    ]
    assert (web["strings"], web["missing"], web["stale"]) == (6, 2, 1)

    android = report[org.android]
    assert android["files"] == [
        {
            "file": "res/values/strings.xml",
            "target": "res/values-ja/strings.xml",
            "locale": "ja",
            "strings": 3,  # `brand` is translatable="false"
            "missing": 2,
            "stale": 0,
        }
    ]
    assert (report[org.plain]["files"], report[org.plain]["error"]) == ([], None)
    broken = report[org.broken]
    assert broken["files"] == []
    assert broken["error"].startswith("`.github/translations.yml` does not match the repository")
    assert "res/values/strings.xml" in broken["error"]


def test_report_table_lists_each_file_and_locale_with_totals(stack: Stack, org: Org) -> None:
    run = flask_report(stack)
    assert run.returncode == 0, run.stderr
    lines = run.stdout.splitlines()
    assert lines[0].split() == [
        "repository",
        "file",
        "locale",
        "strings",
        "missing",
        "stale",
        "done",
    ]
    rows = {tuple(line.split()[:3]): line.split()[3:] for line in lines[2:] if line}
    assert rows[(org.web, "web/locales/en.json", "fr")] == ["3", "2", "0", "33%"]
    assert rows[(org.web, "web/locales/en.json", "de")] == ["3", "0", "1", "66%"]
    assert rows[(org.android, "res/values/strings.xml", "ja")] == ["3", "2", "0", "33%"]
    assert f"\n{org.plain}: no string files\n" in run.stdout
    broken = f"\n{org.broken}: error: `.github/translations.yml` does not match the repository"
    assert broken in run.stdout
    assert any(line.startswith("(all)") and " ja " in line for line in lines)


def test_report_shows_a_progress_bar_on_a_terminal(stack: Stack, org: Org) -> None:
    leader, follower = pty.openpty()
    output = b""
    with subprocess.Popen(
        [str(BIN / "flask"), "--app", "sts_bot", "report"],
        cwd=REPO_ROOT,
        env={**stack.env, "COLUMNS": "200"},
        stdout=follower,
        stderr=subprocess.PIPE,
    ) as process:
        os.close(follower)
        deadline = time.monotonic() + 300
        while time.monotonic() < deadline:
            ready, _, _ = select.select([leader], [], [], 1)
            if ready:
                try:
                    chunk = os.read(leader, 65536)
                except OSError:  # the terminal closed with the process
                    break
                if not chunk:
                    break
                output += chunk
            elif process.poll() is not None:
                break
        os.close(leader)
        assert process.stderr is not None
        errors = process.stderr.read().decode(errors="replace")
        assert process.wait(timeout=60) == 0, errors
    text = output.decode(errors="replace")
    assert "Reading repositories" in text
    assert org.android in text and "repository" in text


@pytest.fixture(scope="module")
def snapshots(stack: Stack, org: Org) -> Iterator[dict[str, Any]]:
    """Let the beat store two snapshots (a 2-second interval), then stop it."""
    stack.extra_env["STS_REPORT_INTERVAL_SECONDS"] = "2"
    try:
        stack.start("sts_beat")
    finally:
        del stack.extra_env["STS_REPORT_INTERVAL_SECONDS"]
    try:
        url = stack.url("sts_web") + "/reports.json"

        def second_snapshot() -> dict[str, Any] | None:
            answer = requests.get(url, timeout=10)
            if answer.status_code != 200:
                return None
            first = answer.json()
            return first if org.android in by_repo(first) else None

        first = wait_until("a snapshot", second_snapshot, 120)
        latest = wait_until(
            "a second snapshot",
            lambda: (
                data
                if (data := requests.get(url, timeout=10).json())["taken_at"] != first["taken_at"]
                else None
            ),
            120,
        )
    finally:
        stack.stop("sts_beat")
    yield latest


def test_beat_stores_snapshots_and_the_page_shows_bars_sorting_and_trends(
    stack: Stack, org: Org, snapshots: dict[str, Any]
) -> None:
    report = by_repo(snapshots)
    assert (report[org.web]["missing"], report[org.web]["stale"]) == (2, 1)
    SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium", headless=True, args=CHROMIUM_ARGS
        )
        try:
            context = browser.new_context(
                java_script_enabled=False, viewport={"width": 1280, "height": 900}
            )
            page = context.new_page()
            answer = page.goto(stack.url("sts_web") + "/reports?sort=repo&order=asc")
            assert answer is not None and answer.status == 200
            expect(page.locator("h1")).to_have_text("Translations report")
            de = page.locator('#locales tr[data-locale="de"]')
            expect(de.locator(".bar")).to_have_attribute(
                "aria-label", re.compile(r"de: \d+ of \d+")
            )
            names = [
                row.get_attribute("data-repo") or ""
                for row in page.locator("#repos > tbody > tr").all()
            ]
            assert names == sorted(names, key=str.lower)
            web_row = page.locator(f'#repos tr[data-repo="{org.web}"]')
            expect(web_row.locator(":scope > td").nth(2)).to_have_text("2")
            expect(web_row.locator(":scope > td").nth(3)).to_have_text("1")
            expect(web_row.locator("svg")).to_have_attribute(
                "aria-label", re.compile(r"^unchanged over ([2-9]|\d{2,}) snapshots$")
            )
            page.get_by_role("link", name=re.compile(r"^missing")).click()  # a plain link
            assert "sort=missing" in page.url and "order=desc" in page.url
            missing = [
                int(row.locator(":scope > td").nth(2).inner_text().replace(",", ""))
                for row in page.locator("#repos > tbody > tr").all()
            ]
            assert missing == sorted(missing, reverse=True)
            page.locator(f'#repos tr[data-repo="{org.web}"] summary').click()
            expect(web_row.locator("details table")).to_contain_text("web/locales/de.json")
            page.screenshot(path=str(SCREENSHOT), full_page=True)
        finally:
            browser.close()
    assert SCREENSHOT.stat().st_size > 10_000
