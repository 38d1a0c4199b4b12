"""Fixtures shared by the bot's tests: a sandbox GitHub in a thread, an app installed on a repo."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import requests

from sandbox.client import AppRegistration, SandboxClient
from sandbox.testing import ServedSandbox, serve_sandbox
from sts_bot.github import GitHubApp

# -- the GitHub gateway's world (tests/sts_bot/test_github.py) -----------------------------------

_unique_ids = itertools.count(1)


def unique_name(prefix: str) -> str:
    """A name no other test of this session uses."""
    return f"{prefix}{next(_unique_ids)}"


@dataclass
class GitHubWorld:
    """A user owning a repository, and an app installed on it, seen through ``GitHubApp``."""

    sandbox: ServedSandbox
    owner: str
    owner_token: str
    repo: str  # full name
    registration: AppRegistration
    installation_id: int
    app: GitHubApp

    @property
    def client(self) -> SandboxClient:
        return self.sandbox.client

    @property
    def actor(self) -> str:
        """The request log's name for the installation's token."""
        return f"installation:{self.installation_id}"

    def as_owner(self, method: str, path: str, **kwargs: Any) -> Any:
        """A REST call with the owner's personal token (what a human does on GitHub)."""
        response = requests.request(
            method,
            f"{self.sandbox.api_url}{path}",
            headers={"Authorization": f"token {self.owner_token}"},
            timeout=30,
            **kwargs,
        )
        response.raise_for_status()
        return response.json() if response.content else None

    def open_pull_request(self, files: dict[str, str | None], title: str = "Add strings") -> int:
        branch = unique_name("feature")
        self.client.push(self.repo, branch, files, message="strings")
        pull = self.as_owner(
            "POST",
            f"/repos/{self.repo}/pulls",
            json={"title": title, "head": branch, "base": "main"},
        )
        return int(pull["number"])

    def calls(self, actor: str | None = None) -> list[str]:
        """``METHOD route`` of each API request logged for ``actor`` (the installation's)."""
        who = actor or self.actor
        return [f"{r['method']} {r['route']}" for r in self.client.requests() if r["actor"] == who]


@pytest.fixture(scope="session")
def github_sandbox(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServedSandbox]:
    """One sandbox GitHub for the session's bot tests."""
    with serve_sandbox(Path(tmp_path_factory.mktemp("sts-github-sandbox"))) as served:
        yield served


def make_github_world(
    sandbox: ServedSandbox,
    *,
    permissions: dict[str, str] | None = None,
    private: bool = False,
    throttle_seconds: float = 0.0,
) -> GitHubWorld:
    """A fresh owner, repository (README + one string file) and app installation."""
    client = sandbox.client
    owner = client.create_user(unique_name("octo"))
    name = unique_name("repo")
    client.create_repo(
        owner["login"],
        name,
        files={"README.md": "hello\n", "locales/en.json": '{"hello": "Hello"}\n'},
        private=private,
    )
    registration = client.create_app(
        unique_name("Translator "), owner["login"], permissions=permissions
    )
    installation_id = client.install(registration.id, owner["login"], [name])
    app = GitHubApp(
        sandbox.api_url,
        registration.id,
        registration.private_key,
        throttle_seconds=throttle_seconds,
        timeout=10.0,
    )
    return GitHubWorld(
        sandbox,
        owner["login"],
        owner["token"],
        f"{owner['login']}/{name}",
        registration,
        installation_id,
        app,
    )


@pytest.fixture
def github_world(github_sandbox: ServedSandbox) -> Iterator[GitHubWorld]:
    """A new installation on a new repository; faults and limits reset afterwards."""
    world = make_github_world(github_sandbox)
    github_sandbox.client.clear_requests()
    yield world
    github_sandbox.client.clear_faults()
    github_sandbox.client.configure(
        rate_limit=5000, rate_limit_window_seconds=3600, token_ttl_seconds=3600
    )
