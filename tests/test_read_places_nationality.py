"""A country in brackets after a person's name is the person's nationality, and a titled name after a locative word
is a person, not a place the report tells of (Security Council records, UN press releases: "Ambassador X (Country)").
Sentences written for this test (in no fixture), read by the real reader."""
from __future__ import annotations

import pytest

from watchfloor.read.pipeline import read_document


def _places(text: str) -> list[tuple[str, str]]:
    return [(p["name"], p["kind"]) for p in read_document("t", text=text, model=False).as_json()["places"]]


@pytest.mark.parametrize("text, country", [
    ("Lana Zaki Nusseibeh (United Arab Emirates) said the Council must act on the humanitarian corridors.",
     "United Arab Emirates"),
    ("Speaking after the vote, Fergal Mythen (Ireland) urged both parties to return to talks.", "Ireland"),
])
def test_a_country_in_brackets_after_a_name_is_no_place(text, country):
    assert country not in [name for name, _ in _places(text)]


def test_a_country_in_brackets_after_a_place_is_still_named():
    places = _places("Armed men attacked a convoy between Bossangoa (Central African Republic) and the border.")
    assert ("Bossangoa", "town") in places


def test_a_titled_name_after_from_is_a_person_not_a_place():
    places = _places("The Council also heard from Ambassador Tomas Lindqvist (Sweden) and from the head of UNMISS.")
    assert not any(name.startswith("Ambassador") for name, _ in places), places
