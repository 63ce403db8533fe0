"""First-level divisions named in French, from ISO 3166-2's French names (pycountry's translations): "l'Extrême-Nord"
is Cameroon's Far North, after an elided article too; the store's "Nord" is not one half of "Nord-Ouest"; the holder
named after "le gouverneur de la région de l'…," is a person, no place; and a translation that is a town's name
elsewhere is not taken ("Beni" stays the town in the Kivus). Texts written for these tests (in no fixture)."""
from __future__ import annotations

import pytest

from watchfloor.read.pipeline import read_document, reader_for


@pytest.fixture(scope="module")
def reader():
    return reader_for()


def _places(reader, text):
    return {(p["name"], p.get("admin1"), p.get("country")) for p in reader.read("t", text + "\n").places}


@pytest.mark.parametrize("text", [
    "Les attaques se multiplient dans l'Extrême-Nord du Cameroun, autour de Mora.",
    "Les enlèvements se multiplient dans la région de l'Extrême-Nord, autour de Mora et de Kolofata.",
])
def test_a_division_by_its_french_name(reader, text):
    assert ("Far North", "Far North", "CMR") in _places(reader, text)


def test_one_half_of_a_compass_name_is_no_region_of_the_store(reader):
    places = _places(reader, "Le gouverneur de la Région du Nord-Ouest a décrété un couvre-feu à Bamenda.")
    assert not {p for p in places if p[2] == "BFA"}, places
    assert ("Bamenda", "Northwest", "CMR") in places


def test_the_governor_named_after_the_region_is_a_person_not_a_place():
    text = ("Lundi, le gouverneur de la région de l'Extrême-Nord, Midjiyawa Bakari, s'est rendu sur les lieux avec "
            "des responsables militaires.\n")
    got = read_document("t", text=text, model=True).as_json()
    assert "Midjiyawa Bakari" not in {p["name"] for p in got["places"]}
    assert "Midjiyawa Bakari" in {a["name"] for a in got["actors"]}


def test_a_translation_that_is_a_town_elsewhere_is_not_taken(reader):
    places = _places(reader, "Des rebelles ont attaqué Beni et Oicha, dans le Nord-Kivu, mardi.")
    assert {p[2] for p in places} == {"COD"}, places


def test_french_sites_with_an_adjective_or_a_quarter(reader):
    text = ("Les kamikazes se sont fait exploser à l'entrée du marché central de Garoua et dans le quartier "
            "Poumpoumré, selon la police. Les blessés ont été évacués vers l'Hôpital régional de Garoua. Les assaillants "
            "ont aussi visé la prison centrale de Garoua.")
    names = {p[0] for p in _places(reader, text)}
    assert {"marché central de Garoua", "quartier Poumpoumré", "Hôpital régional de Garoua",
            "prison centrale de Garoua"} <= names, names


def test_a_french_title_closing_a_communique_is_no_place():
    text = ("COMMUNIQUÉ\n\nLe Gouvernement informe l'opinion que deux attentats ont frappé Mokolo et Mora, dans la région "
            "de l'Extrême-Nord, le samedi 11 juillet. Il présente ses condoléances aux familles des victimes.\n\n"
            "Yaoundé, le 12 juillet 2015\n\nLe Ministre de la Communication,\nPorte-parole du Gouvernement\n")
    places = {p["name"] for p in read_document("t", text=text, model=True).as_json()["places"]}
    assert "Mokolo" in places and not {p for p in places if "Gouvernement" in p or "Ministre" in p}, places


def test_a_compass_part_of_a_region_after_du_is_a_named_area(reader):
    got = read_document("t", text="Niger : de nombreux villages du nord de Tillabéri se sont armés depuis l'été.",
                        model=False).as_json()["places"]
    assert ("nord de Tillabéri", "area", "NER") in {(p["name"], p["kind"], p["country"]) for p in got}, got


def test_a_village_after_an_elided_de_is_a_place(reader):
    got = read_document("t", text="Niger : douze civils ont été tués au nord du village d'Adab-Dab, près "
                                  "d'Intagamey, selon un élu.", model=False).as_json()["places"]
    assert {"Adab-Dab", "Intagamey"} <= {p["name"] for p in got}, got


def test_le_delta_interieur_is_malis_inner_niger_delta(reader):
    got = read_document("t", text="Mali : les groupes armés ouvrent un nouveau front dans le Delta intérieur, autour "
                                  "de Youwarou.", model=False).as_json()["places"]
    assert ("Inner Niger Delta", "area", "MLI") in {(p["name"], p["kind"], p["country"]) for p in got}, got
    assert not any(p["country"] == "CAN" for p in got), got


@pytest.mark.parametrize("model", [False, True])
def test_les_forces_armees_nationales_are_the_countrys_military(reader, model):
    got = read_document("t", text="Burkina Faso : le bilan fait état de quatre militaires des Forces armées "
                                   "nationales tués près de Djibo.", model=model).as_json()["actors"]
    assert [a["name"] for a in got] == ["Burkinabe Armed Forces"], got
