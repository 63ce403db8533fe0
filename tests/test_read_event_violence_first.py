"""Violence the rules found is the event even where the classifier reads the sentence as a strategic development
("gunmen intercepted a procession, killing four" is an attack, not a weapons seizure), and what is intercepted or
disarmed must be a weapon for a disrupted weapons use; a curfew or a deployment the rules found stays "Other" (ACLED's
definitions), a new leader is a change to the group. Sentences written for this test (in no fixture), read by the
real reader on its default path."""
from __future__ import annotations

import pytest

from watchfloor.read.pipeline import read_document


def _kinds(text: str) -> list[tuple[str, str]]:
    return [(e["event_type"], e["sub_type"]) for e in read_document("t", text=text).as_json()["events"]]


@pytest.mark.parametrize("text, kind", [
    ("Next day, gunmen intercepted a wedding procession near Kaya, killing four guests.",
     ("Violence against civilians", "Attack")),
    ("Soldiers arrested two men at a checkpoint in Gao and shot a third who tried to flee.",
     ("Violence against civilians", "Attack")),
])
def test_violence_found_by_the_rules_is_the_event(text, kind):
    assert _kinds(text)[:1] == [kind]


@pytest.mark.parametrize("text", [
    "Air defences intercepted two drones over Kursk on Tuesday.",
    "Police intercepted a truck carrying weapons and ammunition near Maradi.",
    "Deminers disarmed two IEDs on the road to Gossi.",
])
def test_a_weapon_intercepted_or_disarmed_is_a_disrupted_weapons_use(text):
    assert _kinds(text) == [("Strategic developments", "Disrupted weapons use")]


def test_disarmament_as_policy_is_no_event():
    assert _kinds("The agreement provides for the disarmament of the armed groups in the north.") == []


@pytest.mark.parametrize("text, sub_type", [
    ("Le préfet du Guéra a décrété mardi un couvre-feu à Mongo et ordonné le renforcement des patrouilles.", "Other"),
    ("The governor of Kasai announced on Monday a curfew in Tshikapa and ordered the reinforcement of police patrols.",
     "Other"),
    ("JNIM named a new emir for its Macina katiba last week.", "Change to group/activity"),
])
def test_a_curfew_or_a_deployment_stays_other_a_new_leader_is_a_change_to_the_group(text, sub_type):
    kinds = _kinds(text)
    assert kinds[:1] == [("Strategic developments", sub_type)], kinds
