"""A Celery task round trip through a real worker process, on the SQLite broker and on Redis."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from sts_bot.queue import create_celery
from sts_bot.settings import Settings
from tests.conftest import REPO_ROOT, redis_url


def _brokers() -> list[object]:
    redis = redis_url()
    reason = "TEST_REDIS_URL is not set (.ci/run sets it after starting redis-server)"
    return [
        pytest.param(None, id="sqlite"),
        pytest.param(
            redis,
            id="redis",
            marks=[pytest.mark.redis, pytest.mark.skipif(not redis, reason=reason)],
        ),
    ]


@pytest.fixture(params=_brokers())
def worker_env(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[dict[str, str]]:
    env = {k: v for k, v in os.environ.items() if k not in {"BROKER_URL", "RESULT_BACKEND"}}
    env["VAR_DIR"] = str(tmp_path)
    if request.param:
        env["BROKER_URL"] = str(request.param)
    worker = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "sts_bot.worker",
            "worker",
            "--pool",
            "solo",
            "--loglevel",
            "WARNING",
            "--without-heartbeat",
            "--without-gossip",
            "--without-mingle",
        ],
        cwd=REPO_ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        yield env
    finally:
        worker.send_signal(signal.SIGTERM)
        try:
            output, _ = worker.communicate(timeout=20)
        except subprocess.TimeoutExpired:
            worker.kill()
            output, _ = worker.communicate()
        assert worker.returncode == 0, output.decode(errors="replace")


def test_task_round_trip_through_a_worker(worker_env: dict[str, str]) -> None:
    celery = create_celery(Settings.from_env(worker_env))
    result = celery.send_task("sts.ping")
    assert result.get(timeout=60) == "pong"
    assert result.successful()
