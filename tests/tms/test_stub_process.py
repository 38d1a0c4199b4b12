"""The stub as a real process: restarts lose nothing, and the operator CLI acts as a translator."""

from __future__ import annotations

import json
import time

import requests
from sqlalchemy import select

from tests.tms.harness import (
    SECRET,
    TOKEN,
    CallbackReceiver,
    Delivery,
    StubProcess,
    advance_clock,
)
from tms.client import (
    JobState,
    QuestionStatus,
    SourceString,
    TMSClient,
    verify_callback_signature,
)
from tms.stub.models import OutboxCallback
from tms.stub.runtime import StubRuntime
from tms.stub.settings import Settings


def _events(deliveries: list[Delivery]) -> list[str]:
    return [json.loads(d.body)["event"] for d in deliveries]


def _pending_callbacks(stub_process: StubProcess) -> int:
    runtime = StubRuntime.open(Settings.for_data_dir(stub_process.data, {}))
    try:
        with runtime.sessions() as session:
            return len(
                session.scalars(
                    select(OutboxCallback).where(OutboxCallback.status == "pending")
                ).all()
            )
    finally:
        runtime.close()


def _wait_for_state(client: TMSClient, project: str, job_id: str, state: JobState) -> None:
    deadline = time.monotonic() + 20
    while client.get_job(project, job_id).state is not state:
        assert time.monotonic() < deadline, f"job never reached {state}"
        time.sleep(0.1)


def _translations(client: TMSClient, project: str, job_id: str) -> dict[tuple[str, str], str]:
    return {
        (t.key, t.locale): t.text or ""
        for loc in ("fr", "ar")
        for t in client.iter_translations(project, job_id, loc)
    }


def test_a_restart_in_the_middle_of_a_job_loses_nothing(
    stub_process: StubProcess, receiver: CallbackReceiver
) -> None:
    # The first callback fails once and its retry is due only 300 s later (the stub's clock),
    # so the restart happens with it still in the outbox.
    stub_process.env = {"TMS_STUB_CALLBACK_BACKOFF": "300", "TMS_STUB_CALLBACK_BACKOFF_MAX": "300"}
    stub_process.start()
    receiver.failures.append(503)
    with TMSClient(stub_process.url, TOKEN, max_retries=8, backoff_base=0.1) as client:
        project = client.create_project(
            "demo", "en", ["fr", "ar"], turnaround="delay", seconds_per_string=60
        ).project_id
        strings = [SourceString(f"k{i}", f"Line {i} of {{total}}") for i in range(4)]
        job = client.create_job(
            project, strings, callback_url=receiver.url, idempotency_key="restart-test"
        )
        assert client.get_job(project, job.job_id).state is JobState.IN_PROGRESS
        advance_clock(stub_process.url, 120)  # two of the eight units are due
        progress = client.get_job(project, job.job_id).status.progress
        assert [(p.locale, p.completed) for p in progress] == [("fr", 1), ("ar", 1)]
        before = _translations(client, project, job.job_id)
        _wait_for_callback_attempts(client, stub_process, job.job_id, 1)

    assert stub_process.stop() == 0
    assert sorted(before) == [("k0", "ar"), ("k0", "fr")]
    assert _pending_callbacks(stub_process) == 1  # job.in_progress, waiting for its retry
    stub_process.env = {}
    stub_process.start()

    with TMSClient(stub_process.url, TOKEN, max_retries=8, backoff_base=0.1) as client:
        again = client.create_job(
            project, strings, callback_url=receiver.url, idempotency_key="restart-test"
        )
        assert again.job_id == job.job_id
        # The offset survived the restart; at 480 s every unit and the callback's retry are due.
        assert advance_clock(stub_process.url, 360)["offsetSeconds"] == 480
        _wait_for_state(client, project, job.job_id, JobState.COMPLETED)
        after = _translations(client, project, job.job_id)
    assert len(after) == 8
    assert {k: after[k] for k in before} == before  # nothing done before the restart changed
    receiver.wait_for(lambda ds: len(ds) >= 2)
    assert sorted(_events(receiver.deliveries)) == ["job.completed", "job.in_progress"]
    for delivery in receiver.deliveries:
        assert verify_callback_signature(SECRET, delivery.body, delivery.headers["X-Tms-Signature"])


def _wait_for_callback_attempts(
    client: TMSClient, stub_process: StubProcess, job_id: str, attempts: int
) -> None:
    deadline = time.monotonic() + 20
    while True:
        outbox = requests.get(
            f"{stub_process.url}/api/v1/operator/callbacks",
            params={"jobId": job_id},
            headers={"Authorization": f"Bearer {TOKEN}"},
            timeout=10,
        ).json()["items"]
        if [c["attempts"] for c in outbox] == [attempts]:
            return
        assert time.monotonic() < deadline, f"callback attempts never reached {attempts}: {outbox}"
        time.sleep(0.05)


def test_the_operator_cli_answers_for_the_translators(
    stub_process: StubProcess, receiver: CallbackReceiver
) -> None:
    stub_process.start()
    with TMSClient(stub_process.url, TOKEN) as client:
        project = client.create_project("demo", "en", ["ja"], turnaround="manual").project_id
        job = client.create_job(project, [SourceString("save", "Save")], callback_url=receiver.url)
        asked = stub_process.cli(
            "ask", project, job.job_id, "--key", "save", "--text", "Save a file, or save money?"
        )
        assert asked.returncode == 0, asked.stderr
        (question,) = client.list_questions(project, job.job_id, QuestionStatus.OPEN)
        assert question.key == "save" and question.raised_by == "operator"
        client.answer_question(project, job.job_id, question.question_id, "A file.")

        assert client.get_job(project, job.job_id).state is JobState.QUEUED
        done = stub_process.cli("complete-job", project, job.job_id)
        assert done.returncode == 0, done.stderr
        assert json.loads(done.stdout)["state"] == "completed"
        assert client.get_job(project, job.job_id).state is JobState.COMPLETED
        (translation,) = client.iter_translations(project, job.job_id, "ja")
        assert translation.text and translation.text.startswith("[ja]")
    receiver.wait_for(lambda ds: "job.completed" in _events(ds))
    assert "question.created" in _events(receiver.deliveries)
    missing = stub_process.cli("complete-job", project, "job_missing")
    assert missing.returncode == 1 and "not_found" in missing.stderr
