"""CLI: `watchfloor triggers` and `watchfloor brief` (create, review, publish, revise, list, show)."""
from __future__ import annotations

import json
from pathlib import Path
from typing import List, Optional

import typer

from watchfloor.forecast import DEFAULT_MODEL

brief_app = typer.Typer(help="Warning briefs: draft → reviewed → published.", invoke_without_command=True)


def _names(values: Optional[List[str]]) -> list[str]:
    return [n.strip() for v in values or [] for n in v.split(",") if n.strip()]


def _formats(text: str) -> tuple[str, ...]:
    from watchfloor.cli import fail
    from watchfloor.warn.render import FORMATS
    fmts = tuple(f.strip().lower() for f in text.split(",") if f.strip())
    bad = [f for f in fmts if f not in FORMATS]
    if bad or not fmts:
        fail(f"--format {text!r}: expected a comma-separated list of {', '.join(FORMATS)}", 2)
    return fmts


def _create(ctx: typer.Context, country: str, region: Optional[str], fmt: str, out_dir: Path,
            author: Optional[List[str]], editor: Optional[List[str]], as_of: Optional[str], model: str,
            horizon: int, as_json: bool, scenario_boot: int = 3, source: Optional[str] = None) -> None:
    from watchfloor.cli import fail, open_store, out
    from watchfloor.warn.brief import BriefError, create_brief
    from watchfloor.warn.render import write_brief
    from watchfloor.warn.triggers import TriggerError
    formats = _formats(fmt)
    with open_store(ctx) as store:
        try:
            brief_id = create_brief(store, country, region=region, as_of=as_of, authors=_names(author) or None,
                                    editors=_names(editor) or None, model=model, horizon=horizon,
                                    scenario_boot=scenario_boot, source=source)
            paths = write_brief(store, brief_id, out_dir, formats)
        except (BriefError, TriggerError, ValueError) as exc:
            fail(str(exc))
    if as_json:
        out.print(json.dumps({"brief_id": brief_id, "paths": [str(p) for p in paths]}))
    else:
        out.print(f"brief {brief_id} (draft)")
        for p in paths:
            out.print(str(p))


_COUNTRY = typer.Option(None, "--country", help="ISO3 code.")
_REGION = typer.Option(None, "--region", help="Region of concern (admin-1 name); default: the country.")
_FORMAT = typer.Option("md,html,pdf", "--format", help="Comma-separated: md, html, pdf.")
_OUT = typer.Option(Path("out"), "--out", help="Directory for the brief files.")
_AUTHOR = typer.Option(None, "--author", help="Author name (repeat or comma-separate); default: config.")
_EDITOR = typer.Option(None, "--editor", help="Editor name (repeat or comma-separate).")
_ASOF = typer.Option(None, "--as-of", help="YYYY-MM: treat this month as 'now' (default: last complete month).")
_MODEL = typer.Option(DEFAULT_MODEL, "--model", help="Forecast model.")
_HORIZON = typer.Option(6, "--horizon", help="Months ahead (1..N).")
_JSON = typer.Option(False, "--json", help="Print JSON.")
_BOOT = typer.Option(3, "--scenario-boot", help="Bootstrap refits behind the what-if's interval (-1: no what-if).")
_SOURCE = typer.Option(None, "--source", help="Event source: ucdp, acled or all (default: trigger events from all "
                       "sources, counts and the forecast from the one covering the country longest).")


@brief_app.callback()
def brief_main(ctx: typer.Context, country: Optional[str] = _COUNTRY, region: Optional[str] = _REGION,
               fmt: str = _FORMAT, out_dir: Path = _OUT, author: Optional[List[str]] = _AUTHOR,
               editor: Optional[List[str]] = _EDITOR, as_of: Optional[str] = _ASOF, model: str = _MODEL,
               horizon: int = _HORIZON, as_json: bool = _JSON, scenario_boot: int = _BOOT,
               source: Optional[str] = _SOURCE):
    """Draft a brief: `watchfloor brief --country ISO3 [...]` (same as `watchfloor brief create`)."""
    if ctx.invoked_subcommand is not None:
        return
    if not country:
        from watchfloor.cli import fail
        fail("name a country: watchfloor brief --country ISO3 (or a sub-command: create, review, publish, "
             "revise, list, show)", 2)
    _create(ctx, country, region, fmt, out_dir, author, editor, as_of, model, horizon, as_json, scenario_boot, source)


@brief_app.command("create")
def brief_create(ctx: typer.Context, country: str = typer.Option(..., "--country", help="ISO3 code."),
                 region: Optional[str] = _REGION, fmt: str = _FORMAT, out_dir: Path = _OUT,
                 author: Optional[List[str]] = _AUTHOR, editor: Optional[List[str]] = _EDITOR,
                 as_of: Optional[str] = _ASOF, model: str = _MODEL, horizon: int = _HORIZON,
                 as_json: bool = _JSON, scenario_boot: int = _BOOT, source: Optional[str] = _SOURCE):
    """Draft a brief and write it in the chosen formats; prints the brief id and the paths."""
    _create(ctx, country, region, fmt, out_dir, author, editor, as_of, model, horizon, as_json, scenario_boot, source)


def _step(ctx: typer.Context, brief_id: int, editor: str, step: str) -> None:
    from watchfloor.cli import fail, open_store, out
    from watchfloor.warn import brief as wb
    with open_store(ctx) as store:
        try:
            if step == "review":
                wb.review(store, brief_id, editor)
                out.print(f"brief {brief_id}: reviewed by {editor}")
            else:
                ids = wb.publish(store, brief_id, editor)
                out.print(f"brief {brief_id}: published by {editor}; {len(ids)} judgments recorded for scoring")
        except wb.BriefError as exc:
            fail(str(exc))


@brief_app.command("review")
def brief_review(ctx: typer.Context, brief_id: int = typer.Argument(..., metavar="ID"),
                 editor: str = typer.Option(..., "--editor", help="Who reviewed it.")):
    """Mark the current draft reviewed (audited)."""
    _step(ctx, brief_id, editor, "review")


@brief_app.command("publish")
def brief_publish(ctx: typer.Context, brief_id: int = typer.Argument(..., metavar="ID"),
                  editor: str = typer.Option(..., "--editor", help="Who published it.")):
    """Publish the reviewed version: it becomes immutable and its judgments are tracked."""
    _step(ctx, brief_id, editor, "publish")


@brief_app.command("revise")
def brief_revise(ctx: typer.Context, brief_id: int = typer.Argument(..., metavar="ID"),
                 author: Optional[List[str]] = _AUTHOR, fmt: str = _FORMAT, out_dir: Path = _OUT):
    """A correction: a new draft version, composed again from the store as it stands now."""
    from watchfloor.cli import fail, open_store, out
    from watchfloor.warn import brief as wb
    from watchfloor.warn.render import write_brief
    formats = _formats(fmt)
    with open_store(ctx) as store:
        try:
            version = wb.revise(store, brief_id, authors=_names(author) or None)
            paths = write_brief(store, brief_id, out_dir, formats)
        except wb.BriefError as exc:
            fail(str(exc))
    out.print(f"brief {brief_id}: version {version} (draft)")
    for p in paths:
        out.print(str(p))


@brief_app.command("list")
def brief_list(ctx: typer.Context, country: Optional[str] = _COUNTRY, as_json: bool = _JSON):
    """Briefs and the status of their current version."""
    import pandas as pd

    from watchfloor.cli import Format, open_store, print_frame
    from watchfloor.warn.brief import list_briefs
    with open_store(ctx) as store:
        rows = list_briefs(store, country)
    cols = ["id", "country", "version", "status", "severity", "as_of", "title"]
    print_frame(pd.DataFrame(rows, columns=cols) if rows else pd.DataFrame(columns=cols),
                Format.json if as_json else Format.table, title=f"{len(rows)} briefs")


@brief_app.command("show")
def brief_show(ctx: typer.Context, brief_id: int = typer.Argument(..., metavar="ID"),
               fmt: str = typer.Option("md", "--format", help="md or html"),
               version: Optional[int] = typer.Option(None, "--version")):
    """Print a stored brief version (Markdown or HTML)."""
    import sys

    from watchfloor.cli import fail, open_store
    from watchfloor.warn.brief import BriefError
    from watchfloor.warn.render import render
    if fmt not in ("md", "html"):
        fail("--format: md or html (write PDFs with `watchfloor brief --format pdf`)", 2)
    with open_store(ctx) as store:
        try:
            sys.stdout.write(render(store, brief_id, fmt, version))
        except BriefError as exc:
            fail(str(exc))


def triggers(ctx: typer.Context, country: str = typer.Option(..., "--country", help="ISO3 code."),
             as_of: Optional[str] = _ASOF, model: str = _MODEL, as_json: bool = _JSON,
             source: Optional[str] = _SOURCE):
    """Escalation and trigger events for the data's 'now' (or --as-of), with evidence and severity."""
    from watchfloor.cli import fail, open_store, out
    from watchfloor.warn.triggers import TriggerError, scan, source_names
    with open_store(ctx) as store:
        try:
            result = scan(store, country, as_of, model=model, source=source)
        except (TriggerError, ValueError) as exc:
            fail(str(exc), 2)
        sources = result.sources.as_dict(store, country.upper(), result.reports)
        said = result.sentence(store, country.upper())
    now, found = result.now, result.triggers
    if as_json:
        out.print(json.dumps({"country": country.upper(), "now": now.isoformat()[:7], "sources": sources,
                              "triggers": [t.as_dict() for t in found]}, default=str, ensure_ascii=False))
        return
    out.print(f"{country.upper()}: {len(found)} triggers, now = {now:%B %Y}")
    out.print(f"sources: {said}", markup=False, highlight=False)
    for t in found:
        ids = ", ".join(str(e["id"]) for e in t.evidence[:5]) + (" …" if len(t.evidence) > 5 else "")
        recorded = f" Recorded by: {', '.join(source_names(t.sources))}." if len(t.sources) > 1 else ""
        out.print(f"[severity {t.severity}] {t.kind} · {t.region or '-'} · {t.month:%Y-%m}: {t.summary.rstrip('.')}. "
                  f"Evidence: {ids}{recorded}", markup=False, highlight=False)


def register(app: typer.Typer) -> None:
    app.command("triggers")(triggers)
    app.add_typer(brief_app, name="brief")
