"""An event's toll is the number of the dead, never the day or the year of a date before the verb (CrisisWatch's
"gunmen 19 Feb killed 15 people", a wire's "On 4 March 2024 militants killed 9"). Sentences written for this test
(in no fixture), read by the real reader."""
from __future__ import annotations

import pytest

from watchfloor.read.pipeline import read_document


@pytest.mark.parametrize("text, toll", [
    ("In Katsina state, gunmen 23 Mar killed 11 people in Safana area.", 11),
    ("On 27 October 2023 suspected jihadists killed 6 traders near Gorom-Gorom.", 6),
    ("Armed men on 2 June killed 14 villagers in Banibangou department.", 14),
    # the toll still counts when no date stands in the way
    ("Gunmen killed 7 worshippers at a mosque in Kaya on Friday.", 7),
])
def test_a_date_before_the_verb_is_no_toll(text, toll):
    events = read_document("t", text=text, model=False).as_json()["events"]
    assert [e["fatalities"] for e in events] == [toll]
