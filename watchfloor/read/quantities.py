"""Quantities: troops, fatalities, displaced, … with the subject they belong to ("Egypt … 1,035 troops").

A quantity is a number (digits or words) followed, within a few words, by a unit noun; the unit is
normalised (soldiers → troops, killed/dead → fatalities, IDPs → displaced). The subject is the actor or
country named nearest before it in the same sentence, or right after it ("troops from Chad").
"""
from __future__ import annotations

import bisect
import re
from functools import lru_cache

from watchfloor.read.matching import finditer_at
from watchfloor.read.prefilter import first_runs

_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
          "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17,
          "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
          "seventy": 70, "eighty": 80, "ninety": 90, "a hundred": 100, "hundred": 100, "a thousand": 1000,
          "un": 1, "une": 1, "deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "sept": 7, "huit": 8, "neuf": 9,
          "dix": 10, "onze": 11, "douze": 12, "treize": 13, "quatorze": 14, "quinze": 15, "seize": 16, "vingt": 20,
          "trente": 30, "quarante": 40, "cinquante": 50, "soixante": 60, "cent": 100, "mille": 1000, "a dozen": 12,
          "dozen": 12,
          "une dizaine": 10, "une quinzaine": 15, "une vingtaine": 20, "une trentaine": 30, "une cinquantaine": 50,
          "une centaine": 100, "une douzaine": 12, "une quarantaine": 40, "une soixantaine": 60,
          "un millier": 1000}
_SCALE = {"thousand": 1000, "million": 1_000_000, "millions": 1_000_000, "mille": 1000, "k": 1000,
          "hundred": 100}
# The English number words below a hundred: one to nineteen, then the tens.
_ONE_TO_NINETEEN = (r"one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|"
                    r"sixteen|seventeen|eighteen|nineteen")
_TENS = r"twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety"
_UNITS = _ONE_TO_NINETEEN + "|" + _TENS
# A number ends at a word boundary that is not a plural or a hyphen: "hundreds", "dozens" are no count.
NUMBER = (r"(?:(?:\d{1,3}(?:[,\u202f\u00a0 ]\d{3})+|\d+(?:\.\d+)?)(?:\s*(?:thousand|million|millions|mille)\b)?"
          rf"|(?:{_UNITS}|a|un|deux|trois|quatre|cinq|six|sept|huit|neuf|dix)\s+(?:million|millions)"
          rf"|(?:{_UNITS})\s+(?:hundred|thousand)(?:\s+(?:and\s+)?(?:{_UNITS}))?"
          r"|une\s+(?:douzaine|dizaine|quinzaine|vingtaine|trentaine|quarantaine|cinquantaine|soixantaine|centaine)"
          r"|un\s+millier"
          r"|(?:a\s+)?(?:hundred|thousand|dozen)|(?:" + _TENS + r")(?:[- ](?:one|two|three|four|five|six|seven|eight|nine))?"
          r"|" + _ONE_TO_NINETEEN +
          r"|(?:vingt|trente|quarante|cinquante|soixante)(?:[- ](?:et[- ])?(?:une|un|deux|trois|quatre|cinq|six|sept|huit|neuf))?"
          r"|deux|trois|quatre|cinq|sept|huit|neuf|dix|onze|douze|treize|quatorze|quinze|seize|cent)(?![\w-])")
# Who is counted: the noun after the number ("12 soldiers", "47 people").
# (three runs of it are also lists of their own, for what a count of them tells: _TROOPS, _ARMED and _BODIES)
_FORCES = (r"servicemen|service members|personnel|military personnel|peacekeepers|blue helmets|gendarmes|"
           r"police officers|policemen|police|mercenaries|instructors|military advisers|military advisors|contractors")
_FIGHTERS = r"fighters|militants|jihadists|insurgents|rebels|combatants|terrorists|assailants|attackers|gunmen"
_BODY_WORDS = r"bodies|corpses|corps|cadavres|dépouilles"
_PEOPLE = (r"people|persons|civilians|villagers|residents|inhabitants|soldiers|troops|" + _FORCES + "|" + _FIGHTERS +
           r"|members|men|women|children|"
           r"worshippers|passengers|traders|students|pupils|teachers|workers|migrants|refugees|IDPs|hostages|"
           r"drivers|herders|farmers|miners|shepherds|fishermen|pilgrims|prisoners|detainees|displaced persons|others|"
           r"personnes|civils|villageois|militaires|soldats|casques bleus|hommes|combattants|jihadistes|"
           r"terroristes|assaillants|femmes|enfants|habitants|suspects|policiers|manifestants|orpailleurs|élèves|"
           r"étudiants|otages|rebelles|prisonniers|détenus|réfugiés|membres|agents|fidèles|passagers|commerçants|"
           r"éleveurs|agriculteurs|pêcheurs|bergers|travailleurs|migrants|ressortissants|"
           r"councillors|officials|journalists|aid workers|humanitarian workers|health workers|doctors|nurses|"
           r"volunteers|chiefs|elders|conseillers|élus|responsables|journalistes|humanitaires|médecins|infirmiers|"
           r"volontaires|chefs|notables|fonctionnaires|enseignants|"
           r"militiamen|militiaman|guards|security guards|bodyguards|vigilantes|recruits|cadets|marines|sailors|pilots|"
           r"crew members|priests|clerics|imams|patients|guests|shoppers|voters|miliciens|gardes|patients|clients|"
           + _BODY_WORDS + r"|officers|officiers|boys|girls|protesters|protestors|"
           r"demonstrators|marchers|rioters|mourners|activists|supporters|youths|young people|jeunes|"
           r"secessionists|separatists|bandits|extremists|kidnappers|raiders|looters|smugglers|pirates|paramilitaries|"
           r"commandos|paratroopers|séparatistes|sécessionnistes|ravisseurs|pirates|parachutistes|"
           # one person, in the singular ("one civilian was killed", "un soldat a été blessé")
           r"person|civilian|villager|resident|soldier|serviceman|peacekeeper|gendarme|police officer|policeman|"
           r"officer|fighter|militant|rebel|child|woman|man|boy|girl|student|pupil|teacher|worker|journalist|"
           r"official|driver|farmer|herder|passenger|trader|miner|volunteer|personne|civil|militaire|"
           r"soldat|policier|officier|homme|femme|enfant|habitant|élève|agent")
# The dead counted by their bodies ("36 bodies recovered", "une vingtaine de corps retrouvés")
_BODIES = re.compile(r"^(?:" + _BODY_WORDS + r")$", re.I)
_TROOPS = re.compile(r"^(?:troops|soldiers|" + _FORCES + r"|commandos|paratroopers|militaires|soldats|"
                     r"casques bleus|parachutistes)$", re.I)
# Armed people of a side that is no state's, whose number is a band's size when they act ("about 80 gunmen
# stormed …", "une centaine d'assaillants ont attaqué …"); when they are killed or captured the verb says so first.
_ARMED = re.compile(r"^(?:" + _FIGHTERS + r"|militiamen|bandits|raiders|kidnappers|paramilitaries|combattants|"
                    r"jihadistes|terroristes|assaillants|rebelles|miliciens|hommes)$", re.I)
_BAND_ACTS = re.compile(r"(?i)(?:\s+(?:armed\s+with\s+[\w\s]{1,30}?|on\s+(?:motorbikes|motorcycles|foot|horseback|pick-?ups)|"
                        r"armés|à\s+moto|en\s+moto|lourdement\s+armés|from\s+\w+|of\s+(?:the\s+)?\w+(?:\s+\w+)?)?,?)?"
                        r"\s+(?:have\s+|had\s+|ont\s+|avaient\s+)?(?:attacked|stormed|raided|ambushed|overran|assaulted|"
                        r"surrounded|besieged|invaded|entered|swept|descended|struck|hit|targeted|seized|burned|burnt|"
                        r"looted|opened\s+fire|arrived|crossed|massed|gathered|attaqué|attaque|investi|encerclé|pris\s+d['’]assaut|"
                        r"fait\s+irruption|envahi|pillé|incendié|ouvert\s+le\s+feu|fait\s+une\s+incursion)\b")
# What happened to them: the word after ("were killed") or before ("killing 47 people").
_STATES = {
    "fatalities": r"killed|dead|died|deaths|fatalities|perished|massacred|executed|slain|lost their lives|neutrali[sz]ed|"
                  r"among the (?:dead|killed|victims|fatalities)|parmi les (?:morts|tués|victimes)|"
                  r"shot dead|gunned down|beheaded|hacked to death|burned to death|burnt to death|abattus|abattues|"
                  r"décapités|décapitées|"
                  r"tués|tuées|tué|tuée|morts|mortes|décédés|décédées|victimes|péri|perdu la vie|trouvé la mort|"
                  r"neutralisés|assassinés|assassinées|exécutés|exécutées|massacrés|massacrées|buried|"
                  r"enterrés|enterrées|inhumés|inhumées|tombés (?:sur le|au) champ d'honneur|"
                  r"tombées (?:sur le|au) champ d'honneur|tombé (?:sur le|au) champ d'honneur|"
                  r"to death",          # ("burned 11 villagers to death"; not after a sentence: `_SENTENCED`)
    "injured": r"injured|wounded|hurt|blessés|blessées|blessé|blessée",
    "displaced": r"displaced|internally displaced|fled|uprooted|forced to flee|crossed into|crossed the border|"
                 r"sought refuge|taken refuge|evacuated|évacués|évacuées|déplacés|déplacées|refugees|IDPs|fui|dû fuir|trouvé refuge|"
                 r"se sont réfugiés|se sont réfugiées|quitté (?:[\w'’-]+\s+){1,3}?pour (?:se réfugier|fuir)|"
                 r"(?:dû |du )?quitt(?:é|er) (?:leurs?|son|sa|ses) (?:domiciles?|foyers?|maisons?|villages?|terres?)|"
                 r"(?:left|fled|abandoned) (?:their|his|her) (?:homes?|villages?|houses?|land)|"
                 r"(?:forced|driven|chased|pushed) (?:from|out of) (?:their|his|her) (?:homes?|villages?|houses?|land)",
    "abducted": r"abducted|kidnapped|taken hostage|held hostage|missing|enlevés|enlevées|kidnappés|portés disparus|disparus",
    "arrested": r"arrested|detained|captured|taken prisoner|arrêtés|arrêtées|interpellés|interpellées|écroués|"
                r"capturés|capturées|faits prisonniers",
}
_ANY_STATE = "|".join(_STATES.values())
_STATE_AFTER = re.compile(rf"(?:\s+more(?=\s))?"          # ("38 more were killed")
                          rf"(?:\s+[«\"“]?\s*(?:other\s+)?(?!(?:{_ANY_STATE})\b)(?:[a-zà-ÿ][\w'’-]*[sx]|(?-i:[A-ZÀ-Ý][\w'’-]*[sx]|[A-Z]{{2,6}}))(?:\s*[»\"”])?(?=\s|,\s))?"
                          # ("two assistants were killed", "conseillers municipaux", "19 VDP were", "5 Américains ont")
                          r"(?:\s+(?:and|et)\s+(?:(?:a|an|one|un|une)\s+[a-zà-ÿ][\w'’-]*(?=\s)|(?![\d]|(?:to|then|also|the|a|an|de|à|puis)\b)[A-Za-zÀ-ÿ][\w'’-]*(?:\s+[a-zà-ÿ][\w'’-]*s)?(?=\s)))?"   # "15 soldiers and VDP were", "18 soldats et un civil ont été"
                          r"(?:,[^,.;:\d]{3,60},|\s+(?:of|from|in|at|des|du|de\s+la|de\s+l['’]|de)\s+(?:the\s+|l['’])?"
                          r"(?:(?!and\b|et\b)[\w'’-]+\s+){0,3}?(?!and\b|et\b)[\w'’-]+(?:\s+\([A-Z][A-Za-z]{1,9}\))?"
                          # ("eight policemen escorting a convoy were killed", "12 men stationed at the post were")
                          rf"|\s+(?:(?!(?:being|bring|during|including|following|according|{_ANY_STATE})\b)[a-z]+ing|stationed|"
                          r"deployed|based|posted|assigned)\s+(?:(?!and\b|et\b|were\b|was\b)[\w'’-]+\s+){0,4}?"
                          r"(?!and\b|et\b)[\w'’-]+)?,?\s+"      # "23 soldiers of the Malian Armed Forces (FAMa) were"
                          r"(?:(?:have|has|had|were|was|are|is|being|been|reportedly|also|all|"
                          r"now|allegedly|subsequently|later|still|remain|remained|remains|reported|confirmed|already|"
                          r"(?!only\b)\w+ly|"
                          r"ont été|ont|sont|été|auraient été|seraient|avaient été|avait été|a été|étaient|était|"
                          r"avaient|avait|auraient|de|déjà|encore|aussi|tous|toutes|(?!(?:com)?ment\b)\w+ment)\s+){0,3}[«\"“]?\s*(?:" +
                          "|".join(f"(?P<{k}>{v})" for k, v in _STATES.items()) + r")\b", re.I)
_VERBS_BEFORE = {
    "fatalities": r"killing|killed|kill|kills|leaving|left|claiming|tuant|tué|tués|tuée|tuées|faisant|massacring|"
                  r"executing|executed|"
                  r"shot dead|shooting dead|gunned down|gunning down|"
                  r"death toll (?:\w+\s+){0,3}?|(?:killed|dead|deaths|toll)\s+(?:\w+\s+){0,2}?(?:at|to|of)|"
                  r"tolls?\s+(?:\w+\s+){0,3}?(?:above|over|exceeded|exceeds|exceed|passed|past|reached|surpassed)|"
                  r"beheaded|beheading|décapité|décapitant|(?:the\s+)?(?:(?:charred|burned|burnt|decomposed|mutilated)\s+)?"
                  r"(?:bodies|remains) of|(?:the\s+)?corps de|"
                  r"(?:burials?|funerals?) of|(?:obsèques|funérailles|inhumation) de|"
                  r"neutrali[sz]ed|neutrali[sz]ing|(?:killing|killings|deaths?|murders?|massacre|execution)s? of|"
                  r"co[uû]t[ée] la vie (?:à|a)|neutralisé|neutralisant|(?:massacre|tuerie|assassinat|exécution)s? de|"
                  r"bur(?:y|ied|ying)|enterr(?:é|er|ant)|inhum(?:é|er|ant)",
    "lost": r"lost|losing|loses|lose|(?:the\s+)?loss(?:es)? of|perdu|perdant|la perte de",
    "injured": r"injuring|wounding|injured|wounded|blessant",
    "displaced": r"displacing|displaced|uprooting|forcing|forced|driving|drove|prompting|prompted",
    "abducted": r"abducting|abducted|kidnapping|kidnapped|enlevant|enlevé|enlevés|enlevée|enlevées|"
                r"took|taking|seized|seizing|snatched|snatching|carried off",      # (only with a count of people)
    "arrested": r"arresting|arrested|detaining|detained|rounded up|capturing|captured|captur(?:é|és|ée|ées|ant)|arrêtant|(?:l['’])?(?:arrestation|interpellation)s? d['’]|"
                r"(?:arrestation|interpellation)s? de",
}
_APPROX = (r"(?:at least|about|around|some|nearly|almost|over|more than|up to|roughly|approximately|an estimated|"
           r"a further|another|au moins|environ|près de|plus de)\s+")
QUANTITY_RE = re.compile(
    rf"(?<![\w.,])(?P<approx>{_APPROX})?(?P<num>{NUMBER})\)?(?:\s+(?:[\"“]|«\s?)?(?P<noun>(?:(?!and\b|or\b|in\b|et\b|of\b)[\w'’-]+\s+){{0,2}}?(?:{_PEOPLE}))\b(?:[\"”]|\s?»)?)?", re.I)
_BEFORE_RE = re.compile(r"\b(?:" + "|".join(f"(?P<{k}>{v})" for k, v in _VERBS_BEFORE.items()) +
                        rf")(?:\s?[\"'”’»]?\s+[\"“«]?\s*|(?<=d['’]))(?:{_APPROX})?$", re.I)     # ("l'interpellation d'une cinquantaine")
# Every _BEFORE_RE match holds one of these (lower case), tested before the regex.
_BEFORE_WORDS = ("kill", "leav", "left", "claim", "shot dead", "shooting dead", "gunn", "behead", "décapit", "bodies", "tué",
                 "corps", "remains", "burial", "funeral", "obsèques", "funérailles", "passed", "past", "reached", "surpassed",
                 "above", "over", "exceed", "tuant", "faisant", "massacr", "execut", "toll", "dead", "death",
                 "injur", "wound", "bless", "displac", "uproot", "forcing", "abduct", "kidnap", "enlev", "arrest",
                 "detain", "rounded up", "arrêt", "lost", "los", "perdu", "perdant", "perte", "neutrali", "murder",
                 "forc", "driv", "drove", "prompt", "la vie", "tuerie", "assassinat", "exécution", "bur", "enterr",
                 "inhum", "interpellation", "took", "taking", "seiz", "snatch", "carried off", "captur")
_DIGIT = re.compile(r"\d")
# Every _BEFORE_RE match opens with a letter at a word's start: the regex is tried there only (the same first match),
# and only at the words (runs of \w) that can open one: a run of ASCII letters must be, lower-cased, one of the first
# runs the pattern allows or start with one of its prefixes (prefilter.first_runs); any other run is tried.
_BEFORE_FIRST = first_runs(_BEFORE_RE.pattern, _BEFORE_RE.flags)
_BEFORE_PREFIXES = tuple(_BEFORE_FIRST[1]) if _BEFORE_FIRST else ()


@lru_cache(maxsize=100_000)
def _may_open_before(word: str) -> bool:
    if _BEFORE_FIRST is None or not (word.isascii() and word.isalpha()):
        return True
    low = word.lower()
    return low in _BEFORE_FIRST[0] or low.startswith(_BEFORE_PREFIXES)


def _before(window: str) -> re.Match | None:
    match = _BEFORE_RE.match
    for w in _WORD_RUN.finditer(window):         # (each run of \w starts at a word's start)
        if not _may_open_before(w.group(0)):
            continue
        m = match(window, w.start())
        if m:
            return m
    return None


# The first word of every QUANTITY_RE match (it starts a word: `(?<![\w.,])`) is a digit run or one of these, in
# any case: the regex is tried only at such words (`_quantity_matches`), the same matches as scanning for it.
_QUANTITY_FIRST = frozenset(_UNITS.split("|")) | frozenset(
    "at about around some nearly almost over more up roughly approximately an a un another au environ près plus "
    "deux trois quatre cinq six sept huit neuf dix une hundred thousand dozen vingt trente cent onze douze treize "
    "quatorze quinze seize quarante cinquante soixante".split())
_WORD_RUN = re.compile(r"\w+")


def _quantity_matches(text: str, s: int, e: int):
    """QUANTITY_RE.finditer(text, s, e), the regex tried only where a match can start."""
    starts = [m.start() for m in _WORD_RUN.finditer(text, s, e)
              if (w := m.group(0))[0].isdigit() or not w.isascii() or w.lower() in _QUANTITY_FIRST]
    return finditer_at(QUANTITY_RE, text, starts, s, e)
# Number words as tokens, looked up before the regex (punctuation and hyphens split tokens: "forty-two,").
_NUMBER_TOKENS = frozenset({w.split()[-1] for w in _WORDS} | {"hundred", "thousand"})
_SPLIT_PUNCT = str.maketrans({c: " " for c in ",.;:!?()[]{}\"'’‘“”«»-–—/"})
_LIST_LINK = re.compile(r"^\s*(?:,|;|:)?\s*(?:including(?:\s+the)?|among them|of whom|of which|dont|parmi lesquels|and|et|,|"
                        r"as well as|along with|ainsi que|de même que)\s*$|^\s*,\s*$",
                        re.I)       # ("13 dead, including the six attackers")
# What may stand between two counts of one list besides the link word: the first count's own noun when it is not
# one of _PEOPLE ("34 VDP and 6 soldiers", "14 soldats togolais, dont 2 …") and what it is of ("6 gendarmes of the
# Koro brigade (GN) and 3 …", "5 militaires de l'armée (FABF) et 2 civils")
_LINK_GAP = re.compile(r"\s*(?:[A-Z]{2,6}s?\b|(?!(?:as|is|was|has|this|its|his|thus|plus|sous|dans|vers|chez|alors)\b)"
                       r"[A-Za-zÀ-ÿ][\w'’-]*[sx]\b)?"
                       r"(?:\s*(?:of|from|des|du|de)\s+[^,.;:\d()]{1,60}?(?:\s*\([A-Z][\w-]{1,9}\))?(?=\s*(?:,|and\b|et\b)))?")
# A state word inside the noun: "three dead soldiers", "five wounded civilians"
_NOUN_STATE = re.compile(r"(?i)\b(?:(?P<fatalities>dead|killed|slain)|(?P<injured>wounded|injured)|"
                         r"(?P<abducted>abducted|kidnapped)|(?P<arrested>detained|arrested|jailed))\b")
# A person's age between commas after the name: "Sameh Aqtash, 37, was shot dead"
_AGE_BEFORE = re.compile(r"(?<![\w'’-])(?!(?:In|At|On|By|From|To|For|Dans|En|À|Au|Le|La)\b)[A-ZÀ-Ý][\w'’-]+[ \t]+"
                         r"[A-ZÀ-Ý][\w'’-]+,[ \t]*$")


def _linked(text: str, a: int, b: int) -> bool:
    """Whether text[a:b], between two counts, links them as one list ("… and …", ", including …")."""
    gap = _LINK_GAP.match(text, a, b)
    return bool(_LIST_LINK.match(text[gap.end() if gap else a:b]))


# A count of things, not people: a plural common noun right after the number that is none of _PEOPLE
_THINGS_AFTER = re.compile(r"\s+(?!(?:and|or|et|ou|of|de|des|du|who|whom|dont|others|autres|were|was|are|is|have|has|"
                           r"had|ont|sont|étaient)\b)[a-zà-ÿ][\w'’-]*s\b")
_HAS_NUMBER = re.compile(r"\d|\b(?:" + "|".join(sorted({w.split()[-1] for w in _WORDS} | {"hundred", "thousand"}, key=len,
                                                         reverse=True)) + r")\b", re.I)


@lru_cache(maxsize=10_000)
def number_value(raw: str) -> int | None:
    s = " ".join(raw.lower().replace("-et-", " ").replace(" et ", " ").split())      # "vingt-et-un"
    m = re.match(r"([\d,\u202f\u00a0 .]+?)\s*(thousand|million|millions|mille)?$", s)
    if m and m.group(1)[0].isdigit():
        digits = re.sub(r"[,\u202f\u00a0 ]", "", m.group(1))
        try:
            value = float(digits)
        except ValueError:
            return None
        return int(value * _SCALE.get(m.group(2) or "", 1))
    if s in _WORDS:
        return _WORDS[s]
    scaled = re.match(r"(\S+)\s+(hundred|thousand|millions?)(?:\s+(?:and\s+)?(\S+))?$", s)  # "three hundred (and five)"
    if scaled and (scaled.group(1) in _WORDS or scaled.group(1) in ("a", "un")):
        if scaled.group(1) in ("a", "un"):                      # "a million", "un million"
            return _SCALE[scaled.group(2)]
        rest = _WORDS.get(scaled.group(3), 0) if scaled.group(3) else 0
        return _WORDS[scaled.group(1)] * _SCALE[scaled.group(2)] + rest
    parts = re.split(r"[- ]", s)
    if len(parts) == 2 and parts[0] in _WORDS and parts[1] in _WORDS:
        return _WORDS[parts[0]] + _WORDS[parts[1]]
    if s.startswith("a ") and s[2:] in _WORDS:
        return _WORDS[s[2:]]
    return None


_MEASURE_AFTER = re.compile(r"\s*(?:percent|per cent|%|km|kilomet|miles|hours|days|weeks|months|years|decades|CFA|"
                            r"dollars|ans\b|mois\b|semaines|jours|heures|décennies|euros|US\$|tonnes|tons)", re.I)
_FIGURE_AFTER = re.compile(r"\s*\(\s*\d")
_ROUND_NUMBER = re.compile(r"(?i)(?:a\s+)?(?:hundred|thousand|dozen)$")
_VAGUE_BEFORE = re.compile(r"(?i)\b(?:several|a few|few|many|some|tens of|of)\s+$")
_MOVED_VERB = re.compile(r"(?i)forc|driv|drove|prompt|took|tak|seiz|snatch|carried")
_TAKEN_VERB = re.compile(r"(?i)took|tak|seiz|snatch|carried")
_DISPLACED_NOUN = re.compile(r"(?i)(?:IDPs|refugees|réfugiés|réfugiées)$")
_DISPLACED_ADJECTIVE = re.compile(r"(?i)(?:internally\s+)?(?:displaced|déplacés)\b")
_OF_AFTER = re.compile(r"\s+of\s+(?:the\s+)?")
_HOSTAGES = re.compile(r"(?i)^(?:hostages|otages)$")
# Whose evacuation is displacement: a population, not a hotel's guests or a unit's wounded
_POPULATION = re.compile(r"(?i)^(?:people|persons|civilians|residents|villagers|inhabitants|families|households|"
                         r"personnes|civils|habitants|villageois|familles|ménages|populations?)$")
# A court's sentence, not a killing: "sentenced 3 men to death"
_SENTENCED = re.compile(r"(?i)\b(?:sentenc\w*|condemn\w*|condamn\w*)\b[^.;]*$")
# A verb right before a count that did something to the people counted (displaced people who were killed or taken)
_VICTIM_VERB_BEFORE = re.compile(r"(?i)\b(?:kill(?:ed|ing)?|massacr(?:ed|ing)|wound(?:ed|ing)|injur(?:ed|ing)|"
                                 r"abduct(?:ed|ing)|kidnapp(?:ed|ing)|tu(?:é|ant)|massacr(?:é|ant)|bless(?:é|ant)|"
                                 r"enlev(?:é|ant))\s+(?:at\s+least\s+|some\s+|about\s+|au\s+moins\s+|près\s+d['’])?$")


def find_quantities(text: str, spans: list[tuple[int, int]], subjects: list[tuple[int, int, str]],
                    dates: list[dict] = ()) -> list[dict]:
    """Counts of people inside `spans` (sentences) with a unit in troops, fatalities, injured, displaced,
    abducted, arrested; `subjects` are (start, end, name) of actors and countries for troop counts."""
    date_spans = sorted((d["start"], d["end"]) for d in dates)
    date_starts = [a for a, _ in date_spans]
    subjects = _Subjects(subjects)

    def in_date(pos: int) -> bool:
        k = bisect.bisect_right(date_starts, pos) - 1
        return k >= 0 and date_spans[k][0] <= pos < date_spans[k][1]

    out = []
    for s, e in spans:
        if not _DIGIT.search(text, s, e):
            if _NUMBER_TOKENS.isdisjoint(text[s:e].lower().translate(_SPLIT_PUNCT).split()) or \
                    not _HAS_NUMBER.search(text, s, e):
                continue
        carried = None          # "killing 47 people, including 30 civilians and 14 soldiers"
        pending: list[dict] = []  # counts of people not yet given a unit ("49 civilians and 15 soldiers were killed")
        last_end = s
        for m in _quantity_matches(text, s, e):
            if in_date(m.start("num")) or text[m.end():m.end() + 1] in ("%",):
                continue
            if _MEASURE_AFTER.match(text[m.end("num"):m.end("num") + 12]):
                continue
            if not m.group("num")[:1].isdigit() and _FIGURE_AFTER.match(text[m.end("num"):m.end("num") + 6]):
                continue        # "neuf (9) blessés": the figure in brackets is the count
            value = number_value(m.group("num"))
            if value is None:
                continue
            if not m.group("approx") and not m.group("noun") and text.startswith(",", m.end("num")) and \
                    _AGE_BEFORE.search(text, max(s, m.start() - 40), m.start()):
                continue        # an age, not a count
            if _ROUND_NUMBER.match(m.group("num")) and _VAGUE_BEFORE.search(text[max(s, m.start() - 12):m.start()]):
                continue        # "several hundred", "many thousand": no count
            noun = (m.group("noun") or "").strip()
            start = m.start("approx") if m.group("approx") else m.start("num")
            unit, by_noun = None, False
            stated = _NOUN_STATE.search(noun) if noun else None
            after = None if stated else _STATE_AFTER.match(text, m.end())
            before = None
            if after and after.group("displaced") and _VICTIM_VERB_BEFORE.search(text, max(s, start - 25), start):
                after = None      # "a tué une soixantaine de déplacés", "killing 12 displaced": the verb says what
            if after and after.group("displaced") and after.group("displaced").lower().startswith(("evacuat", "évacu")) and \
                    not _POPULATION.match(noun.split()[-1] if noun else ""):
                continue          # "36 hotel guests were evacuated": moved to safety, not displaced
            if after and after.group("fatalities") == "to death" and _SENTENCED.search(text, max(s, start - 60), start):
                continue          # "sentenced four men to death": no one died
            if not stated and not after:
                window = text[max(s, start - 60):start]
                low = window.lower()
                if any(map(low.__contains__, _BEFORE_WORDS)):
                    before = _before(window)
            if stated:
                unit, end = next(k for k, v in stated.groupdict().items() if v), m.end()
            elif after:
                unit = next(k for k, v in after.groupdict().items() if v)
                end = after.end()
                prev_to = start
                for prev in reversed(out):
                    # "12 soldiers and 5 civilians were killed"; "26 soldats, dont 24 militaires … et deux …, ont été tués"
                    if prev["start"] < s or not (prev.get("by_noun") and _linked(text, prev["end"], prev_to)):
                        break
                    prev["unit"], prev["by_noun"] = unit, False
                    prev["subject"] = prev["text"].split()[-1]
                    prev_to = prev["start"]
                link_to = start
                for q in reversed(pending):                           # "49 civilians and 15 soldiers were killed"
                    if not _linked(text, q["end"], link_to):
                        break
                    q["unit"] = unit
                    out.append(q)
                    link_to = q["start"]
                out.sort(key=lambda q: q["start"])
                pending = []
            elif before and not ((before.group("lost") or
                                  _MOVED_VERB.match(before.group(0)))
                                 and not noun) and \
                    not (_TAKEN_VERB.match(before.group(0)) and _BODIES.match(noun.split()[-1])):
                # ("took 37 bodies to the hospital": the dead, below)
                unit = next(k for k, v in before.groupdict().items() if v)
                unit = "fatalities" if unit == "lost" else unit     # "lost 12 soldiers", "the loss of 5 men"
                end = m.end()
            elif carried and _linked(text, last_end, start):
                unit, end = carried, m.end()
            elif noun and _BODIES.match(noun.split()[-1]):
                unit, end = "fatalities", m.end()          # "36 bodies were recovered"
            elif noun and _TROOPS.match(noun.split()[-1]):
                unit, end = "troops", m.end()
                by_noun = True
            elif noun and _ARMED.match(noun.split()[-1]) and _BAND_ACTS.match(text, m.end()):
                unit, end = "troops", m.end()      # a band's size: "more than 100 gunmen attacked the camp"
                by_noun = True
            elif _DISPLACED_NOUN.match(noun.split()[-1] if noun else "") or _DISPLACED_ADJECTIVE.match(noun):      # "100,000 displaced people"
                unit, end = "displaced", m.end()
            elif noun and _HOSTAGES.match(noun.split()[-1]):
                unit, end = "abducted", m.end()        # "freed four hostages", "the 120 hostages still held"
            else:
                last_end = m.end()
                if not noun and _THINGS_AFTER.match(text, m.end("num")):
                    carried = None    # a count of things ends the list ("… 2 soldiers, and burned 45 houses and 34 …")
                if noun:
                    pending.append({"text": text[start:m.end()], "value": value, "unit": None,
                                    "subject": noun.split()[-1], "approximate": bool(m.group("approx")),
                                    "start": start, "end": m.end(), "by_noun": False})
                continue
            if unit in ("displaced",) and not noun and not after and not before:
                continue
            carried = unit if unit != "troops" else None
            last_end = end
            subject = noun.split()[-1] if noun and unit != "troops" else \
                _subject(text, s, e, start, m.end(), subjects) or (noun.split()[-1] if noun else None)
            if noun and unit != "troops":
                owner = _OF_AFTER.match(text[m.end():m.end() + 12])
                if owner and noun.split()[-1].lower() == "members":
                    subject = next((n for _, _, n in subjects.starting(m.end() + owner.end(), m.end() + owner.end() + 1)),
                                   subject)
            out.append({"text": text[start:end], "value": value, "unit": unit, "subject": subject,
                        "approximate": bool(m.group("approx")), "start": start, "end": end, "by_noun": by_noun})
    for q in out:
        q.pop("by_noun")
    return out


class _Subjects(list):
    """(start, end, name) sorted by start, with the starts kept for bisection: a quantity looks only at the
    subjects of its own sentence, so a long document costs no more per quantity than a short one."""

    def __init__(self, subjects):
        super().__init__(sorted(subjects))
        self.starts = [a for a, _, _ in self]

    def starting(self, lo: int, hi: int) -> list[tuple[int, int, str]]:
        """The subjects whose start is in [lo, hi)."""
        return self[bisect.bisect_left(self.starts, lo):bisect.bisect_left(self.starts, hi)]


def _subject(text: str, s: int, e: int, qs: int, qe: int, subjects: _Subjects) -> str | None:
    after = [(a, n) for a, b, n in subjects.starting(qe, min(e, qe + 40))]
    if after and re.match(r"\s*(?:\w+\s+){0,2}?(?:from|of|belonging to|de|du|des)\s+(?:the\s+)?$", text[qe:after[0][0]]):
        return after[0][1]
    before = [(b, n) for a, b, n in subjects.starting(s, qs + 1) if b <= qs]
    if before:
        return max(before)[1]
    return after[0][1] if after else None
