"""Named sites (a mosque, a hotel, an airport) and the towns that hold them: the site takes the town that follows it
or owns it, and an event told at a site is placed at the site, in the town's admin-1. Each sentence was written for
its test (none is in a fixture)."""
from __future__ import annotations

from datetime import date

import pytest

from watchfloor.read.pipeline import read_document

PUBLISHED = date(2023, 5, 2)


def read(text: str) -> dict:
    return read_document("t", text=text, model=False, published=PUBLISHED).as_json()


def place(got: dict, name: str) -> dict:
    return next(p for p in got["places"] if p["name"] == name)


@pytest.mark.parametrize("text, site, country", [
    # a site named after a far city, with the town that holds it after it
    ("Gunmen opened fire on worshippers at the Medina mosque in the Kofar Mata quarter of Kano on Friday.",
     "Medina mosque", "NGA"),
    ("A car bomb went off outside the Baghdad hotel in Mogadishu on Sunday evening.", "Baghdad hotel", "SOM"),
])
def test_a_site_named_after_a_foreign_city_lies_in_the_town_after_it(text, site, country):
    got = read(text)
    assert place(got, site)["country"] == country
    named = {p["name"] for p in got["places"]}
    foreign = site.split()[0]
    assert not any(p["name"] == foreign or (p["name"] in foreign and p["country"] != country)
                   for p in got["places"]), named


def test_a_site_owned_by_a_town_lies_in_that_town():
    got = read("Militants besieged Mogadishu's Sahafi hotel for six hours on Tuesday, killing nine guests.")
    events = [e for e in got["events"] if e["place"] == "Sahafi hotel"]
    assert events, got["events"]
    assert events[0]["admin1"] == place(got, "Mogadishu")["admin1"]


def test_the_next_sentence_naming_a_site_of_the_town_places_the_event_there():
    got = read("KANO, Nigeria (Wire) - A bomber blew himself up among worshippers in the city of Kano on Friday, "
               "killing 12 people, police said.\n\n"
               "The attack struck the Jumat mosque in the Fagge area of Kano during prayers.")
    bombings = [e for e in got["events"] if e["sub_type"] == "Suicide bomb"]
    assert len(bombings) == 1, got["events"]
    assert bombings[0]["place"] == "Jumat mosque"
    assert bombings[0]["admin1"] == "Kano"
    assert len(got["events"]) == 1, got["events"]


@pytest.mark.parametrize("text, site", [
    ("Gunmen fired on visitors at the Kisumu museum on Sunday.", "Kisumu museum"),
    ("A grenade exploded near the Garden City mall in Nairobi.", "Garden City mall"),
    ("Rebels took the Ishasha border post at dawn.", "Ishasha border post"),
    ("Worshippers fled the al-Nour mosque in Tripoli after the shelling.", "al-Nour mosque"),
    ("A bomb went off outside St George's Cathedral in Addis Ababa.", "St George's Cathedral"),
])
def test_named_sites_of_more_kinds(text, site):
    got = read(text)
    assert site in {p["name"] for p in got["places"]}, got["places"]


@pytest.mark.parametrize("text, name, country", [
    ("Les assaillants venaient de Borno, selon un élu local joint par téléphone.", "Borno", "NGA"),
    # (the province goes by its usual English name, data/admin1_towns.csv; "Kasaï" is one of its names)
    ("Des miliciens ont enlevé trois enseignants au Kasaï mardi soir.", "Kasai", "COD"),
])
def test_a_first_level_area_by_its_own_name_before_a_namesake_abroad(text, name, country):
    got = read(text)
    assert place(got, name)["country"] == country, got["places"]


@pytest.mark.parametrize("text, model", [
    ("The governor of Kaduna imposed a dusk-to-dawn curfew on Zaria on Thursday after the clashes.", False),
    ("The governor of Kaduna imposed a dusk-to-dawn curfew on Zaria on Thursday after the clashes.", True),
    ("On Monday the cabinet declared a state of emergency in Kasserine for three months.", True),
    ("Le préfet a instauré un couvre-feu à Kindia mardi soir.", True),
    ("Nigeria deployed two more battalions to Gwoza on Saturday ahead of the rainy season.", True),
])
def test_a_curfew_a_state_of_emergency_or_a_deployment_is_an_other_strategic_development(text, model):
    # the labelling rules (tests/fixtures/reports/README.md): deployments, curfews and states of emergency are
    # Strategic developments/Other, not a change to a group's activity
    got = read_document("t", text=text, model=model, published=PUBLISHED).as_json()
    kinds = {(e["event_type"], e["sub_type"]) for e in got["events"]}
    assert ("Strategic developments", "Other") in kinds, kinds
    assert ("Strategic developments", "Change to group/activity") not in kinds, kinds


@pytest.mark.parametrize("text, town, office", [
    # the area only names whose spokesman speaks or whose office acts: the event stays at the town told before
    ("Bandits attacked Dogon Daji, a farming village, overnight.\n\n"
     "They burned dozens of houses and shot eleven villagers, said a spokesman for the Sokoto state government.",
     "Dogon Daji", "Sokoto"),
    ("Gunmen stormed a church in Ikire on Sunday.\n\n"
     "The attackers killed four worshippers before fleeing, Osun police said.", "Ikire", "Osun"),
    ("Militants raided Tal Afar's market at dawn.\n\n"
     "They shot six traders and set fire to two shops, according to the governor of Nineveh.", "Tal Afar", "Nineveh"),
])
def test_a_place_that_only_names_an_office_is_not_where_the_event_happened(text, town, office):
    got = read(text)
    second = [e for e in got["events"] if e["start"] > text.index("\n\n")]
    assert second, got["events"]
    assert all(e["place"] != office and not (e["place"] or "").startswith(office) for e in second), second
    assert any((e["place"] or "").startswith(town) for e in second), second     # the town, or its site


@pytest.mark.parametrize("text, site", [
    ("Rebels shelled the Tessit airstrip overnight, the army said.", "Tessit airstrip"),
    ("Fighters overran the Boulkessi military camp before dawn on Sunday.", "Boulkessi military camp"),
    ("A drone struck the Ras Lanuf refinery on Tuesday.", "Ras Lanuf refinery"),
    ("Gunmen abducted 40 pupils from the Kuriga primary school on Thursday.", "Kuriga primary school"),
    ("Militants attacked the Tongon gold mine, killing two guards.", "Tongon gold mine"),
    ("Police closed the Seme border crossing after the clashes.", "Seme border crossing"),
])
def test_more_kinds_of_named_sites(text, site):
    got = read(text)
    assert any(p["name"] == site and p["kind"] == "area" for p in got["places"]), got["places"]


@pytest.mark.parametrize("text, town", [
    ("Gunmen on motorbikes arrived in Bangassogo, a hamlet in Kouritenga province in the Centre-Est region, and shot "
     "eleven men.", "Bangassogo"),
    ("Armed men arrived in Tolla, a village in Borno state, on Sunday night and abducted 14 women.", "Tolla"),
])
def test_attackers_arriving_in_a_village_placed_in_its_province_act_in_the_village(text, town):
    got = read("Brief\n\n" + text)
    assert [e["place"] for e in got["events"]][:1] == [town], got["events"]
