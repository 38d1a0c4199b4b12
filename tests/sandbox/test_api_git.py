"""Git data: blobs, trees (inline, sha, deletions, base_tree), commits and atomic refs."""

from __future__ import annotations

import base64
import threading

import pytest
import requests
from github import GithubException, InputGitTreeElement

from .helpers import make_world, unique


def test_trees_take_inline_content_shas_deletions_and_a_base(sandbox) -> None:
    world = make_world(sandbox.client, {"a.txt": "a\n", "dir/b.txt": "b\n", "dir/c.txt": "c\n"})
    repo = world.as_app().get_repo(world.repo)
    head = repo.get_git_commit(repo.get_git_ref("heads/main").object.sha)
    blob = repo.create_git_blob(base64.b64encode(b"\x00\x01binary").decode(), "base64")
    tree = repo.create_git_tree(
        [
            InputGitTreeElement("new/inline.txt", "100644", "blob", content="inline\n"),
            InputGitTreeElement("bin.dat", "100644", "blob", sha=blob.sha),
            InputGitTreeElement("dir/b.txt", "100644", "blob", sha=None),
        ],
        base_tree=head.tree,
    )
    paths = {e.path for e in repo.get_git_tree(tree.sha, recursive=True).tree if e.type == "blob"}
    assert paths == {"a.txt", "dir/c.txt", "new/inline.txt", "bin.dat"}
    assert base64.b64decode(repo.get_git_blob(blob.sha).content) == b"\x00\x01binary"
    commit = repo.create_git_commit("m", tree, [head])
    assert commit.parents[0].sha == head.sha and commit.tree.sha == tree.sha
    assert repo.get_git_commit(commit.sha).message == "m"


def test_refs_update_fast_forward_only_unless_forced(sandbox) -> None:
    world = make_world(sandbox.client)
    repo = world.as_app().get_repo(world.repo)
    ref = repo.get_git_ref("heads/main")
    head = repo.get_git_commit(ref.object.sha)
    sibling = repo.create_git_commit("sibling", head.tree, [])
    with pytest.raises(GithubException) as rejected:
        ref.edit(sibling.sha)
    assert rejected.value.status == 422
    assert rejected.value.data["message"] == "Update is not a fast forward"
    ref.edit(sibling.sha, force=True)
    assert repo.get_git_ref("heads/main").object.sha == sibling.sha
    created = repo.create_git_ref("refs/heads/other", head.sha)
    assert created.object.sha == head.sha
    with pytest.raises(GithubException) as exists:
        repo.create_git_ref("refs/heads/other", head.sha)
    assert exists.value.data["message"] == "Reference already exists"
    created.delete()
    with pytest.raises(GithubException) as gone:
        repo.get_git_ref("heads/other")
    assert gone.value.status == 404


def test_concurrent_ref_updates_are_compare_and_swap(sandbox) -> None:
    world = make_world(sandbox.client)
    repo = world.as_app().get_repo(world.repo)
    head = repo.get_git_commit(repo.get_git_ref("heads/main").object.sha)
    rivals = [repo.create_git_commit(f"rival {i}", head.tree, [head]) for i in range(6)]
    token = world.integration().get_access_token(world.installation_id).token
    results: list[int] = []

    def update(sha: str) -> None:
        response = requests.patch(
            f"{sandbox.api_url}/repos/{world.repo}/git/refs/heads/main",
            json={"sha": sha},
            timeout=30,
            headers={"Authorization": f"token {token}"},
        )
        results.append(response.status_code)

    threads = [threading.Thread(target=update, args=(c.sha,)) for c in rivals]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results) == [200] + [422] * 5
    assert repo.get_git_ref("heads/main").object.sha in {c.sha for c in rivals}


def test_empty_repositories_answer_409(sandbox) -> None:
    world = make_world(sandbox.client)
    empty = unique("empty")
    sandbox.client.create_repo(world.owner, empty)
    response = requests.get(
        f"{sandbox.api_url}/repos/{world.owner}/{empty}/git/ref/heads/main",
        headers={"Authorization": f"token {world.owner_token}"},
        timeout=10,
    )
    assert response.status_code == 409
    assert response.json()["message"] == "Git Repository is empty."


def test_contents_over_one_megabyte_have_no_content(sandbox) -> None:
    world = make_world(sandbox.client)
    sandbox.client.push(
        world.repo, "main", {"big.txt": "x" * (1024 * 1024 + 1), "small.txt": "small\n"}
    )
    repo = world.as_app().get_repo(world.repo)
    big = repo.get_contents("big.txt")
    assert (big.encoding, big.content, big.size) == ("none", "", 1024 * 1024 + 1)
    assert repo.get_contents("small.txt").decoded_content == b"small\n"
    listing = repo.get_contents("")
    assert {c.path for c in listing} >= {"README.md", "big.txt", "small.txt"}
    with pytest.raises(GithubException) as missing:
        repo.get_contents("nope.txt")
    assert missing.value.status == 404


def test_compare_reports_ahead_and_behind(sandbox) -> None:
    client = sandbox.client
    world = make_world(client)
    client.push(world.repo, "topic", {"t.txt": "t\n"})
    client.push(world.repo, "main", {"m.txt": "m\n"})
    comparison = world.as_app().get_repo(world.repo).compare("main", "topic")
    assert (comparison.status, comparison.ahead_by, comparison.behind_by) == ("diverged", 1, 1)
    assert [f.filename for f in comparison.files] == ["t.txt"]


def test_branches_are_listed_and_read(sandbox) -> None:
    world = make_world(sandbox.client)
    sha = sandbox.client.push(world.repo, "topic", {"t.txt": "t\n"})
    repo = world.as_app().get_repo(world.repo)
    assert sorted(b.name for b in repo.get_branches()) == ["main", "topic"]
    topic = repo.get_branch("topic")
    assert (topic.commit.sha, topic.protected) == (sha, False)
    with pytest.raises(GithubException) as missing:
        repo.get_branch("nope")
    assert missing.value.status == 404
