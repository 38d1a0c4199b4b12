"""App JWTs, installation tokens with expiry, and GitHub's 401/403/404 answers."""

from __future__ import annotations

import time
from datetime import UTC, datetime
from pathlib import Path

import jwt
import pytest
import requests
from github import Auth, BadCredentialsException, Github, GithubException

from sandbox.auth import generate_key_pair
from sandbox.testing import serve_sandbox

from .helpers import advance_clock, make_world, unique


def _jwt(app_id: int, key: str, *, lifetime: int = 540, issued_ago: int = 60) -> str:
    now = int(time.time())
    claims = {"iat": now - issued_ago, "exp": now + lifetime, "iss": str(app_id)}
    return jwt.encode(claims, key, algorithm="RS256")


def _token_request(sandbox, installation_id: int, token: str) -> requests.Response:
    return requests.post(
        f"{sandbox.api_url}/app/installations/{installation_id}/access_tokens",
        headers={"Authorization": f"Bearer {token}"},
        timeout=10,
    )


def test_a_valid_jwt_gets_an_installation_token(sandbox) -> None:
    world = make_world(sandbox.client)
    response = _token_request(
        sandbox, world.installation_id, _jwt(world.app.id, world.app.private_key)
    )
    assert response.status_code == 201
    body = response.json()
    assert body["token"].startswith("ghs_") and body["expires_at"].endswith("Z")
    assert body["permissions"]["contents"] == "write"


@pytest.mark.parametrize("case", ["wrong key", "too long", "expired", "garbage"])
def test_bad_jwts_are_refused(sandbox, case: str) -> None:
    world = make_world(sandbox.client)
    key = world.app.private_key
    token = {
        "wrong key": lambda: _jwt(world.app.id, generate_key_pair()[0]),
        "too long": lambda: _jwt(world.app.id, key, lifetime=3600),
        "expired": lambda: _jwt(world.app.id, key, lifetime=-120, issued_ago=700),
        "garbage": lambda: "a.b.c",
    }[case]()
    response = _token_request(sandbox, world.installation_id, token)
    assert response.status_code == 401
    assert response.json()["documentation_url"]


def test_expired_and_unknown_tokens_get_bad_credentials(sandbox) -> None:
    world = make_world(sandbox.client)
    sandbox.client.configure(token_ttl_seconds=60)
    token = world.integration().get_access_token(world.installation_id).token
    gh = Github(base_url=sandbox.api_url, auth=Auth.Token(token))
    assert gh.get_repo(world.repo).name == world.repo.split("/")[1]
    # the sandbox's clock is the wall clock plus the advances: leave a margin for a slow
    # machine between issuing the token and the next request (one second was not always)
    advance_clock(sandbox.url, 50)
    assert gh.get_repo(world.repo).name == world.repo.split("/")[1]  # ten seconds left
    advance_clock(sandbox.url, 10)
    with pytest.raises(BadCredentialsException) as expired:
        Github(base_url=sandbox.api_url, auth=Auth.Token(token)).get_repo(world.repo)
    assert expired.value.status == 401
    assert expired.value.data["message"] == "Bad credentials"
    unknown = requests.get(
        f"{sandbox.api_url}/repos/{world.repo}",
        headers={"Authorization": "token ghs_unknown"},
        timeout=10,
    )
    assert unknown.status_code == 401
    assert unknown.json()["message"] == "Bad credentials"


def test_token_expiry_is_the_sandbox_clock_plus_the_ttl(sandbox) -> None:
    world = make_world(sandbox.client)
    sandbox.client.configure(token_ttl_seconds=600)
    now = advance_clock(sandbox.url, 30)
    response = _token_request(
        sandbox, world.installation_id, _jwt(world.app.id, world.app.private_key)
    )
    assert response.status_code == 201
    expires = datetime.strptime(response.json()["expires_at"], "%Y-%m-%dT%H:%M:%SZ")
    assert int(now) + 600 <= expires.replace(tzinfo=UTC).timestamp() <= int(now) + 602


def test_pygithub_refreshes_installation_tokens_itself(tmp_path: Path) -> None:
    # PyGithub renews a token within 20 s of its expiry by its own (wall) clock, so this test
    # needs a sandbox whose clock was never advanced: its own. A 15 s token is renewed on use;
    # after the advance the first token is expired for the sandbox, so only a renewal passes.
    with serve_sandbox(tmp_path) as fresh:
        world = make_world(fresh.client)
        fresh.client.configure(token_ttl_seconds=15)
        gh = world.as_app()
        first = gh.get_repo(world.repo)
        route = "POST /app/installations/{installation_id}/access_tokens"
        assert fresh.client.counters()["actors"][f"app:{world.app.id}"][route] == 1
        advance_clock(fresh.url, 16)
        assert gh.get_repo(world.repo).id == first.id
        assert fresh.client.counters()["actors"][f"app:{world.app.id}"][route] == 2


def test_repositories_outside_the_installation_are_404(sandbox) -> None:
    world = make_world(sandbox.client)
    other = unique("hidden")
    sandbox.client.create_repo(world.owner, other, files={"a": "b"})
    gh = world.as_app()
    with pytest.raises(GithubException) as missing:
        gh.get_repo(f"{world.owner}/{other}")
    assert missing.value.status == 404
    token = world.integration().get_access_token(world.installation_id).token
    listed = requests.get(
        f"{sandbox.api_url}/installation/repositories",
        headers={"Authorization": f"token {token}"},
        timeout=10,
    )
    assert [r["full_name"] for r in listed.json()["repositories"]] == [world.repo]


def test_missing_permission_is_403_resource_not_accessible(sandbox) -> None:
    world = make_world(
        sandbox.client,
        permissions={"metadata": "read", "contents": "read", "pull_requests": "read"},
    )
    repo = world.as_app().get_repo(world.repo)
    assert repo.get_contents("README.md").decoded_content == b"hello\n"
    with pytest.raises(GithubException) as forbidden:
        repo.create_git_blob("x", "utf-8")
    assert forbidden.value.status == 403
    assert forbidden.value.data["message"] == "Resource not accessible by integration"


def test_app_endpoints_answer_the_jwt(sandbox) -> None:
    world = make_world(sandbox.client)
    integration = world.integration()
    assert integration.get_app().slug == world.app.slug
    installations = list(integration.get_installations())
    assert [i.id for i in installations] == [world.installation_id]


def test_private_repositories_are_404_for_strangers(sandbox) -> None:
    world = make_world(sandbox.client)
    name = unique("private")
    sandbox.client.create_repo(world.owner, name, files={"a": "b"}, private=True)
    stranger = sandbox.client.create_user(unique("stranger"))
    with pytest.raises(GithubException) as hidden:
        world.as_user(stranger["token"]).get_repo(f"{world.owner}/{name}")
    assert hidden.value.status == 404
    assert world.as_user().get_repo(f"{world.owner}/{name}").private is True
