"""One civilian is a civilian target as much as many: "shot the driver", "shot a shopkeeper", "ont tué un
commerçant" are attacks on civilians. Sentences written for this test (in no fixture), read by the real reader on
its default path and on the rules-only path."""
from __future__ import annotations

import pytest

from watchfloor.read.pipeline import read_document


@pytest.mark.parametrize("model", [True, False])
@pytest.mark.parametrize("text", [
    "Gunmen killed a teacher on the road out of Tillaberi.",
    "Armed men shot a herder near Gorom-Gorom on Friday.",
    "Des hommes armés ont abattu un chauffeur près de Dori.",
])
def test_a_single_civilian_victim_makes_an_attack_on_civilians(text, model):
    events = read_document("t", text=text, model=model).as_json()["events"]
    assert [(e["event_type"], e["sub_type"], e["actor2"]) for e in events] == \
        [("Violence against civilians", "Attack", "Civilians")]


@pytest.mark.parametrize("text", [
    "Militants ambushed an army patrol near Kongoussi, killing the driver of the lead vehicle and two soldiers.",
])
def test_soldiers_as_victims_stay_a_battle(text):
    events = read_document("t", text=text).as_json()["events"]
    assert events and events[0]["event_type"] == "Battles"


@pytest.mark.parametrize("text, kinds", [
    ("Gunmen raided a village near Kantchari on Tuesday, killing three herders; the army said its aircraft later "
     "struck their column near Diapaga.",
     [("Violence against civilians", "Attack", "Kantchari"), ("Explosions/Remote violence", "Air/drone strike", "Diapaga")]),
    ("Militants ambushed a patrol near Tillia and killed seven soldiers; four more were wounded.",
     [("Battles", "Armed clash", "Tillia")]),
])
def test_clauses_joined_by_a_semicolon_tell_an_event_each(text, kinds):
    events = read_document("t", text=text).as_json()["events"]
    assert [(e["event_type"], e["sub_type"], e["place"]) for e in events] == kinds


@pytest.mark.parametrize("subject", ["Nigerian soldiers", "soldiers"])
def test_a_comma_and_a_new_subject_tell_a_second_event(subject):
    text = (f"Bandits killed eight farmers in Maru on Sunday, and {subject} later clashed with another gang near "
            "Bukkuyum, killing five of its members.")
    events = read_document("t", text=text).as_json()["events"]
    assert [(e["place"], e["fatalities"]) for e in events] == [("Maru", 8), ("Bukkuyum", 5)]


def test_a_comma_and_a_verb_keep_one_event():
    text = "Gunmen stormed the market in Maru, and torched a dozen stalls before fleeing on motorbikes."
    assert len(read_document("t", text=text).as_json()["events"]) == 1
