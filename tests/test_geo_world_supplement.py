"""Towns, villages and displacement camps the news names that GeoNames' cities500 lacks, from
data/world_places_supplement.csv: found in a report, in the first-level division the row gives. Sentences written
for this test (in no fixture), read by the real reader on the rules path."""
from __future__ import annotations

import csv

import pytest

from watchfloor.config import DATA_DIR
from watchfloor.geo.gazetteer import WorldGazetteer, world_gazetteer
from watchfloor.read.pipeline import read_document


@pytest.mark.parametrize("text, name, country, admin1", [
    # a town that shares its name with a bigger one elsewhere (Palma de Mallorca): the report's country decides
    ("Mozambican troops said on Sunday they had pushed insurgents out of Palma, near the gas project, after weeks "
     "of fighting in Mozambique's far north.", "Palma", "MOZ", "Cabo Delgado"),
    ("Aid workers said thousands of people had fled Zamzam camp for Tawila as shelling intensified around El Fasher "
     "in Sudan.", "Tawila", "SDN", "North Darfur"),
    # a spelling the row gives as another name (the gazetteer's own name is reported)
    ("Fighting between M23 rebels and the army reached the outskirts of Kitchanga in the Democratic Republic of "
     "Congo, residents said.", "Kitshanga", "COD", "North Kivu"),
])
def test_a_supplement_town_is_found_in_its_division(text, name, country, admin1):
    places = read_document("t", text=text, model=False).as_json()["places"]
    found = [p for p in places if p["name"] == name]
    assert found, [p["name"] for p in places]
    assert (found[0]["country"], found[0]["admin1"]) == (country, admin1)


def test_every_row_is_in_the_gazetteer_under_its_division():
    world = world_gazetteer()
    with open(DATA_DIR / "world_places_supplement.csv", newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) >= 30
    for row in rows:
        towns = [i for i in world.lookup(row["name"]) if world.countries[i] == row["country"]
                 and world.kinds[i] == "town"]
        assert towns, row["name"]
        division = {world.admin1[i] for i in world.admin_lookup(row["admin1"], row["country"])}
        assert {world.admin1[i] for i in towns} & division, row


def _world_with(division: str, country: str) -> WorldGazetteer:
    world = WorldGazetteer()
    world._add(division, country, 0.0, 0.0, 0, division, None, "admin")
    return world


@pytest.mark.parametrize("row", [
    "Nowhere,MOZ,-10.0,40.0,Atlantis,,",          # a division the country does not have
    "Nowhere,MOZ,north,40.0,Cabo Delgado,,",      # a latitude that is no number
    ",MOZ,-10.0,40.0,Cabo Delgado,,",             # no name
])
def test_a_bad_row_is_refused_naming_the_file_and_row(tmp_path, row):
    from watchfloor.geo.gazetteer import _add_supplement_places
    path = tmp_path / "world_places_supplement.csv"
    path.write_text("name,country,latitude,longitude,admin1,alt_names,note\n"
                    "Palma,MOZ,-10.77,40.47,Cabo Delgado,,\n" + row + "\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"world_places_supplement\.csv: row 3"):
        _add_supplement_places(_world_with("Cabo Delgado", "MOZ"), path)
