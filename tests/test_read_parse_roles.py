"""States and capitals that act, read from the dependency parse (watchfloor/read/parse_roles.py, model path), and
the compound adjectives that never make a state an actor. Each test uses a sentence written for it (none is in a
fixture, none quotes one)."""
from __future__ import annotations

from datetime import date

import pytest

from watchfloor.read.pipeline import read_document

PUBLISHED = date(2024, 5, 2)


def read(text: str, model: bool = True) -> dict:
    return read_document("note.txt", text=text, published=PUBLISHED, model=model).as_json()


def acting(found: dict) -> set[str]:
    return {m["text"] for a in found["actors"] for m in a["mentions"]}


def places(found: dict) -> set[str]:
    return {m["text"] for p in found["places"] for m in p["mentions"]}


@pytest.mark.parametrize("text, states", [
    ("At the vote on the sanctions renewal, Kenya voted in favour while Gabon abstained.", {"Gabon"}),
    ("The council renewed the mandate on Friday; Ghana abstained.(4) The mission stays.", {"Ghana"}),
    ("Relations between Accra and Lomé improved after Lomé signed the border accord with Accra and Abuja.",
     {"Abuja"}),
    ("The junta in Niamey is negotiating a new defence arrangement with Togo or Ghana.", {"Togo", "Ghana"}),
    ("The envoy asked the co-sponsors, Norway, Qatar and Egypt, to press both sides.", {"Norway", "Qatar", "Egypt"}),
    ("Le gouvernement a annoncé des patrouilles conjointes avec le Ghana voisin.", {"Ghana"}),
])
def test_a_state_with_an_actors_role_in_the_parse_is_an_actor(text, states):
    found = read(text)
    assert states <= acting(found), (states, acting(found))


@pytest.mark.parametrize("text, place", [
    ("Herders fled from Mali into Mauritania after the raids.", "Mauritania"),
    ("The camp lies near the border with Togo.", "Togo"),
    ("Ghana faces a rising number of cross-border incidents.", "Ghana"),
    ("SENEGAL: Floods displaced 3,000 people near Matam.", "SENEGAL"),
])
def test_a_state_in_a_places_role_stays_a_place(text, place):
    found = read(text)
    assert place not in acting(found)


@pytest.mark.parametrize("model", [False, True])
def test_a_state_in_a_compound_adjective_is_not_an_actor(model):
    found = read("Rwanda-backed rebels and Kinshasa-allied militias clashed near Sake on Sunday.", model)
    assert not {"Rwanda", "Kinshasa"} & acting(found)
