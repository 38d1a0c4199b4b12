"""`translate apply` end to end: real processes, real HTTP, real git, one commit per job."""

from __future__ import annotations

import hashlib
import hmac
import json

import pytest
import requests

import catalog
from devstack import Stack
from devstack.scenario import SAMPLE_CHANGES, Person, Scenario
from devstack.stack import WEBHOOK_SECRET
from tests.e2e.conftest import Vendor, unique

pytestmark = pytest.mark.slow

SOURCE_FILES = {
    "app/src/main/res/values/strings.xml": "app/src/main/res/values-{}/strings.xml",
    "ios/Shop/en.lproj/Localizable.strings": "ios/Shop/{}.lproj/Localizable.strings",
    "web/locales/en.json": "web/locales/{}.json",
    "po/messages.pot": "po/{}.po",
}


def open_sample_pr(
    scenario: Scenario, developer: Person, files: dict[str, str | None] | None = None
) -> tuple[str, int]:
    repo = scenario.create_repo(unique("shop"), collaborators={developer.login: "write"})
    number = scenario.open_pull_request(
        repo, developer, "feature/orders", files or SAMPLE_CHANGES, "Order notifications"
    )
    return repo, number


def bot_commits(scenario: Scenario, repo: str, branch: str = "feature/orders") -> list[str]:
    log = scenario.git(repo, "log", "--format=%H %an", f"main..{branch}")
    assert scenario.stack.app is not None
    return [line.split()[0] for line in log.splitlines() if scenario.stack.app.bot_login in line]


def test_apply_translates_the_new_and_changed_strings_of_all_four_formats_in_one_commit(
    scenario: Scenario, developer: Person
) -> None:
    repo, number = open_sample_pr(scenario, developer)
    head_before = scenario.git(repo, "rev-parse", "feature/orders").strip()
    before_fr = scenario.show(repo, head_before, "app/src/main/res/values-fr/strings.xml")
    scenario.wait_for_check(repo, head_before, developer)  # the PR's own check runs first
    calls_before = scenario.stack.bot_rest_calls(checks=False)

    scenario.comment(repo, number, developer, "translate apply")
    comments = scenario.wait_for_status(repo, number, developer)

    status = comments[-1]["body"]
    assert "✅ Done: `translate apply`" in status
    assert "| `fr` | 6 | 6/6 | 6 |" in status
    commits = bot_commits(scenario, repo)
    assert len(commits) == 1
    head = commits[0]
    assert scenario.git(repo, "rev-parse", f"{head}^").strip() == head_before
    changed = set(scenario.git(repo, "show", "--name-only", "--format=", head).split())
    expected = {t.format(loc) for t in SOURCE_FILES.values() for loc in ("fr", "ja", "es_MX")}
    expected = {
        p.replace("values-es_MX", "values-es-rMX")
        .replace("es_MX.lproj", "es-MX.lproj")
        .replace("locales/es_MX", "locales/es-MX")
        for p in expected
    }
    assert changed == expected
    # An existing target changes only at the entries set; the human translations stay.
    after_fr = scenario.show(repo, head, "app/src/main/res/values-fr/strings.xml")
    assert before_fr is not None and after_fr is not None
    removed = [line for line in before_fr.splitlines() if line not in after_fr.splitlines()]
    assert removed == ['    <string name="checkout">Payer</string>']
    fr = catalog.load("app/src/main/res/values-fr/strings.xml", after_fr.encode())
    assert fr.get("app_title").value == "Boutique Acme"
    assert fr.get("order_shipped").value.startswith("[fr] ")
    assert "%1$s" in fr.get("order_shipped").value
    po = catalog.load("po/ja.po", scenario.show(repo, head, "po/ja.po").encode())
    assert po.get("Track your package").value.startswith("[ja] ")
    message = scenario.git(repo, "log", "-1", "--format=%B", head)
    assert message.startswith("Translate 18 strings into es-MX, fr, ja")
    assert f"Translation-Job: {repo}#{number}/" in message
    # Acknowledged with a reaction, and within the REST budget.
    # (the Translations check its push triggers is counted apart: see bench/apply.py)
    assert scenario.stack.bot_rest_calls(checks=False) - calls_before <= 10


def test_apply_again_finds_nothing_left_and_commits_nothing(
    scenario: Scenario, developer: Person
) -> None:
    repo, number = open_sample_pr(scenario, developer)
    scenario.comment(repo, number, developer, "translate apply")
    scenario.wait_for_status(repo, number, developer)
    scenario.comment(repo, number, developer, "translate apply")
    comments = scenario.wait_for_status(repo, number, developer, count=2)
    assert "Nothing to translate" in comments[-1]["body"]
    assert len(bot_commits(scenario, repo)) == 1


def test_new_locale_fills_every_file_and_adds_the_locale_to_the_config(
    scenario: Scenario, developer: Person
) -> None:
    repo, number = open_sample_pr(scenario, developer)
    scenario.comment(repo, number, developer, "translate apply de-CH")
    comments = scenario.wait_for_status(repo, number, developer)
    assert "✅ Done: `translate apply de-CH`" in comments[-1]["body"]
    (head,) = bot_commits(scenario, repo)
    config = scenario.show(repo, head, ".github/translations.yml")
    assert config is not None and "de-CH" in config and "# Translation bot configuration" in config
    android = catalog.load(
        "x/values-de-rCH/strings.xml",
        scenario.show(repo, head, "app/src/main/res/values-de-rCH/strings.xml").encode(),
    )
    assert android.keys() == [
        "app_title",
        "welcome",
        "cart_items",
        "checkout",
        "order_shipped",
        "sort_options",
    ]
    assert set(android.get("cart_items").value) == {"one", "other"}
    items = android.get("sort_options").value
    assert list(items) == ["0", "1"]
    assert all(item.startswith("[de-CH] ") for item in items.values())
    po_text = scenario.show(repo, head, "po/de_CH.po")
    assert po_text is not None and "Plural-Forms: nplurals=2; plural=(n != 1);" in po_text
    po = catalog.load("po/de_CH.po", po_text.encode())
    assert all(entry.value for entry in po.entries())
    json_doc = catalog.load(
        "web/locales/de-CH.json", scenario.show(repo, head, "web/locales/de-CH.json").encode()
    )
    assert len(json_doc.keys()) == 5


def test_init_commits_the_detected_configuration(scenario: Scenario, developer: Person) -> None:
    files = {".github/translations.yml": None}
    repo, number = open_sample_pr(scenario, developer, files)
    scenario.comment(repo, number, developer, "translate init")
    comments = scenario.wait_for_status(repo, number, developer, marks=("Committed `.github",))
    assert "```yaml" in comments[-1]["body"]
    head = scenario.git(repo, "rev-parse", "feature/orders").strip()
    config = scenario.show(repo, head, ".github/translations.yml")
    assert config is not None and "app/src/main/res/values/strings.xml" in config


def test_help_without_config_proposes_one(scenario: Scenario, developer: Person) -> None:
    repo, number = open_sample_pr(scenario, developer, {".github/translations.yml": None})
    scenario.comment(repo, number, developer, "translate frobnicate")
    comments = scenario.wait_for_status(repo, number, developer, marks=("translate init",))
    body = comments[-1]["body"]
    assert "is not a command" in body
    assert "source: po/messages.pot" in body


def test_a_reader_is_refused_and_nothing_starts(scenario: Scenario, developer: Person) -> None:
    repo, number = open_sample_pr(scenario, developer)
    reader = scenario.person(unique("reader"))
    scenario.stack.sandbox.add_collaborator(repo, reader.login, "read")
    scenario.comment(repo, number, reader, "translate apply")
    comments = scenario.wait_for_status(repo, number, developer, marks=("Sorry @",))
    assert f"Sorry @{reader.login}" in comments[-1]["body"]
    assert "(yours: `read`)" in comments[-1]["body"]
    assert bot_commits(scenario, repo) == []


def test_comments_that_are_not_commands_start_nothing(
    scenario: Scenario, developer: Person
) -> None:
    repo, number = open_sample_pr(scenario, developer)
    scenario.comment(repo, number, developer, "Looks good! I translated it by hand.")
    scenario.comment(repo, number, developer, "> translate apply\nquoting the docs")
    scenario.stack.sandbox.wait_for_webhooks()
    deliveries = scenario.stack.sandbox.deliveries(event="issue_comment")
    assert all(d["status"] == "delivered" for d in deliveries)
    assert scenario.bot_comments(repo, number, developer) == []


def test_a_bad_signature_is_refused_and_not_recorded(stack: Stack) -> None:
    body = json.dumps({"action": "created"}).encode()
    headers = {
        "X-GitHub-Event": "issue_comment",
        "X-GitHub-Delivery": "forged-1",
        "Content-Type": "application/json",
    }
    bad = requests.post(
        f"{stack.url('sts_web')}/webhook",
        data=body,
        timeout=10,
        headers={**headers, "X-Hub-Signature-256": "sha256=" + "0" * 64},
    )
    assert bad.status_code == 401
    assert bad.json()["message"] == "bad or missing X-Hub-Signature-256"
    good_signature = "sha256=" + hmac.new(WEBHOOK_SECRET.encode(), body, hashlib.sha256).hexdigest()
    good = requests.post(
        f"{stack.url('sts_web')}/webhook",
        data=body,
        timeout=10,
        headers={**headers, "X-Hub-Signature-256": good_signature},
    )
    # the forged attempt was not recorded: the same delivery id is new when properly signed
    assert good.status_code == 200
    assert good.json()["message"] == "nothing to do for this event"


@pytest.mark.parametrize(
    "event, payload",
    [
        ("ping", {"zen": "Keep it logically awesome.", "hook_id": 1}),
        ("issue_comment", {"action": "created", "issue": {"number": 1}, "comment": None}),
        ("issue_comment", {"action": "deleted", "comment": {"body": "translate apply"}}),
        ("pull_request", {"action": "synchronize", "number": 3}),
        ("installation", {"action": "deleted", "installation": {"id": 99}}),
        ("star", {"action": "created", "repository": "not an object"}),
        ("issue_comment", []),
    ],
)
def test_any_payload_gets_a_deliberate_answer(stack: Stack, event: str, payload: object) -> None:
    body = json.dumps(payload).encode()
    signature = "sha256=" + hmac.new(WEBHOOK_SECRET.encode(), body, hashlib.sha256).hexdigest()
    answer = requests.post(
        f"{stack.url('sts_web')}/webhook",
        data=body,
        timeout=10,
        headers={
            "X-GitHub-Event": event,
            "X-GitHub-Delivery": unique("any-"),
            "X-Hub-Signature-256": signature,
        },
    )
    expected = 400 if not isinstance(payload, dict) else 200
    assert answer.status_code == expected, answer.text


def test_a_redelivered_comment_runs_once(scenario: Scenario, developer: Person) -> None:
    repo, number = open_sample_pr(scenario, developer)
    scenario.comment(repo, number, developer, "translate apply")
    scenario.wait_for_status(repo, number, developer)
    scenario.stack.sandbox.wait_for_webhooks()
    (delivery,) = [
        d
        for d in scenario.stack.sandbox.deliveries(event="issue_comment", payload=True)
        if d["payload"]["repository"]["full_name"] == repo
        and d["payload"]["sender"]["login"] == developer.login
    ]
    again = scenario.stack.sandbox.redeliver(delivery["id"])
    scenario.stack.sandbox.wait_for_webhooks()
    redelivered = scenario.stack.sandbox.delivery(again["id"])
    assert redelivered["guid"] == delivery["guid"]
    assert redelivered["status_code"] == 200
    (answer,) = [
        d
        for d in scenario.stack.sandbox.deliveries(event="issue_comment", payload=True)
        if d["id"] == again["id"]
    ]
    assert "duplicate delivery" in answer["response_body"]
    assert len(bot_commits(scenario, repo)) == 1
    assert len(scenario.bot_comments(repo, number, developer)) == 1


def test_a_malformed_file_fails_the_job_with_its_line(
    scenario: Scenario, developer: Person
) -> None:
    broken = dict(SAMPLE_CHANGES)
    broken["app/src/main/res/values/strings.xml"] = (
        '<?xml version="1.0" encoding="utf-8"?>\n<resources>\n'
        '    <string name="a">A</string>\n    <string name="b">B</strin>\n</resources>\n'
    )
    repo, number = open_sample_pr(scenario, developer, broken)
    scenario.comment(repo, number, developer, "translate apply")
    comments = scenario.wait_for_status(repo, number, developer)
    body = comments[-1]["body"]
    assert "❌ Failed" in body
    assert "app/src/main/res/values/strings.xml:4" in body
    assert bot_commits(scenario, repo) == []


def test_careless_translations_are_kept_out_and_listed(
    scenario: Scenario, developer: Person, vendor: Vendor
) -> None:
    vendor.faults({"careless_rate": 1.0})
    repo, number = open_sample_pr(scenario, developer)
    scenario.comment(repo, number, developer, "translate apply")
    comments = scenario.wait_for_status(repo, number, developer)
    body = comments[-1]["body"]
    assert "Kept out of the commit" in body
    assert "`order_shipped` · `fr`" in body
    (head,) = bot_commits(scenario, repo) or [None]
    if head is not None:
        fr = catalog.load(
            "x/values-fr/strings.xml",
            scenario.show(repo, head, "app/src/main/res/values-fr/strings.xml").encode(),
        )
        assert fr.get("order_shipped") is None
