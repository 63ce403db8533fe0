"""Alerts go through an outbox: each message is recorded before it is sent and marked after. A process killed
with SIGKILL between a send and its record sends that message again on restart — the same message under the
same delivery id, so the receiver can drop the repeat — and nothing recorded as sent goes out twice."""
from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from pathlib import Path

from fixtures.sources.mail import MailServer
from fixtures.sources.recorded import Recorded, Reply
from test_alerts_delivery import SECRET, teams, trigger
from watchfloor.alerts.rules import AlertRule
from watchfloor.alerts.service import add_rule, deliver_pending, raise_alerts
from watchfloor.store import Store

WATCHFLOOR = Path(sys.executable).with_name("watchfloor")


def _send_until_paused(db: Path, env: dict) -> str:
    """`watchfloor alerts send`, killed with SIGKILL right after its first send (before recording it)."""
    proc = subprocess.Popen([str(WATCHFLOOR), "--db", str(db), "alerts", "send"],
                            env={**env, "WATCHFLOOR_FAULT_PAUSE_AFTER_SEND": "60"},
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    line = ""
    try:
        deadline = time.monotonic() + 60
        while "paused before recording" not in line and time.monotonic() < deadline:
            line = proc.stdout.readline()
            assert line or proc.poll() is None, proc.stderr.read()
    finally:
        proc.kill()
        proc.wait()
    return line


def _message_ids(inbox) -> list[str]:
    return [re.search(r"^Message-ID: (\S+)", m["content"], re.M).group(1) for m in inbox.messages]


def _body(message: dict) -> str:
    return message["content"].replace("\r\n", "\n").split("\n\n", 1)[1]


def test_kill_9_between_send_and_record_resends_under_the_same_delivery_id(any_reference_db, tmp_path, monkeypatch):
    monkeypatch.setenv("DESK_WEBHOOK_SECRET", SECRET)
    with MailServer(tmp_path) as mail, Recorded() as receiver:
        for k, v in mail.env().items():
            monkeypatch.setenv(k, v)
        receiver.route("/hook", Reply(204, b""))
        with Store.open(any_reference_db) as store:
            teams(store, "team", "ops")
            add_rule(store, AlertRule("desk", "team", "email", "desk@example.org", ["MLI"]))
            add_rule(store, AlertRule("ops", "ops", "webhook", f"{receiver.url}/hook", ["MLI"],
                                      secret_env="DESK_WEBHOOK_SECRET"))
            assert len(raise_alerts(store, "MLI", [trigger(1)])) == 2

        assert "paused before recording" in _send_until_paused(any_reference_db, dict(os.environ))
        # the first message went out (the email); the process died before recording it, and before the webhook
        assert _message_ids(mail.inbox) == ["<alert-1@watchfloor>"] and receiver.hits("/hook") == []
        with Store.open(any_reference_db) as store:
            assert store.rows("SELECT delivery_id, status FROM alert_outbox ORDER BY 1") == [
                ("alert-1", "queued"), ("alert-2", "queued")]

            again = deliver_pending(store)
            assert [(d["delivery_id"], d["sent"]) for d in again] == [("alert-1", True), ("alert-2", True)]
            # the email went out twice, with one Message-ID: the receiver keeps one; the webhook once
            assert _message_ids(mail.inbox) == ["<alert-1@watchfloor>"] * 2
            assert _body(mail.inbox.messages[0]) == _body(mail.inbox.messages[1]) and "IMMINENT" in \
                mail.inbox.messages[1]["content"]
            assert [h.headers["x-watchfloor-delivery"] for h in receiver.hits("/hook")] == ["alert-2"]

            # recorded as sent: never again, whatever comes later
            assert deliver_pending(store) == []
            assert raise_alerts(store, "MLI", [trigger(2)]) and [d["delivery_id"] for d in deliver_pending(store)] \
                == ["alert-3", "alert-4"]
            assert len(mail.inbox.messages) == 3 and len(receiver.hits("/hook")) == 2
            assert store.rows("SELECT status, count(*) FROM alert_deliveries GROUP BY 1") == [("sent", 4)]


def test_a_digest_resent_after_a_crash_keeps_its_alerts_and_its_id(any_reference_db, tmp_path, monkeypatch):
    with MailServer(tmp_path) as mail:
        for k, v in mail.env().items():
            monkeypatch.setenv(k, v)
        with Store.open(any_reference_db) as store:
            teams(store, "team")
            add_rule(store, AlertRule("digest", "team", "email", "desk@example.org", digest=True))
            raise_alerts(store, "MLI", [trigger(1), trigger(2)])
        _send_until_paused(any_reference_db, dict(os.environ))
        with Store.open(any_reference_db) as store:
            raise_alerts(store, "MLI", [trigger(3)])          # a new alert while the digest was in flight
            sent = deliver_pending(store)
        # the digest in flight goes again as it was (alerts 1 and 2, same id); the new alert in a digest of its own
        assert [(d["delivery_id"], d["alerts"]) for d in sent] == [("alert-1-2", [1, 2]), ("alert-3", [3])]
        assert _message_ids(mail.inbox) == ["<alert-1-2@watchfloor>", "<alert-1-2@watchfloor>", "<alert-3@watchfloor>"]
        assert "2 alert(s)" in mail.inbox.messages[1]["content"]
