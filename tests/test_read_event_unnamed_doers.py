"""Who attacked whom when the attackers are not named ("gunmen", "jihadists", "insurgents"), and soldiers or police
killed as the toll of an attack on them: ACLED codes an armed group's attack on state forces an armed clash,
whether or not the sentence names the ambush's target before the toll. Sentences written for this test (in no
fixture), read by the real reader."""
from __future__ import annotations

import pytest

from watchfloor.read.pipeline import read_document


def _events(text: str) -> list[dict]:
    return read_document("t", text=text, model=False).as_json()["events"]


@pytest.mark.parametrize("text, fatalities", [
    ("ISWAP killed 11 soldiers in an ambush in Borno state on Friday.", 11),
    ("Al-Shabaab fighters killed at least seven soldiers in an assault on a base in Hiraan region.", 7),
    ("Des jihadistes ont tué 9 soldats lors d'une embuscade dans la région de Tillabéri.", 9),
])
def test_soldiers_killed_by_an_armed_group_are_an_armed_clash(text, fatalities):
    events = _events(text)
    assert [(e["sub_type"], e["fatalities"]) for e in events] == [("Armed clash", fatalities)]


@pytest.mark.parametrize("text, target", [
    ("Unknown gunmen ambushed a Nigerian army convoy near Gwoza, killing four soldiers.", "Military Forces of Nigeria"),
    ("Insurgents attacked Nigerian troops near Damboa on Sunday.", "Military Forces of Nigeria"),
])
def test_unnamed_attackers_are_the_doers_and_the_named_force_the_target(text, target):
    events = _events(text)
    assert events, text
    assert (events[0]["actor1"], events[0]["actor2"]) == ("Unidentified armed group", target)


def test_unnamed_fighters_killed_by_a_named_force_are_not_its_attackers():
    events = _events("Six insurgents were killed by Nigerian soldiers near Bama on Tuesday.")
    assert events and events[0]["actor1"] == "Military Forces of Nigeria"


def test_insurgents_killing_civilians_are_no_mob():
    # the classifier, seeing no named group, took it for mob violence; the rules' attack on civilians stands
    events = _events("Insurgents attacked Ancuabe in Cabo Delgado province last week, killing dozens of civilians.")
    assert events and (events[0]["event_type"], events[0]["actor1"]) != ("Riots", None)
    assert events[0]["event_type"] == "Violence against civilians"


def test_a_mob_of_residents_is_still_a_mob():
    events = _events("Angry residents lynched two men accused of theft at the market in Kaya.")
    assert [e["sub_type"] for e in events] == ["Mob violence"]


@pytest.mark.parametrize("text, target", [
    # the passive's subject is the target; with no attacker named, the attacker is unidentified
    ("A fuel convoy escorted by Nigerian troops was ambushed outside Monguno on Wednesday.", "Military Forces of Nigeria"),
    # French: a convoy ("convoi") is an armed target, and unnamed armed men are the doers
    ("Des hommes armés ont attaqué un convoi de l'armée nigérienne près de Ouallam.", "Nigerien Armed Forces"),
])
def test_a_force_attacked_by_unnamed_men_is_the_target(text, target):
    events = _events(text)
    assert events, text
    assert (events[0]["event_type"], events[0]["actor1"], events[0]["actor2"]) == \
        ("Battles", "Unidentified armed group", target)


def test_a_named_agent_of_the_passive_stays_the_doer():
    events = _events("Three gendarmes were killed by ISWAP fighters near Monguno on Wednesday.")
    assert events and events[0]["actor1"] == "Islamic State West Africa Province"


def test_the_victims_of_an_attack_on_civilians_are_an_actor():
    # "a shopkeeper and four other men": no actor's mention, but the attack's target; ACLED's Civilians
    doc = read_document("t", text="Gunmen shot dead a shopkeeper and four other men outside a bar in Kagoro on "
                                  "Sunday night.", model=False).as_json()
    assert [(e["sub_type"], e["actor2"]) for e in doc["events"]] == [("Attack", "Civilians")]
    civilians = [a for a in doc["actors"] if a["name"] == "Civilians"]
    assert civilians and civilians[0]["mentions"][0]["text"] == "men"
