"""A person's side of the flow: a repository, a pull request, a comment, the bot's answer."""

from __future__ import annotations

import subprocess
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import requests

from devstack.stack import Stack, _ensure_user

SAMPLE_APP = Path(__file__).resolve().parent / "sample_app"
DONE_MARKS = ("✅ Done", "❌ Failed", "🚫 Cancelled")

#: The demo pull request: strings added and changed in all four formats.
SAMPLE_CHANGES: dict[str, str | None] = {
    "app/src/main/res/values/strings.xml": (
        (SAMPLE_APP / "app/src/main/res/values/strings.xml")
        .read_text()
        .replace(
            '    <string name="checkout">Check out</string>\n',
            '    <string name="checkout">Go to checkout</string>\n'
            "    <!-- Notification when the parcel leaves the warehouse -->\n"
            '    <string name="order_shipped">Your order %1$s is on its way</string>\n',
        )
    ),
    "ios/Shop/en.lproj/Localizable.strings": (
        (SAMPLE_APP / "ios/Shop/en.lproj/Localizable.strings").read_text()
        + "\n/* Notification when the parcel leaves the warehouse */\n"
        '"order.shipped" = "Your order %@ is on its way";\n'
    ),
    "web/locales/en.json": (
        '{\n  "nav": {\n    "home": "Home",\n    "cart": "Cart",\n    "orders": "Orders"\n  },\n'
        '  "welcome": "Welcome back, {{name}}!",\n  "checkout": "Go to checkout"\n}\n'
    ),
    "po/messages.pot": (
        (SAMPLE_APP / "po/messages.pot").read_text()
        + '\n#: shop/views.py:31\nmsgid "Track your package"\nmsgstr ""\n'
    ),
}


@dataclass
class Person:
    login: str
    token: str


@dataclass
class Scenario:
    """An owner, a developer with write access, an app installation and the API as a user."""

    stack: Stack
    owner: str = "acme"
    installation_id: int | None = None

    def person(self, login: str) -> Person:
        created = _ensure_user(self.stack.sandbox, login)
        token = created.get("token")
        if not token:
            raise RuntimeError(f"user {login} exists already; pick another login")
        return Person(login, str(token))

    def install(self, repositories: list[str] | str = "all") -> int:
        assert self.stack.app is not None, "register the app first"
        self.installation_id = self.stack.sandbox.install(
            self.stack.app.app_id, self.owner, repositories
        )
        return self.installation_id

    def create_repo(
        self,
        name: str,
        *,
        seed_dir: Path | None = SAMPLE_APP,
        files: Mapping[str, str] | None = None,
        collaborators: Mapping[str, str] | None = None,
    ) -> str:
        self.stack.sandbox.create_repo(
            self.owner, name, seed_dir=seed_dir, files=dict(files) if files else None
        )
        full_name = f"{self.owner}/{name}"
        for login, permission in (collaborators or {}).items():
            self.stack.sandbox.add_collaborator(full_name, login, permission)
        return full_name

    def open_pull_request(
        self,
        repo: str,
        author: Person,
        branch: str,
        files: Mapping[str, str | None],
        title: str = "Add strings",
    ) -> int:
        self.stack.sandbox.push(repo, branch, dict(files), author=author.login, message=title)
        answer = self.api(
            author,
            "POST",
            f"/repos/{repo}/pulls",
            json={"title": title, "head": branch, "base": "main"},
        )
        return int(answer["number"])

    def comment(self, repo: str, number: int, author: Person, body: str) -> int:
        answer = self.api(
            author, "POST", f"/repos/{repo}/issues/{number}/comments", json={"body": body}
        )
        return int(answer["id"])

    def comments(self, repo: str, number: int, reader: Person) -> list[dict[str, Any]]:
        return self.pages(reader, f"/repos/{repo}/issues/{number}/comments")

    def pages(self, reader: Person, path: str) -> list[Any]:
        """Every item of a paginated list, 100 a page."""
        found: list[Any] = []
        page = 1
        while True:
            batch = self.api(reader, "GET", path, params={"per_page": 100, "page": page})
            found += batch
            if len(batch) < 100:
                return found
            page += 1

    def check_runs(self, repo: str, sha: str, reader: Person) -> list[dict[str, Any]]:
        """The `Translations` check runs on ``sha``, newest first."""
        answer = self.api(
            reader,
            "GET",
            f"/repos/{repo}/commits/{sha}/check-runs",
            params={"check_name": "Translations"},
        )
        return list(answer["check_runs"])

    def wait_for_check(
        self, repo: str, sha: str, reader: Person, *, count: int = 1, timeout: float = 60.0
    ) -> dict[str, Any]:
        """The newest `Translations` run on ``sha``, once ``count`` exist and it is completed."""
        deadline = time.monotonic() + timeout
        while True:
            runs = self.check_runs(repo, sha, reader)
            if len(runs) >= count and runs[0]["status"] == "completed":
                return runs[0]
            if time.monotonic() > deadline:
                raise TimeoutError(
                    f"{len(runs)} Translations check runs on {sha[:10]}, not {count}"
                )
            time.sleep(0.2)

    def bot_comments(self, repo: str, number: int, reader: Person) -> list[dict[str, Any]]:
        assert self.stack.app is not None
        return [
            c
            for c in self.comments(repo, number, reader)
            if c["user"]["login"] == self.stack.app.bot_login
        ]

    def wait_for_status(
        self,
        repo: str,
        number: int,
        reader: Person,
        *,
        timeout: float = 60.0,
        marks: tuple[str, ...] = DONE_MARKS,
        count: int = 1,
    ) -> list[dict[str, Any]]:
        """Wait until ``count`` bot comments show one of ``marks``; return the bot's comments."""
        deadline = time.monotonic() + timeout
        while True:
            comments = self.bot_comments(repo, number, reader)
            if sum(any(m in c["body"] for m in marks) for c in comments) >= count:
                return comments
            if time.monotonic() > deadline:
                raise TimeoutError(
                    f"no finished status on {repo}#{number} after {timeout:.0f}s; bot said: "
                    + " | ".join(c["body"][:300] for c in comments)
                )
            time.sleep(0.2)

    def api(self, person: Person, method: str, path: str, **kwargs: Any) -> Any:
        answer = requests.request(
            method,
            f"{self.stack.url('sandbox_github')}/api/v3{path}",
            headers={"Authorization": f"token {person.token}"},
            timeout=30,
            **kwargs,
        )
        if answer.status_code >= 400:
            raise RuntimeError(f"{method} {path}: {answer.status_code} {answer.text[:500]}")
        return answer.json() if answer.content else None

    def git_dir(self, repo: str) -> Path:
        return Path(self.stack.sandbox.repo(repo)["git_dir"])

    def git(self, repo: str, *args: str) -> str:
        return subprocess.run(
            ["git", "--git-dir", str(self.git_dir(repo)), *args],
            check=True,
            capture_output=True,
            text=True,
            timeout=60,
        ).stdout

    def show(self, repo: str, rev: str, path: str) -> str | None:
        result = subprocess.run(
            ["git", "--git-dir", str(self.git_dir(repo)), "show", f"{rev}:{path}"],
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
        return result.stdout if result.returncode == 0 else None


@contextmanager
def bot_for_bench(var_dir: Path) -> Iterator[tuple[Scenario, Person]]:
    """The bot on free ports with no GitHub throttle and an instant vendor, installed on
    `acme`, and a developer: what the benchmarks start from."""
    stack = Stack.on_free_ports(
        var_dir,
        {"STS_GITHUB_THROTTLE_SECONDS": "0", "TMS_STUB_DEFAULT_TURNAROUND": "instant"},
    )
    with stack:
        stack.start_bot()
        scenario = Scenario(stack, "acme")
        scenario.install()
        yield scenario, scenario.person("bench")
