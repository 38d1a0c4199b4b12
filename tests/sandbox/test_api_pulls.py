"""Pull requests: three-dot files with GitHub's statuses, patches and Link-header pagination."""

from __future__ import annotations

import re

import pytest
import requests
from github import GithubException

from .helpers import make_world


def _auth(world) -> dict[str, str]:
    return {"Authorization": f"token {world.owner_token}"}


def test_files_are_three_dot_with_statuses_and_patches(sandbox) -> None:
    client = sandbox.client
    world = make_world(
        client,
        {"keep.txt": "a\nb\nc\n", "gone.txt": "bye\n", "old/name.txt": "same content here\n" * 5},
    )
    client.push(
        world.repo,
        "feature",
        {
            "keep.txt": "a\nB\nc\n",
            "gone.txt": None,
            "old/name.txt": None,
            "new/name.txt": "same content here\n" * 5,
            "added.txt": "new\n",
        },
    )
    client.push(world.repo, "main", {"only-on-main.txt": "moved base\n"})
    repo = world.as_app().get_repo(world.repo)
    pull = repo.create_pull(title="t", body="", head="feature", base="main")
    files = {f.filename: f for f in pull.get_files()}
    assert "only-on-main.txt" not in files  # diffed against the merge base, not base.sha
    assert files["keep.txt"].status == "modified"
    assert files["keep.txt"].patch == "@@ -1,3 +1,3 @@\n a\n-b\n+B\n c"
    assert (files["keep.txt"].additions, files["keep.txt"].deletions) == (1, 1)
    assert files["gone.txt"].status == "removed"
    assert files["added.txt"].status == "added"
    assert files["new/name.txt"].status == "renamed"
    assert files["new/name.txt"].previous_filename == "old/name.txt"
    assert pull.changed_files == 4 and pull.commits == 1


def test_link_header_is_formatted_as_github_does(sandbox) -> None:
    client = sandbox.client
    world = make_world(client)
    client.push(world.repo, "many", {f"f{i:02}.txt": f"{i}\n" for i in range(7)})
    pull = (
        world.as_user()
        .get_repo(world.repo)
        .create_pull(title="t", body="", head="many", base="main")
    )
    url = f"{sandbox.api_url}/repos/{world.repo}/pulls/{pull.number}/files"
    page2 = requests.get(url, params={"per_page": 2, "page": 2}, headers=_auth(world), timeout=10)
    repo_id = pull.base.repo.id
    base = f"{sandbox.api_url}/repositories/{repo_id}/pulls/{pull.number}/files"
    assert page2.headers["Link"] == (
        f'<{base}?per_page=2&page=1>; rel="prev", <{base}?per_page=2&page=3>; rel="next", '
        f'<{base}?per_page=2&page=4>; rel="last", <{base}?per_page=2&page=1>; rel="first"'
    )
    assert [f["filename"] for f in page2.json()] == ["f02.txt", "f03.txt"]
    last = requests.get(url, params={"per_page": 2, "page": 4}, headers=_auth(world), timeout=10)
    assert 'rel="next"' not in last.headers["Link"] and len(last.json()) == 1
    capped = requests.get(url, params={"per_page": 500}, headers=_auth(world), timeout=10)
    assert len(capped.json()) == 7 and "Link" not in capped.headers


def test_files_are_capped_at_3000(sandbox) -> None:
    client = sandbox.client
    world = make_world(client)
    client.push(world.repo, "huge", {f"d/{i:04}.txt": "x\n" for i in range(3005)})
    pull = (
        world.as_user()
        .get_repo(world.repo)
        .create_pull(title="t", body="", head="huge", base="main")
    )
    url = f"{sandbox.api_url}/repos/{world.repo}/pulls/{pull.number}/files"
    last = requests.get(url, params={"per_page": 100, "page": 30}, headers=_auth(world), timeout=30)
    assert len(last.json()) == 100
    assert re.search(r"page=30>; rel=\"last\"", last.headers["Link"]) is None
    beyond = requests.get(
        url, params={"per_page": 100, "page": 31}, headers=_auth(world), timeout=30
    )
    assert beyond.json() == []


def test_pull_lifecycle_and_validation(sandbox) -> None:
    client = sandbox.client
    world = make_world(client)
    client.push(world.repo, "topic", {"x.txt": "x\n"})
    repo = world.as_user().get_repo(world.repo)
    with pytest.raises(GithubException) as missing:
        repo.create_pull(title="t", body="", head="nope", base="main")
    assert missing.value.status == 422
    pull = repo.create_pull(title="t", body="b", head="topic", base="main")
    with pytest.raises(GithubException) as duplicate:
        repo.create_pull(title="t", body="", head="topic", base="main")
    assert duplicate.value.data["message"] == "Validation Failed"
    pull.edit(state="closed")
    assert repo.get_pull(pull.number).state == "closed"
    assert [p.number for p in repo.get_pulls(state="closed")] == [pull.number]
    pull.edit(state="open", title="renamed")
    again = repo.get_pull(pull.number)
    assert (again.state, again.title) == ("open", "renamed")
    assert [c.commit.message for c in again.get_commits()] == ["Update files"]
    assert again.head.sha == client.repo(world.repo)["branches"]["topic"]


def test_urls_follow_the_request_host(sandbox) -> None:
    world = make_world(sandbox.client)
    port = sandbox.url.rsplit(":", 1)[1]
    body = requests.get(
        f"http://localhost:{port}/api/v3/repos/{world.repo}", headers=_auth(world), timeout=10
    ).json()
    assert body["url"] == f"http://localhost:{port}/api/v3/repos/{world.repo}"
    assert body["owner"]["url"].startswith(f"http://localhost:{port}/api/v3/")
