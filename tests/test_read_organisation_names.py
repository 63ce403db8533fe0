"""Organisations' names that hold other names: a place's or a person's before them, a kind of body first ("the Centre
for … Studies"), commas inside a known actor's long name. Texts written for these tests (in no fixture)."""
from __future__ import annotations

from datetime import date

import pytest

from watchfloor.read.pipeline import read_document


def read(text: str, model: bool = True) -> dict:
    return read_document("note.txt", text=text, published=date(2024, 5, 2), model=model).as_json()


def names(found: dict) -> set[str]:
    return {a["name"] for a in found["actors"]}


def places(found: dict) -> set[str]:
    return {p["name"] for p in found["places"]}


@pytest.mark.parametrize("model", [False, True])
def test_a_body_named_head_first_is_an_organisation_not_a_region(model):
    found = read("A fellow at the Centre for Democracy and Governance Studies in Accra said the vote would be "
                 "postponed.", model)
    assert "Centre for Democracy and Governance Studies" in names(found)
    assert "Centre" not in places(found)


def test_an_organisation_after_a_persons_name_keeps_its_own_name():
    found = read("Moussa Abdoulaye of the Liptako Peace and Security Forum in Niamey said the convoys would resume.")
    assert "Liptako Peace and Security Forum" in names(found)
    assert not places(found) & {"Liptako Peace", "Security Forum"}


def test_a_known_word_inside_a_name_leaves_the_name_whole():
    found = read("The Sahel Civilian Protection Network said the killings in the village must be investigated.")
    assert "Sahel Civilian Protection Network" in names(found)


@pytest.mark.parametrize("model", [False, True])
def test_commas_inside_a_known_actors_long_name(model):
    # the long name is one alias; no fragment of it ("Security and Development") names that actor
    found = read("The Permanent Strategic Framework for Peace, Security and Development said it held the town.", model)
    assert "Permanent Strategic Framework" in names(found)
    other = read("Researchers at the Institute for Security and Development Policy met in Dakar.", model)
    assert "Permanent Strategic Framework" not in names(other)


def people(found: dict) -> dict[str, dict]:
    return {a["name"]: a for a in found["actors"] if a.get("type") == "person"}


def test_an_honorific_is_no_part_of_a_persons_name():
    found = read("Le président, Son Excellence Mahamat Idriss Déby Itno, a reçu jeudi les chefs traditionnels.")
    assert any(n.startswith("Mahamat Idriss Déby") for n in people(found))
    assert not any(n.startswith("Son Excellence") for n in names(found))


def test_a_ship_named_after_a_person_is_no_person():
    found = read("Sailors from the Theodore Roosevelt carrier strike group rescued the fishermen on Sunday.")
    assert "Theodore Roosevelt" not in people(found)


@pytest.mark.parametrize("model", [False, True])
def test_a_name_before_an_oil_field_or_an_airfield_is_a_place(model):
    found = read("Militia fighters stormed the Zelten oil field, and a drone later hit the Ghardabiya airfield.", model)
    assert not {"Zelten", "Ghardabiya"} & set(people(found))
    assert not {"Zelten", "Ghardabiya"} & names(found)


def test_the_holder_after_a_bodys_office_and_its_town_is_no_place():
    found = read("Joint lundi, le directeur de la Protection civile de Mopti, Hamadoun Tembely, a confirmé le bilan.")
    assert "Hamadoun Tembely" not in places(found)


@pytest.mark.parametrize("model", [False, True])
def test_a_road_or_a_border_between_named_places_is_a_place_of_its_own(model):
    found = read("Gunmen stopped three lorries on the Tillabéri–Ayorou axis on Friday, and traders said the "
                 "Mali–Mauritania border crossings had closed. Mali–Niger relations are tense.", model)
    roads = {p["name"]: p for p in found["places"] if p["kind"] == "area"}
    assert set(roads) == {"Tillabéri–Ayorou", "Mali–Mauritania"}
    assert [m["text"] for m in roads["Tillabéri–Ayorou"]["mentions"]] == ["Tillabéri–Ayorou axis"]
    assert {"Tillabéri", "Ayorou"} <= places(found)       # the towns keep their own mentions


@pytest.mark.parametrize("text", [
    "Des hommes armés ont dépouillé les voyageurs d'un car près de Bla.",
    "Six Egyptian nationals were held by the militia at a checkpoint near Sirte.",
    "Bandits robbed travellers on the road to Gusau and burned two lorries.",
])
def test_travellers_and_foreign_nationals_are_civilians(text):
    assert "Civilians" in names(read(text, model=False))


def test_no_person_ends_on_a_connecting_word():
    found = read("The private station Radio Jeunesse du Sahel said on Tuesday that the bridge had been blown up.")
    assert not any(n.split()[-1] in ("du", "de", "of") for n in people(found))


def test_a_body_named_with_its_author_is_the_body():
    found = read("Selon une note du Centre d'analyse des crises du Liptako par Aminata Sawadogo Traoré, les attaques "
                 "ont doublé.")
    assert not any(" par " in n for n in names(found))


@pytest.mark.parametrize("model", [False, True])
def test_a_communitys_quarters_are_no_place_named_after_it(model):
    found = read("Residents of Kurdish districts fled Sinjar, and gunmen entered Shia neighbourhoods of Samarra.", model)
    assert not {"Kurdish", "Shia"} & places(found)


def test_a_compound_compass_word_names_the_area():
    found = read("Herders and farmers clashed again across north-central Nigeria, police said.", model=False)
    assert "north-central Nigeria" in places(found)


def test_a_town_at_one_end_of_a_named_road_is_a_place():
    found = read("Gunmen set up a checkpoint on the Garissa–Dadaab road and seized two lorries.", model=False)
    assert {"Garissa", "Dadaab", "Garissa–Dadaab"} <= places(found)
