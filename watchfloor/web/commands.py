"""CLI: `watchfloor users add|token|list|role|password` and `watchfloor serve`."""
from __future__ import annotations

from typing import Optional

import typer

users_app = typer.Typer(help="Users of the web dashboard and API (roles: viewer < analyst < editor < admin).",
                        no_args_is_help=True)


def _change(ctx: typer.Context, work) -> None:
    """Run work(store, by) on the store, print what it returns; a UserError ends the command plainly."""
    from watchfloor.cli import fail, open_store, out
    from watchfloor.config import current_user
    from watchfloor.store.users import UserError
    try:
        with open_store(ctx) as store:
            said = work(store, current_user())
    except UserError as exc:
        fail(str(exc), 2)
    out.print(said, highlight=False)


def _hashed(password: str | None) -> str | None:
    from watchfloor.cli import fail
    from watchfloor.store.users import UserError
    from watchfloor.web.auth import hash_password
    try:
        return hash_password(password) if password else None
    except UserError as exc:
        fail(str(exc), 2)


@users_app.command("add")
def users_add(ctx: typer.Context, name: str,
              role: str = typer.Option("viewer", "--role", help="viewer, analyst, editor or admin."),
              password: Optional[str] = typer.Option(None, "--password",
                                                     help="For the dashboard login; without it the user has an "
                                                          "API token only.")):
    """Add a user and print their first API token."""
    from watchfloor.store import users
    hashed = _hashed(password)
    _change(ctx, lambda store, by: (users.add_user(store, name, role, hashed, by),
                                    users.issue_token(store, name, by))[1])


@users_app.command("token")
def users_token(ctx: typer.Context, name: str):
    """Issue a new API token for a user and print it."""
    from watchfloor.store import users
    _change(ctx, lambda store, by: users.issue_token(store, name, by))


@users_app.command("role")
def users_role(ctx: typer.Context, name: str, role: str):
    """Change a user's role."""
    from watchfloor.store import users
    _change(ctx, lambda store, by: users.set_role(store, name, role, by) or f"{name}: {role}")


@users_app.command("password")
def users_password(ctx: typer.Context, name: str,
                   password: str = typer.Option(..., "--password", prompt=True, hide_input=True)):
    """Set a user's dashboard password (ends their open sessions)."""
    from watchfloor.store import users
    hashed = _hashed(password)
    _change(ctx, lambda store, by: users.set_password_hash(store, name, hashed, by) or f"{name}: password set")


@users_app.command("list")
def users_list(ctx: typer.Context):
    """List users and roles."""
    from watchfloor.cli import open_store, out
    from watchfloor.store import users
    with open_store(ctx, read_only=True) as store:
        for user in users.list_users(store):
            out.print(f"{user.name}\t{user.role}\t{'password' if user.password_hash else 'token only'}",
                      highlight=False)


def serve(ctx: typer.Context, host: str = typer.Option("127.0.0.1", "--host"),
          port: int = typer.Option(8000, "--port"),
          db: Optional[str] = typer.Option(None, "--db", help="Store path (else the root --db, $WATCHFLOOR_DB).")):
    """Serve the REST API (/api, docs at /docs) and the dashboard. The server owns the store while it runs."""
    import uvicorn

    from watchfloor.cli import console, fail
    from watchfloor.config import store_path
    from watchfloor.store import StoreError
    from watchfloor.web.app import create_app
    path = store_path(db or (ctx.obj.get("db") if ctx.obj else None))
    try:
        app = create_app(path)
    except StoreError as exc:
        fail(str(exc))
    console.print(f"watchfloor: serving {path} on http://{host}:{port} (API docs at /docs)", highlight=False)
    uvicorn.run(app, host=host, port=port, log_level="warning", access_log=False)


def register(app: typer.Typer) -> None:
    app.add_typer(users_app, name="users")
    app.command("serve")(serve)
