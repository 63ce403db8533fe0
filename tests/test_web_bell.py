"""The in-app bell in a real browser (Debian's Chromium, headless) against a real `watchfloor serve`, on a DuckDB
file and on PostgreSQL: alerts raised by a real rule owned by a team show on every page of each member's dashboard
as an unread count; opening the bell lists them newest first (the warning's lines, rule, time, severity, a link to
the evidence, the draft brief of an imminent warning); an acknowledgement (audited) marks the alert read for the
whole team, and the bell follows another member's acknowledgement, and on PostgreSQL a new alert raised by another
process, without the page being reloaded; on DuckDB a new alert raised by the watch inside the server
(`serve --watch`) the same way. A report's text with markup in it is shown as text."""
from __future__ import annotations

import os
import subprocess
import sys
import time
from datetime import date

import httpx
from playwright.sync_api import expect

from test_alerts_graded_reports import GRADED
from test_web_e2e import browser, login, shot  # noqa: F401  (fixtures)
from web_helpers import Server, _pg_web_template, any_web_db, bearer, watched, web_db, web_template  # noqa: F401
from watchfloor.alerts.rules import AlertRule
from watchfloor.alerts.service import add_rule, raise_alerts
from watchfloor.alerts.text import BASE_URL_ENV
from watchfloor.sources import ledger
from watchfloor.sources.watch import CLOSED_KEY
from watchfloor.store.coverage import coverage_now, resolve_sources
from watchfloor.store.settings import set_setting
from watchfloor.store import Store
from watchfloor.store.teams import add_team
from watchfloor.warn.brief import create_brief
from watchfloor.warn.triggers import Trigger

WAIT = 30_000      # ms a poll may take to show a change on a busy machine (the bell reads every second here)
POLL_BOUND = 5     # s from an alert raised to the open bell showing it, the bell reading every second
HOSTILE = '<script>window.__bellPwned = 1</script><img src="x" onerror="window.__bellPwned = 2">'


def _trigger(event_id: str, region_id: str, severity: int, summary: str, kind: str = "mass_casualty") -> Trigger:
    return Trigger(kind, "mass-casualty attack" if severity == 3 else "armed clash", severity, date(2020, 12, 1),
                   region_id, "Mopti", summary, [{"type": "event", "id": event_id, "source": "ucdp"}],
                   {"fatalities": 41}, ["JNIM"], ["ucdp"])


def _raise(store: Store, trigger: Trigger) -> list[dict]:
    """Raise alerts as the watch does; an imminent warning starts a real draft brief (the baseline model, so the
    test stays quick) and says where it is in the watch's words."""
    def draft(t, country: str) -> str:
        brief_id = create_brief(store, country, region=t.region, model="last", scenario_boot=-1, withdrawal_refits=0)
        base = os.environ.get(BASE_URL_ENV, "http://127.0.0.1:8000").rstrip("/")
        return f"A draft brief is started: {base}/briefs/{brief_id} (brief {brief_id})."
    return raise_alerts(store, "MLI", [trigger], draft)


def _alerts(url: str, token: str) -> dict:
    return httpx.get(f"{url}/api/alerts", headers=bearer(token), timeout=30).json()


def test_the_bell_lists_a_teams_alerts_and_acknowledges_them(any_web_db, backend, watched, tmp_path):
    path, tokens = any_web_db
    with Store.open(path) as store:
        add_team(store, "sahel-desk", "admin", ["analyst", "editor"])
        add_rule(store, AlertRule("mopti desk", "sahel-desk", "in-app", countries=["MLI"], min_severity=2))
        add_rule(store, AlertRule("viewer's own", "viewer", "in-app", countries=["NER"], min_severity=1))
        mopti = store.scalar("SELECT id FROM regions WHERE level = 1 AND country = 'MLI' AND name = 'Mopti'")
        events = [r[0] for r in store.rows("SELECT id FROM events WHERE region_id = ? ORDER BY id LIMIT 3", [mopti])]
        imminent = _raise(store, _trigger(events[0], mopti, 3, "On 1 December 2020 an attack near Mopti left 41 dead; "
                                          f"a local report reads: {HOSTILE}"))
        clash = _raise(store, _trigger(events[1], mopti, 2, "Clashes near Sévaré", kind="armed_clash"))
        brief_id = store.scalar("SELECT max(id) FROM briefs")
    assert len(imminent) == 1 and len(clash) == 1 and brief_id
    first, second = imminent[0]["id"], clash[0]["id"]

    with Server(path, tmp_path / "server.log", env={"WATCHFLOOR_BELL_POLL": "1"}) as server:
        context, page = login(watched, server.url, "analyst")
        try:
            bell_count = page.locator("#bell-count")
            expect(bell_count).to_have_text("2", timeout=WAIT)
            for where in ("/reports", "/sources", "/briefs"):           # every page has the bell, with the count
                page.goto(server.url + where)
                expect(bell_count).to_have_text("2", timeout=WAIT)
            expect(page.locator("#bell-panel")).to_be_hidden()

            page.click("#bell-button")
            items = page.locator("#bell-list li.bell-alert")
            expect(items).to_have_count(2)
            newest_first = [str(second), str(first)]
            assert [items.nth(i).get_attribute("data-id") for i in range(2)] == newest_first
            hostile = page.locator(f"#bell-list li[data-id='{first}']")
            expect(hostile.locator(".bell-severity")).to_have_text("3 · imminent")
            expect(hostile.locator(".bell-rule")).to_have_text("mopti desk (team sahel-desk)")
            expect(hostile.locator(".bell-time")).to_contain_text("UTC")
            lines = hostile.locator(".bell-text p")
            expect(lines.first).to_have_text("IMMINENT WARNING: mass-casualty attack — Mopti, MLI (December 2020)")
            expect(lines.nth(1)).to_contain_text(f"a local report reads: {HOSTILE}")    # the markup, as text
            expect(lines.nth(2)).to_have_text("Recorded by: ucdp.")
            assert page.locator("#bell-panel script, #bell-panel img").count() == 0
            assert page.evaluate("window.__bellPwned") is None
            evidence = hostile.locator("a.bell-evidence")
            expect(evidence).to_have_text(f"event {events[0]}")
            assert evidence.get_attribute("href") == f"/timeline?country=MLI&region={mopti}"
            brief = hostile.locator("a.bell-brief")
            expect(brief).to_have_text(f"draft brief {brief_id}")
            assert brief.get_attribute("href") == f"/briefs/{brief_id}"
            assert page.locator(f"#bell-list li[data-id='{second}'] a.bell-brief").count() == 0    # severity 2: none
            shot(page, f"bell-{backend}", 40)

            # another member acknowledges the clash: this bell follows without a reload (shared per team)
            acked = httpx.post(f"{server.url}/api/alerts/{second}/ack", headers=bearer(tokens["editor"]), timeout=30)
            assert acked.status_code == 200 and acked.json()["acknowledged_now"] is True
            expect(bell_count).to_have_text("1", timeout=WAIT)
            other = page.locator(f"#bell-list li[data-id='{second}']")
            expect(other).to_have_attribute("data-read", "1", timeout=WAIT)
            expect(other.locator(".bell-acked")).to_contain_text("acknowledged by editor")
            expect(other.locator("button.bell-ack")).to_have_count(0)

            # acknowledging in the bell: count 0, the alert read, and the acknowledgement audited
            hostile.locator("button.bell-ack").click()
            expect(bell_count).to_have_text("0", timeout=WAIT)
            expect(hostile).to_have_attribute("data-read", "1")
            expect(hostile.locator(".bell-acked")).to_contain_text("acknowledged by analyst")
            audit = httpx.get(f"{server.url}/api/audit", params={"actor": "analyst"}, headers=bearer(tokens["admin"]),
                              timeout=30).json()
            assert [(a["action"], a["target"]) for a in audit if a["action"] == "alert.acknowledge"] == [
                ("alert.acknowledge", str(first))]
            editor = _alerts(server.url, tokens["editor"])
            assert editor["unread"] == 0 and {a["id"]: a["acknowledged_by"] for a in editor["alerts"]} == {
                first: "analyst", second: "editor"}
            assert _alerts(server.url, tokens["viewer"])["total"] == 0          # no member of the team

            page.keyboard.press("Escape")                                       # closes; a click outside does too
            expect(page.locator("#bell-panel")).to_be_hidden()
            page.click("#bell-button")
            page.click("h1", position={"x": 5, "y": 5})
            expect(page.locator("#bell-panel")).to_be_hidden()
            page.click("#bell-button")
            # the evidence link opens the region's timeline in the dashboard
            page.click(f"#bell-list li[data-id='{first}'] a.bell-evidence")
            page.wait_for_url(f"{server.url}/timeline?country=MLI&region={mopti}")
            expect(bell_count).to_have_text("0", timeout=WAIT)

            if backend == "postgres":
                # another process raises a new alert while the page is open: the bell shows it without a reload
                with Store.open(path) as store:
                    later = _raise(store, _trigger(events[2], mopti, 2, "Clashes near Bandiagara", kind="armed_clash"))
                assert len(later) == 1
                expect(bell_count).to_have_text("1", timeout=WAIT)
                page.click("#bell-button")
                expect(page.locator(f"#bell-list li[data-id='{later[0]['id']}'] .bell-text p").nth(1)).to_have_text(
                    "Clashes near Bandiagara.")
        finally:
            context.close()       # before the server stops: no poll meets a closed port


class WatchingServer(Server):
    """`watchfloor serve --watch` (the schedule inside the server: on DuckDB no other process may write)."""

    def __enter__(self) -> "WatchingServer":
        self._log = open(self.log, "w")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "watchfloor.cli", "--db", str(self.db), "serve", "--watch", "--host", "127.0.0.1",
             "--port", str(self.port)], stdout=self._log, stderr=subprocess.STDOUT,
            env={**os.environ, "PYTHONUNBUFFERED": "1", **self.env})
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and self.process.poll() is None:
            try:
                if httpx.get(self.url + "/health", timeout=1).status_code == 200:
                    return self
            except httpx.HTTPError:
                time.sleep(0.1)
        self.__exit__()
        raise RuntimeError(f"serve --watch did not start: {self.log.read_text()}")


def test_a_new_alert_rings_the_bell_live_on_duckdb(web_db, watched, tmp_path):
    """On DuckDB the watch runs inside the server (`serve --watch`). With the dashboard open, a report from a
    source graded B arrives in a watched folder: the scheduled run reads it and raises an alert for the team, and
    the bell's count rises without a reload within the source's interval plus the bell's poll; acknowledging it
    in the bell lowers the count (audited)."""
    path, tokens = web_db
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    every = 2                       # the folder's interval (s); the bell reads every second
    with Store.open(path) as store:
        add_team(store, "sahel-desk", "admin", ["analyst"])
        add_rule(store, AlertRule("graded reports", "sahel-desk", "in-app", countries=["MLI"], kinds=["graded_report"],
                                  min_severity=1))
        ledger.add_source(store, ledger.SourceConfig("inbox", "folder", every, {
            "folder": str(inbox), "model": False, "countries": ["MLI"]}), by="test")
        # a desk that has been watching: the newest closed month is forecast already (else the first report's
        # cycle would forecast it first, ~20 s here, before raising its alert)
        closed = coverage_now(store, "MLI", resolve_sources(store, "MLI", "forecast"))
        set_setting(store, CLOSED_KEY + "MLI", closed.isoformat())

    with WatchingServer(path, tmp_path / "server.log", env={"WATCHFLOOR_BELL_POLL": "1"}) as server:
        context, page = login(watched, server.url, "analyst")
        try:
            bell_count = page.locator("#bell-count")
            expect(bell_count).to_have_text("0", timeout=WAIT)
            page.evaluate("window.__sameLoad = 1")          # gone if the page were reloaded
            assert _alerts(server.url, tokens["analyst"])["total"] == 0

            (inbox / "graded.part").write_text(GRADED, encoding="utf-8")      # whole, then visible to the folder
            (inbox / "graded.part").rename(inbox / "graded.html")
            arrived = time.monotonic()
            while _alerts(server.url, tokens["analyst"])["total"] == 0:       # the watch raises it on its own
                assert time.monotonic() - arrived < WAIT / 1000, "the watch raised no alert for the new report"
                time.sleep(0.05)
            raised = time.monotonic()
            expect(bell_count).to_have_text("1", timeout=POLL_BOUND * 1000)   # the open page's next poll shows it
            shown = time.monotonic()
            assert page.evaluate("window.__sameLoad") == 1
            print(f"\nreport arrived -> alert raised {raised - arrived:.1f} s (folder every {every} s); "
                  f"alert raised -> bell shows it {shown - raised:.1f} s (poll 1 s)")

            page.click("#bell-button")
            item = page.locator("#bell-list li.bell-alert")
            expect(item).to_have_count(1)
            expect(item.locator(".bell-rule")).to_have_text("graded reports (team sahel-desk)")
            expect(item.locator(".bell-text p").first).to_contain_text("report from a source graded B — Mopti")
            item.locator("button.bell-ack").click()
            expect(bell_count).to_have_text("0", timeout=WAIT)
            expect(item).to_have_attribute("data-read", "1")
            assert page.evaluate("window.__sameLoad") == 1
            alert_id = int(item.get_attribute("data-id"))
            audit = httpx.get(f"{server.url}/api/audit", params={"actor": "analyst"}, headers=bearer(tokens["admin"]),
                              timeout=30).json()
            assert [a["target"] for a in audit if a["action"] == "alert.acknowledge"] == [str(alert_id)]
        finally:
            context.close()
