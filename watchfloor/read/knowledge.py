"""The actor knowledge base as data: the dictionary (actors.yaml), the world list (actors_world.yaml), every
state from pycountry + states.csv (names, demonyms, capitals, seats of power) with its military and police,
and the context lists (actor_context.yaml) that resolve generic and descriptive mentions.

Entries carry ids 'dict:<slug>' — the ids `watchfloor init` stores in `actors`. Nothing here matches text:
watchfloor/read/actors.py does, with the phrases `phrases()` lists.
"""
from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path

import yaml

from watchfloor.config import DATA_DIR
from watchfloor.read.matching import fold, fold_key, straight_quotes

DICTIONARY_PATH = DATA_DIR / "actors.yaml"
WORLD_PATH = DATA_DIR / "actors_world.yaml"
STATES_PATH = DATA_DIR / "states.csv"
CONTEXT_PATH = DATA_DIR / "actor_context.yaml"
TITLES_PATH = DATA_DIR / "person_titles.yaml"
STATE_TYPES = ("government", "foreign state")


@dataclass
class ActorEntry:
    id: str
    name: str
    type: str | None
    country: str | None = None
    parent: str | None = None
    valid_from: date | None = None
    valid_until: date | None = None
    successor: str | None = None
    aliases: list[tuple[str, str | None]] = field(default_factory=list)   # (alias, lang)
    abbreviations: list[str] = field(default_factory=list)
    descriptions: list[str] = field(default_factory=list)
    state_names: list[str] = field(default_factory=list)    # names that are also places: actors only in an actor's role
    local_aliases: dict[str, list[str]] = field(default_factory=dict)   # ISO3 → names meaning this actor there
    demonyms: list[str] = field(default_factory=list)       # "Malian" + a state noun ("Malian troops")
    capitals: list[str] = field(default_factory=list)       # "Bamako announced": the state
    seats: list[str] = field(default_factory=list)          # "the Kremlin": the state, always
    force: str | None = None                                # "military" / "police": the state's forces
    institution: str | None = None                          # "legislature", "defence_ministry" … (actor_context.yaml)
    country_name: str | None = None                         # the state's short name ("Mali"), for people's org
    ucdp: list[int] = field(default_factory=list)
    source: str = "dictionary"


def slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", fold(straight_quotes(name)).replace("'", "")).strip("-")


def _date(value) -> date | None:
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value))


def _split(cell: str | None) -> list[str]:
    return [x.strip() for x in (cell or "").split("|") if x.strip()]


def _entry(raw: dict, path: Path, i: int) -> ActorEntry:
    if "name" not in raw:
        raise ValueError(f"{path}: actor #{i + 1} has no name")
    aliases = [(raw["name"], None)]
    for lang, names in (raw.get("aliases") or {}).items():
        aliases += [(str(n), lang) for n in names or []]
    force = raw.get("force")
    if force is None and raw.get("type") == "state force" and str(raw["name"]).startswith("Military Forces of"):
        force = "military"
    e = ActorEntry(
        id=f"dict:{slug(raw['name'])}", name=raw["name"], type=raw.get("type"), country=raw.get("country"),
        parent=raw.get("parent"), valid_from=_date(raw.get("valid_from")), valid_until=_date(raw.get("valid_until")),
        successor=raw.get("successor"), aliases=aliases, abbreviations=[str(a) for a in raw.get("abbreviations") or []],
        descriptions=[str(d) for d in raw.get("descriptions") or []],
        state_names=[str(s) for s in raw.get("state_names") or []],
        local_aliases={k: [str(n) for n in v or []] for k, v in (raw.get("local_aliases") or {}).items()},
        force=force, ucdp=[int(u) for u in raw.get("ucdp") or []])
    if raw.get("type") == "foreign state":
        e.aliases = aliases[1:]      # the bare name is a place unless in an actor's role
    return e


def _read_yaml(path: Path) -> dict:
    with open(path, encoding="utf-8") as fh:
        return yaml.load(fh, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)) or {}


@lru_cache(maxsize=1)
def person_titles() -> dict:
    """person_titles.yaml: ranks, roles and stop words for people's titles (read once)."""
    return _read_yaml(TITLES_PATH)


@lru_cache(maxsize=1)
def context() -> dict:
    """actor_context.yaml: state nouns, generic mentions, affiliations, organisation types, junk."""
    return _read_yaml(CONTEXT_PATH)


@lru_cache(maxsize=1)
def outlet_keys() -> frozenset[str]:
    """The news outlets' names (actor_context.yaml `junk.outlets`), folded: sources, not actors."""
    return frozenset(fold_key(o) for o in context()["junk"]["outlets"])


@lru_cache(maxsize=4)
def load_entries(path: str | None = None) -> tuple[ActorEntry, ...]:
    """Dictionary, then the world list (a name the dictionary has is skipped), then every state and its forces."""
    entries: list[ActorEntry] = []
    names: set[str] = set()
    sources = [Path(path)] if path else [DICTIONARY_PATH, WORLD_PATH]
    for src in sources:
        for i, raw in enumerate(_read_yaml(src).get("actors") or []):
            e = _entry(raw, src, i)
            if e.name not in names:
                names.add(e.name)
                entries.append(e)
    if path is None:
        _add_states(entries)
    return tuple(entries)


@lru_cache(maxsize=1)
def state_rows() -> tuple[dict, ...]:
    """The rows of states.csv (iso3, name, names, demonyms, capitals, seats), read once."""
    with open(STATES_PATH, newline="", encoding="utf-8") as fh:
        return tuple(csv.DictReader(fh))


def _add_states(entries: list[ActorEntry]) -> None:
    """Each state of states.csv: its state entry (the dictionary's, else a new one), its military and police."""
    force_names = context()["force_names"]
    forms = force_names.get("country_forms") or {}
    rows = state_rows()
    by_name = {e.name: e for e in entries}
    for row in rows:
        iso3, name = row["iso3"], row["name"]
        state = next((e for e in entries if e.country == iso3 and e.type in STATE_TYPES and e.state_names), None)
        if state is None:
            state = ActorEntry(id=f"dict:{slug(name)}", name=name, type="foreign state", country=iso3)
            entries.append(state)
        state.country_name = name
        state.state_names = _merge(state.state_names, [name] + _split(row["names"]) + _official_names(iso3))
        state.demonyms = _merge(state.demonyms, _split(row["demonyms"]))
        state.capitals = _merge(state.capitals, _split(row["capitals"]))
        state.seats = _merge(state.seats, _split(row["seats"]))
        formal = forms.get(iso3, name)        # "the Philippines" in "Military Forces of the Philippines"
        for force in ("military", "police"):
            unit = next((e for e in entries if e.country == iso3 and e.type == "state force" and e.force == force), None)
            if unit is None:
                unit_name = force_names[force].format(name=formal)
                unit = ActorEntry(id=f"dict:{slug(unit_name)}", name=unit_name, type="state force", country=iso3,
                                  aliases=_names_of(force_names[force], formal, name), force=force)
                entries.append(unit)
            unit.country_name = name
        for kind, spec in institutions().items():
            body_name = spec["name"].format(name=formal)
            body = by_name.get(body_name) or by_name.get(spec["name"].format(name=name))
            if body is None:
                body = ActorEntry(id=f"dict:{slug(body_name)}", name=body_name, type=spec["type"], country=iso3,
                                  aliases=_names_of(spec["name"], formal, name))
                entries.append(body)
            body.institution, body.country_name = kind, name


def _names_of(pattern: str, formal: str, short: str) -> list[tuple[str, None]]:
    """A generated body's names: with the state's name as such names write it, and with its short name."""
    return list(dict.fromkeys([(pattern.format(name=formal), None), (pattern.format(name=short), None)]))


def _official_names(iso3: str) -> list[str]:
    """The state's official name in ISO 3166 ("Republic of South Sudan", "Federal Republic of Nigeria"), so that "the
    Government of the Republic of X" is X's government; none where pycountry is missing or gives none."""
    try:
        import pycountry
    except ImportError:
        return []
    country = pycountry.countries.get(alpha_3=iso3)
    official = getattr(country, "official_name", None) if country else None
    return [official] if official and " of " in official else []


def _merge(have: list[str], more: list[str]) -> list[str]:
    seen = {fold_key(x) for x in have}
    out = list(have)
    for x in more:
        if fold_key(x) not in seen:
            seen.add(fold_key(x))
            out.append(x)
    return out


# -- the context lists, compiled -----------------------------------------------------------------
@lru_cache(maxsize=1)
def communities() -> frozenset[str]:
    """Ethnic, clan and religious communities' names, folded (actor_context.yaml `communities`)."""
    return frozenset(fold_key(w) for w in context().get("communities") or ())


def institutions() -> dict[str, dict]:
    """A state's institutions that are actors of their own (actor_context.yaml `institutions`), by kind."""
    return context().get("institutions") or {}


def _state_noun_groups() -> dict[str, list[str]]:
    """The state nouns by kind: government, military, police, then each institution's ("defence ministry")."""
    return {**context()["state_nouns"], **{kind: spec["nouns"] for kind, spec in institutions().items()}}


@lru_cache(maxsize=1)
def state_noun_regex() -> re.Pattern:
    """After a demonym or a state's name: an optional possessive, up to two qualifiers, one state noun
    ("Malian transitional government", "Niger's army", "Nigerien security forces", "Niger's defence ministry")."""
    groups = _state_noun_groups()
    alts = []
    for kind, nouns in groups.items():
        words = sorted({fold_key(n) for n in nouns}, key=len, reverse=True)
        alts.append(f"(?P<{kind}>" + "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in words) + ")")
    qual = r"(?:(?:transitional|interim|military|national|federal|central|regular|elite|ruling|new|former|local|" \
           r"de facto|top|senior|special|main|own|naval|ground|security|internationally\s+recogni[sz]ed|recogni[sz]ed|" \
           r"legitimate|exiled|elected|caretaker|incumbent|outgoing|provisional|civilian|unity|" \
           r"[a-z]+-(?:led|backed|run|aligned|appointed|dominated))\s+){0,2}"
    return re.compile(r"(?:'s?\s+|\s+)" + qual + "(?:" + "|".join(alts) + r")(?![\w])")


@lru_cache(maxsize=1)
def noun_of_regex() -> re.Pattern:
    """Before a state's name: "the government of", "the armed forces of", "the police of"."""
    groups = _state_noun_groups()
    alts = []
    for kind, nouns in groups.items():
        words = sorted({fold_key(n) for n in nouns}, key=len, reverse=True)
        alts.append(f"(?P<{kind}>" + "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in words) + ")")
    return re.compile(r"(?<![\w])(?:" + "|".join(alts) + r")\s+(?:of|in)\s+(?:the\s+)?$")


@lru_cache(maxsize=1)
def generic_name_words() -> frozenset[str]:
    return frozenset(fold_key(w) for w in context()["generic_name_words"])


@lru_cache(maxsize=1)
def region_adjectives() -> frozenset[str]:
    """Adjectives of a continent or region written before a name ("the European Takuba Task Force")."""
    return frozenset(fold_key(w) for w in context().get("region_adjectives") or ())


def generic_phrases() -> list[tuple[str, str, bool]]:
    """(phrase, kind, needs a clear main country)."""
    out = []
    for kind, groups in context()["generic"].items():
        for phrase in groups.get("any") or []:
            out.append((phrase, kind, False))
        for phrase in groups.get("clear") or []:
            out.append((phrase, kind, True))
    for kind, spec in institutions().items():
        out += [(phrase, kind, True) for phrase in spec.get("generic") or []]
    return out


def affiliation_phrases() -> list[tuple[str, str]]:
    """(cue phrase, parent name): "al Qaeda-linked", "IS's affiliate", "affiliate of Islamic State"…"""
    spec = context()["affiliations"]
    regional = [f"{{p}}'s {adj} {noun}" for adj in spec.get("region_adjectives") or []
                for noun in spec.get("region_nouns") or []]
    out = []
    for parent, info in spec["parents"].items():
        for p in info["names"]:
            for t in list(spec["cue_templates"]) + regional:
                out.append((t.format(p=p), parent))
    return out


@lru_cache(maxsize=1)
def affiliation_heads() -> re.Pattern:
    heads = sorted(context()["affiliations"]["heads"], key=len, reverse=True)
    return re.compile(r"\s+(?:" + "|".join(re.escape(h) for h in heads) + r")(?![\w])", re.I)


def affiliate(parent: str, country: str | None) -> str | None:
    return (context()["affiliations"]["parents"][parent].get("affiliates") or {}).get(country)


def parent_names(parent: str) -> list[str]:
    return context()["affiliations"]["parents"][parent]["names"]
