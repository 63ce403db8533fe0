"""Forms of names: a two- or three-capital code in an all-capitals heading may be an English word ("TWIN CAR BOMBS"),
so it names an actor only when the document names that actor elsewhere too; a French ministry may carry its country's
adjective before its portfolio ("le ministère malien des Affaires étrangères"). Texts written for these tests (in no
fixture)."""
from __future__ import annotations

import pytest

from watchfloor.read.pipeline import reader_for


@pytest.fixture(scope="module")
def reader():
    return reader_for()


def _names(reader, text):
    return {a["name"] for a in reader.read("t", text).actors}


def test_a_word_in_a_heading_is_no_state(reader):
    text = ("FLASH UPDATE - SOMALIA: TWIN CAR BOMBS HIT MARKET IN BELEDWEYNE; DEATH TOLL RISES\n\n"
            "Two car bombs exploded at a market in Beledweyne on Saturday, killing 14 people, regional officials said.\n")
    assert "Central African Republic" not in _names(reader, text)


def test_a_code_in_a_heading_stays_when_the_body_names_the_actor(reader):
    text = ("FLASH UPDATE - CAR: ARMED GROUPS ATTACK BRIA CAMP\n\n"
            "Fighters attacked a camp for displaced people in Bria on Saturday. The CAR government condemned "
            "the attack.\n")
    assert "Central African Republic" in _names(reader, text)


@pytest.mark.parametrize("sentence, name", [
    ("Le ministère malien des Affaires étrangères a convoqué l'ambassadeur à Bamako mardi.",
     "ministère malien des Affaires étrangères"),
    ("Un porte-parole du ministère ivoirien de la Défense a confirmé la mort de deux soldats à Kafolo.",
     "ministère ivoirien de la Défense"),
    ("L'ambassade a saisi le ministère nigérien des Affaires étrangères et dépêché une diplomate à Niamey.",
     "ministère nigérien des Affaires étrangères"),          # (no verb after "et")
    ("Le Ministère de l'Agriculture et de l'Élevage a annoncé des mesures.",
     "Ministère de l'Agriculture et de l'Élevage"),
])
def test_a_french_ministry_named_with_its_country_adjective(reader, sentence, name):
    mentions = {m["text"] for a in reader.read("t", sentence + "\n").actors for m in a["mentions"]}
    assert name in mentions, mentions


def test_a_ministry_with_no_name_after_it_is_no_organisation(reader):
    assert _names(reader, "Le ministère a dit de rester calme.\n") == set()


@pytest.mark.parametrize("sentence, name, role", [
    ("A Macawisley commander in Beledweyne, Ahmed Nur Hassan, later said 14 people had been killed.",
     "Ahmed Nur Hassan", "commander"),
    ("L'ONG a publié un communiqué ; sa représentante au Niger, Claire Martin, a déploré les violences.",
     "Claire Martin", "représentante"),
])
def test_a_role_after_an_indefinite_article_or_a_possessive_then_the_name(reader, sentence, name, role):
    people = {a["name"]: a for a in reader.read("t", sentence + "\n").actors if a["type"] == "person"}
    assert name in people, people
    assert people[name]["role"].lower() == role


def test_a_possessor_before_a_new_name_is_no_part_of_it():
    from watchfloor.read.pipeline import read_document
    text = ("The killings could draw Sadr's Saraya al-Salam into the clashes. The attack was claimed by the Maoists' "
            "People's Liberation Guerrilla Army. The Women's League of Uganda condemned it.\n")
    mentions = {m["text"] for a in read_document("t", text=text, model=True).as_json()["actors"] for m in a["mentions"]}
    assert {"Saraya al-Salam", "People's Liberation Guerrilla Army", "Women's League of Uganda"} <= mentions, mentions
    assert not {m for m in mentions if m.startswith(("Sadr", "Maoists"))}, mentions


def test_a_state_organ_heading_its_communique_in_capitals_is_an_actor():
    from watchfloor.read.pipeline import read_document
    text = ("BURKINA FASO\nUnité – Progrès – Justice\n\nMINISTÈRE DE L'ADMINISTRATION TERRITORIALE, DE LA "
            "DÉCENTRALISATION ET DE LA SÉCURITÉ\n\nGOUVERNORAT DE LA RÉGION DU SAHEL\n\nCOMMUNIQUÉ\n\nLe Gouverneur de "
            "la Région du Sahel informe les populations qu'une attaque a visé Djibo le 3 mars.\n")
    mentions = {m["text"] for a in read_document("t", text=text, model=True).as_json()["actors"] for m in a["mentions"]}
    assert {"MINISTÈRE DE L'ADMINISTRATION TERRITORIALE, DE LA DÉCENTRALISATION ET DE LA SÉCURITÉ",
            "GOUVERNORAT DE LA RÉGION DU SAHEL"} <= mentions, mentions
