"""Actors from the knowledge base (watchfloor/read/knowledge.py) matched over a document.

Rules that keep precision on real text:
- aliases and descriptive mentions match in any case, with curly or straight quotes, across hyphens;
- abbreviations (and any all-capitals name: US, DRC) match as written or in capitals (FAMa, FAMA) — never in
  lower case ("au" is not the AU, "us" is not the United States);
- a country's name is an actor only in an actor's role ("France withdrew", "mediated by Algeria"), or with a
  state noun ("Niger's army", "the government of Chad"); a demonym only with a state noun ("Nigerien troops");
- a capital is its state only as the subject of a speech or decision verb ("Tehran denied"); a seat of power
  ("the Kremlin", "the Élysée") always is;
- "Long Name (ABBR)" defines ABBR for the rest of the document;
- generic mentions ("the junta", "the army"; "security forces" when the country is clear) go to the
  document's main country; franchise descriptions ("al Qaeda's affiliate in Mali", "IS-affiliated militants in
  northeastern Mali") go to that parent's affiliate in the country the sentence names;
- an alias used after an actor's validity ends goes to its successor (Wagner Group → Africa Corps).
People and organisations outside the knowledge base are found by watchfloor/read/people.py and
watchfloor/read/organisations.py.
"""
from __future__ import annotations

import bisect
import dataclasses
import re
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

from watchfloor.read import knowledge
from watchfloor.read.actor_roles import NAME_GOES_BEFORE, _in_actor_role, capital_as_state
from watchfloor.read.knowledge import ActorEntry, slug  # noqa: F401  (re-exported: reference.py, tests)
from watchfloor.read.matching import (ARABIC_ARTICLE, BRACKETED_ABBREVIATION, CALENDAR_WORDS, Match, PhraseMatcher, finditer_at, finditer_name, fold,
                                      fold_key, in_dateline_outlet, is_dateline, line_starts, spells, straight_quotes)
from watchfloor.read.quantities import number_value

ACTORS_PATH = knowledge.DICTIONARY_PATH
_ORG_WORDS = "|".join(sorted({  # longest first: "Brigades" before "Brigade"
    *("Movement|Front|Group|Brigade|Battalion|Army|Forces|Coalition|Alliance|Council|Committee|Union|Party|"
      "Militia|Organization|Organisation|Mission|Agency|Association|Coordination|Network|Institute|"
      "Platform|Framework|Force|Corps|Guard|Community|Federation|League|Commission|Office|Brigades|"
      "Mouvement|Groupe|Conseil|Comité|Coordination|Rassemblement|Forces|Armée|Mission|"
      "Forum|Centre|Center|Foundation|Fondation|University|Université|Partners|Analytics|Associates|"
      "Consultancy|Consulting|Advisory|Observatory|Initiative|Trust|Society|Cooperative|Company|"
      "Corporation|Bank|Authority|Service|Services|Directorate|Ministry|Department|Court|Tribunal|"
      "Assembly|Secretariat|Bureau|Programme|Program|Fund|Institut|Observatoire|Syndicate|Syndicat|Unit|Units|"
      "Consortium|Collective|Collectif|Watchers").split("|")},
    key=lambda w: (-len(w), w)))
_CAP = rf"(?:[A-Z][\w'’\-]*|{ARABIC_ARTICLE}[A-Z][\w'’\-]*|(?:of|for|the|and|in|de|du|des|la|le|pour|l'|et|al|wal|wa)(?=\s))"
_CANDIDATE_RE = re.compile(rf"\b(?:the\s+)?((?:[A-Z][\w'’\-]*\s+)(?:{_CAP}\s+){{0,7}}?(?:{_ORG_WORDS})\b(?:\s+(?:of|for|de|du|des|pour)\s+(?:the\s+|la\s+|l'|le\s+)?[A-Z][\w'’\-]*(?:\s+[A-Z][\w'’\-]*){{0,3}})?)")
_ACRONYM_RE = re.compile(r"\b[A-Z][A-Z0-9]{2,7}(?:-[A-Z0-9]{2,6})?\b")

_CAPITAL_AFTER = re.compile(r"[ \t]+[A-Z]")
_CAPITAL_WORD_BEFORE = re.compile(r"(?<![.!?:;\n])[ \t][A-Z][\w'’-]*[ \t]+$")      # (not the sentence's first word)
_ABBREVIATION = re.compile(r"(?:[A-Z]\.){2,4}|[A-Z]{2,6}")
# Nouns an international organisation's abbreviation qualifies without being the actor itself
_IO_ATTRIBUTIVE = re.compile(
    r"(?i)[ \t]+(?:special[ \t]+)?(?:envoys?|rapporteurs?|representatives?|coordinators?|"
    r"resident[ \t]+and[ \t]+humanitarian[ \t]+coordinator|(?:resident|humanitarian)[ \t]+coordinator|"
    r"(?:rights|refugee|aid|relief|humanitarian|human[ \t]+rights|migration|food)[ \t]+(?:chief|agency|official)|"
    r"agenc(?:y|ies)|personnel|staff|investigators|fact-finding[ \t]+mission|(?:peacekeeping[ \t]+)?mission|"
    r"vehicles?|convoys?|compound|premises|flag)\b")


def qualifies_another(text: str, end: int) -> bool:
    """Whether a body's abbreviation ending at `end` qualifies a role or a body of its own ("the UN envoy", "UN
    agencies"), not a named person ("UN envoy Hans Lindqvist": the person's mention holds it, people.py)."""
    m = _IO_ATTRIBUTIVE.match(text, end)
    return bool(m) and not _NAME_AFTER_ROLE.match(text, m.end())


_NAME_AFTER_ROLE = re.compile(r"[ \t]+[A-ZÀ-Ý][\w'’-]+")
_CIVILIAN_ADJECTIVE = re.compile(
    r"[\s-]+(?:rule|government|governments|authorities|authority|administration|leaders?|leadership|president|"
    r"presidency|prime minister|transition|power|control|oversight|institutions?|component|staff|courts?|"
    r"justice|life|politicians?|officials?|ministers?|cabinet|regime|order|affairs|aviation|airports?|flights?|"
    r"led|run|dominated|military|police|service|servants|society|politics|political|"
    r"infrastructure|objects|facilities|buildings|property|installations|sites|vehicles|aircraft|airliners?|"
    r"vessels?|ships?|shipping|"
    r"gouvernement|pouvoir|autorités|transition|président)\b", re.I)


def load_dictionary(path: str | None = None) -> tuple[ActorEntry, ...]:
    """The knowledge base as entries with ids 'dict:<slug>' (the same ids `watchfloor init` stores)."""
    return knowledge.load_entries(path)


@dataclass
class ActorIndex:
    entries: dict[str, ActorEntry]
    by_name: dict[str, ActorEntry]
    matcher: PhraseMatcher
    state_of: dict[str, str] = field(default_factory=dict)        # ISO3 → the state's entry id
    government_of: dict[str, str] = field(default_factory=dict)   # ISO3 → its government (else the state)
    military_of: dict[str, str] = field(default_factory=dict)
    police_of: dict[str, str] = field(default_factory=dict)
    institution_of: dict[str, dict[str, str]] = field(default_factory=dict)   # kind → ISO3 → the institution
    long_aliases: tuple[list[str], list[str]] | None = None        # see _long_aliases

    def knows(self, name: str) -> bool:
        """Whether `name` is one of the knowledge base's names or aliases (any country, any period)."""
        return fold_key(name) in self.matcher.payloads

    def of_country(self, kind: str, country: str | None) -> str | None:
        """The actor a state noun of `kind` (government, military, police, or an institution's kind) names in
        `country`."""
        if not country:
            return None
        table = {"government": self.government_of, "military": self.military_of, "police": self.police_of}.get(kind)
        return (table if table is not None else self.institution_of.get(kind, {})).get(country)


def build_index(extra: list[ActorEntry] | None = None, path: str | None = None) -> ActorIndex:
    """Knowledge-base entries plus `extra` (UCDP actors the knowledge base does not cover)."""
    entries = [dataclasses.replace(e, aliases=list(e.aliases)) for e in load_dictionary(path)]
    _merge_extra(entries, extra or [])
    by_id = {e.id: e for e in entries}
    index = ActorIndex(by_id, {e.name: e for e in entries}, PhraseMatcher(_phrases(entries)))
    for e in entries:
        if e.country and e.source == "dictionary":
            if e.type in knowledge.STATE_TYPES and e.state_names:
                index.state_of.setdefault(e.country, e.id)
            if e.type == "government":
                index.government_of.setdefault(e.country, e.id)
            if e.force == "military":
                index.military_of.setdefault(e.country, e.id)
            if e.force == "police":
                index.police_of.setdefault(e.country, e.id)
            if e.institution:
                index.institution_of.setdefault(e.institution, {}).setdefault(e.country, e.id)
    for iso3, state in index.state_of.items():
        index.government_of.setdefault(iso3, state)
    return index


def _merge_extra(entries: list[ActorEntry], extra: list[ActorEntry]) -> None:
    """UCDP actors: those the knowledge base names (by UCDP id, or a 'Government of X' for a state) lend it
    their names as aliases; the others join with the names no entry uses."""
    covered = {u for e in entries for u in e.ucdp}
    known = {fold_key(a) for e in entries for a, _ in e.aliases} | {fold_key(a) for e in entries for a in e.abbreviations}
    by_ucdp = {u: e for e in entries for u in e.ucdp}
    states = {fold_key(n): e for e in entries if e.type in knowledge.STATE_TYPES for n in e.state_names + [e.name]}
    for e in extra:
        owner = by_ucdp.get(e.ucdp[0]) if e.ucdp and set(e.ucdp) & covered else None
        if owner is None and e.type == "government" and e.name.startswith("Government of "):
            owner = states.get(fold_key(re.sub(r"\s*\(.*\)$", "", e.name[len("Government of "):])))
        if owner is not None:
            have = {fold_key(a) for a, _ in owner.aliases} | {fold_key(a) for a in owner.abbreviations}
            owner.aliases = owner.aliases + [(a, l) for a, l in e.aliases
                                             if fold_key(a) not in have and fold_key(a) not in known]
            continue
        e.aliases = [(a, l) for a, l in e.aliases if fold_key(a) not in known]
        e.abbreviations = [a for a in e.abbreviations if fold_key(a) not in known]
        if e.aliases or e.abbreviations:
            entries.append(e)


def _phrases(entries: list[ActorEntry]) -> list[tuple[str, tuple]]:
    """(phrase, payload) for the matcher; a payload is (actor id, how, detail). Local names come first: they
    win where the document's country is theirs."""
    phrases: list[tuple[str, tuple]] = []
    for e in entries:
        for iso3, names in e.local_aliases.items():
            phrases += [(n, (e.id, "local", iso3)) for n in names]
    for e in entries:
        phrases += [(alias, (e.id, "alias", alias)) for alias, _ in e.aliases]
        phrases += [(a, (e.id, "abbreviation", a)) for a in e.abbreviations]
        phrases += [(d, (e.id, "description", d)) for d in e.descriptions]
        phrases += [(s, (e.id, "state", s)) for s in e.state_names]
        phrases += [(d, (e.id, "demonym", d)) for d in e.demonyms]
        phrases += [(c, (e.id, "capital", c)) for c in e.capitals]
        phrases += [(s, (e.id, "seat", s)) for s in e.seats]
    phrases += [(p, ("", "generic", (kind, clear))) for p, kind, clear in knowledge.generic_phrases()]
    phrases += [(p, ("", "affiliation", parent)) for p, parent in knowledge.affiliation_phrases()]
    return phrases


def ucdp_entries(rows: list[tuple[str, str, str | None, list[str]]]) -> list[ActorEntry]:
    """UCDP actors (id, name, kind, aliases) as entries; communal groups are left out — an ethnic name in
    running text ("Fulani herders") is a description of people, not an organisation."""
    out = []
    for actor_id, name, kind, aliases in rows:
        if kind == "communal group":
            continue
        names = {a.strip() for a in aliases + [name] if a and a.strip()}
        names = {a for a in names if (len(a) > 3 or (a.isupper() and len(a) > 2)) and a.lower() not in _UCDP_SKIP
                 and not _generic_name(a)}
        ucdp_id = int(actor_id.split(":")[1]) if actor_id.startswith("ucdp:") and actor_id[5:].isdigit() else None
        abbrs = [n for n in names if n.isupper() and " " not in n]
        out.append(ActorEntry(id=actor_id, name=name.strip(), type=kind,
                              aliases=[(n, None) for n in sorted(names) if n not in abbrs],
                              abbreviations=sorted(abbrs), ucdp=[ucdp_id] if ucdp_id else [], source="ucdp"))
    return out


def _generic_name(name: str) -> bool:
    """'Patriotic Front', 'Union': made only of words many groups share (actor_context.yaml)."""
    if name.isupper() and " " not in name:
        return False
    words = knowledge.generic_name_words()
    return all(w in words for w in fold_key(name).replace("-", " ").split())


# UCDP names that are common words or report furniture in running text ("AIS": the ships' identification system).
_UCDP_SKIP = {"is", "the base", "islamic state", "army of islam", "ninjas", "platform", "supporters", "forces", "ais",
              "mujahideen", "opposition", "rebels", "insurgents", "militants"}


@dataclass
class ActorFinding:
    """Known actors found in a document, and the 'Long Name (ABBR)' definitions of unknown organisations."""
    found: dict[str, list[dict]]                       # actor id → mentions {text, start, end}
    unknown_definitions: dict[str, tuple[str, int, int]]   # ABBR → (long name, start, end)
    taken: list[tuple[int, int]]
    # a state's name or a capital the rules left as a place: (the state's id, start, end), for the parse to judge
    declined: list[tuple[str, int, int]] = field(default_factory=list)


def find_actors(text: str, folded: str, index: ActorIndex, *, keep=lambda start: True,
                published: date | None = None, main_country: str | None = None, country_clear: bool = False,
                place_spans: list[tuple[int, int]] = (),
                place_countries: list[tuple[int, int, str]] = ()) -> ActorFinding:
    """The knowledge base's actors in `text`. `place_countries` (start, end, ISO3) are the places whose
    country is certain: a franchise description takes the country its sentence names."""
    found: dict[str, list[dict]] = {}
    taken = _Spans()
    ctx = _Context(text, index, main_country, country_clear, published, sorted(place_countries))
    defined = _definitions(text, folded, index)        # abbreviation → actor id or unknown long name
    last_end = -1
    moved: list[tuple[str, str, int]] = []          # (actor, its successor, mention start) moved by date
    scan = _Rescan(index.matcher, folded)
    declined: list[tuple[str, int, int]] = []
    for m in scan:
        if m.start < last_end or not keep(m.start):
            continue
        hit = _resolve(m, ctx)
        if hit is None:
            state = _declined_state(m, ctx)
            if state:
                declined.append((state, m.start, m.end))
            continue
        actor_id, start, end = hit
        if in_dateline_outlet(text, start):
            continue          # "NAIROBI, 14 March 2025 (UN News) —": who filed the story
        if text[start - 1:start] == "-" and text[end:end + 1] == "-" and text[start - 2:start - 1].isalpha() and \
                text[end + 1:end + 2].isalpha():
            continue          # a word inside a hyphenated name: "AU" in "PORT-AU-PRINCE"
        entry = index.entries[actor_id]
        if entry.country and (entry.force or entry.institution or entry.type in knowledge.STATE_TYPES) and \
                not any(how == "generic" for _, how, _ in m.payloads):
            kind = entry.force or entry.institution or "government"
            ctx.last_state[kind] = entry.country          # "the Sudanese army … the army chief": Sudan's
        if entry.type == "international organisation" and _ABBREVIATION.fullmatch(text[start:end]) and \
                qualifies_another(text, end):
            continue          # "the UN envoy", "UN agencies", "the UN peacekeeping mission, MONUSCO": the
            #                   abbreviation qualifies a person or a body of its own, not the organisation acting
        if entry.type == "civilians" and _CIVILIAN_ADJECTIVE.match(text, end) and \
                m.key in ("civilian", "civil", "civile"):
            continue          # "civilian rule", "a civilian government": an adjective, not the victims
        if entry.type == "civilians" and text[start:start + 1].isupper() and _CAPITAL_AFTER.match(text, end) and \
                _CAPITAL_WORD_BEFORE.search(text, max(0, start - 40), start):
            continue          # "the Sahel Civilian Protection Network": a word of an organisation's name
        if published and entry.valid_until and published > entry.valid_until and entry.successor \
                and fold_key(entry.name.split()[0]) not in m.key and entry.successor in index.by_name:
            moved.append((actor_id, index.by_name[entry.successor].id, start))
            actor_id = index.by_name[entry.successor].id
        article = _ARTICLE_JOINED.search(text, max(0, start - 5), start)
        if article and text[start:start + 1].isupper():
            start = article.start()       # "the al-Kaniyat militia": the article joined to the name is part of it
        found.setdefault(actor_id, []).append({"text": text[start:end], "start": start, "end": end})
        taken.append((start, end))
        last_end = end
        scan.resolved = True
    for original, successor, start in moved:
        if original in found and successor in found:
            # the text names the original itself ("Russian mercenaries of the Wagner Group" in 2024): its
            # descriptions stay with it
            keep_here = [x for x in found[successor] if x["start"] == start]
            found[successor] = [x for x in found[successor] if x["start"] != start]
            found[original].extend(keep_here)
            if not found[successor]:
                del found[successor]
    _drop_codes_only_in_headings(text, found)
    _bracketed_after_known(text, found)
    defined.update(_foreign_abbreviations(text, found, defined, index))
    unknown: dict[str, tuple[str, int, int]] = {}
    for abbr, (target, long_start, long_end) in defined.items():
        named = _actor_of_long_name(found, text, long_start, long_end)
        if named:
            target = named       # "the Lebanese Armed Forces (LAF)": the abbreviation is the actor the long name is
        if target in index.entries:
            _claim_abbreviation(found, abbr, target)
        if target not in index.entries:
            unknown[abbr] = (target, long_start, long_end)
            _release_abbreviation(found, taken, abbr, index)
            continue
        if keep(long_start) and not any(long_start <= m["start"] and m["end"] <= long_end
                                        for m in found.get(target, ())):
            # the long name before a known abbreviation is that actor's, whatever shorter names it holds
            # ("the Islamic State in the Greater Sahel (ISGS)" is not the Islamic State)
            for other in [a for a in found if a != target]:
                inside = [m for m in found[other] if long_start <= m["start"] and m["end"] <= long_end]
                if inside and len(inside) == len(found[other]):
                    del found[other]
                elif inside:
                    found[other] = [m for m in found[other] if m not in inside]
            if all(long_start <= a and b <= long_end for a, b in taken if a < long_end and long_start < b):
                found.setdefault(target, []).append({"text": text[long_start:long_end], "start": long_start,
                                                     "end": long_end})
                taken.append((long_start, long_end))
        for m in finditer_name(abbr, text):
            if not keep(m.start()) or _overlaps(taken, m.start(), m.end()):
                continue
            found.setdefault(target, []).append({"text": m.group(0), "start": m.start(), "end": m.end()})
            taken.append((m.start(), m.end()))
    for mentions in found.values():
        mentions.sort(key=lambda x: x["start"])
    declined = [d for d in declined if not _overlaps(taken, d[1], d[2])]
    return ActorFinding(found, unknown, list(taken), declined)


def _drop_codes_only_in_headings(text: str, found: dict[str, list[dict]]) -> None:
    """A code of two or three capitals in an all-capitals heading may be a word ("TWIN CAR BOMBS", "US"): an actor
    named only so, and nowhere else in the document, is dropped."""
    for actor_id, mentions in list(found.items()):
        if all(len(m["text"]) <= 3 and m["text"].isupper() and _shouting(text, m["start"], m["end"]) for m in mentions):
            del found[actor_id]


_LEAD_ARTICLE = re.compile(r"(?:(?:The|the|Le|La|Les|L['’])\s*)?")


def _actor_of_long_name(found: dict[str, list[dict]], text: str, long_start: int, long_end: int) -> str | None:
    """The actor whose mention is the whole long name of a definition (after a leading article), if the scan
    found one: its context may have resolved it ("Lebanese Armed Forces" is Lebanon's military)."""
    for actor_id, mentions in found.items():
        for m in mentions:
            if m["end"] == long_end and m["start"] >= long_start and \
                    _LEAD_ARTICLE.fullmatch(text[long_start:m["start"]]) and len(m["text"].split()) >= 2:
                return actor_id
    return None


def _foreign_abbreviations(text: str, found: dict[str, list[dict]], defined: dict, index: ActorIndex
                           ) -> dict[str, tuple[str, int, int]]:
    """Abbreviations in another language's word order after a known actor's whole name ("the Haitian National
    Police (PNH)", "the National Liberation Army (ELN)"): the actor's, when the letters are unknown to the
    knowledge base and at least half of them open words of the name (not an outlet's "(AFP)")."""
    out = {}
    for long_start, long_end, abbr in _long_names(text):
        if abbr in defined or abbr in out or not _FOREIGN_ABBR.fullmatch(abbr) or \
                index.matcher.payloads.get(fold_key(abbr)) or fold_key(abbr) in knowledge.outlet_keys():
            continue
        named = _actor_of_long_name(found, text, long_start, long_end)
        if named is None:
            continue
        initials = {w[0].upper() for w in re.findall(r"[A-Za-z][\w'’]*", text[long_start:long_end])}
        letters = set(abbr)
        if 2 * len(letters & initials) >= len(letters):
            out[abbr] = (named, long_start, long_end)
    return out


_FOREIGN_ABBR = re.compile(r"[A-Z][A-Z0-9]{1,5}")


_LEADING_ARTICLE = re.compile(r"(?i)(?:the|les?|la|l['’])[ \t]*")


def _bracketed_after_known(text: str, found: dict[str, list[dict]]) -> None:
    """"Les Forces armées togolaises (FAT)": an abbreviation in brackets right after a known actor's mention, whose
    letters that mention gives, is that actor in this document (whatever else the knowledge base calls FAT)."""
    for actor_id, mentions in list(found.items()):
        for m in list(mentions):
            b = BRACKETED_ABBREVIATION.match(text, m["end"])
            name = _LEADING_ARTICLE.sub("", m["text"], count=1)
            if b and " " in name and spells(b.group(1), name):
                _claim_abbreviation(found, b.group(1), actor_id)
                if not any(x["start"] == b.start(1) for x in found.get(actor_id, ())):
                    found[actor_id].append({"text": b.group(1), "start": b.start(1), "end": b.end(1)})
                    found[actor_id].sort(key=lambda x: x["start"])


def _claim_abbreviation(found: dict[str, list[dict]], abbr: str, target: str) -> None:
    """A document's own definition decides what its abbreviation means: mentions of `abbr` the knowledge base
    gave to another actor (another 'SNA') move to `target`."""
    moved = _pop_mentions(found, abbr, [a for a in found if a != target])
    if moved:
        found.setdefault(target, []).extend(moved)


def _release_abbreviation(found: dict[str, list[dict]], taken: "_Spans", abbr: str, index: ActorIndex) -> None:
    """A body the knowledge base lacks, defined with its abbreviation ("the Transitional Presidential Council
    (CPT)"): an actor of the worldwide UCDP list that only shares the abbreviation (the Communist Party of Thailand)
    is not in this document; its mentions are let go, for the unknown body to claim. The curated knowledge base's
    actors keep theirs: a long name it lacks is more often their name in another language ("la Mission de l'ONU en
    RDC (MONUSCO)")."""
    gone = {(m["start"], m["end"]) for m in
            _pop_mentions(found, abbr, [a for a in found if index.entries[a].source == "ucdp"])}
    if gone:
        taken.items = [span for span in taken.items if (span[0], span[1]) not in gone]


def _pop_mentions(found: dict[str, list[dict]], abbr: str, owners: list[str]) -> list[dict]:
    """The mentions written `abbr`, taken from the `owners` (an actor left with none is dropped)."""
    out = []
    for other in owners:
        mine = [m for m in found[other] if m["text"] == abbr]
        if mine:
            out += mine
            found[other] = [m for m in found[other] if m["text"] != abbr]
            if not found[other]:
                del found[other]
    return out


# A capital named as such just before its name: "the capital, Port-au-Prince,", "the Nigerien capital Niamey", "la
# capitale, Bamako"
_CAPITAL_NAMED = re.compile(r"(?i)\b(?:the|its|their|la|sa)\s+(?:[\w-]+\s+){0,2}?(?:capital|capitale)\s*[,(]?\s*$")


def _declined_state(m, ctx: "_Context") -> str | None:
    """The state a capitalised state name or capital stands for, where the rules took it for a place."""
    surface = ctx.text[m.start:m.end]
    if not surface[:1].isupper() or _shouting(ctx.text, m.start, m.end) or (surface.isupper() and len(surface) > 4) \
            or re.match(r"\s*[:—–|]", ctx.text[m.end:m.end + 3]) or is_dateline(ctx.text, m.start, m.end) \
            or NAME_GOES_BEFORE.search(ctx.text, max(0, m.start - 25), m.start) \
            or _CAPITAL_NAMED.search(ctx.text, max(0, m.start - 40), m.start):
        return None           # a dateline ("OUAGADOUGOU, 28 September"), a label ("Sudan: …"), the end of a
        #                       longer place's name ("Mocímboa da Praia"), a capital named as the place it is ("In
        #                       the capital, Port-au-Prince, gangs attacked …")
    for actor_id, how, detail in m.payloads:
        if how in ("state", "capital") and _shouted_or_lowered(detail, straight_quotes(surface), how):
            continue          # "Sadr" is not "SADR"
        if how == "state":
            return ctx.index.state_of.get(ctx.index.entries[actor_id].country, actor_id)
        if how == "capital":
            return actor_id
    return None


class _Rescan:
    """The matcher's phrases left to right; where the longest phrase at a position is no actor there ("les forces
    armées" with no country), the phrases starting at its next words are tried ("Forces armées de la RDC")."""

    def __init__(self, matcher: PhraseMatcher, folded: str):
        self.matcher, self.folded, self.resolved = matcher, folded, False

    def __iter__(self):
        pos, search, payloads = 0, self.matcher.search, self.matcher.payloads
        while True:
            rm = search(self.folded, pos)
            if not rm:
                return
            key = " ".join(rm.group(0).split())
            self.resolved = False
            yield Match(rm.start(), rm.end(), key, tuple(payloads.get(key, ())))
            if self.resolved:
                pos = rm.end()
            else:
                nxt = self.folded.find(" ", rm.start(), rm.end())
                pos = nxt + 1 if nxt >= 0 else rm.end()


@dataclass
class _Context:
    text: str
    index: ActorIndex
    main_country: str | None
    country_clear: bool
    published: date | None
    place_countries: list[tuple[int, int, str]]
    last_state: dict[str, str] = field(default_factory=dict)     # kind → the country last named with that kind
    headings: list[tuple[int, str]] | None = None                 # (line start, country) of country headings


# The Persian or Arabic connectors that join a name's words ("Lashkar-e-Taiba", "Jamaat-ud-Dawa", "Tehrik-i-Taliban")
IZAFAT_CONNECTOR = r"(?:e|i|ul|ud|ur|us|ut|wal)"
_IZAFAT_BEFORE = re.compile(rf"[A-Za-z]-{IZAFAT_CONNECTOR}-$")


def _resolve(m, ctx: _Context) -> tuple[str, int, int] | None:
    """(actor id, start, end) for one phrase match, or None when the context says it is no actor here."""
    text, index = ctx.text, ctx.index
    if m.start > 3 and text[m.start - 1] == "-" and _IZAFAT_BEFORE.search(text, max(0, m.start - 12), m.start):
        return None           # "Amal" of "Muttahida Majlis-e-Amal", "Taliban" of "Tehrik-i-Taliban": a longer name's
    surface = straight_quotes(text[m.start:m.end])
    payloads = m.payloads
    for actor_id, how, detail in payloads:
        if how in ("alias", "abbreviation", "state", "demonym", "capital", "seat", "description") and \
                _shouted_or_lowered(detail, surface, how):
            continue
        if how == "local":
            if (_section_country(ctx, m.start) or ctx.main_country) == detail:     # the paragraph's country first
                return actor_id, m.start, m.end
        elif how == "abbreviation":
            if len(surface) <= 3 and _shouting(text, m.start, m.end):
                continue      # "WHAT IS NEXT": a heading, not the Islamic State
            return actor_id, m.start, m.end
        elif how in ("state", "demonym"):
            hit = _state_phrase(m, ctx, actor_id, how)
            if hit:
                return hit
        elif how == "capital":
            if capital_as_state(text, m.start, m.end):
                return actor_id, m.start, m.end
        elif how == "seat":
            if surface[:1].isupper():
                return actor_id, m.start, m.end
        elif how == "generic":
            kind, clear = detail
            named = _PLACE_NAMED_AFTER.match(text, m.end, m.end + 60)
            if named and not _TITLE_AFTER_OF.match(text, m.end) and \
                    (named.group(1).lower() != "in" or _names_a_state(index, named.group(2))):
                continue      # "the government of Chad", "the army in Mali": the country decides (its own alias),
                #               not the document; "Police in Mandera arrested …": a town, the country below
            if _generic_blocked(text, m.start) or _known_abbreviation_before(text, m.start, index):
                continue      # "UN troops", "foreign soldiers", "the RSF soldiers", "AUSSOM troops" (a heading's
                #               first words): not the state's
            if _ONE_MEMBER_BEFORE.search(text, max(0, m.start - 40), m.start):
                continue      # "a federal member of parliament": one member's seat, not the body acting
            if kind == "police" and re.match(r"\s+(?:stations?|posts?|headquarters|checkpoints?)\b", text[m.end:m.end + 20]):
                continue      # "attacked police stations": the buildings
            after = _NEXT_WORD.match(text, m.end)
            if after and any(h == "demonym" for _, h, _ in index.matcher.payloads.get(fold_key(after.group(1)), ())):
                continue      # "le gouvernement congolais": the demonym names the country
            country = _section_country(ctx, m.start)
            if country is None and not ctx.country_clear and ctx.last_state.get(kind):
                country = ctx.last_state[kind]
            if country is None and ctx.main_country and (ctx.country_clear or not clear):
                country = ctx.main_country
            target = index.of_country(kind, country)
            if target:
                contracted = _CONTRACTED_ARTICLE.match(text, m.start, m.end)   # "du gouvernement": "gouvernement"
                return target, contracted.end() if contracted else m.start, m.end
        elif how == "affiliation":
            hit = _affiliation(m, ctx, detail, surface)
            if hit:
                return hit
        else:
            entry = index.entries[actor_id]
            if entry.source != "dictionary" and not surface[:1].isupper():
                continue        # UCDP names are proper names
            if (entry.force or re.search(r"(?i)\b(?:military|army|navy|air force)$", surface)) and \
                    _adjectival(text, m.start, m.end):
                continue        # "Russian military bloggers": not the forces
            if " " in detail and surface[:1].isupper() and _inside_longer_name(text, m.start, index):
                continue        # "Security Council" in "the National Security Council": another body
            if entry.type == "international organisation" and " " in detail and surface[:1].isupper() and \
                    _state_before(text, m.start, index):
                continue        # "Armenia's Security Council", "the Kenyan Security Council": the state's own body
            if entry.source != "dictionary" and " " not in detail.strip() and _NEXT_NAME_WORD.match(text, m.end):
                continue        # UCDP's "Jama'at" in "Jama'at Nusrat ul-Islam": the first word of another name
            if detail[:1].isupper() and " " not in detail.strip() and not surface[:1].isupper() and \
                    not _NAMED_AS_BEFORE.search(text, max(0, m.start - 30), m.start):
                continue        # a one-word proper name written in lower case is a common word (but not after
                #                 "known as": "clan militias known as ma'awisley")
            if " " in detail.strip() and all(w[:1].isupper() for w in detail.split() if len(w) > 3) and \
                    surface.islower():
                continue        # a name written all in lower case is a description ("held a security council")
            return _parent_as_affiliate(m, ctx, entry) or actor_id, m.start, m.end
    return None


# Words that make a parent group's name the parent itself ("militants linked to al Qaeda", "pledged allegiance to
# the Islamic State", "the Islamic State's central leadership"), not its local branch.
_TO_THE_PARENT = re.compile(r"(?i)\b(?:linked|tied|ties|affiliated|allied|aligned|loyal|loyalty|allegiance|pledged|links|"
                            r"connected|connections|joined|joining|(?:affiliates?|branch(?:es)?|arms?|wings?|franchises?|"
                            r"provinces?|part|leadership|leaders?|core|heart|remnants) of)\s+(?:to\s+|with\s+)?(?:the\s+)?$")
_PARENT_ITSELF_AFTER = re.compile(r"(?i)\s*(?:['’]s\s+)?(?:central|core|global|caliphate|leadership|leader|"
                                  r"spokes(?:man|person)|affiliates?|branch(?:es)?|provinces?|franchises?|wilayat)\b")


_LONGER_NAME_AFTER = re.compile(r"[ \t]+(?:(?:in|of|for)[ \t]+(?:the[ \t]+)?)?[A-Z]")   # "Islamic State in the Great Sahara"


def _parent_as_affiliate(m, ctx: "_Context", entry) -> str | None:
    """A parent group's own name used for its local affiliate ("the Islamic State group killed 20 villagers" in a
    report on western Niger is ISSP; "al Qaeda" in a report on Mali is JNIM): the affiliate in the paragraph's or
    the document's country (actor_context.yaml `affiliations`); None where the words around name the parent itself
    or the country has no affiliate."""
    parents = knowledge.context()["affiliations"]["parents"]
    if entry.name not in parents or _TO_THE_PARENT.search(ctx.text, max(0, m.start - 40), m.start) or \
            _PARENT_ITSELF_AFTER.match(ctx.text, m.end) or \
            (_LONGER_NAME_AFTER.match(ctx.text, m.end) and not ctx.text[m.start:m.end].isupper()):
        return None
    country = _section_country(ctx, m.start) or (ctx.main_country if ctx.country_clear else None)
    local = ctx.index.by_name.get(knowledge.affiliate(entry.name, country) or "")
    return local.id if local else None


_PLACE_NAMED_AFTER = re.compile(r"\s+(of|in|for|de|du|des|d['’])\s+(?:the\s+|la\s+|l['’])?"
                                r"([A-Z][\w'’-]*(?:[ \t]+[A-Z][\w'’-]*){0,2})")


def _names_a_state(index, words: str) -> bool:
    """The capitalised words open with a state's name ("Kenya", "Burkina Faso", "South Sudan Monday"), not a
    town's, a region's or a person's."""
    parts = words.split()
    return any(how == "state" for n in range(len(parts), 0, -1)
               for _, how, _ in index.matcher.payloads.get(fold_key(" ".join(parts[:n])), ()))


# "the government of Prime Minister X", "the junta of Captain X": a title after "of", not a country.
_TITLE_AFTER_OF = re.compile(r"\s+of\s+(?:the\s+)?(?:President|Prime Minister|Premier|Captain|Colonel|General|"
                             r"Lieutenant|Lt\.?|Col\.?|Gen\.?|Capt\.?|Major|Commander|Marshal|Field Marshal|"
                             r"Brigadier|Admiral|King|Emir|Sultan|Chancellor|Lieutenant-Colonel)\b")
_BLOCKING_WORDS = frozenset("un u.n. nato au eu foreign international peacekeeping western european russian french "
                            "american us u.s. allied coalition rebel rebels mutinous private ecowas regional "
                            "multinational".split())


# French contracts a preposition with the article ("du" = "de le", "aux" = "à les"): the preposition is no part
# of the mention.
_CONTRACTED_ARTICLE = re.compile(r"(?i)(?:du|au|aux|des)\s+")


_ARTICLE_JOINED = re.compile(rf"(?<![\w'’-]){ARABIC_ARTICLE}$")
_ONE_MEMBER_BEFORE = re.compile(r"(?i)\b(?:an?|one|un|une)\s+(?:[\w-]+\s+)?(?:member|membre|députée?)\s+"
                                r"(?:of|du|de)\s+(?:the\s+|la\s+|l['’])?$")


_SHOUTED_WORD_BEFORE = re.compile(r"\b([A-Z][A-Z0-9-]{1,11})\s+$")


def _known_abbreviation_before(text: str, start: int, index: "ActorIndex") -> bool:
    """Whether a known actor's abbreviation stands right before a generic noun ("AUSSOM troops", "Somalia: AUSSOM
    troops hit …"): the noun is that actor's people, wherever the sentence or heading starts."""
    prev = _SHOUTED_WORD_BEFORE.search(text, max(0, start - 14), start)
    return bool(prev) and any(how == "abbreviation" for _, how, _ in index.matcher.payloads.get(fold_key(prev.group(1)), ()))


def _generic_blocked(text: str, start: int) -> bool:
    """A generic state noun qualified by a word that makes it someone else's ("UN troops", "foreign soldiers",
    "RSF soldiers") or by a capitalised name."""
    prev = re.search(r"([\w.'’-]+?)([.!?:;,\"”)\]]*)\s+$", text[max(0, start - 30):start])
    if not prev or prev.group(2) or "\n" in text[max(0, start - 30):start][prev.end(1):]:
        return False          # the first words of a sentence, a clause or a line
    word = prev.group(1)
    if fold_key(word) in _BLOCKING_WORDS:
        return True
    before = text[max(0, start - 30):start][:prev.start(1)].rstrip()
    sentence_start = not before or before[-1] in ".!?:;\n\"(“—–"      # (and a dateline's dash: "GAO, 3 May — Two …")
    return word[:1].isupper() and not sentence_start and word not in ("The", "A", "An") and \
        fold_key(word) not in knowledge.generic_name_words() and fold_key(word) not in CALENDAR_WORDS and \
        number_value(word) is None          # "Two gendarmes": a count, no name


_ADJECTIVAL = re.compile(r"\s+(?:bloggers?|analysts?|experts?|commentators?|sources?|equipment|hardware|aid|assistance|"
                         r"cooperation|co-operation|ties|doctrine|spending|budget|exports?|contractors?|companies|company|"
                         r"industry|makers?|manufacturers?|producers?|firms?|academy|academies|historians?|journalists?|channels?|media|television|"
                         r"observers?|think tank|veterans?|bases?|advis[eo]rs?|installations|facilities|presence|"
                         r"responses?|options?|strateg(?:y|ies)|capabilit(?:y|ies)|posture|build-?up|footprint|"
                         r"planners?)\b")
# An attack's verb before "a Somali army base": the base is the target, and the force holding it with it
_ATTACKED_BEFORE = re.compile(r"(?i)\b(?:attacks?\s+on|attacked|assaults?\s+on|assaulted|overr[au]n|stormed|storming\s+of|"
                              r"raided|raids?\s+on|shelled|shelling\s+of|struck|targeted|ambushed|seized|captured|"
                              r"overwhelmed|besieged|siege\s+of)\s+(?:(?:a|an|the|two|three|several|one\s+of\s+the)\s+)?$")


def _adjectival(text: str, start: int, end: int) -> bool:
    """Whether a force's name at text[start:end] is an adjective of the noun after it ("Russian military bloggers",
    "US military bases"), though not a base its attackers struck ("attacked a Somali army base")."""
    after = _ADJECTIVAL.match(fold(text[end:end + 30]))
    return bool(after) and not (after.group(0).strip().startswith("base") and
                                _ATTACKED_BEFORE.search(text, max(0, start - 40), start))


_NEXT_WORD = re.compile(r"\s+([\w'’-]+)")
_NEXT_NAME_WORD = re.compile(r"[ \t]+(?:(?:al|el|ul|wa|wal|ad|ash|as|an|ar|at)-)?[A-Z][\w'’-]")
_COUNTRY_LABEL = re.compile(r"\s*(?:[-*•]\s*)?([A-Z][\w'’ -]{2,30}?)\s*[.:—–-]\s"
                            # or a paragraph that opens on the country it turns to ("In Myanmar, the junta …",
                            # "Au Niger, la junte …")
                            r"|\s*(?:In|Meanwhile in|En|Au|Aux)\s+([A-Z][\w'’ -]{2,30}?),\s")


def _section_country(ctx: "_Context", pos: int) -> str | None:
    """The country a paragraph is about: its label ("Burkina Faso. The government said…", "- Niger: …"), else
    the country of all its certain places when it names two or more of them."""
    text = ctx.text
    para_start = text.rfind("\n\n", 0, pos)
    para_start = 0 if para_start < 0 else para_start + 2
    line_start = text.rfind("\n", 0, pos) + 1
    for start in (line_start, para_start):
        label = _COUNTRY_LABEL.match(text, start)
        if label and label.end() <= pos + 1:
            hit = ctx.index.matcher.payloads.get(fold_key(label.group(1) or label.group(2)), ())
            for actor_id, how, _ in hit:
                if how == "state":
                    return ctx.index.entries[actor_id].country
    heading = _heading_country(ctx, pos)
    if heading:
        return heading        # "BURKINA FASO", "## 3. Niger — threat level: high": the section's country
    if ctx.country_clear:
        return None           # a document about one country: only a label changes it
    para_end = text.find("\n\n", pos)
    para_end = len(text) if para_end < 0 else para_end
    k = bisect.bisect_left(ctx.place_countries, (para_start, -1, ""))
    countries = []
    for s, e, iso3 in ctx.place_countries[k:]:
        if s >= para_end:
            break
        countries.append(iso3)
    if len(countries) >= 2 and len(set(countries)) == 1:
        return countries[0]
    return None


# A heading line that names a country: its number or markdown marks, the name, then nothing or a dash or colon and a
# few more words ("MALI", "## 3. Niger — threat level: HIGH", "Burkina Faso:")
_HEADING_LINE = re.compile(r"(?m)^[ \t]*(?:#{1,4}[ \t]*)?(?:\d{1,2}[.)][ \t]*)?(?:\*\*)?([A-ZÀ-Ý][\w'’ -]{2,30}?)(?:\*\*)?"
                           r"[ \t]*(?:[—–:-][^\n]{0,40})?[ \t]*$")

# (a line with more characters than these besides spaces and tabs is no heading: marks, number, name, dash and words)
_HEADING_MOST = 4 + 3 + 2 + 31 + 2 + 1 + 40


def _short_line_starts(text: str, most: int) -> list[int]:
    """The starts of the lines of `text` that hold at most `most` characters other than spaces and tabs."""
    out = []
    find = text.find
    for c in line_starts(text):
        e = find("\n", c)
        line = text[c:e] if e >= 0 else text[c:]
        if len(line) - line.count(" ") - line.count("\t") <= most:
            out.append(c)
    return out


def _heading_country(ctx: "_Context", pos: int) -> str | None:
    """The country of the last heading line before `pos` that names only a country (found once per document)."""
    if ctx.headings is None:
        ctx.headings = []
        for m in finditer_at(_HEADING_LINE, ctx.text, _short_line_starts(ctx.text, _HEADING_MOST)):
            for actor_id, how, _ in ctx.index.matcher.payloads.get(fold_key(m.group(1).strip()), ()):
                if how == "state":
                    ctx.headings.append((m.start(), ctx.index.entries[actor_id].country))
                    break
        if ctx.headings:     # another heading ("OUTLOOK", "## Recommendations") ends a country's section
            countries = {a for a, _ in ctx.headings}
            ctx.headings += [(m.start(), "") for m in _OTHER_HEADING.finditer(ctx.text) if m.start() not in countries]
            ctx.headings.sort()
    k = bisect.bisect_right(ctx.headings, (pos, "~")) - 1
    return (ctx.headings[k][1] or None) if k >= 0 else None


_OTHER_HEADING = re.compile(r"(?m)^[ \t]*(?:#{1,4}[ \t]+\S[^\n]{0,60}|[A-Z][A-Z0-9 ,&'’()/—–:-]{2,60})[ \t]*$")


_STATE_OWNER_BEFORE = re.compile(r"([A-Z][\w-]*(?:\s+[A-Z][\w-]*)?)(?P<s>['’]s)?(?:\s+(?:national|own))?\s+$")


def _state_before(text: str, start: int, index: ActorIndex) -> bool:
    """A state's name with 's ("Armenia's") or its nationality ("Kenyan") right before `start`."""
    m = _STATE_OWNER_BEFORE.search(text, max(0, start - 40), start)
    if not m:
        return False
    owner = m.group(1)
    if m.group("s"):
        return _names_a_state(index, owner) or _names_a_state(index, owner.split()[-1])
    return is_nationality(index, owner.split()[-1])


def _inside_longer_name(text: str, start: int, index: ActorIndex | None = None) -> bool:
    """The word before is capitalised and on the same phrase ("National Security Council"), and is neither a
    sentence's first word (after a dateline's dash too), a calendar word nor a nationality ("Russian Wagner
    mercenaries", "the European Takuba Task Force": an adjective in front of the name)."""
    before = re.search(r"([A-Z][\w'’-]*)(\s+)$", text[max(0, start - 30):start])
    if not before or not _same_phrase(text, start - len(before.group(2)), before.group(2)):
        return False
    word = before.group(1)
    prev = text[max(0, start - 30):start][:before.start(1)].rstrip()
    if not prev or prev[-1] in ".!?:;\n\"(—–-" or word.lower() in CALENDAR_WORDS or \
            word in ("The", "A", "An", "UN", "U.N.", "NGO", "INGO", "CSO") or _BACKER.search(word) or \
            re.search(r"['’]s?$", word):
        return False          # "the conservation NGO African Parks", "UAE-backed Giants Brigades", "Koufa's Katiba
        #                       Macina": no part of the name
    return not (fold_key(word) in knowledge.region_adjectives() or (index is not None and is_nationality(index, word)))


def _same_phrase(text: str, gap_start: int, gap: str) -> bool:
    """Words either side of a gap can be one name: no blank line between, and a line break only where a long line
    was wrapped ("… the National Security\nCouncil"), not after a header line ("By John Smith\n\nNiger's junta")."""
    if "\n" not in gap:
        return True
    line_start = text.rfind("\n", 0, gap_start) + 1
    return gap.count("\n") == 1 and gap_start - line_start >= 60


# The words of a qualifier written onto a name ("UAE-backed", "Abidjan-based", "IS-linked"): never part of the name
QUALIFIER_WORDS = r"backed|linked|led|allied|aligned|affiliated|supported|funded|based|run|controlled|sponsored"
_BACKER = re.compile(rf"-(?:{QUALIFIER_WORDS}|armed|trained)$")


@lru_cache(maxsize=100_000)
def _in_capitals(phrase: str) -> bool:
    """At least two letters, all capitals (a dictionary phrase: asked again for every mention)."""
    letters = [c for c in phrase if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters)


def _shouted_or_lowered(phrase: str, surface: str, how: str) -> bool:
    """An all-capitals name (US, DRC, IS) or an abbreviation matches only as written or fully capitalised; an
    abbreviation of five letters or more read as a word also as a name ("Minusma", "Monusco", "Ecowas")."""
    if how == "abbreviation":
        plain = " ".join(surface.replace("-", " ").split())
        wanted = straight_quotes(phrase).replace("-", " ")
        return plain not in (wanted, wanted.upper()) and not (
            len(wanted) >= 5 and wanted.isalpha() and wanted.isupper() and plain == wanted.capitalize())
    if _in_capitals(phrase):
        return " ".join(surface.replace("-", " ").split()) != " ".join(straight_quotes(phrase).replace("-", " ").split())
    return False


# A military machine's model or maker after a demonym: a word with a digit (F-16, Su-25, TB2, MQ-9, Mi-24) or a maker's
# or type's name, one or two of them; and the machines a state's forces fly
_MODEL_AFTER = re.compile(r"(?:[ \t]+(?:[A-Z][A-Za-z]*-?\d+[A-Za-z]*|Bayraktar|Sukhoi|MiG|Mirage|Rafale|Tornado|Typhoon|"
                          r"Reaper|Predator|Apache|Shahed|Akinci|Akıncı|Wing[ \t]+Loong|Tucano|Super[ \t]+Tucano|Hind|"
                          r"Cobra|Black[ \t]+Hawk|Chinook|Harop|Hermes|Heron|Gripen|Hercules|Antonov)){1,2}(?=[ \t])")
_MACHINE = re.compile(r"(?:fighter |military |combat |attack )?(?:jets?|drones?|helicopters?|aircraft|warplanes?|gunships?|"
                      r"helicopter gunships|fighter planes|planes)")


def _state_phrase(m, ctx: _Context, actor_id: str, how: str) -> tuple[str, int, int] | None:
    """A state's name or demonym: with a state noun ("Malian troops", "Niger's junta", "the army of Chad") the
    state's government, military or police; a bare name in an actor's role the state."""
    text, index = ctx.text, ctx.index
    country = index.entries[actor_id].country
    french = None
    if how == "demonym":
        french = _french_noun(_FRENCH_NOUN_BEFORE, m, text, index, country)   # "le gouvernement congolais"
    elif how == "state" and text[m.start:m.start + 1].isupper():
        french = _french_noun(_FRENCH_NOUN_OF, m, text, index, country)       # "les Forces armées du Tchad"
    if french:
        return french
    if not text[m.start:m.start + 1].isupper():
        return None
    if _FORMER_BEFORE.search(text, max(0, m.start - 20), m.start):
        return None           # "former Colombian soldiers", "ex-Colombian soldiers": no longer the state's force
    if how == "state" and _SUBNATIONAL_AFTER.match(text, m.end):
        return None           # "Kagara, Niger State", "Niger state governor": a Nigerian state, not the country
    noun = knowledge.state_noun_regex().match(fold(text[m.end:m.end + 80]))
    at = m.end
    if noun is None and how == "demonym" and (other := _AND_DEMONYM.match(text, m.end)) and \
            not _OWNER_BEFORE.search(text, max(0, m.start - 25), m.start) and \
            any(h == "demonym" for _, h, _ in index.matcher.payloads.get(fold_key(other.group(1)), ())):
        # "Malian and Russian forces", "US and British aircraft": the noun after the second demonym is the first's too
        # (not "its Indian and Rwandan contingents": a mission's)
        noun = knowledge.state_noun_regex().match(fold(text[other.end():other.end() + 80]))
        if noun and not _adjectival(text, other.start(1), other.end() + noun.end()) and \
                "\n" not in text[m.end:other.end() + noun.end()]:
            kind = next(k for k, v in noun.groupdict().items() if v)
            target = index.of_country(kind, country)
            if target:
                return target, m.start, m.end
        noun = None
    if noun is None and (model := _MODEL_AFTER.match(text, m.end)):
        # an aircraft's or drone's model between ("Iraqi F-16 jets", "Turkish Bayraktar TB2 drones"): the state's
        # forces, when the noun is one of its forces' machines
        noun = knowledge.state_noun_regex().match(fold(text[model.end():model.end() + 80]))
        if noun and not (noun.groupdict().get("military") and _MACHINE.fullmatch(noun.group("military"))):
            noun = None
        at = model.end() if noun else m.end
    if noun and _adjectival(text, m.start, at + noun.end()):
        noun = None           # "Russian military bloggers", "US military aid": the noun is an adjective here
    if noun and "\n" in text[m.end:at + noun.end()]:
        noun = None           # "BENIN" as a heading, "Soldiers …" opening the next line: two things
    if noun and noun.group(0).rstrip().endswith(("embassy", "embassies")) and \
            _SITE_OBJECT_BEFORE.search(text, max(0, m.start - 40), m.start):
        return None           # "the bombing of the US embassy in Nairobi", "outside the French embassy": a site
    if noun:
        kind = next(k for k, v in noun.groupdict().items() if v)
        target = index.of_country(kind, country)
        if target:
            return target, m.start, at + noun.end()
    lead = knowledge.noun_of_regex().search(fold(text[max(0, m.start - 60):m.start]))
    if lead:
        lead_start = max(0, m.start - 60) + lead.start()
        word = re.search(r"[^\W\d_]", text[lead_start:m.start])
        if word and text[lead_start + word.start()].isupper() and _inside_longer_name(text, lead_start + word.start(), index):
            return None       # "the Islamic State in Mali": the noun belongs to another name
        if _ANOTHER_NAME_AFTER.match(text, m.end):
            return None       # "soldiers of the Sudan People's Liberation Army": the state's name opens another's
        demonym = _WORD_BEFORE.search(text, max(0, lead_start - 30), lead_start)
        if _OWNER_BEFORE.search(text, max(0, lead_start - 25), lead_start) or \
                re.match(r"(?i)(?:peacekeepers|contingents?)\s+in\b", text[lead_start:m.start]) or \
                (demonym and is_nationality(index, demonym.group(1))):
            return None       # "attacks on its forces in Iraq", "their troops in Mali", "Kenyan troops in Somalia":
            #                   another's forces there; "peacekeepers in the DRC" are never its own
        kind = next(k for k, v in lead.groupdict().items() if v)
        target = index.of_country(kind, country)
        if target:
            return target, lead_start, m.end
    if how == "state" and _in_actor_role(text, m.start, m.end):
        return index.state_of.get(country, actor_id), m.start, m.end
    return None


_AND_DEMONYM = re.compile(r"[ \t]+(?:and|&|et)[ \t]+([A-Z][\w'’-]+)(?=[ \t])")


def _french_noun(rx: re.Pattern, m, text: str, index: ActorIndex, country: str) -> tuple[str, int, int] | None:
    """The state's force or government a French noun right before the name gives (`rx`: the noun before a demonym
    or before "du"/"de"/"d'" and the state's name), from the noun's start to the name's end."""
    found = rx.search(text, max(0, m.start - 60), m.start)
    if not found or _FORMER_BEFORE.search(text, max(0, found.start() - 20), found.start()):
        return None           # ("d'anciens militaires colombiens": no longer the state's force)
    target = index.of_country(next(k for k, v in found.groupdict().items() if v), country)
    return (target, found.start(), m.end) if target else None


_WORD_BEFORE = re.compile(r"([A-ZÀ-Ý][\w'’-]+)[ \t]+$")
_FORMER_BEFORE = re.compile(r"(?i)(?:\b(?:former|retired|one-time|anciens?|anciennes?)[ \t]+|\bex-[ \t]*)$")
_NAMED_AS_BEFORE = re.compile(r"(?i)\b(?:known\s+as|called|dubbed|styled|appel[ée]e?s?|connue?s?\s+sous\s+le\s+nom\s+de)"
                              r",?[ \t]+[*_\"“«]?[ \t]*$")
# Before a building's name: where something happened to it or near it ("the bombing of the US embassy")
_SITE_OBJECT_BEFORE = re.compile(r"(?i)\b(?:attacks?\s+on|attacked|bombing\s+of|bombed|stormed|storming\s+of|"
                                 r"fired\s+on|opened\s+fire\s+on|struck|hit|targeted|torched|set\s+fire\s+to|"
                                 r"siege\s+of|outside|near|at|in|inside|into|towards)\s+(?:the\s+)?$")
# More capitalised words after a state's name, up to an organisation's head word: another body's name
_ANOTHER_NAME_AFTER = re.compile(r"(?:['’]s)?(?:[ \t]+(?:[A-Z][\w'’-]*|of|for|and|the)){0,4}?[ \t]+(?:Army|Movement|"
                                r"Front|Forces?|Party|Council|Union|Alliance|Brigades?|Militias?|Group|Coalition|"
                                r"Congress|Liberation|Defen[cs]e|Resistance|Salvation)\b")
_PLURAL_UNITS = r"(?:states|provinces|regions)\b(?![ \t]+(?:that|it|its|the|an?)\b)"     # (not the verb "states that")
_SUBNATIONAL_AFTER = re.compile(r"[ \t]+(?:State|state|Region|Province)\b(?![ \t]+(?:of|forces|troops|media))|"
                                r"(?:[ \t]*,[ \t]*[A-Z][\w'’-]*(?:[ \t]+[A-Z][\w'’-]*)?)*[ \t]*,?[ \t]+(?:and|&)[ \t]+"
                                rf"[A-Z][\w'’-]*(?:[ \t]+[A-Z][\w'’-]*)?[ \t]+{_PLURAL_UNITS}|[ \t]+{_PLURAL_UNITS}")
#   ("Kebbi, Niger and Zamfara states", "Kaduna and Niger states": a list of Nigerian states)
_OWNER_BEFORE = re.compile(r"(?i)\b(?:its|their|his|her|our|whose|foreign|international|coalition|allied|western)\s+$")


# French puts the demonym after the noun: "le gouvernement congolais", "les troupes rwandaises".
_FRENCH_NOUN_BEFORE = re.compile(
    r"(?:(?P<government>\b(?:le\s+|du\s+|au\s+)?(?:gouvernement|pouvoir|régime|présidence|junte|diplomatie|"
    r"autorités)(?:\s+de\s+transition)?)|"
    r"(?P<foreign_ministry>\b(?:le\s+|du\s+|au\s+)?ministère\s+des\s+affaires\s+étrangères)|"
    r"(?P<defence_ministry>\b(?:le\s+|du\s+|au\s+)?ministère\s+de\s+la\s+défense)|"
    r"(?P<legislature>\b(?:l['’]|le\s+|du\s+|au\s+)?(?:assemblée\s+nationale|parlement))|"
    r"(?P<gendarmerie>\b(?:la\s+|les\s+|des\s+)?(?:gendarmerie(?:\s+nationale)?|gendarmes))|"
    r"(?P<military>\b(?:l['’]|les\s+|des\s+|aux\s+|la\s+)?(?:armée|forces armées|forces de défense et de sécurité|"
    r"forces|troupes|soldats?|militaires?|unités|contingents?|aviation|état-major|renforts|casques? bleus?)"
    r"(?:\s+régulières?|\s+nationales?)?)|"
    r"(?P<police>\b(?:la\s+|les\s+)?(?:police|policiers?)(?:\s+nationale)?))\s+$", re.I)
# The same nouns before "du"/"de"/"d'" and a state's name: "les Forces armées du Tchad", "l'armée d'Haïti"
_FRENCH_NOUN_OF = re.compile(_FRENCH_NOUN_BEFORE.pattern[:-len(r"\s+$")] +
                             r"\s+(?:du\s+|des\s+|de\s+la\s+|de\s+l['’]\s*|de\s+|d['’]\s*)$", re.I)


def _affiliation(m, ctx: _Context, parent: str, surface: str) -> tuple[str, int, int] | None:
    """'al Qaeda's affiliate in Mali', 'IS-affiliated militants in northeastern Mali': the parent's affiliate in
    the country the sentence names (else the document's), or the parent itself where it has none."""
    text, index = ctx.text, ctx.index
    names = knowledge.parent_names(parent)
    if not any((n in surface) if n.isupper() else (fold_key(n) in fold_key(surface)) for n in names):
        return None           # "is linked": a verb, not the Islamic State
    folded_surface = fold(surface)
    for n in names:
        k = folded_surface.find(fold(n))
        if k > 0:
            longer = index.matcher.regex.match(fold(text[m.start + k:m.start + k + 120]))
            if longer and m.start + k + longer.end() > m.end:
                return None   # "the Saharan branch of Al-Qaeda in the Islamic Maghreb": a longer name follows
    end = m.end
    head = knowledge.affiliation_heads().match(text, end)
    if head:
        end = head.end()
    if re.match(r"\s+(?:the\s+)?[A-Z][\w'’-]+", text[end:end + 40]) and \
            not re.search(r"\s(?:in|en|au|dans)$", surface) and not _country_at(ctx, end, end + 40):
        return None           # "al Qaeda-linked Ansar Dine": the group is named
    country = _country_near(ctx, m.start, end) or ctx.main_country
    name = knowledge.affiliate(parent, country) or parent
    entry = index.by_name.get(name)
    return (entry.id, m.start, end) if entry else None


def _sentence_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    left = max(text.rfind(". ", 0, start), text.rfind("\n", 0, start), text.rfind("? ", 0, start))
    right_candidates = [i for i in (text.find(". ", end), text.find("\n", end), text.find("? ", end)) if i >= 0]
    return left + 1, min(right_candidates) if right_candidates else len(text)


def _country_at(ctx: _Context, start: int, end: int) -> str | None:
    k = bisect.bisect_left(ctx.place_countries, (start, -1, ""))
    for s, e, iso3 in ctx.place_countries[k:]:
        if s >= end:
            break
        return iso3
    return None


def _country_near(ctx: _Context, start: int, end: int) -> str | None:
    """The country of the first certain place after the mention in its sentence, else the last one before it."""
    s0, s1 = _sentence_bounds(ctx.text, start, end)
    after = _country_at(ctx, end, s1)
    if after:
        return after
    k = bisect.bisect_left(ctx.place_countries, (start, -1, ""))
    for s, e, iso3 in reversed(ctx.place_countries[:k]):
        if s < s0:
            break
        return iso3
    return None


_PAREN_ABBR = re.compile(r"\(\s*([A-Z][A-Za-z0-9\-]{1,11})\s*\)")
_TOKEN = re.compile(r"[\w'’\-]+")
_CONNECTORS = {"of", "for", "the", "and", "in", "de", "du", "des", "la", "le", "pour", "et", "al", "wal", "wa", "l'",
               "d'", "to", "on", "a", "à", "en", "ul", "el"}


def _long_names(text: str):
    """(long name start, end, abbreviation) for each 'Long Name (ABBR)': the run of capitalised words and
    connectors right before the parenthesis."""
    for m in _PAREN_ABBR.finditer(text):
        head_start = max(0, m.start() - 160)
        toks = list(_TOKEN.finditer(text, head_start, m.start()))
        if not toks or text[toks[-1].end():m.start()].strip():
            continue
        run = []
        for t in reversed(toks):
            if run and re.search(r"[.;:!?,()\[\]\n]", text[t.end():run[-1].start()]):
                break
            w = t.group(0)
            if w[:1].isupper() or w.lower() in _CONNECTORS or w.lower().startswith(("l'", "d'")) or \
                    re.match(r"(?:al|el|ad|an|as|ash|at|ar|wal|ul|bin|ibn|wa-l|wa-al)-[A-Z]", w):
                run.append(t)
            else:
                break
            if len(run) >= 13:
                break
        while run and not run[-1].group(0)[:1].isupper():
            run.pop()                     # the long name starts with a capital
        if len(run) >= 2:
            yield run[-1].start(), run[0].end(), m.group(1)
        else:
            french = _french_long_name(text, toks, m.group(1))
            if french is not None:
                yield french, toks[-1].end(), m.group(1)


# A French body's name opens with its kind, capitalised, and goes on in lower case: "Mouvement burkinabè des
# droits de l'homme et des peuples (MBDHP)", "Ligue tchadienne des droits de l'homme (LTDH)".
_FRENCH_BODY_HEADS = frozenset("mouvement association collectif coordination comité comite conseil ligue observatoire "
                               "syndicat union front rassemblement fédération federation coalition alliance réseau reseau "
                               "organisation groupe centre institut parti plateforme commission cellule agence "
                               "office haut haute autorité autorite".split())
_FRENCH_GLUE = frozenset("de du des la le les l d et pour en au aux à sur contre".split())


def _french_long_name(text: str, toks: list, abbr: str) -> int | None:
    """Where a French body's long name before '(ABBR)' starts: at a capitalised kind of body at most 12 words
    back in the same sentence, when the first letters of the name's words other than articles and prepositions
    spell the abbreviation."""
    letters = abbr.replace("-", "").upper()
    words: list[str] = []
    for t in reversed(toks[-12:]):
        if words and re.search(r"[.;:!?()\[\]\n]", text[t.end():t.end() + 2]):
            return None
        w = re.sub(r"^[LlDd]['’]", "", t.group(0))
        if w and w.lower() not in _FRENCH_GLUE:
            words.append(w)
        if t.group(0)[:1].isupper() and fold_key(t.group(0)) in _FRENCH_BODY_HEADS:
            initials = "".join(x[0] for x in reversed(words)).upper()
            return t.start() if initials == letters else None
    return None


def _definitions(text: str, folded: str, index: ActorIndex) -> dict[str, tuple[str, int, int]]:
    """'the Permanent Strategic Framework (CSP)' → {'CSP': (actor id, start, end of the long name)};
    an unknown organisation's long name becomes a candidate."""
    out: dict[str, tuple[str, int, int]] = {}
    for long_start, long_end, abbr in _long_names(text):
        if not abbr.isupper() and sum(c.isupper() for c in abbr) < 2:
            continue
        target = None
        for hit in index.matcher.finditer(folded[long_start:long_end]):
            if hit.end + long_start == long_end and _whole_name(text, long_start, long_end, hit.start, abbr):
                for actor_id, how, _ in hit.payloads:
                    if how in ("alias", "description", "abbreviation") and actor_id:
                        target = actor_id
                        break
        if target is None:
            spelt = _spelled_known(text, long_start, long_end, abbr, index)
            if spelt:
                target, long_start = spelt
        if target is None:
            words = list(_TOKEN.finditer(text, long_start, long_end))
            lead = _LEAD_OF_LONG_NAME.match(text[long_start:long_end])
            if lead:
                long_start += lead.end()
                words = list(_TOKEN.finditer(text, long_start, long_end))
            letters = abbr.replace("-", "").upper()
            owner = _BODYS_OWNER.match(text, long_start, long_end)
            translated = None
            for start in (long_start, owner.end() if owner else None):
                full = " ".join(text[start:long_end].split()) if start is not None else ""
                if full and _spells_translated(_initials(full), letters) and re.search(_ORG_WORDS, full):
                    translated = full, start
                    break
            if translated:
                # a name translated from another language: "National Council for the Safeguard of the Homeland
                # (CNSP)" spells the French initials in another order; its owner's name is not part of it
                # ("Cameroon's Rapid Intervention Battalion (BIR)", "Mali's National Guard (GN)")
                out.setdefault(abbr, (translated[0], translated[1], long_end))
                continue
            # keep the trailing capitalised run that the abbreviation spells out
            for w in words:
                tail = text[w.start():long_end]
                ini = _initials(tail)
                if w.group(0)[:1].isupper() and ini and abbr.replace("-", "")[:1].upper() == ini[:1]:
                    target, long_start = " ".join(tail.split()), w.start()
                    break
            if target is None or (not re.search(_ORG_WORDS, target) and len(ini) < 2 and
                                  fold_key(target.split()[0]) not in _FRENCH_BODY_HEADS):
                continue
        out.setdefault(abbr, (target, long_start, long_end))
    return out


# A body's members named before it ("Soldiers of the …", "Militiamen of the …", "Membres de …"): no part of its name
# (here, and in organisations._ARTICLE)
MEMBER_NOUNS = (r"Members|Officials|Fighters|Leaders|Elements|Units|Soldiers|Troops|Officers|Commanders|Supporters|"
                r"Representatives|Militiamen|Militants|Combatants|Gunmen|Followers|Remnants|Rebels|Insurgents|"
                r"Jihadists|Loyalists|Membres|Éléments|Combattants|Responsables|Soldats")
# What opens a long name's run without being part of the name: an article, or the body's members ("Soldiers of the
# Rapid Intervention Battalion (BIR)")
_LEAD_OF_LONG_NAME = re.compile(r"(?:(?:" + MEMBER_NOUNS + r")\s+(?:of|de|du|des)\s+)?"
                                r"(?:(?:The|the|A|An|Le|La|Les|le|la|les)\s+|[Ll]['’]\s*)?(?=\S)")
# An owner's name before a body's ("Cameroon's Rapid Intervention Battalion"): one or two capitalised words and 's
_BODYS_OWNER = re.compile(r"[A-ZÀ-Ý][\w-]*(?:[ \t]+[A-ZÀ-Ý][\w-]*)?['’]s[ \t]+(?=[A-ZÀ-Ý])")


def _spells_translated(ini: str, letters: str) -> bool:
    """Whether a long name's initials `ini` spell its abbreviation's `letters` in another order, as a name
    translated from another language does (the French "CNSP" of "National Council for the Safeguard of the
    Homeland", "GN" of "National Guard"): three or more initials that share most letters, or two that are the
    same two letters."""
    if len(ini) == 2:
        return sorted(ini) == sorted(letters)
    return len(ini) >= 3 and ini[0] in letters and abs(len(ini) - len(letters)) <= 1 and \
        sum(c in ini for c in set(letters)) * 2 >= len(set(letters)) + 1


def _whole_name(text: str, long_start: int, long_end: int, offset: int, abbr: str) -> bool:
    """Whether a known name found at `offset` into a definition's long name is the whole of it: not when the
    capitalised words before it spell the abbreviation's first letters with it ("the Ugandan People's Defence
    Force (UPDF)" is not the People's Defence Force)."""
    before = text[long_start:long_start + offset]
    lead = _LEAD_ARTICLE.match(before)
    before = before[lead.end():]
    if not before.strip():
        return True
    return _initials(before) + _initials(text[long_start + offset:long_end]) != abbr.replace("-", "").upper()


def _initials(name: str) -> str:
    """The first letters of a name's capitalised words ('Kenya Defence Forces' → 'KDF')."""
    return "".join(w[0] for w in re.findall(r"[A-Za-z][\w'’]*", name) if w[0].isupper())


def _spelled_known(text: str, start: int, end: int, abbr: str, index: ActorIndex) -> tuple[str, int] | None:
    """(actor id, start of the name) for a long name before a known abbreviation that is spelt unlike any of the
    actor's aliases ("Jamaat Nusrat al-Islam wa-l-Muslimin (JNIM)"), when it, or its end from a capitalised word
    on ("Fighters of Jamaat …"), is close to one of them."""
    from rapidfuzz import fuzz
    starts = [m.start() for m in re.finditer(r"(?<![\w'’-])[A-Z]", text[start:end])]
    for actor_id, how, _ in index.matcher.payloads.get(fold_key(abbr), ()):
        if how != "abbreviation" or not actor_id:
            continue
        entry = index.entries[actor_id]
        names = [fold_key(n) for n in [entry.name] + [a for a, _ in entry.aliases] if len(n.split()) >= 2]
        scored = [(max((fuzz.ratio(key, n) for n in names), default=0), offset) for offset in starts
                  if len((key := fold_key(text[start + offset:end])).split()) >= 2]
        best = max(scored, default=None)
        if best and best[0] >= SPELT_NAME_SCORE:
            return actor_id, start + best[1]
    return None


# how close a long name written before a known abbreviation must be to one of the actor's names (rapidfuzz ratio):
# lower than FUZZY_NAME_SCORE because the abbreviation already names the actor
SPELT_NAME_SCORE = 75


class _Spans:
    """Taken character spans, kept sorted, for overlap tests in logarithmic time."""

    def __init__(self, spans=()):
        self.items = sorted(spans)
        self.longest = max((b - a for a, b in self.items), default=0)

    def append(self, span: tuple[int, int]) -> None:
        bisect.insort(self.items, span)
        self.longest = max(self.longest, span[1] - span[0])

    def __iter__(self):
        return iter(self.items)


def _overlaps(spans, s: int, e: int) -> bool:
    if isinstance(spans, _Spans):
        items = spans.items
        lo = bisect.bisect_left(items, (s - spans.longest, -1))
        hi = bisect.bisect_left(items, (e, -1))
        return any(a < e and s < b for a, b in items[lo:hi])
    return any(a < e and s < b for a, b in spans)


def line_around(text: str, start: int, end: int) -> tuple[str, int]:
    """The line that holds text[start:end], and where it starts."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    return text[line_start:line_end if line_end >= 0 else len(text)], line_start


def _shouting(text: str, start: int, end: int) -> bool:
    """An all-capitals line (a heading) is not a list of acronyms."""
    return _shouted_line(line_around(text, start, end)[0])


@lru_cache(maxsize=4096)
def _shouted_line(line: str) -> bool:
    """Mostly capitals (asked for every short name on the line)."""
    letters = list(filter(str.isalpha, line))
    return len(letters) > 12 and sum(map(str.isupper, letters)) > 0.7 * len(letters)


def drop_mentions(found: dict[str, list[dict]], drop) -> bool:
    """Remove from `found` (actor id -> mentions) the mentions for which `drop(mention)` is true, and the actors
    left with none; whether any was removed."""
    dropped = False
    for actor_id in list(found):
        kept = [m for m in found[actor_id] if not drop(m)]
        dropped = dropped or len(kept) != len(found[actor_id])
        if kept:
            found[actor_id] = kept
        else:
            del found[actor_id]
    return dropped


def actor_list(found: dict[str, list[dict]], index: ActorIndex) -> list[dict]:
    """Known actors: [{name, type, id, known, mentions}] in order of first mention."""
    out = []
    for actor_id, mentions in sorted(found.items(), key=lambda kv: kv[1][0]["start"]):
        e = index.entries[actor_id]
        out.append({"name": e.name, "type": e.type, "id": actor_id, "known": True, "mentions": mentions})
    return out


def display_name(entry: ActorEntry) -> str:
    """How a person's organisation is named: a state, its government and forces by the country's name."""
    if entry.country_name and (entry.type in knowledge.STATE_TYPES or entry.force):
        return entry.country_name
    return entry.name


# -- unknown names that are known actors after all -------------------------------------------------------------
_POSSESSOR = re.compile(r"^([\w.'’ -]+?)['’]s?\s+(?=\S)")
_NAMING = ("alias", "abbreviation", "description")


def _naming_actor(index: ActorIndex, key: str) -> str | None:
    for actor_id, how, _ in index.matcher.payloads.get(key, ()):
        if how in _NAMING and actor_id:
            return actor_id
    return None


def is_nationality(index: ActorIndex, word: str) -> bool:
    """A demonym or a region's adjective ("Russian", "European"): a word that qualifies a name or stands before
    one without being part of it."""
    key = fold_key(word)
    return key in knowledge.region_adjectives() or \
        any(how == "demonym" for _, how, _ in index.matcher.payloads.get(key, ()))


def _qualifier(index: ActorIndex, word: str) -> bool:
    """A nationality, or a state's name or capital: words that qualify a name without being it."""
    return is_nationality(index, word) or \
        any(how in ("state", "capital") for _, how, _ in index.matcher.payloads.get(fold_key(word), ()))


def _long_aliases(index: ActorIndex) -> tuple[list[str], list[str]]:
    """The knowledge base's names of three words or more, folded, with their actors: what a transliteration may
    misspell. Built once per index."""
    if index.long_aliases is None:
        keys, ids = [], []
        for key, payloads in index.matcher.payloads.items():
            if len(key.split()) >= 3 and len(key) >= 15:
                actor_id = next((a for a, how, _ in payloads if how == "alias" and a), None)
                if actor_id:
                    keys.append(key)
                    ids.append(actor_id)
        index.long_aliases = (keys, ids)
    return index.long_aliases


# how close a misspelt long name must be to a known one (rapidfuzz's ratio, 0–100); chosen on the train and dev
# reports: transliterations ("Jama'at Nusrat ul-Islam wa al-Muslimin") score 90+, different groups that share
# words ("Islamic State West Africa Province" / "Islamic State Central Africa Province") about 85
FUZZY_NAME_SCORE = 90


def known_actor_for(name: str, index: ActorIndex) -> str | None:
    """The known actor an unknown organisation's name names after all: with a state's possessive or a nationality
    in front ("Russia's Wagner Group", "Malian FAMa"), or misspelt in transliteration (a long name only)."""
    words = name.split()
    while words and fold_key(words[0]) in ("the", "le", "la", "les"):
        words = words[1:]
    rest = " ".join(words)
    possessor = _POSSESSOR.match(rest)
    if possessor and _qualifier(index, possessor.group(1)):
        rest = rest[possessor.end():]
    parts = rest.split()
    while len(parts) > 1 and _qualifier(index, parts[0]):
        parts = parts[1:]
    qualified = rest != " ".join(parts) or (possessor is not None and rest != " ".join(words))
    rest = " ".join(parts)
    if not rest:
        return None
    hit = _naming_actor(index, fold_key(rest))
    if hit and qualified and index.entries[hit].type == "international organisation":
        return None           # "Armenia's Security Council", "the Kenyan National Assembly": the state's own body
    if hit or len(parts) < 3:
        return hit
    from rapidfuzz import fuzz, process
    keys, ids = _long_aliases(index)
    best = process.extractOne(fold_key(rest), keys, scorer=fuzz.ratio, score_cutoff=FUZZY_NAME_SCORE)
    return ids[best[2]] if best else None


def absorb_known(organisations: list[dict], finding: ActorFinding, index: ActorIndex) -> list[dict]:
    """Move the unknown organisations that `known_actor_for` resolves into the finding's known actors; return the
    others."""
    out = []
    known = [(x["start"], x["end"], a) for a, ms in finding.found.items() for x in ms]
    for org in organisations:
        target = known_actor_for(org["name"], index) or next(
            # its long name is a known actor's mention ("Les Forces armées béninoises (FAB)": FAB is that actor's),
            # or a state force's generic mention begins it ("la Police nationale d'Haïti (PNH)")
            (a for m in org["mentions"] if " " in m["text"] for s, e, a in known
             if min(e, m["end"]) - max(s, m["start"]) >= 0.8 * (m["end"] - m["start"]) or
             (s <= m["start"] < e < m["end"] and index.entries[a].force)), None)
        if target is None:
            out.append(org)
            continue
        mentions = finding.found.setdefault(target, [])
        mentions.extend(m for m in org["mentions"]
                        if not any(x["start"] < m["end"] and m["start"] < x["end"] for x in mentions))
        mentions.sort(key=lambda x: x["start"])
    return out

