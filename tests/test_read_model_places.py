"""Places the statistical model names and the rules do not, and one event per listed place. Each test uses a
sentence written for it (none is in a fixture, none quotes one)."""
from __future__ import annotations

from datetime import date

import pytest

from watchfloor.read.pipeline import read_document

PUBLISHED = date(2024, 5, 2)


def read(text: str, model: bool = True) -> dict:
    return read_document("note.txt", text=text, published=PUBLISHED, model=model).as_json()


def place(found: dict, name: str) -> dict | None:
    return next((p for p in found["places"] if p["name"] == name or any(m["text"] == name for m in p["mentions"])),
                None)


@pytest.mark.parametrize("model", [False, True])
def test_a_capitalised_preposition_opening_the_sentence_is_not_part_of_the_place(model):
    found = read("In Borno state, fighters seized forty farmers on Monday. Near Gwoza, they burned a school.",
                 model)
    borno, gwoza = place(found, "Borno"), place(found, "Gwoza")
    assert borno is not None and borno["country"] == "NGA" and borno["admin1"] == "Borno"
    assert gwoza is not None and gwoza["admin1"] == "Borno"


def test_a_world_name_outside_the_documents_countries_is_not_taken_from_the_world_gazetteer():
    # GeoNames holds villages named like this in other countries; the report is about Sudan
    found = read("In Sudan, the Rapid Support Forces shelled Tina on Sunday, local monitors said; Tina lies on the "
                 "border with Chad.")
    tina = place(found, "Tina")
    assert tina is None or tina["country"] in (None, "SDN", "TCD")


def test_names_the_model_took_for_people_are_places_after_a_strike_or_in_a_list_of_villages():
    found = read("Israeli drone strikes on two villages, Maroun al-Ras and Yaroun, in southern Lebanon killed "
                 "three Hezbollah members on Monday.")
    assert place(found, "Maroun al-Ras") is not None
    assert not any(a["name"] == "Maroun al-Ras" for a in found["actors"])


def test_a_kind_word_after_a_model_place_is_not_part_of_its_name():
    found = read("Suspected jihadists killed nine herders near Tagalalt village in the Tahoua region of Niger.")
    assert not any(p["name"].endswith(" village") for p in found["places"])


def test_a_word_for_a_party_is_no_place_even_when_the_model_says_so():
    found = read("Gunmen stormed a market in Bandiagara on Friday. Gunmen also burned granaries.")
    assert place(found, "Gunmen") is None


@pytest.mark.parametrize("model", [False, True])
def test_one_event_per_place_of_a_list(model):
    found = read("On 3 April, JNIM fighters attacked army posts in Boulkessi and Mondoro, killing 12 soldiers.",
                 model)
    attacked = sorted(e["place"] for e in found["events"] if e["event_type"] == "Battles")
    assert attacked == ["Boulkessi", "Mondoro"]
    assert sum(e["fatalities"] for e in found["events"] if e["event_type"] == "Battles") == 12


def test_a_route_between_two_places_is_one_event():
    found = read("On 3 April, JNIM fighters ambushed an army convoy between Boni and Hombori, killing 7 soldiers.",
                 False)
    assert len([e for e in found["events"] if e["event_type"] == "Battles"]) == 1


def test_a_name_the_text_calls_a_community_is_a_place_in_every_mention():
    found = read("Aid workers reached Tsangaya, a fishing community on the lake shore in Borno State, on Monday. "
                 "Hundreds of families had fled Tsangaya after the raid.")
    tsangaya = place(found, "Tsangaya")
    assert tsangaya is not None and len(tsangaya["mentions"]) == 2
    assert not any(a["name"] == "Tsangaya" for a in found["actors"])


def test_an_admin_area_with_a_type_word_is_never_a_town_abroad_and_matches_its_transliteration():
    found = read("Government forces shelled positions in Lahij governorate, and clashes spread to Shabwa "
                 "governorate overnight, local officials in Aden said.")
    shabwa = place(found, "Shabwa")
    assert shabwa is not None and shabwa["country"] == "YEM", shabwa
