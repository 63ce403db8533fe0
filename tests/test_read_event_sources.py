"""Who tells of an event is not who did it, what did not happen is no event, and a French passive toll counts.
Sentences written for this test (in no fixture), read by the real reader on its default path and on the rules-only
path."""
from __future__ import annotations

import pytest

from watchfloor.read.events import fatalities_in
from watchfloor.read.pipeline import read_document


def events(text: str, model: bool) -> list[dict]:
    return read_document("t", text=text, model=model).as_json()["events"]


@pytest.mark.parametrize("model", [True, False])
@pytest.mark.parametrize("text, speaker", [
    ("Attackers killed nine people in a raid on a cattle market near Mokwa, the Niger state police command said in "
     "a statement.", "Police Forces of Nigeria"),
    ("Des assaillants ont tué sept orpailleurs sur un site près d'Essakane, a indiqué la gendarmerie burkinabè.",
     "Police Forces of Burkina Faso"),
])
def test_the_force_that_reports_an_attack_takes_no_part_in_it(text, speaker, model):
    found = events(text, model)
    assert found
    assert speaker not in {found[0]["actor1"], found[0]["actor2"]}


@pytest.mark.parametrize("sentence, kept", [
    ("Gunmen killed 14 people near Bokkos, the Plateau state police said on Sunday.", "Gunmen killed 14 people near Bokkos."),
    ("Bandits raided Zurmi overnight, residents told Reuters.", "Bandits raided Zurmi overnight."),
    ("Two soldiers died in the blast, according to a military source.", "Two soldiers died in the blast."),
    ("Des hommes armés ont attaqué le marché, a annoncé le gouverneur dans un communiqué.",
     "Des hommes armés ont attaqué le marché."),
    # the saying verb introduces what happened: nothing is taken off
    ("The army said it repelled an attack on its base near Boni.", "The army said it repelled an attack on its base near Boni."),
    ("Gunmen attacked the village, and the army said it repelled them.",
     "Gunmen attacked the village, and the army said it repelled them."),
])
def test_the_classifier_does_not_read_who_told_of_the_event(sentence, kept):
    from watchfloor.read.event_model import without_attribution
    assert without_attribution(sentence) == kept


@pytest.mark.parametrize("model", [True, False])
def test_an_unnamed_doer_in_the_event_clause_acts_on_the_actor_named_before(model):
    found = events("Two Kenyan policemen were wounded when gunmen opened fire on their checkpoint outside Garissa.",
                   model)
    assert found and found[0]["actor1"] == "Unidentified armed group"
    assert found[0]["actor2"] == "Police Forces of Kenya"


@pytest.mark.parametrize("model", [True, False])
@pytest.mark.parametrize("negated, plain", [
    ("The junta in Khartoum has not signed the truce that the mediators proposed in Jeddah.",
     "The junta in Khartoum signed the truce that the mediators proposed in Jeddah."),
    ("Bandits did not attack the convoy on the Gusau road, the escort commander said.",
     "Bandits attacked the convoy on the Gusau road, the escort commander said."),
    ("Les deux délégations n'ont pas signé l'accord de paix à Alger.",
     "Les deux délégations ont signé l'accord de paix à Alger."),
])
def test_what_did_not_happen_is_no_event(negated, plain, model):
    assert events(plain, model), plain          # the same sentence, affirmed, tells an event
    assert events(negated, model) == []


@pytest.mark.parametrize("sentence, toll", [
    ("Neuf gendarmes burkinabè ont été tués près de Dori.", 9),
    ("Trois bergers peuls avaient été tués la veille.", 3),
    ("Quatorze civils sont morts dans l'explosion.", 14),
])
def test_a_french_passive_toll(sentence, toll):
    assert fatalities_in(sentence) == toll


@pytest.mark.parametrize("model", [True, False])
@pytest.mark.parametrize("text, state", [
    ("Russia's backing proved decisive for the junta in Bamako last year.", "Russia"),
    ("Algeria's mediation between the parties stalled in January.", "Algeria"),
])
def test_a_states_stance_makes_it_an_actor(text, state, model):
    found = read_document("t", text=text, model=model).as_json()
    assert state in {a["name"] for a in found["actors"]}


def test_the_country_of_a_dateline_does_not_act_in_its_sentence():
    text = ("Herders and farmers\n\nMAKURDI, Nigeria (AP) — Gunmen killed 14 farmers in Guma overnight, a local "
            "official said.\n")
    found = read_document("t", text=text, model=True).as_json()
    assert "Nigeria" not in {a["name"] for a in found["actors"]}
    assert [e["actor2"] for e in found["events"]] == ["Civilians"]


@pytest.mark.parametrize("text, date", [
    ("Rebels killed four former combatants who had signed the 2016 peace agreement near Tibú, Colombia.", None),
    ("The 2019 attack on the camp near Tarkint killed 20 soldiers.", "2019"),
])
def test_a_year_that_names_a_thing_does_not_date_the_event(text, date):
    found = events(text, False)
    assert found and found[0]["date"] == date


@pytest.mark.parametrize("model", [True, False])
@pytest.mark.parametrize("text, place", [
    ("Des jihadistes ont pris d'assaut la caserne de Solenzo, tuant onze gendarmes.", "Solenzo"),
    ("Des assaillants ont tendu une embuscade à un convoi près de Gothèye, blessant quatre militaires.", "Gothèye"),
])
def test_a_french_assault_on_soldiers_is_a_battle(text, place, model):
    found = events(text, model)
    assert [(e["event_type"], e["place"]) for e in found] == [("Battles", place)]


def test_the_titles_event_stands_where_the_story_tells_none():
    text = ("Kenya: gunmen kill six quarry workers in Mandera\n\n"
            "The bodies were found by residents on Tuesday morning, and the county commissioner asked for calm.\n")
    found = events(text, False)
    assert [(e["sub_type"], e["place"], e["fatalities"]) for e in found] == [("Attack", "Mandera", 6)]


def test_the_titles_event_is_not_told_twice():
    text = ("Kenya: gunmen kill six quarry workers in Mandera\n\n"
            "Gunmen killed six quarry workers in Mandera on Tuesday, the county commissioner said.\n")
    found = events(text, False)
    assert [(e["sub_type"], e["place"]) for e in found] == [("Attack", "Mandera")]


@pytest.mark.parametrize("text", [
    "Bandits attacked a minibus on the highway near Katari.",
    "Des hommes armés ont attaqué l'école de Gorgadji.",
    "Gunmen attacked a hospital in Kutiyab.",
])
def test_a_bus_a_school_or_a_hospital_attacked_is_an_attack_for_the_rules(text):
    # the rules' verdict, one of the classifier's features (it decides with the sentence's words: see the dev
    # figures in the closing note for where it overrules the rules)
    from watchfloor.read.event_model import rule_tokens
    assert "rule:Attack" in rule_tokens(text)


def test_an_attack_on_a_school_reads_as_violence_against_civilians():
    found = events("Des hommes armés ont attaqué l'école de Gorgadji.", True)
    assert [(e["sub_type"], e["actor2"]) for e in found] == [("Attack", "Civilians")]
