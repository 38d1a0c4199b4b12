"""Callback signatures: HMAC-SHA256 over the raw body, checked in constant time."""

from __future__ import annotations

import pytest

from tms.signing import sign_body, verify_callback_signature

BODY = b'{"event":"job.completed","jobId":"job_1"}'


# Fixed vectors, not recomputed the way the code computes them: GitHub's documented webhook
# example (docs.github.com, "Validating webhook deliveries") uses the same HMAC-SHA256 scheme.
GITHUB_DOCS_VECTOR = (
    "It's a Secret to Everybody",
    b"Hello, World!",
    "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17",
)


def test_signature_matches_a_published_vector() -> None:
    secret, body, header = GITHUB_DOCS_VECTOR
    assert sign_body(secret, body) == header
    assert verify_callback_signature(secret, body, header)


def test_signature_of_a_callback_body_is_fixed() -> None:
    # computed once with `openssl dgst -sha256 -hmac s3cret`
    assert sign_body("s3cret", BODY) == (
        "sha256=7af9defac4fcdd8d2be5331620fa343648629f57568357235954444f970f0c8f"
    )


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
