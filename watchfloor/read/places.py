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
from functools import lru_cache
from typing import Callable

from watchfloor.read.actors import QUALIFIER_WORDS
from watchfloor.read.knowledge import communities, state_rows
from watchfloor.read.matching import CALENDAR_WORDS, PhraseMatcher, fold_key, spells
from watchfloor.read.organisations import IZAFAT_ORG
from watchfloor.read.prefilter import lowered

_HYPHENED_NAME_AFTER = re.compile(r"-[A-ZÀ-Ý][\w'’]+")
_NEXT_NAME_WORD = re.compile(r"[ \t]+[A-ZÀ-Ý][\w'’-]+")
_COMMON_WORDS = {"say", "san", "bla", "pa", "sam", "mani", "kita", "bama", "toma", "mane", "manga", "laye", "tita",
                 "koro", "ber", "bam", "tuy", "poni", "dori", "fana", "gaya", "loga", "dano", "sibi",
                 "bamba", "koula", "molodo", "say", "pô", "po", "leo", "léo", "kindi", "tibiri", "est", "centre",
                 "nord", "sud", "ouest", "east", "north", "south", "west", "centre-nord", "sahel", "moura", "bourem",
                 "kouri", "sagala", "massigui", "falmey", "kollo", "tera", "bouza", "diffa"}
_MONTH_ABBREVIATIONS = frozenset("jan feb mar apr jun jul aug sep sept oct nov dec janv fevr avr juil sept déc".split())
_CUE_BEFORE = re.compile(r"(?:\b(?:in|at|near|outside|around|from|to|towards|toward|of|into|between|and|across|"
                         r"through|for|left|reached|entered|attacked|seized|captured|besieged|retook|shelled|stormed|"
                         r"en|à|a|au|du|des|de|vers|près de|dans|entre|et|pour|d')\s+(?:the\s+)?(?:town of\s+|village of\s+|"
                         r"city of\s+|region of\s+|commune of\s+|cercle of\s+|province of\s+)?)$", re.I)
# where a community's name can be a place: right after a preposition of place, and not qualifying a noun
_LOCATIVE_BEFORE = re.compile(r"\b(?:in|at|near|outside|around|towards?|into|à|au|dans|près de|vers)\s+(?:the\s+)?"
                              r"(?:(?:town|village|city|commune|region) of\s+)?\Z", re.I)
_WORD_AFTER = re.compile(r"[ \t]+[a-zà-ÿ]")


def community_placed(text: str, start: int, end: int) -> bool:
    """Whether a community's name (actor_context.yaml `communities`) stands as a place here: before a place noun
    ("the Turkana area"), or after a preposition of place and not qualifying a noun ("in Samburu", not "in
    Dogon villages")."""
    return bool(_CUE_AFTER.match(text, end)) or bool(
        _LOCATIVE_BEFORE.search(text, max(0, start - 30), start) and not _WORD_AFTER.match(text, end))
_CUE_AFTER = re.compile(r"\s+(?:region|regions|town|village|city|district|cercle|circle|province|commune|"
                        r"department|area|camp|base|airport|road|axis)\b", re.I)
# "Est region", and a region in a list: "the Est and Centre-Nord regions", "Sahel, Nord and Est regions"
_REGION_AFTER = re.compile(r"(?:\s*,\s*[A-Z][\w'’-]*)*(?:\s*,?\s+(?:and|or|et)\s+(?:the\s+)?[A-Z][\w'’-]*(?=\s+(?:regions|provinces)\b))?"
                           r"\s+(?i:region|regions|province|provinces|administrative region)\b")
# "la région du Sahel", "the province of Yagha": the type word before the name.
_REGION_BEFORE = re.compile(r"\b(?:r[ée]gions?|provinces?|the region of|the province of)\s+(?:du|de la|de l'|des|de|d'|of)?\s*$",
                            re.I)


# How the text before a name ends where _REGION_BEFORE matches it (in lower case, spaces off): not run otherwise
_REGION_BEFORE_ENDS = ("gion", "gions", "province", "provinces", "of", "du", "la", "'", "des", "de")


def _region_cue(text: str, start: int, end: int) -> bool:
    if _REGION_AFTER.match(text, end):
        return True
    before = text[max(0, start - 30):start]
    low = lowered(before.rstrip())
    return (low is None or low.endswith(_REGION_BEFORE_ENDS)) and bool(_REGION_BEFORE.search(before))


_TITLE_WORD = (r"\b(?:President|Mr|Mrs|Ms|Dr|Gen|General|Colonel|Col|Minister|Captain|Capt|Imam|Sheikh|Chief|Lt|"
               r"Major|Commander|Président|Général|Colonel|Capitaine|Ministre)\.?[ \t]+")
_TITLE_BEFORE = re.compile(_TITLE_WORD + "$")
_PERSON_BEFORE = re.compile(
    rf"(?:{_TITLE_WORD}"
    r"|(?<![.!?:]\s)(?<!^)\b(?!(?:In|At|Near|From|To|The|Of|And|On|By|For|With|Between|Around|Outside|Inside|Central|"
    r"Northern|Southern|Eastern|Western|North|South|East|West|Upper|Lower|Greater|Inner|Lake|Mount|Camp|Niger|"
    r"Mali|Burkina|En|Au|Le|La|Les|Du|De|Des|Et|Dans|Vers|Près|Entre)\s)[A-Z][a-zà-ÿ-]+[ \t])$")      # a name does not go on across a line


_LONG_WORD = re.compile(r"[^\W\d_][\w'’-]{3,}")


def _person_before(text: str, start: int) -> bool:
    """`_PERSON_BEFORE` found in the 30 characters before `start`. Every match is a word holding a capital (a title
    or a capitalised word) and the spaces after it: after an all-lower-case word the regex is not run. In a line
    set in title case (a headline: "Rebels Seize Town Near Kidal") a capitalised word before the name is no
    given name, only a title is."""
    words = text[max(0, start - 30):start].split()
    if not words or words[-1].islower():
        return False
    if title_case_line(text, start):
        return bool(_TITLE_BEFORE.search(text, max(0, start - 30), start))
    return bool(_PERSON_BEFORE.search(text, max(0, start - 30), start))


# Capitalised words that may follow a place's name without being part of it ("Gao Region", "Kidal Airport", "Mopti
# North"); any other capitalised word unknown to the gazetteers goes on with the name ("Sam Ouandja")
_WORDS_AFTER_A_PLACE = frozenset(
    "region province state district cercle commune department county prefecture sub-prefecture municipality town "
    "city village area zone circle lga division governorate territory airport airfield camp market road highway "
    "bridge dam hospital base prison university stadium mosque church school river lake forest valley hills "
    "mountains border crossing checkpoint axis corridor junction port harbour harbor station garrison barracks "
    "north south east west central northern southern eastern western centre nord sud est ouest "
    "and or the in on at of to for from with by a an".split())


def title_case_line(text: str, at: int) -> bool:
    """The line holding `at` is a headline in title case: it starts with a capital, ends with no stop or comma
    (no sentence, no line of a wrapped paragraph), holds at least three words of four letters or more, and four
    in five of them are capitalised."""
    line = text[text.rfind("\n", 0, at) + 1:(text.find("\n", at) + 1 or len(text) + 1) - 1].strip()
    if not line[:1].isupper() or line.endswith((".", ",", ";", ":")):
        return False
    words = _LONG_WORD.findall(line)
    return len(words) >= 3 and sum(w[0].isupper() for w in words) >= 0.8 * len(words)


# "N'Konni": a capital and an apostrophe before the name; "Niger River", "Inner Niger".
_APOSTROPHES = ("'", "’")
_INITIAL_BEFORE = re.compile(r"(?<![\w'’])[A-Z]['’]$")
# a thing named after a place is no place of the story: a criminal group named after its home ground ("the Boston
# gang", "the Sinaloa cartel"), a peace process or an accord named after the city it was signed or begun in, years
# before ("the Algiers accord", "the Luanda and Nairobi processes"). (A militia named after its region stays: "Amhara
# militias" still tells where the story is.)
NAMED_AFTER_PLACE = re.compile(r"(?:[ \t]+and[ \t]+[A-ZÀ-Ý][\w'’-]+)?[ \t]+(?:gangs?|cartels?|mafias?|"
                               r"crime[ \t]+(?:family|syndicate|group)|processes|process|accords?|"
                               r"agreements?|format|protocol)\b", re.I)
RIVER_AFTER = re.compile(r"\s+(?:River|river|Delta|delta|fleuve)\b")
_RIVER_BEFORE = re.compile(r"(?:River|fleuve|Inner)\s+$")


# The halves of a compound compass name ("Nord-Ouest", "Sud-Est", "North-West", "Centre-Nord"): the store's
# region named by one half ("Nord", "Est", "Centre") is not the compound.
_COMPASS_PARTS = frozenset("nord sud est ouest centre north south east west".split())
_COMPASS_PART_AFTER = re.compile(r"-(?:[Nn]ord|[Ss]ud|[Ee]st|[Oo]uest|[Cc]entre|[Nn]orth|[Ss]outh|[Ee]ast|[Ww]est)\b")
_QUALIFIED_AFTER = re.compile(rf"-(?:{QUALIFIER_WORDS})\b")
_STATE_AFTER = re.compile(r"[ \t]+(?:State|state|states(?![ \t]+that))\b")   # "Kano, Kaduna and Niger states"
NEAR_DEG = 10.0      # ~1,100 km: beyond it, a candidate is no nearer to the document's places than another


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
            if r["kind"] == "country" and "," in r["name"] and state_table_names().get(r["country"]):
                r = {**r, "name": state_table_names()[r["country"]][0]}   # not ISO's "Congo, The Democratic Republic of the"
            places.append(GazetteerPlace(r["id"], r["name"], r["country"], r["latitude"], r["longitude"],
                                         r["region_id"], r["admin1"], int(r["population"] or 0),
                                         "region" if r["kind"] == "admin2" else r["kind"] or "place",
                                         r.get("admin2")))
            other_names = (*french_country_names().get(r["country"], ()), *state_table_names().get(r["country"], ())) \
                if r["kind"] == "country" else ()
            for n in {r["name"], *(r["alt_names"] or "").split("|"), *other_names}:
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
        found = list(self.matcher.finditer(folded))
        blocked = [(m.start, m.end) for m in self.not_places.finditer(folded)]
        # the document's leading country, from names outside supranational phrases ("the Sahel region" of
        # Africa is Burkina Faso's Sahel region only in a document about Burkina Faso)
        one_country = self._one_country
        lead = Counter(country for m in found if (country := one_country(m.payloads)) is not False
                       and not any(a <= m.start and m.end <= b for a, b in blocked))
        top = lead.most_common(1)[0][0] if lead else None
        for m in found:
            if not text[m.start].isupper():
                m = self._capitalised_tail(text, folded, m)      # "province du Soum" → "Soum"
            if m is None or not keep(m.start):
                continue
            if text[m.start - 1:m.start] in _APOSTROPHES and _INITIAL_BEFORE.search(text[max(0, m.start - 3):m.start]):
                continue          # "Konni" in "Birni N'Konni": part of a longer name (the world gazetteer's)
            if any(a <= m.start and m.end <= b for a, b in blocked) and not (
                    _region_cue(text, m.start, m.end) and any(self.places[i].kind == "region" and
                                                              self.places[i].country == top for i in m.payloads)):
                continue
            if text[m.end:m.end + 1] == "-" and _COMPASS_PART_AFTER.match(text, m.end) and \
                    fold_key(text[m.start:m.end]) in _COMPASS_PARTS:
                continue          # "Nord" of "la région du Nord-Ouest" (Cameroon's): a compass word is one half
            longer = _NEXT_NAME_WORD.match(text, m.end) or _HYPHENED_NAME_AFTER.match(text, m.end)
            if longer and (self.world.world.find_key(fold_key(text[m.start:longer.end()])) or
                           (text[m.end] == "-" and self.world.world.admin_lookup(text[m.start:longer.end()]))):
                continue          # "Dire Dawa", "Nord-Kivu": a longer name the world gazetteer holds, not Mali's Diré
            if longer and longer.group(0)[:1] in " \t" and \
                    all(self.places[i].kind not in ("country", "region") for i in m.payloads) and \
                    self._unknown_name_word(longer.group(0).strip()) and not title_case_line(text, m.start):
                continue          # "Sam Ouandja": a longer name no gazetteer holds, not Burkina Faso's Sam
            cands = sorted(set(m.payloads))
            if text[m.end:m.end + 1] == "-" and _QUALIFIED_AFTER.match(text, m.end):
                cands = [i for i in cands if self.places[i].kind != "country"]
                if not cands:
                    continue      # "Iran-backed militias", "Rwanda-linked rebels": the state backs, it is no place
            if _STATE_AFTER.match(text, m.end):
                # "Niger State", "Niger state governor": a first-level state of another country (the world
                # gazetteer's), never the country of that name
                cands = [i for i in cands if self.places[i].kind != "country"]
                if not cands:
                    continue
            key = m.key
            if key in _MONTH_ABBREVIATIONS:
                continue          # "in Sep", "Oct 12": a month, whatever village shares the name
            if key in _COMMON_WORDS or len(key) <= 3:
                before = text[max(0, m.start - 40):m.start]
                if not (_CUE_BEFORE.search(before) or _CUE_AFTER.match(text, m.end) or _region_cue(text, m.start, m.end)):
                    continue
                if all(self.places[i].kind == "region" for i in cands) and not _region_cue(text, m.start, m.end):
                    continue          # 'Centre', 'Est', 'Sahel' are regions only as 'Est region', 'Sahel province'

            if key in communities() and not community_placed(text, m.start, m.end):
                continue          # 'Dogon villages', '150 Peuls', 'between Dogon and Fulani': a community
            if m.key in people or _person_before(text, m.start):
                people.add(m.key)
                continue          # "Ibrahim Boubacar Keïta", "President Bazoum": a person's name
            if (text[m.end:m.end + 1].isspace() and RIVER_AFTER.match(text[m.end:m.end + 8])) or \
                    (text[m.start - 1:m.start].isspace() and _RIVER_BEFORE.search(text[max(0, m.start - 8):m.start])):
                continue          # (the tests before the regexes: each needs a space next to the name)
            out.append((m.start, m.end, cands))
        return self.world.find(text, folded, out, keep)

    def _unknown_name_word(self, word: str) -> bool:
        """Whether a capitalised word right after a place's name goes on with the name rather than after it: no
        calendar, compass, unit or site word, no abbreviation, no name a gazetteer holds."""
        key = fold_key(word)
        return not word.isupper() and key not in CALENDAR_WORDS and key not in _WORDS_AFTER_A_PLACE and \
            key not in self.matcher.payloads and not self.world.world.find_key(key)

    def _one_country(self, payloads: tuple) -> str | None | bool:
        """The country all these candidates are in (None for places without one), else False; kept per tuple of
        candidates (a name's, the same tuple for every match of it)."""
        known = self.__dict__.setdefault("_one_country_of", {})
        if payloads not in known:
            if len(known) > 100_000:
                known.clear()
            countries = {self.places[i].country for i in payloads}
            known[payloads] = next(iter(countries)) if len(countries) == 1 else False
        return known[payloads]

    def _capitalised_tail(self, text: str, folded: str, m):
        """The part of a lower-case match that is itself a name, from a capital on ("province du Soum": the
        alias 'Province du Soum' matched, the text means 'Soum')."""
        from watchfloor.read.matching import Match
        for k in range(m.start + 1, m.end):
            if text[k].isupper() and not text[k - 1].isalnum():
                key = " ".join(folded[k:m.end].split())
                payloads = self.matcher.payloads.get(key)
                if payloads:
                    return Match(k, m.end, key, tuple(payloads))
        return None

    def resolve(self, text: str, hits, extra_countries: Counter | None = None) -> list[dict]:
        """§10 places: [{name, lat, lon, country, admin1, mentions}], one per place, first mention first."""
        weight: Counter = Counter(extra_countries or {})
        for _, _, cands in hits:
            countries = {self.places[i].country for i in cands}
            if len(countries) == 1:
                weight[next(iter(countries))] += 2 if any(self.places[i].kind == "country" for i in cands) else 1
        # Where the document is: the places it names unambiguously. A shared name goes to the candidate nearest
        # one of them (a quarter of the capital the report names, not a village of that name 60 km away).
        fixed = []
        for s, e, c in hits:
            towns = {i for i in c if self.places[i].kind not in ("country", "region", "area")}
            if len(towns) == 1 and self.places[next(iter(towns))].latitude is not None:
                town = self.places[next(iter(towns))]
                regions = [self.places[i] for i in c if self.places[i].kind == "region"]
                if regions and (fold_key(town.name) != fold_key(text[s:e]) or
                                all(r.admin1 != town.admin1 for r in regions)):
                    continue      # "Michoacán" is the state, not a Chiapas village of that name, nor one that
                    #               lists it among its other names: no anchor for the document's other places
                fixed.append(town)      # "Bamako" the town (and the region it is in)

        fixed = list(dict.fromkeys(fixed))   # each place once (the nearest of them is the same)
        near: dict[int, float] = {}          # candidate → nearness, computed once per document

        def nearness(i: int) -> float:
            value = near.get(i)
            if value is None:
                p = self.places[i]
                if not fixed or p.latitude is None:
                    value = 0.0
                else:
                    value = -min((p.latitude - f.latitude) ** 2 + (p.longitude - f.longitude) ** 2 for f in fixed)
                    # far from every place the document names, nearness tells nothing: the bigger place of the name
                    # decides (Toronto in Canada, not the Ohio village a few degrees nearer to Burkina Faso)
                    value = max(value, -NEAR_DEG ** 2)
                near[i] = value
            return value

        chosen: dict[int, list[dict]] = {}
        picks: list[tuple[int, int, int]] = []
        named_at = [self._named_country(text, hits, k) for k in range(len(hits))]
        # one sense per document: a name the text once ties to a country keeps it where it stands alone
        keys = [fold_key(text[s:e]) for s, e, _ in hits]
        named_by_key = {key: c for key, c in zip(keys, named_at) if c is not None}
        places = self.places
        region_hits = [(s, (places[c[0]].admin1, places[c[0]].country)) for s, e, c in hits
                       if all(places[i].kind == "region" for i in c) and places[c[0]].admin1 and
                       len({(places[i].admin1, places[i].country) for i in c}) == 1]
        for k, (s, e, cands) in enumerate(hits):
            named = named_at[k] or (named_by_key.get(keys[k]) if named_by_key else None)
            if named is not None:          # "Gao in Mali", "Gao, Mali", "Mali's Gao": that country's place
                cands = [i for i in cands if places[i].country == named] or cands
            cands = _admin_area_by_its_own_name(places, cands, keys[k])
            if len(cands) == 1:
                picks.append((s, e, cands[0]))
                continue
            wants_region = _region_cue(text, s, e)
            # a shared name goes to the region its paragraph names ("In Cauca, … a police station in Suárez": the
            # Cauca town, not the Tolima one nearer the document's other towns)
            in_paragraph = _paragraph_regions(text, s, e, region_hits) if region_hits else ()
            best = max(cands, key=lambda i: (weight.get(places[i].country, 0),
                                             (places[i].kind == "region") == wants_region,
                                             places[i].kind != "country" or not wants_region,
                                             (places[i].admin1, places[i].country) in in_paragraph,
                                             nearness(i), places[i].population, -i))
            picks.append((s, e, best))
        for k, (s, e, best) in enumerate(picks):
            best = self._contained(text, picks, k) if best is not None else best
            chosen.setdefault(best, []).append({"text": text[s:e], "start": s, "end": e})
        out = []
        for i, mentions in sorted(chosen.items(), key=lambda kv: kv[1][0]["start"]):
            p = self.places[i]
            out.append({"name": p.name, "gazetteer_name": p.name, "lat": p.latitude,
                        "lon": p.longitude, "country": p.country, "admin1": p.admin1, "admin2": p.admin2, "id": p.id,
                        "region_id": p.region_id, "kind": p.kind, "mentions": mentions})
        return out


    def _named_country(self, text: str, hits, k: int) -> str | None:
        """The country a shared name's own words give it: a country named right after it ("Gao in Mali", "Gao,
        Mali", "Gao (Mali)") or with a possessive right before it ("Mali's Gao")."""
        s, e, cands = hits[k]
        if len({self.places[i].country for i in cands}) < 2:
            return None
        for j, link in ((k + 1, _COUNTRY_AFTER_LINK), (k - 1, _COUNTRY_BEFORE_LINK)):
            if not 0 <= j < len(hits):
                continue
            s2, e2, other = hits[j]
            gap = text[e:s2] if j > k else text[e2:s]
            countries = [self.places[i].country for i in other if self.places[i].kind == "country"]
            if countries and len(gap) <= 12 and link.fullmatch(gap):
                return countries[0]
        return None

    def _contained(self, text: str, picks: list[tuple[int, int, int]], k: int) -> int:
        """A town whose container, named right after it, is an admin area of another country ("Karma, a village
        in Yatenga province": not Karma of Niger) is that area's place of the name, without coordinates."""
        s, e, best = picks[k]
        p = self.places[best]
        if p.kind in ("country", "region", "area"):
            return best
        for s2, e2, other in picks[k + 1:k + 4]:
            if s2 - e > CONTAINER_REACH or "\n" in text[e:s2]:
                break
            q = self.places[other]
            if q.kind != "region" or not _CONTAINER_LINK.match(text[e:s2]):
                continue
            if q.country == p.country or q.country is None:
                return best
            name = text[s:e]
            return self.world._slot(("contained", fold_key(name), q.country, q.admin1), lambda: GazetteerPlace(
                f"context:{fold_key(name)}:{q.country}", name, q.country, None, None, q.region_id, q.admin1, 0,
                "populated place", q.admin2))
        return best


def _admin_area_by_its_own_name(places, cands: list[int], key: str) -> list[int]:
    """An admin area named by its own name beats towns that bear it only as another name ("Antioquia" the
    department, not the town of Santa Fe de Antioquia): the candidates less those towns, in the area's country."""
    own = [i for i in cands if places[i].kind == "region" and fold_key(places[i].name) == key]
    if not own:
        return cands
    countries = {places[i].country for i in own}
    towns = [i for i in cands if places[i].kind not in ("region", "country", "area") and places[i].country in countries]
    if not towns:
        return cands
    if any(fold_key(places[i].name) == key for i in towns):
        # "Gao" the town and the region: the cues and the text decide, as before; but a small namesake outside
        # every area of the name is not it ("Michoacán" is the state, not a village of that name in Chiapas)
        inside = {places[i].admin1 for i in own}
        far = [i for i in towns if places[i].admin1 not in inside and places[i].population < _BIG_NAMESAKE]
        return [i for i in cands if i not in far]
    return [i for i in cands if i not in towns]


_BIG_NAMESAKE = 100_000   # a city this big keeps its name against an admin area of the same name elsewhere


@lru_cache(maxsize=1)
def french_country_names() -> dict[str, tuple[str, ...]]:
    """ISO3 → the country's French names ('Mauritanie', 'Tchad', 'République démocratique du Congo'), from
    pycountry's ISO 3166-1 translations."""
    try:
        import gettext
        import pycountry
        fr = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["fr"])
    except (ImportError, OSError):
        return {}
    out = {}
    for c in pycountry.countries:
        names = {fr.gettext(n) for n in (c.name, getattr(c, "common_name", c.name))}
        out[c.alpha_3] = tuple(sorted(n for n in names if "," not in n))
    return out


@lru_cache(maxsize=1)
def state_table_names() -> dict[str, tuple[str, ...]]:
    """ISO3 → the names of each state in the actor knowledge base's states table, its usual name first ('DR Congo',
    'Democratic Republic of Congo', …), less those that name its authorities rather than its land."""
    return {r["iso3"]: (r["name"], *(n for n in (r.get("names") or "").split("|")
                                     if n and not re.search(r"\b(?:Authority|Government)\b", n)))
            for r in state_rows()}


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
                       r"residents of|inhabitants of|villagers of|people of|neighbourhoods? of|districts? of|"
                       r"quarters? of|near|around|outside|in|at|from|to|between|localités? de|villages? de|"
                       r"attacked|overran|seized|captured|retook|retaken|besieged|blockaded|stormed|raided|burned|"
                       r"fled|reached|entered|left|attaqué|pris|repris|assiégé|quitté|fui|"
                       r"communes? de|habitants de|quartiers? de|près de|à|dans la localité de)\s+$|"
                       r"\b(?:villages?|localités?|communes?|quartiers?|habitants|hameaux?|ville|près|"
                       r"dans la localité) d['’]$", re.I)
# A name joined to the place before it: "Nondin and Soro", "Yantala, Lazaret et Harobanda".
_LIST_JOIN = re.compile(r"\s*(?:,\s*(?:and\s+|et\s+)?|\s+and\s+|\s+et\s+|\s+or\s+|\s+ou\s+)$")
# What ties a place to a container named after it: "X, a village in Y", "X and Z, in Y province", "X, outside Y",
# "X (Y region)", "X, un quartier de Y".
_CONTAINER_LINK = re.compile(r"^\s*\((?=\s*(?:[A-Z]|r[ée]gion|province|cercle|d[ée]partement|commune))|^(?:(?:\s*,\s*|\s+and\s+|\s+et\s+)[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*)?)*"
                             r"(?:\s*[,(–—-]\s*|\s+)"
                             r"(?i:(?:a|an|the|two|three|several|un|une|deux|trois|le|la|les)\s+)?"
                             r"(?i:(?:small|large|remote|border|mining|gold-mining|fishing|rural|nearby|petit|petite|"
                             r"grand|grande)\s+)?"
                             r"(?i:(?:villages?|towns?|hamlets?|localit(?:y|ies)|localités?|communes?|city|cities|"
                             r"districts?|quartiers?|neighbourhoods?|areas?|sites?|camps?|markets?|settlements?|"
                             r"local\s+government(?:\s+areas?)?|lgas?|municipalit(?:y|ies)|count(?:y|ies)|woredas?|"
                             r"r[ée]gions?|provinces?|d[ée]partements?|cercles?|pr[ée]fectures?|governorates?)\s+)?"
                             r"(?i:in|of|near|outside|around|(?:north|south|east|west)(?:-?(?:east|west))?(?:ern)?\s+of|"
                             r"\d+\s*km\s+(?:\w+\s+)?(?:of|from)|dans|de|du|des|près|à|au|en)\b")
CONTAINER_REACH = 90
# "X, Tahoua region": a comma, then an area named with its type after it, is X's address (the comma alone also links a
# town to its area in world_places: "Macomia, Cabo Delgado")
COMMA_ONLY = re.compile(r"[ \t]*,[ \t]*")
_AREA_TYPE_AFTER = re.compile(r"[ \t]+(?:region|province|state|district|governorate|county|department|prefecture|"
                              r"r[ée]gion|d[ée]partement|pr[ée]fecture)\b", re.I)
# A place right inside a country or a named area: "X in south Lebanon", "X, a village in northern Mali" (not "X,
# near the border with Niger").
_IN_LINK = re.compile(r"\s*,?\s*(?:(?:a|an|un|une)\s+(?:\w+\s+)?(?:village|town|hamlet|locality|localité|district|"
                      r"commune|city|ville)\s+)?(?:in|dans|en|au)\s+(?:the\s+)?")
_COUNTRY_AFTER_LINK = re.compile(r"\s*,\s*|\s*\(\s*|\s+(?:in|en|au|of)\s+(?:the\s+)?")
_COUNTRY_BEFORE_LINK = re.compile(r"['’]s\s+")
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
               "southwest", "global", "capital", "nord", "sud", "est", "ouest", "centre", "center", "état", "etat", "state",
               # a ministry's or an office's words in French titles ("Le Ministre de l'Intérieur et de la
               # Décentralisation"), and a language community's adjective ("the Anglophone regions")
               "ministère", "ministere", "ministre", "intérieur", "interieur", "décentralisation", "decentralisation",
               "défense", "defense", "sécurité", "securite", "justice", "santé", "sante", "communication",
               "information", "administration", "république", "republique", "présidence", "presidence",
               "maison", "anglophone", "francophone", "lusophone", "arabophone",
               # a page's furniture ("· Publié le 25 octobre", "Mis à jour", "Copier le lien")
               "publié", "publiée", "publie", "published", "updated", "posted", "copier", "copy", "partager", "share",
               "imprimer", "print", "lire", "read"} | _MONTH_ABBREVIATIONS
_ORGANISATION_WORDS = {"Operation", "Opération", "International", "Watch", "Radio", "News", "Press", "Times", "Post",
                       "Journal", "Agency", "Ministry", "University", "Institute", "Foundation", "Bank", "Group",
                       "Company", "Corporation",
                       "Television", "TV", "Council", "Committee", "Office", "Force", "Forces", "Army", "Movement",
                       "Front", "Union", "Party", "Mission", "Organisation", "Organization", "Association",
                       "Alliance", "Coalition", "Commission", "Network", "Service", "Services", "Programme",
                       "Program", "Fund", "Court", "Tribunal", "Assembly", "Parliament", "Brigade", "Battalion",
                       "Monitor", "Review", "Wire", "Herald", "Tribune", "Gazette", "Daily", "Weekly", "Minister",
                       "President", "General", "Colonel", "Captain", "Commander", "Mr", "Mrs", "Dr",
                       # and in French ("Porte-parole du Gouvernement" closing a communiqué is no place)
                       "Gouvernement", "Ministère", "Ministre", "Porte-parole", "Président", "Présidente", "Général",
                       "Capitaine", "Commandant", "Gouverneur", "Préfet", "Conseil", "Comité", "Armée", "Direction",
                       "Agence", "Université", "Institut", "Assemblée", "Parti", "Mouvement", "Chef",
                       "Forum", "Studies", "Initiative", "Observatory", "Society", "Secretariat", "Platform",
                       "Consortium", "Federation", "League", "Observatoire", "Fondation", "Réseau",
                       "Plateforme", "Collectif", "Ligue"}
# A name that runs on into an organisation's ("the Horn Peace and Security Forum", "the Centre for Strategic
# Studies"): capitalised words, joined by "and", "for", "of" …, up to a word that names a kind of organisation.
_ORGANISATION_HEAD = sorted(_ORGANISATION_WORDS | {"Centre", "Center", "Centres", "Institutes", "Research"},
                            key=len, reverse=True)
_CONNECTOR = r"(?:and|&|et|for|pour|of|on|de|du|des|sur)[ \t]+(?:the[ \t]+|la[ \t]+|le[ \t]+|l['’])?"
ORGANISATION_AFTER = re.compile(rf"[ \t]+(?:{_CONNECTOR})?(?:[A-ZÀ-Ý][\w'’-]*[ \t]+(?:{_CONNECTOR})?){{0,5}}"
                                rf"(?:{'|'.join(map(re.escape, _ORGANISATION_HEAD))})\b")
# "according to Amnesty International", "told Reuters": people and organisations, not places.
_NOT_A_PLACE_CUE = re.compile(r"\b(?:according|owing|due|thanks|compared|similar|close|appeal(?:ed)?|spoke|"
                              r"speaking|told|said|letter|reported|talked|talking|belonging|loyal|allied|close)\s+to\s+$",
                              re.I)
_PLACE_AFTER_NAME = re.compile(r"\s*(?:,|and|et|\(|\.|;|:|$|\s+(?:village|town|area|camp|market|region|province|"
                               r"district|circle|cercle|commune|department|on|in|near|where|which|after|before|"
                               r"during|when|while|with|to|from|for|by|at|as|since|last|this|between|of the|was|were|is|are|has|had|"
                               r"have|killing|leaving|said|says|say|told|fled|où|dans|près|a|ont|était|sont))", re.I)


def _overlaps_one(spans: list[tuple[int, int]], lo: int, hi: int, s: int, e: int) -> bool:
    """`any(a < e and s < b for a, b in spans[lo:hi])`, without a generator."""
    for k in range(lo, hi):
        a, b = spans[k]
        if a < e and s < b:
            return True
    return False


@lru_cache(maxsize=1)
def _role_of_before() -> re.Pattern:
    """An office of a place just before it ("the ambassador of", "l'ambassadrice des", "Governor of"): the name
    after the place and a comma is the office holder's, no other place."""
    from watchfloor.read.knowledge import person_titles
    titles = person_titles()
    roles = sorted({r for r in titles["roles"] + titles["ranks"] + titles["apposed_roles"] if " " not in r and "." not in r},
                   key=len, reverse=True)
    office = rf"(?i:\b(?:{'|'.join(re.escape(r) for r in roles)})s?[ \t]+(?:of|for|de|des|du|d['’])[ \t]*"
    listed = (r"(?:the[ \t]+|la[ \t]+|le[ \t]+|l['’])?"
              # (and a unit before the name: "le gouverneur de la région de l'Extrême-Nord, X,")
              r"(?:(?:region|province|state|district|county|département|région|préfecture|cercle|commune)"
              r"[ \t]+(?:of|de|du|des|d['’])[ \t]*(?:the[ \t]+|la[ \t]+|le[ \t]+|l['’])?)?)"
              r"(?:[A-ZÀ-Ý][\w'’-]*(?:[ \t-]+[A-ZÀ-Ý][\w'’-]*)*[ \t]*(?:,|and|et)[ \t]+(?:the[ \t]+)?)*$")
    # (and a body's name in lower case too: "le commandant de la Protection civile de Koutiala, X")
    in_a_body = r")[^,.;:()\n]{1,60},[ \t]*$"
    return re.compile(office + listed + "|" + office + in_a_body)


@lru_cache(maxsize=1)
def _title_words() -> frozenset[str]:
    """One-word titles and ranks a person's name may follow ("Ambassador", "General", "Colonel", "Imam")."""
    from watchfloor.read.knowledge import person_titles
    titles = person_titles()
    return frozenset(t.lower() for t in titles["roles"] + titles["ranks"] if " " not in t and "." not in t)


def unknown_places(text: str, sentences: list[tuple[int, int]], taken: list[tuple[int, int]],
                   resolved_in: list[tuple[int, int, dict]], keep=lambda start: True) -> list[dict]:
    """Capitalised names after a locative cue ("near Tamalat", "the village of Inchinane", "residents of X"),
    or listed with such a name ("Nondin and Soro"), that no dictionary knows. No coordinates; admin-1 from
    the context (`context_admin1`)."""
    out: dict[str, dict] = {}
    resolved_in = sorted(resolved_in, key=lambda x: x[0])
    starts = [x[0] for x in resolved_in]
    taken = sorted(taken)
    for s, e in sentences:
        if not keep(s):
            continue
        last_end = None           # end of the last place (known or new) in this sentence
        for m in _NAME.finditer(text, s, e):
            ms, me = m.span()
            k = bisect.bisect_left(starts, ms)
            if k and resolved_in[k - 1][1] > ms - 1:
                last_end = resolved_in[k - 1][1]
            if ms == s:
                continue
            k = bisect.bisect_left(taken, (me,))
            if _overlaps_one(taken, max(0, k - 8), k, ms, me):
                continue          # a known actor, place or date (cheaper to test first)
            prev = bisect.bisect_left(starts, ms)
            joined_to = max([resolved_in[prev - 1][1]] if prev else [], default=None)
            listed = any(end is not None and end < m.start() and _LIST_JOIN.fullmatch(text, end, m.start())
                         for end in (last_end, joined_to))
            if listed and prev and joined_to == resolved_in[prev - 1][1] and \
                    _role_of_before().search(text, max(0, resolved_in[prev - 1][0] - 60), m.start()):
                listed = False    # "the US ambassador … l'ambassadrice des États-Unis, Lucy Tamlyn,": the holder
            if not listed and not _LOCATIVE.search(text[max(s, m.start() - 30):m.start()]):
                continue
            name = m.group(0)
            words = name.split()
            while words and words[-1].lower() in _NOT_PLACES:
                words.pop()
            name = " ".join(words)
            if not name or name.lower() in _NOT_PLACES or words[0].lower() in _NOT_PLACES or name.isupper() or \
                    fold_key(name) in communities() or (len(words) > 1 and words[0].lower() in _title_words()):
                continue          # (… and "from Ambassador Pedro X": a person, by the title before the name)
            if any(w in _ORGANISATION_WORDS for w in words) or IZAFAT_ORG.search(name) or \
                    _NOT_A_PLACE_CUE.search(text[max(s, m.start() - 40):m.start()]):
                continue
            end = m.start() + len(name)
            if not _PLACE_AFTER_NAME.match(text, end) or re.match(r"['’]s\b", text[end:end + 2]):
                continue
            acronym = _ACRONYM_AFTER.match(text, end)
            if acronym and not spells(acronym.group(1), name):
                continue          # "… Army in Opposition (SPLM/A-IO)": the end of a name its acronym closes
            last_end = end
            place = out.setdefault(name, {"name": name, "gazetteer_name": None, "lat": None, "lon": None,
                                          "country": None, "admin1": None, "admin2": None,
                                          "id": f"unknown:{name}", "region_id": None, "kind": "unknown",
                                          "mentions": []})
            place["mentions"].append({"text": name, "start": m.start(), "end": end})
    return _located_by_context(list(out.values()), text, sentences, resolved_in)


def _located_by_context(places: list[dict], text: str, sentences: list[tuple[int, int]],
                        resolved_in: list[tuple[int, int, dict]]) -> list[dict]:
    """Each place without coordinates (not a named area) gets the admin-1 and country its first locatable mention's
    context gives (`context_admin1`)."""
    for place in places:
        if place["kind"] == "area":
            continue
        for mention in place["mentions"]:
            a1, a2, country = context_admin1(text, mention["start"], mention["end"], sentences, resolved_in)
            if country is not None:
                place["admin1"], place["admin2"], place["country"] = a1, a2, country
                break
    return places


# Words after which a name is a place, whatever the model took it for ("seized Rubaya", "strikes on Kfar Kila",
# "two villages, X and Y").
PLACE_BEFORE = re.compile(r"\b(?:in|near|into|towards?|outside|around|inside|across|seized|captured|"
                          r"took|retook|recaptured|entered|overran|besieged|shelled|raided|reached|fled|à|près de|"
                          r"entering|enters|seizing|seizes|capturing|captures|retaking|recapturing|overrunning|"
                          r"besieging|reaching|fleeing|stormed|storming|"
                          r"vers|dans)\s+(?:the\s+)?(?:(?:town|village|city|area|district|locality)\s+of\s+)?$|"
                          r"\b(?:strikes?|air\s?strikes?|raids?|shelling|bombardments?|bombings?)\s+on\s+$|"
                          r"\b(?:villages|towns|localities|communities|settlements|neighbou?rhoods)\s*(?:,|:|of|such as)\s*$")
_LIST_AFTER_PLACE = re.compile(r"\s*(?:,\s*(?:and\s+|et\s+)?|\s+(?:and|et)\s+)")
# The model's place labels. A name with a feature word is a named area, building or street ("the Bekaa valley",
# "Moi Avenue", "Tower 22"), any other a settlement or admin area the gazetteer lacks.
ENTITY_PLACE_KINDS = {"GPE": "unknown", "LOC": "unknown", "FAC": "unknown"}
_FEATURE_WORD = re.compile(r"(?i)(?<![\w-])(?:valley|mountains?|mounts?|hills?|range|river|sea|gulf|lake|desert|"
                           r"forest|plateau|road|avenue|street|highway|bridge|square|beach|park|airport|port|"
                           r"harbou?r|base|tower|"
                           r"hospital|mine|dam|strait|bay|coast|island|islands|corridor|line|crossing|border|"
                           r"vallée|montagnes?|fleuve|rivière|lac|désert|forêt|route|rue|pont|place|plage|parc|"
                           r"aéroport|hôpital|mine|barrage|détroit|baie|côte|île|frontière)(?![\w-])")
# (a word joined by a hyphen is part of a settlement's name: "Pont-Sondé", "Port-Gentil")
_ADJECTIVE_END = re.compile(r"(?:an|ic|ese|ian|ish|ist)$")
_QUALIFIED = re.compile(rf"[\w'’]+-(?:{QUALIFIER_WORDS})\b")
_NOUN_AFTER = re.compile(r"\s+[a-z]")
# A kind word after the name: "Libiri village", "Kokorou area" are Libiri and Kokorou.
_KIND_TAIL = re.compile(r"(?i)\s+(?:villages?|towns?|city|area|locality|commune|district|neighbou?rhood|quarter|"
                        r"local\s+government(?:\s+area|\s+council)?|lga)$")
_ARTICLE = re.compile(r"(?i)(?:the|l['’]|la|le|les)\s+")


_CAMEL_ABBREVIATION = re.compile(r"[A-Z][a-z]{1,2}[A-Z][a-z]?")
_TITLE_WORD = re.compile(r"[^\W\d_][\w'’-]{3,}")


def _in_title_case_line(text: str, at: int) -> bool:
    """Whether the line at `at` is a headline in title case (its words of four letters or more capitalised, but for a
    preposition or two: "Statement on Attack against Peacekeepers in …")."""
    start = text.rfind("\n", 0, at) + 1
    end = text.find("\n", at)
    words = _TITLE_WORD.findall(text, start, len(text) if end < 0 else end)
    return 4 <= len(words) <= 20 and sum(w[0].isupper() for w in words) >= 0.8 * len(words)


_ACRONYM_AFTER = re.compile(r"[ \t]*\(([A-Z][A-Za-z]*[A-Z][\w/.-]{0,10})\)")
_BYLINE_AFTER = re.compile(r"[ \t]+(?:par|by)[ \t]+[A-ZÀ-Ý]")


def entity_spans(text: str, entities: list[tuple[int, int, str]], taken: list[tuple[int, int]],
                 place_ends: list[int], not_a_place: Callable[[str], bool], keep=lambda start: True,
                 placed: Callable[[str, int, int], bool] = lambda text, s, e: False) -> list[tuple[int, int, str]]:
    """(start, end, kind) of the statistical model's GPE/LOC/FAC entities that nothing in `taken` explains, and of
    its PERSON and ORG entities that the text places: `placed(text, start, end)`, "strikes on X", "two villages,
    X and Y", or listed after a place whose end is in `place_ends`. `not_a_place(name)`: names that are something else here (a nationality, a known
    actor's name)."""
    taken = sorted(taken)
    ends = sorted(place_ends)
    out = []
    for s, e, label in entities:
        kind = ENTITY_PLACE_KINDS.get(label)
        if kind is None and label in ("PERSON", "PER", "ORG"):
            k = bisect.bisect_right(ends, s)
            listed = k and _LIST_AFTER_PLACE.fullmatch(text, ends[k - 1], s) and \
                not _role_of_before().search(text, max(0, s - 120), s)   # (the governor of a region, X,: the holder)
            if listed or PLACE_BEFORE.search(text, max(0, s - 30), s) or placed(text, s, e):
                kind = "unknown"
        if kind is None or not keep(s):
            continue
        if _CAMEL_ABBREVIATION.fullmatch(text, s, e) or (kind == "unknown" and _in_title_case_line(text, s)):
            continue          # "(MoD)", "DoD": an office's abbreviation; "Attack against Peacekeepers in …": a
            #                   headline's capitals, no unknown place
        m = _ARTICLE.match(text, s, e)
        if m:
            s = m.end()
        e = s + len(text[s:e].rstrip().rstrip(".,;:"))
        tail = _KIND_TAIL.search(text, s, e)
        if tail and tail.start() > s:
            e = tail.start()
        name = " ".join(text[s:e].split())
        if RIVER_AFTER.match(text, e) or NAMED_AFTER_PLACE.match(text, e):
            continue          # "along the Shabelle river": a river is no place (nor the "Chicago gang")
        if ORGANISATION_AFTER.match(text, e):
            continue          # "the Horn Peace and Security Forum": the model's place is part of an organisation
        if (acronym := _ACRONYM_AFTER.match(text, e)) and not spells(acronym.group(1), text[s:e]):
            continue          # "the Movement for Justice in Opposition (MJ-IO)": the end of a name its acronym closes
        if _BYLINE_AFTER.match(text, e) and (s == 0 or text[s - 1] == "\n"):
            continue          # "Written by A. Name", "Rédigée par A. Name" opening a line: a byline
        if _QUALIFIED.match(name):
            continue          # "Chinese-backed port", "Iran-aligned militias": a qualifier the model took for a name
        if _FEATURE_WORD.search(name):
            kind = "area"
        elif " " not in name and _ADJECTIVE_END.search(name) and _NOUN_AFTER.match(text, e):
            continue          # "Saharan branch", "Quranic school": an adjective the model took for a place
        k = bisect.bisect_left(taken, (e,))
        if any(a < e and s < b for a, b in taken[max(0, k - 8):k]):
            continue
        words = name.split()
        if len(name) < 3 or not name[:1].isupper() or name.isupper() or "\n" in text[s:e] or \
                name.lower() in _NOT_PLACES or words[0].lower() in _NOT_PLACES or \
                any(w in _ORGANISATION_WORDS for w in words) or IZAFAT_ORG.search(name) or not_a_place(name) or \
                (kind != "area" and re.search(r"\d", name)):
            continue
        out.append((s, e, kind))
        bisect.insort(ends, e)
    return out


def entity_places(text: str, sentences: list[tuple[int, int]], spans: list[tuple[int, int, str]],
                  resolved_in: list[tuple[int, int, dict]]) -> list[dict]:
    """Places without coordinates for the model's place names (`entity_spans`) no gazetteer knows; admin-1 from
    the context (`context_admin1`) for settlements, none for named areas."""
    out: dict[str, dict] = {}
    for s, e, kind in spans:
        name = " ".join(text[s:e].split())
        place = out.setdefault(name, {"name": name, "gazetteer_name": None, "lat": None, "lon": None,
                                      "country": None, "admin1": None, "admin2": None,
                                      "id": f"unknown:{name}", "region_id": None, "kind": kind, "mentions": []})
        place["mentions"].append({"text": text[s:e], "start": s, "end": e})
    return _located_by_context(list(out.values()), text, sentences, resolved_in)


def _paragraph_regions(text: str, start: int, end: int, region_hits: list[tuple[int, tuple]]) -> set[tuple]:
    """(admin-1, country) of the regions named in the paragraph of text[start:end] (`region_hits`: (where, (admin-1,
    country)) of every mention of one region)."""
    lo = text.rfind("\n\n", 0, start)
    hi = text.find("\n\n", end)
    hi = len(text) if hi < 0 else hi
    return {region for at, region in region_hits if lo <= at < hi}


def context_admin1(text: str, start: int, end: int, sentences: list[tuple[int, int]],
                   resolved_in: list[tuple[int, int, dict]]) -> tuple[str | None, str | None, str | None]:
    """(admin-1, admin-2, country) of a place named at text[start:end] that no gazetteer locates, from what the
    text says around it, in order: a container or neighbour named right after it ("X, a village in Yatenga
    province", "X and Y, in the Tillabéri region", "X, outside Ouahigouya"); the one admin-1 the sentence's
    other places share; the nearest place before it in the sentence; the nearest place before it within the
    paragraph; the admin-1 most of the document's places are in."""
    def value(p: dict):
        return p.get("admin1"), (p.get("admin2") if p.get("kind") != "country" else None), p.get("country")

    located = [(a, b, p) for a, b, p in resolved_in if p.get("admin1") and p.get("kind") not in ("country", "area")]
    k = bisect.bisect_right([s for s, _ in sentences], start) - 1
    s, e = sentences[k] if k >= 0 and sentences[k][0] <= start < sentences[k][1] else (start, end)
    containers = [(a, b, p) for a, b, p in resolved_in if end <= a <= end + CONTAINER_REACH and a < e and
                  (_CONTAINER_LINK.match(text[end:a]) or (COMMA_ONLY.fullmatch(text, end, a) and
                                                          _AREA_TYPE_AFTER.match(text, b)))
                  and (p.get("admin1") or p.get("country"))]
    if containers:
        a, b, p = containers[0]           # the nearest: "X, a village in Y, … in Z" is in Y
        if p.get("kind") in ("country", "area") and not p.get("admin1"):
            inner = next((c for c in containers[1:] if c[0] - b <= 4 and c[2].get("admin1")), None)
            if inner is not None:
                return value(inner[2])    # "X, in Niger's Tillabéri region"
            if _IN_LINK.fullmatch(text, end, a):
                return None, None, p.get("country")   # "X, a village in south Lebanon": that country, no admin-1
        town = next((c[2] for c in containers if c[2].get("admin1") and c[2].get("kind") not in ("country", "area")),
                    None)
        if town is not None:
            return value(town)
    here = [(a, b, p) for a, b, p in located if s <= a < e and not (a <= start < b)]
    admins = {(p["admin1"], p.get("country")) for _, _, p in here}
    if len(admins) == 1:
        a1, country = next(iter(admins))
        return a1, None, country
    before = [(a, b, p) for a, b, p in here if b <= start]
    if before:
        return value(before[-1][2])
    paragraph = text.rfind("\n\n", 0, start)
    before = [(a, b, p) for a, b, p in located if max(paragraph, start - 600) <= a and b <= start]
    if before:
        return value(before[-1][2])
    # the document's own country decides before its admin-1s: a Libyan report naming Tunis once (where a diplomat
    # sits) does not put an unlocated Libyan suburb in Tunisia
    countries = Counter(p.get("country") for _, _, p in resolved_in
                        if p.get("country") and p.get("kind") not in ("country", "area"))
    top = countries.most_common(1)[0] if countries else None
    counts = Counter((p["admin1"], p.get("country")) for _, _, p in located)
    if counts:
        (a1, country), n = counts.most_common(1)[0]
        if n * 2 >= sum(counts.values()) and (top is None or country == top[0]):
            return a1, None, country
    if top is not None and top[1] * 2 >= sum(countries.values()):
        return None, None, top[0]
    return None, None, None
