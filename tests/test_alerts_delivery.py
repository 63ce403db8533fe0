"""Alerts: rules, email over STARTTLS to a local aiosmtpd server, HMAC-signed webhooks to a local receiver,
each sent exactly once."""
from __future__ import annotations

import hashlib
import hmac
import json
from datetime import date

import pytest

from fixtures.sources.mail import MailServer
from fixtures.sources.recorded import Recorded, Reply
from watchfloor.alerts.rules import AlertRule
from watchfloor.alerts.service import acknowledge, add_rule, deliver_pending, raise_alerts, unread
from watchfloor.store import Store
from watchfloor.store.teams import add_team, get_team
from watchfloor.warn.triggers import Trigger

SECRET = "whsec-fixture-9d2c41"


def teams(store, *names: str) -> None:
    """The teams the alert tests' rules are owned by (a rule's owner is an existing user or team)."""
    for name in names:
        if get_team(store, name) is None:
            add_team(store, name, "test")


def trigger(i: int = 1, severity: int = 3, kind: str = "mass_casualty") -> Trigger:
    return Trigger(kind, "mass-casualty attack", severity, date(2024, 6, 1), "MLI.ML-5", "Mopti",
                   f"On 5 June 2024, an attack on Diallassagou near Mopti left {40 + i} dead",
                   [{"type": "event", "id": f"acled:MLI3100{i}", "source": "acled"}], {"fatalities": 40 + i},
                   ["JNIM"], ["acled"])


@pytest.fixture
def mail(tmp_path, monkeypatch):
    with MailServer(tmp_path) as server:
        for k, v in server.env().items():
            monkeypatch.setenv(k, v)
        yield server


def test_email_and_signed_webhook_each_once(any_reference_db, mail, monkeypatch):
    monkeypatch.setenv("DESK_WEBHOOK_SECRET", SECRET)
    with Recorded() as receiver, Store.open(any_reference_db) as store:
        receiver.route("/hooks/watchfloor", Reply(204, b""))
        teams(store, "sahel-team", "ops")
        add_rule(store, AlertRule("mali desk", "sahel-team", "email", "desk@example.org", ["MLI"], min_severity=2))
        add_rule(store, AlertRule("ops hook", "ops", "webhook", f"{receiver.url}/hooks/watchfloor", ["MLI"],
                                  secret_env="DESK_WEBHOOK_SECRET"))
        raised = raise_alerts(store, "MLI", [trigger()])
        assert len(raised) == 2 and raised[0]["title"].startswith("IMMINENT WARNING: mass-casualty attack — Mopti")
        sent = deliver_pending(store)
        assert [d["sent"] for d in sent] == [True, True], sent

        assert len(mail.inbox.messages) == 1
        message = mail.inbox.messages[0]
        assert message["tls"] and message["to"] == ["desk@example.org"]
        assert "Subject: IMMINENT WARNING" in message["content"] and "events?id=acled:MLI31001" in message["content"]

        hooks = receiver.hits("/hooks/watchfloor")
        assert len(hooks) == 1
        body = hooks[0].body
        expected = "sha256=" + hmac.new(SECRET.encode(), body, hashlib.sha256).hexdigest()
        assert hooks[0].headers["x-watchfloor-signature"] == expected
        assert json.loads(body)["alerts"][0]["kind"] == "mass_casualty"

        # the same incident again (the next cycle finds the trigger again): nothing new, nothing resent
        assert raise_alerts(store, "MLI", [trigger()]) == []
        assert deliver_pending(store) == []
        assert len(mail.inbox.messages) == 1 and len(receiver.hits("/hooks/watchfloor")) == 1

        dump = "\n".join(repr(r) for t in ("alerts", "alert_deliveries", "alert_rules", "audit")
                         for r in store.rows(f"SELECT * FROM {t}"))
        assert SECRET not in dump


def test_rules_choose_by_country_severity_and_kind(any_reference_db):
    with Store.open(any_reference_db) as store:
        teams(store, "a", "b", "c")
        add_rule(store, AlertRule("imminent only", "a", "in-app", min_severity=3))
        add_rule(store, AlertRule("niger", "b", "in-app", countries=["NER"]))
        add_rule(store, AlertRule("escalation", "c", "in-app", kinds=["escalation"]))
        raised = raise_alerts(store, "MLI", [trigger(1, severity=2), trigger(2, severity=3)])
        assert [(a["rule_id"], a["severity"]) for a in raised] == [(1, 3)]
        bell = unread(store, "a")
        assert len(bell) == 1
        assert acknowledge(store, bell[0]["id"], "ana") and unread(store, "a") == []
        assert store.scalar("SELECT count(*) FROM audit WHERE action = 'alert.acknowledge'") == 1


def test_a_failed_webhook_is_sent_on_a_later_cycle_once(any_reference_db, monkeypatch):
    monkeypatch.setenv("DESK_WEBHOOK_SECRET", SECRET)
    with Recorded() as receiver, Store.open(any_reference_db) as store:
        receiver.route("/hook", Reply(500, "down"))
        teams(store, "ops")
        add_rule(store, AlertRule("hook", "ops", "webhook", f"{receiver.url}/hook", secret_env="DESK_WEBHOOK_SECRET"))
        raise_alerts(store, "MLI", [trigger()])
        first = deliver_pending(store)
        assert first[0]["sent"] is False and "HTTP 500" in first[0]["error"]
        receiver.route("/hook", Reply(200, "ok"))
        assert deliver_pending(store)[0]["sent"] is True
        assert deliver_pending(store) == []
        assert [h.headers["x-watchfloor-delivery"] for h in receiver.hits("/hook")][-1] == "alert-1"
        assert store.scalar("SELECT attempts FROM alert_deliveries") == 2


def test_no_email_in_the_clear(any_reference_db, tmp_path, monkeypatch):
    with MailServer(tmp_path, starttls=False) as plain, Store.open(any_reference_db) as store:
        for k, v in plain.env().items():
            monkeypatch.setenv(k, v)
        teams(store, "team")
        add_rule(store, AlertRule("desk", "team", "email", "desk@example.org"))
        raise_alerts(store, "MLI", [trigger()])
        result = deliver_pending(store)
        assert result[0]["sent"] is False and "STARTTLS" in result[0]["error"]
        assert plain.inbox.messages == []


def test_digest_sends_one_message_for_many(any_reference_db, mail):
    with Store.open(any_reference_db) as store:
        teams(store, "team")
        add_rule(store, AlertRule("digest", "team", "email", "desk@example.org", digest=True))
        raise_alerts(store, "MLI", [trigger(1), trigger(2), trigger(3)])
        assert [d["alerts"] for d in deliver_pending(store)] == [[1, 2, 3]]
        assert len(mail.inbox.messages) == 1 and "3 alert(s)" in mail.inbox.messages[0]["content"]


def test_a_webhook_rule_needs_its_secret_variable(any_reference_db):
    with Store.open(any_reference_db) as store, pytest.raises(ValueError, match="secret-env"):
        add_rule(store, AlertRule("hook", "ops", "webhook", "http://127.0.0.1:9/hook"))
