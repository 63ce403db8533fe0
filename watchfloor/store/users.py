"""Users, roles, API tokens and browser sessions for the web layer (SQL only; hashing lives in web/auth.py)."""
from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

from watchfloor.store.connection import Store

ROLES = ("viewer", "analyst", "editor", "admin")


class UserError(ValueError):
    """A user-management request that cannot be done (unknown user, bad role, name taken)."""


@dataclass(frozen=True)
class User:
    name: str
    role: str
    password_hash: str | None = None
    disabled: bool = False

    def can(self, role: str) -> bool:
        return ROLES.index(self.role) >= ROLES.index(role)


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def _now() -> datetime:
    return datetime.now(timezone.utc).replace(tzinfo=None)


def check_role(role: str) -> str:
    if role not in ROLES:
        raise UserError(f"unknown role {role!r}; expected one of {', '.join(ROLES)}")
    return role


def add_user(store: Store, name: str, role: str, password_hash: str | None, by: str) -> User:
    name = name.strip()
    if not name or len(name) > 64 or any(ch.isspace() for ch in name):
        raise UserError(f"user name {name!r}: expected 1-64 characters without spaces")
    check_role(role)
    with store.transaction():
        if store.scalar("SELECT count(*) FROM users WHERE name = ?", [name]):
            raise UserError(f"user {name!r} exists already")
        store.execute("INSERT INTO users (name, role, password_hash, created_at) VALUES (?, ?, ?, ?)",
                      [name, role, password_hash, _now()])
        store.audit("user.add", name, {"role": role}, actor=by)
    return User(name, role, password_hash)


def get_user(store: Store, name: str) -> User | None:
    row = store.rows("SELECT name, role, password_hash, disabled FROM users WHERE name = ?", [name])
    return User(*row[0]) if row else None


def list_users(store: Store) -> list[User]:
    return [User(*r) for r in store.rows("SELECT name, role, password_hash, disabled FROM users ORDER BY name")]


def set_role(store: Store, name: str, role: str, by: str) -> None:
    check_role(role)
    with store.transaction():
        if get_user(store, name) is None:
            raise UserError(f"no user {name!r}")
        store.execute("UPDATE users SET role = ? WHERE name = ?", [role, name])
        store.audit("user.role", name, {"role": role}, actor=by)


def set_password_hash(store: Store, name: str, password_hash: str, by: str) -> None:
    with store.transaction():
        if get_user(store, name) is None:
            raise UserError(f"no user {name!r}")
        store.execute("UPDATE users SET password_hash = ? WHERE name = ?", [password_hash, name])
        store.execute("DELETE FROM web_sessions WHERE user_name = ?", [name])
        store.audit("user.password", name, None, actor=by)


def issue_token(store: Store, name: str, by: str) -> str:
    """A new API token for the user (the old ones stay valid); only its digest is stored."""
    token = "wf_" + secrets.token_urlsafe(32)
    with store.transaction():
        if get_user(store, name) is None:
            raise UserError(f"no user {name!r}")
        store.execute("INSERT INTO api_tokens (token_sha256, user_name, created_at) VALUES (?, ?, ?)",
                      [_digest(token), name, _now()])
        store.audit("user.token", name, None, actor=by)
    return token


def user_for_token(store: Store, token: str) -> User | None:
    row = store.rows("SELECT u.name, u.role, u.password_hash, u.disabled FROM api_tokens t "
                     "JOIN users u ON u.name = t.user_name WHERE t.token_sha256 = ?", [_digest(token)])
    user = User(*row[0]) if row else None
    return user if user and not user.disabled else None


def open_session(store: Store, name: str, hours: float = 12) -> tuple[str, str]:
    """(session id for the cookie, CSRF token for the forms); the login is audited."""
    session, csrf = secrets.token_urlsafe(32), secrets.token_urlsafe(24)
    now = _now()
    with store.transaction():
        store.execute("DELETE FROM web_sessions WHERE expires_at < ?", [now])
        store.execute("INSERT INTO web_sessions VALUES (?, ?, ?, ?, ?)",
                      [_digest(session), name, csrf, now, now + timedelta(hours=hours)])
        store.audit("user.login", name, None, actor=name)
    return session, csrf


def session_user(store: Store, session: str) -> tuple[User, str] | None:
    """(user, CSRF token) for a live session id, else None."""
    row = store.rows("SELECT u.name, u.role, u.password_hash, u.disabled, s.csrf_token FROM web_sessions s "
                     "JOIN users u ON u.name = s.user_name WHERE s.session_sha256 = ? AND s.expires_at > ?",
                     [_digest(session), _now()])
    if not row or row[0][3]:
        return None
    return User(*row[0][:4]), row[0][4]


def close_session(store: Store, session: str, name: str) -> None:
    with store.transaction():
        store.execute("DELETE FROM web_sessions WHERE session_sha256 = ?", [_digest(session)])
        store.audit("user.logout", name, None, actor=name)
