"""HMAC-SHA256 signatures of callback bodies: the stub signs, the platform verifies.

>>> header = sign_body(b"secret", b'{"event": "job.completed"}')
>>> header.startswith("sha256=")
True
>>> verify_callback_signature(b"secret", b'{"event": "job.completed"}', header)
True
>>> verify_callback_signature(b"secret", b'{"event": "job.cancelled"}', header)
False
"""

from __future__ import annotations

import hashlib
import hmac

__all__ = ["SIGNATURE_HEADER", "sign_body", "verify_callback_signature"]

SIGNATURE_HEADER = "X-TMS-Signature"
_PREFIX = "sha256="


def _as_bytes(value: str | bytes) -> bytes:
    return value.encode("utf-8") if isinstance(value, str) else value


def sign_body(secret: str | bytes, body: bytes) -> str:
    """The signature header value for ``body``: ``sha256=<hex digest>``."""
    digest = hmac.new(_as_bytes(secret), body, hashlib.sha256).hexdigest()
    return _PREFIX + digest


def verify_callback_signature(secret: str | bytes, body: bytes, header: str | None) -> bool:
    """True when ``header`` is the signature of the raw ``body`` (compared in constant time)."""
    if not header or not secret or not header.startswith(_PREFIX):
        return False
    expected = sign_body(secret, body)
    return hmac.compare_digest(expected.encode("ascii"), header.strip().encode("ascii", "replace"))
