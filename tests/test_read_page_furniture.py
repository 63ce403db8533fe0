"""A news page's furniture (its share bar, 'Publié le …') and a community's name are no places, whatever the
statistical model takes them for. Text written for this test."""
from __future__ import annotations

from datetime import date

import pytest

from watchfloor.read.pipeline import read_document

PAGE = ("Korhogo : deux morts dans des heurts entre éleveurs et cultivateurs\n\n"
        "Par Awa Coulibaly, correspondante à Korhogo · Publié le 12 mars 2021\n\n"
        "Partager : Facebook · Twitter · WhatsApp · Copier le lien\n\n"
        "Deux personnes ont été tuées dimanche dans des affrontements entre Sénoufo et Peuls près de Korhogo, "
        "selon la préfecture. Des jeunes Dioula et Sénoufo se sont ensuite opposés dans le quartier Soba.\n")


@pytest.mark.parametrize("model", [False, True])
def test_page_furniture_and_communities_are_no_places(model):
    got = read_document("t", text=PAGE, model=model, published=date(2021, 3, 12)).as_json()
    names = {p["name"] for p in got["places"]}
    assert "Korhogo" in names, names
    assert not names & {"Publié", "Copier", "Partager", "Dioula", "Sénoufo", "Facebook", "WhatsApp"}, names


def test_a_share_bar_is_boilerplate():
    from watchfloor.read import document
    doc = document.build("t", PAGE, {})
    at = PAGE.index("Facebook")
    assert not doc.is_content(at, at + 8)
