"""A natural hazard's damage and toll are no event of political violence (ACLED codes none), and its toll is no
other event's. Sentences written for these tests."""
from __future__ import annotations

import pytest

from watchfloor.read.pipeline import read_document


def events(text: str, model: bool) -> list[dict]:
    return read_document("t", text="Note\n\n" + text + "\n", model=model).as_json()["events"]


@pytest.mark.parametrize("model", [False, True])
@pytest.mark.parametrize("text", [
    "Heavy rains continued in Zinder region, where flooding destroyed 12,000 homes and two bridges.",
    "Floods have displaced more than 40,000 people in Maradi since August.",
    "Dozens of shops were washed away by the floods in Agadez on Monday.",
    "Les inondations ont fait 18 morts et détruit des centaines de maisons à Dosso.",
    "A landslide killed nine gold miners near Kéniéba on Tuesday.",
])
def test_a_hazards_damage_is_no_event(text, model):
    assert events(text, model) == []


@pytest.mark.parametrize("model", [False, True])
def test_a_hazards_toll_is_not_added_to_the_attack_before(model):
    found = events("Gunmen raided a cattle market near Tessaoua on Sunday, the army said. "
                   "Separately, floods killed 14 people in the region this week.", model)
    assert [e["sub_type"] for e in found] != [] and all(e["fatalities"] != 14 for e in found), found


@pytest.mark.parametrize("model", [False, True])
def test_violence_during_a_flood_is_still_an_event(model):
    found = events("Gunmen attacked villagers fleeing the floods near Tillabéri on Sunday, killing five.", model)
    assert [(e["sub_type"], e["fatalities"]) for e in found] == [("Attack", 5)]
