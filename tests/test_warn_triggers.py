"""Triggers on a made-up country: escalation against the forecast, the recent rate and the baseline;
trigger events from data rows and from read reports (rejected facts never count)."""
from __future__ import annotations

import json
from datetime import date

import pytest
from typer.testing import CliRunner

from pg_helpers import BACKENDS
from warn_helpers import freedonia_store, read_freedonia_report

from watchfloor.cli import app
from watchfloor.store.reports import reject_fact
from watchfloor.warn.triggers import TriggerError, detect_triggers, parse_month


@pytest.fixture(scope="module", params=BACKENDS)
def freedonia(request, tmp_path_factory):
    """The made-up country's store with its report read, on each backend (DuckDB, PostgreSQL)."""
    tmp = tmp_path_factory.mktemp("freedonia")
    db = request.getfixturevalue("pg_cluster").database() if request.param == "postgres" else None
    store = freedonia_store(tmp, db)
    report_id = read_freedonia_report(store, tmp)
    yield store, report_id, tmp
    store.close()


def test_escalation_triggers_fire_for_the_surge_only(freedonia):
    store, _, _ = freedonia
    now, found = detect_triggers(store, "XFD")
    assert now == date(2020, 6, 1)
    kinds = {(t.kind, t.region) for t in found}
    for kind in ("escalation.forecast_band", "escalation.poisson", "escalation.baseline_change"):
        assert (kind, "North March") in kinds, kind
    assert not any(t.region in ("South March", "East March") and t.family == "escalation" for t in found)
    surge_ids = {r[0] for r in store.rows(
        "SELECT id FROM events WHERE admin1 = 'North March' AND date_start >= '2020-06-01'")}
    for t in found:
        assert 1 <= t.severity <= 3
        assert t.evidence, t.kind
        if t.family == "escalation":
            events = {e["id"] for e in t.evidence if e["type"] == "event"}
            assert events and events <= surge_ids
    band = next(t for t in found if t.kind == "escalation.forecast_band")
    run_ids = [e["id"] for e in band.evidence if e["type"] == "run"]
    assert len(run_ids) == 1
    assert store.scalar("SELECT as_of FROM forecast_runs WHERE run_id = ?", run_ids) == date(2020, 5, 1)
    assert band.numbers["observed"] > band.numbers["upper"]


def test_mass_casualty_attack_from_the_data(freedonia):
    store, _, _ = freedonia
    _, found = detect_triggers(store, "XFD")
    mass = [t for t in found if t.kind == "mass_casualty" and t.evidence[0]["type"] == "event"]
    assert len(mass) == 1 and mass[0].numbers["fatalities"] == 40
    assert store.scalar("SELECT fatalities FROM events WHERE id = ?", [mass[0].evidence[0]["id"]]) == 40


def test_as_of_moves_now_back(freedonia):
    store, _, _ = freedonia
    now, found = detect_triggers(store, "XFD", as_of="2020-03")
    assert now == date(2020, 3, 1)
    assert not any(t.family == "escalation" for t in found)
    with pytest.raises(TriggerError):
        parse_month("2020-13")
    with pytest.raises(TriggerError):
        detect_triggers(store, "XXA")  # no events stored for that country


def test_trigger_events_from_the_report_and_rejected_facts(tmp_path, any_fresh_db):
    store = freedonia_store(tmp_path, any_fresh_db)
    read_freedonia_report(store, tmp_path)
    _, found = detect_triggers(store, "XFD")
    war = [t for t in found if t.kind == "declaration_of_war"]
    assert war, [t.kind for t in found]
    evidence = war[0].evidence[0]
    fact_id = evidence["id"]
    assert evidence["type"] == "fact" and war[0].severity == 3
    text = store.scalar("SELECT text FROM reports WHERE id = ?", [evidence["report_id"]])
    assert "declared war" in text[evidence["start"]:evidence["end"]]
    assert "attacked an army base" not in text[evidence["start"]:evidence["end"]]  # one sentence, not two
    start, end = store.rows("SELECT start_char, end_char FROM facts WHERE id = ?", [fact_id])[0]
    assert evidence["start"] <= start < end <= evidence["end"]
    reject_fact(store, fact_id, note="misread", user="analyst")
    _, after = detect_triggers(store, "XFD")
    assert not any(e.get("id") == fact_id for t in after for e in t.evidence)
    store.close()


def test_triggers_cli_json(freedonia):
    store, _, tmp = freedonia
    result = CliRunner().invoke(app, ["--db", store.path, "triggers", "--country", "XFD", "--json"])
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    assert doc["now"] == "2020-06" and doc["triggers"]
    assert all({"kind", "severity", "evidence", "summary"} <= set(t) for t in doc["triggers"])
    bad = CliRunner().invoke(app, ["--db", store.path, "triggers", "--country", "XFD", "--as-of", "June"])
    assert bad.exit_code == 2 and "YYYY-MM" in bad.output


def test_a_report_sentence_without_an_event_takes_the_region_of_the_places_it_names(any_bundled_db, tmp_path):
    # written for this test (in no fixture): the mass-casualty sentence is in a summary (which gives no event
    # facts), so its region is only in the places it names
    from watchfloor.read.pipeline import read_document
    from watchfloor.store import Store
    from watchfloor.store.reports import store_report
    note = tmp_path / "weekly.txt"
    note.write_text("Central Mali weekly\nPublished: 10 December 2020\n\nSummary: Raids on Fulani hamlets around "
                    "Bankass killed about 45 civilians this week, the worst massacre in the circle since the spring.\n\n"
                    "Outlook: Further raids are likely.\n", encoding="utf-8")
    with Store.open(any_bundled_db) as store:
        store_report(store, read_document(note))
        _, found = detect_triggers(store, "MLI", as_of="2020-12")
        mopti = store.scalar("SELECT id FROM regions WHERE country = 'MLI' AND level = 1 AND name = 'Mopti'")
    about = [t for t in found if any(e.get("type") == "fact" for e in t.evidence)
             and "Bankass" in t.summary]
    assert about and all(t.region_id == mopti and t.region == "Mopti" for t in about)


def test_one_incident_told_twice_in_a_report_is_one_trigger(any_bundled_db, tmp_path):
    # written for this test (in no fixture): a summary lead and a detailed paragraph tell the same massacre
    # (the same toll); an ambush in the same month, with another toll, stays its own trigger
    from watchfloor.read.pipeline import read_document
    from watchfloor.store import Store
    from watchfloor.store.reports import store_report
    note = tmp_path / "central.txt"
    note.write_text("Central Mali security note\nPublished: 20 March 2019\n\n"
                    "Summary: The massacre of at least 41 villagers near Diafarabe this week is the worst in the "
                    "area this year.\n\n"
                    "On 12 March, gunmen on motorbikes stormed the village of Diafarabe, in the Tenenkou circle of "
                    "the Mopti region, killing 41 villagers and burning granaries.\n\n"
                    "On 15 March, an ambush on an army convoy near Niono, in the Segou region, killed 26 soldiers.\n",
                    encoding="utf-8")
    with Store.open(any_bundled_db) as store:
        report_id, _ = store_report(store, read_document(note))
        _, found = detect_triggers(store, "MLI", as_of="2019-03")
    ours = [t for t in found if t.kind == "mass_casualty"
            and any(e.get("type") == "fact" and e.get("report_id") == report_id for e in t.evidence)]
    massacre = [t for t in ours if "41" in t.summary]
    assert len(massacre) == 1, [t.summary for t in ours]
    assert massacre[0].numbers.get("fatalities") == 41 and "Diafarabe" in massacre[0].summary
    assert len([e for e in massacre[0].evidence if e.get("type") == "fact"]) == 2   # both sentences cited
    assert len([t for t in ours if "26 soldiers" in t.summary]) == 1


def test_a_summary_label_leads_only_its_paragraph(tmp_path):
    # written for this test (in no fixture): "Summary:" on its own paragraph is a lead; the paragraphs after it are
    # the report's body, where events are read (a summary gives none: it repeats them)
    from watchfloor.read.pipeline import read_document
    note = tmp_path / "north.txt"
    note.write_text("Northern Burkina Faso update\nPublished: 9 May 2021\n\n"
                    "Summary: Violence rose again in the Sahel region this week.\n\n"
                    "On 4 May, gunmen attacked the village of Kodyel, in the Komondjari province, killing 30 "
                    "civilians.\n", encoding="utf-8")
    read = read_document(note)
    names = [s.name for s in read.document.sections]
    assert names[names.index("Summary") + 1] == "body"
    assert any(e["actor2"] == "Civilians" and e["fatalities"] == 30 for e in read.events)
