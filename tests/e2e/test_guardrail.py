"""The `Translations` check run, `translate answer` and `translate pseudo`, as real processes."""

from __future__ import annotations

import time
from typing import Any

import pytest

import catalog
from catalog.qa import extract_placeholders
from devstack.scenario import SAMPLE_APP, SAMPLE_CHANGES, Person, Scenario
from tests.e2e.conftest import Vendor, unique
from tests.e2e.test_apply_faults import manual_pr, submitted_job
from tests.e2e.test_translate_apply import bot_commits, open_sample_pr

pytestmark = pytest.mark.slow

BRANCH = "feature/orders"
ANDROID = "app/src/main/res/values/strings.xml"
ANDROID_FR = "app/src/main/res/values-fr/strings.xml"
LABEL = "translations: allow-manual"


def head_of(scenario: Scenario, repo: str, branch: str = BRANCH) -> str:
    return scenario.git(repo, "rev-parse", branch).strip()


def check_runs(scenario: Scenario, repo: str, sha: str, reader: Person) -> list[dict[str, Any]]:
    return scenario.check_runs(repo, sha, reader)


def wait_for_check(
    scenario: Scenario,
    repo: str,
    sha: str,
    reader: Person,
    count: int = 1,
    timeout: float = 60.0,
) -> dict[str, Any]:
    """The newest `Translations` run on ``sha`` once there are ``count`` of them."""
    return scenario.wait_for_check(repo, sha, reader, count=count, timeout=timeout)


def wait_for_new_head(scenario: Scenario, repo: str, old: str, timeout: float = 60.0) -> str:
    deadline = time.monotonic() + timeout
    while True:
        head = head_of(scenario, repo)
        if head != old:
            return head
        if time.monotonic() > deadline:
            raise TimeoutError(f"{BRANCH} of {repo} stayed at {old[:10]}")
        time.sleep(0.2)


def run_annotations(
    scenario: Scenario, repo: str, run: dict[str, Any], reader: Person
) -> list[Any]:
    return scenario.pages(reader, f"/repos/{repo}/check-runs/{run['id']}/annotations")


def entry_text(doc: catalog.Document, key: str) -> str:
    entry = doc.get(key)
    assert entry is not None and isinstance(entry.value, str), key
    return entry.value


def line_of(text: str, needle: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), 1) if needle in line)


def test_untranslated_strings_fail_the_check_until_the_bots_commit_lands(
    scenario: Scenario, developer: Person
) -> None:
    repo, number = open_sample_pr(scenario, developer)
    head = head_of(scenario, repo)
    run = wait_for_check(scenario, repo, head, developer)
    assert run["status"] == "completed" and run["conclusion"] == "failure"
    assert run["output"]["title"] == "6 strings lack translations"
    assert "| `fr` | 6 | 0 |" in run["output"]["summary"]
    found = run_annotations(scenario, repo, run, developer)
    source = SAMPLE_CHANGES[ANDROID]
    assert source is not None
    shipped = next(a for a in found if a["title"] == "Untranslated: order_shipped")
    assert shipped["path"] == ANDROID
    assert shipped["start_line"] == shipped["end_line"] == line_of(source, '"order_shipped"')
    assert shipped["annotation_level"] == "failure"
    assert "no translation for fr, ja, es-MX" in shipped["message"]
    assert {a["path"] for a in found} == {
        ANDROID,
        "ios/Shop/en.lproj/Localizable.strings",
        "web/locales/en.json",
        "po/messages.pot",
    }

    scenario.comment(repo, number, developer, "translate apply")
    scenario.wait_for_status(repo, number, developer)
    (commit,) = bot_commits(scenario, repo)
    green = wait_for_check(scenario, repo, commit, developer)
    assert green["conclusion"] == "success"
    assert green["output"]["title"] == "Every string is translated"
    assert run_annotations(scenario, repo, green, developer) == []


def test_a_hand_edited_translation_fails_at_its_line_and_the_label_accepts_it(
    scenario: Scenario, developer: Person
) -> None:
    fr = (SAMPLE_APP / ANDROID_FR).read_text()
    edited = fr.replace(
        '<string name="checkout">Payer</string>',
        '<string name="checkout">Passer la commande</string>',
    )
    assert edited != fr
    repo, number = open_sample_pr(scenario, developer, {ANDROID_FR: edited})
    head = head_of(scenario, repo)
    run = wait_for_check(scenario, repo, head, developer)
    assert run["conclusion"] == "failure"
    assert run["output"]["title"] == "1 hand edits of translations"
    (note,) = run_annotations(scenario, repo, run, developer)
    line = line_of(edited, "Passer la commande")
    assert (note["path"], note["start_line"], note["end_line"]) == (ANDROID_FR, line, line)
    assert f"Changed by {developer.login} in {head[:10]}" in note["message"]

    scenario.api(developer, "POST", f"/repos/{repo}/issues/{number}/labels", json=[LABEL])
    accepted = wait_for_check(scenario, repo, head, developer, count=2)
    assert accepted["conclusion"] == "success"
    assert accepted["output"]["title"] == f"Translated; hand edits accepted by the `{LABEL}` label"
    (notice,) = run_annotations(scenario, repo, accepted, developer)
    assert notice["annotation_level"] == "notice"

    scenario.api(developer, "DELETE", f"/repos/{repo}/issues/{number}/labels/{LABEL}")
    again = wait_for_check(scenario, repo, head, developer, count=3)
    assert again["conclusion"] == "failure"


def test_a_pull_request_without_string_changes_is_neutral_and_costs_one_rest_call(
    scenario: Scenario, developer: Person
) -> None:
    repo = scenario.create_repo(unique("shop"), collaborators={developer.login: "write"})
    calls = scenario.stack.bot_rest_calls()
    scenario.open_pull_request(
        repo, developer, BRANCH, {"shop/views.py": "print('hi')\n"}, "Code only"
    )
    run = wait_for_check(scenario, repo, head_of(scenario, repo), developer)
    assert run["conclusion"] == "neutral"
    assert run["output"]["title"] == "No string files changed"
    scenario.stack.sandbox.wait_for_webhooks()
    assert scenario.stack.bot_rest_calls() - calls <= 2  # the check run (+ a token renewal)


def test_check_suite_and_rerun_requests_evaluate_again(
    scenario: Scenario, developer: Person
) -> None:
    repo, _number = open_sample_pr(scenario, developer)
    head = head_of(scenario, repo)
    first = wait_for_check(scenario, repo, head, developer)
    scenario.stack.sandbox.request_check_suite(repo, head, "rerequested", user=developer.login)
    wait_for_check(scenario, repo, head, developer, count=2)
    scenario.stack.sandbox.rerequest_check_run(first["id"], user=developer.login)
    third = wait_for_check(scenario, repo, head, developer, count=3)
    assert third["conclusion"] == "failure" and third["id"] != first["id"]


def test_the_apply_translations_button_runs_the_apply_flow_for_permitted_users(
    scenario: Scenario, developer: Person
) -> None:
    repo, number = open_sample_pr(scenario, developer)
    head = head_of(scenario, repo)
    run = wait_for_check(scenario, repo, head, developer)
    reader = scenario.person(unique("reader"))
    scenario.stack.sandbox.add_collaborator(repo, reader.login, "read")
    scenario.stack.sandbox.request_check_action(run["id"], "apply", user=reader.login)
    comments = scenario.wait_for_status(repo, number, developer, marks=("Sorry @",))
    assert f"Sorry @{reader.login}" in comments[-1]["body"]
    assert bot_commits(scenario, repo) == []

    scenario.stack.sandbox.request_check_action(run["id"], "apply", user=developer.login)
    comments = scenario.wait_for_status(repo, number, developer)
    assert "✅ Done: `translate apply`" in comments[-1]["body"]
    assert f"Requested by @{developer.login}" in comments[-1]["body"]
    (commit,) = bot_commits(scenario, repo)
    assert wait_for_check(scenario, repo, commit, developer)["conclusion"] == "success"


def test_a_large_pull_request_is_annotated_fifty_at_a_time(
    scenario: Scenario, developer: Person
) -> None:
    added = "".join(
        f'    <string name="bulk_{i}">Bulk string number {i}</string>\n' for i in range(120)
    )
    source = SAMPLE_CHANGES[ANDROID]
    assert source is not None
    files: dict[str, str | None] = {ANDROID: source.replace("</resources>", added + "</resources>")}
    repo, _number = open_sample_pr(scenario, developer, files)
    head = head_of(scenario, repo)
    scenario.stack.sandbox.wait_for_webhooks()
    run = wait_for_check(scenario, repo, head, developer)
    deadline = time.monotonic() + 30
    while run["output"]["annotations_count"] < 122 and time.monotonic() < deadline:
        run = wait_for_check(scenario, repo, head, developer)
    assert run["output"]["annotations_count"] == 122
    found = run_annotations(scenario, repo, run, developer)
    assert len(found) == 122 and len({(a["path"], a["start_line"]) for a in found}) == 122
    requests = [
        r
        for r in scenario.stack.sandbox.requests()
        if r["method"] == "PATCH" and "/check-runs/" in r["path"] and f"/{repo}/" in r["path"]
    ]
    assert len(requests) == 2  # 122 annotations: the create carries 50, two updates 72


def test_pseudo_commits_accented_and_right_to_left_files_that_never_count_as_translations(
    scenario: Scenario, developer: Person
) -> None:
    repo, number = open_sample_pr(scenario, developer)
    head = head_of(scenario, repo)
    scenario.comment(repo, number, developer, "translate pseudo")
    comments = scenario.wait_for_status(repo, number, developer, marks=("pseudo-localized",))
    assert "| `en-XA` | 18 |" in comments[-1]["body"], comments[-1]["body"]
    commit = wait_for_new_head(scenario, repo, head)
    assert bot_commits(scenario, repo) == [commit]
    changed = set(scenario.git(repo, "show", "--name-only", "--format=", commit).split())
    assert {
        "app/src/main/res/values-en-rXA/strings.xml",
        "app/src/main/res/values-ar-rXB/strings.xml",
        "po/en_XA.po",
        "web/locales/ar-XB.json",
    } <= changed
    text = scenario.show(repo, commit, "app/src/main/res/values-en-rXA/strings.xml")
    assert text is not None
    doc = catalog.load("values-en-rXA/strings.xml", text.encode())
    shipped = entry_text(doc, "order_shipped")
    assert shipped.startswith("[") and shipped.endswith("]") and "%1$s" in shipped
    source = catalog.load(ANDROID, (SAMPLE_CHANGES[ANDROID] or "").encode())
    for entry in source.entries():
        if entry.translatable and isinstance(entry.value, str):
            assert [p.text for p in extract_placeholders(entry_text(doc, entry.key))] == [
                p.text for p in extract_placeholders(entry.value)
            ]
    rtl = scenario.show(repo, commit, "web/locales/ar-XB.json")
    assert rtl is not None and "\u202e" in rtl and "{{name}}" in rtl
    # The bot's own push re-evaluates the check: still failing, pseudo files are no translations.
    run = wait_for_check(scenario, repo, commit, developer)
    assert run["conclusion"] == "failure"
    assert run["output"]["title"] == "6 strings lack translations"
    # A real locale is refused.
    scenario.comment(repo, number, developer, "translate pseudo fr")
    comments = scenario.wait_for_status(repo, number, developer, marks=("is a target locale",))
    assert "`fr` is a target locale" in comments[-1]["body"]
    assert head_of(scenario, repo) == commit


def test_an_answer_reaches_the_vendor_and_marks_the_question_answered(
    scenario: Scenario, developer: Person, vendor: Vendor
) -> None:
    repo, number, project = manual_pr(scenario, developer, vendor)
    scenario.comment(repo, number, developer, "translate apply")
    job_id = submitted_job(vendor, project)
    vendor.ask(project, job_id, "Is 'order' a purchase or a sequence?", "order_shipped", "ja")
    scenario.wait_for_status(repo, number, developer, marks=("Questions from the translators",))
    (question,) = vendor.call("GET", f"/projects/{project}/jobs/{job_id}/questions")["items"]
    qid = question["questionId"]
    scenario.comment(repo, number, developer, f"translate answer {qid} A purchase,\nas in a shop.")
    comments = scenario.wait_for_status(repo, number, developer, marks=("Sent your answer",))
    assert f"Sent your answer to question **{qid}** to the translators." in comments[-1]["body"]
    (answered,) = vendor.call("GET", f"/projects/{project}/jobs/{job_id}/questions")["items"]
    assert answered["answer"] == "A purchase,\nas in a shop."
    marked = next(
        c["body"]
        for c in scenario.bot_comments(repo, number, developer)
        if qid in c["body"] and "Questions from" in c["body"]
    )
    assert f"- ✅ **{qid}**" in marked
    assert f"**answered** by @{developer.login}: A purchase, as in a shop." in marked
    scenario.comment(repo, number, developer, "translate answer q_nope Yes.")
    comments = scenario.wait_for_status(
        repo, number, developer, marks=("No translator's question",)
    )
    assert "`q_nope`" in comments[-1]["body"]
    vendor.complete(project, job_id)
    scenario.wait_for_status(repo, number, developer)
