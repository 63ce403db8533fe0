"""Linking an ingest's events reads only the records around them (store/incidents.py: records_near), never the
store's whole period: the incidents it leaves must be those linking the whole store gives. Real bundled data on
both backends: the bundled UCDP events, the bundled sample reports read by the real reader, ACLED-style copies of
every event over all years and countries (some near enough to link, some too far or too late) and new UCDP-style
events near them that compete for the same partners, ingested in files that each span the whole period."""
from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from ingest_helpers import REDUCED_COLUMNS, acled_row, reduced_row, write_csv
from watchfloor.bundled import DATA_DIR
from watchfloor.incidents.link import LinkSettings
from watchfloor.incidents.service import link_new, link_store
from watchfloor.ingest import ingest_file
from watchfloor.ingest.layouts import ACLED_COLUMNS
from watchfloor.read.pipeline import read_document
from watchfloor.store import Store
from watchfloor.store.incidents import decide, records, records_near, records_of
from watchfloor.store.reports import store_report

COUNTRY_NAMES = {"MLI": "Mali", "BFA": "Burkina Faso", "NER": "Niger"}
ISO_NUMBERS = {"MLI": "466", "BFA": "854", "NER": "562"}


def _linking(store: Store) -> tuple[pd.DataFrame, pd.DataFrame]:
    members = store.frame("SELECT record_id, incident_id, source, country, n_sources FROM incident_members ORDER BY 1")
    links = store.frame("SELECT record_a, record_b, score, rule, decision FROM incident_links ORDER BY 1, 2")
    return members, links


def _acled_copies(events: pd.DataFrame, part: int) -> list[dict]:
    """ACLED's record of every other event of files `part` (of 3): 0-4 days later, 2-40 km away (some beyond the
    30 km the linking allows, some a day beyond its 3), its own toll and namings."""
    rows = []
    for k, e in enumerate(events.itertuples(index=False)):
        if k % 2 or (k // 2) % 3 != part:
            continue
        one_sided = e.violence_type == "one-sided"
        day = e.date_start + pd.Timedelta(days=k % 5)
        shift = 0.02 + 0.09 * (k % 4)          # degrees: 2 km to 36 km
        rows.append(acled_row(
            k, event_id_cnty=f"{e.country_iso3}{50000 + k}", event_date=f"{day:%d %B %Y}", year=str(day.year),
            country=COUNTRY_NAMES[e.country_iso3], iso=ISO_NUMBERS[e.country_iso3],
            event_type="Violence against civilians" if one_sided else "Battles",
            actor1=e.actor1, inter1="2" if one_sided else "1", actor2="Civilians" if one_sided else e.actor2,
            inter2="7" if one_sided else "2", latitude=f"{e.latitude + shift:.4f}", longitude=f"{e.longitude:.4f}",
            fatalities=str(int(e.fatalities) + k % 3), admin1="", admin2="", admin3="", location=""))
    return rows


def _ucdp_rivals(events: pd.DataFrame) -> list[dict]:
    """New UCDP-style events next to every fourth stored one (a day and a few km off): each competes with the
    stored event for the ACLED record near both, and the one-record-per-source rule decides between them."""
    violence = {"state-based": "State-based violence", "non-state": "Non-state violence",
                "one-sided": "One-sided violence"}
    rows = []
    for k, e in enumerate(events.itertuples(index=False)):
        if k % 4 != 1:
            continue
        day = e.date_start + pd.Timedelta(days=1)
        rows.append(reduced_row(
            90_000_000 + k, year=day.year, month=day.month, day=day.day, date_start=f"{day:%Y-%m-%d}",
            country=COUNTRY_NAMES[e.country_iso3], iso3=e.country_iso3,
            type_of_violence=violence.get(e.violence_type, "State-based violence"),
            side_a=e.actor1 or "", side_b=e.actor2 or "", latitude=f"{e.latitude - 0.03:.4f}",
            longitude=f"{e.longitude + 0.02:.4f}", low_death=e.fatalities, best_death=e.fatalities,
            high_death=int(e.fatalities) + 1))
    return rows


def _read_bundled_reports(store: Store) -> int:
    paths = sorted((DATA_DIR / "reports").glob("*.txt")) + sorted((DATA_DIR / "reports").glob("*.md"))
    for path in paths:
        store_report(store, read_document(path))
    return len(paths)


def test_linking_around_an_ingest_equals_linking_the_whole_store(tmp_path: Path, any_bundled_db):
    with Store.open(any_bundled_db) as store:
        events = store.frame("SELECT * FROM events ORDER BY id")
        assert set(events["country_iso3"]) == set(COUNTRY_NAMES)
        covers = {"covers_from": f"{events['date_start'].min():%Y-%m-%d}", "covers_to": "2021-12-31"}
        assert _read_bundled_reports(store) >= 4
        for part in range(3):       # each file spans every year and country
            path = write_csv(tmp_path / f"acled{part}.csv", ACLED_COLUMNS, _acled_copies(events, part))
            ingest_file(store, path, "acled", **covers)
            if part == 0:
                # an analyst's split and merge (as `incidents split` / `merge` do), kept by the ingests after
                first, far = events["id"].iloc[0], events["id"].iloc[-1]
                decide(store, first, "acled:MLI50000", "split", "tester")
                decide(store, events["id"].iloc[4], far, "merge", "tester")
                link_new(store, [first, "acled:MLI50000", events["id"].iloc[4], far], by="tester")
        ingest_file(store, write_csv(tmp_path / "rivals.csv", REDUCED_COLUMNS, _ucdp_rivals(events)), "ucdp")
        members, links = _linking(store)
        # the scenario links across every year and country, and the rivals took some partners
        linked = members[members["n_sources"] > 1]
        assert len(linked) > 300 and set(linked["country"]) == set(COUNTRY_NAMES)
        assert store.scalar("SELECT count(DISTINCT year(e.date_start)) FROM incident_members m JOIN events e "
                            "ON e.id = m.record_id WHERE m.n_sources > 1") >= 8
        assert (linked["record_id"].str.startswith("ucdp:9000")).sum() > 20
        assert (linked["source"] == "report").sum() >= 1
        link_store(store, None, by="tester")
        whole = _linking(store)
    pd.testing.assert_frame_equal(members, whole[0])
    pd.testing.assert_frame_equal(links, whole[1])


def test_records_near_holds_every_candidate_of_a_record(any_bundled_db, tmp_path):
    """For each record, the records within the linking's days and kilometres from another source are all in
    its neighbourhood (brute force over the whole store's records), near the edges of both limits too."""
    settings = LinkSettings()
    with Store.open(any_bundled_db) as store:
        events = store.frame("SELECT * FROM events ORDER BY id")
        ingest_file(store, write_csv(tmp_path / "acled.csv", ACLED_COLUMNS,
                                     _acled_copies(events, 0) + _acled_copies(events, 1)), "acled",
                    covers_from=f"{events['date_start'].min():%Y-%m-%d}", covers_to="2021-12-31")
        _read_bundled_reports(store)
        everything = records(store)
        some = everything[everything["source"] != "ucdp"].head(400)
        some = pd.concat([some, everything[everything["source"] == "ucdp"].iloc[::7]], ignore_index=True)
        near = records_near(store, some, settings.max_days, settings.max_km)
        assert set(records_of(store, some["rid"])["rid"]) == set(some["rid"])
    import numpy as np
    from watchfloor.incidents.link import _haversine
    lat, lon, day = (everything[c].to_numpy(float) for c in ("lat", "lon", "day"))
    key = everything["source_key"].to_numpy(object)
    wanted, edge = set(), 0
    for r in some.itertuples(index=False):
        km = _haversine(r.lat, r.lon, lat, lon)
        ok = (np.abs(day - r.day) <= settings.max_days) & (km <= settings.max_km) & (key != r.source_key)
        wanted |= set(everything["rid"][ok])
        edge += int((ok & (km > 25)).sum())
    assert edge > 10            # candidates close to the 30 km limit are among them
    assert wanted <= set(near["rid"])


def test_naming_and_the_region_assigner_are_built_again_when_their_rows_change(any_bundled_db):
    """Linking's actor naming and the ingest's region assigner are kept between ingests, but only while the
    reference rows they are built from are the same: an added alias and a renamed region show at once."""
    from watchfloor.incidents.link import fold
    from watchfloor.store.incidents import naming
    from watchfloor.store.reference import admin_assigner
    with Store.open(any_bundled_db) as store:
        aliases, countries = naming(store)
        assert naming(store)[0] is aliases and fold("zz test front") not in aliases
        actor = store.scalar("SELECT id FROM actors WHERE kind NOT LIKE '%state%' ORDER BY id LIMIT 1")
        store.execute("INSERT INTO actor_aliases (actor_id, alias) VALUES (?, ?)", [actor, "Zz Test Front"])
        assert naming(store)[0][fold("zz test front")] == actor
        assigner = admin_assigner(store)
        assert admin_assigner(store) is assigner
        region, name = store.rows("SELECT id, name FROM regions WHERE level = 1 ORDER BY id LIMIT 1")[0]
        assert name in assigner.level1.names
        store.execute("UPDATE regions SET name = ? WHERE id = ?", ["Zz Renamed", region])
        again = admin_assigner(store)
        assert again is not assigner and "Zz Renamed" in again.level1.names and name not in again.level1.names
