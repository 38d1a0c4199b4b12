"""Rate-limit headers and budgets, injected secondary limits and 5xx, the request log."""

from __future__ import annotations

import time

import pytest
import requests
from github import GithubException, GithubRetry

from .helpers import advance_clock, make_world

PULL_ROUTE = "/repos/{owner}/{repo}"


def _get(sandbox, world, path: str = "") -> requests.Response:
    return requests.get(
        f"{sandbox.api_url}/repos/{world.repo}{path}",
        timeout=10,
        headers={"Authorization": f"token {world.owner_token}"},
    )


def test_every_api_response_carries_rate_limit_headers(sandbox) -> None:
    world = make_world(sandbox.client)
    ok, missing = _get(sandbox, world), _get(sandbox, world, "/pulls/999")
    for response in (ok, missing):
        assert response.headers["X-RateLimit-Limit"] == "5000"
        assert response.headers["X-RateLimit-Resource"] == "core"
        assert int(response.headers["X-RateLimit-Reset"]) > time.time()
    assert (
        int(ok.headers["X-RateLimit-Remaining"])
        == int(missing.headers["X-RateLimit-Remaining"]) + 1
    )
    assert int(missing.headers["X-RateLimit-Used"]) == int(ok.headers["X-RateLimit-Used"]) + 1


def test_a_spent_primary_budget_is_403_until_reset(sandbox) -> None:
    world = make_world(sandbox.client)
    user_id = world.as_user().get_user().id
    sandbox.client.configure(rate_limit=3, rate_limit_window_seconds=600)  # resets the windows
    first = _get(sandbox, world)
    assert [first.status_code] + [_get(sandbox, world).status_code for _ in range(2)] == [200] * 3
    spent = _get(sandbox, world)
    assert spent.status_code == 403
    assert spent.json()["message"].startswith(f"API rate limit exceeded for user ID {user_id}.")
    assert spent.headers["X-RateLimit-Remaining"] == "0"
    assert spent.headers["X-RateLimit-Reset"] == first.headers["X-RateLimit-Reset"]
    advance_clock(sandbox.url, 599)  # one second before the window ends: still spent
    assert _get(sandbox, world).status_code == 403
    now = advance_clock(sandbox.url, 1)
    renewed = _get(sandbox, world)
    assert renewed.status_code == 200
    assert (renewed.headers["X-RateLimit-Used"], renewed.headers["X-RateLimit-Remaining"]) == (
        "1",
        "2",
    )
    assert int(now) + 600 <= int(renewed.headers["X-RateLimit-Reset"]) <= int(now) + 601


@pytest.mark.parametrize(("status", "retry_after"), [(403, 1), (429, 1), (403, None)])
def test_pygithub_recovers_from_secondary_limits(sandbox, status, retry_after) -> None:
    world = make_world(sandbox.client)
    repo = world.as_app(retry=GithubRetry(total=3, secondary_rate_wait=1)).get_repo(world.repo)
    sandbox.client.add_fault(
        "secondary",
        status,
        method="GET",
        route=PULL_ROUTE + "/git/ref/{ref}",
        retry_after=retry_after,
    )
    assert repo.get_git_ref("heads/main").ref == "refs/heads/main"
    assert sandbox.client.faults() == []


def test_429_without_retry_after_reaches_the_caller(sandbox) -> None:
    world = make_world(sandbox.client)
    sandbox.client.add_fault("secondary", 429, route=PULL_ROUTE)
    response = _get(sandbox, world)
    assert response.status_code == 429 and "Retry-After" not in response.headers
    assert "secondary rate limit" in response.json()["message"]
    repo = world.as_user()
    sandbox.client.add_fault("secondary", 429, route=PULL_ROUTE)
    with pytest.raises(GithubException) as limited:
        repo.get_repo(world.repo)
    assert limited.value.status == 429


def test_injected_5xx_hits_only_the_chosen_route_and_count(sandbox) -> None:
    world = make_world(sandbox.client)
    sandbox.client.add_fault("error", 502, method="GET", route=PULL_ROUTE + "/pulls", times=2)
    assert _get(sandbox, world).status_code == 200
    assert [_get(sandbox, world, "/pulls").status_code for _ in range(3)] == [502, 502, 200]
    sandbox.client.add_fault("error", 503, route=PULL_ROUTE, times=1)
    assert world.as_user().get_repo(world.repo).full_name == world.repo  # PyGithub retried


def test_request_log_and_counters_per_route_and_token(sandbox) -> None:
    world = make_world(sandbox.client)
    sandbox.client.clear_requests()
    repo = world.as_app().get_repo(world.repo)
    repo.get_git_ref("heads/main")
    repo.get_git_ref("heads/main")
    counters = sandbox.client.counters()
    actor = counters["actors"][f"installation:{world.installation_id}"]
    assert actor == {"GET /repos/{owner}/{repo}": 1, "GET /repos/{owner}/{repo}/git/ref/{ref}": 2}
    assert counters["routes"]["POST /app/installations/{installation_id}/access_tokens"] == 1
    log = sandbox.client.requests()
    assert [entry["path"] for entry in log][-1] == f"/api/v3/repos/{world.repo}/git/ref/heads/main"
    assert counters["total"] == len(log) == 4


def test_faults_are_validated(sandbox) -> None:
    from sandbox.client import SandboxError

    with pytest.raises(
        SandboxError,
        match=r'^POST /faults: 422 \{"message":"a secondary rate limit answers 403 or 429"',
    ):
        sandbox.client.add_fault("secondary", 500)
    with pytest.raises(
        SandboxError,
        match=r'^POST /faults: 422 \{"message":"an injected error answers a 5xx status"',
    ):
        sandbox.client.add_fault("error", 404)
    assert sandbox.client.faults() == []


def test_a_late_fault_answers_5xx_after_the_work_was_done(sandbox) -> None:
    world = make_world(sandbox.client)
    sandbox.client.push(world.repo, "topic", {"x.txt": "x\n"})
    number = (
        world.as_user()
        .get_repo(world.repo)
        .create_pull(title="t", body="", head="topic", base="main")
        .number
    )
    route = "/repos/{owner}/{repo}/issues/{number}/comments"
    sandbox.client.add_fault("error", 502, method="POST", route=route, after=True)
    url = f"{sandbox.api_url}/repos/{world.repo}/issues/{number}/comments"
    headers = {"Authorization": f"token {world.owner_token}"}
    posted = requests.post(url, json={"body": "once"}, headers=headers, timeout=10)
    assert posted.status_code == 502
    assert [c["body"] for c in requests.get(url, headers=headers, timeout=10).json()] == ["once"]


def test_asking_for_the_rate_limit_is_free(sandbox) -> None:
    world = make_world(sandbox.client)
    headers = {"Authorization": f"token {world.owner_token}"}
    first = requests.get(f"{sandbox.api_url}/rate_limit", headers=headers, timeout=10).json()
    second = requests.get(f"{sandbox.api_url}/rate_limit", headers=headers, timeout=10).json()
    assert first["rate"]["used"] == second["rate"]["used"]
    assert second["resources"]["core"]["limit"] == 5000
