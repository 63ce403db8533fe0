"""Estimative judgments: sentences with a likelihood term, mapped onto a yardstick's probability band.

The lexicon is data (watchfloor/data/estimative_terms.yaml). The longest term at a position wins
("will very likely" over "likely", "very unlikely" over "unlikely"); a negation just before the term
("not likely", "n'est pas probable") moves it to the mirror band (the band as far from the top of the
yardstick as the term's is from the bottom: likely ↔ unlikely). Hedges ("may", "could") become
possibilities without a band — never judgments.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from watchfloor.config import DATA_DIR
from watchfloor.read.matching import PhraseMatcher

LEXICON_PATH = DATA_DIR / "estimative_terms.yaml"
_NEGATION = re.compile(r"(?:\bnot|n't|\bnever|\bno longer|\bhardly|\bpas|\bguère|\bjamais)\s+(?:\w+\s+){0,1}$", re.I)
# A negation right after the term, with at most an auxiliary between: "probably will not", "will almost
# certainly not", "would likely never" (not "not only … but").
_NEGATION_AFTER = re.compile(r"(?:\s+(?:will|would|shall|should|can|does|do|did|is|are|was|were|has|have))?"
                             r"(?:\s+(?:not|never)\b(?!\s+only\b)|n't\b|\s+won't\b)", re.I)


@dataclass(frozen=True)
class Term:
    term: str
    yardstick: str | None
    band_name: str | None
    band: tuple[float, float] | None
    possibility: bool
    lang: str


@dataclass
class Lexicon:
    yardsticks: dict[str, dict[str, tuple[float, float]]]
    terms: list[Term]
    matcher: PhraseMatcher

    def band(self, yardstick: str, name: str) -> tuple[float, float] | None:
        return self.yardsticks.get(yardstick, {}).get(name)

    def mirror(self, yardstick: str, name: str) -> str:
        names = list(self.yardsticks[yardstick])
        return names[len(names) - 1 - names.index(name)]


def load_lexicon(path: str | Path | None = None) -> Lexicon:
    """The yardsticks and terms from the data file (cached per path)."""
    return _load(str(path or LEXICON_PATH))


@lru_cache(maxsize=4)
def _load(path: str) -> Lexicon:
    with open(path, encoding="utf-8") as fh:
        data = yaml.load(fh, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    yardsticks = {name: {b["name"]: (float(b["lo"]), float(b["hi"])) for b in spec["bands"]}
                  for name, spec in data["yardsticks"].items()}
    terms = []
    for i, entry in enumerate(data.get("terms") or []):
        if entry.get("possibility"):
            terms.append(Term(entry["term"], None, None, None, True, entry.get("lang", "en")))
            continue
        ys, band = entry.get("yardstick", "icd203"), entry["band"]
        if band not in yardsticks.get(ys, {}):
            raise ValueError(f"{path}: term #{i + 1} {entry['term']!r}: no band {band!r} in yardstick {ys!r}")
        terms.append(Term(entry["term"], ys, band, yardsticks[ys][band], False, entry.get("lang", "en")))
        if entry["term"].endswith("able") and (entry.get("lang") == "fr" or " " not in entry["term"]):
            # French adjectives agree: "de nouvelles attaques sont très probables"; a one-word term such as
            # "probable" or "improbable" is French as much as English ("d'autres enlèvements sont probables")
            terms.append(Term(entry["term"] + "s", ys, band, yardsticks[ys][band], False, "fr"))
    return Lexicon(yardsticks, terms, PhraseMatcher((t.term, t) for t in terms))


def find_estimative(text: str, folded: str, sentences: list[tuple[int, int]], lexicon: Lexicon,
                    keep=lambda start: True) -> tuple[list[dict], list[dict]]:
    """(judgments, possibilities) — one per term occurrence, each carrying its sentence."""
    judgments, possibilities = [], []
    sentence_at = _sentence_lookup(sentences)
    for m in lexicon.matcher.finditer(folded):
        if not keep(m.start):
            continue
        term: Term = m.payloads[0]
        surface = text[m.start:m.end]
        if term.term.lower() == "may" and not _is_modal_may(text, m.start, m.end):
            continue
        if term.term.lower() == "remote" and not _is_estimative_remote(text, m.start, m.end):
            continue
        s, e = sentence_at(m.start)
        if term.possibility and re.match(r"\s+(?:not|never)\b|n't", text[m.end:m.end + 7]) and \
                term.term.lower() in ("could", "might"):
            continue          # "could not take the town": a past fact, not a possibility
        if term.possibility:
            possibilities.append({"text": text[s:e], "term": surface, "start": s, "end": e,
                                  "term_start": m.start, "term_end": m.end})
            continue
        negated = bool(_NEGATION.search(text[max(s, m.start - 30):m.start])) or \
            bool(_NEGATION_AFTER.match(text, m.end, min(e, m.end + 24)))
        band_name = lexicon.mirror(term.yardstick, term.band_name) if negated else term.band_name
        band = lexicon.band(term.yardstick, band_name) or term.band
        judgments.append({"text": text[s:e], "term": surface, "band": list(band), "start": s, "end": e,
                          "yardstick": term.yardstick, "band_name": band_name, "negated": negated,
                          "term_start": m.start, "term_end": m.end})
    return judgments, possibilities


def _is_modal_may(text: str, start: int, end: int) -> bool:
    """'may' the verb, not May the month ("in May", "May 2023", "12 May")."""
    after = text[end:end + 8]
    before = text[max(0, start - 12):start]
    if re.match(r"\s*(?:\d|of\b|,?\s*\d{4})", after):
        return False
    if re.search(r"(?:\b(?:in|of|since|until|by|early|late|mid|last|next|this|from|to|between|and)\s+|\d+\s+)$",
                 before, re.I):
        return text[start].islower() and not re.search(r"\d+\s+$", before)
    return True


def _is_estimative_remote(text: str, start: int, end: int) -> bool:
    """'remote' the likelihood ("a deal is remote", "a remote chance"), not the place ("remote areas")."""
    if re.match(r"\s+(?:chance|possibility|prospect|likelihood|probability)", text[end:end + 14], re.I):
        return True
    return bool(re.search(r"\b(?:is|are|was|were|remains?|remained|seems?|seemed|appears?|appeared|looks?|be|"
                          r"been|considered|very|extremely|increasingly)\s+$", text[max(0, start - 25):start], re.I))


def _sentence_lookup(sentences: list[tuple[int, int]]):
    import bisect
    starts = [s for s, _ in sentences]

    def at(pos: int) -> tuple[int, int]:
        i = bisect.bisect_right(starts, pos) - 1
        if i >= 0 and sentences[i][0] <= pos < sentences[i][1]:
            return sentences[i]
        return (pos, pos)
    return at
