"""How likely a claim says something is: an estimative term and its band, or an explicit number.

The lexicon is data (watchfloor/data/estimative_terms.yaml, shared with the reader and the brief
writer). A sentence with neither a likelihood term nor a stated probability is not a judgment;
hedges ("may", "could") carry no band and are not judgments either.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import yaml

from watchfloor.config import DATA_DIR

TERMS_FILE = DATA_DIR / "estimative_terms.yaml"
SCORING_YARDSTICK = "icd203"


class NotAJudgment(ValueError):
    """The claim states no likelihood (no estimative term, no probability): nothing to score."""


@dataclass(frozen=True)
class Band:
    yardstick: str
    name: str
    lo: float
    hi: float

    @property
    def midpoint(self) -> float:
        return (self.lo + self.hi) / 2


@dataclass(frozen=True)
class Likelihood:
    """What a claim says about how likely it is; `probability` is what it is scored with."""
    term: str | None          # the words as written ('will very likely'); None for a bare number
    band: Band | None         # None for an explicit number
    probability: float
    explicit: bool
    negated: bool


@lru_cache(maxsize=1)
def lexicon() -> tuple[dict[str, dict[str, Band]], list[tuple[str, Band]]]:
    """({yardstick: {band name: Band}}, [(term, Band)] longest term first)."""
    spec = yaml.safe_load(TERMS_FILE.read_text(encoding="utf-8"))
    yardsticks = {name: {b["name"]: Band(name, b["name"], float(b["lo"]), float(b["hi"])) for b in ys["bands"]}
                  for name, ys in spec["yardsticks"].items()}
    terms = [(t["term"].lower(), yardsticks[t["yardstick"]][t["band"]])
             for t in spec.get("terms") or [] if not t.get("possibility")]
    return yardsticks, sorted(terms, key=lambda tb: -len(tb[0]))


def band_for(lo: float, hi: float, yardstick: str | None = None, name: str | None = None) -> Band:
    """The named band of a yardstick, else the stored band with these edges, else an unnamed one."""
    yardsticks, _ = lexicon()
    if yardstick in yardsticks and name in yardsticks[yardstick]:
        return yardsticks[yardstick][name]
    for ys in ([yardstick] if yardstick in yardsticks else list(yardsticks)):
        for band in yardsticks[ys].values():
            if abs(band.lo - lo) < 1e-9 and abs(band.hi - hi) < 1e-9:
                return band
    return Band(yardstick or "custom", name or f"{lo:.2f}-{hi:.2f}", float(lo), float(hi))


def icd203_word(p: float) -> str:
    """The ICD 203 band a probability falls in (lo <= p < hi; the ends stretch to 0 and 1)."""
    bands = sorted(lexicon()[0][SCORING_YARDSTICK].values(), key=lambda b: b.lo)
    for band in bands:
        if p < band.hi:
            return band.name
    return bands[-1].name


def term_band(term: str) -> Band | None:
    return dict(lexicon()[1]).get(term.strip().lower())


def mirror(band: Band) -> Band:
    """'not likely' takes the band mirrored around one half (likely 0.55-0.80 -> 0.20-0.45)."""
    lo, hi = round(1 - band.hi, 6), round(1 - band.lo, 6)
    return band_for(lo, hi, band.yardstick)


_NUMBER = r"(\d{1,3}(?:[.,]\d+)?)\s*(?:%|per\s?cent\b|pour\s?cent\b)"
_PROB_WORD = r"(?:chance|likel\w*|probab\w*|odds|risque|likelihood)"
# the probability word right after the number: 'a 30 % rise is likely' states no probability
_EXPLICIT = [re.compile(_NUMBER + r"\s+" + _PROB_WORD, re.I),
             re.compile(r"(?:probability|likelihood|chance|odds)\s+(?:of|is|at|around|about|of about)\s+"
                        r"(?:\w+\s+){0,4}?" + _NUMBER, re.I)]
_NEGATION = re.compile(r"(?:\bnot|n't|\bnever|\bno longer|\bpas)\s+(?:\w+\s+)?$", re.I)


def explicit_probability(text: str) -> float | None:
    """'a 70 % chance', '70 percent likely', 'a probability of 0.7'... as a probability in [0, 1]."""
    for pattern in _EXPLICIT:
        m = pattern.search(text)
        if m:
            value = float(m.group(1).replace(",", "."))
            if 0 <= value <= 100:
                return value / 100
    m = re.search(r"probability\s+(?:of|is)\s+(0?\.\d+|1\.0+)\b", text, re.I)
    return float(m.group(1)) if m else None


def find_term(text: str) -> tuple[str, Band, int, int] | None:
    """The first (then longest) estimative term in the text, with its span."""
    lowered = text.lower()
    best = None
    for term, band in lexicon()[1]:
        for m in re.finditer(r"(?<![\w-])" + re.escape(term) + r"(?![\w-])", lowered):
            if best is None or m.start() < best[2] or (m.start() == best[2] and m.end() > best[3]):
                best = (text[m.start():m.end()], band, m.start(), m.end())
            break
    return best


def read_likelihood(text: str) -> Likelihood:
    """The likelihood a claim states; NotAJudgment when it states none."""
    p = explicit_probability(text)
    if p is not None:
        return Likelihood(None, None, p, True, False)
    found = find_term(text)
    if found is None:
        raise NotAJudgment(f"no likelihood word or probability in: {text[:120]!r}")
    term, band, start, end = found
    # 'is not likely', "isn't likely", 'will almost certainly not': the mirror band
    negated = bool(_NEGATION.search(text[:start]) or re.match(r"\s+not\b", text[end:], re.I))
    if negated:
        band = mirror(band)
    return Likelihood(term, band, band.midpoint, False, negated)
