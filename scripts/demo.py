"""`make demo`: start every Procfile process with honcho, wait until all are healthy, then stop.

Until the translate-apply flow lands, the platform's main job on embedded defaults is to come
up healthy: four web processes answer ``/healthz`` with a reachable database and both Celery
workers answer a ping task through the SQLite broker. Exits non-zero if anything fails.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
BIN = REPO_ROOT / ".venv" / "bin"
WEB_PROCESSES = {
    "sts_web": ("STS_PORT", 8001),
    "dss_web": ("DSS_PORT", 8002),
    "tms_stub": ("TMS_STUB_PORT", 8003),
    "sandbox_github": ("SANDBOX_PORT", 8004),
}
WORKER_QUEUES = {
    "sts_worker": ("sts_bot.queue", "sts.ping"),
    "dss_worker": ("dss_service.queue", "dss.ping"),
}
STARTUP_TIMEOUT = 60.0


def health(url: str) -> dict[str, object] | None:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            body: dict[str, object] = json.load(response)
            return body if response.status == 200 else None
    except (OSError, ValueError):
        return None


def wait_for_web(env: dict[str, str], deadline: float) -> dict[str, dict[str, object]]:
    pending = {
        name: f"http://127.0.0.1:{env.get(var, port)}/healthz"
        for name, (var, port) in WEB_PROCESSES.items()
    }
    healthy: dict[str, dict[str, object]] = {}
    while pending and time.monotonic() < deadline:
        for name, url in list(pending.items()):
            body = health(url)
            if body is not None:
                healthy[name] = body
                del pending[name]
                print(f"  {name:<15} healthy  {url}  {json.dumps(body, sort_keys=True)}")
        time.sleep(0.3)
    if pending:
        raise SystemExit(f"demo: not healthy after {STARTUP_TIMEOUT:.0f}s: {', '.join(pending)}")
    return healthy


def ping_workers(env: dict[str, str], deadline: float) -> None:
    os.environ.update(env)
    import importlib

    for name, (module, task) in WORKER_QUEUES.items():
        celery = importlib.import_module(module).create_celery()
        started = time.monotonic()
        result = celery.send_task(task)
        answer = result.get(timeout=max(1.0, deadline - time.monotonic()))
        print(f"  {name:<15} healthy  {task} -> {answer!r} in {time.monotonic() - started:.2f}s")
        if answer != "pong":
            raise SystemExit(f"demo: {name} answered {answer!r}")


def stop(honcho: subprocess.Popen[bytes]) -> int:
    honcho.send_signal(signal.SIGTERM)
    try:
        return honcho.wait(timeout=30)
    except subprocess.TimeoutExpired:
        honcho.kill()
        honcho.wait()
        raise SystemExit("demo: processes did not stop within 30s") from None


def main() -> int:
    env = {**os.environ, "PATH": f"{BIN}:{os.environ.get('PATH', '')}", "PYTHONUNBUFFERED": "1"}
    env.setdefault("VAR_DIR", str(REPO_ROOT / "var"))
    Path(env["VAR_DIR"]).mkdir(parents=True, exist_ok=True)
    log_path = Path(env["VAR_DIR"]) / "demo-processes.log"
    print(f"demo: starting the Procfile's processes (log: {log_path})")
    with log_path.open("wb") as log:
        honcho = subprocess.Popen(
            [str(BIN / "honcho"), "start", "-f", str(REPO_ROOT / "Procfile")],
            cwd=REPO_ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        try:
            deadline = time.monotonic() + STARTUP_TIMEOUT
            wait_for_web(env, deadline)
            ping_workers(env, deadline)
        except BaseException:
            stop(honcho)
            print(log_path.read_text(errors="replace")[-4000:], file=sys.stderr)
            raise
        code = stop(honcho)
    if "sending SIGKILL" in log_path.read_text(errors="replace"):
        raise SystemExit("demo: a process ignored SIGTERM and had to be killed (see the log)")
    print(f"demo: every process was healthy; all stopped (honcho exit {code})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
