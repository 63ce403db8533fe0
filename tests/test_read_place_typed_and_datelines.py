"""A demonym that names an admin area with its type word after it ("the Somali Region") is that area, and a
dateline whose date stands in brackets ("JUBA (7 September 2021) -") names the place it was filed from. Sentences
written for this test."""
from __future__ import annotations

from datetime import date

import pytest

from watchfloor.read.pipeline import read_document


def places(text: str, model: bool) -> dict[str, str | None]:
    got = read_document("t", text=text, model=model, published=date(2022, 7, 30)).as_json()["places"]
    return {m["text"]: p["admin1"] for p in got for m in p["mentions"]}


@pytest.mark.parametrize("model", [False, True])
def test_a_demonym_with_its_type_word_is_the_admin_area(model):
    got = places("Drought has pushed herders from the Somali Region toward Dire Dawa since March.", model)
    assert got.get("Somali Region") == "Somali", got


@pytest.mark.parametrize("model", [False, True])
def test_a_demonym_alone_stays_no_place(model):
    got = places("Somali troops and Kenyan police patrolled the border near Mandera on Friday.", model)
    assert "Somali" not in got, got


@pytest.mark.parametrize("model", [False, True])
def test_a_dateline_with_its_date_in_brackets_names_a_place(model):
    text = ("Humanitarian chief alarmed by new clashes\n\nMALAKAL (29 July 2022) - The Humanitarian Coordinator "
            "said 3,000 people had fled the fighting in South Sudan in the past week.\n")
    got = places(text, model)
    assert "MALAKAL" in got, got
