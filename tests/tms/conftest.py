"""Fixtures: the stub as a real HTTP server (thread or process), a client, a callback receiver."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.tms.harness import (
    TEST_ENV,
    TOKEN,
    CallbackReceiver,
    RecordedSleep,
    ServerThread,
    StubProcess,
    ThreadStub,
    free_port,
)
from tms.client import TMSClient
from tms.stub import create_app
from tms.stub.runtime import StubRuntime
from tms.stub.settings import Settings


@pytest.fixture
def stub_settings(tmp_path: Path) -> Settings:
    return Settings.for_data_dir(tmp_path / "stub", TEST_ENV)


@pytest.fixture
def stub(stub_settings: Settings) -> Iterator[ThreadStub]:
    """The stub app under werkzeug's threaded server, with its background worker running."""
    app = create_app(stub_settings, start_worker=True)
    server = ServerThread(app)
    runtime: StubRuntime = app.extensions["tms_stub"]
    yield ThreadStub(server.url, runtime)
    server.stop()
    runtime.close()


@pytest.fixture
def sleeps() -> RecordedSleep:
    return RecordedSleep()


@pytest.fixture
def client(stub: ThreadStub, sleeps: RecordedSleep) -> Iterator[TMSClient]:
    """A client that records its back-off waits instead of sleeping them."""
    with TMSClient(stub.url, TOKEN, timeout=5, max_retries=3, sleep=sleeps) as tms:
        yield tms


@pytest.fixture
def receiver() -> Iterator[CallbackReceiver]:
    recorder = CallbackReceiver()
    server = ServerThread(recorder)
    recorder.url = server.url + "/tms/callback"
    yield recorder
    server.stop()


@pytest.fixture
def stub_process(tmp_path: Path) -> Iterator[StubProcess]:
    process = StubProcess(tmp_path / "stub-data", free_port())
    yield process
    if process.process is not None:
        process.stop()
