"""Who filed a wire story is no actor of it, a base its attackers struck is held by a force, and a small town abroad
is not where a report on another country happens. Sentences written for this test (in no fixture), read by the real
reader on its default path and on the rules-only path."""
from __future__ import annotations

import pytest

from watchfloor.read.matching import in_dateline_outlet
from watchfloor.read.pipeline import read_document


def read(text: str, model: bool) -> dict:
    return read_document("t", text=text, model=model).as_json()


@pytest.mark.parametrize("model", [True, False])
@pytest.mark.parametrize("text, outlet, absent", [
    ("KAMPALA, 9 June 2026 (UN News) — Armed men burned houses in a village near Bunia on Monday.", "UN News",
     "United Nations"),
    ("DAKAR, March 2 (AFP) - Unknown gunmen killed four herders near Kidira, local officials said.", "AFP", None),
])
def test_the_outlet_of_a_dateline_is_no_actor(text, outlet, absent, model):
    found = read(text, model)
    assert found["outlet"] == outlet
    names = {a["name"] for a in found["actors"]}
    if absent:
        assert absent not in names
    for event in found["events"]:
        assert absent not in {event["actor1"], event["actor2"]}


def test_an_outlet_is_only_the_dateline_s_parenthesis():
    line = "KAMPALA, 9 June 2026 (UN News) — The UN mission said …"
    assert in_dateline_outlet(line, line.index("UN News"))
    assert not in_dateline_outlet(line, line.index("UN mission"))
    # a parenthesis later in a sentence that opens with no dateline
    text = "The agency (UN News) — as it calls itself — reported the raid."
    assert not in_dateline_outlet(text, text.index("UN News"))


@pytest.mark.parametrize("model", [True, False])
@pytest.mark.parametrize("text, force", [
    ("Militants stormed a Kenyan army base near Hulugho before dawn, killing three soldiers.",
     "Military Forces of Kenya"),
    ("Insurgents overran a Nigerian military base in Borno, killing at least 20 soldiers.",
     "Military Forces of Nigeria"),
])
def test_a_base_its_attackers_struck_is_held_by_the_state_s_force(text, force, model):
    found = read(text, model)
    assert force in {a["name"] for a in found["actors"]}


@pytest.mark.parametrize("model", [True, False])
def test_bases_as_a_presence_are_still_no_force(model):
    found = read("Analysts expect fewer Russian military bases in the region by next year.", model)
    assert "Military Forces of Russia" not in {a["name"] for a in found["actors"]}


@pytest.mark.parametrize("model", [True, False])
def test_a_small_namesake_abroad_is_not_the_place_of_a_report_on_another_country(model):
    # "Mahas" is a village in Jordan's gazetteer entry and a town in Somalia's Hiiraan region, which the bundled
    # world data lacks: in a report on Somalia that names no other place it must not be geocoded to Jordan
    text = ("Somalia: two soldiers killed\n\nFighters attacked a checkpoint near Mahas on Friday, killing two "
            "soldiers, residents said.")
    places = {p["name"]: p for p in read(text, model)["places"]}
    assert "Mahas" in places or "Māḩiş" not in places
    assert all(p.get("country") != "JOR" for p in places.values())
