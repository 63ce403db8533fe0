"""Reports and facts in the store: idempotent by content hash, spans into the stored text, analyst review."""
from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from read_helpers import WARNING_BRIEF, write
from watchfloor.cli import app
from watchfloor.read.pipeline import read_document
from watchfloor.store.reports import (FACT_KINDS, edit_fact, facts_for_report, reject_fact, standing_facts,
                                      store_report)


@pytest.fixture
def store(any_reference_store):
    """A store with the bundled reference data, on each backend (DuckDB and PostgreSQL)."""
    return any_reference_store


def test_store_report_is_idempotent_and_spans_index_the_stored_text(tmp_path, store):
    path = write(tmp_path / "brief.txt", WARNING_BRIEF)
    result = read_document(path)
    report_id, created = store_report(store, result)
    assert created and report_id == result.report_id
    counts = store.table_counts()
    again = store_report(store, read_document(path))
    assert again == (report_id, False)
    assert store.table_counts() == counts
    text = store.scalar("SELECT text FROM reports WHERE id = ?", [report_id])
    facts = facts_for_report(store, report_id)
    assert {f["kind"] for f in facts} == set(FACT_KINDS)
    for f in facts:
        assert text[f["start_char"]:f["end_char"]] == f["text"]
        assert 1 <= f["credibility"] <= 6
    judgment = next(f for f in facts if f["kind"] == "judgment")
    assert set(judgment["value"]) >= {"text", "term", "band", "start", "end", "yardstick", "negated"}
    event = next(f for f in facts if f["kind"] == "event")
    assert set(event["value"]) >= {"actor1", "actor2", "event_type", "sub_type", "place", "date", "fatalities"}
    assert event["actor_id"] == "dict:jamaat-nusrat-al-islam-wal-muslimin" and event["region_id"]
    place = next(f for f in facts if f["kind"] == "place" and f["value"]["name"] == "Boulkessi")
    assert place["place_id"] == "supplement:boulkessi"
    assert store.scalar("SELECT count(*) FROM audit WHERE action = 'report.read' AND target = ?", [report_id]) == 1


def test_reading_with_a_store_stores_once(tmp_path, store):
    path = write(tmp_path / "brief.txt", WARNING_BRIEF)
    first = read_document(path, store=store)
    second = read_document(path, store=store)
    assert first.stored == (first.report_id, True) and second.stored == (first.report_id, False)
    assert store.scalar("SELECT count(*) FROM reports") == 1


def test_corroborated_event_gets_credibility_2(tmp_path, store):
    a = write(tmp_path / "a.txt", "Source: https://www.reuters.com/x\n\nOn 3 March 2023, JNIM militants attacked "
                                  "a FAMa patrol near Hombori, killing 8 soldiers.")
    b = write(tmp_path / "b.txt", "Source: https://www.bbc.com/y\n\nJNIM fighters ambushed Malian soldiers near Hombori "
                                  "on 3 March 2023.")
    first = read_document(a, store=store)
    second = read_document(b, store=store)
    assert first.reliability == "B" and second.reliability == "B"
    cred = {f["report_id"]: f["credibility"] for f in standing_facts(store, kind="event")}
    assert cred == {first.report_id: 3, second.report_id: 2}


def test_reject_and_edit_are_audited_and_briefs_skip_rejected(tmp_path, store):
    report_id, _ = store_report(store, read_document(write(tmp_path / "brief.txt", WARNING_BRIEF)))
    judgments = facts_for_report(store, report_id, "judgment")
    rejected, edited = judgments[0]["id"], judgments[1]["id"]
    reject_fact(store, rejected, note="the brief misread this", user="analyst1")
    fixed = edit_fact(store, edited, {**judgments[1]["value"], "band": [0.05, 0.2]}, user="analyst2")
    assert fixed["status"] == "edited" and fixed["current_value"]["band"] == [0.05, 0.2]
    standing = {f["id"]: f for f in standing_facts(store, kind="judgment")}
    assert rejected not in standing and edited in standing
    assert standing[edited]["current_value"]["band"] == [0.05, 0.2]
    audit = store.rows("SELECT action, target, actor FROM audit WHERE action LIKE 'fact.%' ORDER BY id")
    assert audit == [("fact.reject", rejected, "analyst1"), ("fact.edit", edited, "analyst2")]
    assert facts_for_report(store, report_id, "judgment")[0]["status"] == "rejected"   # kept, not deleted


def test_cli_facts_reject_and_edit(tmp_path, store):
    report_id, _ = store_report(store, read_document(write(tmp_path / "brief.txt", WARNING_BRIEF)))
    fact_id = facts_for_report(store, report_id, "place")[0]["id"]
    db = store.path
    store.close()
    runner = CliRunner()
    assert runner.invoke(app, ["--db", db, "facts", "reject", fact_id, "--note", "wrong town"]).exit_code == 0
    bad = runner.invoke(app, ["--db", db, "facts", "edit", fact_id, "--value", "{not json"])
    assert bad.exit_code == 1 and "not valid JSON" in bad.stderr
    ok = runner.invoke(app, ["--db", db, "facts", "edit", fact_id, "--value", json.dumps({"name": "Mondoro"})])
    assert ok.exit_code == 0
    listed = runner.invoke(app, ["--db", db, "facts", "list", report_id[:12], "--kind", "place", "--json"])
    rows = {r["id"]: r for r in json.loads(listed.stdout)}
    assert rows[fact_id]["status"] == "edited" and rows[fact_id]["edited_value"] == {"name": "Mondoro"}
    missing = runner.invoke(app, ["--db", db, "facts", "reject", "no-such-fact"])
    assert missing.exit_code == 1 and "no fact with id" in missing.stderr


def test_init_loads_the_dictionary_and_supplement(store):
    cma = store.records("SELECT * FROM actors WHERE name = 'Coordination of Azawad Movements'")[0]
    assert cma["source"] == "dictionary" and cma["parent_id"] == "dict:permanent-strategic-framework"
    wagner = store.records("SELECT * FROM actors WHERE id = 'dict:wagner-group'")[0]
    assert wagner["successor_id"] == "dict:africa-corps" and str(wagner["valid_until"]) == "2023-12-31"
    aliases = {a for (a,) in store.rows("SELECT alias FROM actor_aliases WHERE actor_id = 'dict:malian-armed-forces'")}
    assert {"FAMa", "Forces Armées Maliennes", "Malian army"} <= aliases
    boulkessi = store.records("SELECT * FROM places WHERE id = 'supplement:boulkessi'")[0]
    assert boulkessi["admin1"] == "Mopti" and boulkessi["region_id"].startswith("MLI")
    assert store.scalar("SELECT count(*) FROM places WHERE source = 'regions' AND kind = 'region'") > 0
