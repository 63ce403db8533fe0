"""Users, roles, API tokens and browser sessions for the web layer (SQL only; hashing lives in web/auth.py).

A token expires (`days`, default 90) and can be revoked one by one or all at once; a new password revokes
them all. A disabled user keeps their tokens but none of them works. The last enabled admin can be neither
demoted nor disabled, so someone can always manage the users.
"""
from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

from watchfloor.store.connection import Store

ROLES = ("viewer", "analyst", "editor", "admin")
TOKEN_DAYS = 90
TOKEN_ID_LENGTH = 12        # hex digits of the token's SHA-256 shown as its id


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
        if store.scalar("SELECT count(*) FROM teams WHERE name = ?", [name]):      # one namespace (store/teams.py)
            raise UserError(f"{name!r} is a team's name; a user needs a name of its own")
        store.execute("INSERT INTO users (name, role, password_hash, created_at) VALUES (?, ?, ?, ?)",
                      [name, role, password_hash, _now()])
        store.audit("user.add", name, {"role": role}, actor=by)
    return User(name, role, password_hash)


def get_user(store: Store, name: str) -> User | None:
    row = store.rows("SELECT name, role, password_hash, disabled FROM users WHERE name = ?", [name])
    return User(*row[0]) if row else None


def list_users(store: Store) -> list[User]:
    return [User(*r) for r in store.rows("SELECT name, role, password_hash, disabled FROM users ORDER BY name")]


def _existing(store: Store, name: str) -> User:
    user = get_user(store, name)
    if user is None:
        raise UserError(f"no user {name!r}")
    return user


def _guard_last_admin(store: Store, user: User, doing: str) -> None:
    """Refuse to take away the last enabled admin (nobody could manage users afterwards)."""
    if user.role != "admin" or user.disabled:
        return
    others = store.scalar("SELECT count(*) FROM users WHERE role = 'admin' AND NOT disabled AND name <> ?",
                          [user.name])
    if not others:
        raise UserError(f"{user.name} is the last enabled admin: make another user admin before {doing}")


def set_role(store: Store, name: str, role: str, by: str) -> None:
    check_role(role)
    with store.transaction():
        user = _existing(store, name)
        if role != "admin":
            _guard_last_admin(store, user, f"making {name} {role}")
        store.execute("UPDATE users SET role = ? WHERE name = ?", [role, name])
        store.audit("user.role", name, {"role": role}, actor=by)


def set_disabled(store: Store, name: str, disabled: bool, by: str) -> None:
    """Disable (every token and session stops working, logins are refused) or enable a user again."""
    with store.transaction():
        user = _existing(store, name)
        if disabled:
            _guard_last_admin(store, user, f"disabling {name}")
            store.execute("DELETE FROM web_sessions WHERE user_name = ?", [name])
        store.execute("UPDATE users SET disabled = ?, disabled_at = ?, disabled_by = ? WHERE name = ?",
                      [disabled, _now() if disabled else None, by if disabled else None, name])
        store.audit("user.disable" if disabled else "user.enable", name, None, actor=by)


def set_password_hash(store: Store, name: str, password_hash: str, by: str) -> None:
    """A new password ends the user's sessions and revokes all their API tokens."""
    with store.transaction():
        _existing(store, name)
        store.execute("UPDATE users SET password_hash = ? WHERE name = ?", [password_hash, name])
        store.execute("DELETE FROM web_sessions WHERE user_name = ?", [name])
        revoked = _revoke(store, name, None, by)
        store.audit("user.password", name, {"tokens_revoked": revoked}, actor=by)


def issue_token(store: Store, name: str, by: str, days: float | None = TOKEN_DAYS, note: str | None = None) -> str:
    """A new API token for the user, valid for `days` (None or 0: until revoked); the old ones stay valid.
    Only its digest is stored."""
    if days is not None and days < 0:
        raise UserError(f"a token's life must be 0 (no expiry) or more days, not {days}")
    token = "wf_" + secrets.token_urlsafe(32)
    now = _now()
    expires = now + timedelta(days=days) if days else None
    with store.transaction():
        _existing(store, name)
        store.execute("INSERT INTO api_tokens (token_sha256, user_name, created_at, expires_at, issued_by, note) "
                      "VALUES (?, ?, ?, ?, ?, ?)", [_digest(token), name, now, expires, by, note])
        store.audit("user.token", name, {"token": _digest(token)[:TOKEN_ID_LENGTH], "expires": expires},
                    actor=by)
    return token


@dataclass(frozen=True)
class Token:
    """What may be shown of an API token: its id (a digest prefix), dates and state, never the secret."""
    id: str
    user: str
    created_at: datetime
    expires_at: datetime | None
    revoked_at: datetime | None
    issued_by: str | None
    note: str | None

    @property
    def state(self) -> str:
        if self.revoked_at:
            return "revoked"
        return "expired" if self.expires_at and self.expires_at <= _now() else "active"


def list_tokens(store: Store, name: str) -> list[Token]:
    """The user's tokens, newest first, revoked and expired ones included."""
    _existing(store, name)
    return [Token(r[0][:TOKEN_ID_LENGTH], *r[1:]) for r in store.rows(
        "SELECT token_sha256, user_name, created_at, expires_at, revoked_at, issued_by, note FROM api_tokens "
        "WHERE user_name = ? ORDER BY created_at DESC, token_sha256", [name])]


def _revoke(store: Store, name: str, token_id: str | None, by: str) -> int:
    where, params = "user_name = ? AND revoked_at IS NULL", [name]
    if token_id is not None:
        where += " AND starts_with(token_sha256, ?)"
        params.append(token_id.lower())
    count = store.scalar(f"SELECT count(*) FROM api_tokens WHERE {where}", params)
    if count:
        store.execute(f"UPDATE api_tokens SET revoked_at = ?, revoked_by = ? WHERE {where}", [_now(), by, *params])
    return count


def revoke_tokens(store: Store, name: str, by: str, token_id: str | None = None) -> int:
    """Revoke one token (by the id `list_tokens` shows) or, without an id, all the user's live tokens;
    returns how many were revoked."""
    if token_id is not None and (len(token_id) < 6 or any(c not in "0123456789abcdefABCDEF" for c in token_id)):
        raise UserError(f"token id {token_id!r}: expected the hex id `users tokens {name}` shows")
    with store.transaction():
        _existing(store, name)
        if token_id is not None:
            matches = store.scalar("SELECT count(*) FROM api_tokens WHERE user_name = ? "
                                   "AND starts_with(token_sha256, ?)", [name, token_id.lower()])
            if matches != 1:
                raise UserError(f"{name} has {'no' if not matches else 'more than one'} token {token_id!r}; "
                                f"see `watchfloor users tokens {name}`")
        count = _revoke(store, name, token_id, by)
        store.audit("user.revoke", name, {"token": token_id or "all", "revoked": count}, actor=by)
    return count


def token_holder(store: Store, token: str) -> tuple[User | None, float]:
    """(the enabled user behind a live — not revoked, not expired — token, else None; seconds until the token
    expires, infinity when it never does or is not live)."""
    now = _now()
    row = store.rows("SELECT u.name, u.role, u.password_hash, u.disabled, t.expires_at FROM api_tokens t "
                     "JOIN users u ON u.name = t.user_name WHERE t.token_sha256 = ? AND t.revoked_at IS NULL "
                     "AND (t.expires_at IS NULL OR t.expires_at > ?)", [_digest(token), now])
    if not row or row[0][3]:
        return None, float("inf")
    expires = row[0][4]
    return User(*row[0][:4]), (expires - now).total_seconds() if expires else float("inf")


def user_for_token(store: Store, token: str) -> User | None:
    """The enabled user behind a live (not revoked, not expired) token, else None."""
    return token_holder(store, token)[0]


def open_session(store: Store, name: str, hours: float = 12, client: str | None = None) -> tuple[str, str]:
    """(session id for the cookie, CSRF token for the forms); the login is audited."""
    session, csrf = secrets.token_urlsafe(32), secrets.token_urlsafe(24)
    now = _now()
    with store.transaction():
        store.execute("DELETE FROM web_sessions WHERE expires_at < ?", [now])
        store.execute("INSERT INTO web_sessions VALUES (?, ?, ?, ?, ?)",
                      [_digest(session), name, csrf, now, now + timedelta(hours=hours)])
        store.audit("user.login", name, {"client": client} if client else None, actor=name)
    return session, csrf


def record_failed_login(store: Store, name: str, client: str | None, reason: str) -> None:
    """A refused login in the audit log: the name tried (who may not exist), from where and why."""
    store.audit("user.login_failed", name[:64], {"client": client, "reason": reason}, actor=name[:64] or "-")


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
