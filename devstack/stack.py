"""Start and stop the platform's processes and register the bot as an app in the sandbox."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from sandbox.client import SandboxClient, SandboxError

REPO_ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
WEBHOOK_SECRET = "devstack-webhook-secret"
CALLBACK_SECRET = "devstack-callback-secret"
TMS_TOKEN = "devstack-token"
PORT_VARIABLES = {
    "sts_web": "STS_PORT",
    "dss_web": "DSS_PORT",
    "tms_stub": "TMS_STUB_PORT",
    "sandbox_github": "SANDBOX_PORT",
}
APP_PERMISSIONS = {
    "contents": "write",
    "pull_requests": "write",
    "issues": "write",
    "checks": "write",
    "metadata": "read",
}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@dataclass(frozen=True)
class AppCredentials:
    app_id: int
    slug: str
    bot_login: str
    private_key_path: Path


@dataclass
class ProcessHandle:
    name: str
    popen: subprocess.Popen[bytes]
    log: IO[bytes]

    def alive(self) -> bool:
        return self.popen.poll() is None


@dataclass
class Stack:
    """The platform's processes under one ``VAR_DIR``, on loopback ports."""

    var_dir: Path
    ports: dict[str, int] = field(default_factory=dict)
    extra_env: dict[str, str] = field(default_factory=dict)
    processes: dict[str, ProcessHandle] = field(default_factory=dict)
    app: AppCredentials | None = None

    @classmethod
    def on_free_ports(cls, var_dir: Path, extra_env: Mapping[str, str] | None = None) -> Stack:
        ports = {name: free_port() for name in PORT_VARIABLES}
        return cls(var_dir.resolve(), ports, dict(extra_env or {}))

    @classmethod
    def on_default_ports(cls, var_dir: Path, extra_env: Mapping[str, str] | None = None) -> Stack:
        ports = {"sts_web": 8001, "dss_web": 8002, "tms_stub": 8003, "sandbox_github": 8004}
        return cls(var_dir.resolve(), ports, dict(extra_env or {}))

    # -- where things are

    def url(self, name: str) -> str:
        return f"http://127.0.0.1:{self.ports[name]}"

    @property
    def sandbox(self) -> SandboxClient:
        return SandboxClient(self.url("sandbox_github"))

    @property
    def env(self) -> dict[str, str]:
        env = {
            **os.environ,
            "PATH": f"{BIN}:{os.environ.get('PATH', '')}",
            "PYTHONUNBUFFERED": "1",
            "VAR_DIR": str(self.var_dir),
            "STS_GITHUB_API_URL": f"{self.url('sandbox_github')}/api/v3",
            "STS_WEBHOOK_SECRET": WEBHOOK_SECRET,
            "STS_GITHUB_THROTTLE_SECONDS": "0",
            "STS_TMS_URL": self.url("tms_stub"),
            "STS_TMS_TOKEN": TMS_TOKEN,
            "STS_TMS_CALLBACK_SECRET": CALLBACK_SECRET,
            "STS_PUBLIC_URL": self.url("sts_web"),
            "DSS_TMS_URL": self.url("tms_stub"),
            "DSS_TMS_TOKEN": TMS_TOKEN,
            "DSS_TMS_CALLBACK_SECRET": CALLBACK_SECRET,
            "DSS_PUBLIC_URL": self.url("dss_web"),
            "TMS_STUB_TOKENS": TMS_TOKEN,
            "TMS_STUB_CALLBACK_SECRET": CALLBACK_SECRET,
            "WEB_WORKERS": "2",
        }
        for name, variable in PORT_VARIABLES.items():
            if name in self.ports:
                env[variable] = str(self.ports[name])
        if self.app is not None:
            env["STS_GITHUB_APP_ID"] = str(self.app.app_id)
            env["STS_GITHUB_PRIVATE_KEY_PATH"] = str(self.app.private_key_path)
        env.update(self.extra_env)
        return env

    # -- processes

    def migrate(self) -> None:
        subprocess.run(
            [str(BIN / "alembic"), "upgrade", "head"],
            cwd=REPO_ROOT,
            env=self.env,
            check=True,
            capture_output=True,
            timeout=120,
        )

    def start(self, *names: str, timeout: float = 60.0) -> None:
        """Start Procfile processes by name and wait until each is healthy."""
        self.var_dir.mkdir(parents=True, exist_ok=True)
        for name in names:
            log = (self.var_dir / f"{name}.log").open("ab")
            popen = subprocess.Popen(
                [str(BIN / "honcho"), "start", "-f", str(REPO_ROOT / "Procfile"), name],
                cwd=REPO_ROOT,
                env=self.env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
            self.processes[name] = ProcessHandle(name, popen, log)
        deadline = time.monotonic() + timeout
        for name in names:
            self._wait_healthy(name, deadline)

    def stop(self, *names: str, kill: bool = False) -> None:
        """Stop processes (all when no name is given): SIGTERM, or SIGKILL as a crash."""
        for name in names or tuple(self.processes):
            handle = self.processes.pop(name, None)
            if handle is None:
                continue
            if handle.alive():
                if kill:  # a crash: honcho's processes run in sessions of their own
                    for descendant in _descendants(handle.popen.pid):
                        with contextlib.suppress(ProcessLookupError):
                            os.kill(descendant, signal.SIGKILL)
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(handle.popen.pid, signal.SIGKILL if kill else signal.SIGTERM)
                try:
                    handle.popen.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    os.killpg(handle.popen.pid, signal.SIGKILL)
                    handle.popen.wait(timeout=10)
            handle.log.close()

    def log_tail(self, name: str, size: int = 4000) -> str:
        path = self.var_dir / f"{name}.log"
        return path.read_text(errors="replace")[-size:] if path.exists() else ""

    def _wait_healthy(self, name: str, deadline: float) -> None:
        handle = self.processes[name]
        while time.monotonic() < deadline:
            if not handle.alive():
                raise RuntimeError(f"{name} exited:\n{self.log_tail(name)}")
            if self._healthy(name):
                return
            time.sleep(0.2)
        raise RuntimeError(f"{name} not healthy in time:\n{self.log_tail(name)}")

    def _healthy(self, name: str) -> bool:
        if name in self.ports:
            try:
                with urllib.request.urlopen(self.url(name) + "/healthz", timeout=2) as answer:
                    return bool(answer.status == 200)
            except (OSError, urllib.error.URLError):
                return False
        if name.endswith("_worker"):
            return "ready." in self.log_tail(name, 20_000)
        return True

    # -- the GitHub App in the sandbox

    def register_app(self, owner: str = "acme") -> AppCredentials:
        """Create the bot's app in the sandbox, with its webhook pointing at sts_web."""
        sandbox = self.sandbox
        _ensure_user(sandbox, owner, "Organization")
        registration = sandbox.create_app(
            "Translation Bot",
            owner,
            webhook_url=f"{self.url('sts_web')}/webhook",
            webhook_secret=WEBHOOK_SECRET,
            permissions=APP_PERMISSIONS,
            events=["issue_comment", "pull_request", "check_run", "check_suite", "push"],
        )
        key_path = self.var_dir / "sts-app.pem"
        key_path.write_text(registration.private_key, encoding="ascii")
        key_path.chmod(0o600)
        self.app = AppCredentials(
            registration.id, registration.slug, registration.bot_login, key_path
        )
        return self.app

    def start_bot(self) -> AppCredentials:
        """Migrate, start the sandbox and the stub, register the app, start the bot."""
        self.migrate()
        self.start("sandbox_github", "tms_stub")
        app = self.register_app("acme")
        self.start("sts_web", "sts_worker")
        return app

    def bot_rest_calls(self, *, checks: bool | None = None) -> int:
        """GitHub REST calls the bot has made so far (as its app and installations; git apart).

        ``checks=False`` leaves out check-run calls (the `Translations` check), ``True``
        counts only those, ``None`` counts everything.
        """
        counters = self.sandbox.counters()
        return sum(
            count
            for actor, routes in counters["actors"].items()
            if actor.startswith(("installation:", "app:"))
            for route, count in routes.items()
            if not route.startswith("git ")
            and (checks is None or ("check-runs" in route) == checks)
        )

    def __enter__(self) -> Stack:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.stop()


def _descendants(pid: int) -> list[int]:
    """Every process below ``pid``, children first (from /proc)."""
    parents: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        fields = stat[stat.rfind(")") + 2 :].split()
        if len(fields) > 1:
            parents.setdefault(int(fields[1]), []).append(int(entry.name))
    found: list[int] = []
    pending = list(parents.get(pid, []))
    while pending:
        child = pending.pop(0)
        found.append(child)
        pending += parents.get(child, [])
    return found


def _ensure_user(sandbox: SandboxClient, login: str, kind: str = "User") -> dict[str, Any]:
    try:
        return sandbox.create_user(login, kind)
    except SandboxError as error:
        if "taken" not in str(error):
            raise
        return {"login": login}


def pretty(data: object) -> str:
    return json.dumps(data, indent=2, sort_keys=True)
