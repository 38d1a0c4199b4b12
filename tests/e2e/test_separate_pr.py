"""`delivery: separate-pr` end to end: merged pull requests, one translations PR, its commits."""

from __future__ import annotations

import time
from typing import Any

import pytest

import catalog
from devstack.scenario import SAMPLE_APP, SAMPLE_CHANGES, Person, Scenario
from tests.e2e.conftest import unique
from tests.e2e.test_guardrail import head_of, wait_for_check

pytestmark = pytest.mark.slow

BRANCH = "translations/pending"
CONFIG = ".github/translations.yml"
WEB_EN = "web/locales/en.json"
ANDROID_FR = "app/src/main/res/values-fr/strings.xml"
TARGETS = {
    "app/src/main/res/values-{}/strings.xml": ("fr", "ja", "es-rMX"),
    "ios/Shop/{}.lproj/Localizable.strings": ("fr", "ja", "es-MX"),
    "web/locales/{}.json": ("fr", "ja", "es-MX"),
    "po/{}.po": ("fr", "ja", "es_MX"),
}


def separate_pr_repo(scenario: Scenario, developer: Person) -> str:
    repo = scenario.create_repo(unique("shop"), collaborators={developer.login: "write"})
    config = (SAMPLE_APP / CONFIG).read_text() + "delivery: separate-pr\n"
    scenario.stack.sandbox.push(repo, "main", {CONFIG: config}, message="Separate translations")
    return repo


def merge(scenario: Scenario, repo: str, number: int, branch: str, person: Person) -> None:
    """Merge as GitHub's squash merge does: the branch's files land on main as one commit."""
    tree = scenario.git(repo, "ls-tree", "-r", "--name-only", branch).split()
    changed = scenario.git(repo, "diff", "--name-only", f"main...{branch}").split()
    files = {path: scenario.show(repo, branch, path) for path in changed if path in tree}
    scenario.stack.sandbox.push(repo, "main", files, author=person.login, message=f"#{number}")
    scenario.stack.sandbox.merge(repo, number, user=person.login)


def translations_prs(scenario: Scenario, repo: str, reader: Person) -> list[dict[str, Any]]:
    return list(
        scenario.api(
            reader,
            "GET",
            f"/repos/{repo}/pulls",
            params={"state": "all", "head": f"acme:{BRANCH}"},
        )
    )


def wait_for_bot_commits(
    scenario: Scenario, repo: str, count: int, timeout: float = 60.0
) -> list[str]:
    """The bot's commits on the translations branch once there are ``count`` of them."""
    deadline = time.monotonic() + timeout
    while True:
        refs = scenario.git(repo, "for-each-ref", "--format=%(refname)", f"refs/heads/{BRANCH}")
        log = scenario.git(repo, "log", "--format=%H %an", f"main..{BRANCH}") if refs else ""
        assert scenario.stack.app is not None
        commits = [
            line.split()[0] for line in log.splitlines() if scenario.stack.app.bot_login in line
        ]
        if len(commits) >= count:
            return commits
        if time.monotonic() > deadline:
            raise TimeoutError(f"{len(commits)} bot commits on {BRANCH} of {repo}, not {count}")
        time.sleep(0.2)


def wait_for_pr_body(
    scenario: Scenario, repo: str, reader: Person, needle: str, timeout: float = 60.0
) -> list[dict[str, Any]]:
    deadline = time.monotonic() + timeout
    while True:
        pulls = translations_prs(scenario, repo, reader)
        if any(needle in (p.get("body") or "") for p in pulls):
            return pulls
        if time.monotonic() > deadline:
            raise TimeoutError(f"no translations pull request of {repo} mentions {needle!r}")
        time.sleep(0.2)


def calls_since(scenario: Scenario, before: int, settled_at: int, timeout: float = 10.0) -> int:
    """The bot's REST calls (check runs apart) since ``before``, read once they reach
    ``settled_at`` or the timeout passes."""
    deadline = time.monotonic() + timeout
    while True:
        calls = scenario.stack.bot_rest_calls(checks=False) - before
        if calls >= settled_at or time.monotonic() > deadline:
            return calls
        time.sleep(0.2)


def test_merged_pull_requests_share_one_translations_pr_with_a_commit_each(
    scenario: Scenario, developer: Person
) -> None:
    repo = separate_pr_repo(scenario, developer)
    first = scenario.open_pull_request(
        repo, developer, "feature/orders", SAMPLE_CHANGES, "Order notifications"
    )
    main_before = scenario.git(repo, "rev-parse", "main").strip()
    merge(scenario, repo, first, "feature/orders", developer)

    # One translations PR, one bot commit on a branch made from main, target files only.
    (commit,) = wait_for_bot_commits(scenario, repo, 1)
    (pull,) = wait_for_pr_body(scenario, repo, developer, f"#{first}:")
    number = pull["number"]
    assert pull["state"] == "open" and pull["base"]["ref"] == "main"
    assert pull["title"] == "Translations for merged pull requests"
    main_after = scenario.git(repo, "rev-parse", "main").strip()
    assert main_after != main_before
    assert scenario.git(repo, "rev-parse", f"{commit}^").strip() == main_after
    changed = set(scenario.git(repo, "show", "--name-only", "--format=", commit).split())
    assert changed == {t.format(loc) for t, locales in TARGETS.items() for loc in locales}
    fr = catalog.load(ANDROID_FR, (scenario.show(repo, commit, ANDROID_FR) or "").encode())
    assert fr.get("order_shipped").value.startswith("[fr] ")
    assert fr.get("checkout").value == "[fr] Gö tö çhéçköût"  # a changed string, re-sent
    assert fr.get("app_title").value == "Boutique Acme"  # a human translation stays
    message = scenario.git(repo, "log", "-1", "--format=%B", commit)
    assert message.startswith("Translate 18 strings into es-MX, fr, ja")
    assert f"Translation-Job: {repo}#{first}/" in message
    # The merged pull request's status comment says where the translations wait.
    (status,) = scenario.wait_for_status(repo, first, developer)
    assert "✅ Done" in status["body"]
    assert f"These translations wait in #{number}: merge it to ship them." in status["body"]

    # A second merge: the same translations PR gets a second commit, not a second PR.
    refunds = '{\n  "nav": {\n    "home": "Home",\n    "cart": "Cart",\n    "orders": "Orders"\n'
    refunds += '  },\n  "welcome": "Welcome back, {{name}}!",\n  "checkout": "Go to checkout",\n'
    refunds += '  "refund": "Refund issued"\n}\n'
    second = scenario.open_pull_request(
        repo, developer, "feature/refunds", {WEB_EN: refunds}, "Refunds"
    )
    wait_for_check(scenario, repo, head_of(scenario, repo, "feature/refunds"), developer)
    calls_before = scenario.stack.bot_rest_calls(checks=False)
    merge(scenario, repo, second, "feature/refunds", developer)
    scenario.wait_for_status(repo, second, developer, marks=("These translations wait in #",))
    # Warm: 3 for the commit, the status comment, find the PR, edit its body and the comment.
    # The sandbox counts a call once it has answered it, just after its effect shows.
    assert calls_since(scenario, calls_before, settled_at=7) == 7
    commits = wait_for_bot_commits(scenario, repo, 2)
    assert commits[1] == commit  # newest first: the first commit is the second's parent
    assert scenario.git(repo, "rev-parse", f"{commits[0]}^").strip() == commit
    changed = set(scenario.git(repo, "show", "--name-only", "--format=", commits[0]).split())
    assert changed == {"web/locales/fr.json", "web/locales/ja.json", "web/locales/es-MX.json"}
    pulls = wait_for_pr_body(scenario, repo, developer, f"#{second}:")
    assert [p["number"] for p in pulls] == [number]
    body = pulls[0]["body"]
    assert f"- #{first}: es-MX 6, fr 6, ja 6" in body
    assert f"- #{second}: es-MX 1, fr 1, ja 1" in body
    ja = catalog.load(
        "web/locales/ja.json", (scenario.show(repo, BRANCH, "web/locales/ja.json") or "").encode()
    )
    assert ja.get("refund").value.startswith("[ja] R")
    assert ja.get("checkout").value.startswith("[ja] G")  # the first job's stays

    # The translations PR merged (a merge commit): the next merge starts the branch again
    # from main, fast-forward, and opens a new translations PR.
    main_sha, branch_sha = (scenario.git(repo, "rev-parse", r).strip() for r in ("main", BRANCH))
    tree = scenario.git(repo, "merge-tree", "--write-tree", "main", BRANCH).split()[0]
    identity = ("-c", "user.name=Maintainer", "-c", "user.email=m@example.com")
    merged = scenario.git(
        repo, *identity, "commit-tree", tree, "-p", main_sha, "-p", branch_sha, "-m", "Merge"
    ).strip()
    scenario.git(repo, "update-ref", "refs/heads/main", merged, main_sha)
    scenario.stack.sandbox.merge(repo, number, user=developer.login)
    gifts = refunds.replace('"Refund issued"', '"Refund issued",\n  "gift": "Gift wrap"')
    third = scenario.open_pull_request(repo, developer, "feature/gifts", {WEB_EN: gifts}, "Gifts")
    merge(scenario, repo, third, "feature/gifts", developer)
    (fresh,) = wait_for_bot_commits(scenario, repo, 1)
    assert (
        scenario.git(repo, "rev-parse", f"{fresh}^").strip()
        == scenario.git(repo, "rev-parse", "main").strip()
    )
    assert scenario.git(repo, "merge-base", "--is-ancestor", branch_sha, fresh) == ""
    pulls = wait_for_pr_body(scenario, repo, developer, f"#{third}:")
    assert [(p["number"] == number, p["state"]) for p in pulls] == [
        (False, "open"),
        (True, "closed"),
    ]
    changed = set(scenario.git(repo, "show", "--name-only", "--format=", fresh).split())
    assert changed == {"web/locales/fr.json", "web/locales/ja.json", "web/locales/es-MX.json"}


def test_the_guardrail_is_neutral_for_strings_pending_in_the_translations_pr(
    scenario: Scenario, developer: Person
) -> None:
    repo = separate_pr_repo(scenario, developer)
    first = scenario.open_pull_request(
        repo, developer, "feature/orders", SAMPLE_CHANGES, "Order notifications"
    )
    run = wait_for_check(
        scenario, repo, scenario.git(repo, "rev-parse", "feature/orders").strip(), developer
    )
    # merge without waiting: untranslated strings follow the merge, so the check is neutral
    assert run["conclusion"] == "neutral"
    assert run["output"]["title"] == "6 strings will be translated after the merge"
    merge(scenario, repo, first, "feature/orders", developer)
    wait_for_bot_commits(scenario, repo, 1)
    (pull,) = wait_for_pr_body(scenario, repo, developer, f"#{first}:")

    # A pull request stacked on the squash-merged branch carries the same strings: they are
    # pending in the translations PR, so its check is neutral, not failing.
    stacked = scenario.stack.sandbox.push(
        repo,
        "feature/stacked",
        {"README.md": "Stacked work\n"},
        author=developer.login,
        message="Stacked work",
        from_branch="feature/orders",
    )
    scenario.api(
        developer,
        "POST",
        f"/repos/{repo}/pulls",
        json={"title": "Stacked", "head": "feature/stacked", "base": "main"},
    )
    run = wait_for_check(scenario, repo, stacked, developer)
    assert run["conclusion"] == "neutral"
    assert run["output"]["title"] == f"Translations pending in #{pull['number']}"
    assert run["output"]["summary"].startswith(
        f"The 18 translations this pull request's strings need are in #{pull['number']}"
    )

    # A string the translations PR does not carry follows the merge too, still neutral.
    extra = SAMPLE_CHANGES[WEB_EN]
    assert extra is not None
    extra = extra.replace(
        '"checkout": "Go to checkout"', '"checkout": "Go to checkout",\n  "gift": "Gift wrap"'
    )
    again = scenario.stack.sandbox.push(
        repo, "feature/stacked", {WEB_EN: extra}, author=developer.login, message="Gift wrap"
    )
    run = wait_for_check(scenario, repo, again, developer)
    assert run["conclusion"] == "neutral"
    assert run["output"]["title"] == "1 strings will be translated after the merge"
    assert f"18 more are already pending in #{pull['number']}." in run["output"]["summary"]
