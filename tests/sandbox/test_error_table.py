"""The error answers the bot meets, one table over real HTTP: status and message exact.

Every body is also checked against GitHub's OpenAPI description by the ``sandbox`` fixture.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

import jwt
import pytest
import requests

from .conftest import RunningSandbox
from .helpers import make_world, unique


@dataclass(frozen=True)
class Context:
    """Names the table's paths and bodies are formatted with, and the credentials by name."""

    names: dict[str, str]
    credentials: dict[str, str | None]


@pytest.fixture(scope="module")
def context(sandbox_server: RunningSandbox) -> Context:
    client, api = sandbox_server.client, sandbox_server.api_url
    world = make_world(client)
    readonly = make_world(client, permissions={"metadata": "read", "contents": "read"})
    private, outside = unique("private"), unique("outside")
    client.create_repo(world.owner, private, files={"a": "b"}, private=True)
    client.create_repo(world.owner, outside, files={"a": "b"})
    client.push(world.repo, "topic", {"x.txt": "x\n"})
    owner = {"Authorization": f"token {world.owner_token}"}
    number = requests.post(
        f"{api}/repos/{world.repo}/pulls",
        json={"title": "t", "head": "topic", "base": "main"},
        headers=owner,
        timeout=10,
    ).json()["number"]
    main = requests.get(f"{api}/repos/{world.repo}/git/ref/heads/main", headers=owner, timeout=10)
    main_sha = main.json()["object"]["sha"]
    commit = requests.get(
        f"{api}/repos/{world.repo}/git/commits/{main_sha}", headers=owner, timeout=10
    ).json()
    orphan = requests.post(  # a commit with no parent: moving main to it is no fast-forward
        f"{api}/repos/{world.repo}/git/commits",
        json={"message": "orphan", "tree": commit["tree"]["sha"], "parents": []},
        headers=owner,
        timeout=10,
    ).json()["sha"]
    now = int(time.time())
    app_jwt = jwt.encode(
        {"iat": now - 60, "exp": now + 540, "iss": str(world.app.id)},
        world.app.private_key,
        algorithm="RS256",
    )
    stranger = client.create_user(unique("stranger"))["token"]
    installation = world.integration().get_access_token(world.installation_id).token
    readonly_token = readonly.integration().get_access_token(readonly.installation_id).token
    return Context(
        names={
            "repo": world.repo,
            "owner": world.owner,
            "private": f"{world.owner}/{private}",
            "outside": f"{world.owner}/{outside}",
            "readonly_repo": readonly.repo,
            "number": str(number),
            "main": main_sha,
            "orphan": orphan,
        },
        credentials={
            "anonymous": None,
            "owner": f"token {world.owner_token}",
            "stranger": f"token {stranger}",
            "installation": f"token {installation}",
            "readonly installation": f"token {readonly_token}",
            "app jwt": f"Bearer {app_jwt}",
            "unknown token": "token ghs_unknown",
        },
    )


NOT_FOUND = (404, "Not Found")
NO_ACCESS = (403, "Resource not accessible by integration")

# (case, method, path, credentials, body) -> (status, message)
TABLE: list[tuple[str, str, str, str, dict[str, Any] | None, tuple[int, str]]] = [
    ("missing repository", "GET", "/repos/{owner}/nope", "owner", None, NOT_FOUND),
    ("private repository, stranger", "GET", "/repos/{private}", "stranger", None, NOT_FOUND),
    ("repository outside the installation", "GET", "/repos/{outside}", "installation", None,
     NOT_FOUND),
    ("foreign repository", "GET", "/repos/{readonly_repo}", "installation", None, NOT_FOUND),
    ("missing pull request", "GET", "/repos/{repo}/pulls/9999", "installation", None, NOT_FOUND),
    ("unknown route", "GET", "/nowhere", "installation", None, NOT_FOUND),
    ("method not allowed", "DELETE", "/repos/{repo}/pulls", "owner", None,
     (405, "Method Not Allowed")),
    ("anonymous comment", "POST", "/repos/{repo}/issues/{number}/comments", "anonymous",
     {"body": "hi"}, (401, "Requires authentication")),
    ("unknown token", "GET", "/repos/{repo}", "unknown token", None, (401, "Bad credentials")),
    ("app jwt on a repository route", "GET", "/repos/{repo}", "app jwt", None, NO_ACCESS),
    ("missing permission", "POST", "/repos/{readonly_repo}/git/blobs", "readonly installation",
     {"content": "x"}, NO_ACCESS),
    ("ref that does not exist", "PATCH", "/repos/{repo}/git/refs/heads/nope", "installation",
     {"sha": "{main}"}, (422, "Reference does not exist")),
    ("non-fast-forward", "PATCH", "/repos/{repo}/git/refs/heads/main", "installation",
     {"sha": "{orphan}"}, (422, "Update is not a fast forward")),
    ("existing ref", "POST", "/repos/{repo}/git/refs", "installation",
     {"ref": "refs/heads/main", "sha": "{main}"}, (422, "Reference already exists")),
    ("bad pagination", "GET", "/repos/{repo}/pulls?per_page=abc", "installation", None,
     (422, "Invalid pagination parameters")),
    ("unknown head branch", "POST", "/repos/{repo}/pulls", "installation",
     {"title": "t", "head": "nope", "base": "main"}, (422, "Validation Failed")),
]  # fmt: skip


def _filled(value: Any, names: dict[str, str]) -> Any:
    if isinstance(value, str):
        return value.format(**names)
    if isinstance(value, dict):
        return {key: _filled(item, names) for key, item in value.items()}
    return value


@pytest.mark.parametrize(
    ("method", "path", "who", "body", "expected"),
    [row[1:] for row in TABLE],
    ids=[row[0] for row in TABLE],
)
def test_error_answers(
    sandbox: RunningSandbox,
    context: Context,
    method: str,
    path: str,
    who: str,
    body: dict[str, Any] | None,
    expected: tuple[int, str],
) -> None:
    credential = context.credentials[who]
    response = requests.request(
        method,
        sandbox.api_url + _filled(path, context.names),
        json=_filled(body, context.names),
        headers={"Authorization": credential} if credential else {},
        timeout=10,
    )
    assert (response.status_code, response.json()["message"]) == expected
    assert response.json()["documentation_url"].startswith("https://docs.github.com/")
