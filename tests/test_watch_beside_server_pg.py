"""`watchfloor watch` beside `watchfloor serve` on one PostgreSQL database: two real processes. The local
recorded-source servers publish a new ACLED event and a new feed item while both run; the watch ingests and reads
them on its schedule and alerts once (one email, one signed webhook), the server's API shows the new event and
report exactly once, however many scheduled runs follow, and the API keeps answering throughout; the in-app bell
(GET /api/alerts) shows each of a user's alerts once."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx

from fixtures.sources.mail import MailServer
from fixtures.sources.recorded import Recorded, Reply
from test_sources_acled import EMAIL, PASSWORD
from test_watch_e2e import SECRET, publish
from test_watch_server import _wait
from web_helpers import Server, bearer, web_template, _pg_web_template  # noqa: F401  (fixtures)
from test_alerts_delivery import teams
from watchfloor.alerts.rules import AlertRule
from watchfloor.alerts.service import add_rule
from watchfloor.sources import ledger
from watchfloor.store import Store

WATCHFLOOR = Path(sys.executable).with_name("watchfloor")
EVERY = 2           # seconds between a source's runs: several scheduled runs within the test


class Poller(threading.Thread):
    """GETs the API over and over while the watch writes; keeps each answer's status and time."""

    def __init__(self, url: str, token: str):
        super().__init__(daemon=True)
        self.url, self.headers = url, bearer(token)
        self.answers: list[tuple[int, float]] = []
        self.stopping = threading.Event()

    def run(self) -> None:
        with httpx.Client(timeout=30) as client:
            while not self.stopping.is_set():
                t0 = time.monotonic()
                status = client.get(self.url + "/api/events?country=MLI&since=2024-01-01&limit=5",
                                    headers=self.headers).status_code
                self.answers.append((status, time.monotonic() - t0))
                time.sleep(0.1)


def _acled_ids(server: Server, token: str) -> list[str]:
    page = httpx.get(server.url + "/api/events?country=MLI&since=2024-01-01&limit=500", headers=bearer(token),
                     timeout=30).json()
    return sorted(e["id"] for e in page["events"] if e["id"].startswith("acled:"))


def _report_titles(server: Server, token: str) -> list[str]:
    return [r["title"] for r in httpx.get(server.url + "/api/reports", headers=bearer(token), timeout=30).json()]


def _bell(server: Server, token: str) -> dict:
    """The viewer's alerts through GET /api/alerts: one page of all, and the ids page by page (one a page)."""
    def get(query: str) -> dict:
        answer = httpx.get(server.url + "/api/alerts" + query, headers=bearer(token), timeout=30)
        assert answer.status_code == 200, answer.text
        return answer.json()
    whole = get("?limit=200")
    paged = [a["id"] for offset in range(whole["total"] + 1) for a in get(f"?limit=1&offset={offset}")["alerts"]]
    return {"whole": whole["alerts"], "total": whole["total"], "unread": whole["unread"], "paged": paged}


def _runs(url: str) -> dict[str, int]:
    with Store.open(url) as store:
        return dict(store.rows("SELECT source, count(*) FROM source_runs WHERE status = 'ok' GROUP BY 1"))


def test_watch_beside_the_server_on_postgresql(pg_cluster, _pg_web_template, tmp_path, monkeypatch):
    url, tokens = pg_cluster.database(_pg_web_template[0]), _pg_web_template[1]
    viewer = tokens["viewer"]
    with MailServer(tmp_path) as mail, Recorded() as source, Recorded() as receiver:
        receiver.route("/hook", Reply(204, b""))
        publish(source, new=False)
        with Store.open(url) as store:
            ledger.add_source(store, ledger.SourceConfig("acled", "acled", EVERY, {
                "base_url": source.url, "countries": ["MLI"], "start": "2024-01-01", "backoff": 0.01}))
            ledger.add_source(store, ledger.SourceConfig("sahel-monitor", "feed", EVERY, {
                "url": f"{source.url}/feed.xml", "backoff": 0.01, "model": False}))
            teams(store, "sahel-team", "ops")
            add_rule(store, AlertRule("mali desk", "sahel-team", "email", "desk@example.org", ["MLI"],
                                      min_severity=2, kinds=["mass_casualty"]))
            add_rule(store, AlertRule("ops", "ops", "webhook", f"{receiver.url}/hook", ["MLI"], ["Mopti"],
                                      ["mass_casualty"], secret_env="DESK_WEBHOOK_SECRET"))
            add_rule(store, AlertRule("viewer's bell", "viewer", "in-app", countries=["MLI"], min_severity=1))
        env = {**os.environ, **mail.env(), "PYTHONUNBUFFERED": "1", "ACLED_EMAIL": EMAIL, "ACLED_PASSWORD": PASSWORD,
               "DESK_WEBHOOK_SECRET": SECRET, "WATCHFLOOR_WATCH_REFRESH": "1"}
        with Server(url, tmp_path / "server.log") as server, open(tmp_path / "watch.log", "w") as log:
            watch = subprocess.Popen([str(WATCHFLOOR), "--db", url, "watch", "--no-model", "--no-forecast",
                                      "--country", "MLI"], env=env, stdout=log, stderr=subprocess.STDOUT)
            poller = Poller(server.url, viewer)
            try:
                _wait(lambda: _runs(url).get("sahel-monitor") and _runs(url).get("acled"), 120,
                      "the watch's first (quiet) runs")
                quiet_events = _acled_ids(server, viewer)
                assert quiet_events and "acled:MLI31004" not in quiet_events
                assert mail.inbox.messages == [] and receiver.hits("/hook") == []

                poller.start()
                publish(source, new=True)             # the sources publish while server and watch run
                published = _runs(url)
                _wait(lambda: "acled:MLI31004" in _acled_ids(server, viewer), 120, "the new event in the API")
                _wait(lambda: any("Diallassagou" in (t or "") for t in _report_titles(server, viewer)), 120,
                      "the new report in the API")
                # several scheduled runs of each source after the publication: each finds nothing new
                _wait(lambda: all(_runs(url)[s] >= published[s] + 3 for s in published), 120,
                      "three more runs of each source")
                events, titles = _acled_ids(server, viewer), _report_titles(server, viewer)
                bell = _bell(server, viewer)
            finally:
                poller.stopping.set()
                watch.send_signal(signal.SIGINT)
                try:
                    watch.wait(180)          # a stop lets the run under way finish
                except subprocess.TimeoutExpired:
                    watch.kill()
                    watch.wait(10)
            poller.join(30)
            assert watch.returncode == 0, (tmp_path / "watch.log").read_text()

    assert events == sorted(quiet_events + ["acled:MLI31004"])        # the new event once
    assert sum("Diallassagou" in (t or "") for t in titles) == 1      # the new report once
    with Store.open(url) as store:
        alerts = store.rows("SELECT rule_id, kind FROM alerts WHERE rule_id < 3 ORDER BY rule_id")
        viewers = [i for i, in store.rows("SELECT id FROM alerts WHERE rule_id = 3 ORDER BY created_at DESC, id DESC")]
        failed = store.rows("SELECT source, error FROM source_runs WHERE status <> 'ok'")
    assert alerts == [(1, "mass_casualty"), (2, "mass_casualty")] and failed == []
    # the in-app bell through the server's API: each of the viewer's alerts once, newest first, on one page
    # and across pages of one
    assert "mass_casualty" in {a["kind"] for a in bell["whole"]}
    assert [a["id"] for a in bell["whole"]] == viewers and bell["total"] == bell["unread"] == len(viewers)
    assert bell["paged"] == viewers and len(set(viewers)) == len(viewers)
    assert len(mail.inbox.messages) == 1 and len(receiver.hits("/hook")) == 1      # each alert sent once
    assert len(poller.answers) >= 10 and {s for s, _ in poller.answers} == {200}
    slowest = max(t for _, t in poller.answers)
    assert slowest < 10.0, f"the API took {slowest:.1f} s to answer while the watch wrote"
