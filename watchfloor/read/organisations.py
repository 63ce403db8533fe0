"""Organisations outside the knowledge base: actors with `known: false` and a type guessed from their name and
the words around them.

They come from 'Long Name (ABBR)' definitions, capitalised names ending in an organisation word ("…Front",
"…Council"), bare acronyms, and — with the statistical model — the entity recogniser's ORG (and NORP + an
armed-group noun) spans. A name's abbreviation and its long form are one actor. Report furniture, calendar
words, news outlets and generic nouns are not actors (watchfloor/data/actor_context.yaml, `junk`).
"""
from __future__ import annotations

import re
from functools import lru_cache

from watchfloor.read.actors import _ORG_WORDS, _overlaps, _shouting, _Spans
from watchfloor.read.knowledge import context, slug
from watchfloor.read.matching import fold, fold_key

_CAP = r"(?:[A-Z][\w'’\-]*|al-[A-Z][\w'’\-]*|(?:of|for|the|and|in|de|du|des|la|le|pour|l'|et|al|wal|wa)(?=\s))"
_NAMED_ORG = re.compile(rf"\b(?:the\s+)?((?:[A-Z][\w'’\-]*\s+)(?:{_CAP}\s+){{0,7}}?(?:{_ORG_WORDS})"
                        rf"(?:\s+(?:of|for|de|du|des|pour)\s+(?:the\s+|la\s+|l'|le\s+)?[A-Z][\w'’\-]*"
                        rf"(?:\s+[A-Z][\w'’\-]*){{0,3}})?)")
_ACRONYM = re.compile(r"\b[A-Z][A-Z0-9]{2,7}(?:-[A-Z0-9]{2,6})?\b")
_NOT_ACTOR_ACRONYMS = {"BLUF", "USD", "EUR", "CFA", "GDP", "UTC", "GMT", "PDF", "HTML", "URL", "NGO", "NGOS", "IED",
                       "IEDS", "VBIED", "SVBIED", "IDP", "IDPS", "PM", "AM", "TV", "NOTE", "CEO", "EST", "ISBN", "DOI",
                       "AND", "THE", "FOR", "WITH", "KEY", "EVENT", "II", "III", "IV", "VI", "VII", "VIII", "IX", "XI",
                       "XII", "ISR", "UAV", "UAVS", "RPG", "RPGS", "MOU", "FAQ", "COVID", "GPS", "SMS", "ATM", "AK",
                       "CET", "WAT", "EAT", "CAT", "SUV", "SUVS", "APC", "APCS", "MANPADS", "HQ", "KM", "USAID",
                       "NEW", "OLD", "NOT", "ALL", "BUT", "WHO", "WHAT", "WHY", "HOW", "TOP", "LAST", "NEXT", "ONE",
                       "TWO", "END", "UPDATE", "ALERT", "FLASH", "BRIEF", "PRESS", "RELEASE", "DRAFT", "SECRET",
                       "UNCLASSIFIED", "CONFIDENTIAL", "TLP", "AMBER", "GREEN", "RED", "WHITE", "PHOTO", "VIDEO",
                       "JPG", "PNG", "XML", "RSS", "API", "CSV", "SITREP", "INTSUM", "OSINT", "HUMINT", "SIGINT"}
_ARTICLE = re.compile(r"^(?:the|The|THE|a|A|an|An|le|la|les|Le|La|Les|l'|L'|l’|L’)\s*")


@lru_cache(maxsize=1)
def _junk() -> tuple[frozenset[str], frozenset[str]]:
    spec = context()["junk"]
    return frozenset(fold_key(w) for w in spec["words"]), frozenset(fold_key(w) for w in spec["outlets"])


@lru_cache(maxsize=1)
def _type_rules() -> list[tuple[str, re.Pattern]]:
    out = []
    for kind, words in context()["org_types"]:
        out.append((kind, re.compile(r"(?<![\w])(?:" + "|".join(re.escape(fold_key(w)) for w in words) + r")(?![\w])")))
    return out


@lru_cache(maxsize=1)
def _armed_context() -> re.Pattern:
    words = sorted(context()["armed_context"], key=len, reverse=True)
    return re.compile(r"(?:['’]s)?\s+(?:\w+\s+){0,2}?(?:" + "|".join(re.escape(w) for w in words) + r")\b", re.I)


def is_junk(name: str) -> bool:
    """Report furniture, calendar words, outlets, generic nouns: never an actor."""
    words, outlets = _junk()
    key = fold_key(name)
    if not key or key in words or key in outlets or key.isdigit() or len(key) < 2 or re.search(r"[\[\]^{}<>|@#]", name):
        return True
    tokens = key.replace("'", " ").split()
    return all(t in words or t.isdigit() for t in tokens)


def guess_type(name: str, text: str, mentions: list[dict], label: str | None = None) -> str:
    """The type of an unknown organisation: from the words of its name, then from what follows its mentions
    ("the FSG fighters", "the FSG attacked"), else 'organisation'."""
    key = fold(name)
    for kind, pattern in _type_rules():
        if pattern.search(key):
            if kind != "organisation":
                return kind
            break
    for m in mentions:
        if _armed_context().match(text, m["end"]):
            return "armed group"
    if label == "NORP":
        return "armed group"
    return "organisation"


def clean(text: str, start: int, end: int) -> tuple[int, int]:
    """Trim an article in front, a possessive and punctuation behind."""
    span = text[start:end]
    m = _ARTICLE.match(span)
    if m and m.end() < len(span):
        start += m.end()
    while end > start and text[end - 1] in " .,;:'’\")":
        end -= 1
    if text[max(start, end - 2):end] in ("'s", "’s"):
        end -= 2
    return start, end


def find_organisations(text: str, keep, taken: list[tuple[int, int]], place_spans: list[tuple[int, int]],
                       definitions: dict[str, tuple[str, int, int]], entities: list[tuple[int, int, str]] = (),
                       *, rules: bool = True, index=None, not_actors: set[str] = frozenset()) -> list[dict]:
    """Unknown organisations as actors {name, type, id, known: false, mentions}. `taken` are the spans of known
    actors and people; `entities` the model's (start, end, label); `not_actors` folded names that are no actors
    here (the report's outlet and authors)."""
    from watchfloor.read.people import is_furniture, names_a_state
    inner_keep = keep
    keep_span = lambda s, e: inner_keep(s) and not is_furniture(text, s, e) and fold_key(text[s:e]) not in not_actors \
        and (index is None or not names_a_state(text[s:e], index))
    taken = _Spans(taken)
    places = _Spans(place_spans)
    found: dict[str, dict] = {}

    def add(name: str, start: int, end: int, label: str | None = None) -> None:
        name = " ".join(name.split())
        key = fold_key(name)
        if key not in found:
            found[key] = {"name": name, "mentions": [], "label": label}
        found[key]["mentions"].append({"text": text[start:end], "start": start, "end": end})
        taken.append((start, end))

    for abbr, (long_name, long_start, long_end) in definitions.items():
        if is_junk(long_name) or not keep_span(long_start, long_end):
            continue
        if not _overlaps(taken, long_start, long_end):
            add(long_name, long_start, long_end)
        for m in re.finditer(rf"(?<![\w-]){re.escape(abbr)}(?![\w-])", text):
            if keep_span(m.start(), m.end()) and not _overlaps(taken, m.start(), m.end()):
                add(long_name, m.start(), m.end())
    if rules:
        for m in _NAMED_ORG.finditer(text):
            s, e = clean(text, m.start(1), m.end(1))
            name = text[s:e]
            if not keep_span(s, e) or len(name.split()) < 2 or _overlaps(taken, s, e) or _overlaps(places, s, e) \
                    or is_junk(name) or _shouting(text, s, e):
                continue
            add(name, s, e)
    for s, e, label in entities:
        s, e = clean(text, s, e)
        name = text[s:e]
        if label == "NORP":
            head = re.match(r"\s+(?:militias?|militiamen|rebels|fighters|insurgents|separatists|vigilantes|"
                            r"self-defen[cs]e (?:groups?|militias?)|armed groups?)\b", text[e:e + 40], re.I)
            if not head:
                continue
            e += head.end()
            name = text[s:e]
        if "," in name or " and " in name:
            continue          # a list ("Intazayene, Bakorat and Wistane"), not one organisation
        if not keep_span(s, e) or not name[:1].isupper() or _overlaps(taken, s, e) or is_junk(name) \
                or _shouting(text, s, e) or any(c.isdigit() for c in name) or "\n" in name:
            continue
        if _overlaps(places, s, e) and (len(name.split()) == 1 or any(a == s and b == e for a, b in places)):
            continue          # a town the model took for an organisation
        add(name, s, e, label)
    if rules:
        for m in _ACRONYM.finditer(text):
            word = m.group(0)
            if word in _NOT_ACTOR_ACRONYMS or not keep_span(m.start(), m.end()) or _overlaps(taken, m.start(), m.end()) \
                    or _overlaps(places, m.start(), m.end()) or _shouting(text, m.start(), m.end()) or is_junk(word):
                continue
            add(word, m.start(), m.end())
    return _merge_acronyms(text, found)


def _initials(name: str) -> str:
    return "".join(w[0] for w in re.findall(r"[A-Za-z][\w'’-]*", name) if w[0].isupper())


def _merge_acronyms(text: str, found: dict[str, dict]) -> list[dict]:
    """An acronym that spells a long name found in the same document is that organisation."""
    longs = {_initials(v["name"]): k for k, v in found.items() if " " in v["name"]}
    for key in [k for k, v in found.items() if " " not in v["name"] and v["name"].isupper()]:
        target = longs.get(found[key]["name"].replace("-", ""))
        if target and target != key:
            found[target]["mentions"] += found.pop(key)["mentions"]
    out = []
    for v in found.values():
        mentions = sorted(v["mentions"], key=lambda x: x["start"])
        out.append({"name": v["name"], "type": guess_type(v["name"], text, mentions, v["label"]),
                    "id": f"new:{slug(v['name'])}", "known": False, "mentions": mentions})
    return out
