"""A small client of the ``/_sandbox/`` endpoints, for tests and the demo."""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import requests


class SandboxError(RuntimeError):
    """The sandbox answered an admin call with an error."""


@dataclass(frozen=True)
class AppRegistration:
    id: int
    slug: str
    private_key: str
    webhook_secret: str
    bot_login: str


class SandboxClient:
    def __init__(self, base_url: str, session: requests.Session | None = None) -> None:
        self.base_url = base_url.rstrip("/")
        self.http = session or requests.Session()

    @property
    def api_url(self) -> str:
        """The ``base_url`` to give PyGithub."""
        return f"{self.base_url}/api/v3"

    def _call(self, method: str, path: str, **kwargs: Any) -> Any:
        response = self.http.request(
            method, f"{self.base_url}/_sandbox{path}", timeout=30, **kwargs
        )
        if response.status_code >= 400:
            raise SandboxError(f"{method} {path}: {response.status_code} {response.text}")
        return response.json() if response.content else None

    def _obj(self, method: str, path: str, **kwargs: Any) -> dict[str, Any]:
        body = self._call(method, path, **kwargs)
        if not isinstance(body, dict):
            raise SandboxError(f"{method} {path}: expected an object, got {body!r}")
        return body

    def _list(self, method: str, path: str, **kwargs: Any) -> list[dict[str, Any]]:
        body = self._call(method, path, **kwargs)
        if not isinstance(body, list):
            raise SandboxError(f"{method} {path}: expected a list, got {body!r}")
        return body

    # -- setup ----------------------------------------------------------------------------------
    def create_user(self, login: str, kind: str = "User") -> dict[str, Any]:
        return self._obj("POST", "/users", json={"login": login, "type": kind})

    def create_app(
        self,
        name: str,
        owner: str,
        webhook_url: str | None = None,
        webhook_secret: str | None = None,
        permissions: dict[str, str] | None = None,
        events: list[str] | None = None,
    ) -> AppRegistration:
        body = self._call(
            "POST",
            "/apps",
            json={
                "name": name,
                "owner": owner,
                "webhook_url": webhook_url,
                "webhook_secret": webhook_secret,
                "permissions": permissions,
                "events": events,
            },
        )
        return AppRegistration(
            body["id"],
            body["slug"],
            body["private_key"],
            body["webhook_secret"],
            body["bot"]["login"],
        )

    def update_app(self, app_id: int, **fields: Any) -> dict[str, Any]:
        return self._obj("PATCH", f"/apps/{app_id}", json=fields)

    def install(
        self,
        app_id: int,
        account: str,
        repositories: list[str] | str = "all",
        permissions: dict[str, str] | None = None,
    ) -> int:
        body = self._call(
            "POST",
            "/installations",
            json={
                "app_id": app_id,
                "account": account,
                "repositories": repositories,
                "permissions": permissions,
            },
        )
        return int(body["id"])

    def uninstall(self, installation_id: int) -> None:
        self._call("DELETE", f"/installations/{installation_id}")

    def change_installation_repositories(
        self, installation_id: int, add: list[str] | None = None, remove: list[str] | None = None
    ) -> dict[str, Any]:
        return self._obj(
            "POST",
            f"/installations/{installation_id}/repositories",
            json={"add": add or [], "remove": remove or []},
        )

    def create_repo(
        self,
        owner: str,
        name: str,
        *,
        seed_dir: Path | None = None,
        files: dict[str, str] | None = None,
        private: bool = False,
        default_branch: str = "main",
    ) -> dict[str, Any]:
        return self._obj(
            "POST",
            "/repos",
            json={
                "owner": owner,
                "name": name,
                "seed_dir": str(seed_dir) if seed_dir else None,
                "files": files,
                "private": private,
                "default_branch": default_branch,
            },
        )

    def repo(self, full_name: str) -> dict[str, Any]:
        return self._obj("GET", f"/repos/{full_name}")

    def add_collaborator(self, full_name: str, login: str, permission: str = "write") -> None:
        self._call(
            "POST",
            f"/repos/{full_name}/collaborators",
            json={"login": login, "permission": permission},
        )

    def push(
        self,
        full_name: str,
        branch: str,
        files: dict[str, str | None],
        *,
        author: str | None = None,
        message: str = "Update files",
        from_branch: str | None = None,
        seed_dir: Path | None = None,
    ) -> str:
        body = self._call(
            "POST",
            f"/repos/{full_name}/push",
            json={
                "branch": branch,
                "files": files,
                "author": author or full_name.split("/")[0],
                "message": message,
                "from": from_branch,
                "seed_dir": str(seed_dir) if seed_dir else None,
            },
        )
        return str(body["sha"])

    # -- driving --------------------------------------------------------------------------------
    def rerequest_check_run(self, run_id: int, user: str | None = None) -> None:
        self._call("POST", f"/check-runs/{run_id}/rerequest", json={"user": user})

    def request_check_action(self, run_id: int, identifier: str, user: str | None = None) -> None:
        self._call(
            "POST",
            f"/check-runs/{run_id}/requested-action",
            json={"identifier": identifier, "user": user},
        )

    def request_check_suite(
        self, full_name: str, head_sha: str, action: str = "requested", user: str | None = None
    ) -> None:
        self._call(
            "POST",
            f"/repos/{full_name}/check-suites",
            json={"head_sha": head_sha, "action": action, "user": user},
        )

    def merge(self, full_name: str, number: int, user: str | None = None) -> None:
        self._call("POST", f"/repos/{full_name}/pulls/{number}/merge", json={"user": user})

    # -- inspection -----------------------------------------------------------------------------
    def deliveries(
        self, event: str | None = None, action: str | None = None, payload: bool = False
    ) -> list[dict[str, Any]]:
        params = {"event": event, "action": action, "payload": "1" if payload else None}
        return self._list(
            "GET",
            "/deliveries",
            params={k: v for k, v in params.items() if v},
        )

    def delivery(self, delivery_id: int) -> dict[str, Any]:
        return self._obj("GET", f"/deliveries/{delivery_id}")

    def redeliver(self, delivery_id: int) -> dict[str, Any]:
        return self._obj("POST", f"/deliveries/{delivery_id}/redeliver")

    def wait_for_webhooks(self, timeout: float = 10.0) -> None:
        """Block until every queued delivery was attempted."""
        deadline = time.monotonic() + timeout
        while not self._call("GET", "/webhooks/idle")["idle"]:
            if time.monotonic() > deadline:
                raise SandboxError("webhook deliveries still pending")
            time.sleep(0.02)

    def requests(self) -> list[dict[str, Any]]:
        return self._list("GET", "/requests")

    def counters(self) -> dict[str, Any]:
        return self._obj("GET", "/counters")

    def clear_requests(self) -> None:
        self._call("DELETE", "/requests")

    def add_fault(
        self,
        kind: str,
        status: int | None = None,
        *,
        method: str = "*",
        route: str = "*",
        times: int | None = 1,
        retry_after: int | None = None,
        after: bool = False,
    ) -> int:
        body: dict[str, Any] = {
            "kind": kind,
            "method": method,
            "route": route,
            "times": times,
            "retry_after": retry_after,
            "after": after,
        }
        if status is not None:
            body["status"] = status
        return int(self._call("POST", "/faults", json=body)["id"])

    def faults(self) -> list[dict[str, Any]]:
        return self._list("GET", "/faults")

    def clear_faults(self) -> None:
        self._call("DELETE", "/faults")

    def configure(self, **config: int) -> dict[str, Any]:
        """``rate_limit``, ``rate_limit_window_seconds``, ``token_ttl_seconds``."""
        return self._obj("PUT", "/config", json=config)
