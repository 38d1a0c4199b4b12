"""Callback signatures: HMAC-SHA256 over the raw body, checked in constant time."""

from __future__ import annotations

import hashlib
import hmac

import pytest

from tms.signing import sign_body, verify_callback_signature

BODY = b'{"event":"job.completed","jobId":"job_1"}'


def test_signature_is_hmac_sha256_of_the_raw_body() -> None:
    expected = hmac.new(b"s3cret", BODY, hashlib.sha256).hexdigest()
    assert sign_body("s3cret", BODY) == f"sha256={expected}"


@pytest.mark.parametrize(
    ("secret", "body", "header"),
    [
        ("other", BODY, sign_body("s3cret", BODY)),
        ("s3cret", BODY + b" ", sign_body("s3cret", BODY)),
        ("s3cret", BODY, None),
        ("s3cret", BODY, ""),
        ("s3cret", BODY, sign_body("s3cret", BODY).removeprefix("sha256=")),
        ("s3cret", BODY, "sha1=" + sign_body("s3cret", BODY)[7:]),
        ("", BODY, sign_body("", BODY)),
        ("s3cret", BODY, "sha256=ünicode"),
    ],
)
def test_anything_but_the_exact_signature_is_refused(
    secret: str, body: bytes, header: str | None
) -> None:
    assert not verify_callback_signature(secret, body, header)


def test_bytes_and_text_secrets_agree() -> None:
    assert verify_callback_signature(b"s3cret", BODY, sign_body("s3cret", BODY))
