"""Check runs and GitHub's limits on them."""

from __future__ import annotations

import pytest
from github import GithubException

from .helpers import make_world


def _annotation(line: int) -> dict[str, object]:
    return {
        "path": "README.md",
        "start_line": line,
        "end_line": line,
        "annotation_level": "failure",
        "message": f"line {line}",
    }


@pytest.fixture
def checks(sandbox):
    world = make_world(sandbox.client)
    repo = world.as_app().get_repo(world.repo)
    head = repo.get_git_ref("heads/main").object.sha
    return repo, head


def test_annotations_are_appended_across_updates(checks) -> None:
    repo, head = checks
    run = repo.create_check_run(
        name="guard",
        head_sha=head,
        status="in_progress",
        output={"title": "t", "summary": "s", "annotations": [_annotation(i) for i in range(50)]},
    )
    run.edit(
        output={
            "title": "t",
            "summary": "s",
            "annotations": [_annotation(i) for i in range(50, 60)],
        }
    )
    assert run.output.annotations_count == 60
    assert len(list(run.get_annotations())) == 30  # first page
    with pytest.raises(GithubException) as too_many:
        run.edit(
            output={
                "title": "t",
                "summary": "s",
                "annotations": [_annotation(i) for i in range(51)],
            }
        )
    assert too_many.value.status == 422


@pytest.mark.parametrize(
    "fields",
    [
        {"status": "completed"},
        {"output": {"title": "t", "summary": "s" * 65_536}},
        {"output": {"title": "t", "summary": "s", "text": "x" * 65_536}},
        {"actions": [{"label": "a", "description": "d", "identifier": f"i{i}"} for i in range(4)]},
        {"actions": [{"label": "a" * 21, "description": "d", "identifier": "i"}]},
        {"conclusion": "great"},
    ],
)
def test_limits_are_enforced(checks, fields) -> None:
    repo, head = checks
    with pytest.raises(GithubException) as refused:
        repo.create_check_run(name="guard", head_sha=head, **fields)
    assert refused.value.status == 422
    assert refused.value.data["message"] == "Validation Failed"


def test_the_largest_allowed_values_pass(checks) -> None:
    repo, head = checks
    run = repo.create_check_run(
        name="guard",
        head_sha=head,
        conclusion="action_required",
        output={"title": "t", "summary": "s" * 65_535, "text": "x" * 65_535},
        actions=[
            {"label": "Apply translations", "description": "d", "identifier": f"apply{i}"}
            for i in range(3)
        ],
    )
    assert (run.status, run.conclusion) == ("completed", "action_required")
    assert run.completed_at is not None


def test_only_apps_create_check_runs(sandbox) -> None:
    world = make_world(sandbox.client)
    repo = world.as_user().get_repo(world.repo)
    with pytest.raises(GithubException) as refused:
        repo.create_check_run(name="x", head_sha=repo.get_git_ref("heads/main").object.sha)
    assert refused.value.status == 403
