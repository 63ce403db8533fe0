"""The watch inside the server (`serve --watch`): a run holds the server's write lock only to write — a slow
source's network time leaves the dashboard's writes free — and sources added, changed or removed while the
server runs are picked up at the schedule's next tick, with no restart. Real store, real app, a local HTTP
server for the feed."""
from __future__ import annotations

import time

import pytest
from fastapi.testclient import TestClient

from fixtures.sources.recorded import Recorded, Reply, fixture
from test_sources_feeds import feed_server
from web_helpers import web_db, web_template  # noqa: F401  (fixtures)
from watchfloor.sources import ledger, watch as watch_module
from watchfloor.web.app import create_app


def _wait(check, seconds: float = 20.0, what: str = ""):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        found = check()
        if found:
            return found
        time.sleep(0.1)
    pytest.fail(f"timed out waiting for {what}")


def _feed(url: str, every: int = 3600) -> ledger.SourceConfig:
    return ledger.SourceConfig("sahel-monitor", "feed", every, {"url": url, "model": False, "backoff": 0.01,
                                                               "retries": 1})


def test_a_slow_fetch_does_not_hold_the_write_lock(web_db, monkeypatch):
    monkeypatch.setattr(watch_module, "REFRESH_SECONDS", 0.5)
    path, _ = web_db
    with Recorded() as server:
        feed_server(server, server.url.replace("127.0.0.1", "localhost"))
        slow = fixture("feed_sahel.xml").decode().replace("{BASE}", server.url).replace("{OTHER}", server.url)
        server.route("/feed.xml", Reply(200, slow, {"Content-Type": "application/rss+xml"}, delay=3.0))
        app = create_app(path, watch=True)
        with TestClient(app):
            handle = app.state.store
            with handle.writer() as store:
                ledger.add_source(store, _feed(f"{server.url}/feed.xml"), by="test")
            _wait(lambda: server.hits("/feed.xml"), what="the watch to start fetching the feed")
            t0 = time.monotonic()
            with handle.writer() as store:          # the dashboard writes while the feed answers slowly
                store.audit("test.write_during_fetch")
            waited = time.monotonic() - t0
            runs = _wait(lambda: handle.reader().rows("SELECT status, reports, error FROM source_runs"),
                         what="the feed's run to be recorded")
        assert waited < 1.5, f"a write waited {waited:.1f} s for the watch's fetch"
        assert runs == [("ok", 3, None)]


def test_sources_added_changed_and_removed_while_the_server_runs(web_db, monkeypatch, tmp_path):
    monkeypatch.setattr(watch_module, "REFRESH_SECONDS", 0.5)
    path, _ = web_db
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "diallassagou.html").write_bytes(fixture("article_diallassagou.html"))
    app = create_app(path, watch=True)
    with TestClient(app):
        handle, watch = app.state.store, app.state.watch
        assert watch.next_runs() == {}
        with handle.writer() as store:             # as `watchfloor sources add` or an editor would, server running
            ledger.add_source(store, ledger.SourceConfig("inbox", "folder", 3600, {"folder": str(inbox),
                                                                                  "model": False}), by="test")
        _wait(lambda: handle.reader().scalar("SELECT count(*) FROM source_runs WHERE source = 'inbox'"),
              what="the new source's first run")
        assert set(watch.next_runs()) == {"inbox"}
        assert handle.reader().scalar("SELECT count(*) FROM reports") >= 1

        with handle.writer() as store:             # a new interval takes effect at the next tick
            ledger.add_source(store, ledger.SourceConfig("inbox", "folder", 60, {"folder": str(inbox),
                                                                                "model": False}), by="test")
        _wait(lambda: watch.scheduler.get_job("inbox").trigger.interval.total_seconds() == 60,
              what="the changed interval")

        with handle.writer() as store:             # removed (or disabled): off the schedule
            ledger.remove_source(store, "inbox", by="test")
        _wait(lambda: watch.next_runs() == {}, what="the removed source to leave the schedule")
