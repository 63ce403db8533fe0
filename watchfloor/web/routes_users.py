"""Log in and out, who am I, and user administration (admin only)."""
from __future__ import annotations

from urllib.parse import urlsplit

from fastapi import APIRouter, Depends, Form, HTTPException, Request
from fastapi.responses import RedirectResponse
from pydantic import BaseModel
from starlette.concurrency import run_in_threadpool

from watchfloor.store import users as user_store
from watchfloor.store.web_queries import audit_log
from watchfloor.web.app import render
from watchfloor.web.auth import SESSION_COOKIE, Caller, admin, hash_password, verify_password, viewer

router = APIRouter()


def _safe_next(target: str | None) -> str:
    """Only same-site paths after login (no open redirect)."""
    if not target or not target.startswith("/") or target.startswith("//") or urlsplit(target).netloc:
        return "/"
    return target


@router.get("/login", include_in_schema=False)
def login_page(request: Request, next: str = "/"):
    return render(request, "login.html", next=_safe_next(next), error=None)


@router.post("/login", include_in_schema=False)
def login(request: Request, name: str = Form(...), password: str = Form(...), next: str = Form("/")):
    handle = request.app.state.store
    user = user_store.get_user(handle.reader(), name)
    if not verify_password(user, password):
        return render(request, "login.html", 401, next=_safe_next(next), error="wrong name or password")
    with handle.writer() as store:
        session, _ = user_store.open_session(store, user.name)
    response = RedirectResponse(_safe_next(next), 303)
    response.set_cookie(SESSION_COOKIE, session, httponly=True, samesite="lax", path="/", max_age=12 * 3600)
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


def _user_json(user: user_store.User) -> dict:
    return {"name": user.name, "role": user.role, "has_password": bool(user.password_hash),
            "disabled": user.disabled}


@router.get("/api/users", tags=["users"])
def list_users(request: Request, caller: Caller = Depends(admin)) -> list[dict]:
    return [_user_json(u) for u in user_store.list_users(request.app.state.store.reader())]


@router.post("/api/users", tags=["users"], status_code=201)
def add_user(request: Request, body: NewUser, caller: Caller = Depends(admin)) -> dict:
    """Create a user; the answer holds their first API token (shown once)."""
    try:
        hashed = hash_password(body.password) if body.password else None
        with request.app.state.store.writer() as store:
            user = user_store.add_user(store, body.name, body.role, hashed, caller.user.name)
            token = user_store.issue_token(store, user.name, caller.user.name)
    except user_store.UserError as exc:
        raise HTTPException(400, str(exc))
    return {**_user_json(user), "token": token}


@router.post("/api/users/{name}/role", tags=["users"])
def change_role(request: Request, name: str, body: RoleChange, caller: Caller = Depends(admin)) -> dict:
    try:
        with request.app.state.store.writer() as store:
            user_store.set_role(store, name, body.role, caller.user.name)
    except user_store.UserError as exc:
        raise HTTPException(400, str(exc))
    return {"name": name, "role": body.role}


@router.get("/api/audit", tags=["users"])
def audit(request: Request, limit: int = 200, actor: str | None = None, caller: Caller = Depends(admin)) -> list:
    """The audit log, newest first: who did what, when."""
    return audit_log(request.app.state.store.reader(), min(max(limit, 1), 5000), actor)


@router.get("/admin/users", include_in_schema=False)
def users_page(request: Request, caller: Caller = Depends(admin)):
    store = request.app.state.store.reader()
    return render(request, "users.html", users=user_store.list_users(store), roles=user_store.ROLES,
                  audit=audit_log(store, 50), message=None)


@router.post("/admin/users", include_in_schema=False)
async def users_form(request: Request, caller: Caller = Depends(admin)):
    form = await request.form()
    name, role, password = str(form.get("name", "")), str(form.get("role", "")), str(form.get("password", ""))

    def work() -> str:
        try:
            hashed = hash_password(password) if password else None
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

    message = await run_in_threadpool(work)
    store = request.app.state.store.reader()
    return render(request, "users.html", users=user_store.list_users(store), roles=user_store.ROLES,
                  audit=audit_log(store, 50), message=message)
