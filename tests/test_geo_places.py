"""Places for the world: sentences written for these tests (in no fixture), read by the real reader."""
from __future__ import annotations

import pytest

from watchfloor.read.pipeline import reader_for


@pytest.fixture(scope="module")
def reader():
    return reader_for()


def _places(reader, text: str) -> dict[str, dict]:
    return {p["name"]: p for p in reader.read("t", text).as_json()["places"]}


@pytest.mark.parametrize("text, name, country, admin1", [
    ("Militants shelled a market in Baidoa late on Tuesday, wounding nine traders.", "Baidoa", "SOM", "Bay"),
    ("Bandits abducted 40 pupils from a school outside Kankara last week.", "Kankara", "NGA", "Katsina"),
    ("Rebels seized the town of Rutshuru after two days of fighting.", "Rutshuru", "COD", "North Kivu"),
])
def test_towns_outside_the_sahel(reader, text, name, country, admin1):
    place = _places(reader, text)[name]
    assert (place["country"], place["admin1"], place["kind"]) == (country, admin1, "town")
    assert place["lat"] is not None


@pytest.mark.parametrize("text, mention, country, admin1", [
    # a capitalised "State" is part of the name as written: the mention keeps it, the place is the state
    ("Herders clashed with farmers across Nigeria's Plateau State over the weekend.", "Plateau State", "NGA",
     {"Plateau"}),
    ("Displacement rose sharply in South Kivu province during the rainy season.", "South Kivu", "COD",
     {"Sud Kivu", "South Kivu"}),
    ("Aid convoys could not reach villages in Middle Shabelle in March.", "Middle Shabelle", "SOM",
     {"Middle Shabeelle", "Middle Shabelle", "Middle Shabele"}),          # GeoNames' spellings
])
def test_admin_names_with_or_without_their_type_word(reader, text, mention, country, admin1):
    place = next(p for p in _places(reader, text).values()
                 if any(m["text"] == mention for m in p["mentions"]) or p["name"] == mention)
    assert (place["country"], place["kind"]) == (country, "admin")
    assert place["admin1"] in admin1


def test_burkina_faso_province_and_region_names(reader):
    places = _places(reader, "Gunmen burned granaries in Kossi province; in the Centre-Est region, a VDP post near "
                             "Tenkodogo was abandoned.")
    assert (places["Kossi"]["admin1"], places["Kossi"]["admin2"], places["Kossi"]["kind"]) == \
        ("Boucle du Mouhoun", "Kossi", "admin")
    assert places["Centre-Est"]["admin1"] == "Centre-Est" and places["Centre-Est"]["kind"] == "admin"
    assert (places["Tenkodogo"]["admin1"], places["Tenkodogo"]["admin2"]) == ("Centre-Est", "Boulgou")


def test_a_department_named_for_its_town(reader):
    place = _places(reader, "Schools closed in Gorom-Gorom department after threats.")["Gorom-Gorom"]
    assert (place["country"], place["admin1"], place["admin2"]) == ("BFA", "Sahel", "Oudalan")


@pytest.mark.parametrize("text, capital", [
    ("Soldiers surrounded the presidential palace in the Chadian capital before dawn.", "N'Djamena"),
    ("Mauritania's president met donors. Traffic in the capital was suspended.", "Nouakchott"),
])
def test_the_capital(reader, text, capital):
    place = next(p for p in _places(reader, text).values() if "capital" in p["mentions"][0]["text"])
    assert place["name"] == capital and place["kind"] == "town"


def test_named_and_compass_areas(reader):
    places = _places(reader, "Drone strikes hit boats in the Gulf of Aden and convoys in eastern Chad.")
    assert places["Gulf of Aden"]["kind"] == "area" and places["Gulf of Aden"]["country"] is None
    assert (places["eastern Chad"]["kind"], places["eastern Chad"]["country"], places["eastern Chad"]["admin1"]) == \
        ("area", "TCD", None)


def test_a_name_many_countries_share_goes_to_the_documents_country(reader):
    # There are places called Gao outside Mali; this text is about Mali.
    places = _places(reader, "Mali's army said it repelled an attack on its base at Tessalit.")
    assert places["Tessalit"]["country"] == "MLI" and places["Tessalit"]["admin1"] == "Kidal"


def test_common_words_and_demonyms_are_not_places(reader):
    places = _places(reader, "Malian and Chadian officials met in Geneva. Security was tight; Victoria Nuland spoke.")
    assert set(places) == {"Geneva"}
