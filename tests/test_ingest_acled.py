"""ACLED ingest: the standard export layout, violence types from interaction codes, date forms."""
from __future__ import annotations

from datetime import date

import pytest

from ingest_helpers import acled_row, write_csv
from watchfloor.ingest import ingest_file
from watchfloor.ingest.layouts import ACLED_COLUMNS


@pytest.mark.parametrize("event_type, sub_type, inter1, inter2, expected", [
    ("Battles", "Armed clash", "1", "2", "state-based"),
    ("Battles", "Armed clash", "2", "3", "non-state"),
    ("Violence against civilians", "Attack", "2", "7", "one-sided"),
    ("Explosions/Remote violence", "Air/drone strike", "8", "2", "state-based"),
    ("Protests", "Peaceful protest", "6", "0", None),
    ("Strategic developments", "Looting/property destruction", "1", "7", None),
    ("Battles", "Armed clash", "State forces", "Rebel group", "state-based"),
    ("Violence against civilians", "Abduction/forced disappearance", "Political militia", "Civilians", "one-sided"),
])
def test_violence_type_from_interaction(any_reference_store, tmp_path, event_type, sub_type, inter1, inter2, expected):
    path = write_csv(tmp_path / "a.csv", ACLED_COLUMNS,
                     [acled_row(1, event_type=event_type, sub_event_type=sub_type, inter1=inter1, inter2=inter2)])
    ingest_file(any_reference_store, path, "acled")
    assert any_reference_store.scalar("SELECT violence_type FROM events") == expected


def test_acled_fields(any_reference_store, tmp_path):
    path = write_csv(tmp_path / "a.csv", ACLED_COLUMNS, [
        acled_row(1),
        acled_row(2, event_date="2023-09-14", time_precision=2, fatalities=0, iso=854, country="Burkina Faso",
                  latitude=14.10, longitude=-1.62, admin1="Sahel", location="Djibo"),
    ])
    assert ingest_file(any_reference_store, path, "acled").inserted == 2
    first, second = any_reference_store.records("SELECT * FROM events ORDER BY source_id")
    assert first["id"] == "acled:MLI1" and first["country_iso3"] == "MLI"
    assert first["date_start"] == date(2023, 9, 12) and first["date_precision"] == "day"
    assert (first["event_type"], first["sub_event_type"]) == ("Battles", "Armed clash")
    assert first["admin1"] == "Gao" and first["admin1_source"] == "Gao" and first["location_name"] == "Bourem"
    assert first["fatalities"] == 10 and first["fatalities_low"] is None
    assert second["country_iso3"] == "BFA" and second["date_start"] == date(2023, 9, 14)
    assert second["date_precision"] == "week" and (second["admin1"], second["admin2"]) == ("Sahel", "Soum")
