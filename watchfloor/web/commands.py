"""CLI: `watchfloor users add|token|tokens|revoke|list|role|password|disable|enable`, `watchfloor teams
add|join|leave|delete|list` and `watchfloor serve`."""
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


def _hashed(password: str | None, name: str) -> str | None:
    from watchfloor.cli import fail
    from watchfloor.store.users import UserError
    from watchfloor.web.auth import hash_password
    try:
        return hash_password(password, name) if password else None
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
    hashed = _hashed(password, name)
    _change(ctx, lambda store, by: (users.add_user(store, name, role, hashed, by),
                                    users.issue_token(store, name, by))[1])


@users_app.command("token")
def users_token(ctx: typer.Context, name: str,
                days: float = typer.Option(90, "--days", min=0, help="Days until it expires; 0: until revoked."),
                note: Optional[str] = typer.Option(None, "--note", help="What the token is for.")):
    """Issue a new API token for a user and print it (the old ones stay valid)."""
    from watchfloor.store import users
    _change(ctx, lambda store, by: users.issue_token(store, name, by, days, note))


@users_app.command("tokens")
def users_tokens(ctx: typer.Context, name: str):
    """List a user's API tokens: id, state, created, expires, issued by, note (never the secret)."""
    from watchfloor.cli import fail, open_store, out
    from watchfloor.store import users
    with open_store(ctx, read_only=True) as store:
        try:
            tokens = users.list_tokens(store, name)
        except users.UserError as exc:
            fail(str(exc), 2)
    for t in tokens:
        out.print(f"{t.id}\t{t.state}\t{t.created_at:%Y-%m-%d %H:%M}\t"
                  f"{f'{t.expires_at:%Y-%m-%d %H:%M}' if t.expires_at else 'never'}\t{t.issued_by or '-'}\t"
                  f"{t.note or ''}", highlight=False)


@users_app.command("revoke")
def users_revoke(ctx: typer.Context, name: str,
                 token_id: Optional[str] = typer.Argument(None, help="The id `users tokens NAME` shows."),
                 all_tokens: bool = typer.Option(False, "--all", help="Revoke every token of the user.")):
    """Revoke one API token of a user, or all of them with --all."""
    from watchfloor.cli import fail
    from watchfloor.store import users
    if (token_id is None) == (not all_tokens):
        fail("name one token id, or --all", 2)
    _change(ctx, lambda store, by: f"{name}: {users.revoke_tokens(store, name, by, token_id)} token(s) revoked")


@users_app.command("disable")
def users_disable(ctx: typer.Context, name: str):
    """Disable a user: their tokens and sessions stop working and logins are refused."""
    from watchfloor.store import users
    _change(ctx, lambda store, by: users.set_disabled(store, name, True, by) or f"{name}: disabled")


@users_app.command("enable")
def users_enable(ctx: typer.Context, name: str):
    """Enable a disabled user again."""
    from watchfloor.store import users
    _change(ctx, lambda store, by: users.set_disabled(store, name, False, by) or f"{name}: enabled")


@users_app.command("role")
def users_role(ctx: typer.Context, name: str, role: str):
    """Change a user's role."""
    from watchfloor.store import users
    _change(ctx, lambda store, by: users.set_role(store, name, role, by) or f"{name}: {role}")


@users_app.command("password")
def users_password(ctx: typer.Context, name: str,
                   password: str = typer.Option(..., "--password", prompt=True, hide_input=True)):
    """Set a user's dashboard password (ends their open sessions and revokes their API tokens)."""
    from watchfloor.store import users
    hashed = _hashed(password, name)
    _change(ctx, lambda store, by: users.set_password_hash(store, name, hashed, by) or f"{name}: password set")


@users_app.command("list")
def users_list(ctx: typer.Context):
    """List users and roles."""
    from watchfloor.cli import open_store, out
    from watchfloor.store import users
    with open_store(ctx, read_only=True) as store:
        for user in users.list_users(store):
            out.print(f"{user.name}\t{user.role}\t{'password' if user.password_hash else 'token only'}"
                      f"{chr(9) + 'disabled' if user.disabled else ''}", highlight=False)


def serve(ctx: typer.Context, host: str = typer.Option("127.0.0.1", "--host"),
          port: int = typer.Option(8000, "--port"),
          db: Optional[str] = typer.Option(None, "--db", help="Store path (else the root --db, $WATCHFLOOR_DB)."),
          behind_tls: bool = typer.Option(False, "--behind-tls",
                                          help="A TLS proxy serves this: send HSTS, mark cookies Secure, take the "
                                               "client address from the proxy's X-Forwarded-For (also "
                                               "$WATCHFLOOR_BEHIND_TLS=1)."),
          access_log: Optional[str] = typer.Option("-", "--access-log",
                                                   help="Access log file, '-' for stderr (the default), "
                                                        "'off' for none."),
          watch: bool = typer.Option(False, "--watch",
                                     help="Run the sources' schedule inside the server (the embedded store has "
                                          "one writer: use this rather than `watchfloor watch` beside a server).")):
    """Serve the REST API (/api, docs at /docs) and the dashboard. The server owns the store while it runs."""
    import uvicorn

    from watchfloor.cli import console, fail
    from watchfloor.config import store_path
    from watchfloor.store import StoreError
    from watchfloor.web import access_log as access
    from watchfloor.web.app import behind_tls_from_env, create_app
    path = store_path(db or (ctx.obj.get("db") if ctx.obj else None))
    behind_tls = behind_tls or behind_tls_from_env()
    try:
        app = create_app(path, behind_tls=behind_tls, watch=watch)
    except (StoreError, ValueError) as exc:
        fail(str(exc))
    access.configure(None if access_log == "off" else access_log)
    console.print(f"watchfloor: serving {path} on http://{host}:{port} (API docs at /docs)"
                  f"{' behind TLS (HSTS, Secure cookies)' if behind_tls else ''}"
                  f"{'; watching the sources' if watch else ''}", highlight=False)
    # Forwarded client addresses are believed only behind a proxy (they key the login throttle).
    uvicorn.run(app, host=host, port=port, log_level="warning", access_log=False, proxy_headers=behind_tls)

teams_app = typer.Typer(help="Teams of users: an alert rule owned by a team reaches every member's bell.",
                        no_args_is_help=True)


@teams_app.command("add")
def teams_add(ctx: typer.Context, name: str,
              member: Optional[list[str]] = typer.Option(None, "--member", help="A user (repeat for more).")):
    """Add a team (a name no user or team has), with its first members."""
    from watchfloor.store import teams
    _change(ctx, lambda store, by: f"team {name}: " + ", ".join(teams.add_team(store, name, by, member or []).members
                                                              or ["no members"]))


def _members(store, team: str, users: list[str], by: str, join: bool) -> str:
    """Add (join) or take out users of a team, all or none; the team's members after."""
    from watchfloor.store import teams
    with store.transaction():
        for user in users:
            (teams.add_member if join else teams.remove_member)(store, team, user, by)
    return f"team {team}: " + (", ".join(teams.get_team(store, team).members) or "no members")


@teams_app.command("join")
def teams_join(ctx: typer.Context, team: str, users: list[str] = typer.Argument(..., metavar="USER...")):
    """Add users to a team."""
    _change(ctx, lambda store, by: _members(store, team, users, by, True))


@teams_app.command("leave")
def teams_leave(ctx: typer.Context, team: str, users: list[str] = typer.Argument(..., metavar="USER...")):
    """Take users out of a team (they no longer see its alerts)."""
    _change(ctx, lambda store, by: _members(store, team, users, by, False))


@teams_app.command("delete")
def teams_delete(ctx: typer.Context, name: str,
                 with_rules: bool = typer.Option(False, "--with-rules",
                                                 help="Delete the team's alert rules with it (without this, a team "
                                                      "that still owns rules is refused, naming them).")):
    """Delete a team and its memberships (audited). Refused while alert rules are owned by the team, unless
    --with-rules deletes them too; alerts already raised and their acknowledgements stay on record."""
    from watchfloor.store import teams

    def work(store, by: str) -> str:
        gone = teams.delete_team(store, name, by, with_rules)
        rules = f"; rules deleted: {', '.join(str(i) for i, _ in gone.rules)}" if gone.rules else ""
        return f"team {gone.name} deleted (members were: {', '.join(gone.members) or 'none'}{rules})"
    _change(ctx, work)


@teams_app.command("list")
def teams_list(ctx: typer.Context):
    """List teams and their members."""
    from watchfloor.cli import open_store, out
    from watchfloor.store import teams
    with open_store(ctx, read_only=True) as store:
        for team in teams.list_teams(store):
            out.print(f"{team.name}\t{' '.join(team.members) or '-'}", highlight=False)


def register(app: typer.Typer) -> None:
    app.add_typer(users_app, name="users")
    app.add_typer(teams_app, name="teams")
    app.command("serve")(serve)
