"""CLI: `watchfloor alerts rule …`, `watchfloor alerts list`, `watchfloor alerts ack ID`, `watchfloor alerts send`."""
from __future__ import annotations

import json
import sys
from typing import List, Optional

import typer

alerts_app = typer.Typer(help="Alert rules, unread alerts, acknowledgement.", no_args_is_help=True)


@alerts_app.command("rule")
def rule_add(ctx: typer.Context, name: str = typer.Argument(...),
             owner: str = typer.Option(..., "--owner", help="The user or team it is for."),
             channel: str = typer.Option("in-app", "--channel", help="email, webhook or in-app."),
             target: Optional[str] = typer.Option(None, "--to", help="An email address or a webhook URL."),
             country: Optional[List[str]] = typer.Option(None, "--country", help="ISO3 (repeat for more)."),
             region: Optional[List[str]] = typer.Option(None, "--region", help="Region id or name (repeat)."),
             kind: Optional[List[str]] = typer.Option(None, "--kind", help="Trigger kind or family (repeat)."),
             min_severity: int = typer.Option(2, "--min-severity", help="1 note, 2 warning, 3 imminent."),
             secret_env: Optional[str] = typer.Option(None, "--secret-env", help="Webhook: the environment variable "
                                                      "holding its HMAC secret."),
             digest: bool = typer.Option(False, "--digest", help="One message per cycle for all its alerts.")):
    """Add an alert rule."""
    from watchfloor.alerts.rules import AlertRule
    from watchfloor.alerts.service import add_rule
    from watchfloor.cli import fail, open_store, out
    rule = AlertRule(name, owner, channel, target, [c.upper() for c in country or []], list(region or []),
                     list(kind or []), min_severity, secret_env, digest)
    with open_store(ctx) as store:
        try:
            rule_id = add_rule(store, rule)
        except ValueError as exc:
            fail(str(exc))
    out.print(f"rule {rule_id}: {name} → {channel} {target or owner}", highlight=False, markup=False)


@alerts_app.command("list")
def alerts_list(ctx: typer.Context, owner: Optional[str] = typer.Option(None, "--owner"),
                as_json: bool = typer.Option(False, "--json")):
    """Unread alerts (the in-app bell)."""
    from watchfloor.alerts.service import unread
    from watchfloor.cli import open_store, out
    with open_store(ctx) as store:
        rows = unread(store, owner)
    if as_json:
        sys.stdout.write(json.dumps(rows, default=str) + "\n")
        return
    for a in rows:
        out.print(f"{a['id']:>5}  {a['title']}", highlight=False, markup=False)


@alerts_app.command("ack")
def alerts_ack(ctx: typer.Context, alert_id: int = typer.Argument(..., metavar="ID"),
               user: str = typer.Option(..., "--user", help="An existing user: the alert must be addressed to them "
                                                            "or to a team they belong to.")):
    """Acknowledge an alert addressed to USER or to a team USER belongs to (audited; a team's alert is then read
    for every member). Any other alert is refused, naming it and the user (exit 1)."""
    from watchfloor.alerts.ledger import acknowledgement
    from watchfloor.alerts.service import NotAddressed, acknowledge_as
    from watchfloor.cli import fail, open_store, out
    with open_store(ctx) as store:
        try:
            done = acknowledge_as(store, alert_id, user)
        except NotAddressed as exc:
            fail(str(exc))
        if not done:
            by, at = acknowledgement(store, alert_id)
            out.print(f"alert {alert_id} was acknowledged already (by {by} at {at:%Y-%m-%d %H:%M} UTC)",
                      highlight=False, markup=False)
            return
    out.print(f"alert {alert_id} acknowledged by {user}", highlight=False, markup=False)


@alerts_app.command("send")
def alerts_send(ctx: typer.Context):
    """Deliver the alerts not yet delivered (the watch does this after every run)."""
    from watchfloor.alerts.service import deliver_pending
    from watchfloor.cli import open_store, out
    with open_store(ctx) as store:
        for d in deliver_pending(store):
            out.print(f"alerts {d['alerts']} by {d['channel']}: {'sent' if d['sent'] else d['error']}",
                      highlight=False, markup=False)


def register(app: typer.Typer) -> None:
    app.add_typer(alerts_app, name="alerts")
