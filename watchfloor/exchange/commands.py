"""CLI: `watchfloor export stix` and `watchfloor import stix`."""
from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import Optional

import typer

export_app = typer.Typer(help="Send what the store holds to partners.", no_args_is_help=True)
import_app = typer.Typer(help="Take in what partners send.", no_args_is_help=True)


@export_app.command("stix")
def export_stix(ctx: typer.Context, country: str = typer.Option(..., "--country", help="ISO3."),
                since: Optional[datetime] = typer.Option(None, "--since", formats=["%Y-%m-%d"],
                                                         help="Events and reports from this day on."),
                out_file: Optional[Path] = typer.Option(None, "--out", help="File to write (else stdout).")):
    """A STIX 2.1 bundle of the country's events, actors, places, reports and judgments (validated)."""
    from watchfloor.cli import fail, open_store, out
    from watchfloor.exchange.stix import export_bundle, validation_errors
    with open_store(ctx, read_only=True) as store:
        bundle = export_bundle(store, country, since.date() if since else None)
    problems = validation_errors(bundle)
    if problems:
        fail("the bundle does not validate: " + "; ".join(problems[:5]))
    text = json.dumps(bundle, ensure_ascii=False, indent=1)
    if out_file:
        out_file.write_text(text, encoding="utf-8")
        out.print(f"{out_file}: {len(bundle['objects'])} STIX objects", highlight=False)
    else:
        print(text)


@import_app.command("stix")
def import_stix(ctx: typer.Context, path: Path = typer.Argument(..., exists=True, dir_okay=False)):
    """Import a STIX 2.1 bundle: each object kept with its STIX id and producer (refused whole if invalid)."""
    from watchfloor.cli import fail, open_store, out
    from watchfloor.config import current_user
    from watchfloor.exchange.stix import StixError, import_bundle
    with open_store(ctx) as store:
        try:
            counts = import_bundle(store, path.read_text(encoding="utf-8"), path.name, current_user())
        except StixError as exc:
            fail(str(exc), 2)
    out.print(", ".join(f"{n} {what}" for what, n in counts.items()), highlight=False)


def register(app: typer.Typer) -> None:
    app.add_typer(export_app, name="export")
    app.add_typer(import_app, name="import")
