"""Setup shared by the sandbox tests: a user, an app installed on a seeded repository."""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import requests
from github import Auth, Github, GithubIntegration

from sandbox.client import AppRegistration, SandboxClient

_ids = itertools.count(1)


def unique(prefix: str) -> str:
    return f"{prefix}{next(_ids)}"


def advance_clock(sandbox_url: str, seconds: float) -> float:
    """Move the sandbox's clock forward (``POST /_sandbox/clock``); its new time."""
    response = requests.post(
        f"{sandbox_url}/_sandbox/clock", json={"advance_seconds": seconds}, timeout=10
    )
    assert response.status_code == 200, response.text
    return float(response.json()["now"])


@dataclass
class World:
    owner: str
    owner_token: str
    repo: str
    app: AppRegistration
    installation_id: int
    api_url: str

    def integration(self) -> GithubIntegration:
        return GithubIntegration(
            auth=Auth.AppAuth(self.app.id, self.app.private_key), base_url=self.api_url
        )

    def as_app(self, **kwargs: object) -> Github:
        auth = Auth.AppAuth(self.app.id, self.app.private_key).get_installation_auth(
            self.installation_id
        )
        kwargs.setdefault("seconds_between_requests", None)
        kwargs.setdefault("seconds_between_writes", None)
        return Github(base_url=self.api_url, auth=auth, **kwargs)  # type: ignore[arg-type]

    def as_user(self, token: str | None = None) -> Github:
        return Github(
            base_url=self.api_url,
            auth=Auth.Token(token or self.owner_token),
            seconds_between_requests=None,
            seconds_between_writes=None,
        )


def make_world(
    client: SandboxClient,
    files: dict[str, str] | None = None,
    *,
    webhook_url: str | None = None,
    permissions: dict[str, str] | None = None,
    events: list[str] | None = None,
) -> World:
    owner = client.create_user(unique("octo"))
    repo = unique("repo")
    client.create_repo(owner["login"], repo, files=files or {"README.md": "hello\n"})
    app = client.create_app(
        unique("Translator "),
        owner["login"],
        webhook_url=webhook_url,
        webhook_secret="s3cret",
        permissions=permissions,
        events=events,
    )
    installation = client.install(app.id, owner["login"], [repo])
    return World(
        owner["login"],
        owner["token"],
        f"{owner['login']}/{repo}",
        app,
        installation,
        client.api_url,
    )
