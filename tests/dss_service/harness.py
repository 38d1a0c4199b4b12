"""The dynamic strings service as real processes: gunicorn, a Celery worker, the vendor stub."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import requests

from tests.conftest import REPO_ROOT

BIN = Path(sys.executable).parent


def migrated_database(directory: Path) -> str:
    """A migrated, empty platform database: SQLite under ``directory``, or ``DATABASE_URL``
    (PostgreSQL in CI's second pass) wiped first, as the root ``platform_env`` fixture does."""
    from alembic import command
    from alembic.config import Config
    from sqlalchemy import text

    from appkit.database import make_engine

    url = os.environ.get("DATABASE_URL") or f"sqlite:///{directory / 'platform.sqlite3'}"
    if url.startswith("postgresql"):
        engine = make_engine(url)
        with engine.begin() as connection:
            connection.execute(text("DROP SCHEMA public CASCADE"))
            connection.execute(text("CREATE SCHEMA public"))
        engine.dispose()
    config = Config(str(REPO_ROOT / "alembic.ini"))
    config.attributes["database_url"] = url
    config.attributes["configure_logger"] = False
    command.upgrade(config, "head")
    return url


def wait_until(predicate: Callable[[], Any], timeout: float = 30.0, what: str = "condition") -> Any:
    """Poll ``predicate`` until it answers something truthy; fail after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout} s waiting for {what}")
        time.sleep(0.1)


@dataclass
class Child:
    """A child process whose output goes to a log file shown when something fails."""

    name: str
    command: list[str]
    env: dict[str, str]
    log: Path
    process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        handle = self.log.open("ab")
        self.process = subprocess.Popen(
            self.command, cwd=REPO_ROOT, env=self.env, stdout=handle, stderr=subprocess.STDOUT
        )
        handle.close()

    def stop(self) -> None:
        if self.process is None:
            return
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(5)
        self.process = None

    def output(self) -> str:
        return self.log.read_text(errors="replace")[-4000:] if self.log.exists() else ""


def gunicorn(env: dict[str, str], port: int, log: Path) -> Child:
    command = [
        str(BIN / "gunicorn"),
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        "2",
        "--threads",
        "4",
        "--graceful-timeout",
        "5",
        "dss_service:create_app()",
    ]
    return Child("gunicorn", command, env, log)


def celery_worker(env: dict[str, str], log: Path) -> Child:
    command = [
        sys.executable,
        "-m",
        "celery",
        "-A",
        "dss_service.worker",
        "worker",
        "--queues",
        "dss",
        "--pool",
        "threads",
        "--concurrency",
        "2",
        "--loglevel",
        "WARNING",
        "--without-heartbeat",
        "--without-gossip",
        "--without-mingle",
    ]
    return Child("celery", command, env, log)


def flask_cli(
    env: Mapping[str, str], *args: str, stdin: str = ""
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(BIN / "flask"), "--app", "dss_service", *args],
        cwd=REPO_ROOT,
        env=dict(env),
        input=stdin,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def vendor_stub(data: Path, port: int, log: Path) -> Child:
    """``python -m tms.stub serve`` with the tms tests' token and callback secret."""
    from tests.tms.harness import TEST_ENV

    command = [sys.executable, "-m", "tms.stub", "serve", "--port", str(port), "--data", str(data)]
    return Child("tms stub", command, {**os.environ, **TEST_ENV}, log)


def wait_healthy(url: str, child: Child, timeout: float = 60.0) -> None:
    def healthy() -> bool:
        if child.process is not None and child.process.poll() is not None:
            raise AssertionError(f"{child.name} exited:\n{child.output()}")
        try:
            return requests.get(url + "/healthz", timeout=5).status_code == 200
        except requests.RequestException:
            return False

    wait_until(healthy, timeout, f"{child.name} at {url}")


@dataclass
class Api:
    """HTTP calls to ``/api/v1`` with one token."""

    base_url: str
    token: str
    session: requests.Session = field(default_factory=requests.Session)

    def url(self, path: str) -> str:
        return f"{self.base_url}/api/v1{path}"

    def call(
        self,
        method: str,
        path: str,
        *,
        json: Any = None,
        data: bytes | str | None = None,
        headers: Mapping[str, str] | None = None,
        params: Mapping[str, Any] | None = None,
    ) -> requests.Response:
        all_headers = {"Authorization": f"Bearer {self.token}", **(headers or {})}
        return self.session.request(
            method,
            self.url(path),
            json=json,
            data=data,
            headers=all_headers,
            params=params,
            timeout=30,
        )

    def get(self, path: str, **kwargs: Any) -> requests.Response:
        return self.call("GET", path, **kwargs)

    def put(self, path: str, **kwargs: Any) -> requests.Response:
        return self.call("PUT", path, **kwargs)

    def post(self, path: str, **kwargs: Any) -> requests.Response:
        return self.call("POST", path, **kwargs)

    def delete(self, path: str, **kwargs: Any) -> requests.Response:
        return self.call("DELETE", path, **kwargs)

    def with_token(self, token: str) -> Api:
        return Api(self.base_url, token)

    # Shortcuts for setting up tests.

    def namespace(self, name: str, locales: list[str], policy: str = "stale") -> None:
        answer = self.put(
            f"/namespaces/{name}", json={"target_locales": locales, "source_edit_policy": policy}
        )
        assert answer.status_code == 201, answer.text

    def string(self, ns: str, key: str, **body: Any) -> requests.Response:
        answer = self.put(f"/namespaces/{ns}/strings/{key}", json=body)
        assert answer.status_code in (200, 201), answer.text
        return answer

    def translate(self, ns: str, key: str, locale: str, value: Any, approve: bool = False) -> None:
        body = {"text": value} if isinstance(value, str) else {"plural": value}
        answer = self.put(f"/namespaces/{ns}/strings/{key}/translations/{locale}", json=body)
        assert answer.status_code == 200 and answer.json()["state"] == "translated", answer.text
        if approve:
            answer = self.post(f"/namespaces/{ns}/strings/{key}/translations/{locale}/approve")
            assert answer.status_code == 200, answer.text

    def bundle(self, ns: str, locale: str, **params: Any) -> requests.Response:
        """The bundle once built (a 202 is waited out)."""

        def built() -> requests.Response | None:
            answer = self.get(f"/namespaces/{ns}/bundles/{locale}", params=params)
            return None if answer.status_code == 202 else answer

        answer: requests.Response = wait_until(built, 30, f"bundle {ns}/{locale}")
        return answer
