"""People as actors (type 'person', `known: false`) with the `role` and `org` their title gives.

"junta leader Colonel Assimi Goïta" → role 'junta leader', org the state the junta rules; "EU foreign policy chief
Josep Borrell" → role 'foreign policy chief', org European Union; "Mohamed Bazoum, Niger's president," → role
'president', org Niger. Names come after a title (rules: watchfloor/data/person_titles.yaml) or from the
statistical model's PERSON/PER entities. A later "Goïta" or "Mr Goïta" is the same person as "Assimi Goïta".
"""
from __future__ import annotations

import bisect
import re
from functools import lru_cache


from watchfloor.read.actors import QUALIFIER_WORDS, ActorIndex, is_nationality, _overlaps, _shouting, _Spans, display_name, drop_mentions
from watchfloor.read import knowledge
from watchfloor.read.knowledge import communities, person_titles, slug, state_rows
from watchfloor.read.matching import (ARABIC_ARTICLE, CALENDAR_WORDS, Scouted, WordAnchored, _trie_regex, finditer_name,
                                      first_word, fold, fold_key)
from watchfloor.read.organisations import (EQUIPMENT, IZAFAT_ORG, TREATY_AND_BUILDING_WORDS, _BUILDING_AFTER, apposed_org, in_label, is_junk, looks_like_a_place, place_evidence,
                                          names_an_operation, place_word_after, starts_with_a_kind)
from watchfloor.read.places import PLACE_BEFORE, title_case_line

_PARTICLE = (r"(?:ag|al|el|ould|bin|ben|ibn|de|da|di|van|von|der|den|del|dela|della|ter|dos|das|do|du|abu|abd|wa|le|la|bint|"
             r"ul|ur|ud|uddin|"      # Urdu and Arabic joins: "Hamid ul Haq", "Inam ur Rehman", "Naseer ud Din"
             r"Ag|Al|El|Ould|Bin|Ben|Ibn|Abu|Abd|Abdel)")
_NAME_WORD = r"[A-ZÀ-ÖØ-Þ][\w'’.-]*[\w]"
# Particles that only ever join two names (never an article): "Ould", "bin", "Ag"
JOINING_PARTICLE = r"(?:[Oo]uld|[Bb]in|[Ii]bn|[Bb]int|[Aa]g)"
# (only particles that are no article: "Selon le colonel Moussa Diarra" has a title after "le")
_NAME_OVER_PARTICLE = re.compile(rf"(?<![\w-])(?:{_NAME_WORD}[ \t]+)?{_NAME_WORD}[ \t]+{JOINING_PARTICLE}[ \t]+"
                                 rf"(?:{_NAME_WORD}[ \t]+)?$")
_INITIAL = r"(?!M\.)[A-Z]\."       # a given name's initial ("N. Biren Singh"); "M." is French "Monsieur"
NAME = rf"(?:{_INITIAL}[ \t])?{_NAME_WORD}(?:[ -](?:{_PARTICLE}[ -]|{ARABIC_ARTICLE}){{0,2}}{_NAME_WORD}){{0,4}}"   # "Ursula von der Leyen",
#                                                                                             "N. Biren Singh"
_INITIAL_BEFORE = re.compile(rf"(?<=[ \t]){_INITIAL}[ \t]$")     # (after a word)
_AN_INITIAL = re.compile(_INITIAL)
# Words that end a name: an organisation or a place word after a title is no person ("General Assembly").
_NOT_NAME_WORDS = {"assembly", "council", "staff", "secretariat", "command", "office", "ministry", "government",
                   "affairs", "forces", "army", "committee", "commission", "court", "headquarters", "directorate",
                   "department", "service", "services", "security", "defence", "defense", "state", "states", "union",
                   "nations", "republic", "region", "province", "district", "city", "town", "village", "camp",
                   "guard", "police", "intelligence", "operations", "mission", "party", "movement", "front"} | \
    TREATY_AND_BUILDING_WORDS      # "the Peace Agreement said", "the Cheikh Anta Diop University"

_NAMED_BUILDING_AFTER = re.compile(r"['’]s" + _BUILDING_AFTER.pattern, re.I)       # "'s Cathedral" (the building's name)
_EQUIPMENT_END = re.compile(r"\s(?:" + EQUIPMENT + r")$", re.I)


@lru_cache(maxsize=1)
def _titles() -> tuple[re.Pattern, re.Pattern, frozenset[str]]:
    spec = person_titles()
    words = set(spec["ranks"]) | set(spec["roles"])
    words |= {w[:1].upper() + w[1:] for w in words}          # a role opening a sentence ("Junta leader …")
    alt = _trie_regex(words, space=r"\s+")       # a trie: the role words are not each tried at every position
    dem = "|".join(re.escape(d) for d in _french_demonyms())
    run = rf"(?:(?:{alt})(?:\s+(?:{dem}))?(?:\s+|\s*,\s*(?=[A-Z])))"     # "président rwandais Paul Kagame"
    titled = re.compile(rf"(?<![\w-])(?P<title>{run}{{1,4}})(?P<name>{NAME})")
    before = re.compile(rf"(?<![\w-])(?P<title>{run}{{1,4}})$")
    return titled, before, frozenset(fold_key(r) for r in spec["ranks"])


@lru_cache(maxsize=1)
def _plural_titles() -> re.Pattern:
    """"Presidents A and B", "Foreign Ministers A and B", "Generals A et B": a title in the plural before two names."""
    spec = person_titles()
    plural = {_PLURAL.sub(r"\1s", w) for w in set(spec["ranks"]) | set(spec["roles"]) if _PLURAL.search(w)}
    plural |= {w[:1].upper() + w[1:] for w in plural}
    alt = _trie_regex(plural, space=r"\s+")
    return re.compile(rf"(?<![\w-])(?P<title>{alt})\s+(?P<name>{NAME})\s+(?:and|et)\s+(?P<name2>{NAME})")


_PLURAL = re.compile(r"([A-Za-zé](?:[a-zé]+))$")      # a title whose last word takes an -s: "Presidents", "Ministers"


def _singular(title: str) -> str:
    return title[:-1] if title.endswith("s") else title


# A sentence's first word that no name opens with: "Au Tchad, des affrontements …" is no person.
_FUNCTION_WORD_OPENERS = frozenset("Au Aux À A En Dans Le La Les Du Des De Sur Pour Par Selon Depuis Vers Chez "
                                   "In At On From To Into With Within Across Near After Before During".split())
# The head nouns of organisations' names that both lists below hold, French then English.
_FRENCH_ORG_HEADS = r"Association|Collectif|Coordination|Comité|Conseil|Mouvement|Groupe"
_ENGLISH_ORG_HEADS = (r"Council|Committee|Movement|Front|Union|Coalition|Alliance|Brigade|Army|Forces?|Party|"
                      r"Commission|Agency|Ministry|Office|Department|Directorate|Network|Institute|Centre|Center")
_ORG_HEAD = re.compile(r"(?:" + _FRENCH_ORG_HEADS + r"|Rassemblement|"
                      r"Regroupement|Fédération|Ligue|Observatoire|Syndicat|Plateforme|Réseau|Organisation|"
                      + _ENGLISH_ORG_HEADS + r")\b")
_ORG_WORDS_ANY = re.compile(r"\b(?:" + _FRENCH_ORG_HEADS + "|" + _ENGLISH_ORG_HEADS + r"|Group|Watch|"
                            r"International|Nations|Organi[sz]ation|Foundation|Fund|Bank|Programme|Program|Court|"
                            r"Police|Guard|Corps|Command|Mission|Observatory|Monitor|Project|Service|Services)\b")
# Verbs a headline capitalises right after a name ("Kenyatta Says All Attackers Killed"): no surname is one.
_HEADLINE_VERBS = frozenset("says said warns warned tells told vows vowed urges urged calls denies denied confirms "
                            "confirmed announces announced accuses accused claims claimed rejects rejected "
                            "visits visited meets met sacks fires appoints names orders ordered".split())
# Titles that are also part of names, after a given name ("Hassan Sheikh Mohamud", "Ahmed Cheikh Sidia").
_NAME_TITLES = frozenset({"sheikh", "cheikh", "shaikh", "shaykh", "sheik"})
_GIVEN_BEFORE = re.compile(rf"(?<![\w'’.-])({_NAME_WORD})[ \t]+$")
# A place or body named after a person: the name and a capitalised noun of a building or an institution.
_NAMED_FOR = re.compile(r"[ \t]+(?:(?:Teaching|General|Specialist|Referral|International|Military|Memorial|Central|"
                        r"National|Regional)[ \t]+)?(?:University|Hospital|Airport|Stadium|Mosque|Church|Cathedral|"
                        r"Prison|Market|College|School|Hotel|Barracks|Camp|Bridge|Avenue|Boulevard|Street|Road|Square|"
                        r"Foundation|Institute|Library|Museum|Hall)\b|"
                        # a ship named after one: "the Dwight D. Eisenhower carrier strike group"
                        r"[ \t]+(?:(?:aircraft|supply|cargo)[ \t]+)?(?:carrier|strike[ \t]+group|battle[ \t]+group|"
                        r"destroyer|frigate|warship|vessel|ship|tanker)\b")
# An honorific before a name is no part of it: "Son Excellence Félix Tshisekedi", "His Excellency Ahmed Ali".
_NAME_CONNECTORS = frozenset("du de des la le les of the d' l' al el bin ben ibn ould ag van von".split())
_HONORIFIC = re.compile(r"(?:(?:Son|Sa|His|Her)[ \t]+(?:Excellence|Excellency|Majesté|Majesty|Altesse|Highness|"
                        r"Eminence|Éminence)|H\.[ \t]?E\.|S\.[ \t]?E\.)[ \t]+(?=[A-ZÀ-Ý])")


@lru_cache(maxsize=1)
def _french_demonyms() -> list[str]:
    """Lower-case (French) demonyms of states.csv: they follow a title ("le président rwandais")."""
    out = {d for r in state_rows() for d in r["demonyms"].split("|") if d[:1].islower()}
    return sorted(out, key=len, reverse=True) or ["(?!x)x"]


# A French adjective after a body's name: "l'Union africaine", "des Nations unies", "l'Assemblée nationale"
_FR_ADJ = r"\s+[a-zà-ÿ]+(?:aines?|ains?|iennes?|iens?|ales?|aux|iques?|aises?|ées?|unies|unis)(?![\w'’-])"


@lru_cache(maxsize=1)
def _rules_people() -> tuple[Scouted, Scouted, WordAnchored]:
    """Without a title: "Name Name, a spokesman for …" (an apposition with a role) and "Name Name said"."""
    spec = person_titles()
    alt = _trie_regex({r for r in spec["roles"] if r[:1].islower()}, space=r"\s+")
    word = r"[A-ZÀ-ÖØ-Þ][\w'’.-]*[\w]"
    name = rf"{word}(?:[ -](?:{_PARTICLE}[ -]|{ARABIC_ARTICLE}){{0,2}}{word}){{1,3}}"
    appos = re.compile(rf"(?<![\w-])(?P<name>{name})\s*,\s*(?:a|an|the|le|la|l['’]|un|une)\s+(?:[\w'’-]+\s+){{0,3}}?"
                       rf"(?P<role>{alt})\b")
    said = re.compile(rf"(?<![\w-])(?P<name>{name})\s+(?:said|told|says|added|stated|declared|announced|warned|"
                      rf"insisted|explained|wrote|a déclaré|a affirmé|a annoncé|a indiqué|a dit|a assuré)\b")
    # "the Minister of Communication, René Emmanuel Sadi, said": a role, then the name between commas
    # "the Minister of …", "the governor of …", "the UN Humanitarian Coordinator for …" (a lower-case role capitalised)
    roles = _trie_regex(set(spec["roles"]) | {" ".join(w[:1].upper() + w[1:] for w in r.split()) for r in spec["roles"]},
                        space=r"\s+")
    role_first = re.compile(rf"\b(?:(?:the|The|le|Le|la|La|an?|An?|une?|Une?|its|his|her|their|sa|son|leur|Its|His|Her|"
                            rf"Their|Sa|Son|Leur)\s+|[Ll]['’]\s*)"     # ("a Macawisley commander in …", "sa représentante")
                            rf"(?:(?:former|then|current|new|acting|interim|outgoing|late|ex-|ancien|ancienne|nouveau|"
                            rf"nouvelle|actuel|actuelle)\s*)?"             # ("the former governor of Aden, X,")
                            rf"(?:[A-Z][A-Za-z.]{{1,5}}\s+|[A-Z][\w.-]{{1,24}}['’]s\s+|[A-Z][a-zà-ÿ-]{{5,24}}\s+)?"
                            rf"(?P<lead_role>{roles})"    # ("the Secretary-General's Special …", "a Macawisley commander")
                            rf"(?:\s+(?:of|for|to|in|on|at|de|du|des|de\s+la|pour|auprès\s+de|au|aux|en|à)\s+"
                            rf"(?:the\s+|la\s+|le\s+|les\s+|l['’]\s*)?"
                            rf"(?:(?:région|province|préfecture|commune|cercle|département|wilaya|region|state|district)"
                            rf"\s+(?:de\s+l['’]\s*|de\s+|du\s+|d['’]\s*|of\s+)?)?"   # "le gouverneur de la région de Tillabéri, X"
                            rf"[A-ZÀ-Ý][\w'’-]+(?:\s+(?:and\s+|et\s+)?[A-ZÀ-Ý][\w'’-]+|{_FR_ADJ}){{0,3}}"
                            # or a body of lower-case words that names a capitalised one: "the head of the UN mission
                            # in South Sudan, X", "le procureur du Faso près le tribunal de grande instance de Y, X"
                            rf"|\s+(?:of|for|in|on|to|at|de|du|des|de\s+la|sur|près|auprès\s+de)\s+(?:[\w'’-]+\s+){{0,7}}?"
                            rf"[A-ZÀ-Ý][\w'’-]+(?:\s+[A-ZÀ-Ý][\w'’-]+){{0,2}}"
                            rf"(?:\s+(?:region|province|state|district|county|department|prefecture|governorate))?){{0,2}}"
                            rf"\s*,\s*"
                            rf"(?P<name>{name})\s*(?=[,;.]|\s+(?:said|says|told|who|has|had|was|is|a|avait|est|qui)\b)")
    # (the first two scanned for by their pattern less the leading assertion, which re cannot skip ahead with; the
    # third, which opens with any article, from its role's first word, at most two words after its start: same matches)
    return Scouted(appos, r"(?<![\w-])"), Scouted(said, r"(?<![\w-])"), \
        WordAnchored(role_first, {first_word(fold(r)) for r in spec["roles"]}, r"\b[tTlLaAuUiIhHsS]", words=2)


# A capitalised word and "of" right before two capitalised words: they end a body's name ("Government of National
# Unity", "Office of Civil Protection"), no person's
_INSIDE_A_BODYS_NAME = re.compile(r"\b(?:Government|Gouvernement|Ministry|Minist[èe]re|Office|Council|Conseil|Committee|"
                                  r"Comité|Commission|Bureau|Department|Agency|Agence|Authority|Directorate|Direction|"
                                  r"Secretariat|Movement|Mouvement|Front|Union|Alliance|Coalition|Party|Parti|Army|Armée|"
                                  r"Forces|Court|Cour|Assembly|Assemblée|Federation|League|Institute|Bank|Coordination|"
                                  r"Rassemblement|Congress|Congrès)[ \t]+(?:of|for|de|du|des|pour)[ \t]+"
                                  r"(?:the[ \t]+|la[ \t]+|l['’])?$")


# "Kaduna-based Northwest": a qualifier ("X-based", "X-backed") is never part of a person's name
_QUALIFIED = re.compile(rf"-(?:{QUALIFIER_WORDS})\b")
_APPOSITION = re.compile(r"\s*,\s*(?:the|a|an|who is|who was)?\s*(?P<body>[^,;:.()\n]{2,70}?)\s*(?:[,;:.)]|$)")


def find_people(text: str, keep, index: ActorIndex, actor_mentions: list[tuple[int, int, str]],
                place_spans: list[tuple[int, int]], entities: list[tuple[int, int, str]] = (),
                not_actors: set[str] = frozenset(), folded: str | None = None) -> list[dict]:
    """People as actors {name, type: 'person', id, known: false, role, org, mentions}. `actor_mentions` are the
    known actors' (start, end, actor id); `entities` the model's (start, end, label); `not_actors` folded names
    that are no actors here (the report's own authors); `folded`: `fold(text)`, when the caller has it."""
    titled, title_before, ranks = _titles()
    taken = _Spans([(s, e) for s, e, _ in actor_mentions])
    places = _Spans(place_spans)
    place_names = {fold_key(text[a:b]) for a, b in place_spans}
    place_names |= {w for name in list(place_names) for w in name.split() if len(w) >= 3}
    keep_text = lambda s, e: keep(s) and not is_furniture(text, s, e) and fold_key(text[s:e]) not in not_actors \
        and not names_a_state(text[s:e], index)
    people: list[dict] = []
    spans: list[tuple[int, int, str | None]] = []      # (name start, name end, title text)
    titled_at: dict[int, int] = {}                       # name start -> where its mention starts, with the title
    for m in titled.finditer(text):
        over = _NAME_OVER_PARTICLE.search(text, max(0, m.start() - 60), m.start())
        if over:
            # "Ismail Ould Cheikh Ahmed": after a name's particle, a title word is part of the name
            s, e = _trim_name(text, over.start(), m.end("name"))
            if s < e and keep_text(s, e) and not _overlaps(taken, s, e) and not _shouting(text, s, e):
                spans.append((s, e, None))
            continue
        given = _GIVEN_BEFORE.search(text, max(0, m.start() - 40), m.start()) \
            if fold_key(m.group("title")) in _NAME_TITLES else None
        if given and given.group(1) not in _FUNCTION_WORD_OPENERS and not titled.match(text, given.start(1)) and \
                not is_junk(given.group(1)) and fold_key(given.group(1)) not in CALENDAR_WORDS and \
                not is_nationality(index, given.group(1)):
            # "Hassan Sheikh Mohamud": after a given name, "Sheikh" is part of the name, no title
            s, e = _trim_name(text, given.start(1), m.end("name"))
            if s < e and keep_text(s, e) and not _overlaps(taken, s, e) and not _shouting(text, s, e):
                spans.append((s, e, None))
            continue
        s, e = _trim_name(text, m.start("name"), m.end("name"))
        if s < e and keep_text(s, e) and not _overlaps(taken, s, e) and not _shouting(text, s, e) \
                and not place_word_after(text, e):
            spans.append((s, e, m.group("title")))
            if s == m.start("name"):
                titled_at[s] = _title_start(text, m.start("title"), s, taken)
    plural = []
    for m in _plural_titles().finditer(text):
        plural.append((m.start(), m.end()))
        # "Presidents Recep Tayyip Erdoğan and Vladimir Putin": one title for the two names after it
        title = _singular(m.group("title"))
        for group in ("name", "name2"):
            s, e = _trim_name(text, m.start(group), m.end(group))
            if s < e and keep_text(s, e) and not _overlaps(taken, s, e) and not _shouting(text, s, e):
                spans.append((s, e, title))
    appos, said, role_first = _rules_people()
    for found in (appos.finditer(text), said.finditer(text),
                  role_first.finditer(text, fold(text) if folded is None else folded)):
        for m in found:
            if _ORG_WORDS_ANY.search(m.group("name")):
                continue          # "the Volta Basin Research Council said": a body, however its name is trimmed
            s, e = _strip_title(text, m.start("name"), m.end("name"), title_before)
            s, e = _trim_name(text, s, e)
            if title_before.search(text, max(0, s - 80), s):
                continue          # a titled name: found with its title above
            if m.groupdict().get("lead_role") is None and _INSIDE_A_BODYS_NAME.search(text, max(0, s - 40), s):
                continue          # "the Government of National Unity said": the end of a body's name
            name = text[s:e]
            if s >= e or len(name.split()) < 2 or not keep_text(s, e) or _overlaps(taken, s, e) or \
                    _overlaps(places, s, e) or _shouting(text, s, e) or _ORG_WORDS_ANY.search(name) or \
                    place_word_after(text, e) or \
                    name.split()[0] in ("The", "A", "An", "In", "On", "But", "And", "Le", "La", "Les", "Un", "Une"):
                continue
            # "the governor of Maradi, X Y,": the role before the name is the person's title (so "Maradi, X Y"
            # is no list of places)
            spans.append((s, e, m.groupdict().get("lead_role")))
    for s, e, label in entities:
        if label not in ("PERSON", "PER"):
            continue
        if "\n" in text[s:e]:
            e = s + text[s:e].index("\n")            # "Filippo Grandi\nGeneva": a name ends with its line
        s, e = _strip_title(text, s, e, title_before)
        s, e = _trim_name(text, s, e)
        if s < e:
            s = _given_names_before(text, s, title_before)
            over = _NAME_OVER_PARTICLE.search(text, max(0, s - 60), s)
            if over:
                s = over.start()     # "Ismail Ould Cheikh Ahmed": the title word after a particle is in the name
        initial = _INITIAL_BEFORE.search(text, max(0, s - 3), s)
        if initial:
            s = initial.start()   # "N. Biren Singh": the given name's initial is part of the name
        lead = re.match(r"([A-Z][\w'’-]+)[ \t]+(?=[A-Z][\w'’-]+[ \t]+[A-Z])", text[s:e])
        if lead and is_nationality(index, lead.group(1)):
            s += lead.end()       # "the Algerian Mokhtar Belmokhtar": the nationality is no part of the name
        if s >= e or not keep_text(s, e) or _overlaps(taken, s, e) or _shouting(text, s, e) or \
                any(a < e and s < b for a, b in plural):
            continue          # (a name after a plural title is found with it: "Foreign Ministers A and B")
        tm = title_before.search(text, max(0, s - 80), s)
        single = len(text[s:e].split()) == 1
        if not tm and ((single and (_overlaps(places, s, e) or fold_key(text[s:e]) in place_names))
                       or fold_key(text[s:e]) in place_names or PLACE_BEFORE.search(text, max(0, s - 30), s)):
            continue          # a town the model took for a person ("seized Rubaya", "in Mocímboa da Praia",
            #                   "Fada N'Gourma" where the document names the town)
        if (not tm and looks_like_a_place(text, s, e)) or place_word_after(text, e):
            continue          # "bombs dropped on Haret Hreik", "the Sheikh Maqsoud neighbourhood"
        if in_label(text, s, e) or names_an_operation(text, s, e):
            continue          # "BOTTOM LINE:": a heading's label; "Operation Linda Boni": an operation
        spans.append((s, e, tm.group("title") if tm else None))
    spans.sort(key=lambda x: (x[0], -x[1], x[2] is None))   # the longer name first where two start together, and a
    #                                                             titled one before the same name without its title
    for s, e, title in spans:
        honorific = _HONORIFIC.match(text, s, e)
        if honorific:
            s = honorific.end()
        if any(a < e and s < b for p in people for m in p["mentions"] for a, b in [(m["start"], m["end"])]):
            continue
        name = " ".join(text[s:e].split())
        if name.split()[-1] in _NAME_CONNECTORS:
            continue          # "Voix du" of "Voix du Sahel": a name cut before its last word is none
        if not name[:1].isupper() or is_junk(name) or _ORG_HEAD.match(name) or starts_with_a_kind(name) or \
                IZAFAT_ORG.search(name) or \
                name.split()[0] in _FUNCTION_WORD_OPENERS or \
                _QUALIFIED.search(name) or re.match(r"\s*\(\s*[A-Z][A-Za-z0-9-]{1,11}\s*\)", text[e:e + 16]):
            continue          # "Collectif des pêcheurs…", "Ahlu Sunnah Wal Jamaa (ASWJ)": an organisation's name
        if not title and (is_nationality(index, name.split()[0]) or _BUILDING_AFTER.match(text, e)
                          or _INSTITUTION_BEFORE.search(text, max(0, s - 25), s)):
            continue          # "Russian Blunder" in a headline, "the Azalai hotel", "Université Joseph Ki-Zerbo"
        at = e - 2 if text[e - 2:e] in ("'s", "’s") else e
        if _NAMED_BUILDING_AFTER.match(text, at):
            continue          # "St Luke's Cathedral", "Saint Joseph's Hospital": a building named for a saint
        if _EQUIPMENT_END.search(name):
            continue          # "TB2 drones", "Bayraktar TB2 drones": equipment, no person
        if text.count(name) == 1 and title_case_line(text, s):
            continue          # "Secretary-General Deeply Alarmed by Missile Attack on …": a headline capitalises
            #                   every word; a name found only there is no evidence of a person
        if not title and any(fold_key(w) in communities() for w in name.split()):
            continue          # "mostly Lou Nuer with Dinka Bor fighters": a community's section, no person
        if _NAMED_FOR.match(text, e):
            continue          # "the Cheikh Anta Diop University", "General Murtala Mohammed Hospital": named after
            #                   a person, however titled
        if fold_key(name).rstrip(".") in {r.split()[0].rstrip(".") for r in ranks}:
            continue          # "Brig" of "Brig. Gen. …": a rank the model took for a name
        person = _same_person(people, name)
        t0 = titled_at.get(s, s)
        mention = {"text": text[t0:e], "start": t0, "end": e}       # "President Roch Kaboré", "Colonel Assimi Goïta"
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
    # a person's surname again is the person, also where a gazetteer holds a place of that name, unless a word of
    # place comes before it ("between Frelimo and Mondlane"; "in Mondlane" is the place)
    _later_mentions(text, lambda a, b: keep_text(a, b) and (not _overlaps(places, a, b) or not
                                                            PLACE_BEFORE.search(text, max(0, a - 30), a)), people, taken)
    _aliases(text, people, taken)
    return [p for p in people if p["role"] or (_named_in_full(p) and not place_evidence(text, p["mentions"], places))]


def _named_in_full(person: dict) -> bool:
    """Whether a person without a role is named by two words or more somewhere (a given name and a surname, or a
    title and a name). One capitalised word the model took for a name, and nothing else, is far more often a town,
    a clan, a ship or a thing ("since the Kankara abduction", "Dhulbahante elders", "the Galaxy Leader") than a
    person: reports introduce people in full."""
    return any(len(m["text"].split()) > 1 for m in person["mentions"])


@lru_cache(maxsize=1)
def _office_words() -> frozenset[str]:
    """Folded words that name an office rather than a body: 'secretary-general', 'commissioner', 'envoy' …"""
    spec = person_titles()
    words = {w for r in spec["roles"] for w in fold_key(r).split() if len(w) > 4}
    return frozenset(words - {"state", "staff", "defense", "defence", "human", "rights", "refugees", "general"})


# The head nouns of offices that no place is named for (folded): a name holding one is a title.
_OFFICE_HEADS = frozenset(
    "secretary secretaire secretary-general secretaire-general commissioner commissaire haut-commissaire "
    "haute-commissaire high-commissioner envoy envoye envoyee coordinator coordonnateur coordinatrice rapporteur "
    "rapporteuse spokesman spokeswoman spokesperson porte-parole minister ministre ambassador ambassadeur "
    "ambassadrice representative representant representante chairperson chairman mediator mediateur "
    "mediatrice undersecretary under-secretary".split())


def holds_an_office(name: str) -> bool:
    """Whether a name holds an office's head noun ("Secrétaire général de l'ONU", "Special Envoy"): a title, no
    place."""
    words = fold_key(name).split()
    return not _OFFICE_HEADS.isdisjoint(words + [p for w in words if "-" in w for p in w.split("-")])


def office_titles(text: str, found: dict, people: list[dict]) -> bool:
    """Drop from `found` (actor id -> mentions) the mentions that are a named person's title: "UN Secretary-General
    António Guterres", "the United Nations Special Coordinator for Lebanon, Joanna Wronecka", "UN envoy Martin
    Griffiths" are the person, with the United Nations as their organisation, not a mention of the UN. A body right
    before the person's own title becomes part of the person's mention ("UN envoy Martin Griffiths"). Whether anything
    was dropped."""
    mentions = sorted(((m["start"], id(m)), m, not fold_key(m["text"]).startswith(fold_key(p["name"]).split()[0]))
                      for p in people for m in p["mentions"])
    starts = [k for k, _, _ in mentions]
    words = _office_words()

    def a_title(m: dict) -> bool:
        k = bisect.bisect_left(starts, (m["end"],))
        if k == len(starts):
            return False
        _, person_mention, titled = mentions[k]
        gap = text[m["end"]:person_mention["start"]]
        if "\n" in gap:
            return False
        if re.fullmatch(r"\s*,?\s*", gap) and words & set(fold_key(m["text"]).split()):
            return True       # the office in the mention itself ("UN Secretary-General", then the name)
        if titled and _BODY_BEFORE_TITLE.fullmatch(gap) and _A_BODYS_NAME.fullmatch(m["text"]):
            # a body's name right before the person's own title ("UN" before "envoy Martin Griffiths", "the UN
            # refugee chief Filippo Grandi"); not a state's force or office in words ("Somali police chief X",
            # "Junta leader Colonel X": the police and the junta act too)
            person_mention["text"] = text[m["start"]:person_mention["end"]]
            person_mention["start"] = m["start"]
            return True
        if _an_office_between(gap, words):
            return True       # "the UN Humanitarian Coordinator for Yemen, Jane Roe": the body's office, then the name
        before = _OFFICE_OF_BEFORE.search(text, max(0, m["start"] - 60), m["start"])
        return bool(before and words & set(fold_key(before.group("office")).split()) and _FIELD_TAIL.fullmatch(gap))
        #        "le secrétaire général de l'ONU, Jean Dupont", "la haute-commissaire des Nations unies aux droits de
        #        l'homme, Jeanne Roe": the office of the body, then the name
    return drop_mentions(found, a_title)


_TITLE_LINKS = frozenset("and for of on in to the et pour de des du la le les aux au".split())


def _an_office_between(gap: str, office_words: frozenset[str]) -> bool:
    """Whether `gap`, between a body's name and a person's, is one of the body's offices and a comma: capitalised
    words, office words and links ("Resident and Humanitarian Coordinator for Chad, "), one office word at least."""
    body = gap.strip()
    if not body.endswith(",") or len(body) > 90:
        return False
    words = body[:-1].split()
    folded = [fold_key(w) for w in words]
    return bool(words) and any(w in office_words for w in folded) and all(
        w[:1].isupper() or f in office_words or f in _TITLE_LINKS for w, f in zip(words, folded))


# An office named before its body, as French writes it ("le secrétaire général de l'ONU"; "the Secretary-General of
# the United Nations"), then at most a few words of its field ("aux droits de l'homme") and a comma before the name.
_OFFICE_OF_BEFORE = re.compile(r"(?i)(?P<office>(?:[\w'’-]+[ \t]+){0,2}[\w'’-]+)[ \t]+"
                               r"(?:de[ \t]+l['’][ \t]*|du[ \t]+|des[ \t]+|de[ \t]+la[ \t]+|de[ \t]+|of[ \t]+the[ \t]+)$")
_FIELD_TAIL = re.compile(r"(?:[ \t]+(?:aux?|pour|for|on|de|des|du|la|le|les|en|l['’]?)?[ \t]*[\w'’-]+){0,4}[ \t]*,[ \t]*")


# A body's name: an abbreviation ("UN", "AU", "ECOWAS") or capitalised words ("United Nations", "European Union").
_A_BODYS_NAME = re.compile(r"[A-Z][A-Z.&-]+|[A-Z][\w'’-]*(?:[ \t]+(?:of[ \t]+(?:the[ \t]+)?)?[A-Z][\w'’-]*)+")
# Between a body's name and a person's title: spaces, and at most two lower-case words of the title ("UN refugee
# chief X"), never a word that links two things ("the government of President X").
_BODY_BEFORE_TITLE = re.compile(r"[ \t]+(?:(?!(?:of|and|or|by|to|for|with|in|on|at|from|the|a|an|de|du|des|la|le|les|"
                                r"et|à|au|aux)[ \t])[A-Za-z]+[ \t]+){0,2}")


def _title_start(text: str, t0: int, s: int, taken: _Spans) -> int:
    """Where a titled person's mention starts: the title run right before the name from its first capitalised word
    ("junta leader Colonel Assimi Goïta" -> "Colonel Assimi Goïta", "Interior Minister X"), the whole run where all
    of it is lower case ("le président Faure Gnassingbé" -> "président Faure Gnassingbé"); never over another
    actor's mention ("UN Secretary-General X") nor across a comma or a line."""
    run = text[t0:s]
    if "," in run or "\n" in run:
        return s
    words = [(m.start() + t0, m.group()) for m in re.finditer(r"\S+", run)]
    while words and _overlaps(taken, words[0][0], words[0][0] + len(words[0][1])):
        words.pop(0)
    capital = [k for k, (_, w) in enumerate(words) if w[:1].isupper()]
    if capital:
        words = words[capital[0]:]
    return words[0][0] if words else s


# "Oumar Sylla, known as Foniké Menguè,", "Abu Bakr, alias Tinka", "Hamadoun Koufa, dit Amadou": another name.
_ALIAS_AFTER = re.compile(r",?\s+(?:also\s+)?(?:known\s+as|better\s+known\s+as|alias|a\.k\.a\.?|aka|nicknamed|dit|"
                          r"surnommé|alias)\s+[\"“«]?\s*((?:[A-ZÀ-Ý][\w'’-]+)(?:\s+[A-ZÀ-Ý][\w'’-]+){0,3})")


def _aliases(text: str, people: list[dict], taken: _Spans) -> None:
    """A name given right after a person's as the name they go by is a mention of that person."""
    for person in list(people):
        for m in list(person["mentions"]):
            alias = _ALIAS_AFTER.match(text, m["end"])
            if not alias or any(x["start"] == alias.start(1) for x in person["mentions"]):
                continue
            a, b = alias.start(1), alias.end(1)
            for other in [p for p in people if p is not person]:
                if any(a <= x["start"] and x["end"] <= b for x in other["mentions"]):
                    people.remove(other)          # "better known as Chief Kobo": the title rule's own person
                    person["mentions"] += [x for x in other["mentions"] if not (a <= x["start"] and x["end"] <= b)]
            if not _overlaps(taken, a, b) or not any(x["start"] < b and a < x["end"] for p in people for x in p["mentions"]):
                person["mentions"].append({"text": alias.group(1), "start": a, "end": b})
                taken.append((a, b))


# (the label, then a colon or the name: "By Jane Doe", "Sources: …"; "Analysts at the X said …" is a sentence)
_LABEL_LINE = re.compile(r"^\s*[*_#>•-]*\s*(?i:by|par|author|authors|auteur|auteurs|written by|edited by|editor|editors|analyst|"
                         r"analysts|prepared by|contact|source|sources|photo|credit|published by)\b[*_]*"
                         r"(?:\s*[:|—–]|\s+[*_]*[A-ZÀ-Ý])")


def is_furniture(text: str, s: int, e: int) -> bool:
    """A byline, a label or a heading: 'By A and B | Institute', 'Bottom Line Up Front (BLUF):', a short
    capitalised line with no sentence in it."""
    line_start = text.rfind("\n", 0, s) + 1
    line_end = text.find("\n", e)
    line = text[line_start:line_end if line_end >= 0 else len(text)]
    if _LABEL_LINE.match(line):
        return True
    if s - line_start <= 3 and re.match(r"[^.!?\n]{0,30}:", text[e:e + 31]):
        return True            # "Bottom Line Up Front (BLUF): …", "Event: …"
    words = line.split()
    if len(words) <= 8 and not re.search(r"[.!?;,]\s*$", line.strip()) and \
            sum(w[:1].isupper() or not w[:1].isalpha() for w in words) >= len(words) - 1:
        return True            # a heading ("Sahel Weekly Security Update")
    return "|" in line or "·" in line


# A person's name that names a place or an institution: "Université Joseph Ki-Zerbo", "Avenue Kwame Nkrumah".
_INSTITUTION_BEFORE = re.compile(r"\b(?:Université|université|University|Universidade|Hôpital|Hospital|Lycée|École|College|"
                                 r"Stade|Stadium|Fondation|Foundation|Institut|Institute|Avenue|Rue|Boulevard|Place|"
                                 r"Aéroport|Airport|Camp|Caserne|Barracks|Bridge|Pont|Mosquée|Mosque)\s+$")


def names_a_state(name: str, index: ActorIndex) -> bool:
    """A demonym, a state's name or a capital on its own ("Nigerien", "Niger") is no person or organisation."""
    key = fold_key(name)
    return any(how in ("demonym", "state", "capital", "seat") for _, how, _ in index.matcher.payloads.get(key, ()))


def _later_mentions(text: str, keep, people: list[dict], taken: _Spans) -> None:
    """Each person's full name and surname wherever else the text uses them ("Goïta said…")."""
    held = _Spans([(m["start"], m["end"]) for p in people for m in p["mentions"]])
    for p in people:
        forms = {p["name"]}
        words = p["name"].split()
        if len(words) > 1 and len(words[-1]) >= 4:
            forms.add(words[-1])
        for form in sorted(forms, key=len, reverse=True):
            for m in finditer_name(form, text):
                if keep(m.start(), m.end()) and not _overlaps(held, m.start(), m.end()) and \
                        not _overlaps(taken, m.start(), m.end()):
                    p["mentions"].append({"text": m.group(0), "start": m.start(), "end": m.end()})
                    held.append((m.start(), m.end()))
        p["mentions"].sort(key=lambda x: x["start"])


_GIVEN_NAME_MONTHS = frozenset({"jan", "may", "june", "april", "august",
                                "christian", "islam"})      # (and faith words that are given names: "Islam Karimov")


_NEXT_WORD = re.compile(r"[ \t]+([\w'’-]+)")


def _trim_name(text: str, s: int, e: int) -> tuple[int, int]:
    """Cut a name before a word that cannot be part of one ("General Assembly" → nothing)."""
    words = list(re.finditer(r"[^\s]+", text[s:e]))
    keepers = []
    after = _NEXT_WORD.match(text, e)
    for k, w in enumerate(words):
        word = w.group(0).strip(".,;:")
        nxt = words[k + 1].group(0).strip(".,;:") if k + 1 < len(words) else ""
        following = nxt or (after.group(1) if after else "")
        inside = nxt[:1].isupper() and k > 0
        if k > 0 and (word.isdigit() or (following[:1].islower() and
                                         f"{fold_key(word)} {fold_key(following)}" in _role_phrases())):
            break             # "António Guterres 2 March", "nommé Lassina Zerbo Premier ministre": not the name's
        if k == 0 and f"{fold_key(word)} {fold_key(following)}" in _role_phrases():
            break             # "the Deputy Prime Minister in charge of …": "Prime" opens a role, no name
        if k == 0 and _AN_INITIAL.fullmatch(w.group(0)) and nxt[:1].isupper() and text[s - 1:s] in (" ", "\t"):
            keepers.append(w)     # "N. Biren Singh": an initial
            continue
        if k == 0 and fold_key(word) in _GIVEN_NAME_MONTHS and nxt[:1].isupper() and fold_key(nxt) not in CALENDAR_WORDS:
            keepers.append(w)     # "Jan Egeland", "June Okafor", "Christian Ngone": a given name that is a month or a faith
            continue
        if k > 0 and fold_key(word) in _HEADLINE_VERBS:
            break             # "Kenyatta Says …", "Guterres Warns …": a headline's verb ends the name
        if fold_key(word) in _NOT_NAME_WORDS or (is_junk(word) and not (inside and fold_key(word) not in CALENDAR_WORDS)
                                                 and not _surname_like(word, k, following, after)):
            break             # "Roch Marc Christian Kaboré": a junk word inside a name is a name
        keepers.append(w)
        if re.search(r"\w['’]s?$", w.group(0)):
            break             # "the preacher Amadou Koufa's Katiba Macina": the name ends at its possessive
    if not keepers:
        return s, s
    end = s + keepers[-1].end()
    suffix = re.search(r"(?<![\w.])(?:Jr|Sr|Jnr|Snr)\.$", text[s:end])
    while end > s and text[end - 1] in ".,;:'’" and not (suffix and end == s + suffix.end()):
        end -= 1          # (the period of "Ferdinand Marcos Jr." is the name's)
    if text[max(s, end - 2):end] in ("'s", "’s"):
        end -= 2
    return s, end


def _surname_like(word: str, k: int, following: str, after) -> bool:
    """A community's or a faith's name ending a name of two words or more is a surname ("UNHCR spokesperson Babar
    Baloch", "Ahmed Mohamed Islam"), unless a group noun follows ("… Fulani herders") or it is the last of a
    list of names."""
    return (k >= 1 and word[:1].isupper() and not word.isupper() and
            (fold_key(word) in communities() or fold_key(word) in _FAITHS) and not following[:1].isupper() and
            not (after and fold_key(after.group(1)) in _GROUP_NOUNS_AFTER))


_FAITHS = frozenset({"islam", "arab"})
_GROUP_NOUNS_AFTER = frozenset("elders youths youth militia militias militiamen herders fighters community communities "
                               "groups group men women people leaders chiefs traders farmers villages village".split())


# One or two capitalised words right before a name the model found, after a comma, "and" or a lower-case word.
_NAME_WORDS_BEFORE = re.compile(r"(?:,|\b(?:and|et|with|by|avec|par)|[a-zà-ÿ])[ \t]+((?:[A-ZÀ-Ý][a-zà-ÿ'’-]+[ \t]+){1,2})$")


def _given_names_before(text: str, s: int, title_before: re.Pattern) -> int:
    """The model sometimes leaves a given name out ("and Mamadou [Billo Bah]"): move the start back over it,
    unless it is a title, a junk word or a word that cannot be part of a name."""
    m = _NAME_WORDS_BEFORE.search(text, max(0, s - 40), s)
    if not m:
        return s
    words = m.group(1).split()
    if any(fold_key(w) in _NOT_NAME_WORDS or is_junk(w) for w in words) or title_before.search(m.group(1)):
        return s
    if len(words) == 2 and title_before.search(words[0] + " "):
        return m.start(1) + m.group(1).index(words[1], len(words[0]))   # "President [Abdiweli] Mohamed Ali"
    return m.start(1)


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
        if org_hit and org_hit[1] <= t_start and re.search(r"[.;:!?\n]", text[org_hit[1]:t_start]):
            org_hit = None        # "… said Amnesty International. President Tinubu": another sentence's
        if org_hit:
            org = display_name(index.entries[org_hit[2]])
        else:
            org = _state_before(text, t_start, index)
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
    apposed = apposed_org().match(text, e) if (role is None or org is None) else None
    if apposed:           # "Jane Doe, a senior analyst at the Gulf Risk Institute"
        org = org or re.sub(r"(?<=[a-z])\.$", "", apposed.group("org"))      # (a sentence's full stop)
        role = role or " ".join(apposed.group("role").split())
    return role, org


def _state_before(text: str, start: int, index: ActorIndex) -> str | None:
    """'Somali President …', "Niger's president …": the state a demonym or a state's name right before the
    title names."""
    window = text[max(0, start - 40):start]
    folded = fold(window)
    for m in index.matcher.finditer(folded):
        if window[m.end:].strip() not in ("", "'s", "’s"):
            continue
        for actor_id, how, _ in m.payloads:
            if how in ("demonym", "state") and window[m.start:m.start + 1].isupper():
                return display_name(index.entries[actor_id])
    return None


def _role_text(title: str, ranks: frozenset[str]) -> str | None:
    """The title without its ranks ("junta leader Colonel" → "junta leader"); a rank alone is the role."""
    words = " ".join(title.replace(",", " ").split())
    if not words:
        return None
    if fold_key(words) in _role_phrases():
        return words          # "Secretary General": a role, though "General" is also a rank
    kept = words
    for rank in _rank_words(ranks):
        kept = re.sub(rf"(?<![\w-]){re.escape(rank)}(?![\w-])", " ", kept)
    kept = " ".join(kept.split())
    return kept or words


@lru_cache(maxsize=1)
def _role_phrases() -> frozenset[str]:
    spec = person_titles()
    return frozenset(fold_key(r) for r in spec["roles"] if " " in r)


@lru_cache(maxsize=1)
def _rank_words(ranks: frozenset[str]) -> list[str]:
    spec = person_titles()
    return sorted(spec["ranks"], key=len, reverse=True)


def _actor_between(actor_mentions: list[tuple[int, int, str]], start: int, end: int):
    best = None
    for a, b, actor_id in actor_mentions:
        if a >= end:
            break
        if b > start and a < end:
            best = (a, b, actor_id)
    return best
