"""`one_per_incident` (store/incidents.py) ranks only the linked records; its rows are those of the plain
formula that ranks every event in a window (kept here as the second implementation), on both backends, for
filters with OR and parameters and for each source preference."""
from __future__ import annotations

import pytest

from ingest_helpers import write_csv
from test_incidents import acled_three, ged_three
from watchfloor.incidents.service import link_store
from watchfloor.ingest.common import ingest_file
from watchfloor.ingest.layouts import ACLED_COLUMNS
from watchfloor.store import Store
from watchfloor.store.incidents import decide, one_per_incident

EVERY_EVENT_RANKED = (
    "SELECT * EXCLUDE (wf_rank) FROM (SELECT e.*, coalesce(m.incident_id, e.id) AS incident_id, "
    "count(*) OVER (PARTITION BY coalesce(m.incident_id, e.id)) AS incident_records, "
    "row_number() OVER (PARTITION BY coalesce(m.incident_id, e.id) ORDER BY "
    "coalesce(list_position(?::TEXT[], e.layout), 1000000), e.layout, e.id) AS wf_rank "
    "FROM events e LEFT JOIN incident_members m ON m.record_id = e.id {where}) WHERE wf_rank = 1")


@pytest.fixture
def linked_store(tmp_path, any_bundled_db):
    """The bundled UCDP events, ACLED's records of three of them (and one other), linked; one pair split."""
    with Store.open(any_bundled_db) as store:
        ingest_file(store, ged_three(tmp_path / "ged.csv"), "ucdp")
        ingest_file(store, write_csv(tmp_path / "acled.csv", ACLED_COLUMNS, acled_three()), "acled")
        decide(store, "ucdp:1", "acled:MLI1", "split", "tester")
        link_store(store, "MLI", by="tester")
        yield store


@pytest.mark.parametrize("where, params", [
    ("", []),
    ("WHERE country_iso3 = ?", ["MLI"]),
    ("WHERE e.country_iso3 = ? AND date_start >= ? OR fatalities > ?", ["MLI", "2020-01-01", 20]),
    ("  where region_id IS NOT NULL", []),
])
@pytest.mark.parametrize("prefer", [None, ["acled"], ["ucdp", "acled"]])
def test_one_row_per_incident_as_when_every_event_is_ranked(linked_store, where, params, prefer):
    store = linked_store
    assert store.scalar("SELECT count(*) FROM incident_members WHERE n_sources > 1") >= 2    # linked records exist
    sql, all_params = one_per_incident(where, params, prefer)
    found = store.rows(f"SELECT id, incident_id, incident_records, layout FROM ({sql}) e ORDER BY id", all_params)
    expected = store.rows(f"SELECT id, incident_id, incident_records, layout FROM "
                          f"({EVERY_EVENT_RANKED.format(where=where)}) e ORDER BY id",
                          [list(prefer or [])] + list(params))
    assert found == expected and len(found) > 0
    columns = [d[0] for d in store.execute(f"SELECT * FROM ({sql}) e LIMIT 1", all_params).description]
    shown = [c for c in columns if not c.startswith("wf_")]      # PostgreSQL keeps the helper rank, last
    assert shown[-2:] == ["incident_id", "incident_records"] and columns[:len(shown)] == shown
