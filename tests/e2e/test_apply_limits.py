"""`translate apply` at the edges: a file over the size cap, GitHub's secondary rate limit,
a bad locale and a closed pull request (real processes, the session's stack)."""

from __future__ import annotations

import pytest

from devstack.scenario import SAMPLE_CHANGES, Person, Scenario
from tests.e2e.conftest import unique
from tests.e2e.test_translate_apply import bot_commits, open_sample_pr

pytestmark = pytest.mark.slow

PULL_ROUTE = "/repos/{owner}/{repo}/pulls/{number}"  # the sandbox's route template
DEFAULT_MAX_FILE_BYTES = 5 * 1024 * 1024  # the stack sets no STS_MAX_FILE_BYTES


def test_a_string_file_over_the_size_cap_fails_the_job_naming_file_and_size(
    scenario: Scenario, developer: Person
) -> None:
    big = '{"huge": "' + "x" * DEFAULT_MAX_FILE_BYTES + '"}\n'
    files = {**SAMPLE_CHANGES, "web/locales/en.json": big}
    repo, number = open_sample_pr(scenario, developer, files)
    scenario.comment(repo, number, developer, "translate apply")
    body = scenario.wait_for_status(repo, number, developer, timeout=45)[-1]["body"]
    assert "❌ Failed: `translate apply`" in body
    assert (
        "> `web/locales/en.json` is 5,242,893 bytes, over the 5,242,880-byte limit for one "
        "string file (STS_MAX_FILE_BYTES)"
    ) in body
    assert bot_commits(scenario, repo) == []


def test_a_secondary_rate_limit_on_the_pull_request_read_is_waited_out(
    scenario: Scenario, developer: Person
) -> None:
    repo, number = open_sample_pr(scenario, developer)
    sandbox = scenario.stack.sandbox
    fault = sandbox.add_fault("secondary", 403, method="GET", route=PULL_ROUTE, retry_after=1)
    try:
        scenario.comment(repo, number, developer, "translate apply")
        body = scenario.wait_for_status(repo, number, developer, timeout=45)[-1]["body"]
        assert fault not in [f["id"] for f in sandbox.faults()]  # used up
    finally:
        sandbox.clear_faults()
    reads = [
        (r["at"], r["status"])
        for r in sandbox.requests()
        if r["method"] == "GET" and r["path"].endswith(f"/repos/{repo}/pulls/{number}")
    ]
    assert [status for _, status in reads[:2]] == [403, 200]
    assert reads[1][0] - reads[0][0] >= 1.0  # the task waited out Retry-After: 1
    assert "✅ Done: `translate apply`" in body
    assert "| `fr` | 6 | 6/6 | 6 |" in body
    assert len(bot_commits(scenario, repo)) == 1


def test_a_bad_locale_gets_the_help_with_the_problem_and_starts_nothing(
    scenario: Scenario, developer: Person
) -> None:
    repo, number = open_sample_pr(scenario, developer)
    scenario.comment(repo, number, developer, "translate apply xx-!!")
    problem = (
        "**`xx-!!` is not a locale code; use BCP 47 codes such as `fr`, `fr-CA`, `pt-BR`, "
        "`zh-Hans`.**"
    )
    (reply,) = scenario.wait_for_status(repo, number, developer, marks=(problem,), timeout=30)
    assert reply["body"].startswith(problem + "\n")
    assert "translate apply" in reply["body"]
    assert bot_commits(scenario, repo) == []


def test_apply_on_a_closed_pull_request_starts_nothing(
    scenario: Scenario, developer: Person
) -> None:
    repo = scenario.create_repo(unique("shop"), collaborators={developer.login: "write"})
    number = scenario.open_pull_request(repo, developer, "feature/orders", SAMPLE_CHANGES)
    scenario.api(developer, "PATCH", f"/repos/{repo}/pulls/{number}", json={"state": "closed"})
    scenario.comment(repo, number, developer, "translate apply")
    marks = ("Nothing started: this pull request is closed.",)
    (reply,) = scenario.wait_for_status(repo, number, developer, marks=marks, timeout=30)
    assert reply["body"].startswith("Nothing started: this pull request is closed.\n")
    assert bot_commits(scenario, repo) == []
