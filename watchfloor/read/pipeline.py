"""The report reader: a configured sequence of components over one document (components.py;
the order is in watchfloor/data/reader_pipeline.yaml):

    document → sentences → places (candidates) → actors (knowledge base) → model entities (default path)
             → people → unknown organisations → places (resolved) → dates → quantities
             → judgments/possibilities → recommendations → citations → events → actors merged → grading

`read_document` reads one document (and stores it when given a store); `read_paths` reads many and
never lets one bad document stop the batch. Reference data (gazetteer, actors) comes from the store
when it has them, otherwise from the bundled data, loaded once per process.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Iterator

from watchfloor.read import components
from watchfloor.read import document as documents
from watchfloor.read.actors import ActorIndex, build_index, ucdp_entries
from watchfloor.read.estimative import Lexicon, load_lexicon
from watchfloor.read.grading import credibility, reliability
from watchfloor.read.places import Gazetteer, public_kind


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
    reader_version: str | None = None

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
        corroborated = self.corroborated
        plain = {}                      # kind → its credibility when not corroborated (the same for every fact)

        def add(kind, start, end, value, span_text=None, **links):
            if corroborated and (kind, start) in corroborated:
                grade_of = credibility(kind, grade, True)
            else:
                grade_of = plain.get(kind)
                if grade_of is None:
                    grade_of = plain[kind] = credibility(kind, grade, False)
            out.append({"kind": kind, "start": start, "end": end, "text": span_text or text[start:end],
                        "value": value, "credibility": grade_of, **links})
        for a in self.actors:
            value = {k: v for k, v in _actor_json(a).items() if k != "mentions"}
            for m in a["mentions"]:
                add("actor", m["start"], m["end"], value | {"text": m["text"]},
                    actor_id=a["id"] if a.get("known", True) else None)
        for p in self.places:
            value = {k: p.get(k) for k in ("name", "lat", "lon", "country", "admin1", "admin2")}
            kind = public_kind(p)
            place_id = None if p["id"].startswith(("country:", "unknown:", "world:", "area:")) else p["id"]
            for m in p["mentions"]:
                add("place", m["start"], m["end"], value | {"text": m["text"], "kind": kind},
                    place_id=place_id, region_id=p["region_id"])
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
    """The reference data one reading needs, built once and reused for every document; the components that
    read (watchfloor/read/components.py, in the order of the config) are built on first use."""

    def __init__(self, gazetteer: Gazetteer, actors: ActorIndex, lexicon: Lexicon, config: str | Path | None = None):
        self.gazetteer = gazetteer
        self.actors = actors
        self.lexicon = lexicon
        self.config = config
        self._steps = components.load_config(config)
        self._paths: dict[bool, list] = {}

    def __getstate__(self):          # sent to worker processes: the components are rebuilt there
        return {k: v for k, v in self.__dict__.items() if k != "_paths"} | {"_paths": {}}

    @classmethod
    def from_store(cls, store, config: str | Path | None = None) -> "Reader":
        from watchfloor.store.reports import actor_rows
        return cls(Gazetteer.from_store(store), build_index(ucdp_entries(actor_rows(store))), load_lexicon(), config)

    def components(self, model: bool) -> list:
        """The components of one path (rules only, or with the statistical model), built once."""
        if model not in self._paths:
            self._paths[model] = components.build(self, self._steps, model=model)
        return self._paths[model]

    @property
    def version(self) -> str:
        """The reader's revision and config (stored with each report; reports of another version can be
        re-read: watchfloor/read/reread.py)."""
        if "_version" not in self.__dict__:
            self._version = components.config_signature(self.config)
        return self._version

    def read(self, source: str, text: str, meta: dict | None = None, published: date | None = None,
             model: bool = False) -> ReadResult:
        """Read one document; `model=True` adds the statistical model's components (entities, parses)."""
        meta = dict(meta or {})
        if published is not None:
            meta["published"] = published
        doc = components.run(self.components(model), components.start(source, text, meta, published, model))
        return ReadResult(doc.document, hashlib.sha256(doc.text.encode("utf-8")).hexdigest(), doc.actors, [],
                          doc.places, doc.dates, doc.quantities, doc.judgments, doc.possibilities,
                          doc.recommendations, doc.citations, doc.events,
                          reliability(doc.document.outlet, doc.document.source_url), reader_version=self.version)


def _actor_json(a: dict) -> dict:
    """An actor in `read --json`: name, type, known, mentions; people also role and org."""
    out = {"name": a["name"], "type": a["type"], "known": a.get("known", True), "mentions": a["mentions"]}
    if a["type"] == "person":
        out["role"], out["org"] = a.get("role"), a.get("org")
    return out


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
