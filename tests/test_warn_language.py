"""Probability ⇄ ICD 203 words, and confidence kept out of likelihood sentences."""
from __future__ import annotations

import pytest

from watchfloor.warn import language
from watchfloor.warn.language import (band_for, confidence_level, confidence_sentence, has_confidence_statement,
                                      has_likelihood_word, icd203_bands, judgment_sentence, probability_for, word_for)

EPS = 1e-9


def test_bands_come_from_the_data_file_in_order():
    bands = icd203_bands()
    assert [b.name for b in bands] == ["almost no chance", "very unlikely", "unlikely", "roughly even chance",
                                       "likely", "very likely", "almost certainly"]
    for lower, upper in zip(bands, bands[1:]):
        assert lower.hi == upper.lo  # no gaps: every p in [0, 1] has exactly one word


@pytest.mark.parametrize("band", icd203_bands(), ids=lambda b: b.name)
def test_every_band_edge(band):
    """lo belongs to the band, hi to the next one; just under hi is still this band."""
    bands = icd203_bands()
    first, last = bands[0], bands[-1]
    if band is not first:
        assert word_for(band.lo) == band.name
        assert word_for(band.lo - EPS) != band.name
    assert word_for(band.hi - EPS) == band.name
    expected_at_hi = "almost certainly" if band is last else bands[bands.index(band) + 1].name
    assert word_for(band.hi) == expected_at_hi
    mid = (band.lo + band.hi) / 2
    assert word_for(mid) == band.name
    lo, hi = band_for(word_for(mid)).lo, band_for(word_for(mid)).hi
    assert lo <= mid < hi


@pytest.mark.parametrize("p,word", [(0.0, "almost no chance"), (0.001, "almost no chance"),
                                    (0.0499, "almost no chance"), (0.05, "very unlikely"),
                                    (0.99, "almost certainly"), (0.999, "almost certainly"),
                                    (1.0, "almost certainly")])
def test_ends_of_the_scale(p, word):
    assert word_for(p) == word


@pytest.mark.parametrize("bad", [-0.01, 1.01, float("nan")])
def test_probability_outside_0_1_is_an_error(bad):
    with pytest.raises(ValueError):
        word_for(bad)


def test_words_back_to_probabilities_and_synonyms():
    for band in icd203_bands():
        assert word_for(probability_for(band.name)) == band.name
    assert band_for("Highly unlikely").name == "very unlikely"
    assert band_for("probably").name == "likely"
    assert 0.55 <= probability_for("probably") < 0.80
    with pytest.raises(KeyError):
        band_for("perhaps")


@pytest.mark.parametrize("p", [0.02, 0.1, 0.3, 0.5, 0.6, 0.9, 0.97, 0.995])
@pytest.mark.parametrize("conditional", [None, "If the force withdrew from North March from May 2021"])
def test_judgment_sentence_carries_its_word_and_no_confidence(p, conditional):
    text, word = judgment_sentence(p, "fatal violence", "occur in North March in May 2021", conditional)
    assert word == word_for(p) and word in text
    assert text.endswith(".") and text[0].isupper()
    assert has_likelihood_word(text) and not has_confidence_statement(text)


@pytest.mark.parametrize("level", language.CONFIDENCE_LEVELS)
def test_confidence_sentence_holds_no_likelihood_word(level):
    text = confidence_sentence(level, "the judgments on North March", 4.2, 0.75, 24)
    assert f"{level} confidence" in text
    assert has_confidence_statement(text) and not has_likelihood_word(text)


def test_confidence_from_spread_and_coverage():
    assert confidence_level(1.0, 1.0) == "high"
    assert confidence_level(5.0, 1.0) == "moderate"
    assert confidence_level(20.0, 1.0) == "low"
    assert confidence_level(1.0, 0.1) == "low"
    assert confidence_level(1.0, 0.6) == "moderate"
    with pytest.raises(ValueError):
        confidence_sentence("certain", "x", 1, 1, 12)
