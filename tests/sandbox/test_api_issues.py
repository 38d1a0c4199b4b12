"""Comments (with the 65,536-character limit), reactions and labels on pull requests."""

from __future__ import annotations

import pytest
from github import GithubException

from .helpers import make_world


def _pull(sandbox, world):
    sandbox.client.push(world.repo, "topic", {"x.txt": "x\n"})
    return (
        world.as_user()
        .get_repo(world.repo)
        .create_pull(title="t", body="", head="topic", base="main")
    )


def test_comments_round_trip_and_limit(sandbox) -> None:
    world = make_world(sandbox.client)
    number = _pull(sandbox, world).number
    pull = world.as_app().get_repo(world.repo).get_pull(number)
    comment = pull.create_issue_comment("x" * 65_536)
    assert comment.user.login == world.app.bot_login
    assert comment.performed_via_github_app.slug == world.app.slug
    with pytest.raises(GithubException) as too_long:
        pull.create_issue_comment("x" * 65_537)
    assert too_long.value.status == 422
    assert too_long.value.data["message"] == "Validation Failed"
    assert too_long.value.data["errors"][0]["field"] == "body"
    with pytest.raises(GithubException) as edited_too_long:
        comment.edit("y" * 65_537)
    assert edited_too_long.value.status == 422
    assert edited_too_long.value.data["message"] == "Validation Failed"
    assert edited_too_long.value.data["errors"][0]["field"] == "body"
    comment.edit("short")
    assert [c.body for c in pull.get_issue_comments()] == ["short"]
    comment.delete()
    assert list(pull.get_issue_comments()) == []


def test_reactions_are_idempotent(sandbox) -> None:
    world = make_world(sandbox.client)
    number = _pull(sandbox, world).number
    repo = world.as_app().get_repo(world.repo)
    comment = world.as_user().get_repo(world.repo).get_issue(number).create_comment("please")
    mine = repo.get_issue(number).get_comment(comment.id)
    first = mine.create_reaction("eyes")
    second = mine.create_reaction("eyes")
    assert first.id == second.id and first.content == "eyes"
    assert [r.content for r in mine.get_reactions()] == ["eyes"]
    with pytest.raises(GithubException) as invalid:
        mine.create_reaction("shrug")
    assert invalid.value.status == 422


def test_labels_on_pull_requests(sandbox) -> None:
    world = make_world(sandbox.client)
    number = _pull(sandbox, world).number
    pull = world.as_app().get_repo(world.repo).get_pull(number)
    pull.add_to_labels("translations", "needs-review")
    assert sorted(label.name for label in pull.get_labels()) == ["needs-review", "translations"]
    pull.remove_from_labels("needs-review")
    assert [label.name for label in pull.get_labels()] == ["translations"]
    assert [label.name for label in pull.as_issue().labels] == ["translations"]


def test_anyone_who_can_read_may_comment_but_not_push(sandbox) -> None:
    world = make_world(sandbox.client)
    number = _pull(sandbox, world).number
    reader = sandbox.client.create_user("reader-" + world.owner)
    repo = world.as_user(reader["token"]).get_repo(world.repo)
    assert repo.get_issue(number).create_comment("lgtm").user.login == reader["login"]
    with pytest.raises(GithubException) as forbidden:
        repo.create_git_blob("x", "utf-8")
    assert forbidden.value.status == 403
