""""The capital" is the capital of the country whose towns the document names, also where the store's own gazetteer
(the bundled Sahel data) holds none of them and the document names foreign states as actors; a camp called "Base"
is no town abroad. Texts written for these tests (in no fixture)."""
from __future__ import annotations

import pytest

from watchfloor.read.pipeline import reader_for


@pytest.fixture(scope="module")
def reader():
    return reader_for()


def _places(reader, text):
    return {(p["name"], p.get("country")) for p in reader.read("t", text).places}


@pytest.mark.parametrize("text", [
    "Police fired tear gas at protesters in Kibera and Mathare, two districts of Nairobi, on Wednesday. France and "
    "the United States urged restraint. Calm returned to the capital on Thursday.\n",
    "La police a dispersé des manifestants à Kibera et à Mathare, à Nairobi, mercredi. La France a appelé au calme "
    "et les États-Unis ont demandé une enquête. Le calme est revenu jeudi dans la capitale.\n",
])
def test_the_capital_of_the_country_whose_towns_the_document_names(reader, text):
    places = _places(reader, text)
    assert ("Nairobi", "KEN") in places, places
    assert not {name for name, _ in places} & {"Paris", "Washington", "Washington, D.C."}, places


def test_a_camp_called_base_is_no_place():
    # the model path: its recogniser takes "Base" for a location
    from watchfloor.read.pipeline import read_document
    text = "Les assaillants ont visé le camp Base et le camp Ngagara, à Bujumbura, vendredi.\n"
    places = {p["name"] for p in read_document("t", text=text, model=True).as_json()["places"]}
    assert "Bujumbura" in places and not {p for p in places if "Bass" in p or p == "Base"}, places
