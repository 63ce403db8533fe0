"""The reader's speed-ups give the same answers as the plain computation: the cue pre-check (a cue's regex
runs only where one of its required strings is), and the classifier's scores without a feature matrix."""
from __future__ import annotations

import re

import numpy as np
import pytest

from watchfloor.read import event_model
from watchfloor.read.events import cue_hits, load_event_types, required_text

SENTENCES = [
    "Government forces re-established control of the town after the militants withdrew overnight.",
    "The army reestablished control over the district and raised the national flag at the prefecture.",
    "Relatives say the two engineers have not been seen since they were stopped at a checkpoint.",
    "Gunmen seized five traders on the road to the market and their fate remains unknown.",
    "Des hommes armés ont enlevé trois enseignants ; les otages n'ont pas été libérés.",
    "A crowd of angry youths lynched a suspected thief near the bus station.",
    "THE REBELS RETOOK THE TOWN AND LOOTED THE CLINIC.",
    "Protesters marched to the governor's office; police fired tear gas to disperse them.",
    "The ſoldiers clashed with fıghters near the river.",          # letters re.I equates with s and i
    "Residents said nothing happened in the village last week.",
]


def test_required_text_is_what_every_alternative_holds():
    # (the parser takes the alternatives' common "re" out, too short to require)
    assert required_text(r"\b(?:retaken|re-?established control)\b") == ("established control", "taken")
    assert required_text(r"\bfoo\b|\bx\b") is None           # an alternative with no run of 3 letters
    assert required_text(r"\b(?:a|b)?(?:clash(?:es)?)\b") == ("clash",)


def test_cue_hits_are_those_of_every_cue_run_everywhere():
    types = load_event_types()
    everything = {(i, j) for i, st in enumerate(types) for j in range(len(st.cues))}
    for sentence in SENTENCES:
        plain = {(i, j): m.start() for i, j in everything for m in [types[i].cues[j].search(sentence)] if m}
        assert cue_hits(sentence, everything) == plain, sentence
        assert cue_hits(sentence) == plain, sentence


@pytest.mark.parametrize("cue", [c for st in load_event_types() for c in st.cues], ids=lambda c: c.pattern[:40])
def test_a_cue_never_matches_without_its_required_text(cue):
    need = required_text(cue.pattern, cue.flags)
    if need is None:
        return
    for sentence in SENTENCES:
        if cue.search(sentence) and not re.search("[\u017f\u0131]", sentence):
            assert any(w in sentence.lower() for w in need), (cue.pattern, sentence)


def test_scores_without_a_matrix_equal_the_matrix_product():
    model = event_model.classifier()
    batch = [event_model.Sentence(s) for s in SENTENCES + ["", "123 456", "a\0b killed \0 soldiers"]]
    plain = np.asarray(model._matrix(batch, fit=False) @ model.coef_.T) + model.intercept_
    assert np.abs(model.decision_function(batch) - plain).max() < 1e-12
    for k in range(len(batch)):
        one = np.asarray(model._matrix(batch[k:k + 1], fit=False) @ model.coef_.T) + model.intercept_
        assert np.abs(model.decision_function(batch[k:k + 1]) - one).max() < 1e-12
