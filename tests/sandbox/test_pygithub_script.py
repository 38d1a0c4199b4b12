"""The flow the bot will run, driven through PyGithub 2.x against a served sandbox."""

from __future__ import annotations

import base64
import subprocess
import time
from datetime import UTC, datetime

import pytest
from github import GithubException, GithubRetry, InputGitTreeElement

from .helpers import make_world

BIG = bytes(range(256)) * 5000  # 1.28 MB: over the contents API's 1 MB limit
SOURCE_FILES = {f"locales/en/part{i:03}.json": f'{{"key{i}": "Value {i}"}}\n' for i in range(75)}


def _route_count(counters: dict, actor: str, route: str) -> int:
    return int(counters["actors"].get(actor, {}).get(route, 0))


def test_bot_flow_through_pygithub(sandbox) -> None:
    client = sandbox.client
    world = make_world(client, {"README.md": "hello\n", "locales/en/app.json": "{}\n"})
    client.push(world.repo, "main", {"big.bin": None}, message="prepare")  # noop deletion
    big_b64 = base64.b64encode(BIG).decode()
    # The big file goes in through the API as a blob, as a user would upload it.
    owner_repo = world.as_user().get_repo(world.repo)
    blob = owner_repo.create_git_blob(big_b64, "base64")
    main = owner_repo.get_git_ref("heads/main").object
    tree = owner_repo.create_git_tree(
        [InputGitTreeElement("assets/big.bin", "100644", "blob", sha=blob.sha)],
        base_tree=owner_repo.get_git_tree(main.sha),
    )
    commit = owner_repo.create_git_commit(
        "add big file", tree, [owner_repo.get_git_commit(main.sha)]
    )
    owner_repo.get_git_ref("heads/main").edit(commit.sha)
    head = client.push(
        world.repo,
        "feature",
        {**SOURCE_FILES, "locales/en/app.json": '{"a": 1}\n'},
        message="strings",
    )
    pull = owner_repo.create_pull(title="Add strings", body="", head="feature", base="main")

    # 1. Authenticate as the app: JWT -> installation token with an expiry.
    authorization = world.integration().get_access_token(world.installation_id)
    assert authorization.token
    assert authorization.expires_at > datetime.now(UTC)
    gh = world.as_app(retry=GithubRetry(total=5, secondary_rate_wait=1))
    repo = gh.get_repo(world.repo)
    actor = f"installation:{world.installation_id}"

    # 2. The PR's files across pages (30 per page: 76 files are 3 pages).
    client.clear_requests()
    files = list(repo.get_pull(pull.number).get_files())
    assert len(files) == 76
    assert {f.status for f in files} == {"added", "modified"}
    counters = client.counters()
    assert _route_count(counters, actor, "GET /repos/{owner}/{repo}/pulls/{number}/files") == 3

    # 3. Contents at two refs, and the file over 1 MB through the blobs API.
    at_base = repo.get_contents("locales/en/app.json", ref="main")
    at_head = repo.get_contents("locales/en/app.json", ref=head)
    assert (at_base.decoded_content, at_head.decoded_content) == (b"{}\n", b'{"a": 1}\n')
    big = repo.get_contents("assets/big.bin", ref="main")
    assert big.encoding == "none" and big.content == ""
    assert base64.b64decode(repo.get_git_blob(big.sha).content) == BIG

    # 4. One commit with 40 files in one tree, then a non-fast-forward, handled by retrying.
    ref = repo.get_git_ref("heads/feature")
    parent = repo.get_git_commit(ref.object.sha)
    elements = [
        InputGitTreeElement(
            f"locales/ja/part{i:03}.json", "100644", "blob", content=f'{{"key{i}": "値 {i}"}}\n'
        )
        for i in range(40)
    ]
    client.push(world.repo, "feature", {"NOTES.md": "someone else pushed\n"}, message="race")
    new_tree = repo.create_git_tree(elements, base_tree=parent.tree)
    translated = repo.create_git_commit("Translate to ja", new_tree, [parent])
    with pytest.raises(GithubException) as rejected:
        ref.edit(translated.sha)
    assert rejected.value.status == 422
    assert rejected.value.data["message"] == "Update is not a fast forward"
    moved = repo.get_git_commit(repo.get_git_ref("heads/feature").object.sha)
    new_tree = repo.create_git_tree(elements, base_tree=moved.tree)
    translated = repo.create_git_commit("Translate to ja", new_tree, [moved])
    ref.edit(translated.sha)
    assert repo.get_git_ref("heads/feature").object.sha == translated.sha
    assert len(repo.get_git_tree(translated.sha, recursive=True).tree) >= 40 + 76
    counters = client.counters()
    assert _route_count(counters, actor, "POST /repos/{owner}/{repo}/git/trees") == 2

    # 5. Post and edit a comment.
    comment = repo.get_pull(pull.number).create_issue_comment("Translating…")
    comment.edit("Translated 40 strings")
    assert repo.get_issue(pull.number).get_comment(comment.id).body == "Translated 40 strings"

    # 6. Create and update a check run.
    run = repo.create_check_run(name="translations", head_sha=translated.sha, status="in_progress")
    run.edit(
        status="completed",
        conclusion="success",
        output={"title": "All translated", "summary": "40 strings"},
    )
    runs = list(repo.get_commit(translated.sha).get_check_runs())
    assert [(r.name, r.conclusion) for r in runs] == [("translations", "success")]

    # 7. Get rate-limited and recover: a secondary limit with Retry-After is retried by PyGithub.
    client.add_fault("secondary", 403, route="/repos/{owner}/{repo}/pulls/{number}", retry_after=1)
    started = time.monotonic()
    assert repo.get_pull(pull.number).title == "Add strings"
    assert time.monotonic() - started >= 1
    assert client.faults() == []

    # 8. git log on the bare repository shows the commit.
    git_dir = client.repo(world.repo)["git_dir"]
    log = subprocess.run(
        ["git", "--git-dir", git_dir, "log", "--format=%H %s", "feature"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert f"{translated.sha} Translate to ja" in log.splitlines()
