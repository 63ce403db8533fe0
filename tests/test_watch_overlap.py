"""Overlapping runs: a second watch (or `sources run NAME`) started while one is running ingests nothing twice and
alerts nothing twice. Real processes on one store. DuckDB: the second is refused, naming the store, the process
holding it and what to do. PostgreSQL: both run, each source by one process at a time (the other skips it), and
the end state is the state of the same runs one after the other."""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from fixtures.sources.mail import MailServer
from fixtures.sources.recorded import Recorded, Reply
from test_sources_acled import EMAIL, PASSWORD, acled_server
from test_watch_e2e import SECRET, publish
from test_alerts_delivery import teams
from watchfloor.alerts.rules import AlertRule
from watchfloor.alerts.service import add_rule
from watchfloor.sources import ledger
from watchfloor.sources.acled import forget_sessions
from watchfloor.sources.watch import Watch
from watchfloor.store import Store

WATCHFLOOR = Path(sys.executable).with_name("watchfloor")
PAUSED = "paused before commit"


def _start(db: str, *args: str, pause: float | None = None, release: Path | None = None) -> subprocess.Popen:
    """The CLI in a process of its own; `pause`: it waits that long inside its ingest's transaction, or until
    `release` exists."""
    env = {**os.environ, "PYTHONUNBUFFERED": "1", "COLUMNS": "200"}
    if pause:
        env["WATCHFLOOR_FAULT_PAUSE_BEFORE_COMMIT"] = str(pause)     # inside the ingest's transaction
    if release:
        env["WATCHFLOOR_FAULT_RELEASE_FILE"] = str(release)
    return subprocess.Popen([str(WATCHFLOOR), "--db", db, *args], env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)


def _wait_for_line(proc: subprocess.Popen, wanted: str, seconds: float = 90) -> list[str]:
    lines: list[str] = []
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        line = proc.stdout.readline()
        if not line and proc.poll() is not None:
            pytest.fail(f"exited ({proc.returncode}) before {wanted!r}: {''.join(lines)}{proc.stderr.read()}")
        lines.append(line)
        if wanted in line:
            return lines
    pytest.fail(f"no {wanted!r} within {seconds} s: {''.join(lines)}")


@pytest.fixture
def acled_env(monkeypatch):
    monkeypatch.setenv("ACLED_EMAIL", EMAIL)
    monkeypatch.setenv("ACLED_PASSWORD", PASSWORD)
    forget_sessions()
    yield
    forget_sessions()


def _serve_acled(server: Recorded, db) -> None:
    """The recorded ACLED API on `server`, and the store's source reading from it (two records a page)."""
    acled_server(server)
    with Store.open(db) as store:
        ledger.add_source(store, ledger.SourceConfig("acled", "acled", 3600, {
            "base_url": server.url, "countries": ["MLI"], "start": "2024-01-01", "limit": 2, "backoff": 0.01}))


def test_duckdb_a_second_watch_or_run_is_refused_while_one_runs(reference_db, acled_env):
    with Recorded() as server:
        _serve_acled(server, reference_db)
        first = _start(str(reference_db), "watch", "--no-forecast", pause=3)
        try:
            _wait_for_line(first, PAUSED)            # the first watch is inside its run's transaction
            for args in (["watch", "--once"], ["sources", "run", "acled"]):
                second = subprocess.run([str(WATCHFLOOR), "--db", str(reference_db), *args], capture_output=True,
                                        text=True, timeout=120, env={**os.environ, "COLUMNS": "300"})
                said = " ".join((second.stdout + second.stderr).split())
                assert second.returncode == 1, said
                assert f"the store {reference_db} is in use by another process (pid {first.pid})" in said
                assert "On a DuckDB store one process writes" in said and "Traceback" not in said
            _wait_for_line(first, "acled: ok")       # the first run went on and finished
        finally:
            first.send_signal(signal.SIGINT)
            first.wait(180)         # a stop lets the run under way finish (its triggers and alerts)
        with Store.open(reference_db) as store:
            assert store.rows("SELECT source, status, inserted FROM source_runs") == [("acled", "ok", 3)]
            assert store.scalar("SELECT count(*) FROM events WHERE layout = 'acled'") == 3
        again = subprocess.run([str(WATCHFLOOR), "--db", str(reference_db), "sources", "run", "acled", "--json"],
                               capture_output=True, text=True, timeout=120)
        incremental = [r for r in server.requests if r.path == "/api/acled/read" and "timestamp" in r.query]
    assert again.returncode == 0, again.stderr          # once the first has stopped, a run goes through,
    assert json.loads(again.stdout)["status"] == "ok" and incremental      # from the cursor the first left


@pytest.fixture
def pg_reference_db(pg_cluster, _pg_reference_template) -> str:
    return pg_cluster.database(_pg_reference_template)


def test_postgres_two_runs_of_one_source_ingest_once(pg_reference_db, acled_env, tmp_path):
    with Recorded() as server:
        _serve_acled(server, pg_reference_db)
        # the first run waits inside its transaction until the second has ended (a fixed pause of 2 s, then 8 s,
        # was outlasted by the second CLI's start on a loaded machine)
        release = tmp_path / "release"
        first = _start(pg_reference_db, "sources", "run", "acled", "--json", pause=600, release=release)
        try:
            _wait_for_line(first, PAUSED)
            second = subprocess.run([str(WATCHFLOOR), "--db", pg_reference_db, "sources", "run", "acled", "--json"],
                                    capture_output=True, text=True, timeout=120, env={**os.environ, "COLUMNS": "300"})
            assert first.poll() is None, "the first run ended before the second: the overlap was not tested"
            release.touch()
            out, _ = first.communicate(timeout=120)
        finally:
            first.kill()
    assert second.returncode == 0, second.stderr
    skipped = json.loads(second.stdout)
    assert skipped["status"] == "skipped" and skipped["inserted"] == 0
    assert "source acled is being run by another process" in " ".join(second.stderr.split())
    assert first.returncode == 0 and json.loads(out.splitlines()[-1])["inserted"] == 3
    with Store.open(pg_reference_db) as store:
        assert store.rows("SELECT source, status, inserted FROM source_runs") == [("acled", "ok", 3)]
        assert store.scalar("SELECT count(*) FROM events WHERE layout = 'acled'") == 3


def _configure(db: str, server: str, receiver: str) -> None:
    with Store.open(db) as store:
        ledger.add_source(store, ledger.SourceConfig("acled", "acled", 3600, {
            "base_url": server, "countries": ["MLI"], "start": "2024-01-01", "backoff": 0.01}))
        ledger.add_source(store, ledger.SourceConfig("sahel-monitor", "feed", 1800, {
            "url": f"{server}/feed.xml", "backoff": 0.01}))
        teams(store, "sahel-team", "ops")
        add_rule(store, AlertRule("mali desk", "sahel-team", "email", "desk@example.org", ["MLI"], min_severity=2,
                                  kinds=["mass_casualty"]))
        add_rule(store, AlertRule("ops", "ops", "webhook", f"{receiver}/hook", ["MLI"], ["Mopti"],
                                  ["mass_casualty"], secret_env="DESK_WEBHOOK_SECRET"))
        Watch(store, countries=["MLI"], model=False, forecast=False).run_all()       # the quiet first runs


def _end_state(db: str) -> dict:
    with Store.open(db) as store:
        return {
            "events": store.rows("SELECT id, fatalities, region_id, row_hash FROM events ORDER BY id"),
            "reports": store.rows("SELECT id, title FROM reports ORDER BY id"),
            "items": store.rows("SELECT url, content_hash, report_id FROM feed_items ORDER BY url"),
            "members": store.rows("SELECT record_id, incident_id FROM incident_members ORDER BY record_id"),
            "alerts": store.rows("SELECT rule_id, incident, kind, severity, title FROM alerts ORDER BY rule_id, "
                                 "incident"),
            "deliveries": store.rows("SELECT d.channel, d.status, d.attempts FROM alert_deliveries d ORDER BY 1"),
            "outbox": store.rows("SELECT channel, status, attempts FROM alert_outbox ORDER BY 1"),
            "cursors": [(source, {k: v for k, v in json.loads(cursor).items() if k != "checked"})   # a clock time
                        for source, cursor in store.rows("SELECT source, cursor FROM source_cursors ORDER BY 1")],
        }


def test_postgres_two_watches_at_once_end_as_the_runs_one_after_the_other(pg_cluster, _pg_reference_template,
                                                                           tmp_path, acled_env, monkeypatch):
    monkeypatch.setenv("DESK_WEBHOOK_SECRET", SECRET)
    both, sequential = (pg_cluster.database(_pg_reference_template) for _ in range(2))
    with MailServer(tmp_path) as mail, Recorded() as server, Recorded() as receiver:
        for k, v in mail.env().items():
            monkeypatch.setenv(k, v)
        receiver.route("/hook", Reply(204, b""))
        publish(server, new=False)
        _configure(both, server.url, receiver.url)
        _configure(sequential, server.url, receiver.url)
        assert mail.inbox.messages == [] and receiver.hits("/hook") == []
        publish(server, new=True)            # a new ACLED event and a new feed item about the same attack

        # the first watch pauses inside its ACLED run's write; the second skips ACLED, runs the feed, scans and
        # sends; then the first goes on: ACLED, the feed (nothing new), its scan (nothing raised twice)
        once = ["watch", "--once", "--no-model", "--no-forecast", "--country", "MLI", "--json"]
        # (the first waits for the second to end, not for a guessed time: 20 s was too short on a loaded machine)
        release = tmp_path / "release"
        first = _start(both, *once, pause=600, release=release)
        try:
            _wait_for_line(first, PAUSED)
            second = subprocess.run([str(WATCHFLOOR), "--db", both, *once], capture_output=True, text=True,
                                    timeout=300, env={**os.environ, "COLUMNS": "300"})
            assert first.poll() is None, "the first watch ended before the second: the overlap was not tested"
            release.touch()
            out, err = first.communicate(timeout=300)
        finally:
            first.kill()
        assert second.returncode == 0 and first.returncode == 0, second.stderr + err
        runs_second = {r["source"]: r["status"] for r in json.loads(second.stdout.splitlines()[-1])[0]["runs"]}
        runs_first = {r["source"]: r["status"] for r in json.loads(out.splitlines()[-1])[0]["runs"]}
        assert runs_second == {"acled": "skipped", "sahel-monitor": "ok"}
        assert runs_first == {"acled": "ok", "sahel-monitor": "ok"}
        together = _end_state(both)
        sent_together = (len(mail.inbox.messages), len(receiver.hits("/hook")))

        with Store.open(sequential) as store:    # the same runs one after the other, in that order
            watch = Watch(store, countries=["MLI"], model=False, forecast=False)
            watch.cycle("sahel-monitor")
            watch.cycle("acled")
            watch.cycle("sahel-monitor")
        apart = _end_state(sequential)
        sent_apart = (len(mail.inbox.messages) - sent_together[0], len(receiver.hits("/hook")) - sent_together[1])

    assert sent_together == sent_apart and sent_together[0] >= 1 and sent_together[1] >= 1
    assert sent_together == (len([a for a in together["alerts"] if a[0] == 1]),
                             len([a for a in together["alerts"] if a[0] == 2]))       # each alert sent once
    assert len(together["reports"]) == len(apart["reports"]) >= 1
    for key in apart:
        assert together[key] == apart[key], key


def test_two_threads_of_one_process_run_a_source_once(any_reference_db):
    """The server's Run now while its schedule runs the same source: the later run is skipped (both backends)."""
    from test_sources_feeds import add, feed_server
    from watchfloor.sources.run import run_source
    with Recorded() as server, Store.open(any_reference_db) as store:
        feed_server(server, server.url)
        slow = server.routes["/feed.xml"][-1]
        server.route("/feed.xml", Reply(slow.status, slow.body, slow.headers, delay=2.0))
        add(store, f"{server.url}/feed.xml")
        results = {}

        def run(key: str) -> None:
            own = Store(store.con.cursor(), store.path)      # a thread's own cursor, as the server gives each
            results[key] = run_source(own, "sahel-monitor")

        first = threading.Thread(target=run, args=["first"])
        first.start()
        deadline = time.monotonic() + 30
        while not server.hits("/feed.xml") and time.monotonic() < deadline:
            time.sleep(0.05)
        run("second")                                       # while the first waits for the slow feed
        first.join(60)
        assert results["second"].status == "skipped" and results["second"].reports == 0
        assert results["first"].status == "ok" and results["first"].reports == 3
        assert store.rows("SELECT status, reports FROM source_runs") == [("ok", 3)]
        assert store.scalar("SELECT count(*) FROM reports") == 3
