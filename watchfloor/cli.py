"""The watchfloor command line: one sub-command per stage, each a few lines that call the stage.

Stages add their own commands through a `register(app)` function in `<stage>/commands.py`.
"""
from __future__ import annotations

import importlib
import json
import sys
from datetime import date
from enum import Enum
from pathlib import Path
from typing import List, Optional

import typer
from rich.console import Console
from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table

from watchfloor.config import store_path
from watchfloor.store import Store, StoreError

app = typer.Typer(help="watchfloor: conflict early warning and intelligence analysis.", no_args_is_help=True,
                  pretty_exceptions_enable=False)
ingest_app = typer.Typer(help="Load event datasets into the store.", no_args_is_help=True)
regions_app = typer.Typer(help="Admin boundaries.", no_args_is_help=True)
app.add_typer(ingest_app, name="ingest")
app.add_typer(regions_app, name="regions")

console = Console(stderr=True, soft_wrap=True, emoji=False)   # ":date:" in a fact id is text, not 📅
out = Console(soft_wrap=True, emoji=False)

STAGE_COMMANDS = ("watchfloor.read.commands", "watchfloor.forecast.commands", "watchfloor.warn.commands",
                  "watchfloor.judgments.commands", "watchfloor.web.commands", "watchfloor.incidents.commands",
                  "watchfloor.exchange.commands", "watchfloor.sources.commands", "watchfloor.alerts.commands",
                  "watchfloor.scale.commands")   # after read: adds --workers/--scheduler to it


class Format(str, Enum):
    table = "table"
    csv = "csv"
    json = "json"
    geojson = "geojson"


@app.callback()
def root(ctx: typer.Context,
         db: Optional[str] = typer.Option(None, "--db", help="Store: a DuckDB file or postgresql://… (else $WATCHFLOOR_DB, else ./watchfloor.duckdb).")):
    ctx.obj = {"db": db}


def fail(message: str, code: int = 1) -> None:
    console.print(f"[bold red]error:[/] {message}", markup=True, highlight=False)
    raise typer.Exit(code)


def open_store(ctx: typer.Context, read_only: bool = False) -> Store:
    """The store named by --db / $WATCHFLOOR_DB; errors (locked, newer schema) end the command plainly."""
    try:
        return Store.open(store_path(ctx.obj.get("db") if ctx.obj else None), read_only=read_only)
    except StoreError as exc:
        fail(str(exc))


def stage_progress(description: str):
    """A Rich progress display for a staged job; returns (progress, callback(stage))."""
    progress = Progress(SpinnerColumn(), TextColumn("{task.description}"), BarColumn(), TimeElapsedColumn(),
                        console=console, transient=True, disable=not console.is_terminal)
    task = progress.add_task(description, total=None)
    return progress, lambda stage: progress.update(task, description=f"{description}: {stage}")


def print_frame(frame, fmt: Format, title: str | None = None) -> None:
    if fmt == Format.csv:
        sys.stdout.write(frame.to_csv(index=False))
    elif fmt == Format.json:
        sys.stdout.write(frame.to_json(orient="records", date_format="iso", force_ascii=False) + "\n")
    else:
        table = Table(title=title, show_lines=False)
        for col in frame.columns:
            table.add_column(str(col), overflow="fold")
        for row in frame.itertuples(index=False):
            table.add_row(*["" if v is None or (isinstance(v, float) and v != v) else str(v) for v in row])
        out.print(table)


@app.command()
def init(ctx: typer.Context):
    """Create the store and load the bundled reference data (boundaries, gazetteer, actors, force presence)."""
    from watchfloor.bundled import load_reference
    with open_store(ctx) as store:
        counts = load_reference(store)
    out.print(" ".join(f"{k}={v}" for k, v in counts.items()))


def _ingest(ctx: typer.Context, layout: str, file: Optional[Path], bundled: bool, skip_bad_rows: bool,
            as_json: bool, encoding: str, covers: dict | None = None) -> None:
    from watchfloor.ingest import IngestError, ingest_file
    if bundled:
        if layout != "ucdp":
            fail("only UCDP events are bundled (ACLED's terms forbid redistribution)")
        from watchfloor.bundled import BUNDLED_EVENTS
        file = BUNDLED_EVENTS
    if file is None:
        fail("name a FILE to ingest (or --bundled)")
    with open_store(ctx) as store:
        progress, step = stage_progress(f"ingest {file.name}")
        try:
            with progress:
                result = ingest_file(store, file, layout, skip_bad_rows=skip_bad_rows, encoding=encoding,
                                     progress=step, **(covers or {}))
        except IngestError as exc:
            fail(str(exc), 2)
        from watchfloor.store.staging import unplaced_countries
        unplaced = unplaced_countries(store, result.dataset_id)
    if as_json:
        out.print(json.dumps(result.as_dict()))
    else:
        out.print(f"{file}: inserted {result.inserted}, updated {result.updated}, "
                  f"unchanged {result.unchanged}, rejected {result.rejected}")
    for iso3, n in unplaced:      # on stderr: the --json answer stays one JSON line
        console.print(f"note: {n} {iso3} event(s) not assigned to a region: no admin-1 boundaries are stored for "
                      f"{iso3}; load an admin-1 GeoJSON (Natural Earth, geoBoundaries) with `watchfloor regions "
                      "load FILE` and they are assigned", markup=False, highlight=False)


_SKIP = typer.Option(False, "--skip-bad-rows", help="Load good rows; record bad ones in rejected_rows.")
_JSON = typer.Option(False, "--json", help="Print the counts as JSON.")
_ENC = typer.Option("utf-8", "--encoding", help="File encoding (utf-8, latin-1, utf-16).")
_COVERS_FROM = typer.Option(None, "--covers-from", help="YYYY-MM-DD: the first day the file covers "
                            "(default: its first event's date).")
_COVERS_TO = typer.Option(None, "--covers-to", help="YYYY-MM-DD: the last day the file covers "
                          "(default: its last event's date).")
_DATE_ORDER = typer.Option(None, "--date-order", help="dmy or mdy: how to read dates such as 05/06/2020 that a "
                           "spreadsheet wrote (default: the file's other dates tell, else an error).")
_COVERS_COUNTRY = typer.Option(None, "--covers-country", help="ISO3 of a country the file covers without rows "
                               "(repeatable; needs --covers-from and --covers-to).")


def _covers(covers_from: Optional[str], covers_to: Optional[str], countries: Optional[List[str]],
            date_order: Optional[str] = None) -> dict:
    return {"covers_from": covers_from, "covers_to": covers_to, "covers_countries": tuple(countries or ()),
            "date_order": date_order}


@ingest_app.command("ucdp")
def ingest_ucdp(ctx: typer.Context, file: Optional[Path] = typer.Argument(None),
                bundled: bool = typer.Option(False, "--bundled", help="Load the bundled UCDP GED events."),
                skip_bad_rows: bool = _SKIP, as_json: bool = _JSON, encoding: str = _ENC,
                covers_from: Optional[str] = _COVERS_FROM, covers_to: Optional[str] = _COVERS_TO,
                covers_country: Optional[List[str]] = _COVERS_COUNTRY, date_order: Optional[str] = _DATE_ORDER):
    """Ingest a UCDP GED CSV (full 49-column release, Candidate or reduced layout) or a GED API page saved as JSON."""
    _ingest(ctx, "ucdp", file, bundled, skip_bad_rows, as_json, encoding,
            _covers(covers_from, covers_to, covers_country, date_order))


@ingest_app.command("acled")
def ingest_acled(ctx: typer.Context, file: Path, skip_bad_rows: bool = _SKIP, as_json: bool = _JSON,
                 encoding: str = _ENC, covers_from: Optional[str] = _COVERS_FROM,
                 covers_to: Optional[str] = _COVERS_TO, covers_country: Optional[List[str]] = _COVERS_COUNTRY,
                 date_order: Optional[str] = _DATE_ORDER):
    """Ingest an ACLED export: CSV (comma, semicolon or tab separated, as ACLED or a spreadsheet saved it) or an API
    answer saved as JSON."""
    _ingest(ctx, "acled", file, False, skip_bad_rows, as_json, encoding,
            _covers(covers_from, covers_to, covers_country, date_order))


@regions_app.command("load")
def regions_load(ctx: typer.Context, file: Path,
                 name_field: Optional[str] = typer.Option(None, "--name-field"),
                 code_field: Optional[str] = typer.Option(None, "--code-field"),
                 country: Optional[str] = typer.Option(None, "--country", help="ISO3 for every feature."),
                 level: int = typer.Option(1, "--level", help="0 for countries, 1 for admin-1.")):
    """Load admin boundaries from GeoJSON; stored events are re-assigned to the new regions."""
    from watchfloor.geo.regions import BoundaryError, read_admin_geojson
    from watchfloor.store.reference import reassign_event_regions, replace_regions
    try:
        regions = read_admin_geojson(file, level=level, name_field=name_field, code_field=code_field,
                                     country=country)
    except BoundaryError as exc:
        fail(str(exc), 2)
    with open_store(ctx) as store:
        with store.transaction():
            n = replace_regions(store, regions)
            store.audit("regions.load", str(file), {"regions": n, "level": level})
            moved = reassign_event_regions(store)
    out.print(f"{file}: {n} regions loaded; {moved} events re-assigned")


@app.command()
def events(ctx: typer.Context, country: Optional[str] = typer.Option(None, help="ISO3 code."),
           region: Optional[str] = typer.Option(None, help="Admin-1 name or region id."),
           since: Optional[str] = typer.Option(None, help="YYYY-MM-DD"),
           until: Optional[str] = typer.Option(None, help="YYYY-MM-DD"),
           actor: Optional[str] = typer.Option(None, help="Part of an actor's name."),
           type: Optional[str] = typer.Option(None, "--type", help="Violence type or ACLED (sub-)event type."),
           limit: Optional[int] = typer.Option(None),
           format: Format = typer.Option(Format.table, "--format")):
    """List events."""
    from watchfloor.geo.geojson import events_geojson
    from watchfloor.store.events import EventFilter, events_frame
    try:
        flt = EventFilter(country, region, date.fromisoformat(since) if since else None,
                          date.fromisoformat(until) if until else None, actor, type, limit)
    except ValueError as exc:
        fail(f"--since/--until: {exc}; expected YYYY-MM-DD", 2)
    with open_store(ctx) as store:
        frame = events_frame(store, flt)
    if format == Format.geojson:
        sys.stdout.write(json.dumps(events_geojson(frame), ensure_ascii=False) + "\n")
    elif format == Format.table:
        cols = ["id", "date_start", "country_iso3", "admin1", "actor1", "actor2", "violence_type", "event_type",
                "fatalities"]
        print_frame(frame[cols], format, title=f"{len(frame)} events")
    else:
        print_frame(frame, format)


@app.command()
def summary(ctx: typer.Context, country: Optional[str] = typer.Option(None, help="ISO3 code."),
            format: Format = typer.Option(Format.table, "--format"),
            source: Optional[str] = typer.Option(None, "--source", help="ucdp, acled or all (default: all, each "
                                                 "source in its own rows when several are stored).")):
    """Events and fatalities per region per year."""
    from watchfloor.store.coverage import CoverageError, describe, resolve_sources, sources_sentence, stored_sources
    from watchfloor.store.events import summary_frame
    with open_store(ctx) as store:
        try:
            sources = resolve_sources(store, country, "summary", source)
        except CoverageError as exc:
            fail(str(exc), 2)
        several = source is not None or len(stored_sources(store, country)) > 1
        frame = summary_frame(store, country, sources if several else None)
        said = sources_sentence(describe(store, country, sources))
    print_frame(frame, format, title=f"events and fatalities per region per year ({said})")
    if format == Format.table:
        return
    console.print(f"sources: {said}", markup=False, highlight=False)


@app.command()
def demo(ctx: typer.Context, out_dir: Path = typer.Option(Path("out"), "--out", help="Where outputs go."),
         country: Optional[str] = typer.Option(None, help="ISO3; default: the country with most bundled events.")):
    """Build a fresh store from the bundled data and run the whole pipeline on it."""
    from watchfloor.demo import DemoRefused, run_demo
    db = ctx.obj.get("db") if ctx.obj else None
    try:
        run_demo(db, out_dir, country, say=out.print)
    except DemoRefused as exc:
        fail(str(exc))


def _register_stages() -> None:
    for name in STAGE_COMMANDS:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name and name.startswith(exc.name):
                continue  # that stage is not part of this build
            raise
        module.register(app)


_register_stages()


def main() -> None:
    app()


if __name__ == "__main__":
    main()
