"""A summary section ("Key Takeaways", "Summary", "BLUF") restates the facts the body tells: its events are read
in the body, once. Where the summary is all the report has, its facts are read there. Texts written for these
tests."""
from __future__ import annotations

import pytest

from watchfloor.read.pipeline import read_document


@pytest.mark.parametrize("model", [False, True])
def test_a_report_that_is_all_takeaways_gives_its_events(model):
    text = ("Sahel File, 9 May 2024\n\nKey Takeaways\n\n"
            "Gunmen killed 14 villagers in a raid on Koulogon in Mopti region on 6 May, local officials said.\n\n"
            "The army announced a new operation in the Inner Niger Delta the next day.\n")
    events = read_document("t", text=text, model=model).as_json()["events"]
    assert ("Attack", 14) in {(e["sub_type"], e["fatalities"]) for e in events}, events


@pytest.mark.parametrize("model", [False, True])
def test_a_summary_above_the_story_gives_no_second_event(model):
    text = ("Sahel File, 9 May 2024\n\nSummary\n\nGunmen killed 14 villagers in Koulogon.\n\nEvent\n\n"
            "Gunmen on motorcycles raided Koulogon in Mopti region on 6 May, killing 14 villagers and burning "
            "granaries, local officials said. Survivors fled to Bankass, where aid groups counted more than 400 new "
            "arrivals by the evening. The raid was the third on villages of the commune since March, and the "
            "deadliest, according to the mayor, who asked the army to return to the post it left in January.\n")
    events = read_document("t", text=text, model=model).as_json()["events"]
    attacks = [e for e in events if e["sub_type"] == "Attack"]
    assert len(attacks) == 1 and attacks[0]["fatalities"] == 14, events
