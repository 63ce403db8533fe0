"""UCDP GED ingest: both layouts, the bundled file as it is, idempotency and updates."""
from __future__ import annotations

from datetime import date

from ingest_helpers import REDUCED_COLUMNS, ged_full_row, reduced_row, write_csv
from watchfloor.bundled import BUNDLED_EVENTS
from watchfloor.ingest import ingest_file
from watchfloor.ingest.layouts import GED_FULL_COLUMNS


def _snapshot(store):
    return {t: n for t, n in store.table_counts().items()}, \
        store.rows("SELECT id, row_hash, dataset_id, region_id FROM events ORDER BY id")


def test_bundled_subset_loads_as_it_is(any_reference_store):
    result = ingest_file(any_reference_store, BUNDLED_EVENTS, "ucdp")
    assert (result.inserted, result.updated, result.unchanged, result.rejected) == (1541, 0, 0, 0)
    per_country = dict(any_reference_store.rows("SELECT country_iso3, count(*) FROM events GROUP BY 1"))
    assert per_country == {"MLI": 891, "BFA": 392, "NER": 258}
    # The two Niger rows with latitude = longitude are kept, flagged, and not placed in a region.
    suspect = any_reference_store.rows("SELECT source_id, region_id FROM events WHERE flag LIKE '%latitude equals%' "
                                   "ORDER BY source_id")
    assert suspect == [("313762", None), ("375767", None)]
    unassigned = any_reference_store.scalar("SELECT count(*) FROM events WHERE region_id IS NULL")
    assert unassigned == 2
    # Point-in-polygon agrees with the curator's Natural Earth join wherever the curator gave one (Burkina
    # Faso's provinces are admin-2 now), except for points in a neighbour's polygon: they keep their country.
    disagree = any_reference_store.scalar("SELECT count(*) FROM events WHERE admin1_source IS NOT NULL "
                                      "AND admin1_source NOT IN (admin1, coalesce(admin2, '')) AND region_flag IS NULL "
                                      "AND NOT EXISTS (SELECT 1 FROM regions r WHERE r.id = admin2_id "    # NE spelling
                                      "AND contains('|' || r.name_alt || '|', '|' || admin1_source || '|'))")
    assert disagree == 0
    border = any_reference_store.rows("SELECT e.country_iso3, r.country, e.admin1_source FROM events e "
                                  "JOIN regions r ON r.id = e.region_id WHERE e.region_flag = 'border'")
    assert border and all(own == region for own, region, _ in border)
    assert {source for _, _, source in border} <= {"Soum", "Tahoua", "Tillabéri"}     # the neighbours' names
    assert any_reference_store.scalar("SELECT count(*) FROM events WHERE country_iso3 = 'BFA' AND admin2 IS NULL "
                                  "AND region_id IS NOT NULL") == 0


def test_full_layout_maps_every_field(any_reference_store, tmp_path):
    path = write_csv(tmp_path / "ged_full.csv", GED_FULL_COLUMNS, [
        ged_full_row(1001),
        ged_full_row(1002, type_of_violence=3, side_b="Civilians", date_start="2020-04-02", date_end="2020-04-05",
                     date_prec=2, best=12, low=10, high=15, latitude=16.27, longitude=-0.04, adm_1="Gao region"),
    ])
    result = ingest_file(any_reference_store, path, "ucdp")
    assert result.inserted == 2
    rows = any_reference_store.records("SELECT * FROM events ORDER BY source_id")
    first, second = rows
    assert first["id"] == "ucdp:1001" and first["country_iso3"] == "MLI"
    assert first["date_start"] == date(2020, 3, 1) and first["date_precision"] == "day"
    assert first["violence_type"] == "state-based" and first["event_type"] is None
    assert first["admin1"] == "Mopti" and first["admin1_source"] == "Mopti region"
    assert (first["fatalities"], first["fatalities_low"], first["fatalities_high"]) == (5, 5, 7)
    assert first["location_precision"] == 1 and first["source_row"] == 2
    assert second["violence_type"] == "one-sided" and second["date_end"] == date(2020, 4, 5)
    assert second["date_precision"] == "week" and second["admin1"] == "Gao"
    datasets = any_reference_store.records("SELECT * FROM datasets")
    assert len(datasets) == 1 and datasets[0]["layout"] == "ged-full" and len(datasets[0]["sha256"]) == 64
    assert datasets[0]["licence"].startswith("CC BY 4.0")


def test_reingest_is_a_no_op(any_reference_store, tmp_path):
    path = write_csv(tmp_path / "r.csv", REDUCED_COLUMNS, [reduced_row(i) for i in range(1, 51)])
    ingest_file(any_reference_store, path, "ucdp")
    before = _snapshot(any_reference_store)
    again = ingest_file(any_reference_store, path, "ucdp")
    assert again.as_dict() == {"inserted": 0, "updated": 0, "unchanged": 50, "rejected": 0}
    assert _snapshot(any_reference_store) == before


def test_overlapping_newer_file_updates_by_source_id(any_reference_store, tmp_path):
    old = write_csv(tmp_path / "old.csv", REDUCED_COLUMNS, [reduced_row(i) for i in range(1, 11)])
    ingest_file(any_reference_store, old, "ucdp")
    newer_rows = [reduced_row(i) for i in range(6, 16)]
    newer_rows[0] = reduced_row(6, best_death=9, high_death=9)        # a revised estimate
    newer = write_csv(tmp_path / "new.csv", REDUCED_COLUMNS, newer_rows)
    result = ingest_file(any_reference_store, newer, "ucdp")
    assert result.as_dict() == {"inserted": 5, "updated": 1, "unchanged": 4, "rejected": 0}
    assert any_reference_store.scalar("SELECT count(*) FROM events") == 15
    assert any_reference_store.scalar("SELECT fatalities FROM events WHERE id = 'ucdp:6'") == 9
    assert any_reference_store.scalar("SELECT count(*) FROM datasets") == 2
