"""`watchfloor incidents link|show|merge|split`."""
from __future__ import annotations

import json
from typing import Optional

import typer


def register(app: typer.Typer) -> None:
    from watchfloor.cli import fail, open_store, out

    incidents_app = typer.Typer(help="One incident once: link the records several sources keep of it.",
                                no_args_is_help=True)
    app.add_typer(incidents_app, name="incidents")

    @incidents_app.command("link")
    def link_cmd(ctx: typer.Context, country: Optional[str] = typer.Option(None, help="ISO3 code (default: all)."),
                 as_json: bool = typer.Option(False, "--json")):
        """Link records of the same incident across sources (date, distance, actors, violence type, fatalities)."""
        from watchfloor.incidents.service import link_store
        from watchfloor.config import current_user
        with open_store(ctx) as store:
            detail = link_store(store, country.upper() if country else None, by=current_user())
        if as_json:
            out.print_json(json.dumps(detail))
        else:
            out.print(f"{detail['records']} records from {', '.join(detail['sources']) or 'no source'} → "
                      f"{detail['incidents']} incidents ({detail['links']} automatic links)")

    @incidents_app.command("show")
    def show_cmd(ctx: typer.Context, record: str, as_json: bool = typer.Option(False, "--json")):
        """The records linked to RECORD (an event id such as 'acled:MLI1234' or a report event's fact id)."""
        from watchfloor.store.incidents import incident_of
        with open_store(ctx, read_only=True) as store:
            rows = incident_of(store, record)
        if not rows:
            fail(f"{record}: not linked (run `watchfloor incidents link` first, or no such record)")
        if as_json:
            out.print_json(json.dumps(rows, default=str))
            return
        for r in rows:
            out.print(f"{r['record_id']:<28} {str(r['date_start'] or ''):<10} {r['location_name'] or '':<20} "
                      f"{r['actor1'] or ''} / {r['actor2'] or ''}  fatalities={r['fatalities']}  "
                      f"{r['decision'] or ''} {r['rule'] or ''}")

    def _decide(ctx, a: str, b: str, decision: str, note: Optional[str]):
        from watchfloor.incidents.service import link_store
        from watchfloor.config import current_user
        from watchfloor.store.incidents import decide
        with open_store(ctx) as store:
            try:
                decide(store, a, b, decision, current_user(), note)
            except (KeyError, ValueError) as exc:
                fail(str(exc).strip("'\""))
            detail = link_store(store, None, by=current_user())
        out.print(f"{decision}: {a} {b} (kept across re-linking); {detail['incidents']} incidents")

    @incidents_app.command("merge")
    def merge_cmd(ctx: typer.Context, record_a: str, record_b: str,
                  note: Optional[str] = typer.Option(None, help="Why (kept in the audit).")):
        """Link two records as one incident, whatever their score."""
        _decide(ctx, record_a, record_b, "merge", note)

    @incidents_app.command("split")
    def split_cmd(ctx: typer.Context, record_a: str, record_b: str,
                  note: Optional[str] = typer.Option(None, help="Why (kept in the audit).")):
        """Never link these two records again."""
        _decide(ctx, record_a, record_b, "split", note)
