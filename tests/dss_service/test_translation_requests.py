"""Translation requests end to end through the service, a Celery worker and the vendor stub."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
import requests

from tests.dss_service.conftest import Service
from tests.dss_service.harness import wait_until
from tests.tms.harness import SECRET, TOKEN
from tms.client import TMSClient
from tms.signing import sign_body


def _vendor(dss: Service, method: str, path: str, body: Any = None) -> requests.Response:
    answer = requests.request(
        method,
        f"{dss.stub_url}/api/v1{path}",
        json=body,
        headers={"Authorization": f"Bearer {TOKEN}"},
        timeout=10,
    )
    assert answer.status_code < 300, answer.text
    return answer


@pytest.fixture
def faults(dss: Service) -> Iterator[None]:
    """Faults set by the test are switched off afterwards."""
    yield
    _vendor(dss, "PUT", "/operator/faults", {"settings": {}})


def _completed(dss: Service, location: str) -> dict[str, Any]:
    def done() -> dict[str, Any] | None:
        body: dict[str, Any] = dss.editor.get(location).json()
        return body if body["state"] in ("completed", "failed") else None

    result: dict[str, Any] = wait_until(done, 60, f"{location} to finish")
    return result


def test_request_for_a_whole_namespace(dss: Service) -> None:
    api = dss.editor
    dss.admin.namespace("tr", ["fr", "de"])
    api.string("tr", "greet", text="Hello {name}", description="home page greeting")
    api.string("tr", "files", plural={"one": "{count} file", "other": "{count} files"})
    answer = api.post("/namespaces/tr/translation-requests", json={"locales": ["fr"]})
    assert answer.status_code == 202
    body = answer.json()
    assert body["state"] == "pending" and body["keys"] is None
    assert body["locales"]["fr"]["counts"]["requested"] == 2
    assert answer.headers["Location"] == f"/api/v1/namespaces/tr/translation-requests/{body['id']}"

    result = _completed(dss, f"/namespaces/tr/translation-requests/{body['id']}")
    assert result["state"] == "completed" and result["vendor_job_id"]
    assert result["locales"]["fr"]["counts"]["translated"] == 2
    assert result["locales"]["fr"]["done"] is True

    greet = api.get("/namespaces/tr/strings/greet").json()["translations"]
    assert set(greet) == {"fr"}
    assert greet["fr"]["state"] == "translated" and greet["fr"]["text"].startswith("[fr] ")
    assert "{name}" in greet["fr"]["text"]
    files = api.get("/namespaces/tr/strings/files").json()["translations"]["fr"]["plural"]
    assert set(files) == {"one", "many", "other"}  # French per CLDR
    bundle = api.bundle("tr", "fr").json()["strings"]
    assert bundle["greet"] == greet["fr"]["text"]
    progress = api.get("/namespaces/tr/progress").json()["locales"]
    assert progress["fr"]["translated"] == 2 and progress["de"]["missing"] == 2

    job = _vendor(dss, "GET", f"/projects/dss/jobs/{result['vendor_job_id']}").json()
    assert job["stringCount"] == 2 and job["targetLocales"] == ["fr"]


def test_translations_breaking_placeholders_are_rejected_and_never_served(
    dss: Service, faults: None
) -> None:
    api = dss.editor
    dss.admin.namespace("careless", ["de"])
    api.string("careless", "greet", text="Hello {name}")
    _vendor(dss, "PUT", "/operator/faults", {"settings": {"careless_rate": 1.0}})
    answer = api.post("/namespaces/careless/translation-requests", json={"keys": ["greet"]})
    result = _completed(dss, answer.headers["Location"].removeprefix("/api/v1"))
    assert result["locales"]["de"]["counts"]["rejected"] == 1
    row = api.get("/namespaces/careless/strings/greet").json()["translations"]["de"]
    assert row["state"] == "rejected"
    assert row["problems"] == [{"code": "placeholders", "message": "missing placeholders: {name}"}]
    assert api.bundle("careless", "de").json()["strings"] == {"greet": "Hello {name}"}
    approve = api.post("/namespaces/careless/strings/greet/translations/de/approve")
    assert approve.status_code == 409


def test_polling_covers_lost_callbacks(dss: Service, faults: None) -> None:
    api = dss.editor
    dss.admin.namespace("polled", ["it"])
    api.string("polled", "a", text="One")
    api.string("polled", "b", text="Two")
    first = api.post("/namespaces/polled/translation-requests", json={"keys": ["a"]})
    _completed(dss, first.headers["Location"].removeprefix("/api/v1"))  # the project exists now
    with TMSClient(dss.stub_url, TOKEN) as vendor:
        vendor.update_project("dss", {"turnaround": {"mode": "delay", "secondsPerString": 0.5}})
    _vendor(dss, "PUT", "/operator/faults", {"settings": {"drop_callback_rate": 1.0}})
    try:
        answer = api.post("/namespaces/polled/translation-requests", json={"keys": ["b"]})
        location = answer.headers["Location"].removeprefix("/api/v1")
        in_flight = wait_until(
            lambda: api.get(location).json()["state"] == "submitted", 30, "submission"
        )
        assert in_flight
        result = _completed(dss, location)
    finally:
        with TMSClient(dss.stub_url, TOKEN) as vendor:
            vendor.update_project("dss", {"turnaround": {"mode": "instant"}})
    assert result["state"] == "completed"
    assert result["locales"]["it"]["counts"]["translated"] == 1
    sent = _vendor(dss, "GET", f"/operator/callbacks?jobId={result['vendor_job_id']}").json()
    assert sent["items"] and {item["status"] for item in sent["items"]} == {"dropped"}


def _post_callback(dss: Service, body: bytes, signature: str, delivery: str) -> requests.Response:
    return requests.post(
        f"{dss.url}/tms/callback",
        data=body,
        headers={
            "X-TMS-Signature": signature,
            "X-TMS-Delivery": delivery,
            "X-TMS-Event": "job.completed",
        },
        timeout=10,
    )


def test_callbacks_are_verified_and_handled_once(dss: Service) -> None:
    dss.admin.namespace("cb", ["fr"])
    dss.editor.string("cb", "a", text="A")
    answer = dss.editor.post("/namespaces/cb/translation-requests", json={})
    result = _completed(dss, answer.headers["Location"].removeprefix("/api/v1"))
    body = json.dumps({"event": "job.completed", "jobId": result["vendor_job_id"]}).encode()

    forged = _post_callback(dss, body, sign_body("wrong-secret", body), "d-1")
    assert forged.status_code == 401
    assert forged.json()["detail"] == "the X-TMS-Signature header does not sign this body"
    first = _post_callback(dss, body, sign_body(SECRET, body), "d-1")
    assert first.status_code == 202 and first.json() == {"detail": "delivery d-1 accepted"}
    again = _post_callback(dss, body, sign_body(SECRET, body), "d-1")
    assert again.status_code == 200
    assert again.json() == {"detail": "delivery d-1 was already handled"}
    other = json.dumps({"event": "job.completed", "jobId": "job-unknown"}).encode()
    unknown = _post_callback(dss, other, sign_body(SECRET, other), "d-2")
    assert unknown.status_code == 202
    assert unknown.json() == {"detail": "no translation request for job job-unknown"}
