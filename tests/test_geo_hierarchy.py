"""The admin hierarchy in the store: Burkina Faso's regions over its provinces, events re-assigned, borders."""
from __future__ import annotations

import csv
import json

from ingest_helpers import REDUCED_COLUMNS, reduced_row, write_csv
from watchfloor.config import DATA_DIR
from watchfloor.geo.regions import read_admin_geojson
from watchfloor.ingest import ingest_file
from watchfloor.store.events import summary_frame
from watchfloor.store.reference import reassign_event_regions, replace_regions


def _mapping() -> dict[str, str]:
    with open(DATA_DIR / "bfa_province_region.csv", newline="", encoding="utf-8") as fh:
        return {r["province_iso_3166_2"]: r["region_iso_3166_2"] for r in csv.DictReader(fh)}


def test_burkina_faso_has_13_regions_over_45_provinces(reference_store):
    levels = dict(reference_store.rows("SELECT level, count(*) FROM regions WHERE country = 'BFA' GROUP BY 1"))
    assert levels == {0: 1, 1: 13, 2: 45}
    parents = dict(reference_store.rows("SELECT code, parent_id FROM regions WHERE country = 'BFA' AND level = 2"))
    assert parents == {province: f"BFA.{region}" for province, region in _mapping().items()}
    # Natural Earth's spellings stay as aliases
    alt = reference_store.scalar("SELECT name_alt FROM regions WHERE code = 'BF-MOU'")
    assert "Mou Houn" in alt.split("|")
    # Mali and Niger keep their regions as admin-1 and have no admin-2
    assert reference_store.scalar("SELECT count(*) FROM regions WHERE country IN ('MLI', 'NER') AND level = 2") == 0


def test_places_carry_region_and_province(reference_store):
    rows = {n: (a1, a2) for n, a1, a2 in reference_store.rows(
        "SELECT name, admin1, admin2 FROM places WHERE country = 'BFA' AND name IN ('Djibo', 'Dori', 'Fada N''gourma')")}
    assert rows == {"Djibo": ("Sahel", "Soum"), "Dori": ("Sahel", "Séno"), "Fada N'gourma": ("Est", "Gourma")}


def test_border_points_keep_their_country(reference_store, tmp_path):
    path = write_csv(tmp_path / "border.csv", REDUCED_COLUMNS, [
        # a Mali event whose point lies just inside Burkina Faso's Soum province
        reduced_row(1, latitude=14.60, longitude=-1.30),
        # a Niger event plotted in Mali's Gao region, close to the border
        reduced_row(2, country="Niger", iso3="NER", latitude=15.60, longitude=2.00),
        # a Burkina Faso event in Ouagadougou: region Centre, province Kadiogo
        reduced_row(3, country="Burkina Faso", iso3="BFA", latitude=12.37, longitude=-1.53),
        # an Algerian event plotted in Mali: Algeria has no boundaries loaded, so no Malian region
        reduced_row(4, country="Algeria", iso3="DZA", latitude=19.5, longitude=1.0),
    ])
    ingest_file(reference_store, path, "ucdp")
    rows = {r["source_id"]: r for r in reference_store.records("SELECT * FROM events")}
    assert (rows["1"]["country_iso3"], rows["1"]["admin1"], rows["1"]["region_flag"]) == ("MLI", "Mopti", "border")
    assert (rows["2"]["country_iso3"], rows["2"]["admin1"], rows["2"]["region_flag"]) == ("NER", "Tillabéri", "border")
    assert (rows["3"]["admin1"], rows["3"]["admin2"], rows["3"]["region_flag"]) == ("Centre", "Kadiogo", None)
    assert rows["4"]["region_id"] is None and rows["4"]["country_iso3"] == "DZA"
    mali_regions = set(summary_frame(reference_store, "MLI")["region"])
    assert "Soum" not in mali_regions and "Sahel" not in mali_regions


def test_no_country_lists_another_countrys_regions(bundled_store):
    wrong = bundled_store.rows("SELECT e.country_iso3, e.admin1 FROM events e JOIN regions r ON r.id = e.region_id "
                               "WHERE r.country <> e.country_iso3")
    assert wrong == []
    # every event with coordinates in a country whose boundaries are loaded has an admin-1
    missing = bundled_store.scalar(
        "SELECT count(*) FROM events WHERE region_id IS NULL AND flag IS NULL AND country_iso3 IN "
        "(SELECT country FROM regions WHERE level = 1)")
    assert missing == 0
    bfa = bundled_store.rows("SELECT DISTINCT admin1 FROM events WHERE country_iso3 = 'BFA'")
    assert {a for (a,) in bfa} <= {"Boucle du Mouhoun", "Cascades", "Centre", "Centre-Est", "Centre-Nord",
                                   "Centre-Ouest", "Centre-Sud", "Est", "Hauts-Bassins", "Nord", "Plateau-Central",
                                   "Sahel", "Sud-Ouest"}


def test_loading_an_admin1_file_still_works_and_reassigns(bundled_store, tmp_path):
    # Natural Earth's old layer (provinces as admin-1) loaded by hand: events follow it, admin-2 parents settle.
    provinces = json.loads((DATA_DIR / "admin2.geojson").read_text(encoding="utf-8"))
    for f in provinces["features"]:
        f["properties"].pop("parent_iso_3166_2")
    path = tmp_path / "bfa_provinces.geojson"
    path.write_text(json.dumps(provinces), encoding="utf-8")
    replace_regions(bundled_store, read_admin_geojson(path, level=1))
    reassign_event_regions(bundled_store)
    names = {a for (a,) in bundled_store.rows("SELECT DISTINCT admin1 FROM events WHERE country_iso3 = 'BFA' "
                                              "AND admin1 IS NOT NULL")}
    assert "Soum" in names and "Sahel" not in names
    # the provinces are admin-1 now (same ids): no admin-2 is left without its parent
    assert bundled_store.scalar("SELECT count(*) FROM regions WHERE country = 'BFA' AND level = 1") == 45
    assert bundled_store.scalar("SELECT count(*) FROM regions WHERE level = 2 AND parent_id NOT IN "
                                "(SELECT id FROM regions WHERE level = 1)") == 0


def test_migration_marks_old_stores_and_init_reassigns(bundled_store):
    from watchfloor.bundled import load_reference
    from watchfloor.store.reference import reassign_pending
    bundled_store.execute("UPDATE events SET admin1 = NULL, region_id = NULL, admin2 = NULL")
    bundled_store.execute("INSERT INTO settings VALUES ('regions.reassign', '0060_admin_hierarchy')")
    assert reassign_pending(bundled_store)
    counts = load_reference(bundled_store)
    assert counts["events_reassigned"] > 1000 and not reassign_pending(bundled_store)
    assert bundled_store.scalar("SELECT count(*) FROM events WHERE country_iso3 = 'BFA' AND admin2 IS NULL "
                                "AND region_id IS NOT NULL") == 0


def test_opening_an_old_store_reloads_the_hierarchy_and_reassigns_its_events(bundled_db, tmp_path):
    """A store marked by migration 0060 (built with provinces as admin-1) is upgraded on open (0102)."""
    import shutil
    from watchfloor.store import Store
    from watchfloor.store.reference import reassign_pending
    old = tmp_path / "old.duckdb"
    shutil.copy(bundled_db, old)
    unassigned = ("SELECT count(*) FROM events WHERE latitude IS NOT NULL AND region_id IS NULL "
                  "AND country_iso3 IN ('MLI', 'BFA', 'NER')")
    with Store.open(old) as store:
        before = store.scalar(unassigned)        # suspect coordinates (0, 0 …) stay unassigned
        store.execute("UPDATE events SET admin1 = NULL, region_id = NULL, admin2 = NULL, admin2_id = NULL")
        store.execute("INSERT INTO settings VALUES ('regions.reassign', '0060_admin_hierarchy')")
        store.execute("DELETE FROM schema_version WHERE version = 102")
    with Store.open(old) as store:
        assert not reassign_pending(store)
        assert store.scalar("SELECT count(*) FROM audit WHERE action = 'migration.admin_hierarchy'") == 1
        assert store.scalar(unassigned) == before < 10
        assert store.scalar("SELECT count(*) FROM events WHERE country_iso3 = 'BFA' AND admin2 IS NULL "
                            "AND region_id IS NOT NULL") == 0
        assert store.scalar("SELECT count(*) FROM regions WHERE country = 'BFA' AND level = 1") == 13
