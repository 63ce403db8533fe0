"""Estimative judgments in forms the reader must handle in any report: a negation after the term flips the
band ("probably will not"), and a quoted judgment in French is its own sentence («\u00a0Il est peu probable…\u00a0»).
Sentences written for these tests (in no fixture)."""
from __future__ import annotations

import pytest

from watchfloor.read.document import sentences
from watchfloor.read.pipeline import reader_for


@pytest.fixture(scope="module")
def reader():
    return reader_for()


def _judgments(reader, text):
    return [(j["term"].lower(), j["band"], j["negated"]) for j in reader.read("t", text + "\n").judgments]


@pytest.mark.parametrize("sentence, term, band", [
    ("The council probably will not lift the curfew before the harvest.", "probably", [0.2, 0.45]),
    ("Government forces will almost certainly not retake the valley this year.", "will almost certainly",
     [0.01, 0.05]),
    ("Donors would likely never fund the dam while the fighting lasts.", "would likely", [0.2, 0.45]),
    ("The rebels probably won't hold the bridge for long.", "probably", [0.2, 0.45]),
])
def test_a_negation_after_the_term_flips_the_band(reader, sentence, term, band):
    assert _judgments(reader, sentence) == [(term, band, True)]


@pytest.mark.parametrize("sentence, term, band", [
    ("The militia will likely not only raid the depot but also burn it.", "will likely", [0.55, 0.8]),
    ("It is likely that the ferry stays closed until the rains end.", "likely", [0.55, 0.8]),
])
def test_no_negation_leaves_the_band(reader, sentence, term, band):
    assert _judgments(reader, sentence) == [(term, band, False)]


def test_a_quoted_sentence_after_a_full_stop_is_a_sentence_of_its_own():
    text = ("Les pêcheurs ont quitté le lac mardi. « Il est peu probable que la saison reprenne », dit un élu. "
            "Le marché reste fermé. Il a demandé : « Qui paiera ? » Personne ne répondit.")
    assert [text[a:b] for a, b in sentences(text)] == [
        "Les pêcheurs ont quitté le lac mardi.", "« Il est peu probable que la saison reprenne », dit un élu.",
        "Le marché reste fermé.", "Il a demandé : « Qui paiera ? »", "Personne ne répondit."]


def test_a_quoted_french_judgment_carries_its_own_sentence(reader):
    text = ("Selon un chercheur, la milice tentera très probablement de couper la route. « Il est peu probable "
            "que l'armée reprenne la piste avant la saison des pluies », estime-t-il.")
    found = reader.read("t", text + "\n").judgments
    assert [(j["term"], j["text"][:8]) for j in found] == [("très probablement", "Selon un"), ("peu probable", "« Il est")]


# -- quantities in forms any report uses (sentences written for these tests) --------------------------------
@pytest.mark.parametrize("sentence, value, unit", [
    ("Aid agencies say more than two million people are internally displaced across the east.", 2_000_000,
     "displaced"),
    ("Some 1.5 million residents were displaced when the river burst its banks.", 1_500_000, "displaced"),
    ("At least 16 other passengers were seriously injured when the bus hit a mine.", 16, "injured"),
    ("More than 1,000 villagers have already fled the valley.", 1000, "displaced"),
    ("Près de deux millions de personnes ont été déplacées par les combats.", 2_000_000, "displaced"),
])
def test_quantities_with_scale_words_and_adverbs(sentence, value, unit):
    from watchfloor.read.quantities import find_quantities
    found = [(q["value"], q["unit"]) for q in find_quantities(sentence, [(0, len(sentence))], [])]
    assert found == [(value, unit)]


# -- recommendations (sentences written for these tests) -----------------------------------------------------
@pytest.mark.parametrize("sentence, to, action", [
    ("The envoy urged all parties to the dispute, including the herders' unions, to reopen the cattle routes.",
     "all parties to the dispute, including the herders' unions", "reopen the cattle routes"),
    ("She also called on donors to double funding for clinics in Diffa, where cholera cases are rising.",
     "donors", "double funding for clinics in Diffa"),
    ("The lesson is plain: regional partners should share intelligence on the smuggling routes.",
     "regional partners", "share intelligence on the smuggling routes"),
    ("Le syndicat a appelé le ministère à « suspendre les expulsions » dans les quartiers inondés.",
     "le ministère", "« suspendre les expulsions » dans les quartiers inondés"),
    ("Selon les élus locaux, le gouvernement devrait rétablir les patrouilles sur la route de Fada.",
     "le gouvernement", "rétablir les patrouilles sur la route de Fada"),
])
def test_recommendation_forms(sentence, to, action):
    from watchfloor.read.recommendations import find_recommendations
    found = find_recommendations(sentence, [(0, len(sentence))], lambda pos: False, "Desk")
    assert [(r["to"], r["action"]) for r in found] == [(to, action)]


@pytest.mark.parametrize("sentence, term, band", [
    ("Selon l'analyste, de nouveaux enlèvements sont probables dans la région au cours des prochains mois.",
     "probables", [0.55, 0.8]),
    ("De nouveaux affrontements restent improbables autour de la ville dans les semaines à venir.",
     "improbables", [0.2, 0.45]),
])
def test_a_french_one_word_term_agrees_with_a_plural_subject(reader, sentence, term, band):
    assert _judgments(reader, sentence) == [(term, band, False)]
