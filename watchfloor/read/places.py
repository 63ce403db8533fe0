"""Places: gazetteer names (the store's `places`, its regions and countries, then the world gazetteer of
geo/gazetteer.py) matched over a document, each resolved to coordinates, country, admin-1 and admin-2 with
the document's context. Descriptive places ("the capital", "the Nigerien capital", "northern Mali") and
named areas (data/named_areas.csv: "the tri-border area", "the Red Sea") resolve too.

Disambiguation: a name several places share goes to the one in the countries the document talks
about most (country names, unambiguous places and the actors' countries count), then the largest.
"Kidal" the town and "Kidal region" both give admin-1 Kidal. Short or common-word names ("Say",
"San", "Bam") count only after a locative cue ("in Say", "near San") or before "region"/"town".
"""
from __future__ import annotations

import bisect
import re
from collections import Counter
from dataclasses import dataclass

from watchfloor.read.matching import PhraseMatcher, fold_key

_COMMON_WORDS = {"say", "san", "bla", "pa", "sam", "mani", "kita", "bama", "toma", "mane", "manga", "laye", "tita",
                 "koro", "ber", "bam", "tuy", "poni", "dori", "fana", "gaya", "loga", "dano", "sibi",
                 "bamba", "koula", "molodo", "say", "pô", "po", "leo", "léo", "kindi", "tibiri", "est", "centre",
                 "nord", "sud", "ouest", "east", "north", "south", "west", "centre-nord", "sahel", "moura", "bourem",
                 "kouri", "sagala", "massigui", "falmey", "kollo", "tera", "bouza", "diffa"}
_CUE_BEFORE = re.compile(r"(?:\b(?:in|at|near|outside|around|from|to|towards|toward|of|into|between|and|across|"
                         r"through|en|à|a|au|de|vers|près de|dans|entre|et|d')\s+(?:the\s+)?(?:town of\s+|village of\s+|"
                         r"city of\s+|region of\s+|commune of\s+|cercle of\s+|province of\s+)?)$", re.I)
_CUE_AFTER = re.compile(r"\s+(?:region|regions|town|village|city|district|cercle|circle|province|commune|"
                        r"department|area|camp|base|airport|road|axis)\b", re.I)
_REGION_AFTER = re.compile(r"\s+(?:region|regions|province|administrative region)\b", re.I)


_PERSON_BEFORE = re.compile(
    r"(?:\b(?:President|Mr|Mrs|Ms|Dr|Gen|General|Colonel|Col|Minister|Captain|Capt|Imam|Sheikh|Chief|Lt|"
    r"Major|Commander|Président|Général|Colonel|Capitaine|Ministre)\.?\s+"
    r"|(?<![.!?:]\s)(?<!^)\b(?!(?:In|At|Near|From|To|The|Of|And|On|By|For|With|Between|Around|Outside|Inside|Central|"
    r"Northern|Southern|Eastern|Western|North|South|East|West|Upper|Lower|Greater|Inner|Lake|Mount|Camp|Niger|"
    r"Mali|Burkina|En|Au|Le|La|Les|Du|De|Des|Et|Dans|Vers|Près|Entre)\s)[A-Z][a-zà-ÿ-]+\s)$")


@dataclass(frozen=True)
class GazetteerPlace:
    id: str
    name: str
    country: str | None
    latitude: float | None
    longitude: float | None
    region_id: str | None
    admin1: str | None
    population: int
    kind: str
    admin2: str | None = None


def public_kind(place: dict) -> str:
    """The kind `read --json` shows: town | admin | country | area."""
    kind = place.get("kind")
    if kind in ("region", "admin2", "admin"):
        return "admin"
    if kind in ("country", "area"):
        return kind
    return "town"


# Supranational regions, rivers and seas whose names hold a place's name: never that place.
NOT_PLACE_PHRASES = ("Liptako-Gourma", "Liptako Gourma", "Gulf of Guinea", "Lake Chad", "Lake Chad Basin",
                     "Niger River", "River Niger", "Inner Niger Delta", "Niger Delta", "Niger Bend", "West Africa",
                     "North Africa", "Sahel region", "central Sahel", "tri-border area", "golfe de Guinée",
                     "fleuve Niger", "boucle du Niger", "delta intérieur du Niger", "lac Tchad")


class Gazetteer:
    def __init__(self, places: list[GazetteerPlace], names: list[tuple[str, int]], assigner=None):
        self.places = places
        self.matcher = PhraseMatcher(names)
        self.not_places = PhraseMatcher((p, True) for p in NOT_PLACE_PHRASES)
        self.country_place = {p.country: i for i, p in enumerate(places) if p.kind == "country"}
        self.assigner = assigner          # the store's boundaries (geo/assign.py), for world places
        self.bounded = set(assigner.by_country) if assigner is not None else set()
        from watchfloor.read.world_places import WorldMatcher
        self.world = WorldMatcher(self)

    @classmethod
    def from_store(cls, store) -> "Gazetteer":
        from watchfloor.store.reference import admin_assigner
        from watchfloor.store.reports import gazetteer_rows
        rows = gazetteer_rows(store)
        places, names = [], []
        for r in rows:
            i = len(places)
            places.append(GazetteerPlace(r["id"], r["name"], r["country"], r["latitude"], r["longitude"],
                                         r["region_id"], r["admin1"], int(r["population"] or 0),
                                         "region" if r["kind"] == "admin2" else r["kind"] or "place",
                                         r.get("admin2")))
            for n in {r["name"], *(r["alt_names"] or "").split("|")}:
                if _usable_name(n, r["name"]):
                    names.append((n, i))
                    joined = re.sub(r"[\s-]+", "", n)
                    if joined != n and len(joined) > 5 and " " in n:
                        names.append((joined.capitalize(), i))      # "Bani Bangou" is also written "Banibangou"
        return cls(places, names, admin_assigner(store))

    def find(self, text: str, folded: str, keep=lambda start: True) -> list[tuple[int, int, list[int]]]:
        """(start, end, candidate place indexes) for each name in the text."""
        out = []
        people: set[str] = set()      # names seen as a person's ("President X"): every later "X" is the person
        blocked = [(m.start, m.end) for m in self.not_places.finditer(folded)]
        for m in self.matcher.finditer(folded):
            if not keep(m.start) or not text[m.start].isupper():
                continue
            if any(a <= m.start and m.end <= b for a, b in blocked):
                continue
            cands = sorted(set(m.payloads))
            key = m.key
            if key in _COMMON_WORDS or len(key) <= 3:
                before = text[max(0, m.start - 40):m.start]
                if not (_CUE_BEFORE.search(before) or _CUE_AFTER.match(text, m.end)):
                    continue
                if all(self.places[i].kind == "region" for i in cands) and not _REGION_AFTER.match(text, m.end):
                    continue          # 'Centre', 'Est', 'Sahel' are regions only as 'Est region', 'Sahel province'

            if m.key in people or _PERSON_BEFORE.search(text, max(0, m.start - 30), m.start):
                people.add(m.key)
                continue          # "Ibrahim Boubacar Keïta", "President Bazoum": a person's name
            if re.match(r"\s+(?:River|river|Delta|delta|fleuve)\b", text[m.end:m.end + 8]) or \
                    re.search(r"(?:River|fleuve|Inner)\s+$", text[max(0, m.start - 8):m.start]):
                continue
            out.append((m.start, m.end, cands))
        return self.world.find(text, folded, out, keep)

    def resolve(self, text: str, hits, extra_countries: Counter | None = None) -> list[dict]:
        """§10 places: [{name, lat, lon, country, admin1, mentions}], one per place, first mention first."""
        weight: Counter = Counter(extra_countries or {})
        for _, _, cands in hits:
            countries = {self.places[i].country for i in cands}
            if len(countries) == 1:
                weight[next(iter(countries))] += 2 if any(self.places[i].kind == "country" for i in cands) else 1
        # Where the document is: the mean position of the places it names unambiguously.
        fixed = [self.places[c[0]] for _, _, c in hits if len(c) == 1 and self.places[c[0]].latitude is not None
                 and self.places[c[0]].kind not in ("country", "region")]
        centre = (sum(p.latitude for p in fixed) / len(fixed), sum(p.longitude for p in fixed) / len(fixed)) \
            if fixed else None

        def nearness(i: int) -> float:
            p = self.places[i]
            if centre is None or p.latitude is None:
                return 0.0
            return -((p.latitude - centre[0]) ** 2 + (p.longitude - centre[1]) ** 2)

        chosen: dict[int, list[dict]] = {}
        for s, e, cands in hits:
            wants_region = bool(_REGION_AFTER.match(text, e))
            best = max(cands, key=lambda i: (weight.get(self.places[i].country, 0),
                                             (self.places[i].kind == "region") == wants_region,
                                             self.places[i].kind != "country" or not wants_region,
                                             nearness(i) if len(cands) > 1 else 0,
                                             self.places[i].population, -i))
            chosen.setdefault(best, []).append({"text": text[s:e], "start": s, "end": e})
        out = []
        for i, mentions in sorted(chosen.items(), key=lambda kv: kv[1][0]["start"]):
            p = self.places[i]
            out.append({"name": p.name, "gazetteer_name": p.name, "lat": p.latitude,
                        "lon": p.longitude, "country": p.country, "admin1": p.admin1, "admin2": p.admin2, "id": p.id,
                        "region_id": p.region_id, "kind": p.kind, "mentions": mentions})
        return out


def _usable_name(alias: str, name: str) -> bool:
    if not alias or len(alias) < 2:
        return False
    if alias != name:
        if len(alias) < 4 or alias.isupper() or not alias[0].isupper():
            return False
        if any(ord(c) > 0x24F for c in alias):
            return False
    return bool(fold_key(alias))


# -- places the gazetteer does not know --------------------------------------------------------------
_LOCATIVE = re.compile(r"\b(?:villages? of|towns? of|city of|localities of|locality of|communes? of|hamlets? of|"
                       r"near|around|outside|in|at|from|to|between|localité de|village de|commune de|près de|à|"
                       r"dans la localité de)\s+$", re.I)
_NAME = re.compile(r"[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*){0,2}")
_NOT_PLACES = {"sahel", "africa", "west africa", "north africa", "liptako", "liptako-gourma", "maghreb", "europe",
               "sahara", "azawad", "middle east", "tri-border", "english", "french", "arabic", "islam", "parliament",
               "congress", "senate", "government", "december", "january", "february", "march", "april", "may",
               "june", "july", "august", "september", "october", "november", "monday", "tuesday", "wednesday",
               "thursday", "friday", "saturday", "sunday", "ramadan", "eid", "christmas", "the", "this", "that",
               "these", "those", "it", "its", "our", "their", "his", "her", "early", "late", "mid", "order",
               "response", "addition", "particular", "general", "total", "short", "practice", "line", "charge",
               "power", "office", "court", "custody", "prison", "detention", "exile", "talks", "support",
               # compass words and their adjectives: "in West and North Africa", "in the North"
               "north", "south", "east", "west", "northern", "southern", "eastern", "western", "central",
               "north-east", "north-west", "south-east", "south-west", "northeast", "northwest", "southeast",
               "southwest", "global", "capital", "nord", "sud", "est", "ouest", "centre", "center"}
_ORGANISATION_WORDS = {"International", "Watch", "Radio", "News", "Press", "Times", "Post", "Journal", "Agency",
                       "Ministry", "University", "Institute", "Foundation", "Bank", "Group", "Company", "Corporation",
                       "Television", "TV", "Council", "Committee", "Office", "Force", "Forces", "Army", "Movement",
                       "Front", "Union", "Party", "Mission", "Organisation", "Organization", "Association",
                       "Alliance", "Coalition", "Commission", "Network", "Service", "Services", "Programme",
                       "Program", "Fund", "Court", "Tribunal", "Assembly", "Parliament", "Brigade", "Battalion",
                       "Monitor", "Review", "Wire", "Herald", "Tribune", "Gazette", "Daily", "Weekly", "Minister",
                       "President", "General", "Colonel", "Captain", "Commander", "Mr", "Mrs", "Dr"}
# "according to Amnesty International", "told Reuters": people and organisations, not places.
_NOT_A_PLACE_CUE = re.compile(r"\b(?:according|owing|due|thanks|compared|similar|close|appeal(?:ed)?|spoke|"
                              r"speaking|told|said|letter|reported|talked|talking|belonging|loyal|allied|close)\s+to\s+$",
                              re.I)
_PLACE_AFTER_NAME = re.compile(r"\s*(?:,|and|et|\(|\.|;|:|$|\s+(?:village|town|area|camp|market|region|province|"
                               r"district|circle|cercle|commune|department|on|in|near|where|which|after|before|"
                               r"during|when|while|with|to|from|for|by|at|as|since|last|this|between|of the))", re.I)


def unknown_places(text: str, sentences: list[tuple[int, int]], taken: list[tuple[int, int]],
                   resolved_in: list[tuple[int, int, dict]], keep=lambda start: True) -> list[dict]:
    """Capitalised names after a locative cue ("near Tamalat", "the village of Inchinane") that no
    dictionary knows. Admin-1 comes from the sentence: the one admin-1 its known places share, if they
    share one. No coordinates."""
    out: dict[str, dict] = {}
    resolved_in = sorted(resolved_in, key=lambda x: x[0])
    starts = [x[0] for x in resolved_in]
    taken = sorted(taken)
    for s, e in sentences:
        if not keep(s):
            continue
        here = resolved_in[bisect.bisect_left(starts, s):bisect.bisect_left(starts, e)]
        admin = {(p["admin1"], p["country"]) for a, b, p in here if p.get("admin1")}
        countries = {p["country"] for a, b, p in here if p.get("country")}
        for m in _NAME.finditer(text, s, e):
            if m.start() == s:
                continue
            k = bisect.bisect_left(taken, (m.end(),))
            if any(a < m.end() and m.start() < b for a, b in taken[max(0, k - 8):k]):
                continue          # a known actor, place or date (cheaper to test first)
            if not _LOCATIVE.search(text[max(s, m.start() - 30):m.start()]):
                continue
            name = m.group(0)
            words = name.split()
            while words and words[-1].lower() in _NOT_PLACES:
                words.pop()
            name = " ".join(words)
            if not name or name.lower() in _NOT_PLACES or words[0].lower() in _NOT_PLACES or name.isupper():
                continue
            if any(w in _ORGANISATION_WORDS for w in words) or \
                    _NOT_A_PLACE_CUE.search(text[max(s, m.start() - 40):m.start()]):
                continue
            end = m.start() + len(name)
            if not _PLACE_AFTER_NAME.match(text, end) or re.match(r"['’]s\b", text[end:end + 2]):
                continue
            a1, country = (next(iter(admin)) if len(admin) == 1 else (None, None))
            if country is None and len(countries) == 1:
                country = next(iter(countries))
            place = out.setdefault(name, {"name": name, "gazetteer_name": None, "lat": None, "lon": None,
                                          "country": country, "admin1": a1, "admin2": None,
                                          "id": f"unknown:{name}", "region_id": None, "kind": "unknown",
                                          "mentions": []})
            place["mentions"].append({"text": name, "start": m.start(), "end": end})
    return list(out.values())
