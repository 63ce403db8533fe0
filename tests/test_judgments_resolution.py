"""Resolution: automatic against made-up events (true, false, not yet due — by the data, not the clock),
by hand with a note, reversible, and audited; and the CLI over the same functions."""
from __future__ import annotations

import json

from judgments_helpers import GAO, KIDAL, MOPTI, event_row, ingest_events
from typer.testing import CliRunner

from watchfloor.cli import app
from watchfloor.judgments.resolution import ResolutionError, auto_resolve, history, reopen, resolve
from watchfloor.judgments.tracking import get_judgment, list_judgments, record_judgment
from watchfloor.store import Store

MADE = "2020-06-10"
EVENTS_2020 = [
    event_row(1, "2020-08-15", GAO, "state-based", 4),
    event_row(2, "2020-09-01", GAO, "state-based", 3, side_a="Government of Mali", side_b="IS Sahel"),
    event_row(3, "2020-09-20", MOPTI, "one-sided", 12, side_a="JNIM", side_b="Civilians"),
    event_row(4, "2020-05-30", KIDAL, "non-state", 2, side_a="JNIM", side_b="IS Sahel"),   # before the claim
    event_row(5, "2020-12-31", MOPTI, "one-sided", 1, side_a="JNIM", side_b="Civilians"),  # data reach Dec 2020
]


def _track(store, claim):
    return record_judgment(store, claim=claim, made_by="Desk", made_at=MADE, source_kind="manual", source_id="t")


def test_auto_resolution_true_false_and_not_yet_due(any_reference_store, tmp_path):
    store = any_reference_store
    ingest_events(store, tmp_path, EVENTS_2020)
    spread = _track(store, "Fighting will very likely spread to Gao by December.")
    kidal = _track(store, "Fighting in Kidal is likely to continue by the end of 2020.")
    deaths = _track(store, "There is a 70 % chance of more than 100 deaths in Gao by December.")
    jnim = _track(store, "JNIM will likely attack civilians in Mopti within six months.")
    later = _track(store, "Clashes will very likely reach Kidal by March 2021.")
    talks = _track(store, "The government will likely open talks by December.")

    result = auto_resolve(store)
    outcomes = {r["id"]: r["outcome"] for r in result["resolved"]}
    assert outcomes == {spread: "true", kidal: "false", deaths: "false", jnim: "true"}
    assert result["not_due"] == [later] and result["manual"] == [talks]
    found = get_judgment(store, spread)
    assert found["evidence"]["event_ids"] == ["ucdp:1", "ucdp:2"] and found["evidence"]["fatalities"] == 7
    assert found["resolved_by"] == "watchfloor auto-resolve" and found["history"][0]["action"] == "auto-resolve"
    assert get_judgment(store, kidal)["evidence"]["event_ids"] == []  # the May event predates the claim
    assert get_judgment(store, jnim)["evidence"]["event_ids"] == ["ucdp:3"]  # deadline 2020-12-10
    assert store.scalar("SELECT count(*) FROM audit WHERE action = 'judgment.auto-resolve'") == 4
    assert auto_resolve(store)["resolved"] == []  # nothing twice

    # new data, not the clock, makes the March 2021 claim due
    ingest_events(store, tmp_path, [event_row(6, "2021-02-03", KIDAL, "state-based", 5),
                                    event_row(7, "2021-03-31", GAO, "one-sided", 1, side_b="Civilians")],
                  name="events-2021.csv")
    assert [r["id"] for r in list_judgments(store, "due")] == [later, talks]
    second = auto_resolve(store)
    assert second["resolved"] == [{"id": later, "outcome": "true", "events": 1, "fatalities": 5}]


def test_manual_resolution_is_audited_and_reversible(any_reference_store, tmp_path):
    store = any_reference_store
    ingest_events(store, tmp_path, EVENTS_2020)
    judgment_id = _track(store, "Fighting will very likely spread to Gao by December.")
    talks = _track(store, "The government will likely open talks by December.")
    resolve(store, talks, "false", "no talks reported", "analyst1")
    assert get_judgment(store, talks)["outcome"] == "false"
    resolve(store, talks, "void", "the government changed; the claim cannot be judged", "editor")
    reopened = reopen(store, talks, "reconsider", "editor")
    assert reopened["status"] == "open" and reopened["outcome"] is None
    steps = [(h["action"], h["outcome"], h["done_by"]) for h in history(store, talks)]
    assert steps == [("resolve", "false", "analyst1"), ("resolve", "void", "editor"), ("reopen", None, "editor")]
    audit = store.rows("SELECT action, actor FROM audit WHERE target = ? ORDER BY id", [str(talks)])
    assert audit[0][0] == "judgment.record"
    assert audit[1:] == [("judgment.resolve", "analyst1"), ("judgment.resolve", "editor"), ("judgment.reopen", "editor")]

    # an auto-resolution a person reopens stays with that person
    auto_resolve(store)
    assert get_judgment(store, judgment_id)["outcome"] == "true"
    reopen(store, judgment_id, "evidence disputed", "analyst1")
    assert auto_resolve(store)["reopened"] == [judgment_id, talks]
    assert get_judgment(store, judgment_id)["status"] == "open"
    resolve(store, judgment_id, True, "confirmed by field report", "analyst1")
    assert get_judgment(store, judgment_id)["outcome"] == "true"
    assert [h["action"] for h in history(store, judgment_id)] == ["auto-resolve", "reopen", "resolve"]


def test_bad_resolutions_are_refused(any_reference_store):
    judgment_id = _track(any_reference_store, "The government will likely open talks by December.")
    for call, match in ((lambda: resolve(any_reference_store, judgment_id, "maybe"), "expected one of"),
                        (lambda: resolve(any_reference_store, 999, "true"), "no judgment with id 999"),
                        (lambda: reopen(any_reference_store, judgment_id), "nothing to reopen")):
        try:
            call()
        except ResolutionError as exc:
            assert match in str(exc)
        else:
            raise AssertionError(f"accepted: {match}")
    assert history(any_reference_store, judgment_id) == []


def test_cli(any_reference_db, tmp_path):
    with Store.open(any_reference_db) as store:
        ingest_events(store, tmp_path, EVENTS_2020)
    runner = CliRunner()
    db = ["--db", str(any_reference_db)]
    added = runner.invoke(app, db + ["judgments", "add", "Fighting will very likely spread to Gao by December.",
                                     "--by", "Desk", "--at", MADE])
    assert added.exit_code == 0, added.output
    refused = runner.invoke(app, db + ["judgments", "add", "Fighting spread to Gao.", "--by", "D", "--at", MADE])
    assert refused.exit_code == 2 and "no likelihood word" in refused.output
    runner.invoke(app, db + ["judgments", "add", "Talks will likely open by December.", "--by", "Desk", "--at", MADE])
    listed = json.loads(runner.invoke(app, db + ["judgments", "list", "--open", "--json"]).output)
    assert [j["status"] for j in listed] == ["open", "open"] and all(j["due"] for j in listed)
    assert "resolved 1" in runner.invoke(app, db + ["judgments", "auto-resolve"]).output
    talks = listed[1]["id"]
    done = runner.invoke(app, db + ["judgments", "resolve", str(talks), "--outcome", "false", "--note", "none held"])
    assert done.exit_code == 0 and "false" in done.output
    scored = json.loads(runner.invoke(app, db + ["judgments", "score", "--by", "author", "--json"]).output)
    assert scored["n"] == 2 and scored["by"]["author"][0]["group"] == "Desk"
    assert "Brier" in runner.invoke(app, db + ["judgments", "score"]).output
    png = tmp_path / "reliability.png"
    assert runner.invoke(app, db + ["judgments", "chart", "--out", str(png)]).exit_code == 0
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and png.stat().st_size > 10_000
    assert runner.invoke(app, db + ["judgments", "resolve", "77", "--outcome", "true"]).exit_code == 2


def test_structured_criteria_given_by_the_brief_writer(any_reference_store, tmp_path):
    store = any_reference_store
    ingest_events(store, tmp_path, EVENTS_2020)
    gao = store.scalar("SELECT region_id FROM events WHERE id = 'ucdp:1'")
    criteria = {"event": "fatal violence", "violence_types": [], "event_types": [], "actors": [],
                "regions": [{"id": gao, "name": "Gao", "country": "MLI"}], "countries": [],
                "threshold": {"measure": "fatalities", "op": ">=", "value": 5}, "deadline": "2020-09-30",
                "deadline_rule": "given", "structured": True, "reason": None, "what": "p_fatal"}
    judgment_id = record_judgment(store, claim="Fatal violence in Gao is likely in September 2020.", term="likely",
                                  band=(0.55, 0.80), probability=0.62, made_by="A, B", made_at="2020-09-01",
                                  source_kind="brief", source_id="brief:1:v1", deadline="2020-09-30",
                                  criteria=criteria)
    assert auto_resolve(store)["resolved"] == [{"id": judgment_id, "outcome": "false", "events": 1,
                                                "fatalities": 3}]
