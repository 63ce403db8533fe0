"""How a document refers to a body it has named once: an abbreviation defined in brackets that takes the long name's
letters, the kind word alone ("the Institute", "la Coordination"), a signature line, and an apposition that ends a
sentence. Each text was written for its test (none is in a fixture)."""
from __future__ import annotations

from datetime import date

import pytest

from watchfloor.read.matching import spells
from watchfloor.read.pipeline import read_document

PUBLISHED = date(2021, 3, 8)


def actors(text: str, model: bool = False) -> dict[str, set[str]]:
    got = read_document("t", text=text, model=model, published=PUBLISHED).as_json()
    return {a["name"]: {m["text"] for m in a["mentions"]} for a in got["actors"]}


@pytest.mark.parametrize("short, long, expected", [
    ("CONAFE", "Coordination nationale des femmes éleveuses", True),      # letters, not only initials
    ("RDPC", "Rassemblement démocratique du peuple camerounais", True),
    ("UNOPS", "United Nations Office for Project Services", True),
    ("KRF", "Coordination nationale des femmes éleveuses", False),
    ("NCF", "Coordination nationale des femmes", False),                  # the first letter must open a word
])
def test_an_abbreviation_spells_its_long_name_in_order(short, long, expected):
    assert spells(short, long) is expected


@pytest.mark.parametrize("text, names", [
    ("Le Collectif des éleveurs du Guéra (COLEG) a dénoncé mardi les saisies de bétail. Le COLEG réclame une enquête.",
     {"COLEG", "Collectif des éleveurs du Guéra"}),
    # right after the name, it need not spell it (an abbreviation of the name in another language)
    ("Fighting pitted the army against the Tafilalt Self-Defence Units (YTX) near the border. The YTX said it had lost "
     "ten fighters.", {"Tafilalt Self-Defence Units", "YTX"}),
])
def test_a_bracketed_abbreviation_is_the_long_name_before_it(text, names):
    found = actors(text)
    assert any(names <= ms for ms in found.values()), found


def test_the_kind_word_alone_is_a_short_mention_of_the_body_named():
    found = actors("Clinic attacks double\n\nThe Horn Peace Observatory published its survey on Monday. The Observatory said attacks on "
                   "clinics had doubled.\n\nFor the Observatory,\nJane Mwangi, director")
    assert not any(name.startswith("For ") for name in found), found
    body = found.get("Horn Peace Observatory", set())
    assert "Observatory" in body, found


def test_an_apposed_employer_ends_with_its_sentence():
    found = actors("\"The roads are closed,\" said Tomas Varga, a researcher at the Centre for Border Studies. He "
                   "added that traders had stopped travelling.", model=True)
    assert "Centre for Border Studies" in found, found
    assert not any(name.endswith(" He") or ". " in name for name in found), found


@pytest.mark.parametrize("span, name", [
    ("Attaques à Tillabéri — la Coordination", "Coordination"),
    ("Floods in Beira – the Relief Network", "Relief Network"),
])
def test_a_name_starts_after_a_spaced_dash(span, name):
    from watchfloor.read.organisations import clean
    start, end = clean(span, 0, len(span))
    assert span[start:end] == name


def test_a_name_cut_short_runs_on_to_the_abbreviation_it_spells():
    found = actors("Au centre du pays, l'Alliance nationale pour la protection des éleveurs transhumants (ANPET), "
                   "apparue en mars, a revendiqué l'enlèvement. L'ANPET réclame la libération de ses membres.")
    body = found.get("Alliance nationale pour la protection des éleveurs transhumants", set())
    assert "ANPET" in body, found
    assert "ANPET" not in found and "Alliance nationale" not in found, found


def test_a_known_forces_long_name_takes_its_bracketed_abbreviation():
    found = actors("Les Forces armées togolaises (FAT) ont repoussé l'attaque mardi. Selon un officier, les FAT ont "
                   "perdu deux hommes.")
    army = next((ms for name, ms in found.items() if "FAT" in ms), set())
    assert any(m.endswith("Forces armées togolaises") for m in army), found
    assert len([name for name, ms in found.items() if "FAT" in ms]) == 1, found


def test_a_unit_is_a_body_and_members_of_it_are_no_part_of_its_name():
    found = actors("Riot police clashed with traders on Tuesday. Members of the Anti-Robbery Response Unit were "
                   "deployed, said the Border Police Unit commander.")
    assert "Anti-Robbery Response Unit" in found and "Border Police Unit" in found, found
    assert not any(n.startswith("Members") for n in found), found


def test_an_office_runs_on_over_the_state_it_serves():
    found = actors("Aid agencies, working with the Office of the President of Malawi and district councils, "
                   "registered 4,000 families.")
    assert "Office of the President of Malawi" in found, found
    assert "Malawi" not in found, found


def test_an_abbreviation_defined_after_a_new_body_is_that_body_not_a_known_namesake():
    found = actors("The Kenya Ports Authority said the Nairobi Railway Corporation (NRC) had suspended trains after "
                   "the attack. The NRC said services would resume on Monday.")
    body = found.get("Nairobi Railway Corporation", set())
    assert "NRC" in body, found
    assert "Norwegian Refugee Council" not in found, found


@pytest.mark.parametrize("text, not_a_body", [
    ("Families queued for water at the Matanda transit centre on Sunday.", "Matanda"),
    ("Le conseil militaire a suspendu la Constitution et dissous l'Assemblée nationale.", "Constitution"),
])
def test_a_site_or_a_charter_is_no_body(text, not_a_body):
    found = actors(text, model=True)
    assert not any(n.startswith(not_a_body) for n in found), found
