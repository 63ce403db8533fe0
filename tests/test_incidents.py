"""One incident once: records of the same incident in UCDP and ACLED (and reports) are linked, near
misses are not, and an analyst's split or merge survives re-linking. Real DuckDB store, real CSV files."""
from __future__ import annotations

import json
import subprocess
import sys

import numpy as np
import pandas as pd
import pytest

from ingest_helpers import acled_row, ged_full_row, write_csv
from watchfloor.incidents.link import LinkSettings, actor_key, link
from watchfloor.ingest.common import ingest_file
from watchfloor.ingest.layouts import ACLED_COLUMNS, GED_FULL_COLUMNS
from watchfloor.store import Store
from watchfloor.store.incidents import decide, incident_counts, incident_of
from watchfloor.incidents.service import link_store


@pytest.mark.parametrize("name, key", [
    ("Government of Mali", "state:MLI"), ("Military Forces of Mali (2021-)", "state:MLI"),
    ("Malian army", "state:MLI"), ("Police Forces of Niger (2023-)", "state:NER"),
    ("Civilians (Burkina Faso)", "civilians"), ("Unidentified Armed Group (Mali)", "unidentified"),
])
def test_actor_keys_bring_the_sources_namings_together(name, key):
    countries = {"mali": "MLI", "malian": "MLI", "niger": "NER", "burkina faso": "BFA"}
    assert actor_key(name, {}, countries) == key


def _frame(rows):
    return pd.DataFrame(rows, columns=["rid", "source", "day", "lat", "lon", "violence", "actor1", "actor2",
                                       "fatalities"])


def test_duplicates_link_and_near_misses_do_not():
    rows = [
        # one incident in three sources: days, places, namings and tolls differ
        ("ucdp:1", "ucdp", 100, 14.50, -4.10, "state-based", "Government of Mali", "JNIM", 10),
        ("acled:1", "acled", 102, 14.62, -4.02, "state-based", "Military Forces of Mali (2021-)", "JNIM", 14),
        ("report:1", "report", 101, 14.55, -4.15, None, "Malian army", None, None),
        # near misses: same place 9 days later; same day 45 km away; same day and place, other violence type
        ("acled:2", "acled", 109, 14.50, -4.10, "state-based", "Military Forces of Mali (2021-)", "JNIM", 10),
        ("acled:3", "acled", 100, 14.50, -3.68, "state-based", "Military Forces of Mali (2021-)", "JNIM", 10),
        ("acled:4", "acled", 100, 14.51, -4.10, "one-sided", "JNIM", "Civilians (Mali)", 10),
    ]
    countries = {"mali": "MLI", "malian": "MLI"}
    links, incidents = link(_frame(rows), LinkSettings(), actor_keys=lambda n: actor_key(n, {}, countries))
    by_rid = dict(zip(incidents["rid"], incidents["incident"]))
    assert by_rid["ucdp:1"] == by_rid["acled:1"] == by_rid["report:1"]
    assert len({by_rid[r] for r in ("ucdp:1", "acled:2", "acled:3", "acled:4")}) == 4
    assert all(rule.startswith("auto:days=") for rule in links["rule"])


def test_one_record_per_source_in_an_incident():
    # two ACLED records both close to one UCDP record: only the better one joins it
    rows = [("ucdp:1", "ucdp", 50, 12.0, 1.0, "one-sided", "JNIM", "Civilians", 5),
            ("acled:1", "acled", 50, 12.01, 1.0, "one-sided", "JNIM", "Civilians (Burkina Faso)", 5),
            ("acled:2", "acled", 52, 12.1, 1.1, "one-sided", "JNIM", "Civilians (Burkina Faso)", 2)]
    _, incidents = link(_frame(rows))
    by_rid = dict(zip(incidents["rid"], incidents["incident"]))
    assert by_rid["ucdp:1"] == by_rid["acled:1"] != by_rid["acled:2"]


def test_a_sample_of_the_bench_set_links_accurately():
    sys.path.insert(0, str(__import__("pathlib").Path(__file__).resolve().parents[1] / "bench"))
    import dedup
    frame = dedup.make_set(20_000, seed=5)
    aliases, countries = dedup.naming_tables()
    _, incidents = link(frame, actor_keys=lambda n: actor_key(n, aliases, countries))
    n_true, n_pred, n_both = dedup.pair_counts(frame["incident"].to_numpy(), incidents["incident"].to_numpy())
    assert n_both / n_pred >= 0.95 and n_both / n_true >= 0.95


def ged_three(path):
    """Three UCDP events in Mali, 2020 (the second one-sided, in Gao)."""
    return write_csv(path, GED_FULL_COLUMNS, [
        ged_full_row(1, date_start="2020-03-01 00:00:00.000", date_end="2020-03-01 00:00:00.000",
                     latitude="14.53", longitude="-4.09", best="5", low="5", high="7"),
        ged_full_row(2, date_start="2020-05-10 00:00:00.000", date_end="2020-05-10 00:00:00.000",
                     latitude="16.27", longitude="-0.04", type_of_violence="3", side_a="JNIM", side_b="Civilians",
                     best="12", low="12", high="12", adm_1="Gao region"),
        ged_full_row(3, date_start="2020-07-20 00:00:00.000", date_end="2020-07-20 00:00:00.000",
                     latitude="13.45", longitude="-6.26", best="2", low="2", high="2"),
    ])


def acled_three(fatalities_1: str = "7") -> list[dict]:
    """ACLED's records of the first two (a day off, a few km away, other tolls and namings) and one other."""
    return [
        acled_row(1, event_date="02 March 2020", year="2020", latitude="14.60", longitude="-4.00",
                  fatalities=fatalities_1, actor2="JNIM: Jama'at Nusrat al-Islam wal-Muslimin", inter2="2",
                  admin1="Mopti", location="Sevare"),
        acled_row(2, event_date="09 May 2020", year="2020", event_type="Violence against civilians",
                  sub_event_type="Attack", actor1="JNIM: Jama'at Nusrat al-Islam wal-Muslimin", inter1="2",
                  actor2="Civilians (Mali)", inter2="7", latitude="16.30", longitude="-0.10", fatalities="9",
                  admin1="Gao", location="Gao"),
        acled_row(3, event_date="25 August 2020", year="2020", latitude="15.0", longitude="-2.0", fatalities="1"),
    ]


@pytest.fixture
def mixed_store(tmp_path, any_reference_db):
    """The reference store with three UCDP events and the ACLED records of two of them (plus one other), on each
    backend."""
    store = Store.open(any_reference_db)
    ingest_file(store, ged_three(tmp_path / "ged.csv"), "ucdp")
    ingest_file(store, write_csv(tmp_path / "acled.csv", ACLED_COLUMNS, acled_three()), "acled")
    yield store
    store.close()


def test_store_linking_counts_incidents_once_and_keeps_decisions(mixed_store):
    detail = link_store(mixed_store, "MLI", by="tester")
    assert (detail["records"], detail["incidents"]) == (6, 4)
    assert incident_counts(mixed_store, "MLI") == {"records": 6, "incidents": 4, "linked": 4}
    linked = {r["record_id"] for r in incident_of(mixed_store, "ucdp:1")}
    assert linked == {"ucdp:1", "acled:MLI1"}
    # the analyst splits one pair and merges two records the rules kept apart
    decide(mixed_store, "ucdp:1", "acled:MLI1", "split", "tester", "different villages")
    decide(mixed_store, "ucdp:3", "acled:MLI3", "merge", "tester", "same ambush, ACLED dates the report")
    link_store(mixed_store, "MLI", by="tester")
    assert {r["record_id"] for r in incident_of(mixed_store, "ucdp:1")} == {"ucdp:1"}
    assert {r["record_id"] for r in incident_of(mixed_store, "ucdp:3")} == {"ucdp:3", "acled:MLI3"}
    # (each ingest linked its own rows first, audited under the file it read)
    actions = [a for a, in mixed_store.rows("SELECT action FROM audit WHERE action LIKE 'incidents.%' "
                                            "AND coalesce(target, '') NOT LIKE 'ingest %' ORDER BY id")]
    assert actions == ["incidents.link", "incidents.split", "incidents.merge", "incidents.link"]
    # re-linking twice changes nothing
    before = mixed_store.frame("SELECT * FROM incident_members ORDER BY record_id")
    link_store(mixed_store, "MLI", by="tester")
    after = mixed_store.frame("SELECT * FROM incident_members ORDER BY record_id")
    pd.testing.assert_frame_equal(before, after)


def test_decisions_on_unknown_records_are_refused(mixed_store):
    with pytest.raises(KeyError, match="acled:nope"):
        decide(mixed_store, "ucdp:1", "acled:nope", "merge", "tester")


def test_cli_links_and_shows(mixed_store, tmp_path):
    path = mixed_store.path
    mixed_store.close()
    exe = [sys.executable, "-m", "watchfloor.cli", "--db", str(path)]
    done = subprocess.run(exe + ["incidents", "link", "--json"], capture_output=True, text=True, check=True)
    assert json.loads(done.stdout)["incidents"] == 4
    shown = subprocess.run(exe + ["incidents", "show", "acled:MLI2", "--json"], capture_output=True, text=True,
                           check=True)
    assert {r["record_id"] for r in json.loads(shown.stdout)} == {"ucdp:2", "acled:MLI2"}
    bad = subprocess.run(exe + ["incidents", "split", "ucdp:2", "acled:none"], capture_output=True, text=True)
    assert bad.returncode == 1 and "acled:none" in bad.stderr
