"""Scoring of the reader's output against the labelled gold files (tests/fixtures/reports/*.gold.json).

Pure functions over the `watchfloor read --json` dictionaries: each `score_<kind>(gold, predicted)` returns
a `Tally` (true positives, false positives, false negatives) for one report; `score_report` returns all
of them; `Tally` adds up across reports. Matching is one-to-one and forgiving where an analyst would be:
case, accents, quotes and whitespace are normalised, sentences match when their tokens overlap (Dice) by
at least `SENTENCE_OVERLAP`.
"""
from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from typing import Callable, Iterable

SENTENCE_OVERLAP = 0.6

# A quantity's unit, in the reader's words or the gold's, reduced to one of the gold's units.
UNIT_SYNONYMS = {
    "fatalities": "fatalities", "fatality": "fatalities", "killed": "fatalities", "dead": "fatalities",
    "deaths": "fatalities", "death": "fatalities", "died": "fatalities", "tués": "fatalities", "morts": "fatalities",
    "troops": "troops", "soldiers": "troops", "personnel": "troops", "peacekeepers": "troops", "police": "troops",
    "military personnel": "troops", "forces": "troops", "instructors": "troops", "casques bleus": "troops",
    "injured": "injured", "wounded": "injured", "blessés": "injured",
    "displaced": "displaced", "idps": "displaced", "refugees": "displaced", "fled": "displaced", "déplacés": "displaced",
    "abducted": "abducted", "kidnapped": "abducted", "hostages": "abducted", "missing": "abducted",
    "arrested": "arrested", "detained": "arrested", "arrests": "arrested",
}

# Hedge words: a judgment whose term is one of these was made from a possibility.
HEDGES = {"may", "might", "could", "possibly", "possible", "perhaps", "pourrait", "pourraient", "peut-être",
          "can", "would"}


@dataclass
class Tally:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def __add__(self, other: "Tally") -> "Tally":
        return Tally(self.tp + other.tp, self.fp + other.fp, self.fn + other.fn)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class Ratio:
    """A share: `hits` of `total` (accuracy on matched pairs)."""
    hits: int = 0
    total: int = 0

    def __add__(self, other: "Ratio") -> "Ratio":
        return Ratio(self.hits + other.hits, self.total + other.total)

    @property
    def value(self) -> float:
        return self.hits / self.total if self.total else 1.0


@dataclass
class ReportScore:
    tallies: dict[str, Tally] = field(default_factory=dict)
    ratios: dict[str, Ratio] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)


# ---------------------------------------------------------------------------------------------- text

def normalise(text: str | None) -> str:
    """Casefold, drop accents, straighten quotes and collapse whitespace."""
    if text is None:
        return ""
    text = unicodedata.normalize("NFKD", str(text))
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = text.replace("\u2019", "'").replace("\u2018", "'").replace("\u201c", '"').replace("\u201d", '"')
    text = text.replace("\u2013", "-").replace("\u2014", "-").replace("\u00a0", " ")
    return re.sub(r"\s+", " ", text).strip().casefold()


def tokens(text: str | None) -> list[str]:
    return re.findall(r"\w+", normalise(text))


def overlap(a: str | None, b: str | None) -> float:
    """Dice coefficient of the two token multisets (1.0 for identical sentences)."""
    ta, tb = Counter(tokens(a)), Counter(tokens(b))
    total = sum(ta.values()) + sum(tb.values())
    return 2 * sum((ta & tb).values()) / total if total else 1.0


def _place_key(name: str | None) -> str:
    key = normalise(name)
    key = re.sub(r"^(l'|la |le |les )", "", key)
    return re.sub(r"[^\w]+", " ", key).strip()


def _url_key(url: str | None) -> str:
    key = normalise(url)
    key = re.sub(r"^https?://", "", key)
    key = re.sub(r"^www\.", "", key)
    return key.rstrip("/")


def unit_key(unit: str | None) -> str:
    key = normalise(unit)
    return UNIT_SYNONYMS.get(key, key)


def _band(value) -> tuple[float, float] | None:
    if value is None:
        return None
    if isinstance(value, dict):
        value = (value.get("lo"), value.get("hi"))
    try:
        lo, hi = value
        return round(float(lo), 4), round(float(hi), 4)
    except (TypeError, ValueError):
        return None


# ------------------------------------------------------------------------------------------ matching

def match_pairs(gold: list, predicted: list, similarity: Callable[[object, object], float],
                threshold: float) -> list[tuple[int, int]]:
    """One-to-one greedy matching: best-scoring pairs first, each item used once."""
    scored = []
    for gi, g in enumerate(gold):
        for pi, p in enumerate(predicted):
            s = similarity(g, p)
            if s >= threshold:
                scored.append((s, gi, pi))
    scored.sort(key=lambda x: (-x[0], x[1], x[2]))
    used_g, used_p, pairs = set(), set(), []
    for _, gi, pi in scored:
        if gi not in used_g and pi not in used_p:
            used_g.add(gi)
            used_p.add(pi)
            pairs.append((gi, pi))
    return pairs


def _tally(n_gold: int, n_pred: int, n_matched: int) -> Tally:
    return Tally(n_matched, n_pred - n_matched, n_gold - n_matched)


# ---------------------------------------------------------------------------------------- fact kinds

_LEADING_ARTICLE = re.compile(r"^(?:(?:the|an?|la|le|les|une?|des)\s+|l'\s*)(?=\w)")


def _actor_key(name: str | None) -> str:
    """A name or mention as compared: normalised, without one leading article ("The Kenyan government" and
    "Kenyan government" are the same mention, whichever extent a labeller or a reader marks)."""
    return _LEADING_ARTICLE.sub("", normalise(name))


def _actor_names(actor) -> set[str]:
    """Every name an actor goes by: its name and each mention's text (gold objects list surface forms)."""
    if isinstance(actor, str):
        names = {_actor_key(actor)}
    else:
        names = {_actor_key(actor.get("name"))}
        for m in actor.get("mentions") or []:
            names.add(_actor_key(m.get("text") if isinstance(m, dict) else m))
        for alias in actor.get("aliases") or []:
            names.add(_actor_key(alias))
    names.discard("")
    return names


def score_actors(gold: dict, pred: dict) -> Tally:
    """Actors matched one-to-one when any of a predicted actor's names or mentions is one of the gold
    actor's (its name or a surface form): a reader is not penalised for another canonical name."""
    g = [_actor_names(a) for a in gold.get("actors", [])]
    g = [names for k, names in enumerate(g) if names and names not in g[:k]]
    p = [_actor_names(a) for a in pred.get("actors", []) or []]
    p = [names for names in p if names]
    pairs = match_pairs(list(range(len(g))), list(range(len(p))),
                        lambda gi, pi: float(len(g[gi] & p[pi]) > 0), 1.0)
    return _tally(len(g), len(p), len(pairs))


def _pred_place_names(place: dict, aliases: Callable[[str], Iterable[str]] | None) -> set[str]:
    names = {_place_key(place.get("name"))}
    for mention in place.get("mentions", []) or []:
        names.add(_place_key(mention.get("text")))
    if aliases is not None:
        for name in list(names):
            names.update(_place_key(a) for a in aliases(name))
    names.discard("")
    return names


def _dedupe_places(places: list[dict]) -> list[dict]:
    seen, out = set(), []
    for p in places:
        key = (_place_key(p.get("name")), normalise(p.get("admin1")))
        if key not in seen:
            seen.add(key)
            out.append(p)
    return out


# Countries whose admin-1 boundaries the bundled data loads: admin-1 is scored only there.
ADMIN1_SCORED = {"MLI", "BFA", "NER"}


def score_places(gold: dict, pred: dict, aliases: Callable[[str], Iterable[str]] | None = None,
                 admin1_scored: set[str] | None = None) -> tuple[Tally, Tally, Ratio]:
    """(name and admin-1 both right, name right, admin-1 accuracy on name-matched places). Admin-1 is
    judged only for gold places in `admin1_scored` countries (default: all); elsewhere the name decides."""
    # one place per name and admin-1 on both sides: a gold file may list a name twice, as the town and as the
    # admin area it heads ("Kidal", "Kidal region"), which the reader gives as one place
    g = _dedupe_places(gold.get("places", []) or [])
    p = _dedupe_places(pred.get("places", []) or [])
    names = [_pred_place_names(x, aliases) for x in p]

    def scored(gi: int) -> bool:
        return admin1_scored is None or g[gi].get("country") in admin1_scored

    def name_match(gi: int, pi: int) -> bool:
        return _place_key(g[gi]["name"]) in names[pi]

    def admin1_match(gi: int, pi: int) -> bool:
        return normalise(g[gi].get("admin1")) == normalise(p[pi].get("admin1"))

    strict = match_pairs(list(range(len(g))), list(range(len(p))),
                         lambda gi, pi: 1.0 if name_match(gi, pi) and (admin1_match(gi, pi) or not scored(gi))
                         else 0.0, 1.0)
    by_name = match_pairs(list(range(len(g))), list(range(len(p))),
                          lambda gi, pi: (1.0 + admin1_match(gi, pi)) if name_match(gi, pi) else 0.0, 1.0)
    judged = [(gi, pi) for gi, pi in by_name if scored(gi)]
    admin1 = Ratio(sum(admin1_match(gi, pi) for gi, pi in judged), len(judged))
    return _tally(len(g), len(p), len(strict)), _tally(len(g), len(p), len(by_name)), admin1


def _date_values_agree(a: str, b: str) -> bool:
    ea, eb = normalise(a).split("/"), normalise(b).split("/")
    if len(ea) != len(eb):
        return False
    return all(x.startswith(y) or y.startswith(x) for x, y in zip(ea, eb) if x and y)


def score_dates(gold: dict, pred: dict) -> Tally:
    """Distinct (value, precision) pairs per report; a month-precision value matches `2023-09` or `2023-09-01`."""
    def distinct(items):
        return sorted({(str(d.get("value")), normalise(d.get("precision"))) for d in items or [] if d.get("value")})
    g, p = distinct(gold.get("dates")), distinct(pred.get("dates"))
    pairs = match_pairs(g, p, lambda a, b: float(a[1] == b[1] and _date_values_agree(a[0], b[0])), 1.0)
    return _tally(len(g), len(p), len(pairs))


def _number(value) -> float | None:
    try:
        return float(str(value).replace(",", ""))
    except (TypeError, ValueError):
        return None


def score_quantities(gold: dict, pred: dict) -> Tally:
    g = gold.get("quantities", [])
    p = pred.get("quantities", []) or []
    pairs = match_pairs(g, p, lambda a, b: float(_number(a.get("value")) is not None
                                                 and _number(a.get("value")) == _number(b.get("value"))
                                                 and unit_key(a.get("unit")) == unit_key(b.get("unit"))), 1.0)
    return _tally(len(g), len(p), len(pairs))


def score_judgments(gold: dict, pred: dict) -> tuple[Tally, Ratio, int]:
    """(judgments by sentence, band accuracy on matched judgments, judgments wrongly made from hedges)."""
    g = gold.get("judgments", [])
    p = pred.get("judgments", []) or []

    def similarity(a: dict, b: dict) -> float:
        s = overlap(a.get("text"), b.get("text"))
        if s < SENTENCE_OVERLAP:
            return 0.0
        same_band = _band(a.get("band")) == _band(b.get("band"))
        same_term = normalise(a.get("term")) == normalise(b.get("term"))
        return s + 0.5 * same_band + 0.25 * same_term

    pairs = match_pairs(g, p, similarity, SENTENCE_OVERLAP)
    bands = Ratio(sum(_band(g[gi].get("band")) == _band(p[pi].get("band")) for gi, pi in pairs), len(pairs))
    matched = {pi for _, pi in pairs}
    possibilities = gold.get("possibilities", [])
    from_hedges = 0
    for pi, j in enumerate(p):
        if pi in matched:
            continue
        if normalise(j.get("term")) in HEDGES or any(
                overlap(j.get("text"), q.get("text")) >= SENTENCE_OVERLAP for q in possibilities):
            from_hedges += 1
    return _tally(len(g), len(p), len(pairs)), bands, from_hedges


def score_possibilities(gold: dict, pred: dict) -> Tally:
    g = gold.get("possibilities", [])
    p = pred.get("possibilities", []) or []
    pairs = match_pairs(g, p, lambda a, b: overlap(a.get("text"), b.get("text")), SENTENCE_OVERLAP)
    return _tally(len(g), len(p), len(pairs))


def score_recommendations(gold: dict, pred: dict) -> Tally:
    g = gold.get("recommendations", [])
    p = pred.get("recommendations", []) or []
    pairs = match_pairs(g, p, lambda a, b: overlap(a.get("action"), b.get("action") or b.get("text")),
                        SENTENCE_OVERLAP)
    return _tally(len(g), len(p), len(pairs))


def score_citations(gold: dict, pred: dict) -> Tally:
    g = gold.get("citations", [])
    p = pred.get("citations", []) or []

    def similarity(a: dict, b: dict) -> float:
        if str(a.get("n")) != str(b.get("n")):
            return 0.0
        if a.get("url") and _url_key(a.get("url")) == _url_key(b.get("url")):
            return 1.0
        return float(overlap(a.get("title"), b.get("title")) >= SENTENCE_OVERLAP)

    pairs = match_pairs(g, p, similarity, 1.0)
    return _tally(len(g), len(p), len(pairs))


def _event_sub_type(event: dict) -> str:
    return normalise(event.get("sub_type") or event.get("sub_event_type"))


def score_events(gold: dict, pred: dict, aliases: Callable[[str], Iterable[str]] | None = None
                 ) -> tuple[Tally, Tally]:
    """(event_type + sub_type + place, event_type + sub_type alone); place names match through `aliases`."""
    g = gold.get("events", [])
    p = pred.get("events", []) or []

    def same_kind(a: dict, b: dict) -> bool:
        return normalise(a.get("event_type")) == normalise(b.get("event_type")) and _event_sub_type(a) == _event_sub_type(b)

    def place(e: dict) -> str:
        value = e.get("place")
        if isinstance(value, dict):
            value = value.get("name")
        return _place_key(value)

    def same_place(a: dict, b: dict) -> bool:
        pa, pb = place(a), place(b)
        if pa == pb:
            return True
        return bool(pa and pb and aliases is not None and pb in {_place_key(x) for x in aliases(pa)})

    full = match_pairs(g, p, lambda a, b: float(same_kind(a, b) and same_place(a, b)), 1.0)
    kind = match_pairs(g, p, lambda a, b: float(same_kind(a, b)), 1.0)
    return _tally(len(g), len(p), len(full)), _tally(len(g), len(p), len(kind))


def score_metadata(gold: dict, pred: dict) -> tuple[Ratio, Ratio, Tally]:
    """(title right, publication date right, authors by name)."""
    title = Ratio(int(overlap(gold.get("title"), pred.get("title")) >= 0.9), 1)
    published = Ratio(int(str(gold.get("date")) == str(pred.get("date"))[:10]), 1)
    g = {normalise(a) for a in gold.get("authors") or []}
    p = {normalise(a) for a in pred.get("authors") or []}
    return title, published, _tally(len(g), len(p), len(g & p))


def score_report(gold: dict, pred: dict, aliases: Callable[[str], Iterable[str]] | None = None,
                 admin1_scored: set[str] | None = None) -> ReportScore:
    out = ReportScore()
    title, published, authors = score_metadata(gold, pred)
    out.ratios["title accuracy"] = title
    out.ratios["publication date accuracy"] = published
    out.tallies["authors"] = authors
    out.tallies["actors"] = score_actors(gold, pred)
    strict, by_name, admin1 = score_places(gold, pred, aliases, admin1_scored)
    out.tallies["places"] = strict
    out.tallies["places (name only)"] = by_name
    out.ratios["places admin-1 accuracy"] = admin1
    # every country's (the gold's spelling of a division against the reader's: no alias), for information
    out.ratios["places admin-1 accuracy, all countries"] = score_places(gold, pred, aliases, None)[2]
    out.tallies["dates"] = score_dates(gold, pred)
    out.tallies["quantities"] = score_quantities(gold, pred)
    judgments, bands, from_hedges = score_judgments(gold, pred)
    out.tallies["judgments"] = judgments
    out.ratios["judgment band accuracy"] = bands
    out.counts["judgments made from may/could"] = from_hedges
    out.tallies["possibilities"] = score_possibilities(gold, pred)
    out.tallies["recommendations"] = score_recommendations(gold, pred)
    out.tallies["citations"] = score_citations(gold, pred)
    events, event_kinds = score_events(gold, pred, aliases)
    out.tallies["events"] = events
    out.tallies["events (type only)"] = event_kinds
    return out


def add_scores(scores: Iterable[ReportScore]) -> ReportScore:
    total = ReportScore()
    for s in scores:
        for k, v in s.tallies.items():
            total.tallies[k] = total.tallies.get(k, Tally()) + v
        for k, v in s.ratios.items():
            total.ratios[k] = total.ratios.get(k, Ratio()) + v
        for k, v in s.counts.items():
            total.counts[k] = total.counts.get(k, 0) + v
        total.errors.extend(s.errors)
    return total


def merge_results(results: list[dict]) -> dict:
    """One prediction for a file the reader split into several documents (a feed): lists are concatenated."""
    if len(results) == 1:
        return results[0]
    merged: dict = {}
    for r in results:
        for k, v in r.items():
            if isinstance(v, list):
                merged.setdefault(k, []).extend(v)
            else:
                merged.setdefault(k, v)
    return merged


# ------------------------------------------------------------------------------------------ snippets

def snippet_micro_f1(gold_sub_types: list[str], predicted: list[str | None]) -> Tally:
    """Sub-event-type micro-F1: a wrong answer is a false positive and a false negative, no answer a false negative."""
    t = Tally()
    for g, p in zip(gold_sub_types, predicted):
        if p is not None and normalise(p) == normalise(g):
            t.tp += 1
        else:
            t.fn += 1
            if p is not None:
                t.fp += 1
    return t
