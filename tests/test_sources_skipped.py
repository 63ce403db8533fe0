"""A run of a source another process or thread is running is skipped, and leaves a trace: `watchfloor sources
status` and the Sources page show "skipped (running elsewhere)" with its time until a run ends after it. Both
backends; on PostgreSQL the other process's hold is a real advisory lock on a connection of its own."""
from __future__ import annotations

import json
import threading
from contextlib import contextmanager
from typing import Iterator

from fastapi.testclient import TestClient
from typer.testing import CliRunner

from test_web_sources import _row
from web_helpers import add_users, bearer
from watchfloor.cli import app
from watchfloor.sources import ledger
from watchfloor.sources.exclusive import exclusive
from watchfloor.sources.run import run_source
from watchfloor.sources.watch import status
from watchfloor.store import Store
from watchfloor.web.app import create_app

SKIPPED = "skipped (running elsewhere)"


@contextmanager
def _running_elsewhere(store: Store, name: str) -> Iterator[None]:
    """Source `name` held as a run holds it: on PostgreSQL by another connection's advisory lock (another
    process, as far as the server can tell), on DuckDB by another thread of this process."""
    if store.dialect == "postgres":
        with Store.open(store.path) as other:
            other.con.execute("SELECT pg_advisory_lock(hashtext(?))", [f"watchfloor:source:{name}"])
            try:
                yield
            finally:
                other.con.execute("SELECT pg_advisory_unlock(hashtext(?))", [f"watchfloor:source:{name}"])
        return
    holding, done = threading.Event(), threading.Event()

    def hold() -> None:
        with exclusive(store, f"source:{name}", wait=False) as mine:
            assert mine
            holding.set()
            done.wait(30)
    holder = threading.Thread(target=hold)
    holder.start()
    assert holding.wait(30)
    try:
        yield
    finally:
        done.set()
        holder.join(30)


def _with_inbox(any_reference_db, tmp_path) -> tuple[str, dict[str, str]]:
    """The store with its users and a folder source "inbox" (rules-only reading)."""
    db = str(any_reference_db)
    tokens = add_users(db)
    (tmp_path / "inbox").mkdir()
    with Store.open(db) as store:
        ledger.add_source(store, ledger.SourceConfig("inbox", "folder", 300, {"folder": str(tmp_path / "inbox"),
                                                                               "model": False}), by="test")
    return db, tokens


def test_a_skipped_run_shows_in_the_status_and_the_sources_page(any_reference_db, tmp_path):
    db, tokens = _with_inbox(any_reference_db, tmp_path)
    with Store.open(db) as store:
        assert run_source(store, "inbox").status == "ok"          # a run before: the page has something to show
        with _running_elsewhere(store, "inbox"):
            skipped = run_source(store, "inbox")
        assert skipped.status == "skipped" and skipped.run_id is None
        assert store.scalar("SELECT count(*) FROM source_runs") == 1          # a skip is no run
        (at,) = store.rows("SELECT skipped_at FROM source_skips WHERE source = 'inbox'")[0]
        row = {r["name"]: r for r in status(store)}["inbox"]
        assert row["last"]["status"] == SKIPPED and row["last"]["finished_at"] == at and row["last_skipped"] == at
        assert row["last_run"]["status"] == "ok" and row["last_ok"] is row["last_run"]

    runner = CliRunner()
    shown = runner.invoke(app, ["--db", db, "sources", "status"])
    assert shown.exit_code == 0, shown.output
    assert SKIPPED in shown.output and str(at)[:19] in shown.output and "(last run " in shown.output
    as_json = json.loads(runner.invoke(app, ["--db", db, "sources", "status", "--json"]).stdout)
    assert as_json[0]["last"]["status"] == SKIPPED

    with TestClient(create_app(db)) as client:
        page = client.get("/sources", headers=bearer(tokens["viewer"]))
        assert page.status_code == 200
        cells = _row(page.text, "inbox")
        assert SKIPPED in cells and str(at)[:19] in cells

    # a run that ends after the skip is the last run again; the skip stays on record
    with Store.open(db) as store:
        assert run_source(store, "inbox").status == "ok"
        row = {r["name"]: r for r in status(store)}["inbox"]
        assert row["last"]["status"] == "ok" and row["last"]["finished_at"] > at and row["last_skipped"] == at
    assert SKIPPED not in runner.invoke(app, ["--db", db, "sources", "status"]).output


def test_run_now_while_the_source_runs_elsewhere_is_skipped_and_shown(any_reference_db, tmp_path):
    """The Sources page's Run now (through the server's write lock) while another holds the source: the page
    says the run was skipped, and the source's row shows it with its time."""
    db, tokens = _with_inbox(any_reference_db, tmp_path)
    with TestClient(create_app(db)) as client:
        handle = client.app.state.store
        with _running_elsewhere(handle.reader(), "inbox"):
            ran = client.post("/sources/inbox/run", headers=bearer(tokens["editor"]))
        assert ran.status_code == 200
        assert "inbox: skipped, 0 added" in ran.text
        (at,) = handle.reader().rows("SELECT skipped_at FROM source_skips WHERE source = 'inbox'")[0]
        cells = _row(client.get("/sources", headers=bearer(tokens["viewer"])).text, "inbox")
        assert SKIPPED in cells and str(at)[:19] in cells
        assert handle.reader().scalar("SELECT count(*) FROM source_runs") == 0
