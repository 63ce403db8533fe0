"""One incident once, by itself: every ingest links its rows (an analyst's split or merge kept, a re-ingest a
no-op, a failed ingest leaving no link behind), and triggers, briefs and the mixed summary count incidents,
not records, naming the sources that recorded each. Real DuckDB stores, real CSV files, the real reader."""
from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest

from ingest_helpers import acled_row, ged_full_row, write_csv
from test_incidents import acled_three, ged_three
from watchfloor.incidents.service import link_new, link_store
from watchfloor.ingest import IngestError, ingest_file
from watchfloor.ingest.layouts import ACLED_COLUMNS, GED_FULL_COLUMNS
from watchfloor.read.pipeline import read_document
from watchfloor.store import Store
from watchfloor.store.events import summary_frame
from watchfloor.store.incidents import decide, incident_counts, incident_of
from watchfloor.store.reports import store_report
from watchfloor.warn.brief import create_brief
from watchfloor.warn.render import render
from watchfloor.warn.triggers import scan

NIONO = (14.2526, -5.9930)   # GeoNames; in Ségou, Mali
REPORT = """Title: Central Mali: dozens killed near Niono
Sahel Security Monitor, 18 December 2020

On 5 December 2020, JNIM militants attacked civilians near Niono in the Segou region, killing 31 people in a massacre.
"""


def _ged_niono(path: Path, best: int = 28) -> Path:
    """UCDP's record of the Niono massacre (one-sided violence, 5 December 2020)."""
    return write_csv(path, GED_FULL_COLUMNS, [ged_full_row(
        990001, relid="MLI-2020-3-990001", type_of_violence="3", conflict_name="JNIM - Civilians",
        dyad_name="JNIM - Civilians", side_a="JNIM", side_b="Civilians", source_headline="Massacre near Niono",
        where_coordinates="Niono town", where_description="near Niono", adm_1="Ségou region", adm_2="Niono cercle",
        latitude=str(NIONO[0]), longitude=str(NIONO[1]), geom_wkt=f"POINT ({NIONO[1]} {NIONO[0]})",
        date_start="2020-12-05 00:00:00.000", date_end="2020-12-05 00:00:00.000", deaths_a="0", deaths_b="0",
        deaths_civilians=str(best), best=str(best), low=str(best), high=str(best), gwnob="")])


def _acled_niono(i: int = 1, day: str = "06 December 2020", fatalities: int = 31, lat: float = 14.30,
                 lon: float = -5.95) -> dict:
    """ACLED's record of the same massacre: a day later, 6 km away, another toll, ACLED's namings."""
    return acled_row(i, event_id_cnty=f"MLI{80000 + i}", event_date=day, year=day[-4:],
                     event_type="Violence against civilians", sub_event_type="Attack",
                     actor1="JNIM: Jama'at Nusrat al-Islam wal-Muslimin", assoc_actor_1="", inter1="2",
                     actor2="Civilians (Mali)", inter2="7", interaction="27", admin1="Segou", admin2="Niono",
                     admin3="Niono", location="Niono", latitude=str(lat), longitude=str(lon),
                     fatalities=str(fatalities), notes=f"On {day}, JNIM militants killed {fatalities} civilians "
                                                       "near Niono.")


def _ingest_acled(store: Store, path: Path, rows: list[dict], **kw):
    return ingest_file(store, write_csv(path, ACLED_COLUMNS, rows), "acled", covers_from="2020-01-01",
                       covers_to="2020-12-31", **kw)


def _read_report(store: Store, folder: Path) -> str:
    path = folder / "niono.txt"
    path.write_text(REPORT, encoding="utf-8")
    report_id, created = store_report(store, read_document(path))
    assert created
    return store.scalar("SELECT id FROM facts WHERE report_id = ? AND kind = 'event' ORDER BY start_char LIMIT 1",
                        [report_id])


@pytest.fixture
def niono_store(tmp_path, any_bundled_db):
    """The bundled UCDP store, with UCDP's and ACLED's records of one massacre near Niono and a report of it (on
    each backend)."""
    store = Store.open(any_bundled_db)
    ingest_file(store, _ged_niono(tmp_path / "ged_niono.csv"), "ucdp")
    _ingest_acled(store, tmp_path / "acled.csv", [_acled_niono()])
    fact_id = _read_report(store, tmp_path)
    yield store, fact_id
    store.close()


def _about_niono(triggers, fact_id):
    ids = {"ucdp:990001", "acled:MLI80001", fact_id}
    return [t for t in triggers if t.family != "escalation" and ids & {e["id"] for e in t.evidence}]


def test_an_ingest_links_its_rows_without_a_command(niono_store):
    store, fact_id = niono_store
    # the two datasets' records were linked by the ACLED ingest itself, the report as it was stored
    assert {r["record_id"] for r in incident_of(store, "acled:MLI80001")} == {"ucdp:990001", "acled:MLI80001",
                                                                             fact_id}
    rules = [r for r, in store.rows("SELECT rule FROM incident_links WHERE 'acled:MLI80001' IN (record_a, record_b)")]
    assert rules and all(r.startswith("auto:days=") for r in rules)
    assert store.scalar("SELECT count(*) FROM audit WHERE action = 'incidents.link' AND target LIKE 'read report %'")


def test_triggers_count_the_incident_once_and_name_its_sources(niono_store):
    store, fact_id = niono_store
    found = _about_niono(scan(store, "MLI", run_forecasts=False).triggers, fact_id)
    assert [t.kind for t in found] == ["mass_casualty"]
    t = found[0]
    assert t.sources == ["ucdp", "acled", "report"]
    assert [(e["type"], e["id"]) for e in t.evidence] == [("event", "ucdp:990001"), ("event", "acled:MLI80001"),
                                                          ("fact", fact_id)]
    # the counting source's record leads: its toll, not a sum or an average of the three
    assert t.numbers["fatalities"] == 28
    assert t.numbers["fatalities_by_source"] == {"ucdp": 28, "acled": 31, "report": 31}
    assert "left 28 dead" in t.summary

    # an analyst says ACLED's record is another incident: it comes back as a trigger of its own
    decide(store, "ucdp:990001", "acled:MLI80001", "split", "tester", "another village")
    link_store(store, None, by="tester")
    apart = _about_niono(scan(store, "MLI", run_forecasts=False).triggers, fact_id)
    assert len(apart) == 2 and sorted(len(t.sources) for t in apart) == [1, 2]


def test_one_chosen_source_keeps_to_that_source(niono_store):
    store, fact_id = niono_store
    found = _about_niono(scan(store, "MLI", run_forecasts=False, source="acled").triggers, fact_id)
    assert len(found) == 1 and found[0].sources == ["acled", "report"]
    assert "ucdp:990001" not in {e["id"] for e in found[0].evidence}
    assert found[0].numbers["fatalities"] == 31


def test_the_brief_tells_the_incident_once_and_cites_each_source(niono_store):
    store, fact_id = niono_store
    brief_id = create_brief(store, "MLI", scenario_boot=-1, model="conflictology")
    text = render(store, brief_id, "md")
    assert text.count("left 28 dead") == 1
    assert "left 31 dead" not in text and "killing 31 people in a massacre" not in text
    said = re.search(r"left 28 dead \(recorded by UCDP GED, ACLED and a read report\)\.((?:\[\^\d+\])+)", text)
    assert said, "the incident's sentence names its three sources"
    notes = dict(re.findall(r"^\[\^(\d+)\]: (.*)$", text, re.MULTILINE))
    cited = [notes[n] for n in re.findall(r"\d+", said.group(1))]
    assert any(c.startswith("UCDP GED, event ids") and "990001" in c for c in cited)
    assert any(c.startswith("ACLED, event ids MLI80001") for c in cited)
    assert any(c.startswith("Central Mali: dozens killed near Niono") for c in cited)


def test_the_mixed_summary_counts_incidents_and_the_side_by_side_one_records(niono_store):
    store, _ = niono_store
    both = summary_frame(store, "MLI", ["ucdp", "acled"])
    mixed = summary_frame(store, "MLI", prefer=["ucdp", "acled"])
    counts = incident_counts(store, "MLI")
    assert both["events"].sum() == counts["records"]
    assert mixed["events"].sum() == counts["incidents"] == counts["records"] - 1
    segou_2020 = mixed[(mixed["region"] == "Ségou") & (mixed["year"] == 2020)]
    by_source = both[(both["region"] == "Ségou") & (both["year"] == 2020)]
    assert int(segou_2020["fatalities"].sum()) == int(by_source["fatalities"].sum()) - 31  # UCDP's toll kept


@pytest.fixture
def small_store(tmp_path, any_reference_db):
    """Three UCDP events and ACLED records of two of them (and one other), ingested one file after the other
    (on each backend)."""
    store = Store.open(any_reference_db)
    ged = ged_three(tmp_path / "ged.csv")
    ingest_file(store, ged, "ucdp")
    _ingest_acled(store, tmp_path / "acled.csv", acled_three())
    yield store, ged, tmp_path / "acled.csv"
    store.close()


def _linking(store: Store) -> tuple[pd.DataFrame, pd.DataFrame]:
    return (store.frame("SELECT * FROM incident_members ORDER BY record_id"),
            store.frame("SELECT record_a, record_b, score, rule, decision FROM incident_links ORDER BY 1, 2"))


def _mates(store: Store, record: str) -> set[str]:
    return {r["record_id"] for r in incident_of(store, record)}


def test_an_analysts_split_and_merge_survive_re_ingests(small_store):
    store, ged, acled = small_store
    assert _mates(store, "ucdp:1") == {"ucdp:1", "acled:MLI1"}
    decide(store, "ucdp:1", "acled:MLI1", "split", "tester", "different villages")
    decide(store, "ucdp:3", "acled:MLI3", "merge", "tester", "same ambush")
    link_new(store, ["ucdp:1", "acled:MLI1", "ucdp:3", "acled:MLI3"], by="tester")
    assert _mates(store, "ucdp:1") == {"ucdp:1"} and _mates(store, "ucdp:3") == {"ucdp:3", "acled:MLI3"}
    # ACLED revises its record of the split incident: the changed row is re-linked, the split holds
    result = _ingest_acled(store, acled.with_name("acled_v2.csv"), acled_three(fatalities_1="6"))
    assert (result.inserted, result.updated) == (0, 1)
    assert _mates(store, "ucdp:1") == {"ucdp:1"} and _mates(store, "acled:MLI1") == {"acled:MLI1"}
    assert _mates(store, "ucdp:3") == {"ucdp:3", "acled:MLI3"}
    # a new ACLED record the next day near UCDP's event links to it; the split-off one stays alone
    _ingest_acled(store, acled.with_name("acled_new.csv"), [acled_row(
        7, event_date="01 March 2020", year="2020", latitude="14.55", longitude="-4.07", fatalities="5",
        actor2="JNIM: Jama'at Nusrat al-Islam wal-Muslimin", inter2="2", admin1="Mopti", location="Sevare")])
    assert _mates(store, "ucdp:1") == {"ucdp:1", "acled:MLI7"} and _mates(store, "acled:MLI1") == {"acled:MLI1"}
    decisions = store.rows("SELECT record_a, record_b, decision FROM incident_links WHERE decision <> 'auto' "
                           "ORDER BY 1")
    assert decisions == [("acled:MLI1", "ucdp:1", "split"), ("acled:MLI3", "ucdp:3", "merge")]


def test_a_re_ingest_is_a_no_op(small_store):
    store, ged, acled = small_store
    before, audit = _linking(store), store.scalar("SELECT count(*) FROM audit")
    assert before[0]["n_sources"].max() == 2
    again = [ingest_file(store, ged, "ucdp"), _ingest_acled(store, acled, acled_three())]
    assert [(r.inserted, r.updated) for r in again] == [(0, 0), (0, 0)]
    after = _linking(store)
    pd.testing.assert_frame_equal(before[0], after[0])
    pd.testing.assert_frame_equal(before[1], after[1])
    assert store.scalar("SELECT count(*) FROM audit") == audit


def test_a_bad_row_leaves_no_links_half_written(small_store, tmp_path):
    store, _, _ = small_store
    before = _linking(store)
    good = acled_row(8, event_date="21 July 2020", year="2020", latitude="13.47", longitude="-6.24",
                     fatalities="2", actor2="JNIM: Jama'at Nusrat al-Islam wal-Muslimin", inter2="2")
    bad = acled_row(9, event_date="31 Febtober 2020", year="2020", latitude="13.47", longitude="-6.24")
    path = write_csv(tmp_path / "acled_bad.csv", ACLED_COLUMNS, [good, bad])
    with pytest.raises(IngestError) as err:
        ingest_file(store, path, "acled")
    assert "acled_bad.csv" in str(err.value) and "line 3" in str(err.value) and "event_date" in str(err.value)
    after = _linking(store)
    pd.testing.assert_frame_equal(before[0], after[0])
    pd.testing.assert_frame_equal(before[1], after[1])
    assert store.scalar("SELECT count(*) FROM events WHERE id = 'acled:MLI8'") == 0
    # with the bad row skipped, the good one is stored and linked to UCDP's record of it, the bad one neither
    ingest_file(store, path, "acled", skip_bad_rows=True)
    assert _mates(store, "acled:MLI8") == {"acled:MLI8", "ucdp:3"}
    assert store.scalar("SELECT count(*) FROM incident_members WHERE record_id = 'acled:MLI9'") == 0


def test_incremental_linking_equals_linking_the_whole_store(tmp_path, any_bundled_db):
    """ACLED-style copies of two years of bundled UCDP events (a day later, a few km away, other tolls and
    namings), ingested in two files: the incidents left by the ingests are those a full re-linking makes."""
    with Store.open(any_bundled_db) as store:
        ucdp = store.frame("SELECT * FROM events WHERE country_iso3 = 'MLI' AND year(date_start) BETWEEN 2019 AND 2020 "
                           "ORDER BY id")
        rows = []
        for k, e in enumerate(ucdp.itertuples(index=False)):
            if k % 3 == 2:
                continue          # a third of UCDP's events ACLED did not record
            one_sided = e.violence_type == "one-sided"
            day = e.date_start + pd.Timedelta(days=k % 3)
            rows.append(acled_row(
                k, event_id_cnty=f"MLI{70000 + k}", event_date=f"{day:%d %B %Y}", year=str(day.year),
                event_type="Violence against civilians" if one_sided else "Battles",
                actor1=e.actor1, inter1="2" if one_sided else "1", actor2="Civilians (Mali)" if one_sided else e.actor2,
                inter2="7" if one_sided else "2", latitude=f"{e.latitude + 0.05:.4f}",
                longitude=f"{e.longitude - 0.04:.4f}", fatalities=str(int(e.fatalities) + k % 4), admin1="",
                location=""))
        assert len(rows) > 100
        half = len(rows) // 2
        _ingest_acled(store, tmp_path / "a1.csv", rows[:half])
        decide(store, ucdp["id"].iloc[0], "acled:MLI70000", "split", "tester")
        link_new(store, [ucdp["id"].iloc[0], "acled:MLI70000"], by="tester")   # as `incidents split` does
        _ingest_acled(store, tmp_path / "a2.csv", rows[half:])
        incremental = store.frame("SELECT record_id, incident_id, n_sources FROM incident_members ORDER BY 1")
        assert (incremental["n_sources"] > 1).sum() > 100
        link_store(store, None, by="tester")
        full = store.frame("SELECT record_id, incident_id, n_sources FROM incident_members ORDER BY 1")
    pd.testing.assert_frame_equal(incremental, full)


def test_equal_scores_link_the_same_whatever_the_order():
    """Two ACLED records at one town's centroid, the same day, toll and actors, and UCDP's record: the one
    that joins UCDP's does not depend on the order the records come in (a store's, or an ingest's part)."""
    from watchfloor.incidents.link import link
    rows = [("ucdp:1", "ucdp", 100, 14.50, -4.10, "state-based", "Government of Mali", "JNIM", 10),
            ("acled:B", "acled", 101, 14.52, -4.10, "state-based", "Government of Mali", "JNIM", 8),
            ("acled:A", "acled", 101, 14.52, -4.10, "state-based", "Government of Mali", "JNIM", 8)]
    frame = pd.DataFrame(rows, columns=["rid", "source", "day", "lat", "lon", "violence", "actor1", "actor2",
                                        "fatalities"])
    found = []
    for order in ([0, 1, 2], [2, 1, 0], [1, 0, 2]):
        _, incidents = link(frame.iloc[order])
        found.append(dict(zip(incidents["rid"], incidents["incident"])))
    assert found[0] == found[1] == found[2]
    assert found[0]["ucdp:1"] == found[0]["acled:A"] != found[0]["acled:B"]


def test_a_report_is_linked_as_it_is_stored(niono_store):
    store, fact_id = niono_store
    assert incident_of(store, fact_id) == incident_of(store, store.scalar(
        "SELECT id FROM events WHERE layout = 'ucdp' AND source_id = '990001'"))


def test_a_forecast_panel_over_two_sources_counts_a_linked_incident_once(niono_store):
    from datetime import date
    from watchfloor.store.forecasts import panel_events
    store, _ = niono_store
    region = store.scalar("SELECT region_id FROM events WHERE layout = 'ucdp' AND source_id = '990001'")

    def niono(sources):
        frame = panel_events(store, [region], None, date(2021, 1, 1), sources)
        near = frame[(frame["month"] == pd.Timestamp("2020-12-01")) & ((frame["latitude"] - NIONO[0]).abs() < 0.2)
                     & ((frame["longitude"] - NIONO[1]).abs() < 0.2)]
        return sorted(zip(near["source"], near["fatalities"]))

    assert niono(["ucdp"]) == [("ucdp", 28)] and niono(["acled"]) == [("acled", 31)]
    assert niono(["ucdp", "acled"]) == [("ucdp", 28)]          # once, the first source's record
    assert niono(["acled", "ucdp"]) == [("acled", 31)]


def test_the_dashboards_counts_count_the_incident_once(niono_store):
    from datetime import date
    from watchfloor.store import web_queries as q
    from watchfloor.store.events import EventFilter
    store, _ = niono_store
    records = store.scalar("SELECT count(*) FROM events WHERE country_iso3 = 'MLI'")
    listed = {c["iso3"]: c["events"] for c in q.countries_with_events(store)}
    assert listed["MLI"] == records - 1           # UCDP's and ACLED's records of the massacre: one incident
    december = EventFilter(country="MLI", since=date(2020, 12, 1), until=date(2020, 12, 31))
    in_december = store.scalar("SELECT count(*) FROM events WHERE country_iso3 = 'MLI' AND date_start "
                               "BETWEEN DATE '2020-12-01' AND DATE '2020-12-31'")
    assert int(q.monthly_series(store, december)["events"].sum()) == in_december - 1
    region = store.scalar("SELECT region_id FROM events WHERE layout = 'ucdp' AND source_id = '990001'")
    by_records = store.scalar("SELECT count(*) FROM events WHERE region_id = ? AND date_start BETWEEN "
                              "DATE '2020-12-01' AND DATE '2020-12-31'", [region])
    assert q.region_totals(store, december)[region]["events"] == by_records - 1
    from watchfloor.web.region_totals import region_months
    months = region_months(store)
    k = months.regions.index(region)
    dec = (months.region == k) & (months.month == 2020 * 12 + 11)
    assert int(months.events[dec].sum()) == by_records - 1


def test_two_reports_of_one_incident_are_linked_to_each_other(niono_store, tmp_path):
    store, fact_id = niono_store
    second = tmp_path / "niono_wire.txt"
    second.write_text("Title: Massacre near Niono\nSahel Wire, 7 December 2020\n\nGunmen from JNIM killed 30 "
                      "villagers near Niono in the Segou region on 5 December 2020, local officials said.\n",
                      encoding="utf-8")
    report_id, created = store_report(store, read_document(second))
    assert created
    other = store.scalar("SELECT id FROM facts WHERE report_id = ? AND kind = 'event' ORDER BY start_char LIMIT 1",
                         [report_id])
    members = {r["record_id"] for r in incident_of(store, other)}
    assert members == {"ucdp:990001", "acled:MLI80001", fact_id, other}
    assert len(_about_niono(scan(store, "MLI", run_forecasts=False).triggers, fact_id)) == 1
