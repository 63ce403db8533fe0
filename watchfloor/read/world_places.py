"""Places beyond the store's gazetteer: the world gazetteer (geo/gazetteer.py), admin names with their type
word ("Borno State", "North Kivu province"), descriptive places ("the capital", "the Nigerien capital"),
compass areas ("northern Mali") and named areas (data/named_areas.csv).

A world name is taken only with evidence, since GeoNames holds villages named like common words: a
locative cue before it ("in", "near"), a type word after it, a candidate in a country the document
already names, or a large town (≥ 100,000). A name shared by several countries goes to the document's
countries, else to the most populous (in `Gazetteer.resolve`). A place in a country whose boundaries are
loaded gets its admin-1/admin-2 from the polygons; elsewhere the gazetteer's admin-1 name stands.
"""
from __future__ import annotations

import bisect
import csv
import itertools
import re
from collections import Counter
from functools import lru_cache

from watchfloor.config import DATA_DIR
from watchfloor.read.knowledge import communities, state_rows
from watchfloor.read.matching import Scouted, finditer_at, fold_key, is_dateline, trie_regex
from watchfloor.read.places import COMMA_ONLY, NAMED_AFTER_PLACE
from watchfloor.read.prefilter import _CASE_ODD, lowered

_WORD = r"[A-ZÀ-Ý][\w'’]*(?:-[\w'’]+)*"
_CONNECT = r"(?:al|el|ad|as|ash|an|at|ar|az|ez|es|ed|ud|de|du|des|la|le|di|do|da|of|the|wa|bin|ben|ibn)"
# (the capital first, then the look-behind at the character before it: re then skips to capitals by itself)
_SEQUENCE = re.compile(rf"[A-ZÀ-Ý](?<![\w'’-].)[\w'’]*(?:-[\w'’]+)*(?:[ \t]+(?:{_CONNECT}[ \t-]+)?{_WORD}){{0,4}}")
# (a sequence after a French elided article or preposition: only a first-level division is taken from it, "l'Extrême-
# Nord"; towns after "d'" are the store's or the model's, and a body after "l'" is no place: "l'État", "l'Union"; the
# letter first, then the look-behind at the character before it, as above)
_ELIDED_SEQUENCE = re.compile(rf"[lLdD](?<![\w'’-].)['’]({_WORD}(?:[ \t]+(?:{_CONNECT}[ \t-]+)?{_WORD}){{0,4}})")
_CONNECTOR_END = re.compile(rf"(?:[ \t]+{_CONNECT})*[ \t-]*$")
_TYPE_WORDS = ("state", "province", "region", "department", "governorate", "district", "county", "prefecture",
               "municipality", "commune", "cercle", "territory")
# Type words of more than one word after a name: "the Guma Local Government Area", "Bama LGA".
_LONG_TYPE = re.compile(r"[ \t]+(?:Local[ \t]+Government(?:[ \t]+Area)?|LGA|Local[ \t]+Government[ \t]+Council|"
                        r"Regional[ \t]+State|National[ \t]+Regional[ \t]+State)$")        # ("Amhara Regional State")
# The press calls first-level units regions, provinces and governorates whatever their country calls them.
_LOOSE_TYPE_WORDS = frozenset({None, "region", "province", "governorate"})
_COMPASS_WORDS = frozenset("north south east west northern southern eastern western central northeast northwest "
                           "southeast southwest north-east north-west south-east south-west".split())
_TYPE_AFTER = re.compile(r"[ \t]+(" + "|".join(_TYPE_WORDS) + r")s?\b", re.I)
# The type word before the name: "la province du Lac", "le département de la Tapoa", "the province of Yagha"
_TYPE_BEFORE = re.compile(r"(?i)\b(province|r[ée]gion|d[ée]partement|gouvernorat|governorate|pr[ée]fecture|state|"
                          r"district|county)\s+(?:du|de\s+la|de\s+l['’]|des|de|d['’]|of(?:\s+the)?)\s*$")
_FRENCH_TYPE_WORDS = {"région": "region", "département": "department", "departement": "department",
                      "gouvernorat": "governorate", "préfecture": "prefecture", "prefecture": "prefecture"}
# "Kano, Kaduna and Niger states": every name of the list is of the plural type word that ends it
_LIST_TYPE_AFTER = re.compile(rf"(?:[ \t]*,[ \t]*{_WORD}(?:[ \t]+{_WORD})?)*[ \t]*,?[ \t]+(?:and|et)[ \t]+{_WORD}"
                              rf"(?:[ \t]+{_WORD})?[ \t]+(?:{'|'.join(_TYPE_WORDS)})s\b")
_CUE_BEFORE = re.compile(r"\b(?:(?:in|at|near|outside|around|from|to|towards|toward|into|between|and|across|through|"
                         r"of|en|à|au|de|vers|près de|dans|entre|town of|village of|city of|district of|"
                         r"region of|province of|state of)(?:\s+(?:the\s+)?|\s+l['’])|(?:près|autour|non loin)\s+d['’])$",
                         re.I)                                         # (and "de l'Extrême-Nord", "près d'Arlit")
_COMPASS = (r"(?:(?:north|south|east|west)[- ]?central|"
            r"north|south|east|west|northern|southern|eastern|western|central|north-?eastern|north-?western|"
            r"south-?eastern|south-?western|northeast|northwest|southeast|southwest|north-?east|north-?west|"
            r"south-?east|south-?west)")
# (a line may wrap between them, but no paragraph: "… in the south" ending a headline is no part of the dateline's town)
_COMPASS_BEFORE = re.compile(rf"\b({_COMPASS})(?:[ \t]+|[ \t]*\n[ \t]*)\Z", re.I)
# "eastern Gao region": the type word belongs to the area's name
_AREA_TYPE_AFTER = re.compile(r"[ \t]+(?:region|province|state|district|governorate|county|zone)\b")
# French: "dans le nord du Mali", "l'est du Burkina Faso", "au sud-est du Niger", "le sud de la Libye"
_FR_COMPASS_BEFORE = re.compile(r"\b(?:au|aux|le|du|l['’]|dans\s+le|vers\s+le)\s*((?:extrême[- ])?(?:nord|sud|est|ouest|centre)"
                                r"(?:-(?:nord|sud|est|ouest))?)\s+(?:du|de\s+la|de\s+l['’]|des|de|d['’])\s*$")
_DISTANCE_BEFORE = re.compile(r"(?:\d|quelques|plusieurs|une\s+dizaine\s+de)\s*(?:km|kilom[eè]tres?|miles?)\s+\Z")
# Every _COMPASS_BEFORE match is a word ending so, then spaces; every _FR_COMPASS_BEFORE match ends with the article
# before the name (then spaces): where the words before a name end otherwise, neither regex is run.
_COMPASS_ENDS = ("north", "south", "east", "west", "ern", "central")
_FRENCH_ARTICLE_ENDS = ("du", "la", "des", "de", "'", "’")


def _compass_before(text: str, start: int) -> re.Match | None:
    """`_COMPASS_BEFORE` in the 20 characters before `start`."""
    words = text[max(0, start - 20):start].split()
    last = lowered(words[-1]) if words else ""
    if last is not None and not last.endswith(_COMPASS_ENDS):
        return None
    return _COMPASS_BEFORE.search(text, max(0, start - 20), start)


def after_french_article(text: str, start: int) -> bool:
    """Whether the 40 characters before `start` end with a French article ('du', 'de la', "l'", …), spaces aside:
    a regex anchored there on one (`_FR_COMPASS_BEFORE`) is not run otherwise."""
    return text[max(0, start - 40):start].rstrip().endswith(_FRENCH_ARTICLE_ENDS)


def _fr_compass_before(text: str, start: int) -> re.Match | None:
    """`_FR_COMPASS_BEFORE` in the 40 characters before `start`."""
    return _FR_COMPASS_BEFORE.search(text, max(0, start - 40), start) if after_french_article(text, start) else None


# a bare part of the country: "gangs in the north-west", "across the northeast" (not "the north-east of Gao")
# ("in North East", "the North West": Nigeria's zones, written as names; not "the North-West region" of Cameroon)
_BARE_COMPASS = re.compile(r"\b(?i:in|across|throughout|into|from|to)\s+(?:the\s+((?:north|North|south|South)[- ]?"
                           r"(?:east|East|west|West))|((?:North|South)[- ]?(?:East|West)))\b(?![\w-])(?!\s+(?:of|region|state|province|zone)\b)"
                           r"(?!\s+and\s+(?:the\s+)?(?i:north|south|east|west|central|centre))(?!\s+[A-Z])")
_CAPITAL = re.compile(r"\b[Tt]he\s+(?:([A-Z][\w'’é]+)\s+)?capital\b(?!\s*(?:,\s*)?[A-Z])"
                      r"(?!\s+(?:city|region|district|of)\b)")          # "the capital of Kossi province": another
# "la capitale nigérienne", "la capitale" (French)
_CAPITALE = re.compile(r"\b[Ll]a\s+(capitale)(?!\s+(?:du|de|des|d['’])\b)(?:\s+([a-zà-ÿ]+))?\b(?!\s*(?:,\s*)?[A-Z])")
_CAPITAL_SCOUTED, _CAPITALE_SCOUTED = Scouted(_CAPITAL, r"\b"), Scouted(_CAPITALE, r"\b")   # (same matches, faster)
BIG_TOWN = 100_000
# between a country's name and a place of its: "Cameroon's Southwest", "Nigeria's north-eastern Borno"
_POSSESSIVE_GAP = re.compile(r"['’]s[ \t]+(?:(?:far[ \t-]+)?(?:north|south|east|west|central)(?:ern|[ \t-]?(?:east|west)ern)?"
                             r"[ \t]+)?", re.I)
_UNIT_AFTER = re.compile(r"(?i)[ \t]+(?:region|province|state|governorate|department|division|district|county)$")
_COMPASS_JOINED = re.compile(r"(?i)^(north|south)(east|west)\b")
_NAME_GOES_ON = re.compile(r"[ \t]+[A-Z]")        # "the Liptako Review": part of a longer proper name
# A road between places: the dash between their names, a road's noun after, "axe" before.
_ROADS = r"road|highway|axis|corridor|route"
_ROAD_DASH = re.compile(r"[ \t]?[–—][ \t]?|-")
_ROAD_NOUN_AFTER = re.compile(rf"(?i)[ \t]+({_ROADS}|supply route|border|frontier)\b(?![ \t]*s\b)")
_AXE_BEFORE = re.compile(r"(?:\b[Ll]['’]|\b)(?:axe|route)[ \t]+$")
# A name at one end of a road the text names: "the Maiduguri–Monguno road" (either end)
_ROAD_END_AFTER = re.compile(rf"[–—-][A-ZÀ-Ý][\w'’-]*(?:[ \t][A-ZÀ-Ý][\w'’-]*){{0,2}}[ \t]+(?:{_ROADS})\b", re.I)
_ROAD_START_BEFORE = re.compile(r"[A-ZÀ-Ý][\w'’-]*[–—-]$")
_ROAD_NOUN = re.compile(rf"[ \t]+(?:{_ROADS})\b", re.I)


def _on_a_road(text: str, start: int, end: int) -> bool:
    """Whether the name is one end of a road the text names ("the Maiduguri–Monguno road"): a place, as a cue is."""
    if _ROAD_END_AFTER.match(text, end):
        return True
    return bool(_ROAD_START_BEFORE.search(text, max(0, start - 40), start)) and bool(_ROAD_NOUN.match(text, end))


# "the" right before a name, and a word that makes the name a modifier after it ("the Kabul airport", "the Goma-Sake
# road", "the Kidal's"): a town's name with an article and nothing after is a building or a business
_ARTICLE_BEFORE = re.compile(r"\b[Tt]he[ \t]+$")
_NOUN_AFTER_NAME = re.compile(r"[ \t]*[-‑–][ \t]*\w|['’]s\b|[ \t]+(?!(?:in|on|at|and|or|of|to|for|with|by|from|near|after|"
                              r"before|was|were|is|are|has|had|have|which|that|where|when|as|but|during|while|since|"
                              r"until|itself|also|said|says|through|into|across|via|toward|towards|against|under|over|"
                              r"off|beyond|within|amid)\b)[a-z]")
_LIST_AFTER_NAME = re.compile(r"[ \t]*(?:,|and|or|et|ou)[ \t]+[A-ZÀ-Ý]")
# A university's or an institute's unit named by its owner's possessive: "Yale's Humanitarian Research Lab",
# "Oxford's Blavatnik School", "Harvard's Kennedy School"
_ACADEMY_AFTER = re.compile(r"['’]s[ \t]+(?:[A-Z][\w-]*[ \t]+){0,4}(?:Research|Lab|Labs|Laboratory|University|Institute|"
                            r"School|College|Centre|Center)\b")
_FOR_AFTER = re.compile(r"[ \t]+(?:for|pour)[ \t]")
_WORD_BEFORE = re.compile(r"([A-Z][\w'’-]*)[ \t]+\Z")   # "West" in "West Darfur"


@lru_cache(maxsize=1)
def place_stopwords() -> frozenset[str]:
    """Words never taken as a world place, nor as the model's place: the list in data/ and every demonym ('Malian'
    is not Malyān)."""
    path = DATA_DIR / "place_stopwords.txt"
    words = (w.strip() for w in path.read_text(encoding="utf-8").splitlines())
    return frozenset(fold_key(w) for w in words if w and not w.startswith("#")) | frozenset(demonyms())


@lru_cache(maxsize=1)
def named_areas() -> list[tuple[str, list[str], str | None]]:
    with open(DATA_DIR / "named_areas.csv", newline="", encoding="utf-8") as fh:
        return [(r["name"], [a for a in r["aliases"].split("|") if a], r["country"] or None) for r in csv.DictReader(fh)]


@lru_cache(maxsize=1)
def demonyms() -> dict[str, str]:
    """Demonym → ISO3 ('Nigerien' → NER), from the states table the actor knowledge base ships."""
    out: dict[str, str] = {}
    for r in state_rows():
        for d in (r.get("demonyms") or "").split("|"):
            if d:
                out.setdefault(fold_key(d), r["iso3"])
    return out


@lru_cache(maxsize=1)
def admin1_type_words() -> dict[str, frozenset[str]]:
    """ISO3 → the words ISO 3166-2 (pycountry) gives its first-level divisions' types ({"state"} for Nigeria,
    {"department"} for Benin, {"governorate"} for Yemen), to tell "Plateau State" from Benin's Plateau."""
    import pycountry
    iso3 = {c.alpha_2: c.alpha_3 for c in pycountry.countries}
    out: dict[str, set[str]] = {}
    for sub in pycountry.subdivisions:
        if not getattr(sub, "parent_code", None) and sub.country_code in iso3:
            out.setdefault(iso3[sub.country_code], set()).update(sub.type.lower().split())
    return {k: frozenset(v) for k, v in out.items()}


@lru_cache(maxsize=1)
def _demonym_scan() -> re.Pattern:
    """A capitalised demonym ("Cameroonian troops", "les soldats tchadiens" is lower case and not scanned)."""
    words = sorted({d for r in state_rows() for d in (r.get("demonyms") or "").split("|") if d[:1].isupper()},
                   key=len, reverse=True)
    return re.compile(r"\b(?:" + "|".join(re.escape(w) for w in words) + r")\b") if words else re.compile(r"(?!x)x")


class WorldMatcher:
    """The world part of a `Gazetteer`: adds its places to the gazetteer's list the first time it uses them."""

    def __init__(self, gazetteer):
        self.gazetteer = gazetteer
        self.slots: dict[tuple, int] = {}
        self._world = None
        from watchfloor.read.matching import PhraseMatcher
        self.areas = PhraseMatcher((n, k) for k, (name, aliases, _) in enumerate(named_areas())
                                   for n in (name, *aliases))

    @property
    def world(self):
        if self._world is None:
            from watchfloor.geo.gazetteer import world_gazetteer
            self._world = world_gazetteer()
        return self._world

    # -- the gazetteer's place list --------------------------------------------------------------
    def _slot(self, key: tuple, make) -> int:
        if key not in self.slots:
            self.slots[key] = len(self.gazetteer.places)
            self.gazetteer.places.append(make())
        return self.slots[key]

    def world_place(self, i: int) -> int:
        from watchfloor.read.places import GazetteerPlace
        w = self.world

        def make():
            region_id, admin1, admin2 = None, w.admin1[i], w.admin2[i]
            country = w.countries[i]
            if country in self.gazetteer.bounded:
                region_id, admin1, admin2 = None, None, None
                if w.lat[i] is not None:
                    found = self.gazetteer.assigner.assign([w.lat[i]], [w.lon[i]], [country])
                    region_id, admin1, admin2 = found.region_id[0], found.admin1[0], found.admin2[0]
            kind = "region" if w.kinds[i] == "admin" else "populated place"
            return GazetteerPlace(f"world:{i}", w.names[i], country, w.lat[i], w.lon[i], region_id, admin1,
                                  w.population[i], kind, admin2)
        return self._slot(("world", i), make)

    def _store_place(self, name: str, country: str) -> int | None:
        """The store gazetteer's own town of that name in that country (its admin-1 as the store has it)."""
        for m in self.gazetteer.matcher.finditer(fold_key(name)):
            if m.start == 0 and m.end == len(fold_key(name)):
                same = [i for i in m.payloads if self.gazetteer.places[i].country == country
                        and self.gazetteer.places[i].kind not in ("country", "region", "area")]
                if same:
                    return max(same, key=lambda i: self.gazetteer.places[i].population)
        return None

    def area_place(self, name: str, country: str | None) -> int:
        from watchfloor.read.places import GazetteerPlace
        return self._slot(("area", name, country), lambda: GazetteerPlace(
            f"area:{fold_key(name)}:{country or ''}", name, country, None, None, None, None, 0, "area"))

    # -- finding ---------------------------------------------------------------------------------
    def find(self, text: str, folded: str, hits: list, keep) -> list:
        """The store's hits plus world places, capitals and areas, sorted by position."""
        places = self.gazetteer.places
        weight: Counter = Counter()
        for _, _, cands in hits:
            countries = {places[i].country for i in cands}
            if len(countries) == 1:
                weight[next(iter(countries))] += 1
        self._demonym_countries = None          # (scanned for when a typed division's name is ambiguous)
        taken = sorted((s, e) for s, e, _ in hits)
        self._text = text
        # Where the document is: the points of the places it names that only one country holds.
        self._points = [(places[c[0]].latitude, places[c[0]].longitude) for _, _, c in hits
                        if len({places[i].country for i in c}) == 1 and places[c[0]].latitude is not None
                        and places[c[0]].kind != "country"]
        extra = self._areas(folded, keep)
        world = self._world_names(text, taken + [(s, e) for s, e, _ in extra], weight, keep)
        # "the capital" is the capital of the country whose places the document names most, the world's places too
        # (a report on Bujumbura names no place of the store's own), its towns and areas before the countries it
        # names as actors ("la France a demandé …"); ties go to the country it names more often in all
        towns = Counter(next(iter(cs)) for _, _, c in hits + world if len(cs := {places[i].country for i in c}) == 1
                        and None not in cs and all(places[i].kind != "country" for i in c))
        counted = Counter({country: (n, weight[country]) for country, n in towns.items()}) or weight
        extra += world + [h for h in self._capitals(text, folded, counted, keep) if not _overlaps_any(world, h[0], h[1])]
        hits = self._compass_areas(text, sorted(hits + extra, key=lambda h: h[0]), keep)
        return self._possessed(text, self._roads(text, self._facilities(text, folded, hits, keep)))

    def _roads(self, text: str, hits: list) -> list:
        """A road, an axis or a border between places it names ("the Kaya–Dori road", "l'axe Niono-Nampala", "the
        Burkina–Mali–Niger border"): a named area of its own beside its places, which keep their mentions."""
        places = self.gazetteer.places
        out = list(hits)
        k = 0
        while k < len(hits) - 1:
            chain = [hits[k]]
            while len(chain) < len(hits) - k and _ROAD_DASH.fullmatch(text, chain[-1][1], hits[k + len(chain)][0]):
                chain.append(hits[k + len(chain)])
            k += len(chain)
            if len(chain) < 2:
                continue
            start, end = chain[0][0], chain[-1][1]
            noun = _ROAD_NOUN_AFTER.match(text, end)
            axe = _AXE_BEFORE.search(text, max(0, start - 8), start)
            dashes = [text[a[1]:b[0]].strip() for a, b in zip(chain, chain[1:])]
            kinds = [{places[i].kind for i in c} for _, _, c in chain]
            countries = all("country" in ks for ks in kinds)
            border = bool(noun) and noun.group(1).lower() in ("border", "frontier")
            if not (noun or axe or (all(d in "–—" for d in dashes) and not countries)) or (countries and not border):
                continue          # "Bobo-Dioulasso" is one name; "Mali–Niger relations" no place
            if noun:
                end = noun.end()
            if axe and axe.group(0)[:1] in "aA":
                start = axe.start()       # "axe Kaya-Dori" (but "l'axe Gayéri–Foutouri" is the road's two towns)
            if any(a <= start and end <= b and (a, b) != (start, end) for a, b, _ in hits):
                continue          # named already, as a whole ("l'axe Niono-Nampala" as a French site)
            owners = {places[self._likeliest(c, Counter())].country for _, _, c in chain}
            name = " ".join(text[chain[0][0]:chain[-1][1]].split())     # (one road, whatever noun: its mention has it)
            out.append((start, end, [self.area_place(name, next(iter(owners)) if len(owners) == 1 else None)]))
        return sorted(out, key=lambda h: h[0])

    def _possessed(self, text: str, hits: list) -> list:
        """A place named right after a country's possessive is in that country ("Cameroon's Southwest region",
        "Nigeria's north-eastern Borno state"): its candidates elsewhere go, and where none is in that country, the
        world gazetteer's place or division of the name there, else a named area there, stands in."""
        places = self.gazetteer.places
        out = list(hits)
        for k in range(1, len(out)):
            s, e, cands = out[k]
            ps, pe, pcands = out[k - 1]
            owner = {places[i].country for i in pcands}
            if len(owner) != 1 or not all(places[i].kind == "country" for i in pcands) or \
                    not _POSSESSIVE_GAP.fullmatch(text, pe, s):
                continue
            country = next(iter(owner))
            if country is None or all(places[i].country == country for i in cands):
                continue
            mine = [i for i in cands if places[i].country == country]
            if not mine:
                name = _UNIT_AFTER.sub("", text[s:e])
                ids = [i for i in self._lookup(name)[1] if self.world.countries[i] == country] or \
                    self.world.admin_lookup(_COMPASS_JOINED.sub(r"\1-\2", name), country) or \
                    self.world.admin_lookup(name, country)
                mine = [self.world_place(i) for i in ids] or [self.area_place(name, country)]
            out[k] = (s, e, mine)
        return out

    def named_by_model(self, spans: list[tuple[int, int, str]], countries: set[str]) -> list:
        """Hits (start, end, candidates) for place names the statistical model found (`places.entity_spans`)
        that the world gazetteer holds in one of the document's `countries`: the model's label is the evidence
        a bare world name lacks, the country keeps a village of the same name elsewhere out ("Tina" in a
        report on Darfur is not a village in Ecuador)."""
        out, stop, w = [], place_stopwords(), self.world
        for s, e, kind in spans:
            if kind == "area":
                continue
            long_type = _LONG_TYPE.search(self._text_of(s, e))
            if long_type:
                e = s + long_type.start()                     # "Guma Local Government Area": Guma
            key, cands = self._lookup(self._text_of(s, e))
            if not key or key in stop or (" " not in key and len(key) < 4) or NAMED_AFTER_PLACE.match(self._text, e):
                continue
            cands = [i for i in cands or self._admin_lookup(self._text_of(s, e)) if w.countries[i] in countries]
            if cands:
                out.append((s, e, [self.world_place(i) for i in cands]))
        return out

    def _text_of(self, s: int, e: int) -> str:
        return self._text[s:e]

    def _areas(self, folded: str, keep) -> list:
        out = []
        for m in self.areas.finditer(folded):
            if keep(m.start) and not _NAME_GOES_ON.match(self._text, m.end):
                before = _WORD_BEFORE.search(self._text, max(0, m.start - 30), m.start)
                if before and self._lookup(self._text[before.start(1):m.end])[1]:
                    continue          # "West Darfur", "South Kordofan": a longer name the world gazetteer holds
                name, _, country = named_areas()[m.payloads[0]]
                out.append((m.start, m.end, [self.area_place(name, country)]))
        return out

    def _named_countries(self, hits: list) -> Counter:
        """How often the document names each country by a place only that country holds."""
        places = self.gazetteer.places
        return Counter(next(iter(cs)) for _, _, c in hits if len(cs := {places[i].country for i in c}) == 1
                       and next(iter(cs)) is not None)

    def _likeliest(self, cands: list[int], counts: Counter) -> int:
        """The candidate of a shared name in the country the document names most, else the biggest."""
        places = self.gazetteer.places
        return max(cands, key=lambda i: (counts.get(places[i].country, 0), places[i].population))

    def _compass_areas(self, text: str, hits: list, keep) -> list:
        """A part of a country or of a place named by a compass word is a named area: 'northern Mali',
        'north-eastern Nigeria', 'northern Tillabéri', 'eastern Gao region', 'le nord du Kanem', 'l'est du
        Burkina Faso'; and a bare 'the north-west' after a preposition of place is the document's main country's.
        A place that only stands inside such a part ('northern Tillabéri') is the area alone; a country is kept
        beside its part as before."""
        places = self.gazetteer.places
        counts = self._named_countries(hits)

        def likeliest(cands: list[int]) -> str | None:
            return places[self._likeliest(cands, counts)].country

        out = []
        for s, e, cands in hits:
            kinds = {places[i].kind for i in cands}
            if "area" in kinds or not keep(s):
                out.append((s, e, cands))
                continue
            country = next((places[i] for i in cands if places[i].kind == "country"), None)
            english, french = _compass_before(text, s), _fr_compass_before(text, s)
            if country is not None and english:
                out += [(s, e, cands), (english.start(1), e, [self.area_place(
                    f"{english.group(1).lower()} {country.name}", country.country)])]
            elif french and kinds & {"country", "region", "admin2"} and \
                    not _DISTANCE_BEFORE.search(text, max(0, french.start() - 25), french.start()):
                # (not "au sud-est de Niamey", "à 40 km au sud de Diffa": a bearing from a town)
                owner = country.country if country is not None else likeliest(cands)
                out.append((french.start(1), e, [self.area_place(text[french.start(1):e], owner)]))
                if country is not None:
                    out.append((s, e, cands))
            elif country is None and english and english.group(1).islower():
                tail = _AREA_TYPE_AFTER.match(text, e)
                end = tail.end() if tail else e
                out.append((english.start(1), end, [self.area_place(text[english.start(1):end], likeliest(cands))]))
            else:
                out.append((s, e, cands))
        main = _main_country(counts)
        if main and ("north" in text or "south" in text or "North" in text or "South" in text):   # (each match holds one)
            for m in _BARE_COMPASS.finditer(text):
                a, b = m.span(m.lastindex)
                if not keep(a):
                    continue
                inside = [h for h in out if h[0] < b and a < h[1]]
                if any(places[i].country == main and places[i].kind != "town" for h in inside for i in h[2]):
                    continue          # an admin area of the country by that name
                out = [h for h in out if h not in inside]      # "North East" is no town in Maryland here
                out.append((a, b, [self.area_place(m.group(m.lastindex), main)]))
        return sorted(out, key=lambda h: h[0])

    def _facilities(self, text: str, folded: str, hits: list, keep) -> list:
        """A named site is a named area (the labelling rules' `area`): "Gao airport", "Ain al-Asad air base",
        "Mubi general hospital", "W National Park", "l'hôpital général de Komanda", "la route nationale 4". It
        keeps the country and point of the town it names, without its admin-1 (the town stays a place of its own);
        a site no gazetteer names takes the document's main country."""
        found = [(m.start("name"), m.end(), m) for m in _facility_matches(text, folded)]
        found += [(m.start("site"), m.end(), m) for m in _FR_FACILITY.finditer(text)]
        if not found:
            return hits
        from watchfloor.read.places import _QUALIFIED, GazetteerPlace, title_case_line
        places = self.gazetteer.places
        counts = self._named_countries(hits)
        main = _main_country(counts)
        out = list(hits)
        for start, end, m in sorted(found, key=lambda f: f[0]):
            possessive = _POSSESSIVE.search(text, start, end)
            owner = None
            if possessive:
                owner = next((h for h in out if h[0] == possessive.start()), None)    # "Kismayo's Asasey hotel"
                if owner is not None or not text[start:possessive.start()][:1].isupper():
                    start = possessive.end()          # "Niamey's airport": the town's, no site name of its own
                #                                       (but "St Mark's Cathedral" is a name)
            name = " ".join(text[start:end].split())
            words = name.split()
            if not keep(start) or start >= end or words[0].lower() in _NOT_A_SITE_START or name.isupper() or \
                    not _ARTICLE_PREFIX.sub("", words[0])[:1].isupper() and m.re is _FACILITY or \
                    (m.re is _FACILITY and len(words) == 2 and (_ADJECTIVE_END.search(words[0]) or
                                                               fold_key(words[0]) in demonyms())) or \
                    m.re is _FACILITY and any(w.lower() in _MILITARY_UNITS for w in words[:-1]) or \
                    m.re is _FACILITY and _QUALIFIED.fullmatch(words[0]):
                continue          # "French base", "Catholic church", "Chinese-backed port": a kind of site, not a
                #                   named one; "the army's 14th Regiment base": a unit's, named after the unit
            if m.re is _FACILITY and _INDEFINITE_BEFORE.search(text, max(0, start - 10), start):
                continue          # "a Somali National Army base", "an Amhara militia camp": one of a kind, unnamed
            if m.re is _FACILITY and title_case_line(text, start):
                continue          # a headline capitalises every word: "Attackers Killed As Nairobi Hotel Siege Ends"
                #                   names no site (its body does)
            inside = [h for h in out if start <= h[0] and h[1] <= end]
            if any(h[0] == start and h[1] == end for h in inside):
                continue          # found whole already ("Sambisa Forest", a named area)
            if any(h[0] < end and start < h[1] and h not in inside for h in out):
                continue          # it crosses a name found otherwise
            towns = [self._likeliest(c, counts) for _, _, c in inside]
            host = next((places[i] for i in towns if places[i].kind not in ("area", "country")), None)
            if host is None and owner is not None and places[self._likeliest(owner[2], counts)].kind not in ("area", "country"):
                host = places[self._likeliest(owner[2], counts)]
            located = self._located_in(text, end, out, counts)
            if located is not None and (host is None or host.country != located.country):
                # "the Madina mosque in the Unguwar Shuwa area of Mubi": the town after it holds the site; a town
                # of another country inside its name is a namesake the site is called after, no place of the text
                out = [h for h in out if h not in inside]
                inside, host = [], located
            country = host.country if host else main
            key = ("site", fold_key(name), country)
            slot = self._slot(key, lambda: GazetteerPlace(
                f"site:{fold_key(name)}:{country or ''}", name, country, host.latitude if host else None,
                host.longitude if host else None, None, None, 0, "area"))
            out.append((start, end, [slot]))        # (the town inside keeps its own mention: "Aden" and its airport)
        return sorted(out, key=lambda h: h[0])

    def _located_in(self, text: str, end: int, hits: list, counts: Counter):
        """The town (or admin area) a site's name is followed by ("… in Mubi", "… in the Hodan district of
        Mogadishu", "… near Gao"), else None."""
        m = _SITE_LOCATED.match(text, end)
        if m is None:
            return None
        places = self.gazetteer.places
        hit = next((h for h in hits if h[0] == m.end()), None)
        if hit is None:
            return None
        place = places[self._likeliest(hit[2], counts)]
        return place if place.kind not in ("area", "country") else None

    def _capitals(self, text: str, folded: str, weight: Counter, keep) -> list:
        out = []
        if "capital" not in text:
            return out            # (both patterns hold the word: not scanned for)
        found = [(m, m.group(1), m.start() + len(re.match(r"[Tt]he\s+", m.group(0)).group(0)) if m.group(1)
                  else m.start()) for m in _CAPITAL_SCOUTED.finditer(text)]
        for m in _CAPITALE_SCOUTED.finditer(text):
            adjective = m.group(2)
            if adjective and fold_key(adjective) not in demonyms():
                if adjective.startswith(("économique", "régional", "provincial", "administrativ", "politique")):
                    continue              # "la capitale économique": another town
                adjective = None          # "la capitale a été …": the bare capital
            found.append((m, adjective, m.start(1), m.end() if adjective else m.end(1)))
        found = [f if len(f) == 4 else (*f, f[0].end()) for f in found]
        bare_country = self._bare_capital_country(folded, weight) if any(not f[1] for f in found) else None
        for m, adjective, start, end in found:
            if not keep(m.start()):
                continue
            if adjective:
                country = demonyms().get(fold_key(adjective))
                if country is None:
                    continue
            else:
                country = bare_country
            i = self.world.capitals.get(country) if country else None
            if i is not None:
                out.append((start, end, [self._store_place(self.world.names[i], country)
                                             or self.world_place(i)]))
        return out

    def _bare_capital_country(self, folded: str, weight: Counter) -> str | None:
        """Whose capital "the capital" is: of the countries the document names, the one whose capital it names most
        by name ("N'Djamena: … the police academy in the capital" in a report that names Nigeria as often as
        Chad), else the country it names most. `folded`: the text folded (`fold`)."""
        named = Counter()
        keyed = " ".join(folded.split())             # (the text's fold_key, capitals' keys found in it)
        for country, _ in weight.most_common(6):
            i = self.world.capitals.get(country)
            key = fold_key(self.world.names[i]) if i is not None else ""
            if key:
                named[country] = len(re.findall(rf"(?<!\w){re.escape(key)}(?!\w)", keyed))
        best = max(named.values(), default=0)
        if best:
            return next(c for c, _ in weight.most_common(6) if named.get(c) == best)
        return _main_country(weight)

    # The world gazetteer does not change once loaded: a name's key and candidates are looked up once per process.
    def _lookup(self, span_text: str) -> tuple[str, list[int]]:
        cache = self.__dict__.setdefault("_lookups", {})
        found = cache.get(span_text)
        if found is None:
            if len(cache) > 100_000:
                cache.clear()
            key = fold_key(span_text)
            found = cache[span_text] = (key, self.world.find_key(key) if key else [])
        return found

    def _admin_lookup(self, span_text: str) -> list[int]:
        cache = self.__dict__.setdefault("_admin_lookups", {})
        found = cache.get(span_text)
        if found is None:
            if len(cache) > 100_000:
                cache.clear()
            found = cache[span_text] = self.world.admin_lookup(span_text)
        return found

    def _unit_candidates(self, text: str, span_text: str, key: str, cands: list[int], type_word: str | None,
                         long_type: bool, weight: Counter) -> list[int]:
        """The admin units a name written with its type word may be ("Plateau State", "Saada governorate")."""
        w = self.world
        cands = self._admin_lookup(span_text) or [i for i in cands if weight.get(w.countries[i])] or \
            w.admin_like(span_text, weight) or \
            (cands if long_type and len({w.countries[i] for i in cands}) == 1 else [])
        #        ('Benishangul-Gumuz region': 'Binshangul Gumuz'; 'Bokkos LGA': the area of the town it is named
        #        after, where the name is a town of one country only)
        types = admin1_type_words()
        if type_word and len({w.countries[i] for i in cands}) > 1:
            #                                             'Plateau State': Nigeria's, not Benin's department
            cands = [i for i in cands if type_word in types.get(w.countries[i], ())] or cands
        if any(weight.get(w.countries[i]) for i in cands):
            return cands
        named = [i for i in cands if w.countries[i] in self._demonyms_named(text)]
        if named:              # ("Cameroonian troops … in Batibo, Northwest region": Cameroon's, not Iceland's)
            return named
        if key in _COMPASS_WORDS or type_word not in _LOOSE_TYPE_WORDS:
            # abroad, a unit's type word must be its country's ('the Salah al-Din district' of Tripoli is no Iraqi
            # governorate), and a compass word is no unit's name ('Northern state governments')
            return [i for i in cands if key not in _COMPASS_WORDS and type_word in types.get(w.countries[i], ())]
        return cands

    def _demonyms_named(self, text: str) -> set[str]:
        """The countries the document's demonyms name ("Cameroonian troops"), scanned once per document."""
        if self._demonym_countries is None:
            self._demonym_countries = {demonyms().get(fold_key(m.group(0))) for m in _demonym_scan().finditer(text)}
        return self._demonym_countries

    @property
    def _capital_ids(self) -> set[int]:
        found = self.__dict__.get("_capitals_set")
        if found is None:
            found = self.__dict__["_capitals_set"] = set(self.world.capitals.values())
        return found

    def _world_names(self, text: str, taken: list, weight: Counter, keep) -> list:
        from watchfloor.read.places import ORGANISATION_AFTER, RIVER_AFTER, community_placed
        w, stop, out = self.world, place_stopwords(), []
        taken = sorted(taken)
        starts = [a for a, _ in taken]
        reach = list(itertools.accumulate((b for _, b in taken), max))     # furthest end so far
        for s0, span_text, elided in _parts(text):
            if s0 >= 3 and text[s0 - 3:s0] in ("In ", "In-") and (s0 == 3 or not text[s0 - 4].isalnum()) and \
                    self._lookup(text[s0 - 3:s0] + span_text)[1]:
                s0, span_text = s0 - 3, text[s0 - 3:s0] + span_text     # "In Salah": the town's name, no preposition
            e0 = s0 + len(span_text)
            j = bisect.bisect_right(starts, s0)                # spans starting at or before this one
            if (j and reach[j - 1] > s0) or not keep(s0):
                continue
            if j < len(starts) and starts[j] < e0:
                # a place already found inside: the words before it, without their connector ("l'Extrême-Nord du |
                # Cameroun")
                span_text = _CONNECTOR_END.sub("", text[s0:starts[j]])
                if not span_text:
                    continue
                e0 = s0 + len(span_text)
            if span_text.endswith(("'s", "’s")):
                span_text = span_text[:-2]
            typed, proper_type, type_word = False, 0, None
            long_type = _LONG_TYPE.search(span_text)
            if long_type:
                typed, span_text = True, span_text[:long_type.start()]
                if "Regional" in long_type.group(0):             # part of the name as written: "Afar Regional State"
                    proper_type = e0 - s0 - len(span_text)
            elif " " in span_text:
                last = span_text.rsplit(None, 1)[-1]
                if last.lower() in _TYPE_WORDS:                  # "Borno State", "Lower Juba Region"
                    typed, span_text, type_word = True, span_text[:-len(last)].rstrip(), last.lower()
                    if last == "State":                          # part of the name as written: "Benue State"
                        proper_type = e0 - s0 - len(span_text)
            named_with_type = typed            # the type word part of the name as written: "Somali Region"
            if not typed:
                after = _TYPE_AFTER.match(text, s0 + len(span_text))
                typed = bool(after or _LIST_TYPE_AFTER.match(text, s0 + len(span_text)))
                type_word = after.group(1).lower() if after else None
            if not typed and (before := _TYPE_BEFORE.search(text, max(0, s0 - 30), s0)):
                typed, type_word = True, _FRENCH_TYPE_WORDS.get(before.group(1).lower(), before.group(1).lower())
            key, cands = self._lookup(span_text)
            if typed and (key in stop or (" " not in key and len(key) < 4)):
                # "Somali Region", "Lac province": the area, though "Somali" alone is no place and three letters are
                # too few for a town; with a lower-case type word only in a country the document names ("the Sahel
                # region" of a report on Niger is no Burkinabe region)
                cands = [i for i in self._admin_lookup(span_text) if named_with_type or weight.get(w.countries[i])]
                if not cands:
                    continue
            elif not key or key in stop or (" " not in key and len(key) < 4) or \
                    RIVER_AFTER.match(text, s0 + len(span_text)):
                continue          # (and "the Juba river": a river is no place)
            if _FOR_AFTER.match(text, s0 + len(span_text)) and ORGANISATION_AFTER.match(text, s0 + len(span_text)):
                continue          # "the Centre for Strategic Studies": an organisation's name
            if _ACADEMY_AFTER.match(text, s0 + len(span_text)):
                continue          # "Yale's Humanitarian Research Lab": a university's, not a town's
            if not typed and key in communities() and not community_placed(text, s0, s0 + len(span_text)):
                continue          # "Masalit elders", "Turkana herders"; but "Turkana County", "in Samburu"
            if typed:                                           # 'Plateau State': the state, not a town
                cands = self._unit_candidates(text, span_text, key, cands, type_word, bool(long_type), weight)
            elif not cands and " " in key:
                cands = self._admin_lookup(span_text)           # 'Lower Shabelle' for 'Lower Shabeelle'
            if elided:
                cands = [i for i in cands if w.kinds[i] == "admin"]
            if not cands:
                continue
            initial = _sentence_initial(text, s0) and not _ROAD_START_BEFORE.search(text, max(0, s0 - 40), s0)
            #         (a dash joined to the name before it is no sentence break: "the Garissa–Dadaab road")
            cue = bool(_CUE_BEFORE.search(text, max(0, s0 - 30), s0)) or _on_a_road(text, s0, s0 + len(span_text))
            if out and not typed and COMMA_ONLY.fullmatch(text, out[-1][1], s0):
                # the container of the place just named ("Macomia, Cabo Delgado", "Tarazá, Antioquia"): a first-level
                # area of that place's country, named as its address, where the document names no country of it
                home = {w.countries[i] for i in out[-1][2]}
                inside = [i for i in cands if w.kinds[i] == "admin" and w.countries[i] in home]
                if inside:
                    cands, typed = inside, True
            if not typed and NAMED_AFTER_PLACE.match(text, s0 + len(span_text)):
                continue          # "the Boston gang" is the group, not the city
            in_doc = [i for i in cands if weight.get(w.countries[i])]
            if not typed and _ARTICLE_BEFORE.search(text, max(0, s0 - 5), s0) and \
                    not _NOUN_AFTER_NAME.match(text, s0 + len(span_text)) and \
                    not _LIST_AFTER_NAME.match(text, s0 + len(span_text)) and \
                    all(w.kinds[i] != "admin" and w.population[i] < BIG_TOWN for i in cands):
                continue          # "access to the Atlantic": a small town takes no article, even in a country named
                #                   (but "the Adré and Tina crossings": names sharing the noun after them)
            abroad = False
            big = max(w.population[i] for i in cands) >= BIG_TOWN
            if not (typed or (cue and not initial) or (in_doc and (not initial or cue)) or (big and not initial)) and \
                    not (in_doc and is_dateline(text, s0, s0 + len(span_text))):
                continue
            primary_big = [i for i in cands if w.population[i] >= BIG_TOWN and fold_key(w.names[i]) == key]
            if in_doc and primary_big:
                # "Jerusalem" is the city (or a place of that name in the document's countries), not a US village
                # that lists it among its other names; "Geneva" in a report that names the United States as an
                # actor is still the Swiss city: a small namesake wins only in the document's main country
                top = weight.most_common(1)[0][0]
                same = [i for i in in_doc if fold_key(w.names[i]) == key]
                in_doc = same if any(w.population[i] >= BIG_TOWN or w.countries[i] == top for i in same) \
                    else primary_big
            if not in_doc and not typed and _ARTICLE_BEFORE.search(text, max(0, s0 - 5), s0) and \
                    not _NOUN_AFTER_NAME.match(text, s0 + len(span_text)) and \
                    all(w.kinds[i] != "admin" for i in cands):
                continue          # "at the Shangri-La", "the Savoy": a town abroad takes no article; a hotel, a firm
            if in_doc:
                cands = in_doc
            else:
                # none in the document's countries: a place by its own name before one that lists it among its
                # other names ("Borno" is the Nigerian state, not Borna in Saxony), and a first-level area before a
                # small town of that name abroad
                exact = [i for i in cands if fold_key(w.names[i]) == key]
                cands = exact or cands
                # and a city by its own name before small namesakes that happen to lie nearer the document's places
                # ("the Luanda Roadmap" in a report on the Kivus is Angola's capital, not a Kenyan village)
                big_exact = {w.countries[i] for i in exact if w.population[i] >= BIG_TOWN and w.kinds[i] != "admin"}
                abroad = bool(big_exact) and all(i in self._capital_ids for i in exact if w.population[i] >= BIG_TOWN)
                if big_exact:
                    cands = [i for i in exact if w.countries[i] in big_exact and
                             (w.population[i] >= BIG_TOWN or w.kinds[i] == "admin")]
                admins = {w.countries[i] for i in cands if w.kinds[i] == "admin"}
                if admins and all(w.population[i] < BIG_TOWN for i in cands if w.kinds[i] != "admin"):
                    cands = [i for i in cands if w.countries[i] in admins]     # (a town of the area's country stays)
            end = s0 + len(span_text) + proper_type
            local = not in_doc and not typed and \
                not any((w.kinds[i] == "admin" or w.population[i] >= BIG_TOWN) and fold_key(w.names[i]) == key
                        for i in cands)
            #         (a city or an admin area by its own name is no local name: "South Kordofan" in a report on
            #         Niger; a city that only lists the name among its other names does not make it one: "Medina" is
            #         one of Al Madinah's names and a small town in Ohio, and a Mogadishu district is neither)
            out.append((s0, end, cands, local, not abroad))
        # A small town (or a city's other spelling) far from every place the document names — the store's
        # places and the world's cities and admin areas it names by their own names — is a local name it is not.
        # (A capital abroad the report names in passing, "talks in Washington", says nothing of where the report
        # is: the US villages called "Homeland" stay out of a report on Niger.)
        def named(at_home: bool) -> list:
            return [(w.lat[c[0]], w.lon[c[0]]) for _, _, c, local, home in out
                    if home == at_home and not local and len({w.countries[i] for i in c}) == 1 and w.lat[c[0]] is not None]
        points = list(self._points) + named(True) or named(False)   # (a capital when nothing else says where)
        # With no such place, the countries the document names by name or demonym say where it is: "Mahas" in a
        # report on Somalia is no Jordanian village (a country's centre is too rough a point for the distance test)
        countries = set(weight) | self._demonyms_named(text) if not points and any(o[3] for o in out) else set()
        return [(s0, end, [self.world_place(i) for i in cands]) for s0, end, cands, local, _ in out
                if not (local and points and all(_far(w.lat[i], w.lon[i], points) for i in cands)) and
                not (local and countries and all(w.countries[i] not in countries for i in cands))]


def _overlaps_any(hits: list, start: int, end: int) -> bool:
    return any(s < end and start < e for s, e, _ in hits)


def _main_country(counts: Counter) -> str | None:
    """The country a document names most (`WorldMatcher._named_countries`), if any."""
    return counts.most_common(1)[0][0] if counts else None


FAR_DEG = 5.0       # ~550 km


def _far(lat, lon, points) -> bool:
    if lat is None:
        return False
    return min((lat - a) ** 2 + (lon - b) ** 2 for a, b in points) > FAR_DEG ** 2


# A named site: a proper name (capitalised words, "al-" and "of" inside) and a site noun. The noun may be
# capitalised ("W National Park", "Republican Palace"); the name is not a report's furniture.
_SITE_NOUNS = (r"(?:international\s+)?airport|air\s*base|military\s+base|base|(?:general\s+|teaching\s+|referral\s+)?hospital|"
               r"mosque|church|cathedral|prison|jail|barracks|(?:railway\s+|bus\s+)?station|roundabout|junction|"
               r"bridge|market|stadium|(?:oil\s+)?terminal|port|toll\s+gate|national\s+park|park|forest|reserve|"
               r"palace|embassy|consulate|(?:embassy\s+)?compound|club|hotel|checkpoint|university|museum|"
               r"(?:shopping\s+)?mall|shopping\s+cent(?:re|er)|border\s+post|transit\s+cent(?:re|er)|cemetery|"
               r"airstrip|airfield|refinery|(?:refugee|military|army|displacement|IDP|training)\s+camp|"
               r"border\s+crossing|motor\s+park|bus\s+park|gas\s+(?:field|facility|plant)|oil\s+field|gold\s+mine|"
               r"mine|dam|(?:secondary\s+|primary\s+|boarding\s+)?school|college|(?:police\s+|military\s+)?academy")
_FACILITY = re.compile(rf"(?P<name>(?:(?:al|el|an|ar|as|ash|ad|at)-)?(?:{_WORD}|[A-Z]\d+)(?:[ \t]+(?:(?:al|el|of|the)[ \t-]+)?(?:{_WORD}|[A-Z]\d+)){{0,3}})"
                       rf"[ \t]+(?i:{_SITE_NOUNS})\b(?![ \t]+(?:of|de|city|town)\b)(?![-–])")   # not "Port-Soudan"
_INDEFINITE_BEFORE = re.compile(r"\b(?:[Aa]n?|[Oo]ne|[Aa]nother)[ \t]+$")
_FR_FACILITY = re.compile(r"\b(?P<site>(?:[Hh][ôo]pital|a[ée]roport|prison|mosqu[ée]e|[ée]glise|cath[ée]drale|gare|march[ée]|"
                          r"pont|stade|h[ôo]tel|palais|ambassade|parc|r[ée]serve|route|axe|place|port|"
                          r"(?:quartier|camp)(?=[ \t]+[A-ZÀ-Ý]))"     # ("le quartier Barmaré"; "le quartier de X" is X)
                          r"(?:[ \t]+(?:g[ée]n[ée]rale?|r[ée]gionale?|internationale?|nationale?|militaire|centrale?|"
                          r"de[ \t]+girafes))?"
                          r"[ \t]+(?:(?:de[ \t]+la|de[ \t]+l['’]|du|des|de|d['’])[ \t]*)?"
                          rf"(?:{_WORD}|\d+)(?:[ \t]*[–-][ \t]*{_WORD}|[ \t]+{_WORD})?)")
# A _FACILITY match lies on one line, and its site noun opens a word there after a space or tab: the regex need
# only be tried at the capitals of the lines where the folded text has a space before a site noun's first word.
_SITE_OPENER = re.compile(" (?:" + trie_regex(
    "international airport air military base general teaching referral hospital mosque church cathedral prison jail "
    "barracks railway bus station roundabout junction bridge market stadium oil terminal port toll national park "
    "forest reserve palace embassy consulate compound club hotel checkpoint university museum mall shopping border "
    "transit cemetery airstrip airfield refinery refugee displacement idp training crossing motor gas gold mine dam "
    "secondary primary boarding school college academy".split()) + ")")
_CAPITAL_LETTER = re.compile("[A-ZÀ-Ý]")
_ARTICLE_PREFIX = re.compile(r"(?<![\w-])(?:al|el|an|ar|as|ash|ad|at)-(?=[A-ZÀ-Ý])")     # "the al-Rawda mosque"


def _facility_matches(text: str, folded: str):
    """What `_FACILITY.finditer(text)` yields (`folded`: the text folded), tried only on the lines that can hold
    a match; a text with characters re.IGNORECASE folds unlike `fold` is scanned whole."""
    if _CASE_ODD.search(text):
        return _FACILITY.finditer(text)
    lines = sorted({text.rfind("\n", 0, m.start()) + 1 for m in _SITE_OPENER.finditer(folded)})
    starts = []
    for line in lines:
        end = text.find("\n", line)
        starts += [c.start() for c in _CAPITAL_LETTER.finditer(text, line, end if end >= 0 else len(text))]
        starts += [c.start() for c in _ARTICLE_PREFIX.finditer(text, line, end if end >= 0 else len(text))]
    return finditer_at(_FACILITY, text, sorted(starts))


_POSSESSIVE = re.compile(r"[\w.]+['’]s[ \t]+")
# What lies between a site's name and the town that holds it: "in", "in the town of", "in the Unguwar Shuwa area of",
# "près de", "à".
_SITE_LOCATED = re.compile(r",?[ \t]+(?:in|at|near|outside|of|à|près[ \t]+de|dans)[ \t]+(?:the[ \t]+|la[ \t]+|le[ \t]+)?"
                           r"(?:(?:[\w'’-]+[ \t]+){0,3}(?:town|city|village|area|district|neighbourhood|neighborhood|"
                           r"quarter|suburb|ville|quartier|commune|localité)[ \t]+(?:of|de|d['’])[ \t]*)?")
_ADJECTIVE_END = re.compile(r"(?:ic|ese|ish|ist|ical)$")        # "Catholic church" (demonyms apart)
_NOT_A_SITE_START = frozenset("the a an this that these those its their his her our in on at near from to into across "
                              "around outside inside throughout since after before during despite meanwhile while when "
                              "where le la les un une dans près vers depuis après avant pendant selon à au aux en du des "
                              "sur par pour".split())
# A military unit's words: its base or camp is named after it, not after a place
_MILITARY_UNITS = frozenset("regiment battalion brigade division squadron platoon company régiment bataillon "
                            "brigade escadron".split())

# An admin unit named with its type word, "of", and the unit it lies in, with its type word.
_UNIT_TYPES = "|".join(w.capitalize() for w in _TYPE_WORDS) + r"|LGA|Local[ \t]+Government(?:[ \t]+Area)?"
# (a second-level type word needs none after the unit it lies in, "Chikun Local Government Area of Kaduna" (State);
# a first-level one does: "the Islamic State of Iraq" is a group)
_LOWER_UNIT_TYPES = r"LGA|Local[ \t]+Government(?:[ \t]+Area)?|District|County|Territory|Department|Commune|Cercle"
_UNIT_OF_UNIT = re.compile(rf"(.+?[ \t](?:{_UNIT_TYPES}))[ \t]+of[ \t]+(?:the[ \t]+)?(.+[ \t](?:{_UNIT_TYPES}))$"
                           rf"|(.+?[ \t](?:{_LOWER_UNIT_TYPES}))[ \t]+of[ \t]+(?:the[ \t]+)?(.+)$")

# A capitalised word that opens a sentence before a name without being part of it ("In Borno state, …").
_LEADING_WORD = re.compile(r"(?:In|On|At|Near|From|To|Into|Across|Around|Outside|Inside|Throughout|Since|After|Before|During|"
                           r"Despite|Meanwhile|Elsewhere|Also|Both|While|When|Where|"
                           r"En|Au|Aux|À|Dans|Près|Vers|Depuis|Après|Avant|Pendant|Selon)[ \t]+(?:(?:the|la|le|les)[ \t]+)?"
                           r"(?=[A-ZÀ-Ý])")        # ("In the Kherson region, …")


def _parts(text: str):
    """(start, text, elided) of each capitalised sequence, split after a possessive ("Chad's | Lac province"),
    without a capitalised preposition or adverb that opens it ("In | Borno state"); `elided` for one after a French
    article or preposition that lost its vowel ("l'Extrême-Nord", "d'Agadez")."""
    for seq in _SEQUENCE.finditer(text):
        yield from _split_part(seq.start(), seq.group(0), False)
    for seq in _ELIDED_SEQUENCE.finditer(text):
        yield from _split_part(seq.start(1), seq.group(1), True)


def _split_part(start: int, whole: str, elided: bool):
    lead = _LEADING_WORD.match(whole)
    if lead:
        start, whole = start + lead.end(), whole[lead.end():]
    unit = _UNIT_OF_UNIT.match(whole) if " of" in whole or "\tof" in whole else None
    if unit:                # "Gwoza LGA of Borno State": the unit, then the unit it lies in
        inner, outer = (1, 2) if unit.group(1) else (3, 4)
        yield from _split_part(start, unit.group(inner), elided)
        yield from _split_part(start + unit.start(outer), unit.group(outer), elided)
        return
    if "s " not in whole and "s\t" not in whole:
        yield start, whole, elided
        return
    for piece in re.split(r"(?<=['’]s)([ \t]+)", whole):
        if piece.strip():
            yield start, piece, elided
        start += len(piece)


def _sentence_initial(text: str, start: int) -> bool:
    before = text[max(0, start - 3):start].rstrip(" \t\"'“‘(")
    return not before or before[-1] in ".!?:\n•-–—"
