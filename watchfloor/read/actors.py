"""Actors: the dictionary (watchfloor/data/actors.yaml, plus the UCDP actor list) matched over a document.

Rules that keep precision on real text:
- aliases and descriptive mentions match in any case, with curly or straight quotes, across hyphens;
- abbreviations match as written or in capitals (FAMa, FAMA) — never in lower case ("au" is not the AU);
- a country's name is an actor only in an actor's role ("France withdrew", "mediated by Algeria");
- "Long Name (ABBR)" defines ABBR for the rest of the document, for known actors and candidates alike;
- generic mentions ("the junta", "the army") go to the actor of that type in the document's main country;
- an alias used after an actor's validity ends goes to its successor (Wagner Group → Africa Corps);
- organisations not in the dictionary are reported as candidates, not dropped.
"""
from __future__ import annotations

import bisect
import dataclasses
import re
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
import yaml

from watchfloor.config import DATA_DIR
from watchfloor.read.matching import PhraseMatcher, fold, fold_key, straight_quotes

ACTORS_PATH = DATA_DIR / "actors.yaml"

# Verbs that make a country name an actor when they follow it ("France withdrew its troops").
_ACTOR_VERBS = (
    "withdrew withdraws withdraw withdrawn announced announces deployed deploys sent sends signed signs accused accuses "
    "condemned condemns said says demanded demands expelled expels suspended suspends imposed imposes ordered orders "
    "agreed agrees called calls urged urges rejected rejects supported supports launched launches conducted conducts "
    "recalled recalls closed closes hosted hosts mediated mediates decided decides pledged pledges provided provides "
    "threatened threatens denied denies requested requests asked asks refused refuses warned warns criticized "
    "criticised criticizes criticises welcomed welcomes recognized recognised maintains maintained plans planned sought "
    "seeks offered offers brokered brokers backed backs funded funds trained trains armed arms left leaves quit quits "
    "pulled pulls ended ends severed severs cut cuts froze freezes sanctioned sanctions joined joins helped helps "
    "stated states declared declares claimed claims responded responds evacuated evacuates began begins started starts "
    "continued continues reduced reduces increased increases delivered delivers supplied supplies sold sells "
    "bought buys struck strikes attacked attacks bombed bombs intervened intervenes invaded invades negotiated "
    "negotiates summoned summons retaliated retaliates vowed vows insisted insists promised promises reaffirmed "
    "expressed expresses terminated terminates hopes hoped wants wanted seeks proposed proposes facilitated "
    "announce leave leaves accept accepts accepted agree host hosts hosted refuse decline declined reject keep keeps "
    "kept close send deploy withdraw suspend recognise recognize sign join quit condemn demand halt halted stop "
    "stopped resume resumed offer lead leads led remains remained became become calls called summoned "
    "parvienne parvient accepte refuse soutient dénonce exige annonce retire envoie déploie menace propose "
    "cherche tente veut entend rompt quitte signe condamne "
    "a annoncé retiré déployé signé condamné accusé demandé expulsé suspendu "
    "revoked revokes broke breaks formed forms created creates established establishes ratified ratifies adopted "
    "adopts turned turns hired hires relied relies received receives acquired acquires purchased purchases allied "
    "aligned sided mobilised mobilized mobilises mobilizes recruited recruits invited invites blamed blames "
    "cooperated cooperates partnered partners entered enters dispatched dispatches contributed contributes exited "
    "exits concluded concludes strengthened strengthens deepened deepens expanded expands "
    "announcing deploying withdrawing signing sending accusing demanding rejecting hosting joining leaving "
    "rompu quitté annoncé expulsé formé créé ratifié rejoint dénoncé").split()
_AUX = {"has", "have", "had", "will", "would", "is", "was", "also", "then", "reportedly", "officially", "quickly",
        "formally", "later", "subsequently", "publicly", "recently", "could", "may", "might", "should", "must", "did",
        "does", "not", "never", "already", "finally", "itself", "too", "has been", "ne", "n'a", "pas", "now", "still",
        "currently", "jointly", "together", "again", "first", "soon", "also", "both", "on", "monday", "tuesday",
        "wednesday", "thursday", "friday", "saturday", "sunday", "yesterday", "today", "last", "week", "month"}
_ORG_WORDS = ("Movement|Front|Group|Brigade|Battalion|Army|Forces|Coalition|Alliance|Council|Committee|Union|Party|"
              "Militia|Organization|Organisation|Mission|Agency|Association|Coordination|Network|Institute|"
              "Platform|Framework|Force|Corps|Guard|Community|Federation|League|Commission|Office|Brigades|"
              "Mouvement|Groupe|Conseil|Comité|Coordination|Rassemblement|Forces|Armée|Mission")
_CAP = r"(?:[A-Z][\w'’\-]*|al-[A-Z][\w'’\-]*|(?:of|for|the|and|in|de|du|des|la|le|pour|l'|et|al|wal|wa)(?=\s))"
_CANDIDATE_RE = re.compile(rf"\b(?:the\s+)?((?:[A-Z][\w'’\-]*\s+)(?:{_CAP}\s+){{0,7}}?(?:{_ORG_WORDS})(?:\s+(?:of|for|de|du|des|pour)\s+(?:the\s+|la\s+|l'|le\s+)?[A-Z][\w'’\-]*(?:\s+[A-Z][\w'’\-]*){{0,3}})?)")
_ACRONYM_RE = re.compile(r"\b[A-Z][A-Z0-9]{2,7}(?:-[A-Z0-9]{2,6})?\b")
_NOT_ACTOR_ACRONYMS = {"BLUF", "USD", "EUR", "CFA", "GDP", "UTC", "GMT", "PDF", "HTML", "URL", "NGO", "NGOS", "IED",
                       "IEDS", "VBIED", "SVBIED", "IDP", "IDPS", "PM", "AM", "TV", "BBC", "AFP", "RFI", "ACLED", "UCDP",
                       "ISW", "CTP", "CSIS", "ICG", "NATO", "PDF", "NOTE", "CEO", "EST", "ISBN", "DOI", "AND", "THE",
                       "FOR", "WITH", "KEY", "EVENT", "OCHA", "HRW", "II", "III", "IV", "ISR", "UAV", "UAVS", "RPG",
                       "MOU", "ECOWAS", "USA", "FAQ"}


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
    state_names: list[str] = field(default_factory=list)
    generic: list[str] = field(default_factory=list)
    ucdp: list[int] = field(default_factory=list)
    source: str = "dictionary"


def slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", fold(straight_quotes(name)).replace("'", "")).strip("-")


# Generic mentions: phrase → the actor type it names; resolved to the actor of that type in the
# document's main country (e.g. "the junta" in a report about Mali is the Government of Mali, "the army"
# its armed forces). Bare "the government" and "security forces" stay unresolved: too often someone else's.
GENERIC = {
    "the junta": "government", "junta": "government", "the military junta": "government",
    "the ruling junta": "government", "the transitional government": "government",
    "the transitional authorities": "government", "transitional authorities": "government",
    "the military government": "government", "the military authorities": "government",
    "the army": "state force", "the armed forces": "state force", "the national army": "state force",
    "the military": "state force", "l'armée": "state force", "l'armée nationale": "state force",
    "la junte": "government", "la junte au pouvoir": "government", "les autorités de transition": "government",
    "le gouvernement de transition": "government", "les autorités maliennes de transition": "government",
}


@lru_cache(maxsize=4)
def load_dictionary(path: str | None = None) -> tuple[ActorEntry, ...]:
    """The actor dictionary as entries with ids 'dict:<slug>' (the same ids `watchfloor init` stores)."""
    path = path or str(ACTORS_PATH)
    with open(path, encoding="utf-8") as fh:
        data = yaml.load(fh, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    entries = []
    for i, raw in enumerate(data.get("actors") or []):
        if "name" not in raw:
            raise ValueError(f"{path}: actor #{i + 1} has no name")
        aliases = [(raw["name"], None)]
        for lang, names in (raw.get("aliases") or {}).items():
            aliases += [(str(n), lang) for n in names or []]
        entries.append(ActorEntry(
            id=f"dict:{slug(raw['name'])}", name=raw["name"], type=raw.get("type"), country=raw.get("country"),
            parent=raw.get("parent"), valid_from=_date(raw.get("valid_from")), valid_until=_date(raw.get("valid_until")),
            successor=raw.get("successor"), aliases=aliases, abbreviations=[str(a) for a in raw.get("abbreviations") or []],
            descriptions=[str(d) for d in raw.get("descriptions") or []],
            state_names=[str(s) for s in raw.get("state_names") or []], ucdp=[int(u) for u in raw.get("ucdp") or []]))
        if raw.get("type") == "foreign state":
            entries[-1].aliases = aliases[1:]     # the bare name is a place unless in an actor's role ("Burkinabe junta" is not)
    return tuple(entries)


def _date(value) -> date | None:
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value))


@dataclass
class ActorIndex:
    entries: dict[str, ActorEntry]
    by_name: dict[str, ActorEntry]
    matcher: PhraseMatcher


def build_index(extra: list[ActorEntry] | None = None, path: str | None = None) -> ActorIndex:
    """Dictionary entries plus `extra` (e.g. UCDP actors the dictionary does not cover)."""
    entries = [dataclasses.replace(e, aliases=list(e.aliases)) for e in load_dictionary(path)]
    covered = {u for e in entries for u in e.ucdp}
    known = {fold_key(a) for e in entries for a, _ in e.aliases} | {fold_key(a) for e in entries for a in e.abbreviations}
    by_ucdp = {u: e for e in entries for u in e.ucdp}
    for e in extra or []:
        if e.ucdp and set(e.ucdp) & covered:
            owner = by_ucdp[e.ucdp[0]]     # the dictionary's entry wins; the UCDP names point to it
            have = {fold_key(a) for a, _ in owner.aliases} | {fold_key(a) for a in owner.abbreviations}
            owner.aliases = owner.aliases + [(a, l) for a, l in e.aliases
                                             if fold_key(a) not in have and fold_key(a) not in known]
            continue
        e.aliases = [(a, l) for a, l in e.aliases if fold_key(a) not in known]
        if e.aliases:
            entries.append(e)
    phrases = []
    for e in entries:
        for alias, _ in e.aliases:
            phrases.append((alias, (e.id, "alias", alias)))
        for abbr in e.abbreviations:
            phrases.append((abbr, (e.id, "abbreviation", abbr)))
        for d in e.descriptions:
            phrases.append((d, (e.id, "description", d)))
        for s in e.state_names:
            phrases.append((s, (e.id, "state", s)))
    for g, kind in GENERIC.items():
        phrases.append((g, ("", "generic", kind)))
    by_id = {e.id: e for e in entries}
    return ActorIndex(by_id, {e.name: e for e in entries}, PhraseMatcher(phrases))


def ucdp_entries(rows: list[tuple[str, str, str | None, list[str]]]) -> list[ActorEntry]:
    """UCDP actors (id, name, kind, aliases) as entries; communal groups are left out — an ethnic name in
    running text ("Fulani herders") is a description of people, not an organisation."""
    out = []
    for actor_id, name, kind, aliases in rows:
        if kind == "communal group":
            continue
        names = {a for a in aliases + [name] if a and (len(a) > 3 or a.isupper()) and a.lower() not in ("is",)}
        ucdp_id = int(actor_id.split(":")[1]) if actor_id.startswith("ucdp:") and actor_id[5:].isdigit() else None
        abbrs = [n for n in names if n.isupper() and " " not in n]
        out.append(ActorEntry(id=actor_id, name=name, type=kind, aliases=[(n, None) for n in sorted(names) if n not in abbrs],
                              abbreviations=sorted(abbrs), ucdp=[ucdp_id] if ucdp_id else [], source="ucdp"))
    return out


_CIVILIAN_ADJECTIVE = re.compile(
    r"[\s-]+(?:rule|government|governments|authorities|authority|administration|leaders?|leadership|president|"
    r"presidency|prime minister|transition|power|control|oversight|institutions?|component|staff|courts?|"
    r"justice|life|politicians?|officials?|ministers?|cabinet|regime|order|affairs|aviation|airports?|flights?|"
    r"led|run|dominated|military|police|service|servants|society|politics|political|"
    r"gouvernement|pouvoir|autorités|transition|président)\b", re.I)


# -- finding actors in a document -------------------------------------------------------------
def find_actors(text: str, folded: str, index: ActorIndex, *, keep=lambda start: True,
                published: date | None = None, main_country: str | None = None,
                place_spans: list[tuple[int, int]] = ()) -> tuple[dict[str, list[dict]], list[dict]]:
    """({actor id: [mention]}, candidates). A mention is {text, start, end}."""
    found: dict[str, list[dict]] = {}
    taken = _Spans()
    place_spans = _Spans(place_spans)
    defined = _definitions(text, folded, index)        # abbreviation → actor id or candidate name
    for m in index.matcher.finditer(folded):
        if not keep(m.start):
            continue
        surface = straight_quotes(text[m.start:m.end])
        actor_id = _resolve(m.payloads, surface, text, m.start, m.end, index, main_country)
        if actor_id is None:
            continue
        entry = index.entries[actor_id]
        if entry.type == "civilians" and _CIVILIAN_ADJECTIVE.match(text, m.end) and \
                m.key in ("civilian", "civil", "civile"):
            continue          # "civilian rule", "a civilian government": an adjective, not the victims
        if published and entry.valid_until and published > entry.valid_until and entry.successor \
                and fold_key(entry.name.split()[0]) not in m.key and entry.successor in index.by_name:
            actor_id = index.by_name[entry.successor].id
        found.setdefault(actor_id, []).append({"text": text[m.start:m.end], "start": m.start, "end": m.end})
        taken.append((m.start, m.end))
    candidates: dict[str, list[dict]] = {}
    for abbr, (target, long_start, long_end) in defined.items():
        if target not in index.entries and not _overlaps(taken, long_start, long_end) and keep(long_start):
            candidates.setdefault(target, []).append({"text": text[long_start:long_end], "start": long_start,
                                                      "end": long_end})
            taken.append((long_start, long_end))
        for m in re.finditer(rf"(?<![\w-]){re.escape(abbr)}(?![\w-])", text):
            if not keep(m.start()) or _overlaps(taken, m.start(), m.end()):
                continue
            mention = {"text": m.group(0), "start": m.start(), "end": m.end()}
            if target in index.entries:
                found.setdefault(target, []).append(mention)
            else:
                candidates.setdefault(target, []).append(mention)
            taken.append((m.start(), m.end()))
    for m in _CANDIDATE_RE.finditer(text):
        s, e = m.start(1), m.end(1)
        if not keep(s) or _overlaps(taken, s, e) or _overlaps(place_spans, s, e, inside=True):
            continue
        name = " ".join(m.group(1).split())
        if name.split()[0] in ("The", "A", "An", "In", "On", "By", "This", "That", "Le", "La", "Les"):
            name = name.split(" ", 1)[1] if " " in name else name
        if len(name.split()) < 2:
            continue
        candidates.setdefault(name, []).append({"text": text[s:e], "start": s, "end": e})
        taken.append((s, e))
    for m in _ACRONYM_RE.finditer(text):
        word = m.group(0)
        if word in _NOT_ACTOR_ACRONYMS or not keep(m.start()) or _overlaps(taken, m.start(), m.end()) \
                or _overlaps(place_spans, m.start(), m.end()) or _shouting(text, m.start(), m.end()):
            continue
        candidates.setdefault(word, []).append({"text": word, "start": m.start(), "end": m.end()})
    for mentions in found.values():
        mentions.sort(key=lambda x: x["start"])
    cands = [{"name": n, "type": "candidate", "mentions": ms} for n, ms in candidates.items()]
    return found, cands


def _resolve(payloads, surface: str, text: str, start: int, end: int, index: ActorIndex,
             main_country: str | None) -> str | None:
    for actor_id, how, phrase in payloads:
        if how == "abbreviation":
            plain = surface.replace("-", " ").replace("\n", " ")
            wanted = straight_quotes(phrase).replace("-", " ")
            if " ".join(plain.split()) in (wanted, wanted.upper()):
                return actor_id
        elif how == "state":
            if surface[:1].isupper() and _in_actor_role(text, start, end):
                return actor_id
        elif how == "generic":
            if main_country:
                for e in index.entries.values():
                    if e.country == main_country and e.type == phrase and e.source == "dictionary":
                        return e.id
                if phrase == "government":      # no government entry: the state itself ("the junta" in Niger)
                    for e in index.entries.values():
                        if e.country == main_country and e.type == "foreign state" and e.source == "dictionary":
                            return e.id
        else:
            entry = index.entries[actor_id]
            if entry.source != "dictionary" and not surface[:1].isupper():
                continue        # UCDP names are proper names
            if phrase[:1].isupper() and " " not in phrase.strip() and not surface[:1].isupper():
                continue        # a one-word proper name written in lower case is a common word
            return actor_id
    return None


_MODALS = {"will", "would", "may", "might", "could", "should", "must", "can", "cannot", "shall", "is", "was",
           "has", "have", "had", "did", "does", "plans", "intends", "wants", "seems", "appears", "remains", "va",
           "doit", "devrait", "pourrait", "entend", "a", "avait"}
_HEDGE_ADVERBS = {"probably", "likely", "very", "almost", "certainly", "possibly", "soon", "still", "also", "not",
                  "never", "further", "then", "now", "already", "even", "well", "only"}
_LIST_AFTER_BY = re.compile(r"\b(?:by|par)\s+(?:the\s+)?[A-Z][\w'’]*(?:\s+[A-Z][\w'’]*){0,2}"
                            r"(?:\s*,\s*(?:the\s+)?[A-Z][\w'’]*(?:\s+[A-Z][\w'’]*){0,2})*\s*(?:,|,?\s+and)\s+(?:the\s+)?$")
_PREV_IN_LIST = re.compile(r"([A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*){0,2})\s*(?:,|,?\s+and|,?\s+et)\s+(?:the\s+)?$")
_UNDERGOES = {"see", "face", "experience", "suffer", "be", "become", "remain", "have", "get", "lose", "receive",
              "need", "struggle", "bear", "endure", "feel", "witness", "undergo", "fall", "been"}
_OBJECT_OF = re.compile(r"\b(?:accus(?:e|es|ed|ing)|urg(?:e|es|ed|ing)|warn(?:s|ed|ing)?|reliance on|dependence on|"
                        r"pressure (?:from|on)|support from|(?:security |military |financial )?(?:assistance|aid|help|"
                        r"backing|weapons|arms|loans?) from|(?:the )?(?:example|footsteps|lead) of|mediation (?:by|of)|backed by|brokered by|"
                        r"(?<!bordered )(?<!surrounded )by|par|government of|authorities of|president of|"
                        r"junta of|representative of|delegation of|ambassador of|minister of|leaders of|"
                        r"governments of|juntas of|authorities in|"
                        r"partnership with|agreement with|relations with|ties with|deal with|talks with|ask(?:s|ed)?|"
                        r"call(?:s|ed)? on|criticis(?:e|ed)|condemn(?:s|ed)?|sanction(?:s|ed)?|expel(?:s|led)?)\s+$", re.I)
_COUNTRY_LIST = re.compile(r"^(?:\s*,\s*[A-Z][\w'’ -]{2,30}?)*\s*(?:,\s*)?(?:and|et)\s+(?:[A-Z][\w'’-]+\s*){1,3}")


def _in_actor_role(text: str, start: int, end: int) -> bool:
    """A country's name used as an actor: the subject of a verb ("France announced", "Niger may agree",
    "Guinea, itself ruled by a junta, said"), the object of one that needs an actor ("accusing Algeria",
    "reliance on Russia", "mediated by Algeria")."""
    after = text[end:end + 160]
    if re.match(r"['’]s?\s+(?:transitional\s+|interim\s+|military\s+|foreign\s+)?(?:government|junta|authorities|"
                r"president|leaders?|foreign ministry|ministry|officials|ambassador|embassy|envoy|minister|"
                r"presidency|prime minister|decision|representative|senate|parliament|national assembly|"
                r"legislature|head of state|leaders?|spokes(?:man|woman|person)|diplomats?|intelligence services?|"
                r"envoys?|delegation|position|refusal|withdrawal|request)\b", after, re.I):
        return True       # "Mali's transitional president", "France's foreign ministry": the state acts
    if re.match(r"['’]s?\s+(?:military|army|armed forces|troops|forces|soldiers|air force|navy)\b", after, re.I):
        return False      # "France's troops": the troops are the actor (or another alias names them)
    before = text[max(0, start - 40):start]
    if _OBJECT_OF.search(before) or _LIST_AFTER_BY.search(text[max(0, start - 100):start]):
        return True
    prev = _PREV_IN_LIST.search(text, max(0, start - 60), start)
    if prev and _OBJECT_OF.search(text[max(0, prev.start(1) - 40):prev.start(1)]):
        return True       # "the example of Mali and Burkina Faso": the second name shares the first's role
    if re.search(r"\b(?:in|into|to|from|across|near|of|at|inside|within|throughout|towards?|en|au|aux|dans|vers)\s+(?:the\s+)?$",
                 before, re.I):
        return False      # "in Niger", "to Niger": a place
    if re.match(r"\s*,\s*(?:which|who|qui)\b", after):
        return True       # "Niger, which has agreed to host…"
    rest = after
    lst = _COUNTRY_LIST.match(rest)           # "Mali, Burkina Faso and Niger announced"
    if lst:
        rest = rest[lst.end():]
    appos = re.match(r"\s*,\s*(?:itself|the|a|an|its|lui-même|elle-même)\b[^,.;]{0,90},", rest)
    if appos:
        rest = rest[appos.end():]
    words = re.findall(r"[\w'’]+", re.split(r"[.;:!?()\[\]\n]", rest, maxsplit=1)[0])[:4]
    for i, w in enumerate(words):
        lw = w.lower()
        if lw in _MODALS:
            nxt = [x.lower() for x in words[i + 1:] if x.lower() not in _AUX and x.lower() not in _HEDGE_ADVERBS]
            return not nxt or nxt[0] not in _UNDERGOES     # "Niger could see raids": undergoes, does not act
        if lw in _ACTOR_VERBS:
            return True
        if lw in _AUX:
            continue
        break
    return False


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
            if w[:1].isupper() or w.lower() in _CONNECTORS or w.lower().startswith(("l'", "d'")):
                run.append(t)
            else:
                break
            if len(run) >= 13:
                break
        while run and not run[-1].group(0)[:1].isupper():
            run.pop()                     # the long name starts with a capital
        if len(run) >= 2:
            yield run[-1].start(), run[0].end(), m.group(1)


def _definitions(text: str, folded: str, index: ActorIndex) -> dict[str, tuple[str, int, int]]:
    """'the Permanent Strategic Framework (CSP)' → {'CSP': (actor id, start, end of the long name)};
    an unknown organisation's long name becomes a candidate."""
    out: dict[str, tuple[str, int, int]] = {}
    for long_start, long_end, abbr in _long_names(text):
        if not abbr.isupper() and sum(c.isupper() for c in abbr) < 2:
            continue
        target = None
        for hit in index.matcher.finditer(folded[long_start:long_end]):
            if hit.end + long_start == long_end:
                for actor_id, how, _ in hit.payloads:
                    if how in ("alias", "description", "abbreviation") and actor_id:
                        target = actor_id
                        break
        if target is None:
            # keep the trailing capitalised run that the abbreviation spells out
            words = list(_TOKEN.finditer(text, long_start, long_end))
            for w in words:
                tail = text[w.start():long_end]
                ini = "".join(x[0] for x in re.findall(r"[A-Za-z][\w'’]*", tail) if x[0].isupper())
                if w.group(0)[:1].isupper() and ini and abbr.replace("-", "")[:1].upper() == ini[:1]:
                    target, long_start = " ".join(tail.split()), w.start()
                    break
            if target is None or (not re.search(_ORG_WORDS, target) and len(ini) < 2):
                continue
        out.setdefault(abbr, (target, long_start, long_end))
    return out


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


def _overlaps(spans, s: int, e: int, inside: bool = False) -> bool:
    if isinstance(spans, _Spans):
        items = spans.items
        lo = bisect.bisect_left(items, (s - spans.longest, -1))
        hi = bisect.bisect_left(items, (e, -1))
        return any(a < e and s < b for a, b in items[lo:hi])
    return any(a < e and s < b for a, b in spans)


def _shouting(text: str, start: int, end: int) -> bool:
    """An all-capitals line (a heading) is not a list of acronyms."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line = text[line_start:line_end if line_end >= 0 else len(text)]
    letters = [c for c in line if c.isalpha()]
    return len(letters) > 12 and sum(c.isupper() for c in letters) > 0.7 * len(letters)


def actor_list(found: dict[str, list[dict]], index: ActorIndex) -> list[dict]:
    """§10 shape: [{name, type, mentions}] in order of first mention."""
    out = []
    for actor_id, mentions in sorted(found.items(), key=lambda kv: kv[1][0]["start"]):
        e = index.entries[actor_id]
        out.append({"name": e.name, "type": e.type, "id": actor_id, "mentions": mentions})
    return out

