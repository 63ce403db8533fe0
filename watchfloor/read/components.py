"""The reader's components: one document goes through a configured sequence of steps.

Each component is registered under a name, declares the fields of the document it needs and the fields it
provides, and is called as `component(doc) -> doc`. Which components run, and in which order, comes from one
config file (watchfloor/data/reader_pipeline.yaml, or the file named by WATCHFLOOR_READER_CONFIG); building a
pipeline checks that every component's needs are provided by an earlier one, so a wrong order or a missing
step is an error at start-up that names the component and the field, never a KeyError in the middle of a
batch.

The components wrap the steps in the neighbouring modules (places.py, actors.py, people.py, …), each with its
own data files and tests; this module only holds the document they share (`ReadDoc`), the registry and the
config. A component marked `model: true` in the config runs only on the statistical-model path.

    @component("my_step", needs=("sentences",), provides=("my_field",))
    class MyStep(Component):
        def __call__(self, doc):
            doc.extra["my_field"] = ...
            return doc
"""
from __future__ import annotations

import bisect
import hashlib
import os
import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Callable

import yaml

from watchfloor.read import document as documents
from watchfloor.read.actors import absorb_known, actor_list, drop_mentions, find_actors, is_nationality, line_around
from watchfloor.read.citations import find_citations
from watchfloor.read.dates import find_dates
from watchfloor.read.estimative import find_estimative
from watchfloor.read.events import _CIVILIAN_WORDS, CIVILIAN_PEOPLE, find_events, in_dateline, names_a_party
from watchfloor.read.knowledge import STATE_TYPES, communities, slug
from watchfloor.read.matching import BRACKETED_ABBREVIATION, CALENDAR_WORDS, finditer_name, fold, fold_key, spells
from watchfloor.read.organisations import (_VESSEL_NOUNS, _names_a_world_body, find_organisations, looks_like_a_place,
                                         ship_names)
from watchfloor.read.prefilter import lowered, shortest_needed
from watchfloor.read.parse_roles import states_by_parse
from watchfloor.read.people import JOINING_PARTICLE, find_people, holds_an_office, office_titles
from watchfloor.read.places import entity_places, entity_spans, unknown_places
from watchfloor.read.quantities import find_quantities
from watchfloor.read.recommendations import find_recommendations
from watchfloor.read.world_places import after_french_article, place_stopwords

CONFIG = Path(__file__).resolve().parents[1] / "data" / "reader_pipeline.yaml"
# Bumped when a component's behaviour changes in a way that should re-read stored reports.
READER_REVISION = "2026-12-g"


class PipelineConfigError(ValueError):
    """The reader's component config names an unknown component, or orders them so a need is unmet."""


@dataclass
class ReadDoc:
    """One document as the components see it: its text and everything found in it so far."""
    document: documents.Document
    model: bool = False
    text: str = ""
    folded: str = ""
    keep: Callable[[int], bool] = lambda pos: True
    sentences: list[tuple[int, int]] = field(default_factory=list)
    place_hits: list = field(default_factory=list)           # (start, end, candidate place indexes)
    main_country: str | None = None
    country_clear: bool = False
    finding: object = None                                   # actors.ActorFinding
    entities: list[tuple[int, int, str]] = field(default_factory=list)
    entity_places: list[tuple[int, int, str]] = field(default_factory=list)   # the model's places no gazetteer holds
    people: list[dict] = field(default_factory=list)
    organisations: list[dict] = field(default_factory=list)
    known_actors: list[dict] = field(default_factory=list)
    places: list[dict] = field(default_factory=list)
    dates: list[dict] = field(default_factory=list)
    quantities: list[dict] = field(default_factory=list)
    judgments: list[dict] = field(default_factory=list)
    possibilities: list[dict] = field(default_factory=list)
    recommendations: list[dict] = field(default_factory=list)
    citations: list[dict] = field(default_factory=list)
    events: list[dict] = field(default_factory=list)
    actors: list[dict] = field(default_factory=list)          # known actors, people and organisations, merged
    extra: dict = field(default_factory=dict)                 # fields added by components registered elsewhere

    def has(self, name: str) -> bool:
        return name in self.__dataclass_fields__ or name in self.extra

    # spans the components use to keep out of each other's way
    def actor_spans(self) -> list[tuple[int, int]]:
        return sorted((m["start"], m["end"]) for ms in self.finding.found.values() for m in ms)

    def place_spans(self) -> list[tuple[int, int]]:
        return [(s, e) for s, e, _ in self.place_hits]


# -- the registry -----------------------------------------------------------------------------------------------
class Component:
    """A step of the reader. Built once per Reader with the reference data and its settings from the config."""
    name: str = ""
    needs: tuple[str, ...] = ()
    provides: tuple[str, ...] = ()

    def __init__(self, reader, **settings):
        self.reader = reader
        self.settings = settings

    def __call__(self, doc: ReadDoc) -> ReadDoc:  # pragma: no cover - every registered component overrides it
        raise NotImplementedError


REGISTRY: dict[str, type[Component]] = {}
# Fields the document holds before any component runs.
GIVEN = ("document", "model", "text", "folded", "keep")


def component(name: str, *, needs: tuple[str, ...] = (), provides: tuple[str, ...] = ()):
    """Register a Component class under `name` (a later registration of the same name replaces it)."""
    def register(cls: type[Component]) -> type[Component]:
        cls.name, cls.needs, cls.provides = name, tuple(needs), tuple(provides)
        REGISTRY[name] = cls
        return cls
    return register


@dataclass(frozen=True)
class Step:
    name: str
    model_only: bool
    settings: dict


def load_config(path: str | Path | None = None) -> list[Step]:
    """The components to run, in order, from the config file (default: the bundled one, or
    WATCHFLOOR_READER_CONFIG)."""
    path = Path(path or os.environ.get("WATCHFLOOR_READER_CONFIG") or CONFIG)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise PipelineConfigError(f"{path}: cannot read the reader's component config ({exc.strerror or exc})")
    except yaml.YAMLError as exc:
        raise PipelineConfigError(f"{path}: not valid YAML ({exc})")
    if not isinstance(data, dict) or not isinstance(data.get("components"), list):
        raise PipelineConfigError(f"{path}: needs a 'components' list")
    steps = []
    for n, item in enumerate(data["components"], 1):
        if isinstance(item, str):
            item = {"name": item}
        if not isinstance(item, dict) or not isinstance(item.get("name"), str):
            raise PipelineConfigError(f"{path}: component {n} needs a name")
        settings = {k: v for k, v in item.items() if k not in ("name", "model")}
        steps.append(Step(item["name"], bool(item.get("model", False)), settings))
    return steps


def config_signature(path: str | Path | None = None) -> str:
    """A short version of the reader: its revision and the config in use (stored with each report)."""
    path = Path(path or os.environ.get("WATCHFLOOR_READER_CONFIG") or CONFIG)
    digest = hashlib.sha256(path.read_bytes()).hexdigest()[:10]
    return f"{READER_REVISION}+{digest}"


def build(reader, steps: list[Step], *, model: bool) -> list[Component]:
    """The components for one path (rules only, or with the model), checked against their needs."""
    available = set(GIVEN)
    out = []
    for step in steps:
        if step.model_only and not model:
            continue
        cls = REGISTRY.get(step.name)
        if cls is None:
            raise PipelineConfigError(f"reader config: unknown component {step.name!r} "
                                      f"(known: {', '.join(sorted(REGISTRY))})")
        missing = [f for f in cls.needs if f not in available]
        if missing:
            raise PipelineConfigError(f"reader config: component {step.name!r} needs {', '.join(missing)}, "
                                      f"which no earlier component provides")
        try:
            out.append(cls(reader, **step.settings))
        except TypeError as exc:
            raise PipelineConfigError(f"reader config: component {step.name!r}: {exc}")
        available.update(cls.provides)
    return out


def run(components: list[Component], doc: ReadDoc) -> ReadDoc:
    for c in components:
        doc = c(doc)
    return doc


def start(source: str, text: str, meta: dict, published, model: bool) -> ReadDoc:
    """The document the components share: parsed sections, folded text, the body test."""
    doc = documents.build(source, text, meta)
    if published is not None:
        doc.published = published
    return ReadDoc(document=doc, model=model, text=doc.text, folded=fold(doc.text), keep=_body_test(doc))


def _body_test(d: documents.Document) -> Callable[[int], bool]:
    """`d.in_body` (called for every name found), as a bisection over the boilerplate spans merged."""
    ref = d.references_start
    merged: list[list[int]] = []
    for s, e in sorted(d.boilerplate):
        if merged and s <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], e)
        else:
            merged.append([s, e])
    if not merged:
        return (lambda pos: True) if ref is None else (lambda pos: pos < ref)
    starts = [s for s, _ in merged]

    def keep(pos: int) -> bool:
        if ref is not None and pos >= ref:
            return False
        k = bisect.bisect_right(starts, pos) - 1
        return k < 0 or pos > merged[k][1]
    return keep


# -- the components ---------------------------------------------------------------------------------------------
@component("sentences", provides=("sentences",))
class Sentences(Component):
    """The body's sentences, section by section (headers, bylines and reference lists left out)."""

    def __call__(self, doc):
        d = doc.document
        doc.sentences = [s for sec in d.sections for s in documents.sentences(doc.text, sec.start, sec.end)
                         if doc.keep(s[0])]
        return doc


@component("places.find", provides=("place_hits", "main_country", "country_clear"))
class FindPlaces(Component):
    """Gazetteer names in the text (candidates, not yet resolved) and the country the document is about."""

    def __call__(self, doc):
        gazetteer = self.reader.gazetteer
        doc.place_hits = gazetteer.find(doc.text, doc.folded, doc.keep)
        weight: Counter = Counter()
        name_weight = float(self.settings.get("country_name_weight", 1.0))
        for _, _, cands in doc.place_hits:
            countries = {gazetteer.places[i].country for i in cands}
            if len(countries) == 1 and None not in countries:      # (not a sea's or a region's name)
                by_name = all(gazetteer.places[i].kind == "country" for i in cands)
                weight[next(iter(countries))] += name_weight if by_name else 1
        roc = doc.document.region_of_concern
        if roc:
            for _, _, cands in gazetteer.find(roc, fold(roc)):
                for i in cands:
                    weight[gazetteer.places[i].country] += 5
        if weight:
            country, top = weight.most_common(1)[0]
            share = float(self.settings.get("clear_share", 0.6))
            doc.main_country, doc.country_clear = country, top >= share * sum(weight.values())
        return doc


@component("actors.known", needs=("place_hits", "main_country"), provides=("finding", "known_actors"))
class KnownActors(Component):
    """The knowledge base's actors (states, forces, groups, organisations), resolved with the document's
    country and date."""

    def __call__(self, doc):
        gazetteer = self.reader.gazetteer
        certain = []
        for s, e, cands in doc.place_hits:
            countries = {gazetteer.places[i].country for i in cands}
            if len(countries) == 1 and None not in countries:
                certain.append((s, e, next(iter(countries))))
        doc.finding = find_actors(doc.text, doc.folded, self.reader.actors, keep=doc.keep,
                                  published=doc.document.published, main_country=doc.main_country,
                                  country_clear=doc.country_clear, place_spans=doc.place_spans(),
                                  place_countries=certain)
        _parents_as_descriptors(doc.text, doc.finding.found)
        _country_sections(doc.text, doc.finding, self.reader.actors)
        _mourners(doc.text, doc.finding.found)
        _un_in_a_mission(doc.text, doc.finding.found, self.reader.actors)
        _ministry_names_go_on(doc.text, doc.finding)
        doc.known_actors = actor_list(doc.finding.found, self.reader.actors)
        return doc


_MINISTRY = re.compile(r"(?i)^(?:(?:le|la|l['’]|du|au|the)[ \t]*)?(?:minist[eè]re|ministry|department)\b")
# A ministry's name going on after the part the knowledge base knows: "le ministère de la Défense et des Anciens
# Combattants", "the Ministry of Defence and Veterans Affairs" (capitalised words after "et"/"and" and an article)
# ("… de la Défense nationale et des Anciens Combattants", in capitals on a letterhead too)
_MINISTRY_GOES_ON = re.compile(r"(?:[ \t]+(?i:nationale?|national))?"
                               r"[ \t]+(?i:et|and)[ \t]+(?:(?i:des|de[ \t]+la|de[ \t]+l['’]|du|de|d['’]|of|the)[ \t]*)?"
                               r"[A-ZÀ-Ý][\w'’-]*(?:[ \t]+[A-ZÀ-Ý][\w'’-]*)*|[ \t]+(?i:nationale?|national)\b")


def _ministry_names_go_on(text: str, finding) -> None:
    """Stretch a known ministry's mention over the rest of its name (`_MINISTRY_GOES_ON`), so that no later step
    reads that rest as another actor ("Anciens Combattants" as a person)."""
    for mentions in finding.found.values():
        for m in mentions:
            if not _MINISTRY.match(m["text"]):
                continue
            more = _MINISTRY_GOES_ON.match(text, m["end"])
            if more:
                old = (m["start"], m["end"])
                m["end"] = more.end()
                m["text"] = text[m["start"]:m["end"]]
                finding.taken = [(a, b) if (a, b) != old else (a, m["end"]) for a, b in finding.taken]


# The families of the dead, to whom condolences go: mourners, no party to anything ("condolences to the families of
# the victims", "support their families", "aux familles des victimes")
_MOURNERS = re.compile(r"(?i)(?:famil(?:y|ies)|familles?)(?:\s+(?:of|des|de\s+la|du)\s+(?:the\s+|ces\s+|nos\s+)?"
                       r"(?:\w+\s+){0,2}?(?:victims?|dead|deceased|fallen|killed|soldiers|peacekeepers|victimes|défunts|"
                       r"disparus|soldats|militaires|casques bleus))?")
_MOURNERS_BEFORE = re.compile(r"(?i)(?:condolences|sympathy|sympathies|condoléances|compassion)\s+(?:\w+\s+){0,3}?"
                              r"(?:to|with|aux?|à)\s+(?:the\s+|their\s+|les\s+|leurs\s+)?$|"
                              r"\b(?:support|supported|supporting|compensate|compensated)\s+(?:the\s+|their\s+|its\s+)?$")


def _mourners(text: str, found: dict) -> None:
    """Drop the mentions of the families of the dead (`_MOURNERS`) from the actors found."""
    def mourners(m: dict) -> bool:
        if not m["text"].lower().startswith("famil"):
            return False
        whole = _MOURNERS.match(text, m["start"])
        return bool(_MOURNERS_BEFORE.search(text, max(0, m["start"] - 60), m["start"]) or
                    (whole and whole.end() > m["end"]))
    drop_mentions(found, mourners)


# The United Nations named inside a mission's name or description: "the UN peacekeeping mission, MINUSMA", "the United
# Nations mission in Iraq", "la Mission des Nations unies (MINUSMA)", "Mission multidimensionnelle intégrée des Nations
# unies …": the mission is the actor (named again by its abbreviation or its own entry), not the organisation.
_MISSION_AFTER = re.compile(r"['’]?s?[ \t]+(?:(?:peacekeeping|peace-keeping|stabili[sz]ation|political|assistance|"
                            r"support|multidimensional|integrated|observer|humanitarian)[ \t]+)*(?:[Mm]ission|MISSION)\b")
_MISSION_BEFORE = re.compile(r"\b(?:[Mm]ission|MISSION)\b[^.;:()\n]{0,80}?\b(?:of|des|de)[ \t]+(?:the[ \t]+|l['’][ \t]*)?"
                             r"(?:Organisation[ \t]+des[ \t]+)?$")


# "UN" written as a modifier: of a body or a thing of the UN's ("UN peacekeeping", "a UN guesthouse", "the
# UN-brokered truce"), which names that body or thing, not the UN acting (before an official's title, "UN envoy X",
# it is part of the person's mention, which the people step makes)
_UN_MODIFIES = re.compile(r"(?:-(?:brokered|backed|led|run|sponsored|mandated|registered|monitored|African)\b|"
                          r"[ \t]+(?:guest ?house|compound|bases?|House|installations?|premises|presence|offices?|"
                          r"facilit(?:y|ies)|schools?|figures|data|sanctions|children['’]s|food|[Dd]evelopment|"
                          r"[Pp]opulation|[Ww]omen|"
                          r"[Mm]ine|[Oo]ffice|[Dd]epartment|peacekeeping|(?:arms[ \t]+)?embargo|resolutions?|[Cc]harter|"
                          r"flags?|headquarters)\b)")
# (its people and vehicles are the UN acting: "UN investigators", "UN agencies said", "a UN convoy was hit")


def _un_in_a_mission(text: str, found: dict, index) -> None:
    un = index.by_name.get("United Nations")
    if un is None or un.id not in found:
        return
    missions = lambda m: bool(_MISSION_AFTER.match(text, m["end"]) or
                              _MISSION_BEFORE.search(text, max(0, m["start"] - 100), m["start"]) or
                              (m["text"].replace(".", "") in ("UN", "ONU") and _UN_MODIFIES.match(text, m["end"])))
    found[un.id] = [m for m in found[un.id] if not missions(m)]
    if not found[un.id]:
        del found[un.id]


_SECTION_TYPES = frozenset({"organisation", "human rights organisation", "humanitarian organisation", "media outlet"})


def _country_sections(text: str, finding, index) -> None:
    """An organisation's country section, its name then the country's ("Amnesty International Nigeria said"): one
    mention of the organisation, not the state acting (a state name right after it, in `finding`, on one line)."""
    found, entries = finding.found, index.entries
    state_at = {m["start"]: (actor_id, m) for actor_id, ms in found.items()
                if entries[actor_id].type in STATE_TYPES for m in ms}
    if not state_at:
        return
    for actor_id, ms in list(found.items()):
        if entries[actor_id].type not in _SECTION_TYPES:
            continue
        for m in ms:
            nxt = state_at.get(m["end"] + 1)
            if nxt is None or text[m["end"]] not in " \t" or re.match(r"['’]s\b", text[nxt[1]["end"]:nxt[1]["end"] + 2]):
                continue
            state_id, sm = nxt
            m["end"] = sm["end"]
            m["text"] = text[m["start"]:m["end"]]
            found[state_id] = [x for x in found[state_id] if x is not sm]
            if not found[state_id]:
                del found[state_id]
            finding.taken.append((m["start"], m["end"]))


# "Al-Qaeda affiliate JNIM", "the Islamic State's West Africa branch ISWAP": the parent's name describes the group
# named right after it, and is no mention of the parent
_DESCRIBES_NEXT = re.compile(r"(?:['’]s)?[ \t]+(?:[\w-]+[ \t]+)?(?:affiliate|branch|offshoot|franchise|wing|"
                             r"ally|partner|faction)[ \t]*,?[ \t]*(?:the[ \t]+)?$", re.I)


def _parents_as_descriptors(text: str, found: dict) -> bool:
    """Drop from `found` (actor id -> mentions) the mentions that describe the actor named right after them;
    whether any was dropped."""
    starts = sorted(m["start"] for ms in found.values() for m in ms)

    def a_descriptor(m: dict) -> bool:
        k = bisect.bisect_right(starts, m["end"])
        nxt = starts[k] if k < len(starts) else None
        return nxt is not None and nxt - m["end"] <= 40 and bool(_DESCRIBES_NEXT.match(text[m["end"]:nxt]))
    return drop_mentions(found, a_descriptor)


_WORD_BEFORE_NAME = re.compile(r"([A-ZÀ-Ý][\w'’]+)[ \t-]$")


@component("actors.parse", needs=("sentences", "finding"), provides=("finding", "known_actors"))
class ActorsByParse(Component):
    """State names and capitals the rules left as places, taken as the state where the dependency parse gives
    them an actor's role ("Russia abstained", "ties with Bamako and Conakry"; parse_roles.py). Only the
    sentences holding such a name are parsed, and not where a locative word comes right before it."""

    def _ends_a_place(self, text: str, start: int, end: int) -> bool:
        """Whether the word before the name and the name are a place the world gazetteer holds ("Port Sudan")."""
        m = _WORD_BEFORE_NAME.search(text, max(0, start - 30), start)
        return bool(m and self.reader.gazetteer.world.world.find_key(fold_key(text[m.start(1):end])))

    def __call__(self, doc):
        text = doc.text
        declined = [d for d in doc.finding.declined if doc.keep(d[1])
                    and not _IN_A_PLACE_BEFORE.search(text, max(0, d[1] - 20), d[1])
                    and not self._ends_a_place(text, d[1], d[2])
                    and not in_dateline(text, d[1])]          # "JOS, Nigeria (AP) — Gunmen killed …": filed from
        if not declined:
            return doc
        from watchfloor.read import nlp
        try:
            parser = nlp.cached_parser(doc.document.language)
        except nlp.ModelUnavailable as exc:
            nlp.warn_unavailable(exc)
            return doc
        found = doc.finding.found
        spans = sorted((m["start"], m["end"]) for ms in found.values() for m in ms)
        hits = states_by_parse(text, doc.sentences, declined, spans, parser)
        for actor_id, a, b in hits:
            found.setdefault(actor_id, []).append({"text": text[a:b], "start": a, "end": b})
            found[actor_id].sort(key=lambda x: x["start"])
            doc.finding.taken.append((a, b))
        if hits:
            doc.known_actors = actor_list(found, self.reader.actors)
        return doc


# A preposition of place before a state's name ("in Mali", "from Niger", "dans le Mali"): the rules' place stands
_IN_A_PLACE_BEFORE = re.compile(r"(?i)\b(?:in|into|from|near|across|at|inside|outside|throughout|within|of|via|"
                                r"en|au|aux|dans|vers|du|de)\s+(?:the\s+|le\s+|la\s+|l['’])?$")


# A name cut after its particle ("Hamadoun Ag" of "Hamadoun Ag Khallini", "Mohamed Ould" of "Mohamed Ould
# Cheikh"): the model's span ends on a word that only ever joins two names.
_PARTICLE_END = re.compile(rf"[ \t]{JOINING_PARTICLE}$")
_NAME_AFTER = re.compile(r"[ \t]+[A-ZÀ-Ý][\w'’-]+")


def _over_particle(text: str, entity: tuple) -> tuple:
    """The model's entity run on over the name after its closing particle; a name joined by a particle is a
    person's."""
    s, e, label = entity[0], entity[1], entity[2]
    if not _PARTICLE_END.search(text, s, e):
        return entity
    more = _NAME_AFTER.match(text, e)
    if not more:
        return entity
    return (s, more.end(), "PERSON" if label in ("ORG", "MISC", "NORP") else label)


@component("entities", needs=("sentences", "finding", "place_hits"), provides=("entities",))
class Entities(Component):
    """The statistical model's entities (spaCy), in the sentences no rule fully explained."""

    def _a_people(self, doc, start: int, end: int) -> bool:
        """"Karabakh Armenians", "Congolese Tutsi": a word and a nationality, or a place or a nationality and then a
        community, is a people, neither a body nor a person (a community's name may end a person's: "… Baloch")."""
        words = doc.text[start:end].split()
        if len(words) != 2:
            return False
        index, last = self.reader.actors, fold_key(words[1])
        nationality = is_nationality(index, words[1]) or (last.endswith("s") and is_nationality(index, words[1][:-1]))
        if not nationality and last not in communities():
            return False
        first = start + len(words[0])
        return nationality or (is_nationality(index, words[0]) or
                           any(a < first and start < b for a, b in doc.place_spans()) or
                           bool(self.reader.gazetteer.world.world.find_key(fold_key(words[0]))))

    def __call__(self, doc):
        from watchfloor.read import nlp
        covered = doc.finding.taken + doc.place_spans()
        try:
            spans = nlp.unexplained(doc.text, doc.sentences, covered, ignore=CALENDAR_WORDS)
            doc.entities = [_over_particle(doc.text, x) for x in nlp.entities(doc.text, spans, doc.document.language)
                            if not self._a_people(doc, x[0], x[1])]
        except nlp.ModelUnavailable as exc:
            nlp.warn_unavailable(exc)
            doc.entities = []
        return doc


@component("people", needs=("finding", "place_hits"), provides=("people",))
class People(Component):
    """People with their role and organisation ("junta leader Colonel …")."""

    def __call__(self, doc):
        known = sorted((m["start"], m["end"], a) for a, ms in doc.finding.found.items() for m in ms)
        doc.people = find_people(doc.text, doc.keep, self.reader.actors, known, doc.place_spans(), doc.entities,
                                 _not_actors(doc.document), folded=doc.folded)
        if office_titles(doc.text, doc.finding.found, doc.people):
            doc.known_actors = actor_list(doc.finding.found, self.reader.actors)
        return doc


_OF_A_STATE = re.compile(r"[ \t]+(?:of|de|du|d['’])[ \t]*(?:the[ \t]+|la[ \t]+|l['’])?")
_OFFICE_HEAD = re.compile(r"(?i)^(?:office|cabinet|bureau|secretariat|ministry|ministère|services?)\b")


def _defined_here(text: str, organisations: list[dict], found: dict) -> bool:
    """"un Comité national du rassemblement et du développement (CNRD)": an abbreviation the document defines after
    a new body's name, and that the name spells, is that body here, whatever actor the knowledge base knows by it;
    whether a known mention moved."""
    moved_any = False
    for org in organisations:
        for m in list(org["mentions"]):
            b = BRACKETED_ABBREVIATION.match(text, m["end"])
            if not b or " " not in m["text"] or not spells(b.group(1), m["text"]):
                continue
            for actor_id, mentions in list(found.items()):
                moved = [x for x in mentions if x["text"] == b.group(1)]
                if moved:
                    found[actor_id] = [x for x in mentions if x["text"] != b.group(1)]
                    if not found[actor_id]:
                        del found[actor_id]
                    org["mentions"] = sorted(org["mentions"] + moved, key=lambda x: x["start"])
                    moved_any = True
    return moved_any


def _office_of_a_state(text: str, organisations: list[dict], found: dict, index) -> bool:
    """"the Office of the Prime Minister of Uganda": an office's name runs on over the state it serves (the state is
    no actor of its own there); whether a known mention was taken."""
    taken = False
    for org in organisations:
        for m in org["mentions"]:
            of = _OF_A_STATE.match(text, m["end"])
            if not of or not _OFFICE_HEAD.match(m["text"]):
                continue
            for actor_id, mentions in list(found.items()):
                state = next((x for x in mentions if x["start"] == of.end()), None)
                if state is None or index.entries[actor_id].type not in STATE_TYPES:
                    continue
                mentions.remove(state)
                if not mentions:
                    del found[actor_id]
                if org["name"] == m["text"]:
                    org["name"] = text[m["start"]:state["end"]]
                    org["id"] = f"new:{slug(org['name'])}"
                m["end"], m["text"], taken = state["end"], text[m["start"]:state["end"]], True
                break
    return taken


@component("organisations", needs=("finding", "people", "place_hits"), provides=("organisations", "known_actors"))
class Organisations(Component):
    """Organisations not in the knowledge base: actors with `known: false` and a type guessed from context."""

    def __call__(self, doc):
        not_actors = _not_actors(doc.document)
        taken = doc.finding.taken + [(m["start"], m["end"]) for p in doc.people for m in p["mentions"]]
        doc.organisations = find_organisations(
            doc.text, doc.keep, taken, doc.place_spans(), doc.finding.unknown_definitions,
            [x for x in doc.entities if x[2] in ("ORG", "NORP")], index=self.reader.actors,
            not_actors=not_actors, home_place=_home_place(self.reader.gazetteer, doc.main_country), folded=doc.folded)
        title = doc.document.title
        at = doc.text.find(title, 0, 3000) if title else -1
        first = doc.sentences[0][0] if doc.sentences else 0
        end = at + len(title) if at >= 0 else -1
        if end < 0 or not doc.text.startswith("\n", end) or not any(a >= end for a, _ in doc.sentences):
            end = -1          # only a title on its own line above a body
        # a headline capitalises every word, a head line names the periodical: a name found only there is no
        # evidence of an organisation
        doc.organisations = [o for o in doc.organisations
                             if any(not at <= m["start"] < end and m["start"] >= first for m in o["mentions"])]
        # a name every mention of which a weapon noun follows or precedes is a weapon ("an Iskander ballistic
        # missile", "AK-47 rifles", "un missile Scud"), not an organisation
        doc.organisations = [o for o in doc.organisations if not all(_names_a_weapon(doc.text, m["start"], m["end"])
                                                                     for m in o["mentions"])]
        # the report's publisher named only in its head lines, above the first paragraph of prose ("Note de
        # conjoncture n° 7/2022 – Centre d'analyse du bassin du lac Tchad (CABLT)"): the house, no actor here; a
        # state's organ heading its own communiqué speaks in it and stays
        prose = _FIRST_PROSE_LINE.search(doc.text, 0, _HEAD_LINES_REACH)
        if prose:             # (a text wrapped in short lines has no such line near its top: nothing is dropped)
            doc.organisations = [o for o in doc.organisations
                                 if o.get("type") in _STATE_ORGANS or _STATE_ORGAN_NAME.match(o["name"])
                                 or not all(m["start"] < prose.start() for m in o["mentions"])]
        bylines = _byline_spans(doc.text, doc.document.authors)
        if bylines:           # "A. Roe and B. Doe, Rift Valley Policy Centre": the writers' house, no actor here
            doc.organisations = [o for o in doc.organisations
                                 if not all(any(a <= m["start"] < b for a, b in bylines) for m in o["mentions"])]
        banners = _banner_spans(doc.text, doc.document.title)
        shortened_by_banner = False
        if banners:           # "UNITED NATIONS" over a press release: its letterhead, no actor unless the body names it;
            #                   a state's ministry or army heading its own communiqué is its author, who speaks in it
            doc.organisations = [o for o in doc.organisations
                                 if not all(_inside_any(banners, m["start"], m["end"]) for m in o["mentions"])]
            for actor, mentions in list(doc.finding.found.items()):
                if all(_inside_any(banners, m["start"], m["end"]) for m in mentions) and \
                        self.reader.actors.entries[actor].type not in _STATE_ORGANS:
                    del doc.finding.found[actor]
                    shortened_by_banner = True
        doc.organisations += _state_organs_on_the_letterhead(doc.text, doc.finding.taken, doc.organisations)
        outlet = fold_key(doc.document.outlet or "")
        if outlet and outlet in not_actors:     # "Ledger" of "The Nairobi Ledger"
            doc.organisations = [o for o in doc.organisations if not outlet.endswith(" " + fold_key(o["name"]))]
        # a known name inside a longer organisation's name is part of it ("UN" in "UN Group of Experts")
        inside = [(m["start"], m["end"]) for o in doc.organisations for m in o["mentions"]]
        shortened = shortened_by_banner
        for actor, mentions in list(doc.finding.found.items()):
            kept = [m for m in mentions if not any(a <= m["start"] and m["end"] <= b and b - a > m["end"] - m["start"]
                                                   for a, b in inside)]
            if len(kept) != len(mentions):
                shortened = True
                if kept:
                    doc.finding.found[actor] = kept
                else:
                    del doc.finding.found[actor]
        shortened = _office_of_a_state(doc.text, doc.organisations, doc.finding.found, self.reader.actors) or shortened
        shortened = _defined_here(doc.text, doc.organisations, doc.finding.found) or shortened
        before = len(doc.organisations) + shortened
        doc.organisations = absorb_known(doc.organisations, doc.finding, self.reader.actors)
        described = _parents_as_descriptors(doc.text, doc.finding.found)     # absorbed names included
        if len(doc.organisations) != before or described:
            doc.known_actors = actor_list(doc.finding.found, self.reader.actors)
        return doc


@component("places.resolve", needs=("place_hits", "finding", "people", "organisations"),
           provides=("places", "entity_places"))
class ResolvePlaces(Component):
    """One place per name: coordinates, country, admin-1/admin-2, chosen with the document's countries.
    A name inside an actor's or a person's name is not a place."""

    def __call__(self, doc):
        actor_spans = doc.actor_spans()
        person_spans = sorted([(m["start"], m["end"]) for p in doc.people for m in p["mentions"]] +
                              _name_spans(doc.text, doc.document.authors))   # ("By Kossi Agbeko": no Kossi province)
        org_spans = sorted((m["start"], m["end"]) for o in doc.organisations for m in o["mentions"])
        named_in = sorted((m["start"], m["end"]) for o in doc.organisations for m in o["mentions"]
                          if not _GOVERNMENT_OF_A_PLACE.search(m["text"]))
        places = self.reader.gazetteer.places
        surnames = _surnames(doc.people)
        hits = [h for h in doc.place_hits if not _inside_any(actor_spans, h[0], h[1])
                and not _inside_any(person_spans, h[0], h[1])
                and not _a_persons_name(doc.text, doc.text[h[0]:h[1]], [h[0]], surnames)
                and not (_inside_any(org_spans, h[0], h[1]) and (all(places[i].kind == "country" for i in h[2]) or
                                                                  _named_inside(named_in, doc.text, h[0], h[1])))]
        #         (a place inside an organisation's longer name is no place: "Amnesty International Kenya",
        #         "the Lomé Centre for Strategic Studies"; but its government's, or the one it is "of", is)
        areas = sorted((h[0], h[1]) for h in hits if all(places[i].kind == "area" for i in h[2]))
        named_places = [(h[0], h[1]) for h in hits if any(places[i].kind != "country" for i in h[2])]
        hits = [h for h in hits if not (all(places[i].kind == "country" for i in h[2]) and (
            _country_not_a_location(doc.text, h[0], h[1]) or _inside_any(areas, h[0], h[1]) or
            _nationality_in_brackets(doc.text, h[0], h[1], named_places)))]
        #         (the country of "in south Lebanon", "le sud du Tchad": the area is the place)
        doc.entity_places = []
        if doc.entities:
            # the model's place names that no rule took: world places where the world gazetteer holds them
            index = self.reader.actors
            taken = actor_spans + person_spans + [(h[0], h[1]) for h in doc.place_hits] + \
                [(m["start"], m["end"]) for o in doc.organisations for m in o["mentions"]]
            home_place = _home_place(self.reader.gazetteer, doc.main_country)
            doc.entity_places = entity_spans(
                doc.text, doc.entities, taken, [h[1] for h in hits],
                lambda name: is_nationality(index, name.split()[0]) or index.knows(name) or names_a_party(name) or
                fold_key(name) in communities() or fold_key(name) in place_stopwords() or holds_an_office(name),
                doc.keep, lambda text, s, e: looks_like_a_place(text, s, e) or home_place(text[s:e]))
            gazetteer = self.reader.gazetteer
            countries = {gazetteer.places[c[0]].country for _, _, c in hits
                         if len({gazetteer.places[i].country for i in c}) == 1} | \
                {index.entries[a].country for a in doc.finding.found if index.entries[a].country}
            world = gazetteer.world.named_by_model(doc.entity_places, countries - {None})
            named = {(s, e) for s, e, _ in world}
            doc.entity_places = [x for x in doc.entity_places if (x[0], x[1]) not in named]
            hits = sorted(hits + world, key=lambda h: h[0])
        entries = self.reader.actors.entries
        countries = Counter(entries[a].country for a in doc.finding.found if entries[a].country)
        doc.places = self.reader.gazetteer.resolve(doc.text, hits, countries)
        return doc


def _home_place(gazetteer, country: str | None):
    """Whether a name (one or two words) is, in the world gazetteer, a place or an admin area of `country`: the model's
    person or organisation of that name is more likely the place ("since the Kankara abduction", "Hiiraan officials")."""
    if not country:
        return lambda name: False
    world = gazetteer.world.world

    def placed(name: str) -> bool:
        return any(world.countries[i] == country for i in world.find_key(fold_key(name)) + world.admin_lookup(name))

    def home(name: str) -> bool:
        words = name.split()
        if not words or len(words) > 3 or not name[:1].isupper():
            return False
        if (len(words) <= 2 or not words[1][:1].isupper()) and placed(" ".join(words)):
            return True       # (and a name with a lower-case link: "Mocímboa da Praia", "Dar es Salaam")
        # "Niger State", "Ouallam department", "Western Tigray", "Kaduna Central": a place with its unit's word
        # or a compass word
        if len(words) > 1 and words[-1].lower() in _UNIT_OR_COMPASS_AFTER:
            return placed(" ".join(words[:-1]))
        if len(words) > 1 and words[0].lower() in _COMPASS_BEFORE:
            return placed(" ".join(words[1:]))
        return False
    return home


_UNIT_OR_COMPASS_AFTER = frozenset("state region province department county district governorate prefecture territory "
                                   "zone central north south east west".split())
_COMPASS_BEFORE = frozenset("northern southern eastern western central north south east west".split())


@component("dates", provides=("dates",))
class Dates(Component):
    """Dates, relative ones resolved against the publication date and the document's anchors."""

    def __call__(self, doc):
        d = doc.document
        # (a forward window, "over the next three months", is the horizon of the judgment it is in, which the
        # judgment ledger reads itself: no date of anything the report tells)
        doc.dates = [x for x in find_dates(doc.text, d.published, anchors=d.anchors, folded=doc.folded)
                     if doc.keep(x["start"]) and not x.get("window")]
        return doc


@component("places.unknown", needs=("sentences", "places", "dates", "finding", "people", "organisations"),
           provides=("places", "organisations"))
class UnknownPlaces(Component):
    """Names in place-like positions ("the village of X") that no gazetteer holds: places without
    coordinates."""

    def __call__(self, doc):
        others = doc.people + doc.organisations
        taken = doc.actor_spans() + [(m["start"], m["end"]) for p in doc.places for m in p["mentions"]] + \
            [(x["start"], x["end"]) for x in doc.dates] + \
            [(m["start"], m["end"]) for c in others for m in c["mentions"]]
        found = [(m["start"], m["end"], p) for p in doc.places for m in p["mentions"]]
        # the model's place names no gazetteer holds first: its spans are better than capitalised runs
        spans = [x for x in doc.entity_places if not any(a < x[1] and x[0] < b for a, b in taken)]
        new = entity_places(doc.text, doc.sentences, spans, found)
        if new:
            # the model may call one name a place where the text says so ("Yelwata, a farming community") and an
            # organisation elsewhere ("fled Yelwata"): a one-word name the text places is that place throughout
            placed = {fold_key(p["name"]): p for p in new if " " not in p["name"]}
            kept = []
            for org in doc.organisations:
                place = placed.get(fold_key(org["name"]))
                if place is None:
                    kept.append(org)
                    continue
                place["mentions"] = sorted(place["mentions"] + [
                    {"text": m["text"], "start": m["start"], "end": m["end"]} for m in org["mentions"]],
                    key=lambda m: m["start"])
            doc.organisations = kept
        taken = taken + [(m["start"], m["end"]) for p in new for m in p["mentions"]]
        new += unknown_places(doc.text, doc.sentences, taken, found, doc.keep)
        d = doc.document          # the report's own outlet and writers ("TRIPOLI, 4 July (Sahel Presse)") are no places
        own = {fold_key(n) for n in d.authors + d.editors + [d.outlet or ""] if n}
        stop = place_stopwords()        # (a demonym or a number word in a place's position: "fell to Turkish and …")
        surnames = _surnames(doc.people)    # ("…, known as Marwan": the person's other name, no place)
        new = [p for p in new if fold_key(p["name"]) not in own and fold_key(p["name"]) not in stop and
               not _a_persons_name(doc.text, p["name"], [m["start"] for m in p["mentions"]], surnames)]
        doc.places = sorted(doc.places + new, key=lambda p: p["mentions"][0]["start"])
        return doc


# An admin unit's type word written with its name belongs to the mention ("Kasese District", "Marib governorate",
# "la région de Diffa"); the place keeps its bare name.
# The unit word written after a place's name is part of its mention ("Waingmaw township", "Afder zone", "KUNDUZ
# PROVINCE", "Tambura town"), not "town hall" or "city council"
_ADMIN_AFTER = re.compile(r"[ \t]+(?:region|province|state|governorate|district|county|department|prefecture|municipality|"
                          r"circle|cercle|local government area|LGA|township|zone|locality|administrative post|"
                          r"sub-county|woreda|territory|commune|town(?![ \t]+(?:hall|council|cent(?:re|er)|square))|"
                          r"city(?![ \t]+(?:hall|council|cent(?:re|er)|square)))\b", re.I)
_ADMIN_BEFORE = re.compile(r"\b(?P<unit>[Rr]égion|[Pp]rovince|[Dd]épartement|[Aa]rrondissement|"
                           r"[Cc]ercle|[Pp]réfecture|[Cc]ommune|[Gg]ouvernorat|[Éé]tat)[ \t]+(?:de[ \t]+la[ \t]+|de[ \t]+l['’]|"
                           r"du[ \t]+|des[ \t]+|de[ \t]+|d['’])$")      # (after_french_article)


def _admin_words_in_mentions(text: str, places: list[dict]) -> None:
    for p in places:
        if p.get("kind") in ("country", "area"):
            continue
        name_key = fold_key(p["name"])
        for m in p["mentions"]:
            if fold_key(m["text"]) != name_key:
                continue          # the bare form is kept where only the mention holds it ("Middle Shabelle")
            after = _ADMIN_AFTER.match(text, m["end"])
            before = _ADMIN_BEFORE.search(text, max(0, m["start"] - 40), m["start"]) \
                if after_french_article(text, m["start"]) else None
            if after:
                m["end"] = after.end()
            if before:
                m["start"] = before.start("unit")
            m["text"] = text[m["start"]:m["end"]]



@component("quantities", needs=("sentences", "known_actors", "places", "dates"), provides=("quantities",))
class Quantities(Component):
    """Troop, casualty, displacement and other counts, with the actor or country they are about."""

    def __call__(self, doc):
        subjects = sorted([(m["start"], m["end"], a["name"]) for a in doc.known_actors for m in a["mentions"]] +
                          [(m["start"], m["end"], p["name"]) for p in doc.places if p["kind"] == "country"
                           for m in p["mentions"]])
        doc.quantities = find_quantities(doc.text, doc.sentences, subjects, doc.dates)
        return doc


@component("estimative", needs=("sentences",), provides=("judgments", "possibilities"))
class Estimative(Component):
    """Estimative judgments mapped to ICD 203 bands, and may/could possibilities (never judgments)."""

    def __call__(self, doc):
        doc.judgments, doc.possibilities = find_estimative(doc.text, doc.folded, doc.sentences,
                                                           self.reader.lexicon, doc.keep)
        return doc


@component("recommendations", needs=("sentences",), provides=("recommendations",))
class Recommendations(Component):
    """Recommendations (by whom, to whom, what), from a Recommendations section or advising sentences."""

    def __call__(self, doc):
        d = doc.document
        default_by = ", ".join(d.authors) if d.authors else (d.outlet or d.title)
        doc.recommendations = find_recommendations(doc.text, doc.sentences, section_test(d, "Recommendations"),
                                                   default_by, doc.keep)
        return doc


@component("citations", provides=("citations",))
class Citations(Component):
    """Footnote marks and the notes, references or URL lists they point to ("Ibid" included)."""

    def __call__(self, doc):
        doc.citations = find_citations(doc.text, doc.document.references_start)
        return doc


@component("events", needs=("sentences", "known_actors", "organisations", "places", "dates", "judgments",
                            "possibilities", "recommendations"), provides=("events",))
class Events(Component):
    """Events (ACLED types and sub-types) with who did what to whom, where, when and fatalities. Judgments,
    recommendations and analysis sections give none. On the model path the dependency parser settles
    who did what where two armed actors share a sentence."""

    def __call__(self, doc):
        d, text = doc.document, doc.text
        not_facts = {(x["start"], x["end"]) for x in doc.judgments + doc.possibilities + doc.recommendations}
        in_recs, in_analysis = section_test(d, "Recommendations"), analysis_test(d)
        # an armed group the knowledge base does not hold is a doer as much as a known one ("Fighters of the Zarqawi
        # Brigade ambushed a police patrol"): its mentions count, where no known actor's overlaps them
        known = [(m["start"], m["end"]) for a in doc.known_actors for m in a["mentions"]]
        actor_mentions = sorted([(m["start"], m["end"], a["name"], a["type"]) for a in doc.known_actors
                                 if a["type"] not in _NEVER_EVENT_ACTORS for m in a["mentions"]] +
                                [(m["start"], m["end"], o["name"], o["type"]) for o in doc.organisations
                                 if o.get("type") == "armed group" for m in o["mentions"]
                                 if not any(a < m["end"] and m["start"] < b for a, b in known)])
        place_mentions = sorted(((m["start"], m["end"], p) for p in doc.places for m in p["mentions"]), key=lambda x: x[:2])
        parser = _parser_for_events(d.language, text, doc.sentences, actor_mentions) if doc.model else None
        doc.events = find_events(text, doc.sentences, actor_mentions, place_mentions, doc.dates,
                                 skip=lambda s, e: (s, e) in not_facts or in_recs(s) or in_analysis(s),
                                 folded=doc.folded, parser=parser)
        ids = {a["name"]: a["id"] for a in doc.known_actors}
        # an event at a place no gazetteer holds, whose admin-1 came from the context ("the villages of X and Y,
        # in the Mopti region"), takes that admin-1's region from the document's placed places
        regions: dict[str, set] = {}
        for p in doc.places:
            if p.get("region_id") and p.get("admin1"):
                regions.setdefault(p["admin1"], set()).add(p["region_id"])
        for e in doc.events:
            e["actor1_id"] = ids.get(e["actor1"])
            if not e.get("region_id") and e.get("admin1") and len(regions.get(e["admin1"], ())) == 1:
                e["region_id"] = next(iter(regions[e["admin1"]]))
        _admin_words_in_mentions(text, doc.places)     # after the events, which name a place by its mention
        return doc


@component("actors.crowds", needs=("events", "finding", "known_actors"), provides=("known_actors",))
class Crowds(Component):
    """The people who riot or demonstrate, as ACLED names them: the crowd, supporters or youths a riot's sentence
    names are Rioters, a protest's Protesters ("a crowd lynched the suspect", "supporters of the opposition
    marched"), where no actor already holds those words; and the victims an attack on civilians names, Civilians."""

    def __call__(self, doc):
        index, found = self.reader.actors, doc.finding.found
        protesters, rioters = index.by_name.get("Protesters"), index.by_name.get("Rioters")
        if protesters is None or rioters is None:
            return doc
        taken = sorted((m["start"], m["end"]) for ms in found.values() for m in ms)
        added = False
        # protests first: a crowd that turns violent where people demonstrate is still the protesters (ACLED's
        # Rioters are those who riot without demonstrating first, and prisoners who riot)
        for e in sorted(doc.events, key=lambda e: e["event_type"] != "Protests"):
            if e["event_type"] not in ("Riots", "Protests"):
                continue
            for m in _CROWD.finditer(doc.text, e["start"], e["end"]):
                s, t = m.start("crowd"), m.end()
                if any(a < t and s < b for a, b in taken) or re.search(r"(?i)\barmed\b", m.group("crowd")):
                    continue
                if e["event_type"] == "Protests" or (protesters.id in found and not m.group("held")):
                    target = protesters
                else:
                    target = rioters
                if any(e["start"] <= x["start"] < e["end"] for x in found.get(target.id, ())):
                    break
                _add_mention(found, target.id, doc.text, s, t, taken)
                added = True
                if e.get("actor1") is None:
                    e["actor1"], e["actor1_id"] = target.name, target.id      # who rioted or marched
                break
        civilians = index.by_name.get("Civilians")
        for e in doc.events if civilians is not None else ():
            # the victims an attack's sentence names ("a surveyor and four other men were found shot dead"), where no
            # actor's mention already stands for them: the event's Civilians are an actor of the report
            if e.get("actor2") != "Civilians" or any(e["start"] <= x["start"] < e["end"]
                                                     for x in found.get(civilians.id, ())):
                continue
            m = _VICTIMS.search(doc.text, e["start"], e["end"]) or \
                _CIVILIAN_WORDS.search(doc.text, e["start"], e["end"])
            if m is None or any(a < m.end() and m.start() < b for a, b in taken):
                continue
            _add_mention(found, civilians.id, doc.text, m.start(), m.end(), taken)
            added = True
        if added:
            doc.known_actors = actor_list(found, index)
        return doc


def _add_mention(found: dict, actor_id: str, text: str, start: int, end: int, taken: list) -> None:
    """text[start:end] is a mention of actor `actor_id` (its mentions kept in order), and taken."""
    found.setdefault(actor_id, []).append({"text": text[start:end], "start": start, "end": end})
    found[actor_id].sort(key=lambda x: x["start"])
    taken.append((start, end))


# People as the victims of an attack (not the places and gatherings the civilian target words also count): the
# civilian people, these in the plural only, and "personnes", which the civilian target words do not count.
_VICTIMS = re.compile(r"\b(?:" + CIVILIAN_PEOPLE + r"|teenagers|boys|girls|shepherds|personnes)\b", re.I)
# A crowd, supporters, youths … (with the article or the few words that describe them); `held`: people in custody
_CROWD = re.compile(
    r"(?<![\w-])(?P<crowd>(?:(?:an?|the|some|several|hundreds of|thousands of|dozens of|scores of|angry|furious|"
    r"enraged|armed|young|des|les|une|un|de|la|centaines de|milliers de|dizaines de|jeunes)\s+)*"
    r"(?:crowds?|mobs?|supporters|followers|youths|settlers|traders|demonstrators|foule|partisans|militants|"
    r"commerçants|(?P<held>inmates|prisoners|detainees|détenus|prisonniers)))\b", re.I)


@component("actors.merge", needs=("known_actors", "people", "organisations"), provides=("actors",))
class MergeActors(Component):
    """The document's actors in one list, first mention first: known ones, people, unknown organisations."""

    def __call__(self, doc):
        for actor in doc.people + doc.organisations:
            _drop_possessor(actor, self.reader.actors)
        doc.actors = sorted(doc.known_actors + doc.people + doc.organisations,
                            key=lambda a: a["mentions"][0]["start"])
        return doc


# "Sadr's Saraya al-Salam", "the Maoists' People's Liberation Guerrilla Army": a possessor before a new name is no
# part of it; a possessive that belongs to a name stays ("People's …", "Lord's Resistance Army", "Women's League").
_POSSESSOR = re.compile(r"([A-ZÀ-Ý][\w.-]*?)(?:['’]s|s['’])[ \t]+(?=[A-ZÀ-Ý])")
_NAME_POSSESSIVES = frozenset("people peoples lord god women workers children martyrs farmers citizens mothers "
                              "veterans patriots youth nation nations soldiers fishermen traders".split())


def _drop_possessor(actor: dict, index=None) -> None:
    """Cut a possessor off the front of a new actor's mentions and name (but not a state's off a name that alone
    is an international body's: "Armenia's Security Council" is no UN organ)."""
    cut = False
    for m in actor["mentions"]:
        p = _POSSESSOR.match(m["text"])
        if p and fold_key(p.group(1)) not in _NAME_POSSESSIVES and fold_key(p.group(1).rstrip("s")) not in \
                _NAME_POSSESSIVES and len(m["text"][p.end():].split()) >= 2 and \
                not _names_a_world_body(m["text"][p.end():], index):      # (not "the Ombudsman's Office")
            m["text"], m["start"], cut = m["text"][p.end():], m["start"] + p.end(), True
    p = _POSSESSOR.match(actor["name"]) if cut else None
    if p and fold_key(p.group(1)) not in _NAME_POSSESSIVES:
        actor["name"] = actor["name"][p.end():]


# -- helpers ----------------------------------------------------------------------------------------------------


def _byline_spans(text: str, authors: list[str]) -> list[tuple[int, int]]:
    """The lines of the head (and of the signature at the end) that name the report's authors."""
    out = []
    for name in authors:
        for lo, hi in ((0, min(len(text), 3000)), (max(0, len(text) - 1500), len(text))):
            k = text.find(name, lo, hi)
            if k >= 0:
                line, start = line_around(text, k, k + len(name))
                if len(line.strip()) <= 160:      # (a paragraph that names the writer is no byline: "… told
                    out.append((start, start + len(line)))     # the Lakeside Forum, members of the NMA …")
    return out


# A state's own organs, whose name over a communiqué is its author ("MINISTÈRE DE LA DÉFENSE NATIONALE").
_STATE_ORGANS = ("government", "government body", "state force")
# A line of prose: twenty-five words or more (the head lines above it are title, series, publisher, byline, date)
_HEAD_LINES_REACH = 800       # characters: head lines above the first paragraph are never more
_FIRST_PROSE_LINE = re.compile(r"^[ \t]*(?:\S+[ \t]+){24,}\S", re.M)
_STATE_ORGAN_NAME = re.compile(r"(?i)(?:minist|direction|bureau|gouvernorat|governorate|cellule|service|office of|"
                               r"état-major|etat-major|présidence|presidency|primature|cabinet|haut-commissariat|"
                               r"high commission|commandement|command|police|gendarmerie|armée|army|forces)")


# A state's organ heading its own communiqué, in capitals on the letterhead ("MINISTÈRE DE L'ADMINISTRATION
# TERRITORIALE, DE LA DÉCENTRALISATION ET DE LA COHÉSION SOCIALE", "GOUVERNORAT DE LA RÉGION DE L'EST"): its author.
# (not an army's general staff, which is the state's forces, nor a presidency's or a government's secretariat over
# a decree)
_ORGAN_LINE = re.compile(r"(?m)^[ \t]*((?:MINIST[ÈE]RE|MINISTRY|GOUVERNORAT|HAUT[- ]COMMISSARIAT|PR[ÉE]FECTURE)"
                         r"\b[^\n]{0,140}?)[ \t]*$")


def _state_organs_on_the_letterhead(text: str, taken: list, organisations: list[dict]) -> list[dict]:
    """New actors for the organs named by whole lines in capitals in a document's first lines, where no known actor
    or organisation already holds the line."""
    head = text[:600]
    held = list(taken) + [(m["start"], m["end"]) for o in organisations for m in o["mentions"]]
    out = []
    for m in _ORGAN_LINE.finditer(head):
        name, start, end = m.group(1), m.start(1), m.end(1)
        if not name.isupper() or any(a < end and start < b for a, b in held):
            continue
        out.append({"name": name, "type": "government", "id": f"new:{slug(name)}", "known": False,
                    "mentions": [{"text": name, "start": start, "end": end}]})
    return out


def _banner_spans(text: str, title: str | None) -> list[tuple[int, int]]:
    """The letterhead: the lines in capitals among the document's first three lines with text, the title's
    line apart ("UNITED NATIONS", "RÉPUBLIQUE DU NIGER"), as sorted spans."""
    out, seen, k = [], 0, 0
    while seen < 3 and k < len(text):
        end = text.find("\n", k)
        end = len(text) if end < 0 else end
        line = text[k:end].strip()
        if line:
            seen += 1
            if line.isupper() and not (title and fold_key(title) == fold_key(line)):
                out.append((k, end))
        k = end + 1
    return out


# Words before a name that make it a place whatever person shares it ("in Aquino", "près de Traoré").
_LOCATIVE_BEFORE = re.compile(r"(?i)\b(?:in|at|near|outside|around|towards?|into|from|à|près de|vers|dans)\s+$")
_NAME_SUFFIX = re.compile(r"(?i)^(?:jr\.?|sr\.?|ii|iii|iv)$")


def _surnames(people: list[dict]) -> set[str]:
    """The folded last names of the people the document names in full and the other names it gives them ("Benigno
    Aquino III" → "aquino"; "…, known as Marwan"): the same word alone later is the person, not a namesake place."""
    out = set()
    for p in people:
        words = [w for w in p["name"].split() if not _NAME_SUFFIX.match(w)]
        if len(words) >= 2:
            out.add(fold_key(words[-1]))
            out.update(fold_key(m["text"]) for m in p["mentions"] if " " not in m["text"].strip())
    return out


def _a_persons_name(text: str, name: str, starts: list[int], surnames: set[str]) -> bool:
    """Whether a place's `name` is one of `surnames` with no locative word before any of its mentions (`starts`): the
    person, not a namesake place."""
    return fold_key(name) in surnames and not any(_LOCATIVE_BEFORE.search(text, max(0, s - 12), s) for s in starts)


def _name_spans(text: str, names: list[str]) -> list[tuple[int, int]]:
    """Where each of `names` (the authors' names) stands in the text as whole words."""
    return [(m.start(), m.end()) for name in names if " " in name.strip() for m in finditer_name(name, text)]


def _not_actors(d: documents.Document) -> set[str]:
    """The report's own authors, editors and outlet: named in it, never actors in it, except an outlet that
    takes a position in its own text ("Liptako Review recommends that …"); and the ships it names."""
    names = [n for n in d.authors if not _acts_in_own_text(n, d.text)] + d.editors
    if d.outlet and not _takes_a_position(d.outlet, d.text) and not _acts_in_own_text(d.outlet, d.text):
        names = names + [d.outlet, re.sub(r"^(?:The|Le|La|Les|L['’])\s*", "", d.outlet)]
    return {fold_key(n) for n in names if n} | _ship_names(d.text)


# Every ship name follows a vessel noun: a text that holds none of them (in lower case) names no ship. (None when
# the nouns are not all plain words and spaces.)
_VESSEL_WORDS = shortest_needed(tuple(_VESSEL_NOUNS.lower().split("|"))) \
    if re.fullmatch(r"[\w /-]+(?:\|[\w /-]+)*", _VESSEL_NOUNS) else None


@lru_cache(maxsize=8)
def _ship_names(text: str) -> frozenset[str]:
    """`ship_names(text)`, without scanning a text that holds no vessel noun (kept: people and organisations ask)."""
    low = lowered(text) if _VESSEL_WORDS is not None else None
    if low is not None and not any(map(low.__contains__, _VESSEL_WORDS)):
        return frozenset()
    return ship_names(text)


_PUBLISHER_STANCE = (r"(?:recommends?|urges?|calls (?:on|for)|warns?|assesses|judges|estimates|believes|expects|"
                     r"advises|recommande|estime|appelle)\b")
_STANCE_AFTER = re.compile(r"\s+" + _PUBLISHER_STANCE)


# The nouns that end the names of associations, networks and rights groups ("Lakeside Rights Forum", "Coastal
# Protection Network", "Highland Civic Watchers"): such a writer speaks for victims and acts in its own release.
_ASSOCIATION_END = re.compile(r"(?i)\b(?:" + documents.ASSOCIATION_NOUNS + r")$")


def _acts_in_own_text(name: str, text: str) -> bool:
    """Whether an association that writes a report is also one of its actors: named in its body (after the head
    line that names it as the writer), by its name or by the abbreviation it gives itself. (A consultancy that
    writes a brief is not, unless it takes a position: `_takes_a_position`.)"""
    if not _ASSOCIATION_END.search(name):
        return False
    first = text.find(name)
    if first < 0:
        return False
    head_end = text.find("\n", first)
    head_end = len(text) if head_end < 0 else head_end
    if text.find(name, head_end) >= 0:
        return True
    abbreviation = re.search(re.escape(name) + r"\s*\(([A-Z][A-Za-z]{1,9})\)", text)
    return bool(abbreviation and re.search(rf"(?<![\w-]){abbreviation.group(1)}(?![\w-])",
                                           text[max(head_end, abbreviation.end()):]))


def _takes_a_position(outlet: str, text: str) -> bool:
    r"""Whether `rf"\b{re.escape(outlet)}\s+{_PUBLISHER_STANCE}"` is found in the text: the outlet by str.find,
    the stance by one fixed regex (no pattern compiled per outlet)."""
    def word(k: int) -> bool:
        return 0 <= k < len(text) and (text[k].isalnum() or text[k] == "_")
    k = text.find(outlet)
    while k >= 0:
        if word(k - 1) != word(k) and _STANCE_AFTER.match(text, k + len(outlet)):
            return True
        k = text.find(outlet, k + 1)
    return False


# A country's name that says nothing of where things happen: a letterhead ("RÉPUBLIQUE DU MALI") or a specialist's
# field ("a Sudan researcher"). (An owner, "Nigeria's response", stays: on the dev sets as many such mentions are
# labelled places as not.)
_COUNTRY_FIELD_AFTER = re.compile(r"[ \t]+(?:researcher|analyst|expert|specialist|scholar|watcher|desk|director|"
                                  r"programme|program|project|team|correspondent)s?\b", re.I)
_LETTERHEAD = re.compile(r"(?:R[ÉE]PUBLIQUE|REPUBLIC|ÉTAT|STATE|KINGDOM|ROYAUME)\b[^\n]*$")


# A country named as an owner ("Syria's minorities", "Niger's war"; but "in Mali's north" is where), as the
# subject of an office ("the Special Envoy for Yemen", "the Humanitarian Coordinator for Sudan") or in a compound
# adjective ("a Barbados-flagged carrier", "a Mali-based group"): no location.
_OWNER_AFTER = re.compile(r"['’]s\b|-(?:flagged|owned|registered|based|backed|led|born|bound|made)\b")
_LOCATIVE_OWNER_BEFORE = re.compile(r"(?i)\b(?:in|across|throughout|inside|into|within|to|from)\s+$")
# ... or the owner of a part of it ("Niger's Tillabéri region", "Mali's north"): the country holds the place
_PART_AFTER = re.compile(r"['’]s\s+(?:(?:far\s+|restive\s+)?(?:north|south|east|west|centre|center|interior|"
                         r"(?:north|south)(?:ern|-east|-west|east|west)(?:ern)?|eastern|western|central|border)\b|"
                         r"(?:[A-ZÀ-Ý][\w'’-]+\s+){1,3}(?:region|province|state|department|county|district|governorate|"
                         r"prefecture|area)\b|"
                         # ... or names a place of it ("Burkina Faso's capital", "Lebanon's largest refugee camp")
                         r"(?:[\w-]+\s+){0,4}?(?:capital|city|cities|town|towns|village|villages|camp|camps|port|ports|"
                         r"border|borders|airport|coast|coastline|region|regions|provinces?|states|territory|frontier|"
                         r"heartland|countryside|hinterland|rail line|railway|road|roads|highway|oil ?fields?|mines?|"
                         r"bases?|prisons?|islands?|desert|mountains)\b)")
_OFFICE_FOR_BEFORE = re.compile(r"(?i)\b(?:envoy|coordinator|representative|rapporteur|commissioner|ambassador|"
                                r"minister|ministry|adviser|advisor|expert|desk|fund|committee|panel|delegation|"
                                r"envoyé|coordonnat(?:eur|rice)|représentant|rapporteur)\s+(?:spécial\s+)?"
                                r"(?:for|on|to|pour|sur|en|au|aux)\s+(?:the\s+|le\s+|la\s+|l['’])?$")


# A name of two or more capitalised words right before an opening bracket: "Vanessa Frazier (", "Ambassador X Y (".
_NAME_BEFORE_BRACKET = re.compile(r"[A-ZÀ-Ý][\w'’.-]*(?:[ \t]+[A-ZÀ-Ý][\w'’.-]*)+[ \t]*\($")


def _nationality_in_brackets(text: str, s: int, e: int, named_places: list[tuple[int, int]]) -> bool:
    """A country in brackets after a person's or a body's name is its nationality, no place the report tells of
    ("Vanessa Frazier (Malta), who presides over the Council"); after a place ("Kidal (Mali)") it is where that is."""
    if text[s - 1:s] != "(" or text[e:e + 1] != ")":
        return False
    m = _NAME_BEFORE_BRACKET.search(text, max(0, s - 80), s)
    return m is not None and not any(a < s - 1 and b > m.start() for a, b in named_places)


def _country_not_a_location(text: str, s: int, e: int) -> bool:
    if _COUNTRY_FIELD_AFTER.match(text, e):
        return True
    if _OWNER_AFTER.match(text, e) and not _LOCATIVE_OWNER_BEFORE.search(text, max(0, s - 12), s) and \
            not _PART_AFTER.match(text, e):
        return True
    if _OFFICE_FOR_BEFORE.search(text, max(0, s - 60), s):
        return True
    line = line_around(text, s, e)[0]
    return s < 600 and line.isupper() and bool(_LETTERHEAD.match(line.strip()))


# An organisation that is a place's own government ("Yobe state government", "Ondo state's government"): the place
# inside it stays a place.
_GOVERNMENT_OF_A_PLACE = re.compile(r"(?i)\b(?:government|gouvernement|administration|authorit(?:y|ies)|autorités?|"
                                    r"council|conseil|assembly|assemblée|municipality|mairie|governorate)\b")


# A place that an organisation's name says it is of ("the hunters' association of Farabougou", "Jeunesse Unie de
# Niono"): the place stays a place.
_OF_A_PLACE = re.compile(r"(?:\bof|\bde|\bdu|\bd'|\bd’)[ \t]*$")


_WEAPON_NOUN = (r"(?:missiles?|rifles?|rockets?|drones?|launchers?|tanks?|helicopters?|(?:fighter[ \t]+)?jets?|"
                r"aircraft|warplanes?|howitzers?|guns?|grenades?|shells?|bombs?|munitions?|fusils?|roquettes?|"
                r"chars?|hélicoptères?|avions?)")
_WEAPON_AFTER = re.compile(r"[ \t]+(?:(?:ballistic|cruise|hypersonic|guided|assault|attack|combat|armed|kamikaze|"
                           r"suicide|loitering|anti-\w+|surface-to-\w+|air-to-\w+|multiple|rocket)[ \t]+){0,2}"
                           + _WEAPON_NOUN + r"\b", re.I)
_WEAPON_BEFORE = re.compile(r"\b" + _WEAPON_NOUN + r"(?:[ \t]+(?:balistiques?|de[ \t]+(?:type|croisière)))?[ \t]+$",
                            re.I)


def _names_a_weapon(text: str, start: int, end: int) -> bool:
    """Whether a weapon noun follows the name or stands right before it: "Iskander ballistic missile", "AK-47
    rifles", "Shahed drones", "un missile Scud"."""
    return bool(_WEAPON_AFTER.match(text, end) or _WEAPON_BEFORE.search(text, max(0, start - 40), start))


def _named_inside(spans: list[tuple[int, int]], text: str, s: int, e: int) -> bool:
    """Whether the place at [s, e) is part of one of the organisation names at `spans`, shorter than it, and not the
    place the name says the organisation is "of"."""
    return any(a <= s and e <= b and (a, b) != (s, e) for a, b in spans) and \
        not _OF_A_PLACE.search(text, max(0, s - 5), s)


def _inside_any(spans: list[tuple[int, int]], s: int, e: int) -> bool:
    """Whether [s, e) lies inside one of the sorted `spans`."""
    k = bisect.bisect_right(spans, (s, float("inf"))) - 1
    return k >= 0 and spans[k][0] <= s and e <= spans[k][1]


# Who tells of events, never does them: a news outlet or a group's media arm ("according to a statement relayed by its
# media arm az-Zallaqa")
_NEVER_EVENT_ACTORS = frozenset({"media outlet", "news agency"})


def section_test(d: documents.Document, name: str):
    spans = [(s.start, s.end) for s in d.sections if s.name.lower().startswith(name.lower()[:9])]
    if not spans:
        return lambda pos: False
    return lambda pos: any(a <= pos < b for a, b in spans)


# Sections that assess, summarise or advise: the facts they mention are told (and counted) in the report's
# body or Event section, so they give no events.
_ANALYSIS_SECTIONS = re.compile(
    r"(?i)^(?:significance|assessment|analysis|analyse|outlook|forecast|implications?|comment|discussion|conclusions?|"
    r"key (?:judg(?:e)?ments?|takeaways?|findings)|(?:executive )?summary|bluf|bottom line|perspectives|résumé|"
    r"indicators|recommendations?|recommandations?)\b")


# A summary of the report's facts: passed over where the body tells them (the events are read there, once), read
# where it is all the report has ("Key Takeaways" and nothing else under it but the list; a weekly update whose dated
# entries sit under its SUMMARY heading, with only its title lines above).
_SUMMARY_SECTIONS = re.compile(r"(?i)^(?:key (?:takeaways?|findings|points)|(?:executive )?summary|bluf|bottom line|"
                               r"résumé|highlights|en bref)\b")
_STORY_SENTENCE = re.compile(r"(?:\S+\s+){7,}\S*[.!?][\"'’”)]*\s*$")     # eight words or more, ended as a sentence is


def analysis_test(d: documents.Document):
    analysis = [s for s in d.sections if _ANALYSIS_SECTIONS.match(s.name.strip())]
    # (a section under a heading of the writer's own after the judgments may tell facts or give advice: it is read,
    # but whether the summary's facts are told elsewhere is left to the known sections)
    told_elsewhere = any(_STORY_SENTENCE.match(d.text[a:b]) for s in d.sections if s not in analysis and not s.own
                         and s.name.strip().lower() not in documents.REFERENCE_HEADINGS
                         for a, b in documents.sentences(d.text, s.start, s.end))
    spans = [(s.start, s.end) for s in analysis if told_elsewhere or not _SUMMARY_SECTIONS.match(s.name.strip())]
    if not spans:
        return lambda pos: False
    return lambda pos: any(a <= pos < b for a, b in spans)


def _parser_for_events(language: str, text: str, sentences, actor_mentions):
    """The shared, cached dependency parser (nlp.py) for the sentences where two armed actors compete for who
    did what to whom (civilians are never the doer); None without the model."""
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
