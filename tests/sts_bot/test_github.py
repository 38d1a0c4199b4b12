"""The GitHub gateway against a real sandbox GitHub, through real PyGithub, on real git."""

from __future__ import annotations

import socket
import subprocess
import time
from concurrent.futures import ThreadPoolExecutor
from email.utils import formatdate

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from sandbox.testing import ServedSandbox
from sts_bot.github import (
    GitHubApp,
    GitHubError,
    NotFastForward,
    PermissionDenied,
    PullRequest,
    RateLimited,
    RepoInfo,
)
from sts_bot.github_errors import retry_after_seconds

from .conftest import GitHubWorld, make_github_world, unique_name

TOKENS = "POST /app/installations/{installation_id}/access_tokens"
COMMENTS = "/repos/{owner}/{repo}/issues/{number}/comments"
PULL = "/repos/{owner}/{repo}/pulls/{number}"
MARKER = "<!-- sts:status:job-42 -->"


def git(world: GitHubWorld, *args: str) -> bytes:
    git_dir = world.client.repo(world.repo)["git_dir"]
    return subprocess.run(
        ["git", "--git-dir", git_dir, *args], capture_output=True, check=True
    ).stdout


def comments(world: GitHubWorld, number: int) -> list[dict]:
    return list(world.as_owner("GET", f"/repos/{world.repo}/issues/{number}/comments"))


# -- auth ----------------------------------------------------------------------------------------


def test_one_installation_token_serves_many_calls(github_world: GitHubWorld) -> None:
    world = github_world
    client = world.app.installation(world.installation_id)
    assert world.app.installation(world.installation_id) is client
    token = client.token()
    assert token == client.token()
    for _ in range(3):
        assert client.repo(world.repo).full_name == world.repo
    assert world.calls(f"app:{world.registration.id}") == [TOKENS]
    assert world.calls() == ["GET /repos/{owner}/{repo}"] * 3


def test_token_renewed_within_five_minutes_of_expiry(github_world: GitHubWorld) -> None:
    world = github_world
    world.client.configure(token_ttl_seconds=299)  # "near expiry" by the 5-minute rule at once
    client = world.app.installation(world.installation_id)
    first = client.token()
    second = client.token()
    assert first != second
    assert client.repo(world.repo).private is False  # the request carries a fresh, valid token
    world.client.configure(token_ttl_seconds=301)
    third = client.token()
    assert client.token() == third
    client.repo(world.repo)
    assert world.calls(f"app:{world.registration.id}") == [TOKENS] * 4


def test_bot_login_and_installations(github_world: GitHubWorld) -> None:
    world = github_world
    assert world.app.bot_login == world.registration.bot_login
    assert world.app.bot_login == f"{world.registration.slug}[bot]"
    assert world.app.bot_login.endswith("[bot]")
    assert world.app.installation_ids() == [world.installation_id]
    client = world.app.installation(world.installation_id)
    assert client.repositories() == [
        RepoInfo(world.repo, "main", f"{world.sandbox.url}/{world.repo}.git", False)
    ]
    assert world.calls(f"app:{world.registration.id}") == [
        "GET /app",
        "GET /app/installations",
        TOKENS,
    ]


def test_throttle_spaces_requests(github_sandbox: ServedSandbox) -> None:
    world = make_github_world(github_sandbox, throttle_seconds=0.2)
    client = world.app.installation(world.installation_id)
    client.token()
    started = time.monotonic()
    for _ in range(4):
        client.repo(world.repo)
    assert time.monotonic() - started >= 0.6  # three pauses of 0.2 s between four requests


# -- reading -------------------------------------------------------------------------------------


def test_pull_request_fields_in_one_call(github_world: GitHubWorld) -> None:
    world = github_world
    number = world.open_pull_request({"locales/en.json": '{"hello": "Hi"}\n'}, title="Say hi")
    pull = world.as_owner("GET", f"/repos/{world.repo}/pulls/{number}")
    client = world.app.installation(world.installation_id)
    client.token()
    world.client.clear_requests()
    assert client.pull_request(world.repo, number) == PullRequest(
        number=number,
        state="open",
        head_sha=pull["head"]["sha"],
        head_ref=pull["head"]["ref"],
        head_repo=world.repo,
        base_ref="main",
        base_sha=git(world, "rev-parse", "main").decode().strip(),
        title="Say hi",
        author=world.owner,
    )
    assert pull["head"]["ref"].startswith("feature")
    assert world.calls() == ["GET /repos/{owner}/{repo}/pulls/{number}"]


def test_permission_levels(github_sandbox: ServedSandbox) -> None:
    world = make_github_world(github_sandbox, private=True)
    for level in ("admin", "write", "read"):
        user = world.client.create_user(unique_name(f"{level}-user"))
        world.client.add_collaborator(world.repo, user["login"], level)
        assert (
            world.app.installation(world.installation_id).permission(world.repo, user["login"])
            == level
        )
    stranger = world.client.create_user(unique_name("stranger"))["login"]
    client = world.app.installation(world.installation_id)
    world.client.clear_requests()
    assert client.permission(world.repo, world.owner) == "admin"
    assert client.permission(world.repo, stranger) == "none"  # not a collaborator: "none"
    assert client.permission(world.repo, "no-such-user") == "none"  # a 404
    assert world.calls() == ["GET /repos/{owner}/{repo}/collaborators/{username}/permission"] * 3


def test_missing_repository_is_a_github_error_with_the_message(
    github_world: GitHubWorld,
) -> None:
    client = github_world.app.installation(github_world.installation_id)
    with pytest.raises(
        GitHubError, match=r"^GitHub answered 404 to GET /repos/nobody/nothing: Not Found$"
    ) as raised:
        client.repo("nobody/nothing")
    assert raised.value.status == 404
    assert type(raised.value) is GitHubError
    assert client.token() not in str(raised.value)


def test_get_is_retried_on_502(github_world: GitHubWorld) -> None:
    world = github_world
    number = world.open_pull_request({"locales/en.json": "{}\n"})
    client = world.app.installation(world.installation_id)
    client.token()
    world.client.clear_requests()
    world.client.add_fault("error", 502, method="GET", route=PULL, times=2)
    assert client.pull_request(world.repo, number).number == number
    assert world.client.faults() == []
    assert [r["status"] for r in world.client.requests()] == [502, 502, 200]


def test_get_gives_up_after_bounded_retries(github_world: GitHubWorld) -> None:
    world = github_world
    client = world.app.installation(world.installation_id)
    world.client.add_fault("error", 503, method="GET", route="/repos/{owner}/{repo}", times=None)
    with pytest.raises(GitHubError, match=r"^GitHub answered 503 to GET /repos/.*: Server Error$"):
        client.repo(world.repo)
    assert world.calls() == ["GET /repos/{owner}/{repo}"] * 3


# -- rate limits ---------------------------------------------------------------------------------


@pytest.mark.parametrize("status", [403, 429])
def test_secondary_rate_limit_is_raised_with_retry_after(
    github_world: GitHubWorld, status: int
) -> None:
    world = github_world
    number = world.open_pull_request({"locales/en.json": "{}\n"})
    client = world.app.installation(world.installation_id)
    client.token()
    world.client.clear_requests()
    world.client.add_fault("secondary", status, method="GET", route=PULL, retry_after=7)
    started = time.monotonic()
    with pytest.raises(RateLimited, match=r"secondary rate limit.*\(retry in 7 s\)$") as raised:
        client.pull_request(world.repo, number)
    assert time.monotonic() - started < 2  # surfaced at once, no sleeping inside PyGithub
    assert raised.value.retry_after == 7
    assert raised.value.status == status
    assert world.calls() == [f"GET {PULL}"]  # not retried


def test_secondary_rate_limit_on_a_post_without_retry_after_waits_a_minute(
    github_world: GitHubWorld,
) -> None:
    world = github_world
    number = world.open_pull_request({"locales/en.json": "{}\n"})
    client = world.app.installation(world.installation_id)
    world.client.add_fault("secondary", 403, method="POST", route=COMMENTS)
    with pytest.raises(RateLimited, match="secondary rate limit") as raised:
        client.create_comment(world.repo, number, "Working…", marker=MARKER)
    assert raised.value.retry_after == 60
    assert comments(world, number) == []


def test_primary_rate_limit_waits_until_the_reset(github_world: GitHubWorld) -> None:
    world = github_world
    client = world.app.installation(world.installation_id)
    client.token()
    world.client.configure(rate_limit=2, rate_limit_window_seconds=600)
    client.repo(world.repo)
    client.repo(world.repo)
    with pytest.raises(RateLimited, match=r"API rate limit exceeded") as raised:
        client.repo(world.repo)
    assert raised.value.status == 403
    assert 500 <= raised.value.retry_after <= 601


def test_retry_after_header_rules() -> None:
    now = 1_000_000.0
    assert retry_after_seconds({"retry-after": "3"}, now) == 3
    assert retry_after_seconds({"retry-after": formatdate(now + 10, usegmt=True)}, now) == 10
    spent = {"x-ratelimit-remaining": "0", "x-ratelimit-reset": str(int(now) + 90)}
    assert retry_after_seconds(spent, now) == 90
    budget_left = {"x-ratelimit-remaining": "12", "x-ratelimit-reset": str(int(now) + 3000)}
    assert retry_after_seconds(budget_left, now) == 60


# -- comments ------------------------------------------------------------------------------------


def test_create_comment_in_one_call_with_the_marker(github_world: GitHubWorld) -> None:
    world = github_world
    number = world.open_pull_request({"locales/en.json": "{}\n"})
    client = world.app.installation(world.installation_id)
    client.token()
    world.client.clear_requests()
    comment_id = client.create_comment(world.repo, number, "Translating 3 strings…", marker=MARKER)
    assert world.calls() == [f"POST {COMMENTS}"]
    [posted] = comments(world, number)
    assert (posted["id"], posted["body"]) == (comment_id, f"Translating 3 strings…\n\n{MARKER}")
    assert posted["user"]["login"] == world.app.bot_login
    assert client.find_comment(world.repo, number, MARKER) == comment_id
    assert client.find_comment(world.repo, number, "<!-- sts:status:job-43 -->") is None
    with pytest.raises(ValueError, match="a comment marker is an HTML comment"):
        client.create_comment(world.repo, number, "x", marker="sts:job-42")


def test_create_comment_when_github_wrote_then_answered_502(github_world: GitHubWorld) -> None:
    world = github_world
    number = world.open_pull_request({"locales/en.json": "{}\n"})
    # A human quoting the marker does not count as the bot's comment.
    world.as_owner(
        "POST", f"/repos/{world.repo}/issues/{number}/comments", json={"body": f"> {MARKER}"}
    )
    client = world.app.installation(world.installation_id)
    client.token()
    world.client.clear_requests()
    world.client.add_fault("error", 502, method="POST", route=COMMENTS, after=True)
    body = f"Translating…\n{MARKER}"
    comment_id = client.create_comment(world.repo, number, body, marker=MARKER)
    assert world.client.faults() == []
    mine = [c for c in comments(world, number) if MARKER in c["body"] and c["body"] == body]
    assert [c["id"] for c in mine] == [comment_id]
    assert world.calls() == [f"POST {COMMENTS}", f"GET {COMMENTS}"]


def test_create_comment_posts_again_when_the_502_wrote_nothing(github_world: GitHubWorld) -> None:
    world = github_world
    number = world.open_pull_request({"locales/en.json": "{}\n"})
    client = world.app.installation(world.installation_id)
    client.token()
    world.client.clear_requests()
    world.client.add_fault("error", 502, method="POST", route=COMMENTS)
    comment_id = client.create_comment(world.repo, number, "Translating…", marker=MARKER)
    [posted] = comments(world, number)
    assert posted["id"] == comment_id
    assert world.calls() == [f"POST {COMMENTS}", f"GET {COMMENTS}", f"POST {COMMENTS}"]


def test_create_comment_gives_up_after_three_posts(github_world: GitHubWorld) -> None:
    world = github_world
    number = world.open_pull_request({"locales/en.json": "{}\n"})
    client = world.app.installation(world.installation_id)
    world.client.add_fault("error", 500, method="POST", route=COMMENTS, times=None)
    with pytest.raises(
        GitHubError, match=r"^GitHub answered 500 to POST .*/comments: Server Error$"
    ):
        client.create_comment(world.repo, number, "Translating…", marker=MARKER)
    assert world.calls().count(f"POST {COMMENTS}") == 3
    assert comments(world, number) == []


def test_edit_comment_and_react(github_world: GitHubWorld) -> None:
    world = github_world
    number = world.open_pull_request({"locales/en.json": "{}\n"})
    human = world.as_owner(
        "POST", f"/repos/{world.repo}/issues/{number}/comments", json={"body": "translate apply"}
    )
    client = world.app.installation(world.installation_id)
    comment_id = client.create_comment(world.repo, number, "Translating…", marker=MARKER)
    world.client.add_fault(
        "error", 502, method="PATCH", route="/repos/{owner}/{repo}/issues/comments/{comment_id}"
    )
    client.edit_comment(world.repo, comment_id, f"Done.\n{MARKER}")
    assert world.client.faults() == []
    client.react(world.repo, human["id"])
    client.react(world.repo, human["id"])  # GitHub answers the repeat with the same reaction
    after = {c["id"]: c for c in comments(world, number)}
    assert after[comment_id]["body"] == f"Done.\n{MARKER}"
    assert after[human["id"]]["reactions"]["eyes"] == 1


def test_missing_permission_is_permission_denied(github_sandbox: ServedSandbox) -> None:
    world = make_github_world(
        github_sandbox,
        permissions={"metadata": "read", "contents": "write", "pull_requests": "read"},
    )
    number = world.open_pull_request({"locales/en.json": "{}\n"})
    client = world.app.installation(world.installation_id)
    with pytest.raises(
        PermissionDenied,
        match=r"^GitHub answered 403 to POST .*/comments: Resource not accessible by integration$",
    ):
        client.create_comment(world.repo, number, "Translating…", marker=MARKER)


# -- one commit ----------------------------------------------------------------------------------


def test_commit_forty_files_in_one_commit_with_four_calls(github_world: GitHubWorld) -> None:
    world = github_world
    number = world.open_pull_request({"locales/en.json": '{"a": "A"}\n'})
    client = world.app.installation(world.installation_id)
    pull = client.pull_request(world.repo, number)
    files = {f"locales/ja/part{i:02}.json": f'{{"key{i}": "値 {i}"}}\n'.encode() for i in range(40)}
    world.client.clear_requests()
    sha = client.commit_files(world.repo, pull.head_ref, pull.head_sha, files, "Translate to ja")
    assert world.calls() == [
        "GET /repos/{owner}/{repo}/git/commits/{sha}",
        "POST /repos/{owner}/{repo}/git/trees",
        "POST /repos/{owner}/{repo}/git/commits",
        "PATCH /repos/{owner}/{repo}/git/refs/{ref}",
    ]
    assert git(world, "rev-parse", pull.head_ref).decode().strip() == sha
    assert git(world, "rev-list", "--parents", "-n1", sha).decode().split() == [sha, pull.head_sha]
    changed = git(world, "diff", "--name-only", pull.head_sha, sha).decode().split()
    assert changed == sorted(files)
    assert git(world, "show", f"{sha}:locales/ja/part07.json") == files["locales/ja/part07.json"]
    assert git(world, "show", f"{sha}:locales/en.json") == b'{"a": "A"}\n'
    assert git(world, "log", "-1", "--format=%s", sha) == b"Translate to ja\n"


def test_commit_with_the_parent_tree_costs_three_calls(github_world: GitHubWorld) -> None:
    world = github_world
    client = world.app.installation(world.installation_id)
    head = git(world, "rev-parse", "main").decode().strip()
    tree = git(world, "rev-parse", "main^{tree}").decode().strip()
    world.client.clear_requests()
    sha = client.commit_files(
        world.repo, "main", head, {"locales/fr.json": b"{}\n"}, "fr", parent_tree_sha=tree
    )
    assert len(world.calls()) == 3
    assert git(world, "show", f"{sha}:locales/fr.json") == b"{}\n"


def test_commit_a_file_that_is_not_utf8(github_world: GitHubWorld) -> None:
    world = github_world
    client = world.app.installation(world.installation_id)
    head = git(world, "rev-parse", "main").decode().strip()
    latin1 = "clé = « valeur »\r\n".encode("latin-1")
    crlf = b"line one\r\nline two\r\n"
    world.client.clear_requests()
    sha = client.commit_files(
        world.repo, "main", head, {"po/fr.po": latin1, "notes.txt": crlf}, "Add files"
    )
    assert world.calls().count("POST /repos/{owner}/{repo}/git/blobs") == 1
    assert len(world.calls()) == 5
    assert git(world, "show", f"{sha}:po/fr.po") == latin1
    assert git(world, "show", f"{sha}:notes.txt") == crlf


def test_commit_after_a_human_push_is_not_fast_forward(github_world: GitHubWorld) -> None:
    world = github_world
    number = world.open_pull_request({"locales/en.json": '{"a": "A"}\n'})
    client = world.app.installation(world.installation_id)
    pull = client.pull_request(world.repo, number)
    human = world.client.push(
        world.repo, pull.head_ref, {"NOTES.md": "mine\n"}, message="human work"
    )
    with pytest.raises(
        NotFastForward, match=r"GitHub answered 422 to PATCH .*: Update is not a fast forward"
    ) as raised:
        client.commit_files(world.repo, pull.head_ref, pull.head_sha, {"a.json": b"{}\n"}, "bot")
    assert raised.value.status == 422
    assert git(world, "rev-parse", pull.head_ref).decode().strip() == human
    assert git(world, "show", f"{human}:NOTES.md") == b"mine\n"
    # The caller re-reads and retries on the new head: the human commit stays in the history.
    moved = client.pull_request(world.repo, number)
    sha = client.commit_files(world.repo, pull.head_ref, moved.head_sha, {"a.json": b"{}\n"}, "bot")
    assert git(world, "rev-list", "--parents", "-n1", sha).decode().split() == [sha, human]


@pytest.mark.parametrize(
    ("after", "expected_tail"),
    [
        (True, ["PATCH {ref}", "GET {one_ref}"]),  # it moved: read that, done
        (False, ["PATCH {ref}", "GET {one_ref}", "PATCH {ref}"]),  # it did not: update again
    ],
)
def test_ref_update_answered_502(
    github_world: GitHubWorld, after: bool, expected_tail: list[str]
) -> None:
    world = github_world
    client = world.app.installation(world.installation_id)
    head = git(world, "rev-parse", "main").decode().strip()
    refs = "/repos/{owner}/{repo}/git/refs/{ref}"
    world.client.add_fault("error", 502, method="PATCH", route=refs, after=after)
    world.client.clear_requests()
    sha = client.commit_files(world.repo, "main", head, {"x.json": b"{}\n"}, "x")
    assert git(world, "rev-parse", "main").decode().strip() == sha
    assert git(world, "rev-list", "--parents", "-n1", sha).decode().split() == [sha, head]
    tail = [
        call.format(ref=refs, one_ref="/repos/{owner}/{repo}/git/ref/{ref}")
        for call in expected_tail
    ]
    assert world.calls()[-len(tail) :] == tail
    assert len(world.calls()) == 3 + len(tail)


def test_commit_needs_files(github_world: GitHubWorld) -> None:
    client = github_world.app.installation(github_world.installation_id)
    with pytest.raises(ValueError, match="commit_files needs at least one file"):
        client.commit_files(github_world.repo, "main", "0" * 40, {}, "nothing")


def test_app_errors_are_github_errors(github_sandbox: ServedSandbox) -> None:
    app = GitHubApp(
        github_sandbox.api_url,
        999_999,
        make_github_world(github_sandbox).registration.private_key,
        throttle_seconds=0,
    )
    with pytest.raises(GitHubError, match=r"^GitHub answered 401 to GET /app: ") as raised:
        _ = app.bot_login
    assert raised.value.status == 401


def test_an_unconfigured_app_fails_on_use_not_on_construction(
    github_sandbox: ServedSandbox,
) -> None:
    app = GitHubApp(github_sandbox.api_url, 0, "")  # the embedded defaults: no app yet
    client = app.installation(1)
    with pytest.raises(
        GitHubError, match=r"^the GitHub App is not configured: set STS_GITHUB_APP_ID"
    ):
        client.repo("acme/shop")


def test_threads_share_one_token(github_world: GitHubWorld) -> None:
    world = github_world
    client = world.app.installation(world.installation_id)
    with ThreadPoolExecutor(max_workers=8) as pool:
        tokens = set(pool.map(lambda _: client.token(), range(16)))
    assert len(tokens) == 1
    assert world.calls(f"app:{world.registration.id}") == [TOKENS]


@pytest.mark.slow  # 100 comments posted through the API first
def test_find_comment_reads_every_page(github_world: GitHubWorld) -> None:
    world = github_world
    number = world.open_pull_request({"locales/en.json": "{}\n"})
    for i in range(100):
        world.as_owner(
            "POST", f"/repos/{world.repo}/issues/{number}/comments", json={"body": f"c{i}"}
        )
    client = world.app.installation(world.installation_id)
    comment_id = client.create_comment(world.repo, number, "Translating…", marker=MARKER)
    world.client.clear_requests()
    assert client.find_comment(world.repo, number, MARKER) == comment_id
    assert world.calls() == [f"GET {COMMENTS}"] * 2  # 101 comments: two pages of 100


def test_no_answer_is_a_github_error_without_status() -> None:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048).private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    with socket.create_server(("127.0.0.1", 0)) as silent:  # accepts, never answers
        port = silent.getsockname()[1]
        app = GitHubApp(
            f"http://127.0.0.1:{port}/api/v3", 1, key.decode(), throttle_seconds=0, timeout=0.3
        )
        started = time.monotonic()
        with pytest.raises(
            GitHubError,
            match=r"^GitHub did not answer POST /app/installations/7/access_tokens: ReadTimeout$",
        ) as raised:
            app.installation(7).repo("acme/shop")
        assert time.monotonic() - started < 3  # one try of 0.3 s: a POST is not repeated
    assert raised.value.status is None
    assert raised.value.transient
