"""People as actors (type 'person', `known: false`) with the `role` and `org` their title gives.

"junta leader Colonel Assimi Goïta" → role 'junta leader', org the state the junta rules; "EU foreign policy chief
Josep Borrell" → role 'foreign policy chief', org European Union; "Mohamed Bazoum, Niger's president," → role
'president', org Niger. Names come after a title (rules: watchfloor/data/person_titles.yaml) or from the
statistical model's PERSON/PER entities. A later "Goïta" or "Mr Goïta" is the same person as "Assimi Goïta".
"""
from __future__ import annotations

import re
from functools import lru_cache

import yaml

from watchfloor.config import DATA_DIR
from watchfloor.read.actors import ActorIndex, _overlaps, _shouting, _Spans, display_name
from watchfloor.read.knowledge import slug
from watchfloor.read.matching import fold_key
from watchfloor.read.organisations import is_junk

TITLES_PATH = DATA_DIR / "person_titles.yaml"
_PARTICLE = r"(?:ag|al|el|ould|bin|ben|ibn|de|da|di|van|von|dos|do|du|abu|abd|wa|le|la|bint|Ag|Al|El|Ould|Bin|Ben|Ibn|Abu|Abd|Abdel)"
_NAME_WORD = r"[A-ZÀ-ÖØ-Þ][\w'’.-]*[\w]"
NAME = rf"{_NAME_WORD}(?:[ -](?:{_PARTICLE}[ -])?{_NAME_WORD}){{0,4}}"
# Words that end a name: an organisation or a place word after a title is no person ("General Assembly").
_NOT_NAME_WORDS = {"assembly", "council", "staff", "secretariat", "command", "office", "ministry", "government",
                   "affairs", "forces", "army", "committee", "commission", "court", "headquarters", "directorate",
                   "department", "service", "services", "security", "defence", "defense", "state", "states", "union",
                   "nations", "republic", "region", "province", "district", "city", "town", "village", "camp",
                   "guard", "police", "intelligence", "operations", "mission", "party", "movement", "front"}


@lru_cache(maxsize=1)
def _titles() -> tuple[re.Pattern, re.Pattern, frozenset[str]]:
    with open(TITLES_PATH, encoding="utf-8") as fh:
        spec = yaml.safe_load(fh)
    words = set(spec["ranks"]) | set(spec["roles"])
    words |= {w[:1].upper() + w[1:] for w in words}          # a role opening a sentence ("Junta leader …")
    words = sorted(words, key=len, reverse=True)
    alt = "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in words)
    run = rf"(?:(?:{alt})(?:\s+|\s*,\s*(?=[A-Z])))"
    titled = re.compile(rf"(?<![\w-])(?P<title>{run}{{1,4}})(?P<name>{NAME})")
    before = re.compile(rf"(?<![\w-])(?P<title>{run}{{1,4}})$")
    return titled, before, frozenset(fold_key(r) for r in spec["ranks"])


_APPOSITION = re.compile(r"\s*,\s*(?:the|a|an|who is|who was)?\s*(?P<body>[^,;:.()\n]{2,70}?)\s*(?:[,;:.)]|$)")


def find_people(text: str, keep, index: ActorIndex, actor_mentions: list[tuple[int, int, str]],
                place_spans: list[tuple[int, int]], entities: list[tuple[int, int, str]] = ()) -> list[dict]:
    """People as actors {name, type: 'person', id, known: false, role, org, mentions}. `actor_mentions` are the
    known actors' (start, end, actor id); `entities` the model's (start, end, label)."""
    titled, title_before, ranks = _titles()
    taken = _Spans([(s, e) for s, e, _ in actor_mentions])
    places = _Spans(place_spans)
    people: list[dict] = []
    spans: list[tuple[int, int, str | None]] = []      # (name start, name end, title text)
    for m in titled.finditer(text):
        s, e = _trim_name(text, m.start("name"), m.end("name"))
        if s < e and keep(s) and not _overlaps(taken, s, e) and not _shouting(text, s, e):
            spans.append((s, e, m.group("title")))
    for s, e, label in entities:
        if label not in ("PERSON", "PER"):
            continue
        s, e = _strip_title(text, s, e, title_before)
        s, e = _trim_name(text, s, e)
        if s >= e or not keep(s) or _overlaps(taken, s, e) or _shouting(text, s, e):
            continue
        tm = title_before.search(text, max(0, s - 80), s)
        if len(text[s:e].split()) == 1 and _overlaps(places, s, e) and not tm:
            continue          # a town the model took for a person
        spans.append((s, e, tm.group("title") if tm else None))
    spans.sort()
    for s, e, title in spans:
        if any(a < e and s < b for p in people for m in p["mentions"] for a, b in [(m["start"], m["end"])]):
            continue
        name = " ".join(text[s:e].split())
        if is_junk(name):
            continue
        person = _same_person(people, name)
        mention = {"text": text[s:e], "start": s, "end": e}
        if person is None:
            person = {"name": name, "type": "person", "id": f"person:{slug(name)}", "known": False,
                      "role": None, "org": None, "mentions": []}
            people.append(person)
        elif len(name) > len(person["name"]):
            person["name"], person["id"] = name, f"person:{slug(name)}"
        person["mentions"].append(mention)
        role, org = _role_and_org(text, s, e, title, ranks, actor_mentions, index)
        person["role"] = person["role"] or role
        person["org"] = person["org"] or org
    _later_mentions(text, keep, people, taken)
    return people


def _later_mentions(text: str, keep, people: list[dict], taken: _Spans) -> None:
    """Each person's full name and surname wherever else the text uses them ("Goïta said…")."""
    held = _Spans([(m["start"], m["end"]) for p in people for m in p["mentions"]])
    for p in people:
        forms = {p["name"]}
        words = p["name"].split()
        if len(words) > 1 and len(words[-1]) >= 4:
            forms.add(words[-1])
        for form in sorted(forms, key=len, reverse=True):
            for m in re.finditer(rf"(?<![\w-]){re.escape(form)}(?![\w-])", text):
                if keep(m.start()) and not _overlaps(held, m.start(), m.end()) and \
                        not _overlaps(taken, m.start(), m.end()):
                    p["mentions"].append({"text": m.group(0), "start": m.start(), "end": m.end()})
                    held.append((m.start(), m.end()))
        p["mentions"].sort(key=lambda x: x["start"])


def _trim_name(text: str, s: int, e: int) -> tuple[int, int]:
    """Cut a name before a word that cannot be part of one ("General Assembly" → nothing)."""
    words = list(re.finditer(r"[^\s]+", text[s:e]))
    keepers = []
    for w in words:
        word = w.group(0).strip(".,;:")
        if fold_key(word) in _NOT_NAME_WORDS or is_junk(word):
            break
        keepers.append(w)
    if not keepers:
        return s, s
    end = s + keepers[-1].end()
    while end > s and text[end - 1] in ".,;:'’":
        end -= 1
    if text[max(s, end - 2):end] in ("'s", "’s"):
        end -= 2
    return s, end


def _strip_title(text: str, s: int, e: int, title_before: re.Pattern) -> tuple[int, int]:
    """The model sometimes takes the title into the name ("President Bazoum"): move the start past it."""
    span = text[s:e]
    words = span.split()
    for k in range(len(words) - 1, 0, -1):
        head = " ".join(words[:k]) + " "
        if title_before.search(head):
            return s + span.index(words[k], len(" ".join(words[:k]))), e
    return s, e


def _same_person(people: list[dict], name: str) -> dict | None:
    """An earlier person whose name holds this one's words ("Goïta" after "Assimi Goïta"), or the reverse."""
    words = set(fold_key(name).split())
    for p in people:
        have = set(fold_key(p["name"]).split())
        if words <= have or have <= words:
            return p
    return None


def _role_and_org(text: str, s: int, e: int, title: str | None, ranks: frozenset[str],
                  actor_mentions: list[tuple[int, int, str]], index: ActorIndex) -> tuple[str | None, str | None]:
    """The role from the title before the name (ranks only when nothing else) or from an apposition after it;
    the org from a known actor in or right before the title, or in the apposition."""
    role = org = None
    if title:
        t_start = s - len(title)
        org_hit = _actor_between(actor_mentions, t_start - 3, s)
        if org_hit:
            org = display_name(index.entries[org_hit[2]])
        role = _role_text(title, ranks)
    appos = _APPOSITION.match(text, e)
    if appos and (role is None or org is None):
        body = appos.group("body")
        b_start = appos.start("body")
        titled, title_before, _ = _titles()
        role_words = re.search(title_before.pattern.rstrip("$"), body + " ")
        if role_words:
            org_hit = _actor_between(actor_mentions, b_start, appos.end("body"))
            if org_hit and org is None:
                org = display_name(index.entries[org_hit[2]])
            role = role or _role_text(role_words.group("title"), ranks)
    return role, org


def _role_text(title: str, ranks: frozenset[str]) -> str | None:
    """The title without its ranks ("junta leader Colonel" → "junta leader"); a rank alone is the role."""
    words = " ".join(title.replace(",", " ").split())
    if not words:
        return None
    kept = words
    for rank in _rank_words(ranks):
        kept = re.sub(rf"(?<![\w-]){re.escape(rank)}(?![\w-])", " ", kept)
    kept = " ".join(kept.split())
    return kept or words


@lru_cache(maxsize=1)
def _rank_words(ranks: frozenset[str]) -> list[str]:
    with open(TITLES_PATH, encoding="utf-8") as fh:
        spec = yaml.safe_load(fh)
    return sorted(spec["ranks"], key=len, reverse=True)


def _actor_between(actor_mentions: list[tuple[int, int, str]], start: int, end: int):
    best = None
    for a, b, actor_id in actor_mentions:
        if a >= end:
            break
        if b > start and a < end:
            best = (a, b, actor_id)
    return best
