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

from watchfloor.read.actors import _ORG_WORDS, IZAFAT_CONNECTOR, MEMBER_NOUNS, QUALIFIER_WORDS, _overlaps, qualifies_another, _shouting, _Spans, line_around
from watchfloor.read.knowledge import communities, context, outlet_keys, person_titles, slug
from watchfloor.read.matching import (ARABIC_ARTICLE, CALENDAR_WORDS, DATELINE_DASH, ENGLISH_MONTHS, ENGLISH_WEEKDAYS,
                                      FRENCH_WEEKDAYS, Anchored, Scouted, WordAnchored, finditer_name, first_word,
                                      fold, fold_key, is_dateline, spells, trie_regex)
from watchfloor.read.prefilter import Needs, lowered

# (a name never runs over a line break: "Weekly Note\nThe Volta Institute said" is a title, then the institute)
_CAP = rf"(?:[A-Z][\w'’\-]*|{ARABIC_ARTICLE}[A-Z][\w'’\-]*|(?:of|for|the|and|in|de|du|des|la|le|pour|l'|et|al|wal|wa)(?=[ \t]))"
# a day or a month after "on", "of": no part of a name ("the National Security Council on Saturday")
_NO_CALENDAR = rf"(?!(?:{'|'.join(sorted(w.capitalize() for w in CALENDAR_WORDS))})\b)"   # no "… of Monday"
_NAMED_ORG = re.compile(rf"\b(?:the\s+)?((?:[A-Z][\w'’\-]*[ \t]+)(?:{_CAP}[ \t]+){{0,7}}?(?:{_ORG_WORDS})\b"
                        rf"(?:[ \t]+(?:of|for|on|de|du|des|pour)[ \t]+(?:the[ \t]+|la[ \t]+|l'|le[ \t]+)?{_NO_CALENDAR}[A-Z][\w'’\-]*"
                        rf"(?:[ \t]+[A-Z][\w'’\-]*){{0,3}}){{0,3}})")
# (found from its capitalised organisation word, at most nine words after the match's start: the same matches)
_BY_WORD = {_NAMED_ORG: WordAnchored(_NAMED_ORG, {first_word(fold(w)) for w in _ORG_WORDS.split("|")},
                                     r"\b(?:the\s|[A-Z])", words=9, capitalised=True)}
# French names: a capitalised head noun, then lower-case words ("Collectif des pêcheurs de Bol", "Association pour
# la paix du Yagha", "Regroupement des transporteurs"): see _french_names.
_FRENCH_HEAD = re.compile(r"\b(?:Association|Collectif|Coordination|Comité|Conseil|Mouvement|Front|Groupe|Rassemblement|"
                          r"Regroupement|Fédération|Ligue|Observatoire|Syndicat|Plateforme|Réseau|Organisation|Union|"
                          r"Jeunesse|Amicale|Coalition|Forum|Convergence|Collectif|Université|Ministère|Institut|"
                          r"Agence|Direction|Tribunal|Cour|Parquet|Centre|Fondation|Office|Commission|Haute Autorité|Autorité|"
                          r"Haut Conseil|Assemblée|Chambre|Ordre|Cadre|Laboratoire|Cellule|Bureau|Secrétariat|"
                          r"ministère(?=\s+(?:[a-zà-ÿ]+\s+)?(?:de|des|du|d['’]))|"  # ("le ministère malien des …")
                          r"université(?=\s+(?:de|d['’])\s*[A-ZÀ-Ý]))\b")               # ("l'université de Kara")
_FRENCH_HEAD_SCOUTED = Scouted(_FRENCH_HEAD, r"\b")          # (the same matches, found faster)
# a lower-case adjective may follow a capitalised word inside a French name ("Nations unies", "Sécurité publique")
_FR_ADJECTIVE = re.compile(r"(?<!^b)(?<!^r)(?<!^l)(?<!^sout)(?<!^maint)(?<!^entret)(?<!^comb)"
                           r"(?:ique|iques|al|ale|ales|aux|el|elle|elles|ien|iens|ienne|iennes|ain|ains|aine|aines|unies|unis|ée|ées|"
                           r"aise|aises|ais|ive|ives|if|ifs|oire|oires|ère|ères|ers|ile|iles|aire|aires|ante|antes|"
                           r"ente|entes|ent|anne|annes|ans|ane|anes|ois|oise|oises|abè|abé)$")
_FR_CONNECT = {"des", "du", "de", "d'", "la", "le", "les", "l'", "et", "pour", "contre", "aux", "au", "en"}
# A state's institutions named by a head and one adjective ("la Cour suprême", "le Conseil constitutionnel")
_FR_NAME_GOES_ON = {"des", "du", "de", "d'", "pour", "contre", "aux", "au", "en"}
_FR_INSTITUTION_HEADS = {"Cour", "Conseil", "Assemblée", "Tribunal", "Haute Cour", "Garde", "Chambre", "Sénat"}
_FR_INSTITUTION_ADJECTIVES = {"suprême", "constitutionnel", "constitutionnelle", "nationale", "national", "militaire",
                              "présidentielle", "républicaine", "législative", "pénale", "spéciale", "électoral",
                              "électorale", "supérieur", "supérieure", "populaire"}
_FR_STOP = {"a", "ont", "est", "sont", "qui", "que", "qu'", "avait", "avaient", "une", "un", "selon", "dans", "à",
            "sera", "se", "s'", "ne", "n'", "y", "ce", "cette", "ses", "son", "sa", "leur", "leurs", "il", "elle",
            "ils", "elles", "avec", "sur", "par", "après", "avant", "depuis", "lors", "dont", "où", "mais", "ou",
            "donc", "car", "ni", "comme", "aussi", "déjà", "encore", "très", "plus", "moins", "non", "pas"}
# verbs a statement's subject takes: the name ends before them
_FR_VERBS = {"informe", "annonce", "dénonce", "condamne", "déplore", "exige", "appelle", "demande", "rappelle", "salue",
             "réclame", "affirme", "indique", "précise", "souligne", "invite", "regrette", "félicite", "décide",
             "accuse", "rejette", "estime", "constate", "exprime", "lance", "organise", "prend", "porte", "tient",
             "informent", "annoncent", "dénoncent", "condamnent", "exigent", "appellent", "demandent", "réclament"}
# a feature noun takes a proper name right after it inside a name ("Observatoire du bassin du lac Tchad")
_FR_FEATURES = {"lac", "fleuve", "mont", "monts", "massif", "golfe", "delta", "vallée", "plateau", "rivière", "île", "îles"}
# a study's subject follows "sur" inside a name ("Centre d'études sur la paix", "Commission d'enquête sur …")
_FR_STUDY = {"études", "etudes", "enquête", "enquete", "recherche", "recherches", "réflexion", "reflexion"}
_NAMED_ORG_MORE = re.compile(rf"(?:[ \t]+[A-Z][\w'’\-]*){{0,3}}?[ \t]+(?:{_ORG_WORDS})\b")


# a capitalised portfolio after a connector: "de la Sécurité publique", "des Affaires", "de l'Administration"
_PORTFOLIO_AFTER = re.compile(r"[ \t]*(?:(?:la|les|l['’])[ \t]*)?[A-ZÀ-Ý]")


def _french_names(text: str):
    """(start, end) of French organisation names: a head noun, then connectors, lower-case words and capitalised
    words ("Collectif des pêcheurs de Bol", "Université des Lettres et des Sciences Humaines de Bamako",
    "Conseil des droits de l'homme des Nations unies"); a ministry's name goes on after a comma ("Ministère de
    l'Intérieur, de la Sécurité publique et de l'Administration du territoire")."""
    for m in _FRENCH_HEAD_SCOUTED.finditer(text):
        toks = list(re.finditer(r"[A-Za-zÀ-ÖØ-öø-ÿ][\w’-]*['’]?|['’]", text[m.end():m.end() + 200]))
        if toks and m.group(0) in _FR_INSTITUTION_HEADS and toks[0].group(0) in _FR_INSTITUTION_ADJECTIVES and \
                not text[m.end():m.end() + toks[0].start()].strip() and \
                (len(toks) == 1 or _fr_word(toks[1].group(0)) not in _FR_NAME_GOES_ON):
            yield m.start(), m.end() + toks[0].end()     # "la Cour suprême a validé …", "le Conseil constitutionnel"
            continue
        if not toks or (_fr_word(toks[0].group(0)) not in _FR_CONNECT and not (
                toks[0].group(0).islower() and _FR_ADJECTIVE.search(toks[0].group(0)) and len(toks) > 1
                and _fr_word(toks[1].group(0)) in _FR_CONNECT)):
            continue              # a connector, or an adjective and a connector ("Association malienne des …")
        ministry = m.group(0) in ("Ministère", "ministère", "Direction")
        end, content, prev, prev_end, prev_word = None, 0, "connect", 0, ""
        for t in toks[:16]:
            gap = text[m.end() + prev_end:m.end() + t.start()]
            w = t.group(0)
            lw = _fr_word(w)
            if gap.strip():
                if not (ministry and gap.strip() == "," and lw in ("de", "du", "des", "d'") and prev != "connect"
                        and _PORTFOLIO_AFTER.match(text, m.end() + t.end())):
                    break                  # punctuation ends the name (a ministry's goes on after a comma, with
                    #                        another portfolio: not "ministère de l'Intérieur, des hommes armés")
            if lw in _FR_CONNECT or (lw == "sur" and prev_word in _FR_STUDY):
                kind = "connect"
            elif w[:1].isupper():
                if prev == "lower" and content and prev_word not in _FR_FEATURES:
                    break                  # "… de Bol Mardi": a capital after lower-case words ends it
                kind = "cap"
            elif lw in _FR_STOP or lw in _FR_VERBS:
                break
            elif prev in ("cap", "lower") and not _FR_ADJECTIVE.search(lw):
                break                      # "Collectif des pêcheurs de Bol dénonce": a verb after the place;
                #                            "… du Conseil de sécurité portés disparus": two lower-case words
            elif prev_word == "et":
                break                      # "a saisi le ministère des Affaires étrangères et dépêché …": a
                #                            name goes on after "et" with an article ("et de l'Élevage")
            else:
                kind = "lower"
            if kind != "connect":
                content += 1
                end = m.end() + t.end()
            prev, prev_end, prev_word = kind, t.end(), lw
        if end and content:
            yield m.start(), end


_BY_NAME = re.compile(r"[ \t]+(?:par|by)[ \t]+(?=[A-ZÀ-Ý])")


def _fr_word(w: str) -> str:
    return w.lower().replace("’", "'")


_ACRONYM = re.compile(r"(?<![\w-])(?:[A-Z][A-Z0-9]{1,7}-[A-Z0-9]{2,6}|[A-Z][A-Z0-9]{2,7})(?![\w-])")
_ACRONYM_SCOUTED = Scouted(_ACRONYM, r"(?<![\w-])")       # (the same matches, found faster)
_ROMAN = re.compile(r"M{0,3}(?:CM|CD|D?C{0,3})(?:XC|XL|L?X{0,3})(?:IX|IV|V?I{0,3})")   # "Léon XIV", "Title XXII"
_NOT_ACTOR_ACRONYMS = {"ONG", "ONGS", "BLUF", "USD", "EUR", "CFA", "GDP", "UTC", "GMT", "PDF", "HTML", "URL", "NGO", "NGOS", "IED",
                       "IEDS", "VBIED", "SVBIED", "IDP", "IDPS", "PM", "AM", "TV", "NOTE", "CEO", "EST", "ISBN", "DOI",
                       "AND", "THE", "FOR", "WITH", "KEY", "EVENT", "II", "III", "IV", "VI", "VII", "VIII", "IX", "XI",
                       "XII", "ISR", "UAV", "UAVS", "RPG", "RPGS", "MOU", "FAQ", "COVID", "GPS", "SMS", "ATM", "AK",
                       "CET", "WAT", "EAT", "CAT", "SUV", "SUVS", "APC", "APCS", "MANPADS", "HQ", "KM", "USAID",
                       "NEW", "OLD", "NOT", "ALL", "BUT", "WHO", "WHAT", "WHY", "HOW", "TOP", "LAST", "NEXT", "ONE",
                       "TWO", "END", "UPDATE", "ALERT", "FLASH", "BRIEF", "PRESS", "RELEASE", "DRAFT", "SECRET",
                       "UNCLASSIFIED", "CONFIDENTIAL", "TLP", "AMBER", "GREEN", "RED", "WHITE", "PHOTO", "VIDEO",
                       "JPG", "PNG", "XML", "RSS", "API", "CSV", "SITREP", "INTSUM", "OSINT", "HUMINT", "SIGINT",
                       "LGA", "LGAS", "FCT"}       # (Nigeria's local government areas, its capital territory)
# Road numbers: "the RN15", "the N1 highway" (but "M23" alone is an armed group)
_ROAD = re.compile(r"^(?:RN|RR|RD|RP|RNIE|N|A|B|C|D|E|R)\d{1,4}$")
_ROAD_CONTEXT = re.compile(r"\b(?:along|on|via|road|highway|route|axis|motorway|stretch of)\s+(?:the\s+)?$", re.I)
_ROAD_AFTER = re.compile(r"\s+(?:road|highway|route|axis|motorway|corridor|between|linking)\b", re.I)
# A possessive word before a name is no part of it ("Its Katiba Serma unit", "leur Coordination").
_POSSESSIVE_DETERMINERS = ("Its", "Their", "His", "Her", "Our", "Son", "Sa", "Ses", "Leur", "Leurs")
_ARTICLE = re.compile(r"^(?:(?:(?:On|In|Since|Until|By|Last|Early|Late|This|Le|Depuis|En)[ \t]+)?(?:\d{1,2}[ \t]+)?"
                      r"(?:" + ENGLISH_WEEKDAYS + "|" + ENGLISH_MONTHS + "|" + FRENCH_WEEKDAYS +
                      r")(?:[ \t]+\d{1,2})?,?[ \t]+)?"       # "On Tuesday the National Assembly"
                      r"(?:(?:" + MEMBER_NOUNS + r")[ \t]+(?:of|de|du|des)[ \t]+)?"
                      r"(?:(?:For|With|Against|Pour|Par|Selon|Avec|Chez|Contre)[ \t]+(?=(?:the|la|le|les|l['’])\b))?"
                      r"(?:(?:the|The|THE|a|A|an|An|le|la|les|Le|La|Les|LES|Can|Could|Will|Would|Should|Does|Did|"
                      r"How|Why|What|When|Where|Is|Are|After|Before|As|If|Inside|Beyond|"
                      r"Suspected|Alleged|Presumed|Présumés?|" +       # ("Suspected Red Dragon Brigade fighters")
                      "|".join(_POSSESSIVE_DETERMINERS) + r")\s+|[lL]['’]\s*)")    # ("Its Katiba Serma unit": the unit)


@lru_cache(maxsize=1)
def _junk() -> tuple[frozenset[str], frozenset[str]]:
    spec = context()["junk"]
    return frozenset(fold_key(w) for w in spec["words"]) | communities(), outlet_keys()


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
    """Report furniture, calendar words, outlets, generic nouns, a role without its holder: never an actor."""
    words, outlets = _junk()
    key = fold_key(name)
    if not key or key in words or key in outlets or key.isdigit() or len(key) < 2 or re.search(r"[\[\]^{}<>|@#*]", name):
        return True
    tokens = key.replace("'", " ").split()
    if all(t in words or t.isdigit() for t in tokens) or key in _rank_keys():
        return True           # (a rank alone: "DSP" of "DSP Mansir Hassan", "Col." before a name)
    heads, holders = _roles()
    if any(key.endswith(" " + tail) for tail in _place_tails()):
        return True           # "Shiroro Local Government Area": a place
    return tokens[-1] in heads and tokens[0] not in holders


@lru_cache(maxsize=1)
def _place_tails() -> tuple[str, ...]:
    return tuple(fold_key(t) for t in context()["junk"].get("place_tails", ()))


@lru_cache(maxsize=1)
def _rank_keys() -> frozenset[str]:
    return frozenset(fold_key(w) for w in person_titles()["ranks"])


@lru_cache(maxsize=1)
def _roles() -> tuple[frozenset[str], frozenset[str]]:
    spec = context()["junk"]
    return frozenset(fold_key(w) for w in spec.get("role_heads") or ()), \
        frozenset(fold_key(w) for w in spec.get("role_holders") or ())


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


_VESSEL_NOUNS = (r"vessel|ship|tanker|carrier|freighter|cargo ship|container ship|dhow|ferry|trawler|warship|destroyer|"
                 r"frigate|cruiser|corvette|submarine|yacht|navire|pétrolier|porte-conteneurs|cargo|m/v|mv")
_VESSEL_BEFORE = re.compile(rf"(?i)\b(?:{_VESSEL_NOUNS})[ \t]+(?:the[ \t]+|le[ \t]+)?$")
_SHIP_NAMED = re.compile(rf"(?i:\b(?:{_VESSEL_NOUNS}))[ \t]+(?:the[ \t]+|le[ \t]+)?"
                         r"([A-Z][\w'’-]*(?:[ \t]+[A-Z0-9][\w'’-]*){0,3})")


@lru_cache(maxsize=8)
def ship_names(text: str) -> frozenset[str]:
    """The folded names a vessel noun introduces anywhere in the text ("the bulk carrier Eternity C", "the tanker
    Sounion"): ships, never a person or an organisation, wherever else they are named. (Kept for the document's
    other steps: its people and its organisations both ask.)"""
    return frozenset(fold_key(m.group(1)) for m in _SHIP_NAMED.finditer(text))


# A place's possessive in front of a name: "Israel's Mossad" (the name is "Mossad").
_POSSESSOR = re.compile(r"([A-Z][\w-]+(?:[ \t][A-Z][\w-]+)?)['’]s[ \t]+(?=[A-Z])")


def clean(text: str, start: int, end: int) -> tuple[int, int]:
    """Trim what stands before a spaced dash ("Tillabéri — la Coordination"), an article in front, a possessive and
    punctuation behind."""
    dash = text.rfind(" — ", start, end), text.rfind(" – ", start, end)
    if max(dash) >= 0:
        start = max(dash) + 3
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
                       *, rules: bool = True, index=None, not_actors: set[str] = frozenset(),
                       home_place=lambda name: False, folded: str | None = None) -> list[dict]:
    """Unknown organisations as actors {name, type, id, known: false, mentions}. `taken` are the spans of known
    actors and people; `entities` the model's (start, end, label); `not_actors` folded names that are no actors
    here (the report's outlet and authors); `home_place(name)`: whether the name is a place of the document's
    country (the model's organisation may be a town or region: "the Marib front", "Hiiraan officials"); `folded`:
    `fold(text)`, when the caller has it."""
    from watchfloor.read.people import is_furniture, names_a_state
    inner_keep = keep
    not_actors = set(not_actors)
    writer_spans: list[tuple[int, int]] = []       # where the text spells out the writer's name with its abbreviation
    keep_span = lambda s, e: inner_keep(s) and not is_furniture(text, s, e) and fold_key(text[s:e]) not in not_actors \
        and not any(a < e and s < b for a, b in writer_spans) and (index is None or not names_a_state(text[s:e], index))
    for abbr, (long_name, long_start, long_end) in definitions.items():
        if fold_key(long_name) in not_actors:     # "the Lakeside Rights Forum (LRF) today called …" by that forum:
            not_actors.add(fold_key(abbr))        # neither its abbreviation nor a piece of its name is an actor
            writer_spans.append((long_start, long_end + len(abbr) + 3))
    taken = _Spans(taken)
    places = _Spans(place_spans)
    found: dict[str, dict] = {}
    generic = common_noun_abbreviations(text)
    low = lowered(text)          # the document scans below are skipped where it holds none of their words

    def add(name: str, start: int, end: int, label: str | None = None) -> None:
        if " ".join(name.split()) == " ".join(text[start:end].split()):
            end = _on_a_state(text, start, end)
            name = text[start:end]
        name = " ".join(name.split())
        qualifier = _QUALIFIER.match(text, start, end)
        if qualifier and text[qualifier.end():qualifier.end() + 1].isupper() and \
                " ".join(text[start:end].split()) == name:
            start = qualifier.end()           # "the Kaduna-based Northwest Security Forum": the forum
            name = " ".join(text[start:end].split())
        owner = _POSSESSOR.match(text, start, end)
        if owner and " ".join(text[start:end].split()) == name and \
                (_covers(places, start, owner.end(1)) or (index is not None and names_a_state(owner.group(1), index))) \
                and not _names_a_world_body(text[owner.end():end], index):
            start = owner.end()               # "Sudan's Sovereignty Council": the council
            name = " ".join(text[start:end].split())
        if " ".join(text[start:end].split()) == name and name.split()[-1][:1].isupper():
            more = _french_adjective_after().match(text, end)
            if more and (more.group("demonym") or _FRENCH_CONNECTOR.search(name)):
                end = more.end()              # "Croissant-Rouge libyen", "… et de la Protection civile"
                name = " ".join(text[start:end].split())
        if name.startswith("ministère "):
            name = "M" + name[1:]             # "le ministère de la Santé publique": the body is "Ministère de …"
        key = fold_key(name)
        if key in generic:
            return
        if key not in found:
            found[key] = {"name": name, "mentions": [], "label": label}
        found[key]["mentions"].append({"text": text[start:end], "start": start, "end": end})
        taken.append((start, end))

    for abbr, (long_name, long_start, long_end) in definitions.items():
        if is_junk(long_name) or not keep_span(long_start, long_end):
            continue
        if not _overlaps(taken, long_start, long_end):
            add(long_name, long_start, long_end)
        for m in finditer_name(abbr, text):
            if keep_span(m.start(), m.end()) and not _overlaps(taken, m.start(), m.end()):
                add(long_name, m.start(), m.end())
    if rules:
        for s, e in _french_names(text):
            if keep_span(s, e) and not is_junk(text[s:e]) and \
                    (not _overlaps(taken, s, e) or _holds_names(taken, s, e, text)):
                add(text[s:e], s, e)
        for m in (x for found_m in _scan(_NAMED_ORG, text, low, folded) for x in _past_taken(found_m, text, taken)):
            s, e = clean(text, m.start(1), m.end(1))
            more = _NAMED_ORG_MORE.match(text, e)
            if more and "\n" not in more.group(0):
                e = more.end()             # "Kuriga Community Development Association": the last organisation word
            name = text[s:e]
            if not keep_span(s, e) or len(name.split()) < 2 or _overlaps(taken, s, e) or _covered(text, places, s, e) \
                    or is_junk(name) or _shouting(text, s, e) or _TWO_NAMES.search(name):
                continue          # "the House of Representatives and the High Council of State": two bodies
            s, e = _whole_name(text, s, e, taken, places)
            add(text[s:e], s, e)
        if "-" in text:
            for m in _IZAFAT_NAME.finditer(text):
                s, e = m.start(1), m.end(1)
                lead = _IZAFAT_LEAD.match(text, s, e)
                if lead:
                    s = lead.end()        # "The Lashkar-e-Jhangvi": the name begins after the article
                if keep_span(s, e) and not _overlaps(taken, s, e) and not is_junk(text[s:e]):
                    add(text[s:e], s, e)  # "Lashkar-e-Jhangvi", "Muttahida Majlis-e-Amal", "Jamaat-ud-Dawa"
        for m in _scan(_INSTITUTION, text, low):
            s, e = m.start(1), m.end(1)
            name = text[s:e]
            if m.group(2):                    # "UN Joint Human Rights Office": a UN organ, an actor of its own
                if _overlaps(taken, m.end(2) + 1, e):
                    continue                  # more than "UN" of it is a known actor ("UN Mission in Mali")
                name = re.sub(r"^(?:U\.N\.?|United Nations)", "UN", name)
            elif _overlaps(taken, s, e) or ((before := _CAP_WORD.search(text, max(0, s - 30), s)) and
                                            before.group(1) not in _OPENERS):
                continue                      # "High Islamic Council of Mali": the head is not where the name starts
            if keep_span(s, e) and not is_junk(name) and not _shouting(text, s, e):
                add(name[:1].upper() + name[1:], s, e)
        for m in _scan(apposed_org(), text, low):
            s, e = clean(text, m.start("org"), m.end("org"))
            name = text[s:e]
            if s >= e or not keep_span(s, e) or _overlaps(taken, s, e) or _covers(places, s, e) or is_junk(name) \
                    or _shouting(text, s, e) or (index is not None and names_a_state(name, index)):
                continue      # "an analyst at Reuters" (an outlet), "a researcher in Mali"
            add(name, s, e)
    for m in _scan(_NUMBERED_UNIT, text, low):
        s, e = m.start(1), m.end(1)
        if keep_span(s, e) and not _overlaps(taken, s, e):
            add(m.group(1), s, e)
    for m in _scan(_named_units(), text, low):
        s, e = m.start(1), m.end(1)
        if keep_span(s, e) and not _overlaps(taken, s, e):
            add(m.group(1).title(), s, e)
    for m in _scan(_OPERATION, text, low):
        s, e = m.start(), m.end()
        if keep_span(s, e) and not _overlaps(taken, s, e) and not is_junk(m.group("name") or m.group("quoted")):
            name = text[s:e] if m.group("name") else f"Operation {m.group('quoted')}"
            add(name[:1].upper() + name[1:], s, e)
    if low is None or "known" in low or "called" in low or "nom de" in low:     # (None: no quick test; scan)
        for m in _GROUP_KNOWN_AS.finditer(text):
            s, e = clean(text, m.start("name"), m.end("name"))
            name = text[s:e]
            if s < e and keep_span(s, e) and not _overlaps(taken, s, e) and not _covers(places, s, e) and \
                    not is_junk(name) and not _shouting(text, s, e) and \
                    (index is None or not names_a_state(name, index)):
                add(name, s, e, "NORP")       # an armed group's men, by the name they go by
    for m in _scan(_LOWER_HEAD, text, low):
        s, e = m.start(1), m.end(1)
        lead = m.group("lead").strip()
        if not keep_span(s, e) or _overlaps(taken, s, e) or is_junk(lead) or \
                (index is not None and names_a_state(lead, index)):
            continue          # "the Fulani militia", "the Malian army council": a description
        add(text[s:e], s, e)
    for m in _classified_name_finder().finditer(text, low):
        s, e = clean(text, m.start("name"), m.end("name"))
        name = text[s:e]
        if s >= e or not keep_span(s, e) or _overlaps(taken, s, e) or \
                is_junk(name) or is_junk(name.split()[0]) or _shouting(text, s, e) or \
                (index is not None and names_a_state(name, index)):
            continue          # "the group JNIM" (known), "the company Monday", "the party Mali"
        add(name, s, e, "CLASSIFIED")     # the kind before it says so, whatever place shares the name ("Orano")
    for m in _scan(_LOCAL_BODY, text, low):
        s, e = m.start(1), m.end()
        if keep_span(s, e) and not _overlaps(taken, s, e):
            add(text[s:e], s, e)
    for m in _scan(_AREA_BODY, text, low):
        s, e = m.start(1), m.end()
        if keep_span(s, e) and not _overlaps(taken, s, e) and \
                _names_an_area(m.group(1), town="inistry" in m.group(0)) and \
                (index is None or not names_a_state(m.group(1), index)):
            add(text[s:e], s, e)
    for m in _scan(_FR_LOWER_INSTITUTION, text, low):
        s, e = m.start(1), m.end()
        if keep_span(s, e) and not _overlaps(taken, s, e):
            add(text[s:e][:1].upper() + text[s + 1:e], s, e)     # "l'université Joseph Ki-Zerbo"
    for s, e, label in entities:
        s, e = clean(text, s, e)
        if _VESSEL_BEFORE.search(text, max(0, s - 40), s):
            continue          # "the bulk carrier Eternity C": a ship, no actor
        if label in ("ORG", "NORP"):
            s, e = extend_name(text, s, e)
        byline = _BY_NAME.search(text, s, e)
        if byline:
            e = byline.start()        # "Observatoire des conflits du fleuve Niger par Ibrahim Hamani": the body, then
            #                           its author
        name = text[s:e]
        if label == "NORP":
            head = re.match(r"\s+(?:militias?|militiamen|rebels|fighters|insurgents|separatists|vigilantes|"
                            r"self-defen[cs]e (?:groups?|militias?)|armed groups?|movement|bloc|party)\b", text[e:e + 40],
                            re.I)
            if not head:
                continue
            if is_junk(text[s:e]):
                continue      # "Fulani militias", "a Tuareg self-defence group": an ethnic group's men, a description
            e += head.end()
            name = text[s:e]
        if "," in name or " and " in name:
            continue          # a list ("Intazayene, Bakorat and Wistane"), not one organisation
        joined = _JOINED_AFTER.search(name) is not None and not _overlaps_across(taken, s, e)
        #         ("Tehreek-e-Jihad Pakistan" holds a state's name: the name is the group's)
        if not keep_span(s, e) or not name[:1].isupper() or (_overlaps(taken, s, e) and not joined) or is_junk(name) \
                or _shouting(text, s, e) or any(c.isdigit() for c in name) or "\n" in name or \
                is_dateline(text, s, e) or \
                (name.isupper() and (fold_key(name) in _estimative_words() or _in_shouted_run(text, s, e))):
            continue
        if _overlaps(places, s, e) and (len(name.split()) == 1 or any(a == s and b == e for a, b in places)):
            continue          # a town the model took for an organisation
        if looks_like_a_place(text, s, e) or home_place(name):
            continue          # "air strikes on Kfar Kila", "the Atacora department": a place no gazetteer knew
        if label == "ORG":
            s, e = _whole_name(text, s, e, taken, places)
            at = _AT_PLACE_END.search(text, s, e)
            if at and _covers(places, at.end(), e) and len(text[s:at.start()].split()) <= 2 and \
                    not re.search(_ORG_WORDS, text[s:at.start()]):
                e = at.start()        # "Oxfam in Mali", "Windsor in Mombasa": the name, then where it is
            name = text[s:e]
            if re.search(r"\s(?:and|et)\s", name) and not re.search(_ORG_WORDS, name):
                continue      # "between Gumuruk and Pibor": two names, no organisation's
        owner = _POSSESSOR.match(text, s, e)
        if owner and _covers(places, s, owner.end(1)):
            s = owner.end()           # "Israel's Mossad", "Kenya's Independent Policing Oversight Authority"
            name = text[s:e]
        qualifier = _QUALIFIER.match(text, s, e)
        if qualifier and qualifier.end() < e:
            s = qualifier.end()       # "the Abidjan-based Centre for …", "a Tehran-backed militia": no part of the name
            s, e = _whole_name(text, s, e, taken, places) if label == "ORG" else (s, e)
            name = text[s:e]
        if in_label(text, s, e):
            continue          # "BOTTOM LINE:", "KEY JUDGMENT:": a heading's label
        if _known_qualifier(text, e, name, index):
            continue          # "UN agencies", "the AU envoy": the known body qualifies another
        if len([w for w in name.split() if w not in ("and", "et")]) <= 2 and not name.isupper() and \
                (_role_after().match(text, e) or _COLLECTIVE_AFTER.match(text, e)):
            continue          # "Caretaker Prime Minister X", "Powerful Shi'ite cleric X": words of the title;
            #                   "Sadrist protesters", "Kusasi and Mamprusi youths": adjectives of the people
        add(name, s, e, label)
    if rules:
        for m in _ACRONYM_SCOUTED.finditer(text):
            word = m.group(0)
            if _ROAD.match(word) and (word[:2] in ("RN", "RR", "RD", "RP") or _ROAD_CONTEXT.search(
                    text[max(0, m.start() - 25):m.start()]) or _ROAD_AFTER.match(text, m.end())):
                continue          # "along the RN15", "the N1 highway": a road
            if word in _NOT_ACTOR_ACRONYMS or _ROMAN.fullmatch(word) or not keep_span(m.start(), m.end()) or _overlaps(taken, m.start(), m.end()) \
                    or _overlaps(places, m.start(), m.end()) or _shouting(text, m.start(), m.end()) or is_junk(word) \
                    or in_label(text, m.start(), m.end()) or fold_key(word) in _estimative_words() \
                    or _in_shouted_run(text, m.start(), m.end()):
                continue          # "kidnappings are LIKELY", "in PENDJARI NATIONAL PARK": words in capitals
            if _known_qualifier(text, m.end(), word, index):
                continue          # (as above)
            add(word, m.start(), m.end())
    for name, s, e in _outlets_acted_on(text):
        if keep(s) and not _overlaps(taken, s, e):
            add(name, s, e)
    classified = {f"new:{slug(v['name'])}" for v in found.values() if v["label"] == "CLASSIFIED"}
    return [o for o in _merge_acronyms(text, found) if o["id"] in classified or not _not_an_organisation(text, o, places)]


def _known_qualifier(text: str, end: int, name: str, index) -> bool:
    """Whether a body the knowledge base knows, named by `name` ending at `end`, only qualifies a role or a body of
    its own there ("UN agencies", "the AU envoy": `actors.qualifies_another`)."""
    return index is not None and qualifies_another(text, end) and index.knows(name)


def _overlaps_across(spans, s: int, e: int) -> bool:
    """Whether one of `spans` overlaps [s, e) without lying inside it."""
    return any(a < e and s < b and not (s <= a and b <= e) for a, b in spans)


def _holds_names(taken, s: int, e: int, text: str) -> bool:
    """Whether every taken span that [s, e) overlaps lies inside it after its head word, in a name of three
    words or more ("Association des journalistes du Burkina": the state's name is the association's)."""
    head_end = s + len(text[s:e].split()[0])
    inner = [(a, b) for a, b in taken if a < e and s < b]
    return len(text[s:e].split()) >= 3 and all(head_end < a and b <= e for a, b in inner)


def _covers(spans, s: int, e: int) -> bool:
    """Whether one of the spans holds all of [s, e) ("Sudan" of "Sudan's", not of "Sudan People's")."""
    return any(a <= s and e <= b for a, b in spans)


@lru_cache(maxsize=1)
def _french_adjective_after() -> re.Pattern:
    """A French adjective written in lower case after a body's name: a demonym ("libyen", "malienne") or an
    adjective of the endings French names take ("civile", "humanitaire", "publique", "nationale")."""
    from watchfloor.read.people import _french_demonyms
    demonyms = "|".join(re.escape(d) for d in _french_demonyms())
    return re.compile(rf"[ \t]+(?:(?P<demonym>{demonyms})|[a-zà-ÿ]+(?:iles?|aires?|ales?|aux|iques?|ifs?|ives?|nnelles?|relles?)|(?:int|ext|sup|inf)[ée]rieure?s?)"
                      r"(?![\w'’-])")


_FRENCH_CONNECTOR = re.compile(r"\s(?:de|du|des|et)\s|\sd['’]|\sl['’]")


_NEEDS: dict[re.Pattern, Needs] = {}
_SCOUTED: dict[re.Pattern, Scouted] = {}       # pattern → the same matches found faster (set beside the pattern)


@lru_cache(maxsize=1)
def _estimative_words() -> frozenset[str]:
    """The words of the estimative terms ("likely", "unlikely", "probable", "certain" …): written in capitals for
    emphasis ("further raids are LIKELY"), never an organisation's abbreviation."""
    from watchfloor.read.estimative import load_lexicon
    return frozenset(w for t in load_lexicon().terms for w in fold_key(t.term).split() if len(w) > 3)


# Three words or more in capitals in a row, within a line: a phrase written in capitals ("in PENDJARI NATIONAL PARK",
# "ATTACK ON THE CONVOY"), not a run of abbreviations.
_CAPITALS_RUN = re.compile(r"(?<![\w'’-])[A-Z][A-Z'’-]+(?:[ \t]+[A-Z][A-Z'’-]+){2,}(?![\w'’-])")


def _in_shouted_run(text: str, start: int, end: int) -> bool:
    line, line_start = line_around(text, start, end)
    return any(r.start() + line_start <= start and end <= r.end() + line_start for r in _CAPITALS_RUN.finditer(line))


def _scan(pattern: re.Pattern, text: str, low: str | None, folded: str | None = None):
    """`pattern.finditer(text)`, or nothing where the text holds none of the strings every match of it needs
    (`low`: `prefilter.lowered(text)`; `folded`: `fold(text)`, when the caller has it)."""
    needs = _NEEDS.get(pattern)
    if needs is None:
        needs = _NEEDS[pattern] = Needs(pattern)
    if needs.absent(low):
        return ()
    if pattern in _BY_WORD:
        return _BY_WORD[pattern].finditer(text, fold(text) if folded is None else folded)
    return _SCOUTED.get(pattern, pattern).finditer(text)


# Institutions named head first ("Ministry of Education", "Office of the Prime Minister", "le ministère de la
# Défense", "la Présidence de la République", "l'État-major général des armées") and the UN's organs ("UN Joint
# Human Rights Office", "UN Group of Experts", group 2): names the capitalised-run pattern cannot see.
_INSTITUTION = re.compile(
    r"(?<![\w-])((?:(U\.?N\.?|United Nations)\s+(?:[A-Z][\w'’-]*\s+){0,4}?(?:Office|Group|Panel|Commission|Committee|"
    r"Council|Mission|Agency|Programme|Fund|Team|Mechanism|Assistance Mission|Human Rights Office)\b"
    r"(?:\s+(?:of|for|on)\s+(?:the\s+)?" + _NO_CALENDAR + r"[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*){0,3}){0,3})|"
    r"(?:Ministry|Office|Department|Directorate|Secretariat|Presidency|Embassy|Council|High Council|House|"
    r"General Staff|Centre|Center|Institute|Forum|Foundation|Observatory|Network|Coalition|Initiative|Commission|"
    r"Committee|Agency|League|Association|Society|Academy|Bureau|Authority)"
    r"\s+(?:of|for)\s+(?:the\s+)?[A-Z][\w'’-]*(?:\s+(?:and\s+)?[A-Z][\w'’-]*){0,4}|"
    r"[Mm]inistère\s+(?:de\s+la|de\s+l['’]|des|du|de)\s*[A-ZÀ-Ý][\w'’-]*(?:\s+(?:et\s+(?:de\s+la|de\s+l['’]|des|du)\s*)?"
    r"[A-ZÀ-Ý][\w'’-]*){0,3}|"
    r"[Pp]résidence\s+de\s+la\s+République|[ÉEée]tat-[Mm]ajor\s+(?:général\s+)?(?:des\s+[Aa]rmées|de\s+l['’][Aa]rmée))")

def _past_taken(m: re.Match, text: str, taken) -> list[re.Match]:
    """A capitalised-run match, and where it runs over a name already taken ("Halima Warsame of the Horn Peace and
    Security Forum": the person's), the pattern again from after that name, inside the match ("the Horn Peace and
    Security Forum")."""
    s, e = m.span(1)
    if not _overlaps(taken, s, e):
        return [m]
    ends = [b for a, b in taken if a < e and s < b and b < e]
    if not ends or not _LINK_AFTER_NAME.match(text, max(ends)):
        return [m]            # ("Sahel Civilian Protection Network": a name with a known word inside, one name)
    again = _NAMED_ORG.search(text, max(ends), m.end())
    return [m, again] if again and again.start(1) >= max(ends) else [m]


_LINK_AFTER_NAME = re.compile(r",?[ \t]+(?:of|at|from|with|for|de|du|des|à)[ \t]+(?:the[ \t]+|la[ \t]+|le[ \t]+|l['’])?(?=[A-Z])")


def _whole_name(text: str, s: int, e: int, taken, places) -> tuple[int, int]:
    """An organisation's name with what the first match left out: a unit's number in front ("the 14th Rapid
    Intervention Battalion") and a last word joined by "and" ("Beacon Security and Intelligence")."""
    number = _ORDINAL_BEFORE.search(text, max(0, s - 8), s)
    if number:
        s = number.start()
    more = _AND_MORE.match(text, e)
    if more and not _overlaps(taken, e, more.end()) and not _overlaps(places, e, more.end()):
        e = more.end()
    return s, e


def _names_a_world_body(name: str, index) -> bool:
    """Whether `name` alone is an international organisation's name ("Security Council"): with a state's possessive
    before it, it is that state's own body and keeps the possessive ("Armenia's Security Council")."""
    if index is None:
        return False
    from watchfloor.read.actors import _naming_actor
    hit = _naming_actor(index, fold_key(name))
    return bool(hit) and index.entries[hit].type == "international organisation"


def _on_a_state(text: str, s: int, e: int) -> int:
    """The end of "on <a state>" after an inquiry's or a panel's name ("the Panel of Experts on Libya", "the
    Commission of Inquiry on Burundi": whose it is), else `e`."""
    on = _ON_PLACE.match(text, e) if _INQUIRY_END.search(text, max(s, e - 12), e) else None
    named = _CAPITALISED_RUN.match(text, on.end()) if on else None
    while named and fold_key(named.group(0)) not in _state_names() and " " in named.group(0):
        named = _CAPITALISED_RUN.match(text, named.start(), named.start() + named.group(0).rindex(" "))
    return named.end() if named and fold_key(named.group(0)) in _state_names() else e


@lru_cache(maxsize=1)
def _state_names() -> frozenset[str]:
    """Every state's names in states.csv, folded."""
    from watchfloor.read.knowledge import state_rows
    return frozenset(fold_key(n) for row in state_rows() for n in [row["name"]] + row["names"].split("|") if n)


_INQUIRY_END = re.compile(r"\b(?:Experts|Inquiry|Panel)$")
_CAPITALISED_RUN = re.compile(r"[A-Z][\w'’-]+(?:[ \t]+[A-Z][\w'’-]+){0,2}")
_ON_PLACE = re.compile(r"[ \t]+on[ \t]+(?:the[ \t]+)?(?=[A-Z])")
# " in " / " at " before the last words of a name the model took whole ("Oxfam in Mali")
_AT_PLACE_END = re.compile(r"\s+(?:in|at|à)\s+(?=\S)")
_ORDINAL_BEFORE = re.compile(r"(?<![\w,.-])\d{1,4}(?:st|nd|rd|th)\s+$")
_TWO_NAMES = re.compile(r"\s(?:and|et)\s+(?:the|la|le|les|l['’])\s")
# "Security and Intelligence", "& Partners": a name's last words joined by "and" (no article after it).
_AND_MORE = re.compile(r"\s+(?:and|&)\s+(?!The\b)[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+)?(?=[\s,.;:)]|$)(?!\s+[A-Z])")
# A unit named by its number: "the 14th Rapid Intervention Battalion", "the 444 Brigade", "33rd Front".
_NUMBERED_UNIT = re.compile(r"(?<![\w,.-])((?:\d{1,4}(?:st|nd|rd|th)|\d{1,3})\s+(?:[A-Z][\w'’-]+\s+){0,3}(?:Battalion|Brigade|"
                            r"Regiment|Division|Corps|Front|Squadron|Company|Infantry|Commando|Task Force|"
                            r"Mechanized|Armoured|Armored)s?)\b")


@lru_cache(maxsize=1)
def _named_units() -> re.Pattern:
    """A state's units named in lower case (actor_context.yaml `named_units`), after an article."""
    units = sorted(context()["named_units"], key=len, reverse=True)
    return re.compile(r"(?i)\b(?:the|la|le|sa|its|their|his)\s+(" + "|".join(re.escape(u) for u in units) + r")\b")


# A named military operation acts as a force ("soldiers of Operation Sukola", "l'opération Sahel Sécurité", the
# "Desert Shield" operation): the operation's word and its capitalised name (or a quoted one before it).
_OPERATION = re.compile(r"(?<![\w-])(?:[Oo]p[ée]ration)\s+(?P<name>[A-ZÀ-Ý][\w'’-]+(?:\s+[A-ZÀ-Ý][\w'’-]+){0,2})|"
                        r"[\"“](?P<quoted>[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+){0,2})[\"”]\s+operation\b")
_SCOUTED[_OPERATION] = Scouted(_OPERATION, r"(?<![\w-])")


_OPERATION_BEFORE = re.compile(r"[Oo]p[ée]ration\s+[\"“«]?\s*$")
_OPERATION_AFTER = re.compile(r"\s*[\"”»]?\s+operation\b")


_COLLECTIVE_AFTER = re.compile(r"\s+(?:protesters|protestors|demonstrators|supporters|followers|loyalists|youths|"
                               r"students|residents|villagers|worshippers|pilgrims|voters|lawmakers|clerics|"
                               r"community|communities|clan|clans|sub-clan|tribe|tribes|ethnic\s+group|"
                               r"communauté|communautés|ethnie|tribu)\b")


@lru_cache(maxsize=1)
def _role_after() -> re.Pattern:
    """A person's title or role (person_titles.yaml), perhaps after one more word, right after a name."""
    spec = person_titles()
    words = sorted({w for w in spec["roles"] + spec["ranks"] if len(w) > 3}, key=len, reverse=True)
    return re.compile(r"\s+(?:[\w'’-]+\s+)?(?:" + "|".join(re.escape(w) for w in words) + r")\s+[A-ZÀ-Ý]", re.I)


# An armed group by the name it goes by: "local militias known as Naparamas", "a vigilante group, known locally as
# the Yan Banga", "des milices connues sous le nom de …"
_GROUP_KNOWN_AS = re.compile(
    r"(?i:\b(?:militias?|militiamen|vigilantes|vigilante groups?|self-defen[cs]e groups?|armed groups?|factions?|"
    r"gangs?|fighters|rebels|insurgents|brigades?|milices?|groupes? armés?|groupes? d['’]autodéfense)"
    r"\s*,?\s+(?:(?:also|better|locally|popularly|commonly|widely)\s+)?(?:known|called|referred to)\s+"
    r"(?:locally\s+)?as|(?:connus?e?s?|désignée?s?)\s+sous\s+le\s+nom\s+d['’]?e?)\s+(?:the\s+|les\s+)?"
    r"(?P<name>[A-ZÀ-Ý][\w'’-]+(?:[ \t]+(?:(?:de|du|des|al|el)[ \t]+)?[A-ZÀ-Ý][\w'’-]+){0,3})")


@lru_cache(maxsize=1)
def _classified_name() -> re.Pattern:
    """A kind of organisation in lower case, then its proper name (actor_context.yaml `org_classifiers`): "the French
    nuclear group Orano", "the youth association Jeunesse Unie de Niono", "l'ONG Médecins du monde". Up to three
    modifiers before the kind ("French nuclear"); the name is capitalised words, joined by particles."""
    kinds = "|".join(re.escape(w) for w in sorted(set(context()["org_classifiers"]), key=len, reverse=True))
    cap = r"[A-ZÀ-Ý][\w'’&.-]*"
    return re.compile(rf"(?:\b(?i:the|a|an|its|their|la|le|une?|sa|son)\s+|\b[Ll]['’]\s*|(?<=[a-z]\s))(?:[\w-]+\s+){{0,3}}?"
                      rf"(?i:{kinds})\s+(?P<name>{cap}(?:[ \t]+(?:(?:de|du|des|la|le|et|d['’]|l['’])[ \t]*)*{cap}){{0,4}})")


@lru_cache(maxsize=1)
def _classified_name_finder() -> Anchored:
    """`_classified_name()`'s matches, found from its kind of organisation followed by a capital (the pattern
    itself may start after any lower-case word: tried everywhere, it took a tenth of the reader's time)."""
    kinds = trie_regex(w.lower() for w in set(context()["org_classifiers"]))     # (also inside words: tried, not found)
    return Anchored(_classified_name(), rf"(?:{kinds})\s+", r"[A-ZÀ-Ý]",
                    words=4)   # an article and three modifiers before the kind


@lru_cache(maxsize=1)
def _kinds() -> frozenset[str]:
    return frozenset(fold_key(w) for w in context()["org_classifiers"])


def starts_with_a_kind(name: str) -> bool:
    """The name's first word, without an elided article, is a kind of organisation ("L'ONG Terre Solidaire",
    "Groupe Wagner"): an organisation's name, not a person's."""
    first = re.sub(r"^[LlDd]['’]", "", name.split()[0]) if name.split() else ""
    return fold_key(first) in _kinds()


def names_an_operation(text: str, s: int, e: int) -> bool:
    """`text[s:e]` is a military operation's name ("Operation Linda Boni", the "Linda Boni" operation)."""
    return bool(_OPERATION_BEFORE.search(text, max(0, s - 14), s) or _OPERATION_AFTER.match(text, e))


_OPENERS = {"The", "A", "An", "In", "On", "At", "By", "For", "From", "To", "And", "But", "Le", "La", "Les", "Du", "Des",
            "De", "Au", "Aux", "Par", "Pour", "Et"}

# "violent extremist organisation (VEO)", "unmanned aerial vehicles (UAVs)": an abbreviation of a common noun.
_PAREN_UPPER = re.compile(r"\(\s*([A-Z][A-Z0-9]{1,7})(s?)\s*\)")
_LOWER_WORDS_BEFORE = re.compile(r"((?:[a-z][a-z'’-]*\s+){0,6}[a-z][a-z'’-]*)\s*$")


def common_noun_abbreviations(text: str) -> frozenset[str]:
    """Folded abbreviations (and their plurals) that the text defines by a lower-case phrase whose last words'
    initials spell them: a kind of thing, not a named organisation."""
    out = set()
    for m in _PAREN_UPPER.finditer(text):
        before = _LOWER_WORDS_BEFORE.search(text, max(0, m.start() - 90), m.start())
        if not before:
            continue
        words = re.split(r"[\s-]+", before.group(1))
        letters = m.group(1).lower()
        if len(words) >= len(letters) and "".join(w[0] for w in words[-len(letters):]) == letters:
            out.update((letters, letters + "s"))
    return frozenset(out)


# A name in a place's position: a place-type word after it, or its province after a comma ("Palmyra, Homs
# province"), or a locative word or a strike verb before it.
_PLACE_TYPE_AFTER = re.compile(
    r"\s+(?:department|neighbou?rhood|district|province|governorate|county|municipality|commune|locality|quarter|"
    r"suburb|camps?|village|town|city|region|area|junction|crossroads|roundabout|square|bridge|checkpoint|"
    r"valley|mountains|hills|corridor|port|terminal|airstrip|airport|air base|airbase|barracks|prison|jail|park|parks|"
    r"park complex|reserve|forest|crossings?|rivers?|dam|lake|plains?|plateau|oasis|transit (?:centre|center|site)|"
    r"reception (?:centre|center)|settlement|IDP site|displacement site|airfield|oil ?fields?|gas ?fields?|"
    r"refinery|mines?)\b|"
    r"\s+and\s+(?:the\s+)?(?:neighbou?ring|nearby|surrounding|adjacent)\s+(?:villages?|towns?|hamlets?|localities|areas)\b|"
    r",\s+(?:in\s+)?(?:the\s+)?[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+)?\s+"
    r"(?:province|governorate|department|state|region|district|county)\b|"
    r",\s+(?:a|an)\s+(?:[\w-]+\s+){0,2}?(?:village|town|community|locality|settlement|hamlet|commune|district|"
    r"city|camp|suburb|neighbou?rhood)\b")     # "Yelwata, a farming community"
_PLACE_WORDS_BEFORE = re.compile(
    r"(?:\b(?:in|near|into|towards?|outside|around|struck|shelled|bombed|pounded|raided|stormed|seized|retook|recaptured|"
    r"captured|entered|overran|besieged|dropped on|strikes? on|airstrikes? on|shelling of|bombing of|"
    r"(?:towns?|villages?|hamlets?|cit(?:y|ies)|districts?|neighbou?rhoods?|suburbs?|localit(?:y|ies)|communit(?:y|ies)|"
    r"settlements?|camps?) of|outskirts of|attacks? on|raids? on|assault on|"
    r"(?:re)?deployed to|fled to|moved to|returned to|travell?ed to|withdrew to|retreated to|relocated to|"
    r"advanced on|marched on|evacuated from|displaced from|spread(?:s|ing)? (?:to|into)|spill(?:s|ed|ing)? (?:over )?into|"
    r"dans|à|près de|vers)\s+(?:the\s+)?)$", re.I)


_QUALIFIER = re.compile(rf"[\w'’.]+(?:[ -][\w'’.]+)?-(?:{QUALIFIER_WORDS})\s+")


def looks_like_a_place(text: str, s: int, e: int) -> bool:
    """The model's organisation or person in a place's position (a name no gazetteer holds): "attacked a post at
    Koubel" too, where the name has no organisation word ("a doctor at the Red Cross hospital" keeps it)."""
    return bool(_PLACE_TYPE_AFTER.match(text, e) or _PLACE_WORDS_BEFORE.search(text, max(0, s - 30), s)
                or _toponym_head().match(text, s, e)
                or (_AT_BEFORE.search(text, max(0, s - 8), s) and not re.search(_ORG_WORDS, text[s:e]))
                or _PLACE_LIST_BEFORE.search(text, max(0, s - 160), s)
                or (_IN_ADMIN_UNIT_AFTER.match(text, e) and not re.search(_ORG_WORDS, text[s:e])))


# "… attacked Yelwata in Guma LGA", "X in Masisi territory": a name placed in an admin unit is a place.
_IN_ADMIN_UNIT_AFTER = re.compile(
    r",?[ \t]+(?:in|dans)[ \t]+(?:the[ \t]+)?[A-ZÀ-Ý][\w'’-]*(?:[ \t-]+[A-ZÀ-Ý][\w'’-]*){0,2}[ \t]+"
    r"(?:LGA|(?i:local government area|county|district|province|region|state|department|commune|territory|"
    r"governorate|prefecture|circle|cercle|municipality|woreda|zone|sub-county|locality))\b")


# A later name of a list of places: "the villages of Kurfar Danya, Rafin Gero and …", "les localités de A, B et …"
_LIST_NAME = r"[A-ZÀ-Ý][\w'’-]*(?:\s+(?:[A-ZÀ-Ý][\w'’-]*|(?:al|el|ad|as|ash|an|ar)-[A-ZÀ-Ý][\w'’-]*|d[eu]|al|el|da))*"
_PLACE_LIST_BEFORE = re.compile(
    r"\b(?:villages|towns|hamlets|localities|communities|settlements|cities|districts|neighbou?rhoods|suburbs|camps|"
    r"areas|zones|regions|provinces|counties|municipalities|"
    r"localités|villages|communes|quartiers|hameaux|camps)\s+(?:of|such as|including|like|de|d['’]|comme)\s*"
    rf"(?:{_LIST_NAME}\s*,\s*)*{_LIST_NAME}\s*(?:,\s*)?(?:and|or|et|ou|,)\s+$")


@lru_cache(maxsize=1)
def _toponym_head() -> re.Pattern:
    """A first word that begins place names ("Ain Zara", "Wadi Fira", "Deir Hafer"; actor_context.yaml)."""
    heads = "|".join(re.escape(w) for w in sorted(context()["toponym_heads"], key=len, reverse=True))
    return re.compile(rf"(?i:{heads})(?:[ \t]+|-(?=[A-Za-z]))(?:(?:al|el|ad|ar|as|ash|at|az)-)?[A-Z]")


def place_word_after(text: str, e: int) -> bool:
    """A place-type word right after a name ("… Maqsoud neighbourhood", "the Zobe junction")."""
    return bool(_PLACE_TYPE_AFTER.match(text, e))


_AT_BEFORE = re.compile(r"\bat\s+$")
# A heading's label in capitals before a colon ("KEY JUDGMENT:", "BOTTOM LINE:"): report furniture.
_LABEL = re.compile(r"[ \t]*(?:[A-Z][A-Z'’&/-]*[ \t]+){0,4}[A-Z][A-Z'’&/-]*[ \t]*:")


def in_label(text: str, s: int, e: int) -> bool:
    """`text[s:e]` lies in a line's opening label in capitals ("KEY JUDGMENT: JNIM's strikes…")."""
    line_start = text.rfind("\n", 0, s) + 1
    label = _LABEL.match(text, line_start)
    return bool(label) and e <= label.end()


def _covered(text: str, spans: _Spans, s: int, e: int) -> bool:
    """A place's span covers the whole name, or a place in it has no organisation word after it ("Malawi Commission
    on Gender Equality" is an organisation; "Kidal Region Youth" is a place and more)."""
    for a, b in spans:
        if a < e and s < b and (a <= s and b >= e or not re.search(_ORG_WORDS, text[max(b, s):e])):
            return True
    return False


def _initials(name: str) -> str:
    return "".join(w[0] for w in re.findall(r"[A-Za-z][\w'’-]*", name) if w[0].isupper())


_GLUE_WORDS = frozenset("of the and for in on at to de des du la le les et pour en au aux".split())


def _word_initials(name: str) -> str:
    """The initials of every word but the glue words, elisions dropped ("Association malienne des droits de
    l'homme" → "AMDH"): French abbreviations count the lower-case words."""
    words = [re.sub(r"^[dlDL]['’]", "", w) for w in re.findall(r"[^\W\d_][\w'’-]*", name)]
    return fold_key("".join(w[0] for w in words if w and w.lower() not in _GLUE_WORDS)).upper()


_BRACKET_BEFORE = re.compile(r"[ \t]*\([ \t]*$")


# The kind words a body is called by for short ("the Institute said", "la Coordination demande"); not the armed
# ones ("the Force", "the Group"), which name other bodies as often.
_HEAD_WORD = re.compile(r"(?:Coordination|Institute|Institut|Commission|Committee|Comité|Council|Conseil|Association|"
                        r"Coalition|Alliance|Ligue|League|Observatory|Observatoire|Network|Réseau|Foundation|Fondation|"
                        r"Forum|Centre|Center|Collectif|Federation|Fédération|Platform|Plateforme|Syndicat|Agency|"
                        r"Agence|Authority|Autorité|Office|Directorate|Direction|Tribunal|Court|Cour|Observatory)$")


def _short_references(text: str, found: dict[str, dict]) -> None:
    """"The Institute", "la Coordination": the kind word that opens or ends one long name found in the document,
    after an article and with no name after it, is a short mention of that body (a lone "Coordination" found is that
    too)."""
    heads: dict[str, list[str]] = {}
    for k, v in found.items():
        words = v["name"].split()
        head = next((w for w in (words[0], words[-1]) if _HEAD_WORD.match(w)), None) if len(words) > 1 else None
        if head:        # "Coordination des ONG …", "Horn Peace Observatory"
            heads.setdefault(head, []).append(k)
    heads = {w: ks[0] for w, ks in heads.items() if len(ks) == 1}
    if not heads:
        return
    for key in [k for k, v in found.items() if v["name"] in heads]:
        found[heads[found[key]["name"]]]["mentions"] += found.pop(key)["mentions"]
    pattern = re.compile(r"\b(?:[Tt]he|[Ll]a|[Ll]e|[Ll]['’])[ \t]*(" + "|".join(map(re.escape, heads)) +
                         r")\b(?![ \t]+(?:[A-ZÀ-Ý]|of\b|for\b|de\b|des\b|du\b|d['’]))(?![-'’])")
    for m in pattern.finditer(text):
        v = found[heads[m.group(1)]]
        if not any(x["start"] <= m.start(1) < x["end"] for x in v["mentions"]):
            v["mentions"].append({"text": m.group(1), "start": m.start(1), "end": m.end(1)})


def _grown_to_bracket(text: str, found: dict[str, dict], key: str) -> str | None:
    """"l'Alliance nationale pour la sauvegarde de l'identité peule et la restauration de la justice (ANSIPRJ)": a
    name found cut short ("Alliance nationale") runs on to the bracketed abbreviation whose letters its words give;
    the name grows to the bracket and the abbreviation is that body (returned: its key)."""
    abbr = found[key]["name"]
    for m in found[key]["mentions"]:
        b = _BRACKET_BEFORE.search(text, max(0, m["start"] - 4), m["start"])
        if b is None:
            continue
        bracket = b.start()
        for k, v in found.items():
            for x in v["mentions"]:
                run = text[x["start"]:bracket]
                if k != key and x["start"] < x["end"] < bracket and bracket - x["start"] <= 250 and \
                        not re.search(r"[.,;:!?\n()]", run) and spells(abbr, run):
                    if v["name"] == x["text"]:
                        v["name"] = run
                    x["end"], x["text"] = bracket, run
                    return k
        # no name found before it: the shortest run of words back to a capital that gives its letters (within
        # Schwartz and Hearst's window of min(n + 5, 2n) words, glue words not counted: French names hold many)
        clause = re.split(r"[.,;:!?\n()«»\"“”]", text[max(0, bracket - 300):bracket])[-1]
        words = list(re.finditer(r"(?:[dlDL]['’])?([^\s,'’]+)", clause))
        offset = bracket - len(clause)
        content = [w for w in words if w.group(1).lower() not in _GLUE_WORDS]
        window = content[-min(len(abbr) + 5, 2 * len(abbr)):]
        for w in reversed([w for w in words if not window or w.start() >= window[0].start()]):
            start = offset + w.start(1)
            run = text[start:bracket].strip()
            if w.group(1)[:1].isupper() and len(run.split()) >= 2 and spells(abbr, run):
                key2 = f"bracket:{run}"
                found[key2] = {"name": run, "label": "ORG",
                               "mentions": [{"text": run, "start": start, "end": start + len(run)}]}
                return key2
    return None


def _merge_acronyms(text: str, found: dict[str, dict]) -> list[dict]:
    """An acronym that spells a long name found in the same document is that organisation."""
    longs = {}
    for k, v in found.items():
        if " " in v["name"]:
            longs[_word_initials(v["name"])] = k
    for k, v in found.items():      # (the capitals' initials win where both spell one abbreviation)
        if " " in v["name"]:
            longs[_initials(v["name"])] = k
    ends = {m["end"]: k for k, v in found.items() if " " in v["name"] for m in v["mentions"]}
    for key in [k for k, v in found.items() if " " not in v["name"] and v["name"].isupper()]:
        target = longs.get(found[key]["name"].replace("-", ""))
        if not target:
            # "Coordination des ONG humanitaires de la région de Tahoua (CONHAT)", "the Sinjar Resistance Units
            # (YBS)": defined in brackets right after the long name (an abbreviation of a name in another language
            # need not spell the English one)
            target = next((ends[b.start()] for m in found[key]["mentions"]
                           if (b := _BRACKET_BEFORE.search(text, max(0, m["start"] - 4), m["start"])) and
                           b.start() in ends and text.startswith(")", m["end"])), None)
        if not target:
            target = _grown_to_bracket(text, found, key)
        if target and target != key:
            found[target]["mentions"] += found.pop(key)["mentions"]
    _short_references(text, found)
    out = []
    for v in found.values():
        mentions = sorted(v["mentions"], key=lambda x: x["start"])
        out.append({"name": v["name"], "type": guess_type(v["name"], text, mentions, v["label"]),
                    "id": f"new:{slug(v['name'])}", "known": False, "mentions": mentions})
    return out


# Where a person works, in an apposition after their name: "Jane Doe, a senior analyst at the Gulf Risk Institute",
# "un chercheur au Centre d'études sahéliennes": the body is an organisation (the person's org, people.py)
@lru_cache(maxsize=1)
def apposed_org() -> re.Pattern:
    """`, a <up to three words> <role> at|with|of … [the] <Capitalised Name>`: the role words are person_titles.yaml
    `apposed_roles`; group `role` is the role with its words, `org` the body's name."""
    roles = trie_regex(person_titles()["apposed_roles"])
    return re.compile(
        rf",[ \t]+(?:a|an|the|un|une|le|la)[ \t]+(?P<role>(?:[\w-]+[ \t]+){{0,3}}?(?:{roles}))[ \t]+"
        r"(?:at|with|for|of|from|à|au|aux|de|du|chez)[ \t]+(?:the[ \t]+|la[ \t]+|l['’][ \t]*)?"
        r"(?:[\w-]+-based[ \t]+(?:[a-z]+[ \t]+){0,2})?"
        r"(?P<org>[A-ZÀ-Ý](?:[\w'’&-]|\.(?=\w))*(?:[ \t]+(?:(?:of|for|on|and|de|du|des|d['’]|la|le|the|&)[ \t]+)*"
        r"[A-ZÀ-Ý](?:[\w'’&-]|\.(?=\w))*){0,6})")          # (a word's dot is inside it: "Studies. He" ends the name)


# A sub-national government named by its area: "the Kaduna state government", "the Banadir regional administration".
# French names an institution in lower case before its proper name: "l'université Joseph Ki-Zerbo",
# "l'institut Pasteur".
_FR_LOWER_INSTITUTION = re.compile(r"\b[Ll]['’]((?:université|institut)[ \t]+[A-ZÀ-Ý][\w'’-]*(?:[ \t-](?:de[ \t]+|du[ \t]+)?"
                                   r"[A-ZÀ-Ý][\w'’-]*){0,3})")
_SCOUTED[_FR_LOWER_INSTITUTION] = Scouted(_FR_LOWER_INSTITUTION, r"\b")
# (its lead, which Scouted passes over: no word character or hyphen before, no opening word such as "The", "In")
_LOCAL_BODY_LEAD = r"(?<![\w-])(?!(?:The|A|An|In|On|At|By)\s)"
_LOCAL_BODY = re.compile(_LOCAL_BODY_LEAD + r"([A-Z][\w'’-]+(?:\s+(?!State\b)[A-Z][\w'’-]+)?)\s+(?:[Ss]tate|[Rr]egional|[Pp]rovincial|[Cc]ounty|[Cc]ity|"
                         r"[Dd]istrict|[Mm]unicipal|[Ff]ederal [Ss]tate|Capital Territory)(?:['’]s)?\s+(?:[Gg]overnment|[Aa]dministration|[Aa]ssembly|"
                         r"[Aa]uthorities|[Ee]mergency [Mm]anagement [Aa]gency|[Pp]olice [Cc]ommand|[Cc]ongress|"
                         r"[Ll]egislature|[Hh]ouse of [Aa]ssembly|[Hh]igh [Cc]ourt)\b")
_SCOUTED[_LOCAL_BODY] = Scouted(_LOCAL_BODY, _LOCAL_BODY_LEAD)
# The same with no type word, where the name is a first-level area of the world gazetteer and no state: "the
# Chhattisgarh government", "the Oromia administration" (a state's government is a known actor: "the Kenyan
# government"); and a ministry of a territory that is no state: "the Gaza health ministry".
_AREA_BODY_LEAD = r"(?<![\w-])(?!(?:The|A|An|In|On|At|By|Its|Their|This|That)\s)"
_AREA_BODY = re.compile(_AREA_BODY_LEAD +
                        r"([A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+)?)\s+(?:[Gg]overnment|[Aa]dministration|"
                        r"(?:[Hh]ealth|[Ii]nterior|[Ee]ducation|[Jj]ustice) [Mm]inistry|[Mm]inistry of [Hh]ealth)\b")
_SCOUTED[_AREA_BODY] = Scouted(_AREA_BODY, _AREA_BODY_LEAD)
# A capitalised name with a lower-case head ("the Jean-Denis vigilance brigade", "the Benkadi hunters' association of
# Farabougou", "the Norte de Santander governor's office"): a body named by its place or founder.
_LOWER_HEAD = re.compile(
    r"\b(?i:the|its|a|local)\s+((?P<lead>(?:[A-ZÀ-Ý][\w'’-]+(?:\s+(?:de|del|du|des|al|el)\s+|\s+|-)){1,3}?)"
    r"(?:[a-z][a-z'’-]+\s+){0,2}?(?:vigilance brigade|self-defen[cs]e (?:group|militia|committee)|hunters['’] association|"
    r"governor['’]s office|mayor['’]s office|youth association|women['’]s association|vigilance committee|"
    r"defence committee|local council|brotherhood)(?:\s+of\s+[A-ZÀ-Ý][\w'’-]+)?)\b")
_CAP_WORD = re.compile(r"([A-Z][\w'’\-]*)\s+$")
_OF_CHAIN = re.compile(r"\s+(?:of|for)\s+(?:the\s+)?[A-Z][\w'’\-]*(?:\s+[A-Z][\w'’\-]*){0,3}")


# A sentence's end before a word, with a closing quote or bracket and a footnote mark ("… River.[1] Its …").
_SENTENCE_END_BEFORE = re.compile(r"[.!?:;][\"”’)]*(?:\[\^?\d{1,3}\]|\(\d{1,3}\)|[¹²³⁴⁵⁶⁷⁸⁹⁰]+)?\s*$")


def extend_name(text: str, s: int, e: int) -> tuple[int, int]:
    """A name the model cut short: capitalised words right before it on the same line ("National" in "National
    Council for the Safeguard of the Homeland", not a sentence's "The"), and "of/for the X" chains after it."""
    for _ in range(3):
        m = _CAP_WORD.search(text, max(0, s - 40), s)
        if not m or m.group(1) in ("The", "A", "An", "In", "On", "At", "By", "For", "And", "But", "Le", "La", "Les",
                                   "L'", "Un", "Une", *_POSSESSIVE_DETERMINERS) or fold_key(m.group(1)) in _junk()[0] \
                or "\n" in text[m.start():s]:
            break
        if m.start() == 0 or text[m.start() - 1] in "\n" or _SENTENCE_END_BEFORE.search(text, max(0, m.start() - 12),
                                                                                       m.start()):
            if not re.search(_ORG_WORDS, m.group(1)) and m.group(1) not in ("National", "Supreme", "High", "Higher",
                                                                             "Central", "Federal", "Joint", "United"):
                break                       # a sentence's first word is no part of the name unless it names one
        s = m.start()
    for _ in range(3):
        m = _OF_CHAIN.match(text, e)
        if not m or "\n" in m.group(0) or not re.search(rf"(?:{_ORG_WORDS})$", text[s:e]):
            break             # "Council for the Safeguard …", not "Orano for the Imouraren mine"
        e = m.end()
    joined = _JOINED_AFTER.match(text, e)
    if joined and fold_key(joined.group("last") or "") not in CALENDAR_WORDS:
        e = joined.end()      # "Tehreek" of "Tehreek-e-Jihad Pakistan", "Hizb" of "Hizb-ul-Ahrar": the words the
    elif joined:              # Persian/Arabic connector joins are the name's
        e = joined.end("chain")
    return s, e


# Words joined by a Persian or Arabic connector ("-e-", "-i-", "-ul-"), and a capitalised word after them
# ("Tehreek-e-Jihad Pakistan", "Jaish-ul-Adl").
_JOINED_AFTER = re.compile(r"(?P<chain>(?:-(?:e|i|ul|ud|ur|us|ut|al|el|wal)-[A-Z][\w'’]*)+)"
                           r"(?:[ \t]+(?P<last>[A-Z][\w'’]+)(?![ \t]+[A-Z]))?")


# A name whose words a Persian or Arabic connector joins and one of whose words is a noun such names give groups and
# parties ("army", "movement", "party", "assembly", "council": "Lashkar-e-Jhangvi", "Jamaat-ud-Dawa", "Muttahida
# Majlis-e-Amal"): an organisation whether the model tags it or not, and no person (people's names use the
# connector too: "Zia-ul-Haq", "Fazl-ur-Rehman").
_IZAFAT_HEADS = (r"Lashkar|Jaish|Jaysh|Tehreek|Tehrik|Tahrik|Harkat|Harakat|Hizb|Jamaat|Jama'at|Jamiat|Majlis|"
                 r"Sipah|Tanzeem|Tanzim|Ittehad|Ittihad|Anjuman|Markaz|Idara|Ansar|Tahaffuz|Muttahida|Fidayeen")
_IZAFAT_NAME = re.compile(rf"(?<![\w'’-])((?:[A-Z][a-z]+[ \t]+){{0,2}}(?=(?:[A-Z][a-z]+[ \t]+)?(?:{_IZAFAT_HEADS})\b)"
                          rf"[A-Z][a-z']+(?:[ \t]+[A-Z][a-z']+)?(?:-{IZAFAT_CONNECTOR}-[A-Z][\w'’]*)+"
                          r"(?:[ \t]+(?:Pakistan|Afghanistan|Khorasan|Hind|Al-Alami|al-Alami))?)(?![\w'’-])")
IZAFAT_ORG = re.compile(rf"\b(?:{_IZAFAT_HEADS})\b(?:[ \t]+[A-Z][a-z']+)?-{IZAFAT_CONNECTOR}-[A-Z]")
_IZAFAT_LEAD = re.compile(r"(?:(?:The|A|An|In|On|At|By|For|From|And|But|When|After|Both|Members|Leaders)[ \t]+)+")


_SUPPRESS = re.compile(r"\b(?:suspend(?:s|ed|ing)?|ban(?:s|ned|ning)?|block(?:s|ed|ing)?|expel(?:s|led|ling)?|"
                       r"shut(?:s|ting)? down|clos(?:e|es|ed|ing)|revok(?:e|es|ed|ing) the (?:licen[cs]e|accreditation) of|"
                       r"sanction(?:s|ed|ing)?|raid(?:s|ed|ing)?|attack(?:s|ed|ing)?|su(?:e|es|ed|ing)|"
                       r"suspendu|interdit|suspend|expulsé|fermé)\s+(?:the\s+|la\s+|le\s+|l['’])?$", re.I)


@lru_cache(maxsize=1)
def _outlet_regex() -> Scouted:
    names = context()["junk"]["outlets"]
    return Scouted(re.compile(r"(?<![\w-])(" + trie_regex(n for n in names if len(n) > 2) + r")(?![\w-])"),
                   r"(?<![\w-])")      # (a trie: the longest name first, as the names longest first would)


def _outlets_acted_on(text: str):
    """A news outlet is a source, except where something is done to it: "the junta suspended the BBC and Voice of
    America" (the outlets after the verb, in a list)."""
    last_end = -1
    for m in _outlet_regex().finditer(text):
        before = text[max(0, m.start() - 50):m.start()]
        listed = last_end >= 0 and re.fullmatch(r"\s*(?:,|,?\s+and|,?\s+et)\s+(?:the\s+|la\s+|le\s+)?",
                                                text[last_end:m.start()])
        if _SUPPRESS.search(before) or listed:
            last_end = m.end()
            yield m.group(1), m.start(), m.end()
        else:
            last_end = -1


_LOCATIVE = re.compile(r"(?:\b(?:in|near|outside|around|inside|towards?|into|à|dans|près de|vers|depuis|cleared|"
                       r"(?:town|village|city|region|province|state|district|camp|commune|area|locality|outskirts|"
                       r"streets|port|centre|center|suburbs|residents|inhabitants|mayor|governor|coliseum|stadium|"
                       r"airport|people|population|east|west|north|south) of|"
                       r"(?:ville|village|commune|région|province|cercle|département|localité) (?:de|du|des|d['’]))\s+"
                       r"(?:the\s+|la\s+|le\s+|l['’])?|\b(?:from|to|and|et|,)\s+)$", re.I)
_PLACE_AFTER = re.compile(r"\s*(?:,\s*(?:in|near|dans|à|au)\s+(?:the\s+|la\s+|le\s+)?[A-Z]|,\s*(?:a|the|une?|la|le)\s+"
                          r"(?:town|village|city|commune|locality|ville|localité|capital)|\s+(?:camp|region|province|"
                          r"state|district|area|local government area|LGA|department|commune|killings|massacre|"
                          r"prefecture|county|governorate|summit|talks|peace talks|conference|meeting|process|"
                          r"river|lake|valley|border|road|axis|corridor)\b)", re.I)
# An upper-case place opening a dateline: "GOMA, 28 January", "GENEVA (12 May 2023) —", "BAMAKO — …" (only the
# comma, parenthesis or dash after the place is asked for: matching.is_dateline wants the date after it too).
_DATELINE = re.compile(r"[A-ZÀ-Ý][A-ZÀ-Ý' .-]+(?:,|\s*\(|\s+" + DATELINE_DASH + r")")
# What a treaty, a meeting, a report or a building is called, never a body's or a person's name's last word.
TREATY_AND_BUILDING_WORDS = frozenset({
    "agreement", "accord", "accords", "treaty", "charter", "declaration", "resolution", "convention", "protocol",
    "conference", "summit", "initiative", "strategy", "bulletin", "newsletter", "briefing", "hospital", "university",
    "airport", "stadium", "hotel", "mosque", "church", "cathedral", "prison", "barracks", "museum", "palace"})
# (and words that may also be surnames: "Street", "Park", "Field", "Law" end no body's name either)
_NOT_ORG_ENDINGS = TREATY_AND_BUILDING_WORDS | {
    "update", "brief", "digest", "sitrep", "outlook", "summary", "report", "school", "market", "bridge", "road",
    "street", "avenue", "square", "camp", "vol", "journal", "act", "law", "plan", "process", "tower", "towers", "port",
    "terminal", "base", "zone", "corridor", "dam", "field", "park", "reserve", "sanctuary", "forest", "complex", "site"}


# Weapons and equipment named by a model or maker ("a HIMARS rocket system", "TB2 drones", "an MRLS battery")
EQUIPMENT = (r"(?:rocket|missile|launch|air[ -]defen[cs]e)\s+systems?|(?:rocket\s+)?launchers?|missiles?|drones?|"
             r"helicopters?|gunships?|aircraft|jets?|warplanes?|tanks?|rifles?|howitzers?|batter(?:y|ies)|rockets?|"
             r"(?:armou?red\s+)?vehicles?|shells?|munitions?")
_BUILDING_AFTER = re.compile(r"\s+(?:school|schools|hospital|clinic|market|mosque|church|cathedral|chapel|"
                             r"basilica|shrine|temple|monastery|synagogue|airport|prison|compound|"
                             r"building|premises|stadium|university|college|mine|plant|factory|hotel|"
                             + EQUIPMENT + r")\b")


@lru_cache(maxsize=1)
def _role_heads() -> frozenset[str]:
    spec = person_titles()
    heads = {fold_key(r).split()[0] for r in spec["roles"] if " " not in r.strip() and "-" not in r}
    return frozenset(h for h in heads if len(h) > 4) - {"deputy", "coordinator", "director", "premier", "under"}


def place_evidence(text: str, mentions: list[dict], places) -> bool:
    """A name the text uses as a place: after a locative cue ("in Kuriga", "near Tabatol", "la province du Yagha"),
    before a place's type word or apposition ("Kuriga, in Kaduna state", "the Libiri killings"), as a dateline
    ("GOMA, 28 January"), or in a list with places ("from Kaya and Namsiguia")."""
    for m in mentions:
        s, e = m["start"], m["end"]
        line_start = text.rfind("\n", 0, s) + 1
        if s - line_start <= 1 and text[s:e].isupper() and _DATELINE.match(text, s):
            return True
        before = text[max(0, s - 40):s]
        cue = _LOCATIVE.search(before)
        if cue:
            word = cue.group(0).strip().lower()
            if word in ("from", "to", "and", "et", ","):
                # only in a list with a place, or after a motion verb
                prev = re.search(r"([A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+)?)\s*(?:,|and|et)\s*$", before)
                if prev and _overlaps(places, s - len(before) + prev.start(1), s - len(before) + prev.end(1)):
                    return True
                item = r"[A-Z][\w'’-]+(?:\s+(?:du|de|des|el|al|la|le)?\s*[A-Z][\w'’-]+)*"
                chain = re.search(rf"\b(?:in|near|towards?|around|outside|into|between|including|notably|such as|à|"
                                  rf"dans|vers|dont|notamment|comme)\s+(?:the\s+)?{item}(?:\s*,\s*{item})*\s*"
                                  rf"(?:,|,?\s+and|,?\s+et|,?\s+or)\s*$",
                                  text[max(0, s - 120):s])
                if chain:
                    return True       # "towards Ancuabe and Meluco": a list of places after a locative cue
                if word in ("from", "to") and re.search(r"\b(?:fled|flee|flew|moved|returned|travelled|traveled|"
                                                         r"road|roads|route|drove|marched|abducted|kidnapped|"
                                                         r"displaced|withdrew|retreated|headed)\s+(?:\w+\s+)?(?:from|to)\s+$",
                                                         before, re.I):
                    return True
            else:
                return True
        if _PLACE_AFTER.match(text, e):
            return True
    return False


# "Rwanda's Intervention …" reads as a headline; "Darfur Women's Action Group" is a name.
_HEADLINE_POSSESSIVE = re.compile(r"(?<![\w'’])(?!(?:Women|Children|People|Men|Workers|Farmers|Veterans|Mothers|"
                                  r"Traders|Herders|Journalists|Lawyers|Teachers|Students|Youth)['’])\w+['’]s\s+\w")


# A centre that is a site, not a body: a prison, a clinic, a mall, a camp.
_SITE_CENTRES = {(a, b) for a in ("correctional", "detention", "health", "medical", "shopping", "transit", "reception",
                                  "trade", "community", "youth", "remand")
                 for b in ("centre", "center", "facility")}
# A body named for what it serves: "Government of National Accord", "Ministry of Roads", "Office of the Peace
# Agreement" are bodies, however their last word reads.
_BODY_OF = re.compile(r"(?:(?:Transitional|Interim|Provisional|Federal|National)\s+)?(?:Government|Gouvernement|Ministry|"
                      r"Minist[èe]re|Council|Conseil|Office|Bureau|Committee|Comité|Commission|Secretariat|Authority|"
                      r"Directorate|Department|Agency|Front|Movement|Union|Alliance|Coalition)\s+(?:of|for|de|du|des|pour)\s")


def _not_an_organisation(text: str, org: dict, places) -> bool:
    """A place, a treaty, a report's title or a building named like an organisation."""
    name = org["name"]
    if IZAFAT_ORG.search(name):
        return False          # "Jamiat Ulema-e-Islam": a party's or group's name, whatever its last word
    words = fold_key(name).replace("-", " ").split()
    if words and ((words[-1] in _NOT_ORG_ENDINGS and not _BODY_OF.match(name)) or words[0] in ("journal", "vol", "revue")
                  or words[0] in _role_heads() or tuple(words[-2:]) in _SITE_CENTRES):
        return True           # a treaty, a report, "Spokesperson for the Secretary-General", "… Correctional Centre"
    if len(words) > 3 and _HEADLINE_POSSESSIVE.search(name) or any(text.find("?", m["end"], m["end"] + 40) >= 0 and
                                               "\n" not in text[m["end"]:text.find("?", m["end"], m["end"] + 40)]
                                               for m in org["mentions"]) and len(words) > 3:
        return True           # "Rwanda's Intervention End the … Insurgency?": a headline, not a name
    if all(_BUILDING_AFTER.match(text, m["end"]) for m in org["mentions"]):
        return True           # "the Local Education Authority school": a building named after a body
    if (re.search(_ORG_WORDS, name) and len(words) > 1) or _LOWER_HEAD.match("the " + name) or \
            (len(words) > 1 and words[0] == "operation"):
        return False          # ("in Operation Doofu": an operation, wherever it is named)
    return place_evidence(text, org["mentions"], places) or big_city(name)


def _world():
    """The world gazetteer, or None without its packages (then no such evidence)."""
    try:
        from watchfloor.geo.gazetteer import world_gazetteer
        return world_gazetteer()
    except Exception:
        return None


def _names_an_area(name: str, *, town: bool = False) -> bool:
    """Whether `name` is a first-level area in the world gazetteer ("Chhattisgarh", "Oromia"), or with `town` also a
    city of 100,000 people or more ("Gaza")."""
    world = _world()
    return world is not None and (bool(world.admin_lookup(name)) or (town and big_city(name)))


def big_city(name: str) -> bool:
    """A city of 100,000 people or more in the world gazetteer ("Geneva", "Cúcuta"): a place, not an organisation."""
    world = _world()
    if world is None:
        return False
    return any(world.population[i] >= 100_000 and world.kinds[i] == "town" for i in world.lookup(name))
