"""An admin unit's type word says which country's unit it is, and a unit named inside another ("X LGA of Y
State") is two places. Sentences written for this test."""
from __future__ import annotations

from datetime import date

import pytest

from watchfloor.read.pipeline import read_document


def places(text: str) -> dict[str, tuple]:
    got = read_document("t", text=text, model=False, published=date(2024, 6, 4)).as_json()["places"]
    return {m["text"]: (p.get("country"), p.get("admin1")) for p in got for m in p["mentions"]}


@pytest.mark.parametrize("text, mention, country", [
    # Benin's Plateau is a department, Nigeria's a state
    ("Gunmen burned granaries in Plateau State overnight.", "Plateau State", "NGA"),
    ("The flood displaced farmers along the river in Plateau department.", "Plateau department", "BEN"),
])
def test_the_type_word_chooses_the_country_whose_units_it_names(text, mention, country):
    assert places(text).get(mention, (None,))[0] == country


@pytest.mark.parametrize("text, mention", [
    # a transliteration that differs by an apostrophe and a doubled vowel: Ṣaʻdah
    ("Yemen: an air strike hit a fuel depot in Saada governorate on Monday.", "Saada"),
    ("Yemen: families fled the shelling of villages in Saada governorate.", "Saada"),
])
def test_a_governorate_spelled_without_its_apostrophe(text, mention):
    assert places(text).get(mention, (None,))[0] == "YEM"


@pytest.mark.parametrize("text, inner, outer, country, admin1", [
    ("Herders raided two hamlets in Bokkos LGA of Plateau State on Saturday.", "Bokkos LGA", "Plateau State", "NGA",
     "Plateau"),
    ("Kidnappers seized a bus near Birnin Gwari Local Government Area of Kaduna State, police said.",
     "Birnin Gwari Local Government Area", "Kaduna State", "NGA", "Kaduna"),
])
def test_a_unit_named_inside_another_is_both(text, inner, outer, country, admin1):
    got = places(text)
    assert got.get(inner) == (country, admin1)
    assert got.get(outer) == (country, admin1)


@pytest.mark.parametrize("text, mention, country", [
    # the press's English names for units GeoNames and ISO 3166-2 transliterate (data/admin1_aliases.csv)
    ("Iraq: a roadside bomb struck an army truck in Nineveh province on Friday.", "Nineveh", "IRQ"),
    ("Syria: residents of Rural Damascus governorate queued for bread for hours.", "Rural Damascus", "SYR"),
    # a name with an Arabic article other than al/el between its words
    ("Syria: tribal fighters clashed with the SDF in Deir ez-Zor governorate.", "Deir ez-Zor", "SYR"),
    # a unit whose name alone is too short, or a common word, to be taken as a town
    ("Chad: floods cut the roads of Lac province, the governor said.", "Lac province", "TCD"),
    ("South Sudan: cattle raiders attacked herders in Unity state overnight.", "Unity state", "SSD"),
])
def test_a_unit_named_with_its_type_word(text, mention, country):
    found = [v for k, v in places(text).items() if k.startswith(mention)]
    assert found and found[0][0] == country and found[0][1]       # the country's unit: an admin-1 of its own


@pytest.mark.parametrize("text, absent", [
    # a compass word before a type word is no unit abroad
    ("Nigeria: Northern state governments may close more markets in Zamfara.", "SDN"),
    # a district of Tripoli named like an Iraqi governorate: abroad, the type word must be the country's own
    ("Libya: gunmen exchanged fire in the Salah al-Din district of Tripoli on Sunday night.", "IRQ"),
])
def test_a_type_word_does_not_bring_a_unit_from_abroad(text, absent):
    assert absent not in {country for country, _ in places(text).values()}


def test_an_ethiopian_regional_state():
    got = places("Ethiopia: aid convoys stopped at the edge of the Afar Regional State for a third week.")
    assert got.get("Afar Regional State") == ("ETH", "Afar")       # the name as written, with its type
