"""General reading rules found by reading real analyst texts the project does not ship: each test uses a
sentence written for it (none is in a fixture, none quotes one)."""
from __future__ import annotations

from datetime import date

import pytest

from read_helpers import actor_names as names, read_actors
from watchfloor.read.pipeline import read_document, reader_for

PUBLISHED = date(2022, 9, 1)


@pytest.fixture(scope="module")
def reader():
    return reader_for()


@pytest.mark.parametrize("text, not_an_actor", [
    ("Donors worry about a surge in violent extremist organisation (VEO) attacks along the border; VEO cells "
     "also tax herders.", "VEO"),
    ("The air force bought six unmanned aerial vehicles (UAVs) last year, and the UAVs flew over Kayes.", "UAVs"),
    ("Aid reaches the camp through non-governmental organisations (NGOs), and NGOs run the clinic.", "NGOs"),
])
def test_an_abbreviation_of_a_common_noun_is_no_actor(reader, text, not_an_actor):
    found = read_actors(reader, text, PUBLISHED, False)
    assert not any(m["text"] == not_an_actor for a in found["actors"] for m in a["mentions"])


def test_an_abbreviation_of_a_name_is_still_an_actor(reader):
    text = "The Kayes Farmers Cooperative (KFC) blocked the road; the KFC said its members had not been paid."
    assert "Kayes Farmers Cooperative" in names(read_actors(reader, text, PUBLISHED, False))


@pytest.mark.parametrize("text, actor", [
    ("Russian Wagner instructors were seen in Ansongo in May.", "Wagner Group"),
    ("The European Takuba Task Force handed its base in Menaka to the army.", "Takuba Task Force"),
    ("Nigerien ISGS fighters crossed the border near Tillia.", "Islamic State Sahel Province"),
])
def test_a_nationality_in_front_of_a_known_name_keeps_the_name(reader, text, actor):
    assert actor in names(read_actors(reader, text, PUBLISHED, False))


def test_a_capital_with_a_modal_and_a_decision_verb_is_its_state(reader):
    text = "Diplomats said Ottawa would suspend its training mission after the vote."
    assert "Canada" in names(read_actors(reader, text, PUBLISHED, False))


def _places(text: str) -> list[tuple[str, str | None, str | None]]:
    got = read_document("t", text=text, model=False, published=PUBLISHED).as_json()["places"]
    return [(p["name"], p["country"], p["admin1"]) for p in got]


def test_the_sahel_of_africa_is_no_admin_region_in_a_report_on_another_country():
    text = ("Jihadist groups keep expanding across the Sahel region. In Niger, attacks around Tahoua and "
            "Tillaberi doubled over the year.")
    assert not any(country == "BFA" for _, country, _ in _places(text))


def test_the_sahel_region_of_burkina_faso_in_a_report_on_burkina_faso():
    text = "In Burkina Faso, gunmen ambushed a supply convoy near Gorom-Gorom in the Sahel region on Friday."
    assert ("Sahel", "BFA", "Sahel") in _places(text)


@pytest.mark.parametrize("text, region", [
    ("Burkina Faso: schools stayed shut in the Est and Centre-Est regions after the raids on Fada.", "Est"),
    ("Burkina Faso: the Nord, Est and Sahel regions hold most of the displaced.", "Est"),
])
def test_a_region_named_in_a_list_of_regions(text, region):
    assert (region, "BFA", region) in _places(text)
