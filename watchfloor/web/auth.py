"""Who is asking: bearer tokens for the API, session cookies (+ CSRF token) for the pages, and roles.

Every protected route declares its least role with `Depends(require("analyst"))`; the dependency
carries that role as an attribute so tests can enumerate what each route demands.
"""
from __future__ import annotations

import hmac
import re
from dataclasses import dataclass

from argon2 import PasswordHasher
from zxcvbn import zxcvbn
from argon2.exceptions import InvalidHashError, VerificationError
from fastapi import HTTPException, Request
from starlette.concurrency import run_in_threadpool

from watchfloor.store import users as user_store
from watchfloor.store.users import ROLES, User

SESSION_COOKIE = "wf_session"
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "x-csrf-token"
SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}

_hasher = PasswordHasher()
# A hash to verify against when the user does not exist, so a wrong name costs as long as a wrong password.
_DUMMY_HASH = _hasher.hash("no such user")


PASSWORD_MAX = 1024        # characters; a longer "password" is refused before it costs a hash
PASSWORD_MIN_SCORE = 3     # zxcvbn's 0-4 scale: 3 is "safely unguessable" (~10^8+ guesses) for an online attack


def check_password(password: str, name: str | None = None) -> None:
    """Refuse short, common and user-derived passwords (zxcvbn: dictionaries of common passwords, names and
    words, keyboard patterns, dates, repeats, and the user's own name), with the checker's advice."""
    if len(password) < 8:
        raise user_store.UserError("a password needs at least 8 characters")
    if len(password) > PASSWORD_MAX:
        raise user_store.UserError(f"a password has at most {PASSWORD_MAX} characters")
    hints = [h for h in ([name, *re.split(r"[._@-]+", name)] if name else []) if len(h) >= 3]
    # The user's name (or a part of it) counts for nothing: what remains without it must be hard to guess.
    rest = password
    for hint in sorted(hints, key=len, reverse=True):
        rest = re.sub(re.escape(hint), "", rest, flags=re.IGNORECASE)
    if len(rest) < 8 and rest != password:
        raise user_store.UserError("a password must not be made of the user's name: without it, fewer than 8 "
                                   "characters remain")
    # zxcvbn's work grows quickly with length; the first 100 characters decide whether it is guessable
    verdict = zxcvbn(rest[:100], user_inputs=hints + ["watchfloor"])
    if verdict["score"] < PASSWORD_MIN_SCORE:
        feedback = verdict["feedback"]
        why = feedback.get("warning") or "it is made of common words or patterns"
        advice = " ".join(feedback.get("suggestions") or []) or "Use a few unrelated words."
        raise user_store.UserError(f"this password is too easy to guess: {why.rstrip('.')}. {advice}")


def hash_password(password: str, name: str | None = None) -> str:
    """The argon2id hash of a password that passes `check_password` (for user `name`), else UserError."""
    check_password(password, name)
    return _hasher.hash(password)


def verify_password(user: User | None, password: str) -> bool:
    """True for an enabled user's right password. A missing user costs a hash all the same."""
    if len(password) > PASSWORD_MAX:
        return False
    try:
        return _hasher.verify(user.password_hash if user and user.password_hash else _DUMMY_HASH, password) \
            and bool(user and user.password_hash and not user.disabled)
    except (VerificationError, InvalidHashError):
        return False


class LoginRequired(Exception):
    """No valid credentials: the API answers 401, pages redirect to the login form."""


@dataclass(frozen=True)
class Caller:
    user: User
    via: str                # 'token' or 'session'
    csrf: str | None = None


def _cached_bearer(request: Request) -> Caller | None:
    """A bearer token the server saw lately, without leaving the event loop (no database access)."""
    header = request.headers.get("authorization", "")
    if header[:7].lower() != "bearer ":
        return None
    user = request.app.state.store.cached_token_user(header[7:].strip(), lookup=False)
    return Caller(user, "token") if user else None


def identify(request: Request) -> Caller | None:
    """The caller behind a bearer token or a session cookie (token first), else None."""
    handle = request.app.state.store
    header = request.headers.get("authorization", "")
    if header[:7].lower() == "bearer ":
        user = handle.cached_token_user(header[7:].strip())
        return Caller(user, "token") if user else None
    session = request.cookies.get(SESSION_COOKIE)
    if session:
        found = user_store.session_user(handle.reader(), session)
        if found:
            return Caller(found[0], "session", found[1])
    return None


async def _check_csrf(request: Request, caller: Caller) -> None:
    """Cookie-authenticated writes must echo the session's CSRF token (header or form field)."""
    if request.method in SAFE_METHODS or caller.via != "session":
        return
    sent = request.headers.get(CSRF_HEADER)
    if not sent and request.headers.get("content-type", "").startswith(
            ("application/x-www-form-urlencoded", "multipart/form-data")):
        sent = (await request.form()).get(CSRF_FIELD)
    if not sent or not hmac.compare_digest(str(sent), caller.csrf or ""):
        raise HTTPException(403, "missing or wrong CSRF token; reload the page and try again")


def require(role: str):
    """A dependency that admits callers with at least `role` and returns the Caller."""
    if role not in ROLES:
        raise ValueError(role)

    async def dependency(request: Request) -> Caller:
        caller = _cached_bearer(request)
        if caller is None:
            caller = await run_in_threadpool(identify, request)
        if caller is None:
            raise LoginRequired()
        if not caller.user.can(role):
            raise HTTPException(403, f"this needs the {role} role; {caller.user.name} is {caller.user.role}")
        await _check_csrf(request, caller)
        request.state.caller = caller
        return caller

    dependency.role = role
    return dependency


viewer, analyst, editor, admin = (require(r) for r in ROLES)
