"""Stored reports re-read by the current reader (watchfloor/read/reread.py, migration 0101): ids stay, the
analysts' work and what judgments rest on stay, everything else is replaced; a real DuckDB store file."""
from __future__ import annotations

import json
import subprocess
import sys

from watchfloor.read.pipeline import read_document
from watchfloor.read.reread import reread_reports
from watchfloor.store import Store
from watchfloor.store.reports import reject_fact

REPORT = """Weekly security note: Tahoua and Tillabéri
By Amina Saley
Published 12 March 2024

Gunmen believed to belong to the Islamic State Sahel Province attacked a gendarmerie post near Tillabéri on
9 March 2024, killing six gendarmes. Nigerien troops later recovered two vehicles.

It is very likely that attacks on posts along the road to the border will continue through April 2024.
"""


def _store_with_report(tmp_path):
    path = tmp_path / "desk.duckdb"
    (tmp_path / "note.txt").write_text(REPORT, encoding="utf-8")
    with Store.open(path) as store:
        result = read_document(tmp_path / "note.txt", store=store)
    return path, result.report_id


def _facts(store, report_id):
    return store.records("SELECT id, kind, start_char, end_char, status, value FROM facts WHERE report_id = ? "
                         "ORDER BY id", [report_id])


def _as_an_old_store(store, report_id):
    """What a store read by an older reader looks like: no version, other facts, migration 0101 not applied."""
    store.execute("UPDATE reports SET reader_version = NULL WHERE id = ?", [report_id])
    store.execute("DELETE FROM facts WHERE report_id = ? AND kind IN ('actor', 'event') AND status = 'extracted' "
                  "AND id NOT IN (SELECT fact_id FROM judgments WHERE fact_id IS NOT NULL)", [report_id])
    store.execute("INSERT INTO facts (id, report_id, kind, start_char, end_char, text, value) VALUES "
                  "(?, ?, 'actor', 0, 6, 'Weekly', '{\"name\": \"Weekly\", \"type\": \"candidate\"}')",
                  [report_id[:16] + ":actor:0:6:999", report_id])
    store.execute("DELETE FROM schema_version WHERE version = 101")


def test_the_migration_rereads_old_reports_keeping_ids_analysts_work_and_judgments(tmp_path):
    path, report_id = _store_with_report(tmp_path)
    with Store.open(path) as store:
        before = _facts(store, report_id)
        place = next(f for f in before if f["kind"] == "place")
        reject_fact(store, place["id"], note="wrong village", user="ana")
        judgment_facts = {r for (r,) in store.rows("SELECT fact_id FROM judgments WHERE fact_id IS NOT NULL")}
        assert judgment_facts
        _as_an_old_store(store, report_id)
        assert not any(f["kind"] == "event" for f in _facts(store, report_id))
    with Store.open(path) as store:          # opening applies 0101: the old report is re-read
        after = _facts(store, report_id)
        assert store.scalar("SELECT count(*) FROM reports") == 1
        assert store.scalar("SELECT reader_version FROM reports WHERE id = ?", [report_id]) is not None
        assert store.scalar("SELECT count(*) FROM audit WHERE action = 'migration.reread_reports'") == 1
        judgments_now = {r for (r,) in store.rows("SELECT fact_id FROM judgments WHERE fact_id IS NOT NULL")}
    by_id = {f["id"]: f for f in after}
    assert by_id[place["id"]]["status"] == "rejected"                       # the analyst's decision stands
    assert judgment_facts <= set(by_id) and judgments_now == judgment_facts  # nothing tracked twice or lost
    assert not any(json.loads(f["value"]).get("name") == "Weekly" for f in after)   # old junk gone
    assert {f["kind"] for f in after} >= {"actor", "event", "place", "judgment", "date"}
    # same spans as the first reading (the reader did not change in between), one fact per span
    spans = lambda facts: sorted((f["kind"], f["start_char"], f["end_char"]) for f in facts)
    assert spans(after) == spans(before)


def test_rereading_twice_changes_nothing_and_only_stale_reports_are_reread(tmp_path):
    path, report_id = _store_with_report(tmp_path)
    with Store.open(path) as store:
        assert reread_reports(store).reports == 0            # read by this reader already
        first = reread_reports(store, every=True)
        facts = _facts(store, report_id)
        second = reread_reports(store, every=True)
        assert (first.reports, second.reports) == (1, 1)
        assert second.added == second.removed and _facts(store, report_id).__len__() == len(facts)
        assert store.scalar("SELECT count(*) FROM audit WHERE action = 'report.reread'") == 2


def test_a_report_whose_stored_text_was_altered_is_named_and_left_as_it_was(tmp_path):
    path, report_id = _store_with_report(tmp_path)
    with Store.open(path) as store:
        store.execute("UPDATE reports SET text = text || ' (edited)', reader_version = NULL WHERE id = ?", [report_id])
        before = _facts(store, report_id)
        summary = reread_reports(store)
        assert summary.reports == 0 and summary.failed and report_id in summary.failed[0]["error"]
        assert _facts(store, report_id) == before


def test_the_reread_command_reports_what_it_did(tmp_path):
    path, report_id = _store_with_report(tmp_path)
    run = subprocess.run([sys.executable, "-m", "watchfloor.cli", "--db", str(path), "reread", "--all", "--no-model",
                          "--json"], capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    summary = json.loads(run.stdout)
    assert summary["reports"] == 1 and summary["facts_added"] > 0 and summary["failed"] == []
