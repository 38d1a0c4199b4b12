"""The bot's GitHub gateway: app auth, PRs, permissions, idempotent comments, one-commit writes.

The one module of the bot (with its ``github_*`` helpers) that imports PyGithub. Every method
makes the fewest REST calls it can: raw ``requestJsonAndCheck`` calls, no lazy completion.
"""

from __future__ import annotations

import base64
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any, TypeVar
from urllib.parse import quote

from github import Auth
from github.Requester import Requester

from sts_bot.github_errors import (
    GitHubError,
    NotFastForward,
    PermissionDenied,
    RateLimited,
)
from sts_bot.github_transport import InstallationTokenAuth, call, make_requester, pages

__all__ = [
    "CheckRunOutput",
    "GitHubApp",
    "GitHubError",
    "InstallationClient",
    "NotFastForward",
    "PermissionDenied",
    "PullRequest",
    "RateLimited",
    "RepoInfo",
]

TOKEN_REFRESH_MARGIN = timedelta(minutes=5)
ATTEMPTS = 3  # bounded repetition of writes whose repetition is harmless or checked first
ROLES = ("admin", "maintain", "write", "triage", "read", "none")
ANNOTATIONS_PER_REQUEST = 50  # GitHub takes at most 50 annotations per check-run request

T = TypeVar("T")


@dataclass(frozen=True)
class PullRequest:
    number: int
    state: str
    head_sha: str
    head_ref: str
    head_repo: str  # full name; a fork's differs from the base repository's
    base_ref: str
    base_sha: str
    title: str
    author: str
    labels: tuple[str, ...] = ()
    body: str = ""


@dataclass(frozen=True)
class CheckRunOutput:
    """What a completed check run shows: conclusion, texts, annotations, requested actions."""

    conclusion: str
    title: str
    summary: str
    text: str = ""
    annotations: tuple[Mapping[str, Any], ...] = ()
    actions: tuple[Mapping[str, str], ...] = ()


@dataclass(frozen=True)
class RepoInfo:
    full_name: str
    default_branch: str
    clone_url: str
    private: bool


@dataclass(frozen=True)
class _Token:
    token: str
    expires_at: datetime


class GitHubApp:
    """The GitHub App: a JWT signer, its installations' clients, and its bot user's login."""

    def __init__(
        self,
        api_url: str,
        app_id: int,
        private_key: str,
        *,
        throttle_seconds: float = 0.25,
        timeout: float = 15.0,
    ) -> None:
        self.api_url = api_url.rstrip("/")
        self.app_id = app_id
        self._throttle_seconds = throttle_seconds
        self._timeout = timeout
        self._private_key = private_key
        self._app_requester: Requester | None = None
        self._installations: dict[int, InstallationClient] = {}
        self._bot_login: str | None = None
        self._lock = threading.Lock()  # guards the installations' clients
        self._app_lock = threading.Lock()  # guards the app requester

    @property
    def _requester(self) -> Requester:
        """The JWT-signing requester, built on first use: an unconfigured app fails only then."""
        with self._app_lock:
            if self._app_requester is None:
                if not self._private_key or self.app_id <= 0:
                    raise GitHubError(
                        "the GitHub App is not configured: set STS_GITHUB_APP_ID and "
                        "STS_GITHUB_PRIVATE_KEY_PATH"
                    )
                auth = Auth.AppAuth(self.app_id, self._private_key)
                self._app_requester = self._requester_for(auth)
            return self._app_requester

    def _requester_for(self, auth: Auth.Auth) -> Requester:
        return make_requester(
            self.api_url, auth, throttle_seconds=self._throttle_seconds, timeout=self._timeout
        )

    def installation(self, installation_id: int) -> InstallationClient:
        """The client of one installation, one per id for the app's lifetime."""
        with self._lock:
            client = self._installations.get(installation_id)
            if client is None:
                client = InstallationClient(self, installation_id)
                self._installations[installation_id] = client
            return client

    def installation_ids(self) -> list[int]:
        """Ids of every installation of the app (``GET /app/installations``, 1 call a 100)."""
        return [
            int(item["id"])
            for page in pages(self._requester, "/app/installations")
            for item in page
        ]

    @property
    def bot_login(self) -> str:
        """``<slug>[bot]``, the login of the app's comments and commits (``GET /app`` once)."""
        login = self._bot_login
        if login is None:  # two threads racing here both ask; the answers are equal
            _, app = call(self._requester, "GET", "/app")
            login = self._bot_login = f"{app['slug']}[bot]"
        return login

    def _create_token(self, installation_id: int) -> _Token:
        _, body = call(
            self._requester, "POST", f"/app/installations/{installation_id}/access_tokens"
        )
        return _Token(str(body["token"]), datetime.fromisoformat(str(body["expires_at"])))

    def _installation_requester(self, token: Callable[[], str]) -> Requester:
        return self._requester_for(InstallationTokenAuth(token))


class InstallationClient:
    """What the bot does on GitHub as one installation of the app."""

    def __init__(self, app: GitHubApp, installation_id: int) -> None:
        self.app = app
        self.installation_id = installation_id
        self._token: _Token | None = None
        self._token_lock = threading.Lock()
        self._requester = app._installation_requester(self.token)

    # -- auth -----------------------------------------------------------------------------------
    def token(self) -> str:
        """The installation token, renewed when it is within 5 minutes of its expiry."""
        with self._token_lock:
            now = datetime.now(UTC)
            if self._token is None or self._token.expires_at - TOKEN_REFRESH_MARGIN <= now:
                self._token = self.app._create_token(self.installation_id)
            return self._token.token

    def _call(self, verb: str, path: str, **kwargs: Any) -> Any:
        return call(self._requester, verb, path, **kwargs)[1]

    # -- repositories and pull requests -------------------------------------------------------
    def repo(self, full_name: str) -> RepoInfo:
        """One repository (1 call)."""
        return _repo_info(self._call("GET", f"/repos/{full_name}"))

    def repositories(self) -> list[RepoInfo]:
        """The repositories the installation can reach (1 call a 100)."""
        return [
            _repo_info(item)
            for page in pages(self._requester, "/installation/repositories")
            for item in page["repositories"]
        ]

    def pull_request(self, full_name: str, number: int) -> PullRequest:
        """One pull request (1 call)."""
        return _pull_request(self._call("GET", f"/repos/{full_name}/pulls/{number}"))

    def permission(self, full_name: str, login: str) -> str:
        """``admin|maintain|write|triage|read|none`` of ``login`` on the repository (1 call)."""
        path = f"/repos/{full_name}/collaborators/{quote(login, safe='')}/permission"
        try:
            body = self._call("GET", path)
        except GitHubError as exc:
            if exc.status == 404:
                return "none"
            raise
        role = str(body.get("role_name") or "")
        return role if role in ROLES else str(body.get("permission") or "none")

    # -- comments and reactions -----------------------------------------------------------------
    def react(self, full_name: str, comment_id: int, content: str = "eyes") -> None:
        """React to an issue comment (1 call; a repeated reaction is GitHub's no-op)."""
        path = f"/repos/{full_name}/issues/comments/{comment_id}/reactions"
        _repeat_transient(lambda: self._call("POST", path, body={"content": content}))

    def create_comment(self, full_name: str, number: int, body: str, *, marker: str) -> int:
        """Post a comment holding ``marker`` once (1 call), even when GitHub fails after writing.

        On a 5xx or a lost answer the PR's comments by the bot are searched for the marker: the
        one found is returned, else the comment is posted again (at most 3 posts).
        """
        text = with_marker(body, marker)
        path = f"/repos/{full_name}/issues/{number}/comments"
        for attempt in range(1, ATTEMPTS + 1):
            try:
                return int(self._call("POST", path, body={"body": text})["id"])
            except GitHubError as exc:
                if not exc.transient or attempt == ATTEMPTS:
                    raise
            found = self.find_comment(full_name, number, marker)
            if found is not None:
                return found
        raise AssertionError("unreachable")  # pragma: no cover

    def find_comment(self, full_name: str, number: int, marker: str) -> int | None:
        """The id of the bot's comment on the PR holding ``marker`` (1 call a 100 comments)."""
        bot = self.app.bot_login
        path = f"/repos/{full_name}/issues/{number}/comments"
        for page in pages(self._requester, path):
            for comment in page:
                if (comment.get("user") or {}).get("login") == bot and marker in str(
                    comment.get("body") or ""
                ):
                    return int(comment["id"])
        return None

    def edit_comment(self, full_name: str, comment_id: int, body: str) -> None:
        """Replace a comment's body (1 call; repeated on 5xx: a PATCH of a body is idempotent)."""
        path = f"/repos/{full_name}/issues/comments/{comment_id}"
        _repeat_transient(lambda: self._call("PATCH", path, body={"body": body}))

    # -- one commit through the Git Data API --------------------------------------------------
    def commit_files(
        self,
        full_name: str,
        branch: str,
        parent_sha: str,
        files: Mapping[str, bytes],
        message: str,
        parent_tree_sha: str | None = None,
    ) -> str:
        """Commit ``files`` on ``branch`` as one child of ``parent_sha``; the new commit's sha.

        4 calls (3 with ``parent_tree_sha``): get the parent commit, one tree with inline
        contents on ``base_tree``, the commit, a fast-forward ref update (never forced). A file
        that is not UTF-8 costs one blob call more. ``NotFastForward`` when the branch moved.
        """
        if not files:
            raise ValueError("commit_files needs at least one file")
        repo = f"/repos/{full_name}/git"
        if parent_tree_sha is None:
            parent = self._call("GET", f"{repo}/commits/{parent_sha}")
            parent_tree_sha = str(parent["tree"]["sha"])
        entries = [self._tree_entry(repo, path, data) for path, data in sorted(files.items())]
        # Trees, blobs and commits are content-addressed objects no ref points at yet: posting
        # one again after a 5xx leaves at most an unreachable object, so these POSTs repeat.
        tree = _repeat_transient(
            lambda: self._call(
                "POST", f"{repo}/trees", body={"base_tree": parent_tree_sha, "tree": entries}
            )
        )
        commit = _repeat_transient(
            lambda: self._call(
                "POST",
                f"{repo}/commits",
                body={"message": message, "tree": tree["sha"], "parents": [parent_sha]},
            )
        )
        self._move_branch(repo, branch, parent_sha, str(commit["sha"]))
        return str(commit["sha"])

    def _tree_entry(self, repo: str, path: str, data: bytes) -> dict[str, Any]:
        entry: dict[str, Any] = {"path": path, "mode": "100644", "type": "blob"}
        try:
            entry["content"] = data.decode("utf-8")
        except UnicodeDecodeError:
            encoded = base64.b64encode(data).decode("ascii")
            blob = _repeat_transient(
                lambda: self._call(
                    "POST", f"{repo}/blobs", body={"content": encoded, "encoding": "base64"}
                )
            )
            entry["sha"] = str(blob["sha"])
        return entry

    def _move_branch(self, repo: str, branch: str, parent_sha: str, new_sha: str) -> None:
        """Fast-forward ``branch`` to ``new_sha``; after a lost answer, read where it points."""
        ref = f"{repo}/refs/heads/{quote(branch, safe='/')}"
        for attempt in range(1, ATTEMPTS + 1):
            try:
                self._call("PATCH", ref, body={"sha": new_sha, "force": False})
                return
            except NotFastForward as exc:
                raise NotFastForward(
                    f"{exc} (branch {branch} moved from {parent_sha})", status=exc.status
                ) from exc
            except GitHubError as exc:
                if not exc.transient or attempt == ATTEMPTS:
                    raise
            current = self._call("GET", f"{repo}/ref/heads/{quote(branch, safe='/')}")
            at = str(current["object"]["sha"])
            if at == new_sha:
                return
            if at != parent_sha:
                raise NotFastForward(
                    f"branch {branch} moved from {parent_sha} to {at}", status=None
                )

    # -- pull requests by head, the bot's comments -------------------------------------------
    def open_pull_numbers(self, full_name: str, head_sha: str) -> list[int]:
        """Numbers of the open pull requests whose head is ``head_sha`` (1 call a 100 PRs)."""
        path = f"/repos/{full_name}/pulls"
        return [
            int(pull["number"])
            for page in pages(self._requester, path, {"state": "open"})
            for pull in page
            if (pull.get("head") or {}).get("sha") == head_sha
        ]

    def bot_comments(
        self, full_name: str, number: int, marker_prefix: str
    ) -> list[tuple[int, str]]:
        """(id, body) of the bot's comments on the PR holding ``marker_prefix`` (1 call a 100)."""
        bot = self.app.bot_login
        path = f"/repos/{full_name}/issues/{number}/comments"
        return [
            (int(comment["id"]), str(comment.get("body") or ""))
            for page in pages(self._requester, path)
            for comment in page
            if (comment.get("user") or {}).get("login") == bot
            and marker_prefix in str(comment.get("body") or "")
        ]

    # -- a bot branch and its pull request (the separate translations PR) ----------------------
    def create_branch(self, full_name: str, branch: str, sha: str) -> bool:
        """Create ``branch`` at ``sha`` (1 call); False when it exists already (GitHub's 422).

        Repeated on a 5xx or a lost answer: a second try that finds the ref it created is
        answered 422 as well, which reads as "exists", so nothing is created twice.
        """
        ref = f"refs/heads/{branch}"
        path = f"/repos/{full_name}/git/refs"
        try:
            _repeat_transient(lambda: self._call("POST", path, body={"ref": ref, "sha": sha}))
        except GitHubError as exc:
            if exc.status == 422 and "already exists" in str(exc):
                return False
            raise
        return True

    def fast_forward(self, full_name: str, branch: str, from_sha: str, to_sha: str) -> None:
        """Move ``branch`` from ``from_sha`` on to its descendant ``to_sha`` (1 call, never
        forced); ``NotFastForward`` when it is elsewhere."""
        self._move_branch(f"/repos/{full_name}/git", branch, from_sha, to_sha)

    def open_pull_by_head(self, full_name: str, branch: str, base: str) -> PullRequest | None:
        """The open pull request from ``branch`` of this repository into ``base`` (1 call)."""
        owner = full_name.split("/", 1)[0]
        params = {"state": "open", "head": f"{owner}:{branch}", "base": base, "per_page": 1}
        found = self._call("GET", f"/repos/{full_name}/pulls", params=params)
        return _pull_request(found[0]) if found else None

    def open_pull_request(
        self, full_name: str, branch: str, base: str, title: str, body: str
    ) -> PullRequest:
        """Open a pull request from ``branch`` into ``base``, or the one already open (1–2 calls).

        GitHub allows one open pull request per head and base: after a 5xx, a lost answer or
        "already exists" (a racing worker won), the open one is looked up instead of a second.
        """
        path = f"/repos/{full_name}/pulls"
        payload = {"title": title, "head": branch, "base": base, "body": body}
        for attempt in range(1, ATTEMPTS + 1):
            try:
                return _pull_request(self._call("POST", path, body=payload))
            except GitHubError as exc:
                if not (exc.transient or (exc.status == 422 and "already exists" in str(exc))):
                    raise
                found = self.open_pull_by_head(full_name, branch, base)
                if found is not None:
                    return found
                if attempt == ATTEMPTS:
                    raise
        raise AssertionError("unreachable")  # pragma: no cover

    def edit_pull_request(self, full_name: str, number: int, *, title: str, body: str) -> None:
        """Replace a pull request's title and body (1 call; a PATCH repeats harmlessly)."""
        path = f"/repos/{full_name}/pulls/{number}"
        _repeat_transient(lambda: self._call("PATCH", path, body={"title": title, "body": body}))

    # -- check runs -----------------------------------------------------------------------------
    def publish_check_run(
        self,
        full_name: str,
        head_sha: str,
        name: str,
        external_id: str,
        output: CheckRunOutput,
    ) -> int:
        """Create a completed check run with its output; its id.

        1 call, plus 1 per further 50 annotations (GitHub's limit per request). Idempotent
        like comments: after a 5xx or a lost answer the run is looked up by ``external_id``
        (unique per evaluation), and an annotation batch by the run's ``annotations_count``,
        so nothing is created or annotated twice.
        """
        batches = [
            list(output.annotations[start : start + ANNOTATIONS_PER_REQUEST])
            for start in range(0, len(output.annotations), ANNOTATIONS_PER_REQUEST)
        ] or [[]]
        texts = {"title": output.title, "summary": output.summary}
        if output.text:
            texts["text"] = output.text
        body: dict[str, Any] = {
            "name": name,
            "head_sha": head_sha,
            "external_id": external_id,
            "status": "completed",
            "conclusion": output.conclusion,
            "output": {**texts, "annotations": batches[0]},
            "actions": [dict(action) for action in output.actions],
        }
        path = f"/repos/{full_name}/check-runs"
        run_id: int | None = None
        annotated = 0
        for attempt in range(1, ATTEMPTS + 1):
            try:
                run_id = int(self._call("POST", path, body=body)["id"])
                annotated = len(batches[0])
                break
            except GitHubError as exc:
                if not exc.transient or attempt == ATTEMPTS:
                    raise
            found = self._find_check_run(full_name, head_sha, name, external_id)
            if found is not None:
                run_id, annotated = found
                break
        assert run_id is not None
        expected = 0
        for batch in batches:
            expected += len(batch)
            if expected <= annotated:
                continue  # this batch is on the run already
            self._annotate(full_name, run_id, texts, batch, expected)
        return run_id

    def _annotate(
        self,
        full_name: str,
        run_id: int,
        texts: Mapping[str, str],
        batch: list[Any],
        expected: int,
    ) -> None:
        """Append one batch of annotations; after a lost answer, count before repeating."""
        path = f"/repos/{full_name}/check-runs/{run_id}"
        for attempt in range(1, ATTEMPTS + 1):
            try:
                self._call("PATCH", path, body={"output": {**texts, "annotations": batch}})
                return
            except GitHubError as exc:
                if not exc.transient or attempt == ATTEMPTS:
                    raise
            current = self._call("GET", path)
            if int((current.get("output") or {}).get("annotations_count") or 0) >= expected:
                return

    def _find_check_run(
        self, full_name: str, head_sha: str, name: str, external_id: str
    ) -> tuple[int, int] | None:
        """(id, annotations_count) of the app's run with ``external_id`` on the commit, if any."""
        path = f"/repos/{full_name}/commits/{head_sha}/check-runs"
        for page in pages(self._requester, path, {"check_name": name, "filter": "all"}):
            for run in page.get("check_runs") or []:
                app_id = (run.get("app") or {}).get("id")
                if run.get("external_id") == external_id and app_id == self.app.app_id:
                    count = int((run.get("output") or {}).get("annotations_count") or 0)
                    return int(run["id"]), count
        return None


def with_marker(body: str, marker: str) -> str:
    """``body`` holding the hidden ``<!-- … -->`` marker (appended when absent)."""
    if not (marker.startswith("<!--") and marker.endswith("-->")):
        raise ValueError(f"a comment marker is an HTML comment, not {marker!r}")
    return body if marker in body else f"{body}\n\n{marker}"


def _repeat_transient(request: Callable[[], T]) -> T:
    """``request()``, repeated on a 5xx or a lost answer (3 tries at most): idempotent writes."""
    for attempt in range(1, ATTEMPTS + 1):
        try:
            return request()
        except GitHubError as exc:
            if not exc.transient or attempt == ATTEMPTS:
                raise
    raise AssertionError("unreachable")  # pragma: no cover


def _repo_info(data: Mapping[str, Any]) -> RepoInfo:
    return RepoInfo(
        full_name=str(data["full_name"]),
        default_branch=str(data["default_branch"]),
        clone_url=str(data["clone_url"]),
        private=bool(data["private"]),
    )


def _pull_request(data: Mapping[str, Any]) -> PullRequest:
    head, base = data["head"], data["base"]
    return PullRequest(
        number=int(data["number"]),
        state=str(data["state"]),
        head_sha=str(head["sha"]),
        head_ref=str(head["ref"]),
        head_repo=str((head.get("repo") or {}).get("full_name") or ""),
        base_ref=str(base["ref"]),
        base_sha=str(base["sha"]),
        title=str(data["title"]),
        author=str((data.get("user") or {}).get("login") or ""),
        labels=tuple(str(label.get("name") or "") for label in data.get("labels") or [] if label),
        body=str(data.get("body") or ""),
    )
