"""The stub as a real process: restarts lose nothing, and the operator CLI acts as a translator."""

from __future__ import annotations

import json
import time

from sqlalchemy import select

from tests.tms.harness import SECRET, TOKEN, CallbackReceiver, Delivery, StubProcess
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


def test_a_restart_in_the_middle_of_a_job_loses_nothing(
    stub_process: StubProcess, receiver: CallbackReceiver
) -> None:
    stub_process.start()
    receiver.failures.extend([503] * 5)  # the first callback stays in the outbox for a while
    with TMSClient(stub_process.url, TOKEN, max_retries=8, backoff_base=0.1) as client:
        project = client.create_project(
            "demo", "en", ["fr", "ar"], turnaround="delay", seconds_per_string=0.3
        ).project_id
        strings = [SourceString(f"k{i}", f"Line {i} of {{total}}") for i in range(4)]
        job = client.create_job(
            project, strings, callback_url=receiver.url, idempotency_key="restart-test"
        )
        deadline = time.monotonic() + 10
        while sum(p.completed for p in client.get_job(project, job.job_id).status.progress) < 2:
            assert time.monotonic() < deadline
            time.sleep(0.05)
        before = {
            (t.key, t.locale): t.text
            for loc in ("fr", "ar")
            for t in client.iter_translations(project, job.job_id, loc)
        }

    assert stub_process.stop() == 0
    assert 2 <= len(before) < 8
    assert _pending_callbacks(stub_process) >= 1  # the restart has undelivered callbacks to keep
    stub_process.start()

    with TMSClient(stub_process.url, TOKEN, max_retries=8, backoff_base=0.1) as client:
        again = client.create_job(
            project, strings, callback_url=receiver.url, idempotency_key="restart-test"
        )
        assert again.job_id == job.job_id
        _wait_for_state(client, project, job.job_id, JobState.COMPLETED)
        after = {
            (t.key, t.locale): t.text
            for loc in ("fr", "ar")
            for t in client.iter_translations(project, job.job_id, loc)
        }
    assert len(after) == 8
    assert {k: after[k] for k in before} == before  # nothing done before the restart changed
    receiver.wait_for(lambda ds: len(ds) >= 2)
    assert sorted(_events(receiver.deliveries)) == ["job.completed", "job.in_progress"]
    for delivery in receiver.deliveries:
        assert verify_callback_signature(SECRET, delivery.body, delivery.headers["X-Tms-Signature"])


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
