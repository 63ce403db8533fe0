"""The Sources page and `serve --watch`: each source's status, run-now for editors only (with the CSRF token),
and the schedule inside the server, started with it and stopped on shutdown. Real store, real sources
(a watched folder), no network."""
from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time

import httpx
import pytest
from fastapi.testclient import TestClient

from fixtures.sources.recorded import fixture
from web_helpers import PASSWORD, bearer, free_port
from web_helpers import _pg_web_template, any_web_db, web_db, web_template  # noqa: F401  (fixtures)
from watchfloor.sources import ledger
from watchfloor.store import Store
from watchfloor.web.app import create_app


def _add_folder(path, name: str, folder, every: int = 3600) -> None:
    with Store.open(path) as store:
        ledger.add_source(store, ledger.SourceConfig(name, "folder", every, {"folder": str(folder), "model": False}),
                          by="test")


@pytest.fixture
def inbox(tmp_path):
    folder = tmp_path / "inbox"
    folder.mkdir()
    (folder / "diallassagou.html").write_bytes(fixture("article_diallassagou.html"))
    return folder


def _row(html: str, name: str) -> str:
    found = re.search(rf'<tr data-source="{re.escape(name)}">(.*?)</tr>', html, re.S)
    assert found, html[:2000]
    return found.group(1)


def test_page_lists_sources_and_only_editors_run_them(any_web_db, inbox, tmp_path):
    path, tokens = any_web_db
    _add_folder(path, "inbox", inbox)
    _add_folder(path, "broken", tmp_path / "<script>alert(1)</script>")
    with TestClient(create_app(path)) as client:
        page = client.get("/sources", headers=bearer(tokens["viewer"]))
        assert page.status_code == 200
        assert 'href="/sources" class="active"' in page.text                 # in the navigation
        assert "No watch runs in this server" in page.text
        row = _row(page.text, "inbox")
        assert "folder" in row and "never" in row and "not scheduled" in row
        assert "Run now" not in page.text                                    # not for a viewer

        for role in ("viewer", "analyst"):
            refused = client.post("/sources/inbox/run", headers=bearer(tokens[role]))
            assert refused.status_code == 403, role
        assert client.app.state.store.reader().scalar("SELECT count(*) FROM source_runs") == 0

        assert client.post("/sources/nosuch/run", headers=bearer(tokens["editor"])).status_code == 404

        # an editor in the browser: the form needs the session's CSRF token
        assert client.post("/login", data={"name": "editor", "password": PASSWORD},
                           follow_redirects=False).status_code == 303
        page = client.get("/sources")
        assert "Run now" in page.text
        csrf = re.search(r'name="csrf_token" value="([^"]+)"', _row(page.text, "inbox")).group(1)
        assert client.post("/sources/inbox/run", data={"csrf_token": "forged"}).status_code == 403
        done = client.post("/sources/inbox/run", data={"csrf_token": csrf})
        assert done.status_code == 200, done.text[:500]
        assert "inbox: ok" in done.text and "1 report(s) read" in done.text
        row = _row(done.text, "inbox")
        assert re.search(r'<td class="reports">1</td>', row) and '<span class="badge ok">ok</span>' in row
        assert client.app.state.store.reader().scalar("SELECT count(*) FROM reports") >= 1

        # a failed run shows its error, escaped
        failed = client.post("/sources/broken/run", data={"csrf_token": csrf})
        assert failed.status_code == 200
        row = _row(failed.text, "broken")
        assert "is not a folder" in row and "<script>alert(1)</script>" not in failed.text
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in row
        actions = [a for a, in client.app.state.store.reader().rows(
            "SELECT action FROM audit WHERE action = 'source.run_now' AND actor = 'editor'")]
        assert len(actions) == 2


def test_watch_inside_the_app_starts_with_it_and_stops_on_shutdown(any_web_db, inbox):
    path, tokens = any_web_db
    _add_folder(path, "inbox", inbox)
    app = create_app(path, watch=True)
    with TestClient(app) as client:
        watch = app.state.watch
        assert watch is not None and watch.running
        deadline = time.monotonic() + 120     # a loaded machine reads the inbox slowly
        while time.monotonic() < deadline:
            page = client.get("/sources", headers=bearer(tokens["viewer"]))
            if '<td class="reports">1</td>' in _row(page.text, "inbox"):
                break
            time.sleep(0.2)
        else:
            pytest.fail("the scheduled run did not happen: " + page.text[:2000])
        assert "The watch runs in this server" in page.text
        assert "not scheduled" not in _row(page.text, "inbox")               # the next run is the schedule's
        assert set(watch.next_runs()) == {"inbox"}
    assert not watch.running                                                 # shutdown stopped the schedule


def test_serve_watch_runs_the_schedule_and_stops_on_sigint(any_web_db, inbox, tmp_path):
    path, tokens = any_web_db
    _add_folder(path, "inbox", inbox)
    port, log = free_port(), tmp_path / "serve.log"
    url = f"http://127.0.0.1:{port}"
    with open(log, "w") as out:
        process = subprocess.Popen([sys.executable, "-m", "watchfloor.cli", "--db", str(path), "serve", "--watch",
                                    "--host", "127.0.0.1", "--port", str(port), "--access-log", "off"],
                                   stdout=out, stderr=subprocess.STDOUT, env={**os.environ, "PYTHONUNBUFFERED": "1"})
        try:
            deadline, seen = time.monotonic() + 120, ""     # (starts a server and reads the inbox)
            while time.monotonic() < deadline and process.poll() is None:
                try:
                    seen = httpx.get(url + "/sources", headers=bearer(tokens["viewer"]), timeout=2).text
                    if "The watch runs in this server" in seen and '<td class="reports">1</td>' in seen:
                        break
                except httpx.HTTPError:
                    pass
                time.sleep(0.2)
            else:
                pytest.fail(f"serve --watch did not run the source: {log.read_text()} {seen[:1000]}")
        finally:
            process.send_signal(signal.SIGINT)
            code = process.wait(180)         # the server stops once the run under way has finished
    assert code == 0, log.read_text()
    assert "watching the sources" in log.read_text()
    with Store.open(path, read_only=True) as store:                         # the server let go of the store
        assert store.scalar("SELECT count(*) FROM source_runs WHERE source = 'inbox' AND status = 'ok'") == 1
