"""Where an event happened when its sentence names two towns: the town of the clause that tells the event, not the
town where the story stands ("Mourners gathered in Kaya after soldiers were killed near Barsalogho"), nor the town
the attackers came from. Residents who report an attack are not its doers. Sentences
written for this test (in no fixture), read by the real reader."""
from __future__ import annotations

import pytest

from watchfloor.read.pipeline import read_document


def _events(text: str) -> list[tuple]:
    return [(e["event_type"], e["sub_type"], e["place"])
            for e in read_document("t", text=text, model=False).as_json()["events"]]


@pytest.mark.parametrize("text, place", [
    ("Funerals were held in Maiduguri after insurgents ambushed a military convoy near Damboa.", "Damboa"),
    ("Families waited in Mopti for news when jihadists attacked the army post at Boni on Monday.", "Boni"),
    ("Les habitants de Dori ont indiqué que des hommes armés avaient attaqué le village de Seytenga.", "Seytenga"),
])
def test_the_event_is_where_its_own_clause_puts_it(text, place):
    events = _events(text)
    assert events and events[0][2] == place, events


@pytest.mark.parametrize("text, place", [
    ("In Djibo, gunmen killed five people at a checkpoint 10 km from Arbinda.", "Djibo"),
    ("Gunmen from Gao attacked a bus near Ansongo on Friday.", "Ansongo"),
])
def test_not_where_the_doers_came_from_nor_where_a_distance_is_measured_from(text, place):
    events = _events(text)
    assert events and events[0][2] == place, events


def test_residents_who_report_an_attack_are_not_a_mob():
    events = _events("Residents of Tahoua said that gunmen had attacked a market in Tillia on Sunday, killing nine traders.")
    assert events and events[0][:2] == ("Violence against civilians", "Attack") and events[0][2] == "Tillia", events


def test_residents_who_beat_someone_are_still_a_mob():
    events = _events("Villagers in Bama beat a suspected thief to death on Friday.")
    assert [e[:2] for e in events] == [("Riots", "Mob violence")]
