"""A wire story's dateline ("City, 14 mars 2024 (AFP) -") dates the story and names its outlet, whatever the case of
the city; the day its first sentence names ("lundi", "on Sunday") is when the event happened, not the dateline's;
and a country named as the part of it where something happened ("dans le nord du Burkina Faso") is a place, not an
actor. Texts written for this test (in no fixture), read by the real reader."""
from __future__ import annotations

from watchfloor.read.pipeline import read_document

FRENCH = ("Le bilan d'une attaque dans le Sahel s'alourdit\n\n"
          "Dori, 21 février 2024 (AFP) - Au moins quinze civils ont été tués mardi dans l'attaque d'un marché "
          "de la province du Séno, dans le nord-est du Burkina Faso, a-t-on appris de sources locales.\n\n"
          "Des hommes armés ont ouvert le feu sur les commerçants avant d'incendier des boutiques, selon un habitant.\n")


def _read(text: str) -> dict:
    return read_document("t", text=text, model=False).as_json()


def test_a_title_case_dateline_gives_the_date_and_the_outlet():
    doc = _read(FRENCH)
    assert (doc["date"], doc["outlet"]) == ("2024-02-21", "AFP")
    assert ("mardi", "2024-02-20") in [(d["text"], d["value"]) for d in doc["dates"]]


def test_the_first_sentence_s_own_day_dates_its_event():
    doc = _read(FRENCH)
    assert doc["events"] and doc["events"][0]["date"] == "2024-02-20"
    english = _read("Goma, June 12, 2024 (Example Wire) - Rebels shelled a camp for displaced people near Sake on "
                    "Monday, killing four people, officials said.")
    assert [e["date"] for e in english["events"]] == ["2024-06-10"]


def test_without_a_day_of_its_own_the_event_takes_the_dateline_s():
    doc = _read("MAIDUGURI, Sept. 9, 2024 (Example Wire) - Insurgents killed 11 farmers near Damboa, residents said.")
    assert [e["date"] for e in doc["events"]] == ["2024-09-09"]


def test_the_part_of_a_country_where_it_happened_is_no_actor():
    doc = _read(FRENCH)
    assert "Burkina Faso" not in [a["name"] for a in doc["actors"]]
    assert doc["events"][0]["actor1"] != "Burkina Faso"
