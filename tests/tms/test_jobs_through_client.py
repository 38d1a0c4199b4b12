"""The vendor API end to end over real HTTP, driven only through ``tms.client``."""

from __future__ import annotations

import json

import pytest
import requests

from tests.tms.harness import SECRET, TOKEN, CallbackReceiver, ThreadStub, advance_clock
from tms.client import (
    GlossaryTerm,
    JobState,
    QuestionStatus,
    SourceString,
    TMSAuthError,
    TMSClient,
    TMSNotFound,
    TMSRejected,
    verify_callback_signature,
)
from tms.stub.placeholders import code_tokens


def _project(client: TMSClient, *locales: str, **options: object) -> str:
    return client.create_project("demo", "en", locales or ("fr", "ja", "ar"), **options).project_id  # type: ignore[arg-type]


def test_plural_strings_get_every_form_the_target_locale_needs(client: TMSClient) -> None:
    project = _project(client)
    files = SourceString(
        "files",
        plural={"one": "{count} file", "other": "{count} files"},
        context="file list footer",
    )
    icu = SourceString(
        "photos", text="{n, plural, one {# photo} other {# photos}}", context="album"
    )
    job = client.create_job(project, [files, icu], target_locales=["ja", "ar", "fr"])

    assert job.state is JobState.COMPLETED
    forms = {
        t.locale: t.plural
        for t in _all(client, project, job.job_id, "ja", "ar", "fr")
        if t.key == "files"
    }
    assert set(forms["ja"] or {}) == {"other"}
    assert set(forms["ar"] or {}) == {"zero", "one", "two", "few", "many", "other"}
    assert {"one", "other"} <= set(forms["fr"] or {})
    for locale_forms in forms.values():
        assert all("{count}" in text for text in (locale_forms or {}).values())
    ar_icu = next(
        t for t in client.iter_translations(project, job.job_id, "ar") if t.key == "photos"
    )
    for category in ("zero", "one", "two", "few", "many", "other"):
        assert f" {category} {{" in (ar_icu.text or "")


def _all(client: TMSClient, project: str, job_id: str, *locales: str) -> list:  # type: ignore[type-arg]
    return [t for locale in locales for t in client.iter_translations(project, job_id, locale)]


def test_glossary_translations_and_do_not_translate_terms_are_applied(client: TMSClient) -> None:
    project = _project(client, "fr", "de")
    client.upsert_glossary_term(project, GlossaryTerm("dashboard", {"fr": "tableau de bord"}))
    client.upsert_glossary_term(project, GlossaryTerm("Acme Cloud", do_not_translate=True))
    assert {t.term for t in client.list_glossary(project)} == {"dashboard", "Acme Cloud"}

    job = client.create_job(project, [SourceString("title", "Open the Acme Cloud dashboard")])
    fr = next(client.iter_translations(project, job.job_id, "fr")).text or ""
    de = next(client.iter_translations(project, job.job_id, "de")).text or ""
    assert "tableau de bord" in fr and "Acme Cloud" in fr
    assert "Acme Cloud" in de and "dashboard" not in de  # no German entry: pseudo-translated
    assert "Open" not in fr  # the rest is (pseudo-)translated


PLACEHOLDER_SOURCES = {
    "printf": "%s has %1$d of %2$s items, %@ and %lld left (100%%)",
    "python": "Hello %(name)s",
    "icu": "Hi {name}, you have {count, number} messages",
    "icu_select": "{gender, select, female {She replied} male {He replied} other {They replied}}",
    "i18next": "Welcome back, {{user}}! {{count}} new",
    "android": 'Call <xliff:g id="phone" example="555">%1$s</xliff:g> now',
    "html": 'Read the <a href="/terms">terms</a> and <b>accept</b>&nbsp;them<br/>',
}


def test_every_placeholder_syntax_is_preserved(client: TMSClient) -> None:
    project = _project(client, "fr", "ja", "ar")
    strings = [SourceString(key, text, context="test") for key, text in PLACEHOLDER_SOURCES.items()]
    strings.append(SourceString("custom", "Dear $user$", context="t", placeholders=("$user$",)))
    job = client.create_job(project, strings)
    for translation in _all(client, project, job.job_id, "fr", "ja", "ar"):
        if translation.key == "custom":
            assert "$user$" in (translation.text or "")
            continue
        source = PLACEHOLDER_SOURCES[translation.key]
        assert translation.text != source
        assert code_tokens(translation.text or "") == code_tokens(source), translation


def test_max_length_is_honoured_when_the_text_allows(client: TMSClient) -> None:
    project = _project(client, "fr")
    job = client.create_job(project, [SourceString("ok", "Save", max_length=4)])
    text = next(client.iter_translations(project, job.job_id, "fr")).text or ""
    assert len(text) <= 4 and text != "Save"


def test_a_question_raised_by_rule_is_answered_and_resolved(
    client: TMSClient, receiver: CallbackReceiver
) -> None:
    project = _project(client, "fr", question_rules=["missing_context"])
    job = client.create_job(
        project,
        [SourceString("with", "Close", context="dialog button"), SourceString("bare", "Post")],
        callback_url=receiver.url,
    )
    assert job.status.open_questions == 1
    (question,) = client.list_questions(project, job.job_id, QuestionStatus.OPEN)
    assert question.key == "bare"

    answered = client.answer_question(
        project, job.job_id, question.question_id, "A verb: publish a message."
    )
    assert answered.status is QuestionStatus.ANSWERED
    assert client.list_questions(project, job.job_id, QuestionStatus.OPEN) == []
    resolved = client.resolve_question(project, job.job_id, question.question_id)
    assert resolved.status is QuestionStatus.RESOLVED
    assert resolved.answer == "A verb: publish a message."
    with pytest.raises(TMSRejected) as refused:
        client.answer_question(project, job.job_id, question.question_id, "changed my mind")
    assert refused.value.code == "question_resolved"
    receiver.wait_for(
        lambda ds: {_event(d) for d in ds} >= {"question.created", "question.resolved"}
    )


def _event(delivery: object) -> str:
    event: str = json.loads(delivery.body)["event"]  # type: ignore[attr-defined]
    return event


def test_callbacks_are_signed_and_retried_until_received(
    client: TMSClient, receiver: CallbackReceiver
) -> None:
    receiver.failures.extend([500, 503])  # the receiver is down for the first two attempts
    project = _project(client, "fr")
    job = client.create_job(project, [SourceString("a", "Hello")], callback_url=receiver.url)
    receiver.wait_for(lambda ds: "job.completed" in {_event(d) for d in ds})

    for delivery in receiver.deliveries:
        header = delivery.headers["X-Tms-Signature"]
        assert verify_callback_signature(SECRET, delivery.body, header)
        assert not verify_callback_signature("other-secret", delivery.body, header)
        assert json.loads(delivery.body)["jobId"] == job.job_id
    events = [_event(d) for d in receiver.deliveries]
    assert events.count("job.completed") == 1 and events.count("job.in_progress") == 1
    ids = [d.headers["X-Tms-Delivery"] for d in receiver.deliveries]
    assert len(set(ids)) == len(ids)


def test_translations_are_paginated_in_a_stable_order(client: TMSClient) -> None:
    project = _project(client, "fr")
    strings = [SourceString(f"key{i}", f"Text number {i}") for i in range(7)]
    job = client.create_job(project, strings)
    first = client.translations_page(project, job.job_id, "fr", limit=3)
    assert len(first.items) == 3 and first.next_cursor
    keys = [t.key for t in client.iter_translations(project, job.job_id, "fr", page_size=3)]
    assert keys == [f"key{i}" for i in range(7)]


def test_delayed_turnaround_reports_progress_per_locale(
    client: TMSClient, stub: ThreadStub
) -> None:
    project = _project(client, "fr", "ja", turnaround="delay", seconds_per_string=60)
    job = client.create_job(project, [SourceString(f"k{i}", f"Line {i}") for i in range(3)])

    def progress() -> tuple[JobState, list[tuple[str, int, int]]]:
        read = client.get_job(project, job.job_id)  # reading a job brings it up to the clock
        return read.state, [(p.locale, p.completed, p.total) for p in read.status.progress]

    assert progress() == (JobState.IN_PROGRESS, [("fr", 0, 3), ("ja", 0, 3)])
    advance_clock(stub.url, 120)  # two units: the first string in both locales
    assert progress() == (JobState.IN_PROGRESS, [("fr", 1, 3), ("ja", 1, 3)])
    advance_clock(stub.url, 240)
    assert progress() == (JobState.COMPLETED, [("fr", 3, 3), ("ja", 3, 3)])


def test_a_manual_job_waits_and_can_be_cancelled(client: TMSClient, stub: ThreadStub) -> None:
    project = _project(client, "fr", turnaround="manual")
    job = client.create_job(project, [SourceString("a", "Hello")])
    advance_clock(stub.url, 3600)  # an hour later, nothing happened without the operator
    assert client.get_job(project, job.job_id).state is JobState.QUEUED
    assert list(client.iter_translations(project, job.job_id, "fr")) == []
    assert client.cancel_job(project, job.job_id).state is JobState.CANCELLED
    assert client.cancel_job(project, job.job_id).state is JobState.CANCELLED  # idempotent
    stub.runtime.advance(project, job.job_id, force_complete=True)
    assert client.get_job(project, job.job_id).state is JobState.CANCELLED


def test_style_guides_round_trip(client: TMSClient) -> None:
    project = _project(client, "fr")
    with pytest.raises(TMSNotFound):
        client.get_style_guide(project, "fr")
    client.put_style_guide(project, "fr", "Vouvoiement. No exclamation marks.")
    assert client.get_style_guide(project, "fr").text == "Vouvoiement. No exclamation marks."


def test_vendor_errors_become_typed_exceptions(client: TMSClient, stub: ThreadStub) -> None:
    project = _project(client, "fr")
    with pytest.raises(TMSNotFound):
        client.get_job(project, "job_missing")
    with pytest.raises(TMSRejected) as rejected:
        client.create_job(project, [SourceString("a", "Hi")], target_locales=["de"])
    assert rejected.value.status == 422 and "de" in rejected.value.message
    with pytest.raises(TMSAuthError), TMSClient(stub.url, "wrong-token") as intruder:
        intruder.list_projects()


def test_a_large_job_comes_back_whole_in_pages_of_the_documented_maximum(
    client: TMSClient,
) -> None:
    """2,000 text strings (no plural in the job: the plural column is left empty), in pages
    of 500: every translation once, in order, with its key, file and placeholders kept."""
    project = _project(client, "fr", "de")
    strings = [
        SourceString(f"k{i}", f"Message {i} for %s", file=f"res/{i % 3}.xml", placeholders=("%s",))
        for i in range(2000)
    ]
    job = client.create_job(project, strings)
    assert job.state is JobState.COMPLETED and job.string_count == 2000
    for locale in ("fr", "de"):
        got = list(client.iter_translations(project, job.job_id, locale, page_size=500))
        assert [t.key for t in got] == [f"k{i}" for i in range(2000)]
        assert {t.file for t in got} == {"res/0.xml", "res/1.xml", "res/2.xml"}
        assert all(t.plural is None and t.origin == "pseudo" for t in got)
        assert all((t.text or "").startswith(f"[{locale}] ") for t in got)
        assert all(code_tokens(t.text or "") == ["%s"] for t in got)


def test_an_operator_question_must_name_a_string_of_the_job(
    client: TMSClient, stub: ThreadStub
) -> None:
    project = _project(client, "fr")
    job = client.create_job(project, [SourceString("save", "Save"), SourceString("open", "Open")])
    url = f"{stub.url}/api/v1/operator/projects/{project}/jobs/{job.job_id}/questions"
    auth = {"Authorization": f"Bearer {TOKEN}"}
    asked = requests.post(url, json={"text": "Which file?", "key": "open"}, headers=auth, timeout=5)
    assert asked.status_code == 201, asked.text
    refused = requests.post(
        url, json={"text": "Which file?", "key": "close"}, headers=auth, timeout=5
    )
    assert refused.status_code == 422
    assert refused.json()["error"]["message"] == "the job has no string 'close'"
    (question,) = client.list_questions(project, job.job_id)
    assert question.key == "open"
