"""Injected faults: the client recovers within its retry budget, and says so when it cannot."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import requests

from tests.tms.harness import (
    TOKEN,
    CallbackReceiver,
    RecordedSleep,
    ServerThread,
    ThreadStub,
    with_faults,
)
from tms.client import (
    JobState,
    SourceString,
    TMSClient,
    TMSRateLimited,
    TMSRejected,
    TMSUnavailable,
)
from tms.stub import create_app
from tms.stub.faults import PlannedFault
from tms.stub.placeholders import code_tokens
from tms.stub.runtime import StubRuntime
from tms.stub.settings import Settings


def test_recovers_from_5xx_and_429_within_the_retry_budget(
    client: TMSClient, stub: ThreadStub, sleeps: RecordedSleep
) -> None:
    project = client.create_project("demo", "en", ["fr"]).project_id
    stub.runtime.faults.plan(PlannedFault(503), PlannedFault(502), PlannedFault(429, 2))
    job = client.create_job(project, [SourceString("a", "Hello")])
    assert job.string_count == 1
    assert len(sleeps.waits) == 3
    assert sleeps.waits[2] == 2.0  # the Retry-After, honoured
    assert 0 < sleeps.waits[0] <= 0.5 and 0 < sleeps.waits[1] <= 1.0  # backoff with jitter


def test_gives_up_after_the_retry_budget(
    client: TMSClient, stub: ThreadStub, sleeps: RecordedSleep
) -> None:
    project = client.create_project("demo", "en", ["fr"]).project_id
    stub.runtime.faults.plan(*[PlannedFault(503)] * 4)
    with pytest.raises(TMSUnavailable) as failure:
        client.get_project(project)
    assert failure.value.status == 503 and len(sleeps.waits) == 3
    stub.runtime.faults.plan(*[PlannedFault(429, 1)] * 4)
    with pytest.raises(TMSRateLimited) as limited:
        client.get_project(project)
    assert limited.value.retry_after == 1.0
    assert client.get_project(project).project_id == project  # the faults are spent


def test_a_retry_after_longer_than_the_client_accepts_fails_at_once(
    stub: ThreadStub, sleeps: RecordedSleep
) -> None:
    with TMSClient(stub.url, TOKEN, max_retry_after=10, sleep=sleeps) as impatient:
        stub.runtime.faults.plan(PlannedFault(429, 3600))
        with pytest.raises(TMSRateLimited):
            impatient.list_projects()
    assert sleeps.waits == []


def test_job_creation_is_idempotent_when_the_reply_is_lost(
    client: TMSClient, stub: ThreadStub
) -> None:
    project = client.create_project("demo", "en", ["fr"]).project_id
    strings = [SourceString("a", "Hello")]
    # The stub creates the job, then the reply is lost twice: the client retries the POST.
    stub.runtime.faults.plan(
        PlannedFault(503, after_processing=True), PlannedFault(502, after_processing=True)
    )
    job = client.create_job(project, strings, idempotency_key="pr-42@abc123")
    assert [j.job_id for j in client.list_jobs(project)] == [job.job_id]

    again = client.create_job(project, strings, idempotency_key="pr-42@abc123")
    assert again.job_id == job.job_id
    with pytest.raises(TMSRejected) as reused:
        client.create_job(project, [SourceString("b", "Other")], idempotency_key="pr-42@abc123")
    assert reused.value.code == "idempotency_key_reused"
    assert len(client.list_jobs(project)) == 1


def test_rejections_are_not_retried(
    client: TMSClient, stub: ThreadStub, sleeps: RecordedSleep
) -> None:
    project = client.create_project("demo", "en", ["fr"]).project_id
    with pytest.raises(TMSRejected) as rejected:
        client.create_job(project, [SourceString("a", "x"), SourceString("a", "y")])
    assert rejected.value.code == "validation_failed" and "unique" in rejected.value.message
    assert sleeps.waits == []


@pytest.fixture
def faulty_stub(stub_settings: Settings, request: pytest.FixtureRequest) -> Iterator[ThreadStub]:
    app = create_app(with_faults(stub_settings, **request.param), start_worker=True)
    server = ServerThread(app)
    runtime: StubRuntime = app.extensions["tms_stub"]
    yield ThreadStub(server.url, runtime)
    server.stop()
    runtime.close()


@pytest.mark.parametrize("faulty_stub", [{"slow_rate": 1.0, "slow_seconds": 0.5}], indirect=True)
def test_slow_responses_time_out_into_unavailable(faulty_stub: ThreadStub) -> None:
    sleeps = RecordedSleep()
    client = TMSClient(faulty_stub.url, TOKEN, timeout=0.1, max_retries=1, sleep=sleeps)
    with client, pytest.raises(TMSUnavailable):
        client.list_projects()
    assert len(sleeps.waits) == 1


@pytest.mark.parametrize("faulty_stub", [{"error_rate": 0.3, "seed": 7}], indirect=True)
def test_random_5xx_rate_is_absorbed_by_retries(faulty_stub: ThreadStub) -> None:
    sleeps = RecordedSleep()
    with TMSClient(faulty_stub.url, TOKEN, max_retries=6, sleep=sleeps) as client:
        project = _create_project_retrying(client)
        for index in range(10):
            client.create_job(project, [SourceString(f"k{index}", "Hello")])
        assert len(client.list_jobs(project)) == 10
    assert sleeps.waits  # some requests did fail and were retried


def _create_project_retrying(client: TMSClient) -> str:
    # Project creation is not retried by the client (no idempotency key): retry it here with
    # a fixed id, which the stub refuses to create twice.
    for _ in range(10):
        try:
            return client.create_project("demo", "en", ["fr"], project_id="prj_fixed").project_id
        except TMSUnavailable:
            continue
        except TMSRejected:
            return "prj_fixed"
    raise AssertionError("could not create the project")


@pytest.mark.parametrize("faulty_stub", [{"careless_rate": 1.0}], indirect=True)
def test_a_careless_translator_breaks_placeholders(faulty_stub: ThreadStub) -> None:
    with TMSClient(faulty_stub.url, TOKEN) as client:
        project = client.create_project("demo", "en", ["fr"]).project_id
        source = "Hello {name}, you have %d messages"
        job = client.create_job(project, [SourceString("a", source)])
        (translation,) = client.iter_translations(project, job.job_id, "fr")
    assert code_tokens(translation.text or "") != code_tokens(source)


@pytest.mark.parametrize("faulty_stub", [{"drop_callback_rate": 1.0}], indirect=True)
def test_dropped_callbacks_leave_polling_as_the_way_to_learn(
    faulty_stub: ThreadStub, receiver: CallbackReceiver
) -> None:
    with TMSClient(faulty_stub.url, TOKEN) as client:
        project = client.create_project("demo", "en", ["fr"]).project_id
        job = client.create_job(project, [SourceString("a", "Hi")], callback_url=receiver.url)
        assert client.get_job(project, job.job_id).state is JobState.COMPLETED
    worker = faulty_stub.runtime.worker
    assert worker is not None
    worker.run_once()  # one delivery round, in this thread: every due callback is sent now
    outbox = requests.get(
        f"{faulty_stub.url}/api/v1/operator/callbacks",
        params={"jobId": job.job_id},
        headers={"Authorization": f"Bearer {TOKEN}"},
        timeout=10,
    ).json()["items"]
    assert sorted((c["event"], c["status"]) for c in outbox) == [
        ("job.completed", "dropped"),
        ("job.in_progress", "dropped"),
    ]
    assert receiver.deliveries == []
