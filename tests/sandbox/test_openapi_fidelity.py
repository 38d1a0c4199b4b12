"""The checker that every sandbox test runs on the bodies it was served can itself fail."""

from __future__ import annotations

import pytest

from .conftest import CapturedResponse
from .helpers import make_world
from .openapi import OpenApiChecker


@pytest.fixture
def checker(openapi: OpenApiChecker) -> OpenApiChecker:
    return openapi


def test_a_body_missing_required_fields_is_reported(checker) -> None:
    wrong = CapturedResponse(
        "GET", "/repos/{owner}/{repo}/pulls/{number}", "/x", 200, {"number": 1}
    )
    problems = checker.problems(wrong)
    assert problems and "'_links' is a required property" in " ".join(problems)


def test_undocumented_success_and_unknown_operations_are_reported(checker) -> None:
    teapot = CapturedResponse("GET", "/repos/{owner}/{repo}", "/x", 299, {})
    unknown = CapturedResponse("GET", "/nowhere/{x}", "/x", 200, {})
    assert "not documented" in checker.problems(teapot)[0]
    assert "no operation" in checker.problems(unknown)[0]


def test_served_bodies_validate(sandbox, checker) -> None:
    world = make_world(sandbox.client)
    start = len(sandbox.captured)
    repo = world.as_app().get_repo(world.repo)
    repo.get_contents("README.md")
    served = sandbox.captured[start:]
    assert {item.route for item in served} >= {
        "/repos/{owner}/{repo}",
        "/repos/{owner}/{repo}/contents/{path}",
    }
    assert checker.check_all(served) == []
