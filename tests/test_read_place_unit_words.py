"""The unit word written right after a place's name belongs to its mention ("the Ansongo district"), in any case,
for townships, zones, localities and towns as for regions and provinces. Sentences written for this test."""
from __future__ import annotations

from datetime import date

import pytest

from watchfloor.read.pipeline import read_document


def mention_texts(text: str) -> set[str]:
    got = read_document("t", text=text, model=False, published=date(2023, 5, 2)).as_json()["places"]
    return {m["text"] for p in got for m in p["mentions"]}


@pytest.mark.parametrize("text, mention", [
    ("Herders fleeing the fighting reached Ansongo town on Sunday, local officials said.", "Ansongo town"),
    ("The curfew was extended to the whole of Douentza city and its outskirts.", "Douentza city"),
    ("ALERT: ARMED MEN SEIZE CATTLE IN SOUM PROVINCE AFTER CLASHES", "SOUM PROVINCE"),
    ("Aid convoys to Menaka locality were suspended after the second roadside bomb.", "Menaka locality"),
])
def test_the_unit_word_after_a_place_is_part_of_its_mention(text, mention):
    assert mention in mention_texts(text)


@pytest.mark.parametrize("text, mention", [
    ("Protesters gathered outside the Gao town hall on Monday morning.", "Gao"),
    ("The Mopti city council met on Tuesday to discuss the blockade.", "Mopti"),
])
def test_a_town_hall_or_council_is_not_the_town(text, mention):
    assert mention in mention_texts(text)
