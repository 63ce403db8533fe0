"""End to end: the local servers publish a new ACLED event and a new feed item; the watch ingests and reads
them, a trigger fires, one email reaches the local SMTP server and one signed webhook the local receiver,
and running again changes nothing."""
from __future__ import annotations

import hashlib
import hmac

from fixtures.sources.mail import MailServer
from fixtures.sources.recorded import Recorded, Reply, fixture, fixture_json
from test_alerts_delivery import teams
from watchfloor.alerts.rules import AlertRule
from watchfloor.alerts.service import add_rule
from watchfloor.sources import ledger
from watchfloor.sources.watch import Watch, status
from watchfloor.store import Store

SECRET = "whsec-e2e-51a7"
TOKEN = fixture_json("acled_token.json")["access_token"]
EMPTY_FEED = ('<?xml version="1.0"?><rss version="2.0"><channel><title>Sahel Monitor</title>'
              '<link>http://127.0.0.1/</link><description>News</description></channel></rss>')


def publish(server: Recorded, new: bool) -> None:
    def read(req):
        if req.query.get("page") != "1":
            return Reply(200, fixture_json("acled_deleted_none.json"))
        if "timestamp" in req.query:
            page = fixture_json("acled_read_update.json")
            page["data"] = [r for r in page["data"] if r["event_id_cnty"] == "MLI31004"] if new else []
            return Reply(200, page)
        return Reply(200, fixture_json("acled_read_page1.json"))
    server.route("/oauth/token", Reply(200, fixture_json("acled_token.json")))
    server.route("/api/acled/read", read)
    server.route("/api/deleted/read", Reply(200, fixture_json("acled_deleted_none.json")))
    feed = fixture("feed_sahel.xml").decode().replace("{BASE}", server.url).replace("{OTHER}", server.url)
    if new:     # the feed now carries only the Diallassagou item
        head, _, rest = feed.partition("<item>")
        feed = head + "<item>" + rest.split("</item>")[0] + "</item></channel></rss>"
    server.route("/feed.xml", Reply(200, feed if new else EMPTY_FEED, {"Content-Type": "application/rss+xml"}))
    server.route("/2024/06/diallassagou-attack", Reply(200, fixture("article_diallassagou.html"),
                                                       {"Content-Type": "text/html"}))


def test_new_event_and_feed_item_alert_once(reference_db, tmp_path, monkeypatch):
    monkeypatch.setenv("ACLED_EMAIL", "analyst@example.org")
    monkeypatch.setenv("ACLED_PASSWORD", "e2e-password")
    monkeypatch.setenv("DESK_WEBHOOK_SECRET", SECRET)
    with MailServer(tmp_path) as mail, Recorded() as server, Recorded() as receiver, Store.open(reference_db) as store:
        for k, v in mail.env().items():
            monkeypatch.setenv(k, v)
        receiver.route("/hook", Reply(204, b""))
        publish(server, new=False)
        ledger.add_source(store, ledger.SourceConfig("acled", "acled", 3600, {
            "base_url": server.url, "countries": ["MLI"], "start": "2024-01-01", "backoff": 0.01}))
        ledger.add_source(store, ledger.SourceConfig("sahel-monitor", "feed", 1800, {
            "url": f"{server.url}/feed.xml", "backoff": 0.01}))
        teams(store, "sahel-team", "ops")
        add_rule(store, AlertRule("mali desk", "sahel-team", "email", "desk@example.org", ["MLI"], min_severity=2,
                                  kinds=["mass_casualty"]))
        add_rule(store, AlertRule("ops", "ops", "webhook", f"{receiver.url}/hook", ["MLI"], ["Mopti"], ["mass_casualty"],
                                  secret_env="DESK_WEBHOOK_SECRET"))
        watch = Watch(store, countries=["MLI"], model=False, forecast=False)

        quiet = watch.run_all()[0]
        assert [r["status"] for r in quiet["runs"]] == ["ok", "ok"]
        assert quiet["alerts"] == [] and mail.inbox.messages == []

        publish(server, new=True)
        cycle = watch.run_all()[0]
        assert [r["inserted"] for r in cycle["runs"]] == [1, 0] and cycle["runs"][1]["reports"] == 1
        kinds = {a["kind"] for a in cycle["alerts"]}
        assert "mass_casualty" in kinds
        assert len(cycle["alerts"]) == 2, [a["title"] for a in cycle["alerts"]]      # one per rule: one incident
        assert len(mail.inbox.messages) == 1 and mail.inbox.messages[0]["tls"]
        assert "Diallassagou" in mail.inbox.messages[0]["content"]
        hooks = receiver.hits("/hook")
        assert len(hooks) == 1
        assert hooks[0].headers["x-watchfloor-signature"] == "sha256=" + hmac.new(
            SECRET.encode(), hooks[0].body, hashlib.sha256).hexdigest()

        before = {t: store.rows(f"SELECT * FROM {t} ORDER BY 1") for t in ("events", "reports", "facts", "alerts")}
        again = watch.run_all()[0]
        assert again["alerts"] == [] and again["deliveries"] == []
        assert {t: store.rows(f"SELECT * FROM {t} ORDER BY 1") for t in before} == before
        assert len(mail.inbox.messages) == 1 and len(receiver.hits("/hook")) == 1

        page = {row["name"]: row for row in status(store)}
        assert page["acled"]["last"]["status"] == "ok" and page["acled"]["next_run"] is not None
