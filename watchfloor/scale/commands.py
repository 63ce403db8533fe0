"""CLI: `watchfloor read CORPUS --workers N` or `--scheduler tcp://HOST:8786`; `watchfloor backtest … --workers N`;
`watchfloor forecast … --scenario … --workers N`.

`read` belongs to the reader (watchfloor/read/commands.py), `backtest` and `forecast` to the forecasts
(watchfloor/forecast/commands.py); this adds the cluster options to them. Without the options their own
commands run untouched; with them the corpus is read on the cluster (watchfloor/scale/run.py) with a
progress bar and the Dask dashboard's address, or the backtest's refit blocks and a scenario's bootstrap refits
run there (scale/backtest.py).
"""
from __future__ import annotations

import functools
import inspect
import json
import sys
import typing
from pathlib import Path
from typing import Optional

import typer

_WORKERS = (Optional[int], typer.Option(None, "--workers", help="Run on a local Dask cluster of N worker processes "
                                        "(one core each); the client process writes the store."))
_SCHEDULER = (Optional[str], typer.Option(None, "--scheduler", help="Run on an existing Dask cluster "
                                          "(tcp://HOST:8786); its workers need watchfloor (and, to read, the corpus "
                                          "at the same path)."))
READ_OPTIONS = {
    "workers": _WORKERS,
    "scheduler": _SCHEDULER,
    "partition_size": (Optional[int], typer.Option(None, "--partition-size", help="Documents per task on the "
                                                   "cluster (default 100 on the rules path, 25 with the model).")),
    "batch": (int, typer.Option(200, "--batch", help="Reports per store transaction on the cluster.")),
}
FORECAST_OPTIONS = {"workers": _WORKERS, "scheduler": _SCHEDULER}


def register(app: typer.Typer) -> None:
    for info in app.registered_commands:
        name = info.name or getattr(info.callback, "__name__", "")
        if name == "read":
            info.callback = with_cluster_options(info.callback, READ_OPTIONS, _read_on_cluster)
        elif name in ("backtest", "forecast"):
            info.callback = with_cluster_options(info.callback, FORECAST_OPTIONS, forecast_on_cluster)


def with_cluster_options(command: typing.Callable, options: dict, on_cluster: typing.Callable) -> typing.Callable:
    """`command` with the cluster `options` added to its signature (so Typer offers them): without --workers or
    --scheduler it runs as it is, with them `on_cluster(command, options, *args, **kwargs)` runs instead."""
    hints = typing.get_type_hints(command)
    params = [p.replace(annotation=hints.get(p.name, p.annotation))
              for p in inspect.signature(command).parameters.values()]
    params += [inspect.Parameter(name, inspect.Parameter.KEYWORD_ONLY, default=option, annotation=kind)
               for name, (kind, option) in options.items()]

    @functools.wraps(command)
    def maybe_on_cluster(*args, **kwargs):
        chosen = {name: kwargs.pop(name, None) for name in options}
        if chosen["workers"] is None and chosen["scheduler"] is None:
            return command(*args, **kwargs)
        return on_cluster(command, chosen, *args, **kwargs)

    maybe_on_cluster.__signature__ = inspect.Signature(params)
    maybe_on_cluster.__annotations__ = {p.name: p.annotation for p in params}
    del maybe_on_cluster.__wrapped__          # Typer must see the new signature, not the command's own
    return maybe_on_cluster


def forecast_on_cluster(command: typing.Callable, chosen: dict, *args, **kwargs):
    """The backtest or forecast command as it is, its refit blocks of origins and a scenario's bootstrap refits
    run on the cluster."""
    from watchfloor.cli import console, fail
    from watchfloor.scale.backtest import forecasts_on
    from watchfloor.scale.cluster import ClusterError, connect
    if chosen["workers"] is not None and chosen["scheduler"] is not None:
        fail("give --workers (a local cluster) or --scheduler (an existing one), not both")
    try:
        with connect(workers=chosen["workers"], scheduler=chosen["scheduler"]) as client, forecasts_on(client):
            console.print(f"Dask dashboard: {client.dashboard_link}  ({len(client.nthreads())} workers)",
                          highlight=False, markup=False)
            return command(*args, **kwargs)
    except ClusterError as exc:
        fail(str(exc))


def _read_on_cluster(command: typing.Callable, chosen: dict, *args, **kwargs):
    bound = inspect.signature(command).bind(*args, **kwargs)
    bound.apply_defaults()
    return read_on_cluster(**chosen, **bound.arguments)


def read_on_cluster(ctx: typer.Context, paths: list[Path], as_json: bool = False, published: str | None = None,
                    no_store: bool = False, model: bool = True, *, workers: int | None, scheduler: str | None,
                    partition_size: int | None, batch: int, **other) -> None:
    """`watchfloor read` on the cluster: progress bar, dashboard link, the summary line; exit 1 on failures."""
    from watchfloor.cli import console, fail, open_store
    from watchfloor.read.pipeline import reader_for
    from watchfloor.scale.cluster import ClusterError, connect
    from watchfloor.scale.corpus import CorpusError, plan
    from watchfloor.scale.run import RunError
    if workers is not None and scheduler is not None:
        fail("give --workers (a local cluster) or --scheduler (an existing one), not both")
    from watchfloor.read.commands import reading_options
    when, model = reading_options(published, model)
    if batch < 1:
        fail(f"--batch {batch}: expected at least 1 report per transaction")
    try:
        partitions = plan(paths, partition_size or (25 if model else 100))
    except CorpusError as exc:
        fail(str(exc), 2)
    store = None if no_store else open_store(ctx)
    try:
        reader = reader_for(store)
        with connect(workers=workers, scheduler=scheduler) as client:
            console.print(f"Dask dashboard: {client.dashboard_link}  ({len(client.nthreads())} workers, "
                          f"{len(partitions)} partitions)", highlight=False, markup=False)
            summary = _run_with_progress(client, partitions, reader, model, store, when, batch, as_json)
    except (ClusterError, RunError) as exc:
        fail(str(exc))
    finally:
        if store is not None:
            store.close()
    for failure in summary.failures:
        console.print(f"[bold red]error:[/] {failure.error}", markup=True, highlight=False)
    stored = "" if no_store else f" ({summary.stored} stored, {summary.unchanged} already stored)"
    console.print(f"{summary.read} report(s) read{stored}, {len(summary.failures)} failed in "
                  f"{summary.seconds:.1f} s ({summary.rate:.1f} reports/s on {summary.workers} workers)",
                  highlight=False, markup=False)
    if summary.failures:
        raise typer.Exit(1)


def _run_with_progress(client, partitions, reader, model, store, when, batch, as_json):
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn, \
        TimeRemainingColumn

    from watchfloor.cli import console
    from watchfloor.scale.run import read_corpus
    total = sum(p.documents for p in partitions)
    progress = Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                        TimeRemainingColumn(), console=console, transient=False, disable=not console.is_terminal)
    task = progress.add_task("reading", total=total)

    def on_result(result):
        if as_json:
            sys.stdout.write(json.dumps(result.as_json(), ensure_ascii=False, default=str) + "\n")

    def on_progress(done, summary):
        progress.update(task, completed=done, description=f"reading ({summary.stored} stored, "
                                                          f"{len(summary.failures)} failed)")
    with progress:
        return read_corpus(client, partitions, reader, model=model, store=store, published=when, batch=batch,
                           on_result=on_result, on_progress=on_progress)
