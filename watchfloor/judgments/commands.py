"""`watchfloor judgments ...`: list, record, import, resolve, reopen, auto-resolve, score, chart, horizon."""
from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Optional

import typer

judgments_app = typer.Typer(help="Track estimative judgments, resolve them and keep score.", no_args_is_help=True)


def _json(value) -> None:
    sys.stdout.write(json.dumps(value, default=str, ensure_ascii=False) + "\n")


def _run(ctx: typer.Context, work, as_json: bool) -> dict | None:
    """Run work(store); print its result as JSON (and return None) or return it for a readable summary."""
    from watchfloor.cli import open_store
    with open_store(ctx) as store:
        result = work(store)
    if as_json:
        _json(result)
        return None
    return result


def _pct(x: float | None) -> str:
    return "-" if x is None or x != x else f"{100 * x:.0f}%"


@judgments_app.command("list")
def list_command(ctx: typer.Context,
                 open_: bool = typer.Option(False, "--open", help="Only open judgments."),
                 resolved: bool = typer.Option(False, "--resolved", help="Only resolved judgments."),
                 due: bool = typer.Option(False, "--due", help="Only open judgments the data now covers."),
                 source: Optional[str] = typer.Option(None, "--source", help="Source kind (report, brief, manual), "
                                                      "outlet or source id."),
                 as_json: bool = typer.Option(False, "--json", help="One JSON list.")):
    """List tracked judgments."""
    from rich.table import Table

    from watchfloor.cli import fail, open_store, out
    from watchfloor.judgments.tracking import list_judgments
    if sum([open_, resolved, due]) > 1:
        fail("choose one of --open, --resolved, --due", 2)
    status = "open" if open_ else "resolved" if resolved else "due" if due else None
    with open_store(ctx) as store:
        found = list_judgments(store, status, source)
    if as_json:
        _json(found)
        return
    table = Table(title=f"{len(found)} judgments", show_lines=False)
    for col in ("id", "made", "by", "claim", "p", "deadline", "status"):
        table.add_column(col, overflow="fold")
    for j in found:
        state = j["outcome"] if j["status"] == "resolved" else ("due" if j["due"] else "open")
        table.add_row(str(j["id"]), j["made_at"], j["made_by"], j["claim"],
                      f"{_pct(j['probability'])} {j['band_name'] or ''}".strip(), j["deadline"] or "-",
                      state + ("" if j["structured"] or j["status"] == "resolved" else " (manual)"))
    out.print(table)


@judgments_app.command("show")
def show_command(ctx: typer.Context, judgment_id: int = typer.Argument(..., metavar="ID")):
    """One judgment as JSON, with its resolution history."""
    from watchfloor.cli import fail, open_store
    from watchfloor.judgments.tracking import get_judgment
    with open_store(ctx) as store:
        found = get_judgment(store, judgment_id)
    if found is None:
        fail(f"no judgment with id {judgment_id}")
    _json(found)


@judgments_app.command("add")
def add_command(ctx: typer.Context, claim: str = typer.Argument(..., help="The judgment, with its likelihood word."),
                by: str = typer.Option(..., "--by", help="Who made it (author or outlet)."),
                at: str = typer.Option(..., "--at", help="When it was made, YYYY-MM-DD."),
                deadline: Optional[str] = typer.Option(None, "--deadline", help="YYYY-MM-DD (else read or default)."),
                probability: Optional[float] = typer.Option(None, "--probability", help="Stated number, 0-1."),
                source_id: Optional[str] = typer.Option(None, "--source-id")):
    """Track a judgment typed in by hand."""
    from watchfloor.cli import fail, open_store, out
    from watchfloor.judgments.likelihood import NotAJudgment
    from watchfloor.judgments.tracking import record_judgment
    with open_store(ctx) as store:
        try:
            judgment_id = record_judgment(store, claim=claim, probability=probability, made_by=by, made_at=at,
                                          source_kind="manual", source_id=source_id, deadline=deadline)
        except (NotAJudgment, ValueError) as exc:
            fail(str(exc), 2)
    out.print(f"judgment {judgment_id} tracked")


@judgments_app.command("import")
def import_command(ctx: typer.Context, as_json: bool = typer.Option(False, "--json")):
    """Track every judgment the reader found in stored reports (idempotent)."""
    from watchfloor.cli import out
    from watchfloor.judgments.tracking import import_report_judgments
    result = _run(ctx, import_report_judgments, as_json)
    if result is None:
        return
    out.print(f"imported {len(result['imported'])}, skipped {len(result['skipped'])}, "
              f"voided {len(result['voided'])} (their facts were rejected)")
    for skip in result["skipped"]:
        out.print(f"  skipped {skip['fact_id']}: {skip['reason']}", highlight=False)


@judgments_app.command("resolve")
def resolve_command(ctx: typer.Context, judgment_id: int = typer.Argument(..., metavar="ID"),
                    outcome: str = typer.Option(..., "--outcome", help="true, false or void."),
                    note: Optional[str] = typer.Option(None, "--note", help="Why (kept in the history).")):
    """Resolve a judgment by hand."""
    from watchfloor.cli import fail, open_store, out
    from watchfloor.judgments.resolution import ResolutionError, resolve
    with open_store(ctx) as store:
        try:
            found = resolve(store, judgment_id, outcome, note)
        except ResolutionError as exc:
            fail(str(exc), 2)
    out.print(f"judgment {judgment_id}: {found['outcome']}")


@judgments_app.command("reopen")
def reopen_command(ctx: typer.Context, judgment_id: int = typer.Argument(..., metavar="ID"),
                   note: Optional[str] = typer.Option(None, "--note")):
    """Undo a judgment's resolution (the history keeps it)."""
    from watchfloor.cli import fail, open_store, out
    from watchfloor.judgments.resolution import ResolutionError, reopen
    with open_store(ctx) as store:
        try:
            reopen(store, judgment_id, note)
        except ResolutionError as exc:
            fail(str(exc), 2)
    out.print(f"judgment {judgment_id}: open again (auto-resolve will leave it to a person)")


@judgments_app.command("auto-resolve")
def auto_resolve_command(ctx: typer.Context, as_json: bool = typer.Option(False, "--json")):
    """Resolve structured judgments against the stored events, where the data covers their deadline."""
    from watchfloor.cli import out
    from watchfloor.judgments.resolution import auto_resolve
    result = _run(ctx, auto_resolve, as_json)
    if result is None:
        return
    for r in result["resolved"]:
        out.print(f"judgment {r['id']}: {r['outcome']} ({r['events']} events, {r['fatalities']} fatalities)")
    out.print(f"resolved {len(result['resolved'])}; not yet due {len(result['not_due'])}; "
              f"for a person {len(result['manual'])}; reopened by a person {len(result['reopened'])}")


@judgments_app.command("score")
def score_command(ctx: typer.Context,
                  by: str = typer.Option("term", "--by", help="term, source, author, horizon or quarter."),
                  as_json: bool = typer.Option(False, "--json", help="Every figure as JSON.")):
    """Brier score, its decomposition, and calibration by term, source, author, horizon or quarter."""
    from rich.table import Table

    from watchfloor.cli import fail, open_store, out
    from watchfloor.judgments.scoring import BREAKDOWNS, score
    if by not in BREAKDOWNS:
        fail(f"--by {by!r}: expected one of {', '.join(BREAKDOWNS)}", 2)
    with open_store(ctx) as store:
        result = score(store, by)
    if as_json:
        _json(result)
        return
    if not result["n"]:
        out.print(f"no resolved judgments to score ({result['n_open']} open, {result['n_void']} void)")
        return
    edges = result["brier_band_edges"]
    out.print(f"{result['n']} resolved judgments ({result['n_void']} void, {result['n_open']} open); "
              f"{result['n_true']} came true")
    out.print(f"Brier {result['brier']:.4f} = reliability {result['reliability']:.4f} - resolution "
              f"{result['resolution']:.4f} + uncertainty {result['uncertainty']:.4f}")
    out.print(f"with the bands' edges instead of midpoints: {edges['best']:.4f} (kinder edge) to "
              f"{edges['worst']:.4f} (harsher edge)")
    table = Table(title=f"calibration by {by}")
    for col in ("group", "n", "stated", "band", "came true", "95% interval", "Brier"):
        table.add_column(col)
    for row in result["by"][by]:
        band = f"{_pct(row['band'][0])}-{_pct(row['band'][1])}" if row["band"] else "-"
        mark = "" if row["in_band"] is None else (" in band" if row["in_band"] else " outside")
        table.add_row(str(row["group"]), str(row["n"]) + (" (small)" if row["small"] else ""),
                      _pct(row["mean_probability"]), band, _pct(row["observed"]) + mark,
                      f"{_pct(row['interval'][0])}-{_pct(row['interval'][1])}", f"{row['brier']:.3f}")
    out.print(table)


@judgments_app.command("chart")
def chart_command(ctx: typer.Context, out_path: Path = typer.Option(..., "--out", help="PNG to write.")):
    """Write the reliability diagram (observed frequency per term against its band) as a PNG."""
    from watchfloor.cli import open_store, out
    from watchfloor.judgments.charts import reliability_png
    with open_store(ctx) as store:
        path = reliability_png(store, out_path)
    out.print(str(path))


@judgments_app.command("horizon")
def horizon_command(ctx: typer.Context,
                    context: Optional[str] = typer.Argument(None, help="e.g. 'coming weeks' or 'default report'."),
                    days: Optional[int] = typer.Argument(None, help="New default in days.")):
    """Show the default deadlines (in days) for vague or unstated horizons, or change one."""
    from watchfloor.cli import fail, open_store, out
    from watchfloor.judgments.tracking import horizons, set_horizon
    with open_store(ctx) as store:
        if context is not None:
            if days is None:
                fail("give the number of days: watchfloor judgments horizon 'coming weeks' 28", 2)
            try:
                set_horizon(store, context, days)
            except ValueError as exc:
                fail(str(exc), 2)
        found = horizons(store)
    for name, value in found.items():
        out.print(f"{name}: {value} days")


def register(app: typer.Typer) -> None:
    app.add_typer(judgments_app, name="judgments")
