"""``tms.client`` on its own: no service imports, the protocol, retry parsing, connection errors."""

from __future__ import annotations

import random
import subprocess
import sys
from datetime import UTC, datetime

import pytest

from tests.tms.harness import REPO, RecordedSleep, free_port
from tms._client_retry import RetryPolicy, parse_retry_after
from tms.client import SourceString, TMSClient, TMSUnavailable, TranslationVendor


def test_the_client_imports_no_flask_sqlalchemy_or_platform_service() -> None:
    code = (
        "import sys, tms.client, tms.signing; "
        "bad = [m for m in ('flask', 'sqlalchemy', 'tms.stub', 'sts_bot', 'dss_service') "
        "if m in sys.modules]; print(bad)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    assert out.stdout.strip() == "[]"


def test_the_http_client_implements_the_vendor_protocol() -> None:
    with TMSClient("http://127.0.0.1:9", "t") as client:
        assert isinstance(client, TranslationVendor)


def test_retry_after_as_an_http_date() -> None:
    now = datetime(2026, 1, 1, 12, 0, 0, tzinfo=UTC)
    assert parse_retry_after("Thu, 01 Jan 2026 12:00:30 GMT", now) == 30.0
    assert parse_retry_after("Thu, 01 Jan 2026 11:00:00 GMT", now) == 0.0
    assert parse_retry_after(None) is None


def test_backoff_has_jitter_within_the_doubling_ceiling() -> None:
    policy = RetryPolicy(backoff_base=1.0, backoff_max=8.0)
    rng = random.Random(1)
    waits = [policy.backoff(retry, rng) for retry in range(6) for _ in range(20)]
    for index, wait in enumerate(waits):
        ceiling = policy.ceiling(index // 20)
        assert ceiling / 2 <= wait <= ceiling
    assert len({round(w, 6) for w in waits[:20]}) > 1


def test_a_string_needs_text_or_plural_forms() -> None:
    with pytest.raises(ValueError, match=r"^string 'a' needs either a text or plural forms$"):
        SourceString("a")
    with pytest.raises(ValueError, match=r"^string 'a' needs either a text or plural forms$"):
        SourceString("a", text="x", plural={"other": "x"})
    assert SourceString("a", plural={"other": "x"}, max_length=5).to_json()["maxLength"] == 5


def test_an_unreachable_vendor_is_unavailable_after_the_retries() -> None:
    sleeps = RecordedSleep()
    client = TMSClient(
        f"http://127.0.0.1:{free_port()}", "t", max_retries=2, sleep=sleeps, timeout=1
    )
    with client, pytest.raises(TMSUnavailable):
        client.get_job("p", "j")
    assert len(sleeps.waits) == 2


def test_the_public_names_are_pinned() -> None:
    import tms.client

    assert set(tms.client.__all__) == {
        "SIGNATURE_HEADER",
        "GlossaryTerm",
        "Job",
        "JobState",
        "JobStatus",
        "LocaleProgress",
        "Project",
        "Question",
        "QuestionStatus",
        "RetryPolicy",
        "SourceString",
        "StyleGuide",
        "TMSAuthError",
        "TMSBadResponse",
        "TMSClient",
        "TMSError",
        "TMSNotFound",
        "TMSRateLimited",
        "TMSRejected",
        "TMSUnavailable",
        "Translation",
        "TranslationPage",
        "TranslationVendor",
        "verify_callback_signature",
    }
    assert all(hasattr(tms.client, name) for name in tms.client.__all__)
