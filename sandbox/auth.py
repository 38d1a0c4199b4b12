"""Who is calling: RS256 app JWTs, installation tokens with an expiry, and personal tokens."""

from __future__ import annotations

import secrets
import threading
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from sqlalchemy import select
from sqlalchemy.orm import Session

from sandbox import clock
from sandbox.errors import ApiError
from sandbox.models import App, Installation, InstallationRepository, Repository, Token, User

LEVELS = {"none": 0, "read": 1, "write": 2, "admin": 3}
JWT_MAX_LIFETIME_SECONDS = 600
CLOCK_SKEW_SECONDS = 60


@dataclass(frozen=True)
class Principal:
    kind: str  # "app" | "installation" | "user" | "anonymous"
    label: str
    app_id: int | None = None
    installation_id: int | None = None
    user_id: int | None = None
    permissions: dict[str, str] = field(default_factory=dict)


ANONYMOUS = Principal("anonymous", "anonymous")


@dataclass(frozen=True)
class Grant:
    """Which repositories an installation covers: all of the account's, or the listed ones."""

    selection: str
    account_id: int
    repository_ids: frozenset[int]

    def covers(self, repo: Repository) -> bool:
        if self.selection == "all":
            return repo.owner_id == self.account_id
        return repo.id in self.repository_ids


class CredentialCache:
    """Principals by token and grants by installation, so hot paths skip the database.

    Entries end with their token; the admin endpoints clear everything when installations
    change.
    """

    def __init__(self) -> None:
        self._principals: dict[str, tuple[Principal, float]] = {}
        self._grants: dict[int, Grant] = {}
        self._lock = threading.Lock()

    def principal(self, credential: str, now: float) -> Principal | None:
        entry = self._principals.get(credential)
        if entry is None or entry[1] <= now:
            return None
        return entry[0]

    def remember(self, credential: str, who: Principal, expires_at: float) -> None:
        with self._lock:
            self._principals[credential] = (who, expires_at)

    def grant(self, session: Session, installation_id: int) -> Grant | None:
        grant = self._grants.get(installation_id)
        if grant is None:
            installation = session.get(Installation, installation_id)
            if installation is None:
                return None
            grant = Grant(
                installation.repository_selection,
                installation.account_id,
                frozenset(installation_repository_ids(session, installation)),
            )
            with self._lock:
                self._grants[installation_id] = grant
        return grant

    def clear(self) -> None:
        with self._lock:
            self._principals.clear()
            self._grants.clear()


def bad_credentials() -> ApiError:
    return ApiError(401, "Bad credentials")


def generate_key_pair() -> tuple[str, str]:
    """A fresh RSA key pair as PEM strings: (private, public)."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    private = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode()
    public = (
        key.public_key()
        .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
        .decode()
    )
    return private, public


def authenticate(
    session: Session,
    authorization: str | None,
    now: float | None = None,
    cache: CredentialCache | None = None,
) -> Principal:
    if not authorization:
        return ANONYMOUS
    scheme, _, credential = authorization.strip().partition(" ")
    if scheme.lower() not in ("token", "bearer") or not credential:
        raise bad_credentials()
    credential = credential.strip()
    now = clock.now() if now is None else now
    if credential.count(".") == 2:
        return _app_from_jwt(session, credential)
    cached = cache.principal(credential, now) if cache else None
    if cached is not None:
        return cached
    token = session.get(Token, credential)
    if token is not None:
        who = _installation_from_token(session, token, now)
        expires = token.expires_at.replace(tzinfo=UTC).timestamp()
    else:
        user = session.scalar(select(User).where(User.token == credential))
        if user is None:
            raise bad_credentials()
        who, expires = Principal("user", f"user:{user.login}", user_id=user.id), float("inf")
    if cache is not None:
        cache.remember(credential, who, expires)
    return who


def _app_from_jwt(session: Session, credential: str) -> Principal:
    try:
        claims = jwt.decode(credential, options={"verify_signature": False})
        app = session.get(App, int(claims["iss"]))
    except (jwt.PyJWTError, KeyError, TypeError, ValueError):
        raise ApiError(401, "A JSON web token could not be decoded") from None
    if app is None:
        raise ApiError(401, "Integration not found")
    # App JWTs are minted from the caller's own clock, so they are checked against the wall
    # clock; the sandbox's clock (tests advance it) governs what the sandbox issues and counts.
    try:
        claims = jwt.decode(
            credential,
            app.public_key_pem,
            algorithms=["RS256"],
            leeway=CLOCK_SKEW_SECONDS,
            options={"require": ["iat", "exp", "iss"], "verify_iat": True},
        )
    except jwt.ExpiredSignatureError:
        raise ApiError(
            401,
            "'Expiration time' claim ('exp') must be a numeric value "
            "representing the future time at which the assertion expires",
        ) from None
    except jwt.PyJWTError:
        raise ApiError(401, "A JSON web token could not be decoded") from None
    if int(claims["exp"]) > time.time() + JWT_MAX_LIFETIME_SECONDS + CLOCK_SKEW_SECONDS:
        raise ApiError(401, "'Expiration time' claim ('exp') is too far in the future")
    return Principal("app", f"app:{app.id}", app_id=app.id)


def _installation_from_token(session: Session, token: Token, now: float) -> Principal:
    if token.expires_at.replace(tzinfo=UTC).timestamp() <= now:
        raise bad_credentials()
    installation = session.get(Installation, token.installation_id)
    if installation is None:
        raise bad_credentials()
    return Principal(
        "installation",
        f"installation:{installation.id}",
        app_id=installation.app_id,
        installation_id=installation.id,
        permissions=dict(installation.permissions),
    )


def issue_installation_token(
    session: Session, installation: Installation, ttl_seconds: int, now: float | None = None
) -> Token:
    """A new token for ``installation`` that expires ``ttl_seconds`` after ``now`` (the clock)."""
    issued = datetime.fromtimestamp(clock.now() if now is None else now, UTC)
    expires = issued.replace(microsecond=0) + timedelta(seconds=ttl_seconds)
    token = Token(
        token="ghs_" + secrets.token_urlsafe(27),
        installation_id=installation.id,
        expires_at=expires.replace(tzinfo=None),
    )
    session.add(token)
    session.commit()
    return token


def installation_repository_ids(session: Session, installation: Installation) -> set[int]:
    if installation.repository_selection == "all":
        rows = session.scalars(
            select(Repository.id).where(Repository.owner_id == installation.account_id)
        )
    else:
        rows = session.scalars(
            select(InstallationRepository.repository_id).where(
                InstallationRepository.installation_id == installation.id
            )
        )
    return set(rows)


def installation_covers(session: Session, installation: Installation, repo: Repository) -> bool:
    if installation.repository_selection == "all":
        return repo.owner_id == installation.account_id
    row = session.get(InstallationRepository, (installation.id, repo.id))
    return row is not None


def enough(granted: str | None, needed: str) -> bool:
    """
    >>> enough("write", "read"), enough("read", "write"), enough(None, "read")
    (True, False, False)
    """
    return LEVELS.get(granted or "none", 0) >= LEVELS[needed]
