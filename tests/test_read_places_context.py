"""Places resolved from their context: one sentence per mechanism, written for this test (in no fixture),
read by the real reader (rules only, for speed)."""
from __future__ import annotations

import pytest

from watchfloor.read.pipeline import read_document


def _place(text: str, mention: str) -> dict:
    places = read_document("t", text=text, model=False).as_json()["places"]
    # a mention may hold the unit's type word as written ("Zimtanga department", "région du Sahel")
    return next(p for p in places if any(m["text"] == mention for m in p["mentions"]) or p["name"] == mention)


@pytest.mark.parametrize("text, mention, country, admin1", [
    # a village no gazetteer holds, its container named right after it
    ("Gunmen burned Wendtenga-Peulh, a hamlet in Séno province, on Monday.", "Wendtenga-Peulh", "BFA", "Sahel"),
    # names listed together share the container named after the list
    ("Residents of Bougdaré and Tinkoulga, in the Gnagna province, fled to Bogandé.", "Tinkoulga", "BFA", "Est"),
    # a neighbour: "outside Y", "near Y"
    ("Soldiers were ambushed near Yarsé-Koulga, outside Ouahigouya.", "Yarsé-Koulga", "BFA", "Nord"),
    # the sentence's places share one admin-1
    ("In the Mopti region, militants raided Sokoura-Dogon and Wouro Ngaye.", "Sokoura-Dogon", "MLI", "Mopti"),
    # the paragraph's last place
    ("Fighting went on around Ansongo for a week.\nOn Friday gunmen also raided Tinfadimata.", "Tinfadimata",
     "MLI", "Gao"),
    # French container
    ("Des hommes armés ont attaqué Kankoura-Peulh, dans la province du Soum.", "Kankoura-Peulh", "BFA", "Sahel"),
])
def test_villages_take_the_admin1_the_text_gives_them(text, mention, country, admin1):
    place = _place(text, mention)
    assert (place["country"], place["admin1"], place["lat"]) == (country, admin1, None)


@pytest.mark.parametrize("text, mention, country, admin1", [
    # an apostrophe spelling of a GeoNames name
    ("Aid reached refugees in N'Guigmi by truck.", "N'Guigmi", "NER", "Diffa"),
    # a department named for its seat, missing from cities500
    ("Gunmen attacked the gendarmerie in Zimtanga department.", "Zimtanga", "BFA", "Centre-Nord"),
    # a neighbourhood of a capital: the capital's admin-1
    ("Protesters blocked roads in Boukoki on Thursday, Niamey residents said.", "Boukoki", "NER", "Niamey"),
    ("Tear gas was fired in Tampouy, in the north of Ouagadougou.", "Tampouy", "BFA", "Centre"),
    # a name shared by a village and a quarter: the one near the town the report names
    ("A bomb scare emptied the market of Faladié, a short drive from the centre of Bamako.", "Faladié", "MLI",
     "Bamako"),
    # a common-word town after a verb of movement
    ("Reinforcements entered Say after dawn, the army said.", "Say", "NER", "Tillabéri"),
    # Burkina Faso's Sahel region named in French
    ("Les écoles restent fermées dans la région du Sahel, au Burkina Faso.", "Sahel", "BFA", "Sahel"),
])
def test_names_resolve_to_their_admin1(text, mention, country, admin1):
    place = _place(text, mention)
    assert (place["country"], place["admin1"]) == (country, admin1)


def test_a_demonym_capital_is_named_without_its_article():
    place = _place("Russian instructors landed in the Nigerien capital with radars.", "Nigerien capital")
    assert (place["name"], place["country"], place["admin1"]) == ("Niamey", "NER", "Niamey")


def test_a_small_town_far_from_the_report_is_not_taken_for_a_local_name():
    place = _place("Militants blockaded Pensa, in Sanmatenga province, for months.", "Pensa")
    assert (place["country"], place["admin1"]) == ("BFA", "Centre-Nord")       # not Penza (Russia)


def test_a_town_contained_in_another_countrys_admin_area_is_that_areas():
    place = _place("Aid workers were evacuated from Palma, in Cabo Delgado province, by boat.", "Palma")
    assert (place["country"], place["admin1"], place["lat"]) == ("MOZ", "Cabo Delgado", None)


def test_a_french_capital_by_its_demonym_and_the_bare_capital():
    place = _place("Des renforts sont arrivés dans la capitale nigérienne jeudi.", "capitale nigérienne")
    assert (place["name"], place["admin1"]) == ("Niamey", "Niamey")
    place = _place("Au Mali, la capitale a été privée de carburant pendant deux mois.", "capitale")
    assert (place["name"], place["admin1"]) == ("Bamako", "Bamako")


def test_countries_by_their_french_names():
    places = read_document("t", text="Les assaillants ont fui vers la Mauritanie, puis vers le Tchad.",
                           model=False).as_json()["places"]
    assert {p["country"] for p in places} >= {"MRT", "TCD"}


def test_the_capital_of_a_province_is_not_the_countrys_capital():
    places = read_document("t", text="Gunmen killed 28 people in Nouna, the capital of Kossi province.",
                           model=False).as_json()["places"]
    assert {p["name"] for p in places} == {"Nouna", "Kossi"}


@pytest.mark.parametrize("model", [False, True])
def test_a_communitys_name_is_not_a_place_unless_the_words_around_make_it_one(model):
    text = ("Gunmen burned two Dogon hamlets east of Bandiagara, and a dispute between Tuareg herders and Songhai "
            "farmers near Ansongo left five dead. Some 30 Peuls later reached Mopti, and Masalit elders asked for "
            "protection in Geneina. Later, clashes between Rizeigat and Fallata militias spread.")
    names = {p["name"] for p in read_document("t", text=text, model=model).as_json()["places"]}
    assert {"Bandiagara", "Ansongo", "Mopti"} <= names
    assert not names & {"Dogon", "Tuareg", "Songhai", "Peuls", "Masalit", "Rizeigat", "Fallata"}


@pytest.mark.parametrize("text, area, country", [
    # a compass word before an admin area or a town: that part of it, not the whole
    ("Fighters moved into northern Tahoua after the rains.", "northern Tahoua", "NER"),
    ("Two convoys were hit in the western Ségou region in May.", "western Ségou region", "MLI"),
    # French: "le nord du …", "l'ouest du …" before a country or a region
    ("Des déplacés affluent depuis l'ouest du Niger vers la capitale.", "ouest du Niger", "NER"),
    ("L'armée a renforcé ses postes dans le sud du Tchad.", "sud du Tchad", "TCD"),
    # a bare part of the document's country after a preposition of place
    ("Kidnappings in Zamfara and Katsina rose again; bandits in the north-west now tax farmers.", "north-west",
     "NGA"),
])
def test_a_part_named_by_a_compass_word_is_a_named_area(text, area, country):
    places = read_document("t", text=text, model=False).as_json()["places"]
    found = {p["name"]: p for p in places}
    assert area in found, sorted(found)
    assert (found[area]["country"], found[area]["admin1"], found[area]["kind"]) == (country, None, "area")


def test_a_bearing_from_a_town_is_no_area_and_a_named_part_of_a_region_is_the_region():
    text = ("Le camp se trouve à 40 km au sud-est de Diffa. Separately, militia attacks in South Kordofan and "
            "West Darfur displaced thousands.")
    places = {p["name"]: p for p in read_document("t", text=text, model=False).as_json()["places"]}
    assert not any(name.startswith("sud-est") for name in places)
    assert places["South Kordofan"]["admin1"] == "South Kordofan"
    assert places["West Darfur"]["admin1"] == "West Darfur"


def test_a_named_site_is_an_area_beside_its_town():
    text = ("Mortars struck Kidal airport and the Tessalit military base overnight; the wounded were taken to the "
            "Ansongo general hospital. Plus tard, l'hôpital régional de Sévaré a reçu douze blessés.")
    places = {p["name"]: p for p in read_document("t", text=text, model=False).as_json()["places"]}
    for site in ("Kidal airport", "Tessalit military base", "Ansongo general hospital", "hôpital régional de Sévaré"):
        assert (places[site]["kind"], places[site]["admin1"], places[site]["country"]) == ("area", None, "MLI"), site
    assert places["Kidal"]["admin1"] == "Kidal"          # the town keeps its own mention


@pytest.mark.parametrize("text", [
    "Protesters gathered outside the French embassy and a Catholic church in Niamey.",
    "Flights from Niamey's airport were suspended.",
    "STATE MEDIA SAY DRONE HIT MOPTI AIRPORT",
])
def test_a_kind_of_site_a_possessive_or_a_headline_in_capitals_is_no_named_site(text):
    names = {p["name"] for p in read_document("t", text=text, model=False).as_json()["places"]}
    assert not any(n.lower().endswith(("embassy", "church", "airport")) for n in names), names


def test_a_communitys_name_that_is_also_an_admin_area_is_the_area_where_the_words_say_so():
    text = ("Raiders killed nine people in Turkana County on Monday; Turkana herders later moved their cattle "
            "towards Lodwar.")
    places = {p["name"]: p for p in read_document("t", text=text, model=False).as_json()["places"]}
    assert places["Turkana"]["country"] == "KEN" and places["Turkana"]["admin1"] == "Turkana"
    assert [m["text"] for m in places["Turkana"]["mentions"]] == ["Turkana County"]      # not the herders'


@pytest.mark.parametrize("text, mention, country", [
    # a headline in title case: the capitalised verb before the name is no given name
    ("Jihadists Besiege Djibo As Fuel Runs Short\n\nThe town has had no convoy for a month.", "Djibo", "BFA"),
    ("Drought Pushes Herders From Niger Into Nigeria\n\nFamilies crossed with their cattle.", "Nigeria", "NGA"),
])
def test_a_headline_in_title_case_names_its_places(text, mention, country):
    assert _place(text, mention)["country"] == country


def test_a_surname_in_a_sentence_is_still_no_place():
    # the same capitalised word before a town's name, in a sentence: a person ("Hamidou Djibo")
    places = read_document("t", text="The mayor, Hamidou Djibo, Said Nothing About Kaya or Fada.", model=False)
    assert "Djibo" not in {p["name"] for p in places.as_json()["places"]}


@pytest.mark.parametrize("text, mention, country, admin1", [
    # a region name Burkina Faso also has, after another country's possessive
    ("Soldiers reopened schools in Cameroon's Centre region last week.", "Centre", "CMR", "Centre"),
    # and the same name after Burkina Faso's own: no change
    ("Unrest spread to Burkina Faso's Centre region on Friday.", "Centre", "BFA", "Centre"),
])
def test_a_place_after_a_countrys_possessive_is_in_that_country(text, mention, country, admin1):
    place = _place(text, mention)
    assert (place["country"], place["admin1"]) == (country, admin1)


def test_a_city_abroad_by_its_own_name_is_the_city_not_a_nearer_village_of_that_name():
    # Kenya has two small Luandas nearer the Kivus than Angola's capital
    text = ("Fighting resumed near Rutshuru and Kiwanja on Sunday, days after the Luanda talks between the "
            "Congolese and Rwandan presidents.")
    place = _place(text, "Luanda")
    assert place["country"] == "AGO"


def test_a_headline_in_title_case_names_no_site_and_no_person_ending_in_a_verb():
    text = ("Minister Says Gunmen Stormed Bamako Hotel Before Dawn\n\n"
            "Gunmen attacked a hotel in Bamako before dawn on Friday, the security minister said.")
    found = read_document("t", text=text, model=True).as_json()
    assert not any("Stormed" in p["name"] or "Says" in p["name"] for p in found["places"]), found["places"]
    assert not any("Says" in a["name"] for a in found["actors"]), found["actors"]


def _place_names(text: str) -> set[str]:
    return {p["name"] for p in read_document("t", text=text, model=False).as_json()["places"]}


@pytest.mark.parametrize("text, country", [
    # an owner, the subject of an office, a compound adjective: the country is named, it is not where
    ("Analysts doubt that Guinea's junta will hand over power before the vote in Conakry.", "Guinea"),
    ("The UN Special Envoy for Libya arrived in Tunis for talks with the factions.", "Libya"),
    ("A Liberia-flagged bulk carrier was struck by a drone off Hodeidah on Monday.", "Liberia"),
])
def test_a_country_named_but_not_as_a_location_is_no_place(text, country):
    assert country not in _place_names(text)


@pytest.mark.parametrize("text, country", [
    ("Fighting spread in Chad's east after the rebels crossed the border.", "Chad"),
    ("About 30,000 people fled to Cameroon after the raid on Banki.", "Cameroon"),
])
def test_a_country_where_things_happen_stays_a_place(text, country):
    assert country in _place_names(text)


@pytest.mark.parametrize("text, name, country", [
    # the type word before a short name abroad: a French unit "du Lac", "de la Ouaka" in a country the text names
    ("Au Tchad, des soldats ont été tués près de Bol, dans la province du Lac, vendredi.", "Lac", "TCD"),
    ("En Centrafrique, des rebelles ont attaqué Bambari, dans la préfecture de la Ouaka.", "Ouaka", "CAF"),
])
def test_a_type_word_before_a_short_admin_name_abroad(text, name, country):
    places = read_document("t", text=text, model=False).as_json()["places"]
    assert any(p["name"] == name and p["country"] == country and p["kind"] == "admin" for p in places), places
