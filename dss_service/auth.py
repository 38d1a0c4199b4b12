"""Users and roles, hashed passwords and API tokens, and the role checks every action makes."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cache

from sqlalchemy import select
from sqlalchemy.orm import Session
from werkzeug.security import check_password_hash, generate_password_hash

from dss_service.errors import Conflict, Forbidden, InvalidInput, NotFound
from dss_service.models import ApiToken, User

ROLES = ("viewer", "editor", "admin")
_RANK = {role: rank for rank, role in enumerate(ROLES)}
MIN_PASSWORD_LENGTH = 8


@dataclass(frozen=True)
class Actor:
    """Who acts: a user (``name``) or a token (``token:<name>``), with a role."""

    name: str
    role: str

    def can(self, role: str) -> bool:
        return _RANK[self.role] >= _RANK[role]


SYSTEM = Actor("system", "admin")
VENDOR = Actor("vendor", "editor")


def require(actor: Actor, role: str) -> None:
    """Raise ``Forbidden`` unless ``actor`` has ``role`` or a higher one."""
    if not actor.can(role):
        raise Forbidden(f"{actor.name} has role {actor.role}; this needs {role} or higher")


def check_role(role: str) -> str:
    if role not in ROLES:
        raise InvalidInput(f"role must be one of {', '.join(ROLES)}, got {role!r}")
    return role


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def create_user(session: Session, name: str, role: str, password: str) -> User:
    check_role(role)
    if not name.strip() or len(name) > 200:
        raise InvalidInput("a user name is 1-200 characters")
    if len(password) < MIN_PASSWORD_LENGTH:
        raise InvalidInput(f"a password has at least {MIN_PASSWORD_LENGTH} characters")
    if session.scalar(select(User).where(User.name == name)) is not None:
        raise Conflict(f"user {name!r} already exists")
    user = User(name=name, role=role, password_hash=generate_password_hash(password, "scrypt"))
    session.add(user)
    session.flush()
    return user


def authenticate_user(session: Session, name: str, password: str) -> Actor | None:
    """The user as an actor when the password is right, else None."""
    user = session.scalar(select(User).where(User.name == name))
    if user is None:
        check_password_hash(_dummy_hash(), password)  # same work whether the user exists or not
        return None
    if not check_password_hash(user.password_hash, password):
        return None
    return Actor(user.name, user.role)


@cache
def _dummy_hash() -> str:
    return generate_password_hash("not-a-password-anyone-has", "scrypt")


def list_users(session: Session) -> list[User]:
    return list(session.scalars(select(User).order_by(User.name)))


def create_token(session: Session, actor: Actor, name: str, role: str) -> tuple[ApiToken, str]:
    """A new token with ``role`` (never above the creator's); the plain token is returned once."""
    check_role(role)
    if actor.name != SYSTEM.name:
        require(actor, "admin")
    if not name.strip() or len(name) > 200:
        raise InvalidInput("a token name is 1-200 characters")
    plain = "dss_" + secrets.token_urlsafe(32)
    token = ApiToken(name=name, role=role, token_hash=hash_token(plain), created_by=actor.name)
    session.add(token)
    session.flush()
    return token, plain


def list_tokens(session: Session) -> list[ApiToken]:
    return list(session.scalars(select(ApiToken).order_by(ApiToken.id)))


def revoke_token(session: Session, actor: Actor, token_id: int) -> ApiToken:
    require(actor, "admin")
    token = session.get(ApiToken, token_id)
    if token is None:
        raise NotFound(f"no API token with id {token_id}")
    if token.revoked_at is None:
        token.revoked_at = datetime.now(UTC)
    return token


def actor_for_token(session: Session, plain: str) -> Actor | None:
    """The actor a bearer token stands for, or None for an unknown or revoked token."""
    token = session.scalar(select(ApiToken).where(ApiToken.token_hash == hash_token(plain)))
    if token is None or token.revoked_at is not None:
        return None
    return Actor(f"token:{token.name}", token.role)
