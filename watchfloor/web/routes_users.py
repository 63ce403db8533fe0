"""Log in and out, who am I, and user administration: roles, tokens, disabling (admin, or a user for their
own tokens). Logins are throttled (web/logins.py), audited in the store and logged."""
from __future__ import annotations

import logging
from urllib.parse import urlsplit

from fastapi import APIRouter, Depends, Form, HTTPException, Query, Request
from fastapi.responses import RedirectResponse
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool

from watchfloor.store import teams as team_store
from watchfloor.store import users as user_store
from watchfloor.store.web_queries import audit_log
from watchfloor.web.app import render
from watchfloor.web.auth import SESSION_COOKIE, Caller, admin, editor, hash_password, verify_password, viewer

router = APIRouter()
log = logging.getLogger("watchfloor.auth")


def _safe_next(target: str | None) -> str:
    """Only same-site paths after login (no open redirect)."""
    if not target or not target.startswith("/") or target.startswith("//") or urlsplit(target).netloc:
        return "/"
    return target


@router.get("/login", include_in_schema=False)
def login_page(request: Request, next: str = "/"):
    return render(request, "login.html", next=_safe_next(next), error=None)


def _audit_failure(request: Request, name: str, client: str, reason: str) -> None:
    """An audit row for a refused login. It changes nothing a cache holds, so it takes the write lock
    without starting a new write generation (which would empty the server's caches on every guess)."""
    handle = request.app.state.store
    with handle.lock:
        user_store.record_failed_login(handle.reader(), name, client, reason)


def _check_login(request: Request, name: str, password: str) -> tuple[user_store.User | None, bool]:
    """(user, right password) — runs in a hash slot (see LoginThrottle.check)."""
    user = user_store.get_user(request.app.state.store.reader(), name)
    return user, verify_password(user, password)


@router.post("/login", include_in_schema=False)
async def login(request: Request, name: str = Form(..., max_length=200), password: str = Form(...),
                next: str = Form("/")):
    throttle = request.app.state.logins
    client = request.client.host if request.client else "-"
    target = _safe_next(next)
    refusal = throttle.begin(name, client)
    if refusal is not None:
        if refusal.first:       # once per delay: a guesser cannot flood the log or the audit table
            log.warning("login throttled: %r from %s (%s), retry after %d s", name, client, refusal.why,
                        refusal.retry_after)
            throttle.audit_later(_audit_failure, request, name, client, f"throttled ({refusal.why})")
        await throttle.pause()
        return _refused(request, target, 429, refusal.retry_after,
                        f"too many failed logins; try again in {refusal.retry_after} s")
    failed = None
    try:
        checked = await throttle.check(_check_login, request, name, password)
        if checked is None:
            log.info("login refused: %r from %s, too many logins at once", name, client)
            await throttle.pause()
            return _refused(request, target, 503, 1, "too many logins at once; try again in a moment")
        user, right = checked
        failed = not right
        if not right:
            reason = "disabled" if user and user.disabled else "no such user" if user is None else "wrong password"
            log.warning("login failed: %r from %s (%s)", name, client, reason)
            throttle.audit_later(_audit_failure, request, name, client, reason)
            return render(request, "login.html", 401, next=target, error="wrong name or password")
    finally:
        throttle.end(name, client, failed)

    def open_session() -> str:
        throttle.drain()
        with request.app.state.store.writer() as store:
            return user_store.open_session(store, user.name, client=client)[0]

    session = await run_in_threadpool(open_session)
    log.info("login: %s from %s", user.name, client)
    response = RedirectResponse(target, 303)
    response.set_cookie(SESSION_COOKIE, session, httponly=True, samesite="lax", path="/", max_age=12 * 3600,
                        secure=request.app.state.behind_tls)
    return response


def _refused(request: Request, target: str, status: int, retry_after: int, message: str):
    response = render(request, "login.html", status, next=target, error=message)
    response.headers["Retry-After"] = str(retry_after)
    return response


@router.post("/logout", include_in_schema=False)
def logout(request: Request, caller: Caller = Depends(viewer)):
    with request.app.state.store.writer() as store:
        user_store.close_session(store, request.cookies.get(SESSION_COOKIE, ""), caller.user.name)
    response = RedirectResponse("/login", 303)
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response


@router.get("/api/me", tags=["users"])
def me(caller: Caller = Depends(viewer)) -> dict:
    """The authenticated user and role."""
    return {"name": caller.user.name, "role": caller.user.role, "via": caller.via}


class NewUser(BaseModel):
    name: str
    role: str
    password: str | None = None


class RoleChange(BaseModel):
    role: str


class NewPassword(BaseModel):
    password: str = Field(..., max_length=1024)


class NewToken(BaseModel):
    days: float | None = Field(user_store.TOKEN_DAYS, ge=0, le=3650, description="0: until revoked")
    note: str | None = Field(None, max_length=200)


def _user_json(user: user_store.User) -> dict:
    return {"name": user.name, "role": user.role, "has_password": bool(user.password_hash),
            "disabled": user.disabled}


def _token_json(token: user_store.Token) -> dict:
    return {"id": token.id, "state": token.state, "created_at": token.created_at.isoformat(),
            "expires_at": token.expires_at.isoformat() if token.expires_at else None,
            "revoked_at": token.revoked_at.isoformat() if token.revoked_at else None,
            "issued_by": token.issued_by, "note": token.note}


def _managing(request: Request, work):
    """work(store) under the write lock; an unknown user is 404, any other refusal 400."""
    try:
        with request.app.state.store.writer() as store:
            return work(store)
    except user_store.UserError as exc:
        raise HTTPException(404 if str(exc).startswith("no user ") else 400, str(exc))


@router.get("/api/users", tags=["users"])
def list_users(request: Request, caller: Caller = Depends(admin)) -> list[dict]:
    return [_user_json(u) for u in user_store.list_users(request.app.state.store.reader())]


@router.post("/api/users", tags=["users"], status_code=201)
def add_user(request: Request, body: NewUser, caller: Caller = Depends(admin)) -> dict:
    """Create a user; the answer holds their first API token (shown once)."""
    try:
        hashed = hash_password(body.password, body.name) if body.password else None
        with request.app.state.store.writer() as store:
            user = user_store.add_user(store, body.name, body.role, hashed, caller.user.name)
            token = user_store.issue_token(store, user.name, caller.user.name)
    except user_store.UserError as exc:
        raise HTTPException(400, str(exc))
    return {**_user_json(user), "token": token}


@router.post("/api/users/{name}/role", tags=["users"])
def change_role(request: Request, name: str, body: RoleChange, caller: Caller = Depends(admin)) -> dict:
    _managing(request, lambda store: user_store.set_role(store, name, body.role, caller.user.name))
    return {"name": name, "role": body.role}


@router.post("/api/users/{name}/password", tags=["users"])
def set_password(request: Request, name: str, body: NewPassword, caller: Caller = Depends(admin)) -> dict:
    """Set a user's password: it must pass the password policy; their sessions end and all their API
    tokens are revoked."""
    try:
        hashed = hash_password(body.password, name)
    except user_store.UserError as exc:
        raise HTTPException(400, str(exc))
    _managing(request, lambda store: user_store.set_password_hash(store, name, hashed, caller.user.name))
    return {"name": name, "password": "set", "tokens": "all revoked"}


@router.post("/api/users/{name}/disable", tags=["users"])
def disable_user(request: Request, name: str, caller: Caller = Depends(admin)) -> dict:
    """Disable a user: their tokens and sessions stop working and their logins are refused (not the last
    enabled admin)."""
    _managing(request, lambda store: user_store.set_disabled(store, name, True, caller.user.name))
    log.warning("user %s disabled by %s", name, caller.user.name)
    return {"name": name, "disabled": True}


@router.post("/api/users/{name}/enable", tags=["users"])
def enable_user(request: Request, name: str, caller: Caller = Depends(admin)) -> dict:
    """Enable a disabled user again (their unexpired, unrevoked tokens work again)."""
    _managing(request, lambda store: user_store.set_disabled(store, name, False, caller.user.name))
    return {"name": name, "disabled": False}


@router.get("/api/users/{name}/tokens", tags=["users"])
def user_tokens(request: Request, name: str, caller: Caller = Depends(admin)) -> list[dict]:
    """A user's API tokens (ids, dates, state; never the secret), newest first."""
    try:
        return [_token_json(t) for t in user_store.list_tokens(request.app.state.store.reader(), name)]
    except user_store.UserError as exc:
        raise HTTPException(404, str(exc))


@router.post("/api/users/{name}/tokens", tags=["users"], status_code=201)
def new_user_token(request: Request, name: str, body: NewToken, caller: Caller = Depends(admin)) -> dict:
    """Issue a token for a user (shown once)."""
    token = _managing(request, lambda store: user_store.issue_token(store, name, caller.user.name, body.days,
                                                                     body.note))
    return {"name": name, "token": token}


@router.delete("/api/users/{name}/tokens", tags=["users"])
def revoke_all_tokens(request: Request, name: str, caller: Caller = Depends(admin)) -> dict:
    """Revoke all of a user's tokens."""
    count = _managing(request, lambda store: user_store.revoke_tokens(store, name, caller.user.name))
    log.warning("%d token(s) of %s revoked by %s", count, name, caller.user.name)
    return {"name": name, "revoked": count}


@router.delete("/api/users/{name}/tokens/{token_id}", tags=["users"])
def revoke_token(request: Request, name: str, token_id: str, caller: Caller = Depends(admin)) -> dict:
    """Revoke one of a user's tokens, by the id the token list shows."""
    count = _managing(request, lambda store: user_store.revoke_tokens(store, name, caller.user.name, token_id))
    log.warning("token %s of %s revoked by %s", token_id, name, caller.user.name)
    return {"name": name, "revoked": count}


@router.get("/api/me/tokens", tags=["users"])
def my_tokens(request: Request, caller: Caller = Depends(viewer)) -> list[dict]:
    """Your own API tokens."""
    return [_token_json(t) for t in user_store.list_tokens(request.app.state.store.reader(), caller.user.name)]


@router.post("/api/me/tokens", tags=["users"], status_code=201)
def new_my_token(request: Request, body: NewToken, caller: Caller = Depends(viewer)) -> dict:
    """Issue yourself a new token (shown once)."""
    name = caller.user.name
    return {"name": name, "token": _managing(
        request, lambda store: user_store.issue_token(store, name, name, body.days, body.note))}


@router.delete("/api/me/tokens/{token_id}", tags=["users"])
def revoke_my_token(request: Request, token_id: str, caller: Caller = Depends(viewer)) -> dict:
    """Revoke one of your own tokens."""
    name = caller.user.name
    return {"name": name, "revoked": _managing(
        request, lambda store: user_store.revoke_tokens(store, name, name, token_id))}


class NewTeam(BaseModel):
    name: str = Field(..., max_length=64)
    members: list[str] = Field(default_factory=list)


class TeamMember(BaseModel):
    user: str = Field(..., max_length=64)


def _team_json(team: team_store.Team) -> dict:
    return {"name": team.name, "members": list(team.members)}


def _teaming(request: Request, work):
    """work(store) under the write lock; an unknown team or user is 404, any other refusal 400."""
    try:
        with request.app.state.store.writer() as store:
            return work(store)
    except user_store.UserError as exc:
        raise HTTPException(404 if str(exc).startswith(("no user ", "no team ")) else 400, str(exc))


@router.get("/api/teams", tags=["users"])
def list_teams(request: Request, caller: Caller = Depends(admin)) -> list[dict]:
    """Teams and their members (an alert rule owned by a team reaches every member's bell)."""
    return [_team_json(t) for t in team_store.list_teams(request.app.state.store.reader())]


@router.post("/api/teams", tags=["users"], status_code=201)
def add_team(request: Request, body: NewTeam, caller: Caller = Depends(admin)) -> dict:
    """Create a team (a name no user or team has) with its first members (audited)."""
    return _team_json(_teaming(request, lambda store: team_store.add_team(store, body.name, caller.user.name,
                                                                          body.members)))


@router.post("/api/teams/{name}/members", tags=["users"])
def add_team_member(request: Request, name: str, body: TeamMember, caller: Caller = Depends(admin)) -> dict:
    """Add a user to a team (audited); adding a member again changes nothing."""
    def work(store):
        team_store.add_member(store, name, body.user, caller.user.name)
        return team_store.get_team(store, name)
    return _team_json(_teaming(request, work))


@router.delete("/api/teams/{name}/members/{user}", tags=["users"])
def remove_team_member(request: Request, name: str, user: str, caller: Caller = Depends(admin)) -> dict:
    """Take a user out of a team (audited): they no longer see its alerts."""
    def work(store):
        team_store.remove_member(store, name, user, caller.user.name)
        return team_store.get_team(store, name)
    return _team_json(_teaming(request, work))


@router.delete("/api/teams/{name}", tags=["users"])
def delete_team(request: Request, name: str,
                with_rules: bool = Query(False, description="Delete the team's alert rules with it"),
                caller: Caller = Depends(editor)) -> dict:
    """Delete a team and its memberships (editors and admins; audited). While alert rules are owned by the team
    it is refused (409, naming them) unless `with_rules`, which deletes them too; alerts already raised and their
    acknowledgements stay on record."""
    try:
        with request.app.state.store.writer() as store:
            gone = team_store.delete_team(store, name, caller.user.name, with_rules)
    except user_store.UserError as exc:
        raise HTTPException(404 if str(exc).startswith("no team ") else 409, str(exc))
    return {"name": gone.name, "deleted": True, "members": list(gone.members),
            "rules": [{"id": i, "name": n} for i, n in gone.rules]}


@router.get("/api/audit", tags=["users"])
def audit(request: Request, limit: int = 200, actor: str | None = None, caller: Caller = Depends(admin)) -> list:
    """The audit log, newest first: who did what, when."""
    return audit_log(request.app.state.store.reader(), min(max(limit, 1), 5000), actor)


@router.get("/admin/users", include_in_schema=False)
def users_page(request: Request, caller: Caller = Depends(admin)):
    return _users_page(request, None)


@router.post("/admin/users", include_in_schema=False)
async def users_form(request: Request, caller: Caller = Depends(admin)):
    form = await request.form()
    name, role, password = str(form.get("name", "")), str(form.get("role", "")), str(form.get("password", ""))

    def work() -> str:
        try:
            hashed = hash_password(password, name) if password else None
            with request.app.state.store.writer() as store:
                if user_store.get_user(store, name):
                    user_store.set_role(store, name, role, caller.user.name)
                    if hashed:
                        user_store.set_password_hash(store, name, hashed, caller.user.name)
                    return f"updated {name}"
                user_store.add_user(store, name, role, hashed, caller.user.name)
                token = user_store.issue_token(store, name, caller.user.name)
                return f"added {name} ({role}); API token, shown once: {token}"
        except user_store.UserError as exc:
            return f"error: {exc}"

    return await _users_page_after(request, work)


async def _users_page_after(request: Request, work):
    return _users_page(request, await run_in_threadpool(work))


def _users_page(request: Request, message: str | None):
    """The users page: users, roles, teams and the last 50 audit rows, with the message of a form just sent."""
    store = request.app.state.store.reader()
    return render(request, "users.html", users=user_store.list_users(store), roles=user_store.ROLES,
                  teams=team_store.list_teams(store), audit=audit_log(store, 50), message=message)


@router.post("/admin/teams", include_in_schema=False)
async def teams_form(request: Request, caller: Caller = Depends(admin)):
    """The users page's teams form: create a team, add a user to one, take a user out of one, or delete one
    (refused while it owns alert rules, unless with its rules) — all audited."""
    form = await request.form()
    team, user, action = str(form.get("team", "")), str(form.get("user", "")), str(form.get("action", ""))

    def work() -> str:
        try:
            with request.app.state.store.writer() as store:
                if action == "create":
                    made = team_store.add_team(store, team, caller.user.name, [user] if user else [])
                    return f"team {made.name} added: " + (", ".join(made.members) or "no members")
                if action == "add":
                    team_store.add_member(store, team, user, caller.user.name)
                    return f"team {team}: {user} added"
                if action == "remove":
                    team_store.remove_member(store, team, user, caller.user.name)
                    return f"team {team}: {user} removed"
                if action in ("delete", "delete-with-rules"):
                    gone = team_store.delete_team(store, team, caller.user.name, action == "delete-with-rules")
                    return f"team {gone.name} deleted" + (
                        f" with its rules {', '.join(str(i) for i, _ in gone.rules)}" if gone.rules else "")
                return f"error: unknown action {action!r}; expected create, add, remove, delete or delete-with-rules"
        except user_store.UserError as exc:
            return f"error: {exc}"

    return await _users_page_after(request, work)


@router.post("/admin/users/access", include_in_schema=False)
async def users_access_form(request: Request, caller: Caller = Depends(admin)):
    """The users page's second form: disable, enable, or revoke all API tokens of a user."""
    form = await request.form()
    name, action = str(form.get("name", "")), str(form.get("action", ""))

    def work() -> str:
        try:
            with request.app.state.store.writer() as store:
                if action in ("disable", "enable"):
                    user_store.set_disabled(store, name, action == "disable", caller.user.name)
                    return f"{name}: {action}d"
                if action == "revoke":
                    return f"{name}: {user_store.revoke_tokens(store, name, caller.user.name)} token(s) revoked"
                return f"error: unknown action {action!r}; expected disable, enable or revoke"
        except user_store.UserError as exc:
            return f"error: {exc}"

    return await _users_page_after(request, work)
