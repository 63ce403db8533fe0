"""Faults around the watch: a run killed with SIGKILL mid-transaction, and one failing source among others."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

from fixtures.sources.recorded import Recorded, Reply
from test_sources_acled import EMAIL, PASSWORD, acled_server
from watchfloor.sources import ledger
from watchfloor.sources.run import run_source
from watchfloor.sources.watch import Watch
from watchfloor.store import Store

WATCHFLOOR = Path(sys.executable).with_name("watchfloor")


def configure(path: Path, base: str) -> None:
    with Store.open(path) as store:
        ledger.add_source(store, ledger.SourceConfig("acled", "acled", 3600, {
            "base_url": base, "countries": ["MLI"], "start": "2024-01-01", "limit": 2, "backoff": 0.01}))


def end_state(path: Path) -> dict:
    with Store.open(path) as store:
        return {"events": store.rows("SELECT id, dataset_id, fatalities, region_id, row_hash FROM events ORDER BY id"),
                "members": store.rows("SELECT * FROM incident_members ORDER BY 1"),
                "coverage": store.rows("SELECT * FROM dataset_coverage ORDER BY 1, 3"),
                "cursor": ledger.cursor(store, "acled")}


def test_kill_9_mid_run_then_restart_gives_the_uninterrupted_end_state(reference_db, tmp_path, monkeypatch):
    monkeypatch.setenv("ACLED_EMAIL", EMAIL)
    monkeypatch.setenv("ACLED_PASSWORD", PASSWORD)
    killed, clean = reference_db, tmp_path / "clean.duckdb"
    shutil.copy(reference_db, clean)
    with Recorded() as server:
        acled_server(server)
        configure(killed, server.url)
        configure(clean, server.url)
        env = {**os.environ, "WATCHFLOOR_FAULT_PAUSE_BEFORE_COMMIT": "60"}
        proc = subprocess.Popen([str(WATCHFLOOR), "--db", str(killed), "sources", "run", "acled"], env=env,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        try:
            deadline = time.monotonic() + 60
            line = ""
            while "paused before commit" not in line and time.monotonic() < deadline:
                line = proc.stdout.readline()
                assert line or proc.poll() is None, proc.stderr.read()
        finally:
            proc.kill()          # SIGKILL: no cleanup, no rollback by the process
            proc.wait()
        assert "paused before commit" in line
        with Store.open(killed) as store:
            assert store.scalar("SELECT count(*) FROM events") == 0 and ledger.cursor(store, "acled") is None
            assert run_source(store, "acled").status == "ok"
        with Store.open(clean) as store:
            assert run_source(store, "acled").status == "ok"
    assert end_state(killed) == end_state(clean)


def test_one_failing_source_does_not_stop_the_others(reference_db, monkeypatch):
    monkeypatch.setenv("ACLED_EMAIL", EMAIL)
    monkeypatch.setenv("ACLED_PASSWORD", PASSWORD)
    with Recorded() as server, Store.open(reference_db) as store:
        acled_server(server)
        server.route("/broken/feed.xml", Reply(500, "Internal Server Error"))
        ledger.add_source(store, ledger.SourceConfig("a-broken-feed", "feed", 60, {
            "url": f"{server.url}/broken/feed.xml", "backoff": 0.01, "retries": 1}))
        ledger.add_source(store, ledger.SourceConfig("acled", "acled", 3600, {
            "base_url": server.url, "countries": ["MLI"], "limit": 2, "backoff": 0.01}))
        runs = Watch(store, alerts=False, forecast=False).run_all()[0]["runs"]
        assert [(r["source"], r["status"]) for r in runs] == [("a-broken-feed", "failed"), ("acled", "ok")]
        assert runs[1]["inserted"] == 3 and "HTTP 500" in runs[0]["error"]


def test_the_schedule_runs_each_source_on_its_interval(reference_db, monkeypatch):
    monkeypatch.setenv("ACLED_EMAIL", EMAIL)
    monkeypatch.setenv("ACLED_PASSWORD", PASSWORD)
    with Recorded() as server, Store.open(reference_db) as store:
        acled_server(server)
        ledger.add_source(store, ledger.SourceConfig("acled", "acled", 1, {
            "base_url": server.url, "countries": ["MLI"], "limit": 2, "backoff": 0.01}))
        Watch(store, alerts=False, forecast=False).start(stop_after=2.5)
        runs = store.rows("SELECT status FROM source_runs")
        assert len(runs) >= 2 and {s for s, in runs} == {"ok"}
        assert store.scalar("SELECT count(*) FROM events") == 3
