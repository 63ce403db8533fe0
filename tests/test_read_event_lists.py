"""One event per place of a list ("attacked Gusau, Tsafe and Anka"), as ACLED codes them, but not for a place set off
by a bare comma and named as one administrative unit: "Kalema village, Dande district" is where Kalema lies, and the
event happened once, there. Each sentence was written for its test (none is in a fixture)."""
from __future__ import annotations

from datetime import date

import pytest

from watchfloor.read.pipeline import read_document

PUBLISHED = date(2024, 8, 1)


def events(text: str) -> list[tuple[str, int]]:
    got = read_document("t", text=text, model=True, published=PUBLISHED).as_json()
    return [(e["place"], e["fatalities"]) for e in got["events"]]


@pytest.mark.parametrize("text, expected", [
    ("Soldiers raided Kalema village, Dande district, on 4 May 2024, killing four herders.", [("Kalema", 4)]),
    ("An airstrike on 9 July 2024 hit Mabanda town, Kiremba commune (Bururi province), killing three civilians.",
     [("Mabanda", 3)]),
])
def test_a_place_set_off_as_one_administrative_unit_holds_the_place_before_it(text, expected):
    assert events(text) == expected


@pytest.mark.parametrize("text, places", [
    ("Gunmen on 2 June 2024 attacked Rumbek, Tonj and Yirol districts, killing 12 people.", ["Rumbek", "Tonj", "Yirol"]),
    ("Bandits on 3 March 2024 attacked Gusau, Tsafe and Anka, killing 20 villagers.", ["Gusau", "Tsafe", "Anka"]),
])
def test_places_listed_together_are_one_event_each(text, places):
    assert [p for p, _ in events(text)] == places
