"""Estimative language: probability ⇄ ICD 203 words, and confidence stated on its own.

ICD 203 keeps likelihood (how probable) apart from confidence (how sure we are of the evidence):
a sentence carries one or the other, never both. The bands are data (data/estimative_terms.yaml).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import yaml

from watchfloor.config import DATA_DIR

TERMS_FILE = DATA_DIR / "estimative_terms.yaml"
THRESHOLDS_FILE = DATA_DIR / "trigger_thresholds.yaml"
CONFIDENCE_LEVELS = ("low", "moderate", "high")


@dataclass(frozen=True)
class Band:
    name: str
    lo: float
    hi: float

    @property
    def midpoint(self) -> float:
        return round((self.lo + self.hi) / 2, 3)


@lru_cache(maxsize=1)
def icd203_bands() -> tuple[Band, ...]:
    doc = yaml.safe_load(TERMS_FILE.read_text(encoding="utf-8"))
    bands = doc["yardsticks"]["icd203"]["bands"]
    return tuple(sorted((Band(b["name"], float(b["lo"]), float(b["hi"])) for b in bands), key=lambda b: b.lo))


@lru_cache(maxsize=1)
def _synonyms() -> dict[str, str]:
    """term (lower case) -> ICD 203 band name, from the reader's lexicon."""
    doc = yaml.safe_load(TERMS_FILE.read_text(encoding="utf-8"))
    names = {b.name for b in icd203_bands()}
    found = {}
    for t in doc.get("terms") or []:
        if isinstance(t, dict) and t.get("yardstick") == "icd203" and t.get("band") in names and t.get("term"):
            found[str(t["term"]).lower()] = t["band"]
    found.update({n: n for n in names})
    return found


def word_for(p: float) -> str:
    """The ICD 203 word for a probability: the band with lo <= p < hi; >= 0.99 'almost certainly',
    below 0.05 'almost no chance'."""
    if p != p or p < 0 or p > 1:
        raise ValueError(f"probability must lie in [0, 1], got {p!r}")
    bands = icd203_bands()
    if p >= bands[-1].hi:
        return bands[-1].name
    if p < bands[1].lo:
        return bands[0].name
    for band in bands:
        if band.lo <= p < band.hi:
            return band.name
    raise ValueError(f"no ICD 203 band holds {p}")  # only when the data file leaves a gap


def band_for(word: str) -> Band:
    """The ICD 203 band an estimative word (or a synonym from the lexicon) stands for."""
    name = _synonyms().get(word.strip().lower())
    if name is None:
        raise KeyError(f"{word!r} is not an ICD 203 term or a known synonym (see {TERMS_FILE.name})")
    return next(b for b in icd203_bands() if b.name == name)


def probability_for(word: str) -> float:
    """A point probability for a word: the middle of its band."""
    return band_for(word).midpoint


# Words that make a sentence a likelihood statement (the ICD 203 words and their common synonyms).
LIKELIHOOD_PATTERN = re.compile(
    r"\b(likely|unlikely|likelihood|probabl[ey]|probability|improbable|almost certain(ly)?|certain(ly)?|"
    r"chance|odds|remote)\b", re.IGNORECASE)
CONFIDENCE_PATTERN = re.compile(r"\b(low|moderate|high)\s+confidence\b|\bconfidence\b", re.IGNORECASE)


def has_likelihood_word(sentence: str) -> bool:
    return bool(LIKELIHOOD_PATTERN.search(sentence))


def has_confidence_statement(sentence: str) -> bool:
    return bool(CONFIDENCE_PATTERN.search(sentence))


def judgment_sentence(p: float, subject: str, predicate: str, conditional: str | None = None) -> tuple[str, str]:
    """(sentence, word): e.g. ('Fatal violence will very likely occur in Gao in January 2021.', 'very likely').
    `predicate` is a verb phrase in the infinitive ('occur in Gao in January 2021'); `conditional` an
    if-clause ('If X withdrew from Gao from January 2021') that turns 'will' into 'would'."""
    word = word_for(p)
    will, be = ("would", "would be") if conditional else ("will", "is")
    there = "there would be" if conditional else "there is"
    if word in ("almost certainly", "very likely", "likely"):
        body = f"{subject} {will} {word} {predicate}"
    elif word in ("unlikely", "very unlikely"):
        body = f"{subject} {be} {word} to {predicate}"
    elif word == "roughly even chance":
        body = f"{there} a roughly even chance that {subject} {will} {predicate}"
    else:
        body = f"{there} {word} that {subject} {will} {predicate}"
    text = f"{conditional}, {body}." if conditional else f"{body[:1].upper()}{body[1:]}."
    return text, word


@lru_cache(maxsize=1)
def _confidence_thresholds() -> dict:
    return yaml.safe_load(THRESHOLDS_FILE.read_text(encoding="utf-8"))["confidence"]


def spread(q05: float, q50: float, q95: float) -> float:
    """Relative width of the 90 % predictive interval."""
    return float(q95 - q05) / max(float(q50), 1.0)


def confidence_level(spread_value: float, coverage: float) -> str:
    """low / moderate / high from the forecast's spread and the data's coverage (thresholds in data file)."""
    t = _confidence_thresholds()
    if spread_value > t["low_min_spread"] or coverage < t["low_max_coverage"]:
        return "low"
    if spread_value <= t["high_max_spread"] and coverage >= t["high_min_coverage"]:
        return "high"
    return "moderate"


def confidence_sentence(level: str, about: str, spread_value: float, coverage: float, months: int) -> str:
    """The confidence statement, on its own, with the reasons behind it (and no likelihood word)."""
    if level not in CONFIDENCE_LEVELS:
        raise ValueError(f"confidence must be one of {CONFIDENCE_LEVELS}, got {level!r}")
    text = (f"We hold {about} with {level} confidence: the 90% predictive interval is {spread_value:.1f} times "
            f"the median forecast, and {coverage:.0%} of the last {months} months have recorded events.")
    assert not has_likelihood_word(text)
    return text
