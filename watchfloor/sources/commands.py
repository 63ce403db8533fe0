"""CLI: `watchfloor sources list|add|remove|run NAME|status` and `watchfloor watch`."""
from __future__ import annotations

import json
import sys
from typing import List, Optional

import typer

TEXT_SETTINGS = {"release", "start", "base_url", "url", "folder"}   # kept as written (24.1 is a release, not a number)
sources_app = typer.Typer(help="Live sources (ACLED, UCDP, GDELT, feeds, a watched folder) and their runs.",
                          no_args_is_help=True)


@sources_app.command("list")
def sources_list(ctx: typer.Context, as_json: bool = typer.Option(False, "--json")):
    """The configured sources and their settings (credentials are never stored, so never shown)."""
    from watchfloor.cli import open_store, out
    from watchfloor.sources import ledger
    with open_store(ctx) as store:
        found = ledger.sources(store)
    if as_json:
        sys.stdout.write(json.dumps([vars(s) for s in found]) + "\n")
        return
    if not found:
        out.print("no sources configured (add one with `watchfloor sources add NAME --kind acled|ucdp|gdelt|feed|folder`)")
    for s in found:
        out.print(f"{s.name:<20} {s.kind:<7} every {_every(s.every_seconds):<6} {json.dumps(s.settings, sort_keys=True)}",
                  highlight=False, markup=False)


@sources_app.command("add")
def sources_add(ctx: typer.Context, name: str = typer.Argument(...),
                kind: str = typer.Option(..., "--kind", help="acled, ucdp, gdelt, feed or folder."),
                every: Optional[int] = typer.Option(None, "--every", help="Seconds between runs (default per kind)."),
                country: Optional[List[str]] = typer.Option(None, "--country", help="ISO3 code of a watched country "
                                                            "(repeat for more)."),
                url: Optional[str] = typer.Option(None, "--url", help="A feed's URL."),
                folder: Optional[str] = typer.Option(None, "--folder", help="A watched folder's path."),
                allow: Optional[List[str]] = typer.Option(None, "--allow", help="A host a feed's items may be "
                                                          "fetched from besides the feed's own (repeat for more)."),
                base_url: Optional[str] = typer.Option(None, "--base-url", help="The source's API or file host."),
                start: Optional[str] = typer.Option(None, "--start", help="First date to fetch (YYYY-MM-DD)."),
                setting: Optional[List[str]] = typer.Option(None, "--set", help="Another setting KEY=VALUE "
                                                            "(release=24.1, limit=5000, timeout=20, model=false …)."),
                editor: Optional[str] = typer.Option(None, "--editor", help="Who adds it (kept in the audit).")):
    """Add a source, or change one (feeds and folders are configured by editors)."""
    from watchfloor.cli import fail, open_store, out
    from watchfloor.sources import DEFAULT_EVERY, KINDS, SourceError, connector_for, ledger
    if kind not in KINDS:
        fail(f"--kind {kind!r}: expected one of {', '.join(KINDS)}")
    settings: dict = {k: v for k, v in {"base_url": base_url, "url": url, "folder": folder, "start": start}.items() if v}
    if country:
        settings["countries"] = [c.upper() for c in country]
    if allow:
        settings["allowlist"] = list(allow)
    for item in setting or []:
        key, sep, value = item.partition("=")
        if not sep:
            fail(f"--set {item!r}: expected KEY=VALUE")
        key = key.strip()
        settings[key] = value.strip() if key in TEXT_SETTINGS else _value(value.strip())
    config = ledger.SourceConfig(name, kind, every or DEFAULT_EVERY[kind], settings)
    try:
        connector_for(kind)(name, settings)       # the settings make a working connector
        with open_store(ctx) as store:
            ledger.add_source(store, config, by=editor)
    except SourceError as exc:
        fail(str(exc))
    out.print(f"source {name} ({kind}) every {_every(config.every_seconds)}", highlight=False, markup=False)


@sources_app.command("remove")
def sources_remove(ctx: typer.Context, name: str = typer.Argument(...)):
    """Remove a source (what it ingested stays)."""
    from watchfloor.cli import fail, open_store, out
    from watchfloor.sources import ledger
    with open_store(ctx) as store:
        if not ledger.remove_source(store, name):
            fail(f"no source named {name!r}")
    out.print(f"source {name} removed")


@sources_app.command("run")
def sources_run(ctx: typer.Context, name: str = typer.Argument(...),
                model: Optional[bool] = typer.Option(None, "--model/--no-model", help="Read feed items with the "
                                                     "statistical model, or the rules only (default: the source's)."),
                as_json: bool = typer.Option(False, "--json")):
    """Run one source now, from where its last run stopped."""
    from watchfloor.cli import console, out
    from watchfloor.sources.run import run_source
    with _open_to_run(ctx) as store:
        result = run_source(store, name, model=model)
    if as_json:
        sys.stdout.write(json.dumps(result.as_dict(), default=str) + "\n")
    else:
        out.print(_summary(result.as_dict()), highlight=False, markup=False)
    if result.note:
        console.print(f"[bold]note:[/] {result.note}", markup=True, highlight=False)
    if result.error:
        console.print(f"[bold red]error:[/] {result.error}", markup=True, highlight=False)
        raise typer.Exit(1)


@sources_app.command("status")
def sources_status(ctx: typer.Context, as_json: bool = typer.Option(False, "--json")):
    """Each source's last run, next run, rows added and updated, and errors."""
    from watchfloor.cli import open_store, out
    from watchfloor.sources.watch import status
    with open_store(ctx, read_only=False) as store:
        rows = status(store)
    if as_json:
        sys.stdout.write(json.dumps(rows, default=str) + "\n")
        return
    for r in rows:
        last = r["last"] or {}
        out.print(f"{r['name']:<20} {r['kind']:<7} last {str(last.get('finished_at') or 'never')[:19]:<19} "
                  f"{last.get('status') or '-':<6}{_run_before(r)} next {str(r['next_run'] or 'now')[:19]:<19} "
                  f"+{last.get('inserted') or 0} ~{last.get('updated') or 0} -{last.get('withdrawn') or 0} "
                  f"reports {last.get('reports') or 0}"
                  + (f"  error: {last['error']}" if last.get("error") else ""), highlight=False, markup=False)


def watch(ctx: typer.Context,
          once: bool = typer.Option(False, "--once", help="Run every source once, then stop."),
          country: Optional[List[str]] = typer.Option(None, "--country", help="ISO3 code to evaluate triggers for "
                                                      "(default: the sources' countries)."),
          model: Optional[bool] = typer.Option(None, "--model/--no-model", help="Reader path for feed items."),
          forecast: bool = typer.Option(True, "--forecast/--no-forecast", help="Forecast again when a month closes."),
          as_json: bool = typer.Option(False, "--json")):
    """Own the schedule and the writes: run each source on its interval, read new reports, evaluate triggers
    and send alerts. Runs in the foreground (Ctrl-C stops it); one process per store."""
    from watchfloor.cli import out
    from watchfloor.sources.watch import Watch
    with _open_to_run(ctx) as store:
        watcher = Watch(store, countries=[c.upper() for c in country or []], model=model, forecast=forecast,
                        say=lambda line: out.print(line, highlight=False, markup=False))
        if once:
            cycles = watcher.run_all()
            if as_json:
                sys.stdout.write(json.dumps(cycles, default=str) + "\n")
            return
        watcher.start()


def _open_to_run(ctx: typer.Context):
    """The store, for a watch or a source's run; on a DuckDB file another process holds, a refusal saying why."""
    from watchfloor.cli import fail, store_path
    from watchfloor.store.connection import Store, StoreBusyError, StoreError
    try:
        return Store.open(store_path(ctx.obj.get("db") if ctx.obj else None))
    except StoreBusyError as exc:
        fail(f"{exc}\nOn a DuckDB store one process writes, and a running watch (`watchfloor watch` or `serve "
             "--watch`) runs every source itself: stop it first, or use its Sources page's Run now. On PostgreSQL "
             "several watches may share a store (each source is run by one at a time).")
    except StoreError as exc:
        fail(str(exc))


def _run_before(r: dict) -> str:
    """After a skipped run: the run before it, which the status line would otherwise not show."""
    before = r.get("last_run")
    if before is None or before is r["last"]:
        return ""
    return f" (last run {str(before['finished_at'])[:19]} {before['status']})"


def _summary(r: dict) -> str:
    return (f"{r['source']}: {r['status']}, fetched {r['fetched']}, inserted {r['inserted']}, updated {r['updated']}, "
            f"unchanged {r['unchanged']}, withdrawn {r['withdrawn']}, reports {r['reports']}, "
            f"attempts {r['attempts']}" + "".join(f"\n  skipped: {s}" for s in r["skipped"][:20]))


def _every(seconds: int) -> str:
    return f"{seconds // 3600}h" if seconds % 3600 == 0 else f"{seconds // 60}m" if seconds % 60 == 0 else f"{seconds}s"


def _value(text: str):
    lowered = text.lower()
    if lowered in ("true", "false"):
        return lowered == "true"
    for cast in (int, float):
        try:
            return cast(text)
        except ValueError:
            pass
    return text


def register(app: typer.Typer) -> None:
    app.add_typer(sources_app, name="sources")
    app.command("watch")(watch)
