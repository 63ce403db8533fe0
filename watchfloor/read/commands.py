"""CLI: `watchfloor read PATH... [--json]`, `watchfloor reports`, `watchfloor facts list|reject|edit`."""
from __future__ import annotations

import json
import sys
from datetime import date
from pathlib import Path
from typing import List, Optional

import typer

facts_app = typer.Typer(help="Review the facts the reader extracted (reject or correct them).", no_args_is_help=True)


def read(ctx: typer.Context,
         paths: List[Path] = typer.Argument(..., help="Files (.txt .md .html .pdf, RSS/Atom) or directories."),
         as_json: bool = typer.Option(False, "--json", help="One JSON object per report, one per line."),
         published: Optional[str] = typer.Option(None, "--published", help="Publication date YYYY-MM-DD, "
                                                 "when the documents do not say."),
         no_store: bool = typer.Option(False, "--no-store", help="Only print; do not store the reports."),
         model: bool = typer.Option(True, "--model/--no-model", help="Read with the statistical model (spaCy: "
                                    "people, unknown organisations; the default) or with the rules only "
                                    "(--no-model, faster).")):
    """Read reports into actors, places, dates, judgments, citations and events, and store them."""
    from watchfloor.cli import console, fail, open_store, out
    from watchfloor.read.pipeline import ReadFailure, read_paths
    when, model = reading_options(published, model)
    store = None if no_store else open_store(ctx)
    failures = read_count = 0
    try:
        for result in read_paths(paths, published=when, store=store, model=model):
            if isinstance(result, ReadFailure):
                failures += 1
                if as_json:
                    sys.stdout.write(json.dumps(result.as_json(), ensure_ascii=False) + "\n")
                console.print(f"[bold red]error:[/] {result.error}", markup=True, highlight=False)
                continue
            read_count += 1
            if as_json:
                sys.stdout.write(json.dumps(result.as_json(), ensure_ascii=False, default=str) + "\n")
            else:
                out.print(summary(result), highlight=False, markup=False)
    finally:
        if store is not None:
            store.close()
    if not as_json:
        console.print(f"{read_count} report(s) read, {failures} failed", highlight=False)
    if failures:
        raise typer.Exit(1)


def summary(result) -> str:
    """A readable summary of one read report."""
    j = result.as_json()
    stored = ""
    if result.stored:
        stored = " (stored)" if result.stored[1] else " (already stored; unchanged)"
    lines = [f"{j['path']}: {j['title'] or '(untitled)'}{stored}",
             f"  id {j['id'][:16]}  date {j['date'] or '?'}  reliability {j['reliability']}  "
             f"authors {', '.join(j['authors']) or '-'}",
             f"  sections: {', '.join(s['name'] for s in j['sections']) or '-'}",
             f"  actors: {', '.join(_actor_label(a) for a in j['actors'] if a.get('known', True)) or '-'}",
             f"  places: {', '.join(p['name'] + (' (' + p['admin1'] + ')' if p['admin1'] else '') for p in j['places']) or '-'}",
             f"  dates {len(j['dates'])}, quantities {len(j['quantities'])}, citations {len(j['citations'])}, "
             f"possibilities {len(j['possibilities'])}"]
    for x in j["judgments"]:
        lines.append(f"  judgment [{x['band'][0]:.2f}–{x['band'][1]:.2f}] {x['term']!r}: {_short(x['text'])}")
    for r in j["recommendations"]:
        lines.append(f"  recommendation to {r['to'] or '-'}: {_short(r['action'])}")
    for e in j["events"]:
        lines.append(f"  event {e['sub_type']}: {e['actor1'] or '?'} → {e['actor2'] or '-'} at {e['place'] or '?'} "
                     f"on {e['date'] or '?'}, {e['fatalities']} killed")
    people = [a for a in j["actors"] if a["type"] == "person"]
    if people:
        lines.append(f"  people: {', '.join(_actor_label(a) for a in people)}")
    unknown = [a for a in j["actors"] if not a.get("known", True) and a["type"] != "person"]
    if unknown:
        lines.append(f"  not in the knowledge base: {', '.join(a['name'] + ' (' + a['type'] + ')' for a in unknown[:12])}")
    return "\n".join(lines)


def _actor_label(a: dict) -> str:
    label = a["name"] + " ×" + str(len(a["mentions"]))
    if a["type"] == "person":
        label += " (" + ", ".join(x for x in (a.get("role"), a.get("org")) if x) + ")" if a.get("role") or a.get("org") else ""
    return label


def _short(text: str, n: int = 110) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[:n - 1] + "…"


def reports(ctx: typer.Context, as_json: bool = typer.Option(False, "--json"),
            limit: Optional[int] = typer.Option(None, help="Show at most this many.")):
    """List the stored reports."""
    from watchfloor.cli import open_store, out
    from watchfloor.store.reports import list_reports
    with open_store(ctx) as store:
        rows = list_reports(store, limit)
    if as_json:
        sys.stdout.write(json.dumps(rows, default=str, ensure_ascii=False) + "\n")
        return
    if not rows:
        out.print("no reports stored (read some with `watchfloor read PATH`)")
        return
    for r in rows:
        out.print(f"{r['id'][:16]}  {str(r['published'] or '?'):<10}  {r['reliability'] or 'F'}  {r['facts']:>4} facts  "
                  f"{r['title'] or '(untitled)'}  [{r['path']}]", highlight=False, markup=False)


@facts_app.command("list")
def facts_list(ctx: typer.Context, report: str = typer.Argument(..., help="Report id (or a unique prefix)."),
               kind: Optional[str] = typer.Option(None, help="Only this kind (actor, place, judgment, event, …)."),
               as_json: bool = typer.Option(False, "--json")):
    """The facts of one report, with their ids and status."""
    from watchfloor.cli import fail, open_store, out
    from watchfloor.store.reports import facts_for_report, get_report
    with open_store(ctx) as store:
        found = get_report(store, report)
        if found is None:
            fail(f"no single report matches {report!r} (see `watchfloor reports`)")
        rows = facts_for_report(store, found["id"], kind)
    if as_json:
        sys.stdout.write(json.dumps(rows, default=str, ensure_ascii=False) + "\n")
        return
    for f in rows:
        out.print(f"{f['id']}  {f['status']:<9} {f['kind']:<14} {_short(f['text'], 80)}", highlight=False,
                  markup=False)


@facts_app.command("reject")
def facts_reject(ctx: typer.Context, fact_id: str = typer.Argument(..., metavar="ID"),
                 note: Optional[str] = typer.Option(None, "--note", help="Why (kept in the audit trail).")):
    """Mark a fact rejected: briefs stop using it; the row and its history stay."""
    from watchfloor.cli import fail, open_store, out
    from watchfloor.store.reports import FactError, reject_fact
    with open_store(ctx) as store:
        try:
            fact = reject_fact(store, fact_id, note)
        except FactError as exc:
            fail(str(exc))
    out.print(f"{fact['id']} rejected", highlight=False, markup=False)


@facts_app.command("edit")
def facts_edit(ctx: typer.Context, fact_id: str = typer.Argument(..., metavar="ID"),
               value: str = typer.Option(..., "--value", help="The corrected value, a JSON object."),
               note: Optional[str] = typer.Option(None, "--note", help="Why (kept in the audit trail).")):
    """Correct a fact's value: it becomes 'edited' and briefs use the corrected value."""
    from watchfloor.cli import fail, open_store, out
    from watchfloor.store.reports import FactError, edit_fact
    try:
        parsed = json.loads(value)
    except json.JSONDecodeError as exc:
        fail(f"--value is not valid JSON ({exc.msg} at column {exc.colno})")
    with open_store(ctx) as store:
        try:
            fact = edit_fact(store, fact_id, parsed, note)
        except FactError as exc:
            fail(str(exc))
    out.print(f"{fact['id']} edited", highlight=False, markup=False)


def reread(ctx: typer.Context,
           every: bool = typer.Option(False, "--all", help="Re-read every report, not only those read by another "
                                                           "reader version."),
           model: bool = typer.Option(True, "--model/--no-model", help="Read with the statistical model (default)."),
           as_json: bool = typer.Option(False, "--json")):
    """Re-read stored reports with the current reader (ids stay; analysts' confirmed, edited and rejected facts,
    facts that judgments rest on and analysts' incident decisions are kept)."""
    from watchfloor.cli import open_store, out
    from watchfloor.read.reread import reread_reports
    with open_store(ctx) as store:
        summary = reread_reports(store, every=every, model=model)
    if as_json:
        sys.stdout.write(json.dumps(summary.as_json(), ensure_ascii=False) + "\n")
    else:
        out.print(f"re-read {summary.reports} report(s) with reader {summary.version}: {summary.added} facts added, "
                  f"{summary.removed} removed, {summary.kept} kept", highlight=False, markup=False)
        for f in summary.failed:
            out.print(f"  failed {f['report'][:16]}: {f['error']}", highlight=False, markup=False)
    if summary.failed:
        raise typer.Exit(1)


def register(app: typer.Typer) -> None:
    app.command("read")(read)
    app.command("reports")(reports)
    app.command("reread")(reread)
    app.add_typer(facts_app, name="facts")


def reading_options(published: str | None, model: bool) -> tuple[date | None, bool]:
    """--published as a date (a clear error otherwise), and the model path only where its package is installed
    (a warning and the rules otherwise): shared by `read` on one process and on a cluster."""
    from watchfloor.cli import console, fail
    when = None
    if published:
        try:
            when = date.fromisoformat(published)
        except ValueError:
            fail(f"--published {published!r}: expected a date YYYY-MM-DD")
    if model:
        from watchfloor.read.nlp import ModelUnavailable, load_model
        try:
            load_model()
        except ModelUnavailable as exc:
            console.print(f"[yellow]warning:[/] {exc}; reading with the rules only", markup=True, highlight=False)
            model = False
    return when, model
