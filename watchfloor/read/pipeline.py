"""The report reader: a sequence of small steps over one document.

    document → sentences → places (candidates) → actors (knowledge base) → model entities (default path)
             → people → unknown organisations → places (resolved) → dates → quantities
             → judgments/possibilities → recommendations → citations → events → grading

`read_document` reads one document (and stores it when given a store); `read_paths` reads many and
never lets one bad document stop the batch. Reference data (gazetteer, actors) comes from the store
when it has them, otherwise from the bundled data, loaded once per process.
"""
from __future__ import annotations

import bisect
import hashlib
import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Iterator

from watchfloor.read import document as documents
from watchfloor.read.actors import ActorIndex, actor_list, build_index, find_actors, ucdp_entries
from watchfloor.read.organisations import find_organisations
from watchfloor.read.people import find_people
from watchfloor.read.citations import find_citations
from watchfloor.read.dates import find_dates
from watchfloor.read.estimative import Lexicon, find_estimative, load_lexicon
from watchfloor.read.events import find_events
from watchfloor.read.grading import credibility, reliability
from watchfloor.read.matching import fold, fold_key
from watchfloor.read.places import Gazetteer, public_kind, unknown_places
from watchfloor.read.quantities import find_quantities
from watchfloor.read.recommendations import find_recommendations


@dataclass
class ReadResult:
    document: documents.Document
    report_id: str
    actors: list[dict]
    candidates: list[dict]
    places: list[dict]
    dates: list[dict]
    quantities: list[dict]
    judgments: list[dict]
    possibilities: list[dict]
    recommendations: list[dict]
    citations: list[dict]
    events: list[dict]
    reliability: str
    stored: tuple[str, bool] | None = None
    corroborated: set = field(default_factory=set)

    def as_json(self) -> dict:
        d = self.document
        return {
            "path": d.path, "id": self.report_id, "title": d.title,
            "date": d.published.isoformat() if d.published else None,
            "authors": d.authors, "editors": d.editors, "region_of_concern": d.region_of_concern,
            "source_url": d.source_url, "outlet": d.outlet, "reliability": self.reliability, "language": d.language,
            "sections": [{"name": s.name, "start": s.start, "end": s.end} for s in d.sections],
            "actors": [_actor_json(a) for a in self.actors],
            "candidates": self.candidates,
            "places": [{k: p.get(k) for k in ("name", "lat", "lon", "country", "admin1", "admin2", "mentions")}
                       | {"kind": public_kind(p)} for p in self.places],
            "dates": [{k: x[k] for k in ("text", "value", "precision", "start", "end")} for x in self.dates],
            "quantities": [{k: q[k] for k in ("text", "value", "unit", "subject", "start", "end")} for q in self.quantities],
            "judgments": [{k: j[k] for k in ("text", "term", "band", "start", "end", "yardstick", "negated")}
                          for j in self.judgments],
            "possibilities": [{k: p[k] for k in ("text", "term", "start", "end")} for p in self.possibilities],
            "recommendations": [{k: r[k] for k in ("by", "to", "action", "start", "end")} for r in self.recommendations],
            "citations": [{k: c[k] for k in ("n", "title", "outlet", "date", "url")} for c in self.citations],
            "events": [{k: e[k] for k in ("actor1", "actor2", "event_type", "sub_type", "place", "admin1", "date",
                                          "fatalities", "start", "end")} for e in self.events],
            "text": d.text,
        }

    def facts(self) -> list[dict]:
        """Every fact as a row for the store: kind, span, text, value, links, credibility."""
        text, grade = self.document.text, self.reliability
        out = []

        def add(kind, start, end, value, span_text=None, **links):
            out.append({"kind": kind, "start": start, "end": end, "text": span_text or text[start:end],
                        "value": value, "credibility": credibility(kind, grade, (kind, start) in self.corroborated),
                        **links})
        for a in self.actors:
            value = {k: v for k, v in _actor_json(a).items() if k != "mentions"}
            for m in a["mentions"]:
                add("actor", m["start"], m["end"], value | {"text": m["text"]},
                    actor_id=a["id"] if a.get("known", True) else None)
        for p in self.places:
            for m in p["mentions"]:
                add("place", m["start"], m["end"], {k: p.get(k) for k in ("name", "lat", "lon", "country", "admin1",
                                                                         "admin2")}
                    | {"text": m["text"], "kind": public_kind(p)},
                    place_id=None if p["id"].startswith(("country:", "unknown:", "world:", "area:")) else p["id"],
                    region_id=p["region_id"])
        for x in self.dates:
            add("date", x["start"], x["end"], {k: x[k] for k in ("text", "value", "precision", "start", "end")})
        for q in self.quantities:
            add("quantity", q["start"], q["end"], {k: q[k] for k in ("text", "value", "unit", "subject", "start", "end")})
        for j in self.judgments:
            add("judgment", j["start"], j["end"], {k: j[k] for k in ("text", "term", "band", "start", "end", "yardstick",
                                                                     "negated", "term_start", "term_end")})
        for p in self.possibilities:
            add("possibility", p["start"], p["end"], {k: p[k] for k in ("text", "term", "start", "end", "term_start",
                                                                        "term_end")})
        for r in self.recommendations:
            add("recommendation", r["start"], r["end"], {k: r[k] for k in ("by", "to", "action", "start", "end")})
        for c in self.citations:
            add("citation", c["start"], c["end"], {k: c[k] for k in ("n", "title", "outlet", "date", "url", "ibid",
                                                                     "markers")})
        for e in self.events:
            add("event", e["start"], e["end"], {k: e[k] for k in ("actor1", "actor2", "event_type", "sub_type", "place",
                                                                  "admin1", "date", "fatalities", "start", "end")},
                actor_id=e.get("actor1_id"), place_id=e.get("place_id"), region_id=e.get("region_id"))
        return out


@dataclass
class ReadFailure:
    path: str
    error: str

    def as_json(self) -> dict:
        return {"path": self.path, "error": self.error}


class Reader:
    """The reference data one reading needs, built once and reused for every document."""

    def __init__(self, gazetteer: Gazetteer, actors: ActorIndex, lexicon: Lexicon):
        self.gazetteer = gazetteer
        self.actors = actors
        self.lexicon = lexicon

    @classmethod
    def from_store(cls, store) -> "Reader":
        from watchfloor.store.reports import actor_rows
        return cls(Gazetteer.from_store(store), build_index(ucdp_entries(actor_rows(store))), load_lexicon())

    def read(self, source: str, text: str, meta: dict | None = None, published: date | None = None,
             model: bool = False) -> ReadResult:
        """Read one document; `model=True` adds the statistical model's entities (people, organisations)."""
        meta = dict(meta or {})
        if published is not None:
            meta["published"] = published
        doc = documents.build(source, text, meta)
        if published is not None:
            doc.published = published
        text = doc.text
        folded = fold(text)
        keep = doc.in_body
        sentences = [s for sec in doc.sections for s in documents.sentences(text, sec.start, sec.end) if keep(s[0])]
        place_hits = self.gazetteer.find(text, folded, keep)
        main_country, country_clear = self._main_country(doc, place_hits)
        place_spans = [(s, e) for s, e, _ in place_hits]
        finding = find_actors(text, folded, self.actors, keep=keep, published=doc.published,
                              main_country=main_country, country_clear=country_clear, place_spans=place_spans,
                              place_countries=self._certain_countries(place_hits))
        found = finding.found
        entities = self._entities(text, sentences, finding.taken + place_spans, doc.language) if model else []
        known_mentions = sorted((m["start"], m["end"], a) for a, ms in found.items() for m in ms)
        not_actors = {fold_key(n) for n in doc.authors + doc.editors + [doc.outlet or ""] if n}
        people = find_people(text, keep, self.actors, known_mentions, place_spans, entities, not_actors)
        taken_by_actors = finding.taken + [(m["start"], m["end"]) for p in people for m in p["mentions"]]
        organisations = find_organisations(text, keep, taken_by_actors, place_spans, finding.unknown_definitions,
                                           [x for x in entities if x[2] in ("ORG", "NORP")], index=self.actors,
                                           not_actors=not_actors)
        actor_spans = sorted((m["start"], m["end"]) for ms in found.values() for m in ms)
        person_spans = sorted((m["start"], m["end"]) for p in people for m in p["mentions"] if " " in m["text"].strip())
        place_hits = [h for h in place_hits if not _inside_any(actor_spans, h[0], h[1])
                      and not _inside_any(person_spans, h[0], h[1])]
        actor_countries = Counter(self.actors.entries[a].country for a in found if self.actors.entries[a].country)
        places = self.gazetteer.resolve(text, place_hits, actor_countries)
        actors = actor_list(found, self.actors)
        others = people + organisations
        dates = [d for d in find_dates(text, doc.published, anchors=doc.anchors, folded=folded) if keep(d["start"])]
        taken = actor_spans + [(m["start"], m["end"]) for p in places for m in p["mentions"]] + \
            [(d["start"], d["end"]) for d in dates] + [(m["start"], m["end"]) for c in others for m in c["mentions"]]
        places += unknown_places(text, sentences, taken,
                                 [(m["start"], m["end"], p) for p in places for m in p["mentions"]], keep)
        places.sort(key=lambda p: p["mentions"][0]["start"])
        subjects = sorted([(m["start"], m["end"], a["name"]) for a in actors for m in a["mentions"]] +
                          [(m["start"], m["end"], p["name"]) for p in places if p["kind"] == "country"
                           for m in p["mentions"]])
        quantities = find_quantities(text, sentences, subjects, dates)
        judgments, possibilities = find_estimative(text, folded, sentences, self.lexicon, keep)
        in_recs = _section_test(doc, "Recommendations")
        default_by = ", ".join(doc.authors) if doc.authors else (doc.outlet or doc.title)
        recommendations = find_recommendations(text, sentences, in_recs, default_by, keep)
        citations = find_citations(text, doc.references_start)
        not_facts = {(x["start"], x["end"]) for x in judgments + possibilities + recommendations}
        actor_mentions = sorted((m["start"], m["end"], a["name"], a["type"]) for a in actors for m in a["mentions"])
        place_mentions = sorted((m["start"], m["end"], p) for p in places for m in p["mentions"])
        in_analysis = _analysis_test(doc)
        events = find_events(text, sentences, actor_mentions, place_mentions, dates,
                             skip=lambda s, e: (s, e) in not_facts or in_recs(s) or in_analysis(s), folded=folded,
                             parser=self.parser_for_events(doc.language, text, sentences, actor_mentions) if model else None)
        ids = {a["name"]: a["id"] for a in actors}
        for e in events:
            e["actor1_id"] = ids.get(e["actor1"])
        actors = sorted(actors + others, key=lambda a: a["mentions"][0]["start"])
        return ReadResult(doc, hashlib.sha256(text.encode("utf-8")).hexdigest(), actors, [], places, dates,
                          quantities, judgments, possibilities, recommendations, citations, events,
                          reliability(doc.outlet, doc.source_url))

    def _main_country(self, doc: documents.Document, hits) -> tuple[str | None, bool]:
        """(the country the document is mostly about, whether it clearly is: ≥ 60 % of the certain places)."""
        weight: Counter = Counter()
        for _, _, cands in hits:
            countries = {self.gazetteer.places[i].country for i in cands}
            if len(countries) == 1:
                weight[next(iter(countries))] += 1
        if doc.region_of_concern:
            for _, _, cands in self.gazetteer.find(doc.region_of_concern, fold(doc.region_of_concern)):
                for i in cands:
                    weight[self.gazetteer.places[i].country] += 5
        if not weight:
            return None, False
        country, top = weight.most_common(1)[0]
        return country, top >= 0.6 * sum(weight.values())

    def _certain_countries(self, hits) -> list[tuple[int, int, str]]:
        out = []
        for s, e, cands in hits:
            countries = {self.gazetteer.places[i].country for i in cands}
            if len(countries) == 1 and None not in countries:
                out.append((s, e, next(iter(countries))))
        return out

    @staticmethod
    def _entities(text: str, sentences, covered, language: str) -> list[tuple[int, int, str]]:
        """The statistical model's entities in the sentences no rule fully explained."""
        from watchfloor.read import nlp
        try:
            spans = nlp.unexplained(text, sentences, covered, ignore=_CALENDAR)
            return nlp.entities(text, spans, language)
        except nlp.ModelUnavailable as exc:
            nlp.warn_unavailable(exc)
            return []


    @staticmethod
    def parser_for_events(language: str, text: str, sentences, actor_mentions):
        """The shared, cached dependency parser (watchfloor/read/nlp.py) for the sentences where two armed
        actors compete for who did what to whom (civilians are never the doer); None without the model."""
        from watchfloor.read import nlp
        try:
            parser = nlp.cached_parser(language)
        except nlp.ModelUnavailable as exc:
            nlp.warn_unavailable(exc)
            return None
        starts = [a for a, *_ in actor_mentions]
        wanted = set()
        for s, e in sentences:
            names = {m[2] for m in actor_mentions[bisect.bisect_left(starts, s):bisect.bisect_left(starts, e)]
                     if m[3] != "civilians"}
            if len(names) >= 2:
                wanted.add(text[s:e])
        return nlp.ParseWhere(parser, wanted)


_CALENDAR = frozenset("january february march april may june july august september october november december "
                      "monday tuesday wednesday thursday friday saturday sunday".split())


def _actor_json(a: dict) -> dict:
    """An actor in `read --json`: name, type, known, mentions; people also role and org."""
    out = {"name": a["name"], "type": a["type"], "known": a.get("known", True), "mentions": a["mentions"]}
    if a["type"] == "person":
        out["role"], out["org"] = a.get("role"), a.get("org")
    return out


def _inside_any(spans: list[tuple[int, int]], s: int, e: int) -> bool:
    """Whether [s, e) lies inside one of the sorted, non-overlapping `spans`."""
    k = bisect.bisect_right(spans, (s, float("inf"))) - 1
    return k >= 0 and spans[k][0] <= s and e <= spans[k][1]


def _section_test(doc: documents.Document, name: str):
    spans = [(s.start, s.end) for s in doc.sections if s.name.lower().startswith(name.lower()[:9])]
    return lambda pos: any(a <= pos < b for a, b in spans)


# Sections that assess, summarise or advise: the facts they mention are told (and counted) in the report's
# body or Event section, so they give no events.
_ANALYSIS_SECTIONS = re.compile(
    r"(?i)^(?:significance|assessment|analysis|analyse|outlook|forecast|implications?|comment|discussion|conclusions?|"
    r"key (?:judg(?:e)?ments?|takeaways?|findings)|(?:executive )?summary|bluf|bottom line|perspectives|résumé|"
    r"indicators|recommendations?|recommandations?)\b")


def _analysis_test(doc: documents.Document):
    spans = [(s.start, s.end) for s in doc.sections if _ANALYSIS_SECTIONS.match(s.name.strip())]
    return lambda pos: any(a <= pos < b for a, b in spans)


# -- reference data, once per process -----------------------------------------------------------
_READERS: dict[tuple, Reader] = {}


def reader_for(store=None) -> Reader:
    """A Reader on the store's reference data, or on the bundled data when there is no store (or it is empty)."""
    if store is not None:
        from watchfloor.store.reports import reference_signature
        signature = reference_signature(store)
        if signature[1] > 0:
            key = (store.path,) + signature
            if key not in _READERS:
                _READERS[key] = Reader.from_store(store)
            return _READERS[key]
    if ("bundled",) not in _READERS:
        from watchfloor.bundled import load_reference
        from watchfloor.store import Store
        with Store.open(":memory:") as mem:
            load_reference(mem)
            _READERS[("bundled",)] = Reader.from_store(mem)
    return _READERS[("bundled",)]


def read_document(source: str | Path, *, text: str | None = None, published: date | None = None,
                  store=None, model: bool = True) -> ReadResult:
    """Read one document (a path, or `text` with `source` as its label). With a store: use its reference
    data and store the report and its facts (once per content hash; see `result.stored`). The statistical
    model (people, unknown organisations) runs unless `model=False`; without its package, the rules alone
    (one warning)."""
    meta: dict = {}
    if text is None:
        loaded = documents.load(source)
        source, text, meta = loaded[0]
    reader = _with_model(reader_for(store), model)
    result = reader.read(str(source), text, meta, published)
    if store is not None:
        _store(store, result)
    return result


def _with_model(reader: Reader, model: bool):
    if not model:
        return reader
    from watchfloor.read.nlp import ModelUnavailable, model_reader, warn_unavailable
    try:
        return model_reader(reader)
    except ModelUnavailable as exc:
        warn_unavailable(exc)
        return reader


def read_paths(paths, *, published: date | None = None, store=None,
               model: bool = True) -> Iterator[ReadResult | ReadFailure]:
    """Read files, directories (recursively) and feeds; a bad document yields a ReadFailure and the batch goes on."""
    reader = None
    for path in _expand(paths):
        try:
            loaded = documents.load(path)
        except documents.DocumentError as exc:
            yield ReadFailure(str(path), str(exc))
            continue
        except OSError as exc:
            yield ReadFailure(str(path), f"{path}: cannot read ({exc.strerror or exc})")
            continue
        reader = reader or _with_model(reader_for(store), model)
        for source, text, meta in loaded:
            try:
                result = reader.read(source, text, meta, published)
                if store is not None:
                    _store(store, result)
            except documents.DocumentError as exc:
                yield ReadFailure(source, str(exc))
                continue
            except RecursionError:
                yield ReadFailure(source, f"{source}: document nests too deeply to read")
                continue
            yield result


def _store(store, result: ReadResult) -> None:
    from watchfloor.store.reports import corroborated_events, store_report
    result.corroborated = {("event", e["start"]) for e in corroborated_events(store, result.report_id, result.events)}
    result.stored = store_report(store, result)


def _expand(paths) -> Iterator[Path]:
    for p in paths:
        p = Path(p)
        if p.is_dir():
            for child in sorted(p.rglob("*")):
                if child.is_file() and child.suffix.lower() in documents.READABLE_SUFFIXES - {""} \
                        and not child.name.startswith("."):
                    yield child
        else:
            yield p
